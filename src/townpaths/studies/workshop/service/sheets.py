"""Worksheets of a workshop in the database: fields saved by version (two group mates' edits of one
field are both kept and handed back side by side, never silently overwritten), ideas and dots.

Each function takes a :class:`Database` and runs one ``db.transaction()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, NotFound
from townpaths.storage import Database
from townpaths.storage.models import (
    IdeaDot,
    Town,
    WorksheetIdea,
    Workshop,
    WorkshopGroup,
    WorkshopMember,
    WorkshopParticipant,
)
from townpaths.studies.workshop.core import plan, worksheet
from townpaths.studies.workshop.service.store import (
    add_event,
    get_workshop,
    participant_of,
    rounds_of,
    scalar,
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


@dataclass(frozen=True)
class Saved:
    """What a save did: the fields taken, the conflicts (a group mate's newer text, to merge), the
    field versions now, and the event (0 when nothing changed)."""

    saved: list[str]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    versions: dict[str, Any] = field(default_factory=dict)
    seq: int = 0


def save_sheet(db: Database, workshop_id: int, participant_id: int, data: Any) -> Saved:
    """Save the worksheet fields a phone changed (``{"fields": {path: {"value", "base"}}}``, see
    :func:`worksheet.clean_edits`): each is taken when nobody saved it since the version the phone
    edited; the others come back as conflicts with the group mate's text and who wrote it."""
    edits = worksheet.clean_edits(data)
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        p = participant_of(s, w.id, participant_id)
        g = _sheet_group(s, w, p)
        sheet, versions, saved, conflicts = worksheet.apply_edits(g.sheet or {}, g.sheet_versions or {}, edits, p.id)
        changed = sheet != worksheet.clean_sheet(g.sheet or {}) or versions != (g.sheet_versions or {})
        g.sheet, g.sheet_versions = sheet, versions
        authors = [c.by for c in conflicts if c.by is not None]
        names: dict[int, str | None] = {}
        names.update(
            s.execute(
                select(WorkshopParticipant.id, WorkshopParticipant.nickname).where(WorkshopParticipant.id.in_(authors))
            ).all()
        )
        shown = [{**c.to_dict(), "by_name": names.get(c.by) if c.by is not None else None} for c in conflicts]
        seq = add_event(s, w.id, "sheet") if changed else 0
        return Saved(saved, shown, versions, seq)


#: Said when one dot too many is tried (a msgid: the pages translate it).
DOTS_USED = "You have used all your dots: take one back to give it to another idea."


class DotsUsed(InputError):
    """Every dot of the person is on an idea already."""


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
                raise DotsUsed(DOTS_USED)
            s.add(IdeaDot(town_id=w.town_id, idea_id=idea.id, participant_id=p.id))
        return add_event(s, w.id, "dot")


def town_of(db: Database, workshop_id: int) -> Town:
    with db.transaction() as s:
        return s.get_one(Town, get_workshop(s, workshop_id).town_id)
