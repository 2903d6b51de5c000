"""Two or more towns of one database compared, study by study: each study that declares a
comparison (:class:`townpaths.studies.spec.CompareSpec`) reads the towns' rows and its pure core
compares them; the summaries of each pair of towns weigh the measures they return.

What a reader sees of each town: ``visible`` maps a town's slug to ``None`` (all of it: a reader with
a role in the town, the command line, the Python API) or to the town's public parts (a reader
without a role): a study's comparison then shows the town only when one of its
:attr:`~townpaths.studies.spec.CompareSpec.public` parts is public. A study shown for fewer than two
towns is left out, naming the towns it does not show. No comparison reads a confidential table.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from townpaths.comparison.summary import PairSummary, summaries
from townpaths.core.comparison import Comparison, Record
from townpaths.core.errors import InputError, TownpathsError
from townpaths.registry import Registry, default_registry
from townpaths.storage import Database
from townpaths.storage.models import Town
from townpaths.storage.records import TownRecords
from townpaths.storage.towns import find_town
from townpaths.studies.spec import LabelFn

#: Towns one comparison holds at most (every pair gets a summary).
MAX_TOWNS = 8
MIN_TOWNS = 2


@dataclass(frozen=True)
class TownInfo:
    """A compared town as the comparison names it."""

    slug: str
    name: str
    name_sl: str | None
    country: str | None
    languages: tuple[str, ...]
    population: int | None
    population_year: int | None

    def label(self, lang: str) -> str:
        return self.name_sl if lang == "sl" and self.name_sl else self.name

    @classmethod
    def of(cls, town: Town) -> TownInfo:
        return cls(
            town.slug,
            town.name,
            town.name_sl,
            town.country,
            tuple(town.languages or ()),
            town.population,
            town.population_year,
        )


@dataclass(frozen=True)
class StudySection:
    """One study's comparisons: ``towns`` compared, ``hidden`` the towns the reader may not see
    there (a section with fewer than two towns has no comparisons)."""

    study: str
    title: str
    towns: tuple[str, ...]
    hidden: tuple[str, ...]
    comparisons: tuple[Comparison, ...]


@dataclass(frozen=True)
class ComparisonResult:
    """Towns compared: their names, each study's comparisons, and the summary of each pair."""

    towns: tuple[TownInfo, ...]
    sections: tuple[StudySection, ...]
    summaries: tuple[PairSummary, ...]
    by_slug: Mapping[str, TownInfo] = field(default_factory=dict)

    @property
    def comparisons(self) -> list[Comparison]:
        return [c for s in self.sections for c in s.comparisons]

    def comparison(self, key: str) -> Comparison:
        found = next((c for c in self.comparisons if c.key == key), None)
        if found is None:
            raise KeyError(key)
        return found

    def town(self, slug: str) -> TownInfo:
        return self.by_slug[slug]


class ComparedTown(TownRecords):
    """One town's rows as a study's comparison reads them: each table read once, never a
    confidential one."""

    def __init__(self, db: Database, town: Town, registry: Registry) -> None:
        super().__init__(db, town)
        self.registry = registry
        self._confidential = registry.confidential()
        self._read: dict[tuple[str, tuple[str, ...] | None], list[Record]] = {}

    def records(
        self,
        table: str,
        *,
        with_content: bool = False,
        offset: int = 0,
        limit: int | None = None,
        max_chars: int | None = None,
        ids: Collection[int] | None = None,
        columns: Sequence[str] | None = None,
    ) -> list[Record]:
        if table in self._confidential:
            raise TownpathsError(f"a comparison of towns never reads the confidential table {table!r}")
        if with_content or offset or limit is not None or max_chars is not None or ids is not None:
            return super().records(
                table,
                with_content=with_content,
                offset=offset,
                limit=limit,
                max_chars=max_chars,
                ids=ids,
                columns=columns,
            )
        key = (table, None if columns is None else tuple(columns))
        if key not in self._read:
            self._read[key] = super().records(table, columns=columns)
        return self._read[key]

    def labels(self) -> Mapping[str, LabelFn]:
        return self.registry.labels()

    def anchored(self) -> frozenset[str]:
        return self.registry.anchored()


def check_towns(towns: Sequence[str]) -> list[str]:
    """The towns asked for: two to :data:`MAX_TOWNS`, none twice (checked before any work)."""
    names = [t.strip() for t in towns if t.strip()]
    if len(names) < MIN_TOWNS:
        raise InputError(f"compare at least {MIN_TOWNS} towns", field="towns", value=", ".join(names))
    if len(names) > MAX_TOWNS:
        raise InputError(f"compare at most {MAX_TOWNS} towns at once", field="towns", value=", ".join(names))
    seen = [n.lower() for n in names]
    twice = sorted({n for n in seen if seen.count(n) > 1})
    if twice:
        raise InputError("a town is named twice", field="towns", value=", ".join(twice))
    return names


def may_see(public: Collection[str], parts: Collection[str] | None) -> bool:
    """Does a reader who sees ``parts`` of a town (None: all of it) see a comparison shown by any of
    the ``public`` parts?"""
    return parts is None or bool(set(public) & set(parts))


def compare_towns(
    db: Database,
    towns: Sequence[str],
    *,
    registry: Registry | None = None,
    visible: Mapping[str, Collection[str] | None] | None = None,
) -> ComparisonResult:
    """Compare ``towns`` (slugs or names) of ``db``, every study that declares a comparison, in the
    method's order. ``visible``: what the reader sees of each town, by slug (default: everything)."""
    registry = registry or default_registry()
    names = check_towns(towns)
    found = [find_town(db, name) for name in names]
    slugs = [t.slug for t in found]
    if len(set(slugs)) < len(slugs):
        raise InputError("a town is named twice", field="towns", value=", ".join(names))
    readers = {t.slug: ComparedTown(db, t, registry) for t in found}
    parts = dict(visible or {})
    sections = []
    for study in registry.comparisons():
        assert study.compare is not None
        shown = [s for s in slugs if may_see(study.compare.public, parts.get(s))]
        hidden = tuple(s for s in slugs if s not in shown)
        comparisons: tuple[Comparison, ...] = ()
        if len(shown) >= MIN_TOWNS:
            comparisons = tuple(study.compare.build([readers[s] for s in shown]))
        title = study.compare.title or study.title
        sections.append(StudySection(study.name, title, tuple(shown), hidden, comparisons))
    infos = tuple(TownInfo.of(t) for t in found)
    every = [c for s in sections for c in s.comparisons]
    return ComparisonResult(infos, tuple(sections), tuple(summaries(slugs, every)), {t.slug: t for t in infos})
