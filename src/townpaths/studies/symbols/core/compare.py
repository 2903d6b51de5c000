"""The symbol inventories of two or more towns side by side (pure): the share of each category and
type among a town's symbols, and the distributions of preservation and residents' attitude over
the symbols assessed on each scale.

Each town comes as a mapping: ``town`` (its slug), ``categories``, ``types``, ``symbols`` (rows as
:meth:`townpaths.cases.case.Case.records` gives them) and ``scales`` (the town's scales,
:func:`townpaths.studies.symbols.core.table1.scale_records`). Categories match across towns by
their key, types by their category's key and English name, scale levels by their key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from townpaths.core.comparison import SHARE, Comparison, Measure, Record
from townpaths.studies.symbols.core.vocab import Choice

Town = Mapping[str, Any]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _measures(
    rows: list[Record], prefix: str, label: str, *, share: str = "share", name: str = "name"
) -> tuple[Measure, ...]:
    """A share measure for every key that two or more towns have a share of."""
    by_key: dict[str, dict[str, float]] = {}
    names: dict[str, dict[str, str | None]] = {}
    for r in rows:
        if r.get(share) is None:
            continue
        by_key.setdefault(r["key"], {})[r["town"]] = r[share]
        names.setdefault(r["key"], {"en": r.get(f"{name}_en"), "sl": r.get(f"{name}_sl")})
    return tuple(
        Measure(f"{prefix}:{key}", label, SHARE, key, values=values, name=names[key])
        for key, values in by_key.items()
        if len(values) >= 2
    )


def categories(towns: Sequence[Town]) -> Comparison:
    """Symbols per category: the count and the share of the town's symbols."""
    rows: list[Record] = []
    for t in towns:
        category_of = {ty["id"]: ty["category_id"] for ty in t["types"]}
        counts = Counter(category_of.get(s["type_id"]) for s in t["symbols"])
        total = len(t["symbols"])
        for c in sorted(t["categories"], key=lambda c: c["position"]):
            n = counts.get(c["id"], 0)
            rows.append(
                {
                    "town": t["town"],
                    "key": c["key"],
                    "name_en": c["name_en"],
                    "name_sl": c.get("name_sl"),
                    "count": n,
                    "share": _share(n, total),
                }
            )
    return Comparison(
        key="symbols-categories",
        title="Symbols by category",
        columns=("town", "key", "name", "count", "share"),
        rows=tuple(rows),
        labels=("name",),
        values=("count", "share"),
        headers={"name": "Category", "count": "Symbols", "share": "Share of the town's symbols"},
        formats={"count": "count", "share": "share"},
        notes=(("Categories match across towns by their key.", {}),),
        measures=_measures(rows, "category", "share of the symbols in the category %(name)s"),
    )


def types(towns: Sequence[Town]) -> Comparison:
    """Symbols per type: the count and the share of the town's symbols."""
    rows: list[Record] = []
    for t in towns:
        cats = {c["id"]: c for c in t["categories"]}
        counts = Counter(s["type_id"] for s in t["symbols"])
        total = len(t["symbols"])
        order = sorted(t["types"], key=lambda ty: (cats[ty["category_id"]]["position"], ty["no"]))
        for ty in order:
            cat = cats[ty["category_id"]]
            n = counts.get(ty["id"], 0)
            rows.append(
                {
                    "town": t["town"],
                    "key": f"{cat['key']}/{' '.join(ty['name_en'].lower().split())}",
                    "category_en": cat["name_en"],
                    "category_sl": cat.get("name_sl"),
                    "name_en": ty["name_en"],
                    "name_sl": ty.get("name_sl"),
                    "count": n,
                    "share": _share(n, total),
                }
            )
    return Comparison(
        key="symbols-types",
        title="Symbols by type",
        columns=("town", "key", "category", "name", "count", "share"),
        rows=tuple(rows),
        labels=("category", "name"),
        values=("count", "share"),
        headers={"category": "Category", "name": "Type", "count": "Symbols", "share": "Share of the town's symbols"},
        formats={"count": "count", "share": "share"},
        notes=(("Types match across towns by their category and their English name.", {}),),
    )


def distribution(towns: Sequence[Town], scale: str) -> Comparison:
    """The symbols on each level of ``scale`` (``preservation`` or ``attitude``): the count and the
    share of the town's symbols assessed on it; the symbols not assessed are counted apart."""
    rows: list[Record] = []
    for t in towns:
        levels: list[Choice] = list(t["scales"][scale])
        counts = Counter(s.get(scale) for s in t["symbols"])
        assessed = sum(counts.get(c.key, 0) for c in levels)
        for c in levels:
            n = counts.get(c.key, 0)
            rows.append(
                {
                    "town": t["town"],
                    "key": c.key,
                    "name_en": c.label_en,
                    "name_sl": c.label_sl,
                    "count": n,
                    "share": _share(n, assessed),
                }
            )
        rows.append(
            {
                "town": t["town"],
                "key": "not-assessed",
                "name_en": "not assessed",
                "name_sl": "ni ocenjeno",
                "count": len(t["symbols"]) - assessed,
                "share": None,
            }
        )
    title = {"preservation": "Preservation of the symbols", "attitude": "Residents' attitude to the symbols"}[scale]
    label = {
        "preservation": "share of the assessed symbols preserved as %(name)s",
        "attitude": "share of the assessed symbols with residents' attitude %(name)s",
    }[scale]
    return Comparison(
        key=f"symbols-{scale}",
        title=title,
        columns=("town", "key", "name", "count", "share"),
        rows=tuple(rows),
        labels=("name",),
        values=("count", "share"),
        headers={"name": "Level", "count": "Symbols", "share": "Share of the assessed symbols"},
        formats={"count": "count", "share": "share"},
        notes=(("Levels match across towns by their key; the shares are of the symbols assessed on the scale.", {}),),
        measures=_measures([r for r in rows if r["key"] != "not-assessed"], scale, label),
    )


def compare(towns: Sequence[Town]) -> list[Comparison]:
    return [categories(towns), types(towns), distribution(towns, "preservation"), distribution(towns, "attitude")]
