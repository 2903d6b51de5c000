"""Worksheets of a workshop in the database, and its end: results saved to the case.

Each function takes a :class:`Database` and runs one ``db.transaction()``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, NotFound
from townpaths.storage import Database
from townpaths.storage.models import (
    IdeaDot,
    Solution,
    Town,
    WorksheetIdea,
    Workshop,
    WorkshopGroup,
    WorkshopMember,
    WorkshopParticipant,
)
from townpaths.studies.workshop.core import plan, tally, worksheet
from townpaths.studies.workshop.service.store import (
    add_event,
    ballot_rows,
    get_workshop,
    participant_of,
    problems_of,
    rounds_of,
    scalar,
    sheet_ideas,
)


def _sheet_group(s: Session, w: Workshop, p: WorkshopParticipant) -> WorkshopGroup:
    rnd = next((r for r in rounds_of(s, w.id) if r.status == "open"), None)
    plan.check_accepts(w.status, rnd.status if rnd else None)
    assert rnd is not None
    if rnd.kind != "worksheet":
        raise plan.StateError("the open round is not a worksheet round")
    g = scalar(
        s,
        select(WorkshopGroup)
        .join(WorkshopMember, WorkshopMember.group_id == WorkshopGroup.id)
        .where(WorkshopMember.round_id == rnd.id, WorkshopMember.participant_id == p.id),
    )
    if g is None:
        raise plan.StateError("you are not in a worksheet group")
    return g


def save_sheet(db: Database, workshop_id: int, participant_id: int, sheet: dict[str, Any]) -> int:
    cleaned = worksheet.clean_sheet(sheet)
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        g = _sheet_group(s, w, participant_of(s, w.id, participant_id))
        g.sheet = cleaned
        return add_event(s, w.id, "sheet")


def add_idea(db: Database, workshop_id: int, participant_id: int, text: str) -> int:
    text = worksheet.clean_idea(text)
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        p = participant_of(s, w.id, participant_id)
        g = _sheet_group(s, w, p)
        s.add(WorksheetIdea(town_id=w.town_id, group_id=g.id, text=text, author_id=p.id))
        return add_event(s, w.id, "idea")


def toggle_dot(db: Database, workshop_id: int, participant_id: int, idea_id: int) -> int:
    """Put a dot on an idea of one's group, or take it back (at most DOTS_PER_PERSON dots)."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        p = participant_of(s, w.id, participant_id)
        g = _sheet_group(s, w, p)
        idea = s.get(WorksheetIdea, idea_id)
        if idea is None or idea.group_id != g.id:
            raise NotFound("no such idea in your group")
        dot = scalar(s, select(IdeaDot).where(IdeaDot.idea_id == idea.id, IdeaDot.participant_id == p.id))
        if dot is not None:
            s.delete(dot)
        else:
            used = (
                scalar(
                    s,
                    select(func.count())
                    .select_from(IdeaDot)
                    .join(WorksheetIdea, WorksheetIdea.id == IdeaDot.idea_id)
                    .where(WorksheetIdea.group_id == g.id, IdeaDot.participant_id == p.id),
                )
                or 0
            )
            if used >= worksheet.DOTS_PER_PERSON:
                raise InputError(f"you have used your {worksheet.DOTS_PER_PERSON} dots", field="dots")
            s.add(IdeaDot(town_id=w.town_id, idea_id=idea.id, participant_id=p.id))
        return add_event(s, w.id, "dot")


# --- ending: results into the case ----------------------------------------------------------------


def end_workshop(db: Database, workshop_id: int) -> int:
    """End the workshop (its room code stops working) and save its results to the case: the
    last ranking round's consensus sets the problems' ranks (Table 4), and each worksheet with
    a titled solution card replaces the solutions of its problem (Figure 8)."""
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
                        **tally.consensus(w.settings["problems"], ballot_rows(s, r.id), w.method),
                    }
                r.status = "closed"
        final = next((r for r in reversed(rounds) if r.kind in plan.RANKING_KINDS and r.result.get("tiers")), None)
        if final is not None:
            ranks = tally.final_ranks(final.result["tiers"])
            for p in problems_of(s, w):
                p.rank = ranks.get(p.id)
        sheet_round = next((r for r in rounds if r.kind == "worksheet"), None)
        if sheet_round is not None:
            problems = {p.id: p for p in problems_of(s, w)}
            for g in s.scalars(
                select(WorkshopGroup).where(WorkshopGroup.round_id == sheet_round.id).order_by(WorkshopGroup.id)
            ):
                problem = problems.get(g.problem_id or -1)
                if problem is None:
                    continue
                fields = worksheet.solution_fields(problem.text_en, g.sheet, sheet_ideas(s, g.id))
                if fields is None:
                    continue
                for old in s.scalars(select(Solution).where(Solution.problem_id == problem.id)):
                    s.delete(old)  # row by row: the audit log keeps the solutions the workshop replaced
                s.flush()
                s.add(Solution(town_id=w.town_id, problem_id=problem.id, **fields))
        w.status = "ended"
        return add_event(s, w.id, "ended")


def town_of(db: Database, workshop_id: int) -> Town:
    with db.transaction() as s:
        return s.get_one(Town, get_workshop(s, workshop_id).town_id)
