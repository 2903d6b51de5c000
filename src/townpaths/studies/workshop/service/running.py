"""Running a workshop in the database: participants join (a phone that comes back is the same
participant), rounds open and close, the facilitator moves people and shows ballots.

Every function takes a :class:`Database` and runs one ``db.transaction()`` (opening a round reads
first, computes the groups and where each starts outside the write, then writes). Each change also
appends a row to ``workshop_events``, the monotonic sequence that live views follow (see
:mod:`townpaths.web.live`), so any worker process sees every change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError
from townpaths.core.vocab import HELIX_SECTORS
from townpaths.storage import Database
from townpaths.storage.models import (
    Ballot,
    Workshop,
    WorkshopGroup,
    WorkshopMember,
    WorkshopParticipant,
    WorkshopRound,
)
from townpaths.studies.workshop.core import groups, plan, starts, tally, worksheet
from townpaths.studies.workshop.service.setup import MAX_NICKNAME, short_text
from townpaths.studies.workshop.service.store import (
    add_event,
    ballot_rows,
    get_workshop,
    item_ids,
    now,
    participant_of,
    rounds_of,
    scalar,
    specs_of,
    writing,
)

# --- participants ---------------------------------------------------------------------------------


def join(
    db: Database,
    workshop_id: int,
    nickname: str | None = None,
    sector: str | None = None,
    *,
    participant_id: int | None = None,
) -> int:
    """A participant of the workshop: ``participant_id`` (a phone that joined before and comes back
    with its token: the same participant, its nickname and sector updated when given), else a new one.
    Someone joining while a pair, group or worksheet round is open goes into its smallest group."""
    nickname = short_text(nickname, "nickname", MAX_NICKNAME)
    sector = sector or None
    if sector is not None and (not isinstance(sector, str) or sector not in HELIX_SECTORS):
        raise InputError("unknown sector", field="sector", value=sector if isinstance(sector, str) else None)
    with writing(db), db.transaction() as s:
        w = get_workshop(s, workshop_id)
        if w.status == "ended":
            raise plan.StateError("the workshop has ended")
        if participant_id is not None:
            back = s.get(WorkshopParticipant, participant_id)
            if back is not None and back.workshop_id == w.id:
                if nickname and back.nickname != nickname:
                    back.nickname = nickname
                if sector and back.sector != sector:
                    back.sector = sector
                if s.dirty:
                    add_event(s, w.id, "joined")
                return back.id
        p = WorkshopParticipant(town_id=w.town_id, workshop_id=w.id, nickname=nickname, sector=sector, joined_at=now())
        s.add(p)
        s.flush()
        current = next((r for r in rounds_of(s, w.id) if r.status == "open"), None)
        if current is not None and current.kind in ("pair", "group", "worksheet"):
            _add_to_smallest_group(s, current, p)
        add_event(s, w.id, "joined")
        return p.id


def _add_to_smallest_group(s: Session, rnd: WorkshopRound, p: WorkshopParticipant) -> None:
    sizes = dict(
        s.execute(
            select(WorkshopGroup.id, func.count(WorkshopMember.id))
            .outerjoin(WorkshopMember, WorkshopMember.group_id == WorkshopGroup.id)
            .where(WorkshopGroup.round_id == rnd.id)
            .group_by(WorkshopGroup.id)
        ).all()
    )
    if sizes:
        gid = min(sizes, key=lambda g: (sizes[g], g))
    else:
        g = WorkshopGroup(town_id=rnd.town_id, round_id=rnd.id, label=f"{rnd.kind} 1", sheet={})
        s.add(g)
        s.flush()
        gid = g.id
    s.add(WorkshopMember(town_id=rnd.town_id, round_id=rnd.id, group_id=gid, participant_id=p.id))


# --- rounds ---------------------------------------------------------------------------------------


def _previous_ballots(s: Session, rounds: list[WorkshopRound], index: int) -> dict[int, tally.BallotRow]:
    """Each participant's ballot of the last ranking round before round ``index`` (0-based) that
    has ballots: their own, or their pair's or group's (one row per member, weight 1)."""
    previous = next(
        (
            r
            for r in reversed(rounds[:index])
            if r.kind in plan.RANKING_KINDS
            and scalar(s, select(func.count()).select_from(Ballot).where(Ballot.round_id == r.id))
        ),
        None,
    )
    if previous is None:
        return {}
    by_voter = {b.voter: b for b in ballot_rows(s, previous.id)}
    group_of = dict(
        s.execute(
            select(WorkshopMember.participant_id, WorkshopGroup.label)
            .join(WorkshopGroup, WorkshopGroup.id == WorkshopMember.group_id)
            .where(WorkshopMember.round_id == previous.id)
        ).all()
    )
    out: dict[int, tally.BallotRow] = {}
    for pid in s.scalars(select(WorkshopParticipant.id).where(WorkshopParticipant.workshop_id == previous.workshop_id)):
        found = by_voter.get(group_of.get(pid, "")) if previous.kind in ("pair", "group") else by_voter.get(f"p{pid}")
        if found is not None:
            out[pid] = tally.BallotRow(f"p{pid}", found.tiers, 1.0)
    return out


def _plan_round(s: Session, w: Workshop, rounds: list[WorkshopRound], no: int) -> list[dict[str, Any]]:
    """The groups round ``no`` opens with: label, members, item (worksheets) and start (pairs, groups)."""
    rnd, specs = rounds[no - 1], specs_of(w)
    people = [
        groups.Person(p.id, p.sector)
        for p in s.scalars(
            select(WorkshopParticipant).where(WorkshopParticipant.workshop_id == w.id).order_by(WorkshopParticipant.id)
        )
    ]
    if rnd.kind == "worksheet":
        last = next(
            (r for r in reversed(rounds[: no - 1]) if r.kind in plan.RANKING_KINDS and r.result.get("tiers")), None
        )
        if last is None:
            raise plan.StateError("no ranking round has a result yet")
        top = tally.top_problems(last.result["tiers"], specs[no - 1].size)
        return [
            {"label": f"worksheet {n}", "members": members, "item": item, "start": None}
            for n, (item, members) in enumerate(groups.worksheet_groups(people, top).items(), start=1)
        ]
    if not specs[no - 1].grouped:
        return []
    seed = int(w.settings.get("seed", 0))
    previous = _previous_ballots(s, rounds, no - 1)
    ids = item_ids(w)
    planned = []
    for label, members in groups.ranking_groups(people, specs, no - 1, seed).items():
        fallback = starts.random_start(ids, seed, no, -min(members)) if members else ids
        start = starts.group_start(ids, [previous[m] for m in members if m in previous], w.method, fallback)
        planned.append({"label": label, "members": members, "item": None, "start": start})
    return planned


def _people(s: Session, workshop_id: int) -> int:
    q = select(func.count()).select_from(WorkshopParticipant).where(WorkshopParticipant.workshop_id == workshop_id)
    return int(scalar(s, q) or 0)


def open_round(db: Database, workshop_id: int, no: int) -> int:
    """Open round ``no``: its groups are formed (balanced sizes and sectors), each pair or group
    starting from the consensus of its members' ballots of the round before."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        rounds = rounds_of(s, w.id)
        plan.check_open_round(w.status, [r.status for r in rounds], no - 1)
        planned = _plan_round(s, w, rounds, no)
        count = _people(s, w.id)
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        rounds = rounds_of(s, w.id)
        plan.check_open_round(w.status, [r.status for r in rounds], no - 1)
        if _people(s, w.id) != count:  # someone joined meanwhile: plan again with them
            planned = _plan_round(s, w, rounds, no)
        rnd = rounds[no - 1]
        for g in planned:
            _make_group(s, rnd, g["label"], g["members"], item_id=g["item"], start=g["start"])
        rnd.status = "open"
        w.status = "open"
        return add_event(s, w.id, "round-opened")


def _make_group(
    s: Session,
    rnd: WorkshopRound,
    label: str,
    members: list[int],
    *,
    item_id: int | None = None,
    start: dict[str, Any] | None = None,
) -> None:
    g = WorkshopGroup(
        town_id=rnd.town_id,
        round_id=rnd.id,
        label=label,
        item_id=item_id,
        start=start,
        sheet=worksheet.clean_sheet({}),
        sheet_versions={},
    )
    s.add(g)
    s.flush()
    s.add_all(WorkshopMember(town_id=rnd.town_id, round_id=rnd.id, group_id=g.id, participant_id=m) for m in members)


def close_round(db: Database, workshop_id: int, no: int) -> int:
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        rounds = rounds_of(s, w.id)
        plan.check_close_round([r.status for r in rounds], no - 1)
        rnd = rounds[no - 1]
        if rnd.kind in plan.RANKING_KINDS:
            result = tally.consensus(item_ids(w), ballot_rows(s, rnd.id), w.method)
            rnd.result = {"size": rnd.result.get("size", 1), **result}
        rnd.status = "closed"
        return add_event(s, w.id, "round-closed")


def move_participant(db: Database, workshop_id: int, no: int, participant_id: int, label: str) -> int:
    """Move someone into group ``label`` of round ``no`` (a new label makes a new group)."""
    label = label.strip()[:120]
    if not label:
        raise InputError("a group needs a name", field="group")
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        participant_of(s, w.id, participant_id)
        rnd = next((r for r in rounds_of(s, w.id) if r.no == no), None)
        if rnd is None or rnd.kind not in ("pair", "group", "worksheet") or rnd.status == "closed":
            raise plan.StateError("people can be moved only in a grouped round that has not closed")
        g = scalar(s, select(WorkshopGroup).where(WorkshopGroup.round_id == rnd.id, WorkshopGroup.label == label))
        if g is None:
            g = WorkshopGroup(
                town_id=w.town_id, round_id=rnd.id, label=label, sheet=worksheet.clean_sheet({}), sheet_versions={}
            )
            s.add(g)
            s.flush()
        s.execute(
            delete(WorkshopMember).where(
                WorkshopMember.round_id == rnd.id, WorkshopMember.participant_id == participant_id
            )
        )
        s.add(WorkshopMember(town_id=w.town_id, round_id=rnd.id, group_id=g.id, participant_id=participant_id))
        return add_event(s, w.id, "moved")


def set_show_ballots(db: Database, workshop_id: int, show: bool) -> int:
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        w.settings = {**w.settings, "show_ballots": bool(show)}
        return add_event(s, w.id, "settings")
