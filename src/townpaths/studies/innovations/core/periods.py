"""Periods of innovation (configurable, may overlap). An innovation falls in every period its
year of emergence touches, both boundary years included; with an unknown year it falls in none."""

from __future__ import annotations

from typing import Any

Record = dict[str, Any]

SCHEME = "innovations"

#: The study's four partly overlapping periods (no, English, Slovene, start, end or None = open).
DEFAULT_PERIODS: tuple[tuple[int, str, str, int, int | None], ...] = (
    (1, "socialism", "socializem", 1945, 1991),
    (2, "environmental crisis of the 1980s", "okoljska kriza v 80. letih", 1980, 1989),
    (3, "transition after 1991 and EU entry", "tranzicija po letu 1991 in vstop v EU", 1991, 2008),
    (4, "after the 2008 crisis", "po krizi leta 2008", 2008, None),
)


def default_periods() -> list[Record]:
    return [
        {
            "scheme": SCHEME,
            "no": no,
            "name_en": en,
            "name_sl": sl,
            "start_year": start,
            "end_year": end,
            "open_ended": end is None,
        }
        for no, en, sl, start, end in DEFAULT_PERIODS
    ]


def innovation_periods(periods: list[Record]) -> list[Record]:
    """The periods of the ``innovations`` scheme, by number."""
    return sorted((p for p in periods if p.get("scheme", SCHEME) == SCHEME), key=lambda p: p["no"])


def contains(period: Record, year: int | None) -> bool:
    if year is None:
        return False
    start, end = period.get("start_year"), period.get("end_year")
    if start is not None and year < start:
        return False
    return end is None or bool(period.get("open_ended")) or year <= end


def periods_of(innovation: Record, periods: list[Record]) -> list[Record]:
    """Every period the innovation's year touches (overlaps give several)."""
    return [p for p in innovation_periods(periods) if contains(p, innovation.get("year"))]


def check_period(no: int, start: int | None, end: int | None, open_ended: bool = False) -> list[str]:
    """Problems with a period definition (empty list when fine)."""
    problems = []
    if start is None:
        problems.append(f"period {no}: a start year is required")
    if end is None and not open_ended:
        problems.append(f"period {no}: give an end year or mark it open-ended")
    if start is not None and end is not None and end < start:
        problems.append(f"period {no}: end year {end} is before start year {start}")
    return problems
