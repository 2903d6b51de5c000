"""Lookups shared by the workshop service modules (package-internal): the workshop, its rounds,
items (the problems it ranks) and participants, ballots as tally rows, worksheet ideas, and the
event sequence that live views follow (every change appends one event)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import NotFound
from townpaths.core.values import MAX_INT64
from townpaths.storage import Database
from townpaths.storage.models import (
    Ballot,
    IdeaDot,
    WorksheetIdea,
    Workshop,
    WorkshopEvent,
    WorkshopItem,
    WorkshopParticipant,
    WorkshopRound,
)
from townpaths.studies.workshop.core import plan, tally


def writing(db: Database) -> AbstractContextManager[None]:
    """Around a transaction that writes: on SQLite, one such transaction of the process at a time
    (:meth:`Database.writing`)."""
    return db.writing()


def scalar(s: Session, query: Any) -> Any:
    """First column of the first row, reading the result to its end. (A result left half-read
    keeps an SQLite statement active, and with it an old WAL snapshot on that pooled
    connection: later transactions on it would not see recent commits.)"""
    rows = s.execute(query).scalars().all()
    return rows[0] if rows else None


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def add_event(session: Session, workshop_id: int, kind: str) -> int:
    event = WorkshopEvent(workshop_id=workshop_id, kind=kind)
    session.add(event)
    session.flush()
    return event.id


def get_workshop(session: Session, workshop_id: int) -> Workshop:
    if not 0 < workshop_id <= MAX_INT64:  # no row has such an id (and neither database takes it)
        raise NotFound(f"no workshop {workshop_id}")
    w = session.get(Workshop, workshop_id)
    if w is None:
        raise NotFound(f"no workshop {workshop_id}")
    return w


def rounds_of(session: Session, workshop_id: int) -> list[WorkshopRound]:
    return list(
        session.scalars(
            select(WorkshopRound).where(WorkshopRound.workshop_id == workshop_id).order_by(WorkshopRound.no)
        )
    )


def specs_of(w: Workshop) -> list[plan.RoundSpec]:
    return plan.parse_rounds(w.settings["rounds"])


def item_ids(w: Workshop) -> list[int]:
    """The ids of the workshop's items (the problems it ranks), in their order."""
    return [int(i) for i in w.settings.get("items", [])]


def items_of(session: Session, w: Workshop) -> list[WorkshopItem]:
    """The workshop's items in their order."""
    return list(
        session.scalars(select(WorkshopItem).where(WorkshopItem.workshop_id == w.id).order_by(WorkshopItem.position))
    )


def item_dict(item: WorkshopItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "position": item.position,
        "problem_id": item.problem_id,
        "text_en": item.text_en,
        "text_sl": item.text_sl,
    }


def participant_of(s: Session, workshop_id: int, participant_id: int) -> WorkshopParticipant:
    p = s.get(WorkshopParticipant, participant_id)
    if p is None or p.workshop_id != workshop_id:
        raise NotFound("unknown participant")
    return p


def ballot_rows(s: Session, round_id: int) -> list[tally.BallotRow]:
    return [
        tally.BallotRow(b.voter, b.tiers, b.weight, b.group_label)
        for b in s.scalars(select(Ballot).where(Ballot.round_id == round_id).order_by(Ballot.id))
    ]


def sheet_ideas(s: Session, group_id: int, participant_id: int | None = None) -> list[dict[str, Any]]:
    ideas = list(s.scalars(select(WorksheetIdea).where(WorksheetIdea.group_id == group_id).order_by(WorksheetIdea.id)))
    dots: dict[int, list[int]] = defaultdict(list)
    if ideas:
        for idea_id, pid in s.execute(
            select(IdeaDot.idea_id, IdeaDot.participant_id).where(IdeaDot.idea_id.in_([i.id for i in ideas]))
        ):
            dots[idea_id].append(pid)
    return [{"id": i.id, "text": i.text, "dots": len(dots[i.id]), "mine": participant_id in dots[i.id]} for i in ideas]


def last_seq(db: Database, workshop_id: int | None = None) -> int:
    with db.transaction() as s:
        q = select(func.max(WorkshopEvent.id))
        if workshop_id is not None:
            q = q.where(WorkshopEvent.workshop_id == workshop_id)
        return scalar(s, q) or 0


def events_since(db: Database, last_id: int) -> list[tuple[int, int, str]]:
    """Events after ``last_id``: (event id, workshop id, kind), oldest first."""
    with db.transaction() as s:
        return [
            (r[0], r[1], r[2])
            for r in s.execute(
                select(WorkshopEvent.id, WorkshopEvent.workshop_id, WorkshopEvent.kind)
                .where(WorkshopEvent.id > last_id)
                .order_by(WorkshopEvent.id)
            )
        ]
