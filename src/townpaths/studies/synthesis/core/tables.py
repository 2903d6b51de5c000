"""The synthesis tables computed from plain records (no I/O): Table 2 (narratives by period),
Table 4 (problems in consensus order), Figure 8 (problem -> solution) and the evidence.

Each function takes lists of dicts (as :meth:`townpaths.cases.case.Case.records` returns them) and
returns plain data ready for a template, a CSV or JSON.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from townpaths.core.vocab import HELIX_SECTORS, is_fictional

Record = dict[str, Any]

SECTOR_ORDER = HELIX_SECTORS


def table2(periods: list[Record], narratives: list[Record]) -> list[Record]:
    """Narratives by period x dominant/alternative (periods of the ``narratives`` scheme)."""
    rows = []
    for period in sorted((p for p in periods if p["scheme"] == "narratives"), key=lambda p: p["no"]):
        mine = sorted((n for n in narratives if n["period_id"] == period["id"]), key=lambda n: n["position"])
        rows.append(
            {
                **period,
                "dominant": [n for n in mine if n["status"] == "dominant"],
                "alternative": [n for n in mine if n["status"] == "alternative"],
            }
        )
    return rows


def interviewees_by_sector(interviewees: list[Record]) -> list[tuple[str, int]]:
    counts = Counter(i["sector"] for i in interviewees if not is_fictional(i))
    order = list(SECTOR_ORDER) + sorted(set(counts) - set(SECTOR_ORDER))
    return [(s, counts[s]) for s in order if counts[s]]


def table4(problems: list[Record]) -> list[Record]:
    """Problems in consensus order (1 = most pressing); unranked problems follow by position."""
    return sorted(problems, key=lambda p: (p["rank"] is None, p["rank"] or 0, p["position"]))


#: How each kind of workshop round is named in the note on the ranking (msgids).
ROUND_WORDS = {"individual": "each alone", "pair": "in pairs", "group": "in groups", "plenary": "all together"}


def ranking_note(problems: list[Record], workshops: list[Record], rounds: list[Record]) -> tuple[str, dict[str, Any]]:
    """How the ranks of Table 4 were made, from the case's own records, as ``(kind, details)``:
    ``("workshop", {"title", "rounds"})`` when the ranked problems come from a workshop of the case
    (its rounds in order), ``("study", {})`` when the study states the ranks (ranked by its
    workshop in rounds: the method's procedure), ``("ranks", {})`` for ranks entered otherwise,
    ``("", {})`` when nothing is ranked."""
    ranked = [p for p in problems if p.get("rank") is not None]
    if not ranked:
        return "", {}
    ids = {int(p["workshop_id"]) for p in ranked if p.get("workshop_id") is not None}
    if ids:
        wid = min(ids)
        title = next((w.get("title") or "" for w in workshops if w["id"] == wid), "")
        kinds = [r["kind"] for r in sorted((r for r in rounds if r["workshop_id"] == wid), key=lambda r: r["no"])]
        return "workshop", {"title": title, "rounds": kinds}
    if all(p.get("provenance") in (None, "study") for p in ranked):
        return "study", {}
    return "ranks", {}


def figure8(problems: list[Record], solutions: list[Record]) -> list[Record]:
    """Each solution with the problem it answers, in the problems' rank order."""
    by_id = {p["id"]: p for p in problems}
    pairs = [{"problem": by_id[s["problem_id"]], "solution": s} for s in solutions]
    return sorted(pairs, key=lambda x: (x["problem"]["rank"] is None, x["problem"]["rank"] or 0, x["solution"]["id"]))


def evidence(items: list[Record], links: list[Record], records: dict[str, list[Record]]) -> dict[str, list[Record]]:
    """Evidence items by kind, each with the records it rests on (``table``, ``record``)."""
    index = {(table, r["id"]): r for table, rows in records.items() for r in rows}
    by_item: dict[int, list[Record]] = defaultdict(list)
    for link in links:
        record = index.get((link["record_table"], link["record_id"]))
        by_item[link["evidence_id"]].append({"table": link["record_table"], "id": link["record_id"], "record": record})
    out: dict[str, list[Record]] = {"lock_in": [], "path_renewal": []}
    for item in sorted(items, key=lambda e: e["position"]):
        out.setdefault(item["kind"], []).append({**item, "links": by_item.get(item["id"], [])})
    return out
