"""The end of a workshop: its result is stored as a ranking run of the town (method, date, people
by sector, the consensus with its ties, Kendall's W, the solutions of its worksheets), beside the
study's findings, which it never changes. :func:`end_preview` shows the facilitator what ending
will save before they confirm.

Each function takes a :class:`Database` and runs one ``db.transaction()``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from townpaths.storage import Database
from townpaths.storage.models import Workshop, WorkshopGroup, WorkshopParticipant, WorkshopRound
from townpaths.studies.workshop.core import plan, runs, tally, worksheet
from townpaths.studies.workshop.service.runs import add_run
from townpaths.studies.workshop.service.store import (
    add_event,
    ballot_rows,
    get_workshop,
    item_dict,
    item_ids,
    items_of,
    rounds_of,
    sheet_ideas,
)


def _results(s: Session, w: Workshop, rounds: list[WorkshopRound]) -> dict[int, dict[str, Any]]:
    """Each ranking round's consensus: the stored one of a closed round, the live one of the open round."""
    out = {}
    for r in rounds:
        if r.kind not in plan.RANKING_KINDS or r.status == "pending":
            continue
        out[r.no] = (
            {"size": r.result.get("size", 1), **tally.consensus(item_ids(w), ballot_rows(s, r.id), w.method)}
            if r.status == "open"
            else r.result
        )
    return out


def _run_of(s: Session, w: Workshop, rounds: list[WorkshopRound]) -> dict[str, Any]:
    """What the workshop's run holds (nothing written)."""
    results = _results(s, w, rounds)
    final_no = next((no for no in sorted(results, reverse=True) if results[no].get("tiers")), None)
    final = results[final_no] if final_no is not None else {}
    items = [item_dict(i) for i in items_of(s, w)]
    position = {i["id"]: i["position"] for i in items}
    texts = {i["id"]: i["text_en"] for i in items}
    solutions = []
    sheet_round = next((r for r in rounds if r.kind == "worksheet" and r.status != "pending"), None)
    if sheet_round is not None:
        for g in s.scalars(
            select(WorkshopGroup).where(WorkshopGroup.round_id == sheet_round.id).order_by(WorkshopGroup.id)
        ):
            if g.item_id not in position:
                continue
            found = worksheet.solution(position[g.item_id], texts[g.item_id], g.sheet, sheet_ideas(s, g.id))
            if found is not None:
                solutions.append(found)
    sectors = runs.sector_counts(
        s.scalars(select(WorkshopParticipant.sector).where(WorkshopParticipant.workshop_id == w.id))
    )
    return {
        "name": w.title,
        "method": w.method,
        "held_on": w.held_on,
        "round": final_no,
        "ballots": int(final.get("count") or 0),
        "sectors": sectors,
        "kendall_w": final.get("kendall_w"),
        "items": [i.to_dict() for i in runs.run_items(items, final.get("tiers") or [])],
        "solutions": solutions,
    }


def end_preview(db: Database, workshop_id: int) -> dict[str, Any]:
    """What ending the workshop saves as its run: the ranking of its last ranking round with a
    result (the open round's as it stands), the people by sector, Kendall's W and the solutions."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        return _run_of(s, w, rounds_of(s, w.id))


def end_workshop(db: Database, workshop_id: int) -> int:
    """End the workshop (its room code stops working), close the open round, and store its result
    as a ranking run of the town (:func:`end_preview` shows it first). The case's problems and
    solutions, the study's Table 4 and Figure 8, are not touched."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        if w.status == "ended":
            raise plan.StateError("the workshop has already ended")
        rounds = rounds_of(s, w.id)
        for r in rounds:
            if r.status == "open":
                if r.kind in plan.RANKING_KINDS:
                    r.result = {
                        "size": r.result.get("size", 1),
                        **tally.consensus(item_ids(w), ballot_rows(s, r.id), w.method),
                    }
                r.status = "closed"
        s.flush()
        run = _run_of(s, w, rounds)
        if run["round"] is not None:
            add_run(s, w.town_id, run, source="workshop", workshop_id=w.id)
        w.status = "ended"
        return add_event(s, w.id, "ended")
