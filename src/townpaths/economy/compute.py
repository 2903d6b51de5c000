"""All indicators of every year from employment records (as ``Case.records("employment")`` gives
them: ``year``, ``area`` town|national, ``firm``, ``nace``, ``employees``). Pure."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from townpaths.economy import indicators as I

Record = dict[str, Any]


def _sum_by(rows: list[Record], key: str) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for r in rows:
        if r.get(key):
            out[r[key]] += float(r["employees"])
    return {k: v for k, v in out.items() if v > 0}


def year_indicators(town: list[Record], national: list[Record]) -> dict[str, Any]:
    """Indicators of one year. Concentration is over firms when the rows name firms, else over
    NACE sectors; variety and location quotients are over NACE codes."""
    firms, sectors = _sum_by(town, "firm"), _sum_by(town, "nace")
    out: dict[str, Any] = {"total_employees": sum(float(r["employees"]) for r in town)}
    units, unit = (firms, "firm") if firms else (sectors, "sector")
    if units:
        out["concentration"] = {"unit": unit, "units": len(units), "top2_share": I.top_share(units, 2),
                                "top2": I.top_units(units, 2), "hhi": I.hhi(units),
                                "hhi_normalised": I.hhi_normalised(units)}
    if sectors:
        out["variety"] = I.variety(sectors)
        out["largest_sector"] = I.top_units(sectors, 1)[0]
        reference = _sum_by(national, "nace")
        if reference:
            out["national_variety"] = I.variety(reference)
            out["location_quotients"] = I.location_quotients(sectors, reference)
    return out


def by_year(employment: list[Record]) -> dict[int, dict[str, Any]]:
    """``{year: indicators}`` for every year with town employment, in year order."""
    years = sorted({r["year"] for r in employment if r.get("area", "town") == "town"})
    return {y: year_indicators([r for r in employment if r["year"] == y and r.get("area", "town") == "town"],
                               [r for r in employment if r["year"] == y and r.get("area") == "national"])
            for y in years}
