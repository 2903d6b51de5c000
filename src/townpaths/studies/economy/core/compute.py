"""All indicators of every year from employment records (as ``Case.records("employment")`` gives
them: ``year``, ``area`` town|national, ``firm``, ``nace``, ``employees``). Pure."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from townpaths.studies.economy.core import indicators as I

Record = dict[str, Any]


def _sum_by(rows: list[Record], key: str) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for r in rows:
        unit = r.get(key)
        if unit:
            out[unit] += r["employees"]
    return {k: float(v) for k, v in out.items() if v > 0}


def year_indicators(town: list[Record], national: list[Record]) -> dict[str, Any]:
    """Indicators of one year. Concentration is over firms when the rows name firms, else over
    NACE sectors; variety and location quotients are over NACE codes."""
    firms, sectors = _sum_by(town, "firm"), _sum_by(town, "nace")
    out: dict[str, Any] = {"total_employees": float(sum(r["employees"] for r in town))}
    units, unit = (firms, "firm") if firms else (sectors, "sector")
    if units:
        out["concentration"] = {"unit": unit, **I.concentration(units, 2)}
    if sectors:
        out["variety"] = I.variety(sectors)
        out["largest_sector"] = min(sectors.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        reference = _sum_by(national, "nace")
        if reference:
            out["national_variety"] = I.variety(reference)
            out["location_quotients"] = I.location_quotients(sectors, reference)
    return out


def by_year(employment: list[Record]) -> dict[int, dict[str, Any]]:
    """``{year: indicators}`` for every year with town employment, in year order."""
    town: dict[int, list[Record]] = defaultdict(list)
    national: dict[int, list[Record]] = defaultdict(list)
    for r in employment:
        (national if r.get("area") == "national" else town)[r["year"]].append(r)
    return {y: year_indicators(town[y], national.get(y, [])) for y in sorted(town)}
