"""The registry of studies: every study's declaration, collected once.

The bundle, the case API, the report, the web shell, the CLI and the synthesis ask the registry
which tables, pages, commands, report sections, export formats and default data exist; nothing
lists them by hand elsewhere. The built-in studies are named in :data:`BUILTIN`; a package of
another project registers more through the ``townpaths.studies`` entry-point group (the entry
point is the :class:`~townpaths.studies.spec.Study` object), or a program builds its own
``Registry([...])``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from functools import cached_property, lru_cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from sqlalchemy.sql.util import sort_tables

from townpaths.core.errors import NotFound, TownpathsError
from townpaths.studies.spec import Authoring, ExportFormat, LabelFn, Page, ReportSection, Study, TableSpec

if TYPE_CHECKING:
    from sqlalchemy import Table

#: Modules holding the built-in studies' ``STUDY`` descriptors, in the method's order.
BUILTIN = (
    "townpaths.studies.symbols.study",
    "townpaths.studies.documents.study",
    "townpaths.studies.qda.study",
    "townpaths.studies.innovations.study",
    "townpaths.studies.sustainability.study",
    "townpaths.studies.economy.study",
    "townpaths.studies.workshop.study",
    "townpaths.studies.synthesis.study",
)
ENTRY_POINT_GROUP = "townpaths.studies"


class Registry:
    """An ordered set of studies and everything they declare."""

    def __init__(self, studies: Iterable[Study]) -> None:
        ordered = sorted(studies, key=lambda s: (s.order, s.name))
        names = [s.name for s in ordered]
        if len(set(names)) != len(names):
            raise TownpathsError(f"two studies share a name: {', '.join(sorted(names))}")
        self.studies: tuple[Study, ...] = tuple(ordered)

    def __repr__(self) -> str:
        return f"<Registry {', '.join(s.name for s in self.studies)}>"

    def with_studies(self, *studies: Study) -> Registry:
        """A new registry with ``studies`` added (e.g. a plug-in, or a toy study in a test)."""
        return Registry((*self.studies, *studies))

    def study(self, name: str) -> Study:
        for s in self.studies:
            if s.name == name:
                return s
        raise NotFound(f"unknown study {name!r} (studies: {', '.join(s.name for s in self.studies)})")

    # --- tables -----------------------------------------------------------------------------------

    @cached_property
    def table_specs(self) -> dict[str, TableSpec]:
        """Every case table by name, in the studies' order."""
        specs: dict[str, TableSpec] = {}
        for study in self.studies:
            for spec in study.tables:
                if spec.name in specs:
                    raise TownpathsError(f"table {spec.name!r} is declared by two studies")
                specs[spec.name] = spec
        return specs

    @cached_property
    def tables(self) -> list[Table]:
        """Every case table in foreign-key order (parents first), as bundles write and load them."""
        return list(sort_tables([s.table for s in self.table_specs.values()]))

    def table(self, name: str) -> Table:
        spec = self.table_specs.get(name)
        if spec is None:
            raise NotFound(f"unknown table {name!r} (tables: {', '.join(self.table_specs)})")
        return spec.table

    def owner(self, table: str) -> Study:
        """The study that declares ``table``."""
        for study in self.studies:
            if any(spec.name == table for spec in study.tables):
                return study
        raise NotFound(f"unknown table {table!r}")

    def labels(self) -> Mapping[str, LabelFn]:
        """How to label a row of each table that has a label (used by evidence links)."""
        return {name: spec.label for name, spec in self.table_specs.items() if spec.label is not None}

    def anchored(self) -> frozenset[str]:
        return frozenset(name for name, spec in self.table_specs.items() if spec.anchored)

    def confidential(self) -> frozenset[str]:
        return frozenset(name for name, spec in self.table_specs.items() if spec.confidential)

    def overview_tables(self) -> list[str]:
        return [name for name, spec in self.table_specs.items() if spec.overview]

    # --- authoring ---------------------------------------------------------------------------------

    def authoring(self, table: str) -> Authoring:
        """How people author ``table`` (:class:`NotFound` for a table without a declaration)."""
        spec = self.table_specs.get(table)
        if spec is None or spec.authoring is None:
            raise NotFound(f"unknown table {table!r} (tables people write: {', '.join(self.authorable())})")
        return spec.authoring

    @cached_property
    def _keyed(self) -> dict[str, Authoring]:
        declared = {name: spec.authoring for name, spec in self.table_specs.items() if spec.authoring is not None}
        needs = {
            name: (
                {r.table for r in auth.references}
                | {fk.column.table.name for fk in self.table(name).foreign_keys}
                | (set(declared) if auth.links is not None else set())
            )
            & (set(declared) - {name})
            for name, auth in declared.items()
        }
        ordered: list[str] = []
        while len(ordered) < len(declared):  # the studies' order, each table after those it needs
            ready = [n for n in declared if n not in ordered and needs[n] <= set(ordered)]
            if not ready:
                raise TownpathsError(f"tables need each other: {sorted(set(declared) - set(ordered))}")
            ordered.append(ready[0])
        return {name: declared[name] for name in ordered}

    def keyed(self) -> dict[str, Authoring]:
        """Every table with a natural key (authorable or only referred to): the studies' order,
        each table after the tables it refers to (a table with links to any record comes last)."""
        return dict(self._keyed)

    def authorable(self) -> list[str]:
        """The tables people write in files and forms, in foreign-key order (a table comes after
        the tables it refers to, so importing in this order always finds what a row names)."""
        return [name for name, auth in self.keyed().items() if auth.editable]

    # --- pages, commands, report, exports, defaults -----------------------------------------------

    def pages(self) -> list[Page]:
        return [page for s in self.studies for page in s.pages]

    def web_modules(self) -> list[str]:
        return [m for s in self.studies for m in s.web]

    def cli_modules(self) -> list[str]:
        return [m for s in self.studies for m in s.cli]

    def report_sections(self) -> list[ReportSection]:
        return sorted((r for s in self.studies for r in s.report), key=lambda r: (r.order, r.key))

    def exports(self) -> dict[str, ExportFormat]:
        """Every export format by name (``study.format``)."""
        return {f"{s.name}.{f.name}": f for s in self.studies for f in s.exports}

    def export_format(self, name: str) -> ExportFormat:
        formats = self.exports()
        if name not in formats:
            raise NotFound(f"unknown export format {name!r} (formats: {', '.join(formats)})")
        return formats[name]

    def template_folders(self) -> list[tuple[str, str]]:
        """(package, folder) of every study's templates."""
        out = []
        for s in self.studies:
            for ref in s.templates:
                package, _, folder = ref.partition(":")
                out.append((package, folder or "templates"))
        return out

    def comparisons(self) -> list[Study]:
        """Studies that compare towns, in the method's order."""
        return [s for s in self.studies if s.compare is not None]

    def defaults(self) -> list[Study]:
        """Studies that give a new town the method's defaults, in order."""
        return [s for s in self.studies if s.defaults is not None]

    def seeds(self) -> list[Study]:
        """Studies that add default data to the shipped Velenje case, in order."""
        return [s for s in self.studies if s.seed_velenje is not None]


def load_study(module: str) -> Study:
    """The ``STUDY`` of a descriptor module."""
    study = getattr(importlib.import_module(module), "STUDY", None)
    if not isinstance(study, Study):
        raise TownpathsError(f"{module} has no STUDY descriptor")
    return study


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The built-in studies plus those installed packages register as entry points."""
    studies = [load_study(m) for m in BUILTIN]
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        study = ep.load()
        if not isinstance(study, Study):
            raise TownpathsError(f"entry point {ep.name!r} of {ENTRY_POINT_GROUP} is not a Study")
        studies.append(study)
    return Registry(studies)
