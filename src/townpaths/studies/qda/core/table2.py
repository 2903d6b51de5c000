"""Table 2 from coding: narratives per period x dominant/alternative, with the number of
interviewees per quadruple-helix sector who voiced each one and example quotes."""

from __future__ import annotations

from typing import Any

from townpaths.core.vocab import HELIX_SECTORS

UNASSIGNED = "unassigned"


def table2(
    narratives: list[dict[str, Any]],
    segments: list[dict[str, Any]],
    *,
    quotes: int = 2,
    sectors: tuple[str, ...] = HELIX_SECTORS,
) -> list[dict[str, Any]]:
    """``narratives``: dicts with ``period_no``, ``period_name``, ``status``, ``position``,
    ``text_en``, ``text_sl``, ``code_id``. ``segments``: dicts with ``code_id``, ``interviewee``
    (pseudonym or ``None``), ``sector``, ``quote`` (``text[start:end]``), ``interview``, ``start``.

    Returns one dict per period (by number) with ``dominant`` and ``alternative`` lists of
    narratives, each with ``segments`` (count), ``interviewees`` (distinct count), ``by_sector``
    (sector -> distinct interviewees, every sector present) and ``quotes`` (up to ``quotes``
    passages that do not overlap, from different interviewees first)."""
    by_code: dict[Any, list[dict[str, Any]]] = {}
    for s in segments:
        by_code.setdefault(s["code_id"], []).append(s)
    periods: dict[int, dict[str, Any]] = {}
    for n in sorted(narratives, key=lambda n: (n["period_no"], n["position"])):
        period = periods.setdefault(
            n["period_no"],
            {
                "period_no": n["period_no"],
                "period_name": n["period_name"],
                "period_name_sl": n.get("period_name_sl"),
                "dominant": [],
                "alternative": [],
            },
        )
        coded = sorted(
            by_code.get(n["code_id"], []) if n["code_id"] is not None else [],
            key=lambda s: (
                s["interviewee"] is None,
                s["interviewee"] or "",
                str(s["interview"]),
                s["start"],
                len(s["quote"]),
                s["quote"],
            ),
        )
        people: dict[str, str] = {}
        for s in coded:
            if s["interviewee"] is not None:
                people[s["interviewee"]] = s["sector"] or UNASSIGNED
        by_sector = dict.fromkeys(sectors, 0)
        for sector in people.values():
            by_sector[sector] = by_sector.get(sector, 0) + 1
        period.setdefault(n["status"], []).append(
            {
                "position": n["position"],
                "text_en": n["text_en"],
                "text_sl": n.get("text_sl"),
                "code_id": n["code_id"],
                "segments": len(coded),
                "interviewees": len(people),
                "by_sector": by_sector,
                "quotes": _quotes(coded, quotes),
            }
        )
    return [periods[k] for k in sorted(periods)]


def _quotes(coded: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` passages: one per interviewee first, never two that overlap in one transcript
    (two coders often code nearly the same passage)."""
    chosen: list[dict[str, Any]] = []
    spans: list[tuple[Any, int, int]] = []
    seen_people: set[Any] = set()
    for first_pass in (True, False):
        for s in coded:
            if len(chosen) >= limit:
                return chosen
            start, end = s["start"], s["start"] + len(s["quote"])
            if first_pass and (s["interviewee"] in seen_people or s["interviewee"] is None):
                continue
            if any(i == s["interview"] and a < end and start < b for i, a, b in spans):
                continue
            chosen.append(
                {"quote": " ".join(s["quote"].split()), "interviewee": s["interviewee"], "sector": s["sector"]}
            )
            spans.append((s["interview"], start, end))
            seen_people.add(s["interviewee"])
    return chosen
