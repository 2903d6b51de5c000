"""Outputs of the register computed from records (as ``Case.records()`` returns them): the type x
period table, innovations per decade and the timeline points, and Table 3 itself (accepted
innovations by year)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from townpaths.studies.innovations.core.periods import contains, innovation_periods
from townpaths.studies.innovations.core.typology import type_order

Record = dict[str, Any]


def table3(innovations: list[Record]) -> list[Record]:
    """Accepted innovations by year (unknown years last), keeping the register's numbering."""
    accepted = [i for i in innovations if i.get("status", "accepted") == "accepted"]
    return sorted(accepted, key=lambda i: (i["year"] is None, i["year"] or 0, i.get("no") or 0, i["id"]))


def innovation_types(innovations: list[Record]) -> list[tuple[str, int]]:
    counts = Counter(i["type_en"] for i in table3(innovations))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


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
        rows.append(
            {
                "type_en": kind,
                "type_sl": next((i.get("type_sl") for i in mine if i.get("type_sl")), None),
                "counts": [sum(contains(p, i["year"]) for i in mine) for p in cols],
                "unknown": sum(i["year"] is None for i in mine),
                "total": len(mine),
            }
        )
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


def timeline_points(
    innovations: list[Record], lang: str = "en"
) -> tuple[list[tuple[int | None, str, str]], list[tuple[str, str]]]:
    """Points (year, type, label) and rows (type, label) for ``report.charts.timeline``."""
    accepted = table3(innovations)
    points = [(i["year"], i["type_en"], (i.get(f"name_{lang}") or i["name_en"])) for i in accepted]
    label: dict[str, str] = {}
    for i in accepted:
        label.setdefault(i["type_en"], (i.get(f"type_{lang}") or i["type_en"]))
    return points, [(t, label[t]) for t in type_order(accepted)]
