"""The economies of two or more towns side by side (pure), on the same NACE level: the share of the
two largest employers (or sectors), the Herfindahl-Hirschman index, total, related and unrelated
variety, and the location quotients of the largest sectors, by year.

Each town comes as a mapping: ``town`` (its slug) and ``employment`` (rows as the case API gives
them: ``year``, ``area`` town|national, ``firm``, ``nace``, ``employees``).

The same NACE level. A town's level is the coarsest level its codes are written at: a section
(a letter, ``C``), a division (2 digits, ``27``), a group (3, ``27.5``) or a class (4, ``27.51``).
The towns are compared at the coarsest level of them all: finer codes are summed into their
division, group or section (a division's section from the NACE Rev. 2 structure), so a town that
writes classes and a town that writes divisions are both compared by division. Related variety needs
codes finer than divisions: at the division or section level it is 0 by definition.

Years. Every year of every town is listed; the summaries weigh the latest year that every town with
employment has.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from townpaths.core.comparison import RELATIVE, ROWS, SHARE, Comparison, Measure, Note, Record
from townpaths.studies.economy.core import indicators as I

Town = Mapping[str, Any]
#: NACE levels by the digits their codes have (0: a section letter).
LEVELS = {0: "section", 2: "division", 3: "group", 4: "class"}
#: The NACE Rev. 2 sections by their divisions (first and last division of each).
SECTIONS = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
#: How each level is named in the note under the table.
LEVEL_NOTES = {
    0: "Compared by NACE section (a letter).",
    2: "Compared by NACE division (2 digits).",
    3: "Compared by NACE group (3 digits).",
    4: "Compared by NACE class (4 digits).",
}
#: Location quotients are listed for the largest sectors of each town in each year.
LQ_SECTORS = 5
_LETTER = re.compile(r"^\s*([A-Za-z])")


@lru_cache(maxsize=4096)
def level_of(code: str) -> int:
    """The NACE level of a code: the number of its digits (at most 4), 0 for a section letter."""
    digits = len(re.sub(r"\D", "", code))
    return min(digits, 4) if digits >= 2 else 0


@lru_cache(maxsize=4096)
def section_of(code: str) -> str | None:
    """The section letter of a code (its own letter, else its division's section)."""
    letter = _LETTER.match(code)
    if letter is not None and not re.sub(r"\D", "", code):
        return letter.group(1).upper()
    digits = re.sub(r"\D", "", code)
    if len(digits) >= 2:
        division = int(digits[:2])
        return next((s for s, first, last in SECTIONS if first <= division <= last), None)
    return letter.group(1).upper() if letter is not None else None


@lru_cache(maxsize=16384)
def at_level(code: str, level: int) -> str | None:
    """``code`` written at ``level`` (coarser or the same): ``27.51`` at 2 is ``27``, at 3 ``27.5``,
    at 0 ``C``. None for a code coarser than ``level`` or without a section."""
    if level == 0:
        return section_of(code)
    digits = re.sub(r"\D", "", code)
    if len(digits) < level:
        return None
    return digits[:2] + (f".{digits[2:level]}" if level > 2 else "")


def town_level(employment: Sequence[Record]) -> int | None:
    """The coarsest level of the town's codes (None without any code)."""
    codes = {r["nace"] for r in employment if r.get("area") != "national" and r.get("nace")}
    return min(level_of(c) for c in codes) if codes else None


def _sum(rows: Sequence[Record], key: str, level: int | None = None) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for r in rows:
        unit = r.get(key)
        if unit and level is not None:
            unit = at_level(unit, level)
        if unit:
            out[unit] += r["employees"]
    return {k: v for k, v in out.items() if v > 0}


def year_row(
    town: str, year: int, rows: Sequence[Record], level: int, sectors: Mapping[str, float] | None = None
) -> Record:
    """One town's indicators of one year at ``level`` (``sectors``: its employment by sector at that
    level, when already summed)."""
    firms = _sum(rows, "firm")
    sectors = _sum(rows, "nace", level) if sectors is None else sectors
    units, unit = (firms, "firm") if firms else (sectors, "sector")
    row: Record = {
        "town": town,
        "key": str(year),
        "year": year,
        "level": LEVELS[level],
        "employees": float(sum(r["employees"] for r in rows)),
        "unit": unit if units else None,
        "top2_share": None,
        "hhi": None,
        "hhi_normalised": None,
        "variety": None,
        "related_variety": None,
        "unrelated_variety": None,
    }
    if units:
        c = I.concentration(units, 2)
        row.update(top2_share=c["top2_share"], hhi=c["hhi"], hhi_normalised=c["hhi_normalised"])
    if sectors:
        v = I.variety(sectors)
        row.update(variety=v["total"], related_variety=v["related"], unrelated_variety=v["unrelated"])
    return row


def _split(employment: Sequence[Record]) -> tuple[dict[int, list[Record]], dict[int, list[Record]]]:
    town: dict[int, list[Record]] = defaultdict(list)
    national: dict[int, list[Record]] = defaultdict(list)
    for r in employment:
        (national if r.get("area") == "national" else town)[r["year"]].append(r)
    return town, national


def common_level(towns: Sequence[Town]) -> int | None:
    levels = [lv for t in towns if (lv := town_level(t["employment"])) is not None]
    return min(levels) if levels else None


def indicators(towns: Sequence[Town]) -> tuple[Comparison, Comparison]:
    """The indicators by year and the location quotients, both at the towns' common level."""
    level = common_level(towns)
    rows: list[Record] = []
    lq_rows: list[Record] = []
    finer = [
        t["town"] for t in towns if (lv := town_level(t["employment"])) is not None and level is not None and lv > level
    ]
    for t in towns:
        by_year, national = _split(t["employment"])
        for year in sorted(by_year):
            if level is None:
                continue
            sectors = _sum(by_year[year], "nace", level)
            rows.append(year_row(t["town"], year, by_year[year], level, sectors))
            reference = _sum(national.get(year, []), "nace", level)
            if sectors and reference:
                lq = I.location_quotients(sectors, reference)
                largest = sorted(sectors, key=lambda k: (-sectors[k], k))[:LQ_SECTORS]
                for sector in largest:
                    lq_rows.append(
                        {
                            "town": t["town"],
                            "key": f"{t['town']}/{year}/{sector}",
                            "year": year,
                            "sector": sector,
                            "employees": sectors[sector],
                            "lq": lq[sector],
                        }
                    )
    notes: list[Note] = []
    if level is not None:
        notes.append((LEVEL_NOTES[level], {}))
        if finer:
            notes.append(("Codes summed into that level for: %(towns)s.", {"towns": ", ".join(finer)}))
        if level <= 2:
            notes.append(("Related variety is 0 at this level: it needs codes finer than divisions.", {}))
    else:
        notes.append(("No town has employment by NACE code.", {}))
    units = {r["unit"] for r in rows if r["unit"]}
    if len(units) > 1:
        notes.append(
            (
                "Concentration is over firms where a town names them, else over "
                "sectors: compare it only between towns with the same unit.",
                {},
            )
        )
    measures = _measures(rows, same_unit=len(units) <= 1)
    years = sorted({r["year"] for r in rows})
    common = _common_year(rows)
    if years:
        notes.append(
            ("The summaries weigh %(year)s, the latest year of every town with employment.", {"year": common})
            if common is not None
            else (
                "No year is in the data of every town with employment: the summaries weigh no economic indicator.",
                {},
            )
        )
    table = Comparison(
        key="economy-indicators",
        title="Concentration and variety of employment",
        columns=(
            "town",
            "key",
            "year",
            "level",
            "employees",
            "unit",
            "top2_share",
            "hhi",
            "hhi_normalised",
            "variety",
            "related_variety",
            "unrelated_variety",
        ),
        rows=tuple(rows),
        labels=("year",),
        values=("employees", "unit", "top2_share", "hhi", "variety", "related_variety", "unrelated_variety"),
        headers={
            "year": "Year",
            "level": "NACE level",
            "employees": "Employees",
            "unit": "Concentration over",
            "top2_share": "Share of the two largest",
            "hhi": "HHI",
            "hhi_normalised": "HHI (normalised)",
            "variety": "Total variety",
            "related_variety": "Related variety",
            "unrelated_variety": "Unrelated variety",
        },
        formats={
            "year": "year",
            "employees": "count",
            "top2_share": "share",
            "hhi": "coefficient",
            "hhi_normalised": "coefficient",
            "variety": "coefficient",
            "related_variety": "coefficient",
            "unrelated_variety": "coefficient",
        },
        notes=tuple(notes),
        measures=measures,
    )
    quotients = Comparison(
        key="economy-lq",
        title="Location quotients of the largest sectors",
        columns=("town", "key", "year", "sector", "employees", "lq"),
        rows=tuple(lq_rows),
        layout=ROWS,
        headers={
            "town": "Town",
            "year": "Year",
            "sector": "Sector",
            "employees": "Employees",
            "lq": "Location quotient",
        },
        formats={"year": "year", "employees": "count", "lq": "coefficient"},
        notes=(
            (
                "The %(n)s largest sectors of each town in each year with "
                "a national reference, against the national shares.",
                {"n": LQ_SECTORS},
            ),
        ),
    )
    return table, quotients


def _common_year(rows: Sequence[Record]) -> int | None:
    """The latest year every town with employment has (towns without any are left out)."""
    years: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        years[r["town"]].add(r["year"])
    if len(years) < 2:
        return None
    common = set.intersection(*years.values())
    return max(common) if common else None


def _measures(rows: Sequence[Record], *, same_unit: bool) -> tuple[Measure, ...]:
    year = _common_year(rows)
    if year is None:
        return ()
    mine = [r for r in rows if r["year"] == year]
    out = []
    wanted = [
        ("top2_share", "share of employment of the two largest employers or sectors in %(name)s", SHARE, same_unit),
        ("hhi", "Herfindahl-Hirschman index of employment in %(name)s", SHARE, same_unit),
        ("variety", "total variety of employment in %(name)s", RELATIVE, True),
        ("unrelated_variety", "unrelated variety of employment in %(name)s", RELATIVE, True),
        ("related_variety", "related variety of employment in %(name)s", RELATIVE, True),
    ]
    for column, label, scale, usable in wanted:
        values = {r["town"]: r[column] for r in mine if r[column] is not None}
        if usable and len(values) >= 2:
            out.append(
                Measure(
                    f"economy:{column}", label, scale, str(year), values=values, name={"en": str(year), "sl": str(year)}
                )
            )
    return tuple(out)


def compare(towns: Sequence[Town]) -> list[Comparison]:
    return list(indicators(towns))
