"""Outputs of the register computed from records (as ``Case.records()`` returns them): the type x
period table, innovations per decade and the timeline points. Table 3 itself is
:func:`townpaths.synthesis.tables.table3` (accepted innovations, by year)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from townpaths.innovations.periods import contains, innovation_periods
from townpaths.innovations.typology import type_order
from townpaths.synthesis.tables import table3

Record = dict[str, Any]


def type_period_table(innovations: list[Record], periods: list[Record]) -> dict[str, Any]:
    """Counts of accepted innovations by type (rows) and period (columns). Periods may overlap,
    so a row's cells can sum to more than its total; ``unknown`` counts those without a year.

    Returns ``{"periods": [...], "rows": [{"type_en", "type_sl", "counts": [...], "unknown",
    "total"}], "totals": [...], "unknown": n, "total": n}``."""
    accepted = table3(innovations)
    cols = innovation_periods(periods)
    rows = []
    for kind in type_order(accepted):
        mine = [i for i in accepted if i["type_en"] == kind]
        rows.append({
            "type_en": kind,
            "type_sl": next((i.get("type_sl") for i in mine if i.get("type_sl")), None),
            "counts": [sum(contains(p, i["year"]) for i in mine) for p in cols],
            "unknown": sum(i["year"] is None for i in mine),
            "total": len(mine),
        })
    return {
        "periods": cols,
        "rows": rows,
        "totals": [sum(contains(p, i["year"]) for i in accepted) for p in cols],
        "unknown": sum(i["year"] is None for i in accepted),
        "total": len(accepted),
    }


def per_period(innovations: list[Record], periods: list[Record]) -> list[tuple[Record, int]]:
    """(period, number of accepted innovations whose year falls in it)."""
    accepted = table3(innovations)
    return [(p, sum(contains(p, i["year"]) for i in accepted)) for p in innovation_periods(periods)]


def per_decade(innovations: list[Record]) -> list[tuple[int | None, int]]:
    """(decade start year, count) for accepted innovations, every decade from the first to the last
    (empty decades as 0), then ``(None, n)`` for unknown years if any."""
    accepted = table3(innovations)
    counts = Counter((i["year"] // 10) * 10 for i in accepted if i["year"] is not None)
    out: list[tuple[int | None, int]] = []
    if counts:
        out = [(d, counts.get(d, 0)) for d in range(min(counts), max(counts) + 10, 10)]
    unknown = sum(i["year"] is None for i in accepted)
    if unknown:
        out.append((None, unknown))
    return out


def timeline_points(innovations: list[Record], lang: str = "en") -> tuple[list[tuple[int | None, str, str]],
                                                                           list[tuple[str, str]]]:
    """Points (year, type, label) and rows (type, label) for ``report.charts.timeline``."""
    accepted = table3(innovations)
    points = [(i["year"], i["type_en"], (i.get(f"name_{lang}") or i["name_en"])) for i in accepted]
    label = {}
    for i in accepted:
        label.setdefault(i["type_en"], (i.get(f"type_{lang}") or i["type_en"]))
    return points, [(t, label[t]) for t in type_order(accepted)]
