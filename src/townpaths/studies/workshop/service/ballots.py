"""Ballots in the database: one per voter and ranking round (a person, or a pair or group through
any member), kept by the rules of :mod:`townpaths.studies.workshop.core.integrity`: a retry counts
once, an older version from the same phone never replaces a newer one, another phone's token is
refused, and a partner's newer group ballot is handed back to be shown before it is replaced."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError
from townpaths.storage import Database
from townpaths.storage.models import Ballot, WorkshopGroup, WorkshopMember, WorkshopParticipant, WorkshopRound
from townpaths.studies.workshop.core import integrity, plan
from townpaths.studies.workshop.service.store import (
    add_event,
    get_workshop,
    item_ids,
    now,
    participant_of,
    scalar,
    writing,
)

#: The event of an individual ballot after which every participant has handed in the open round.
LAST_BALLOT = "last-ballot"


@dataclass(frozen=True)
class Ack:
    status: str  # new | replaced | duplicate
    ballot_id: int
    round_no: int
    count: int
    seq: int
    grouped: bool = False
    #: The event it appended: ``ballot``, ``group-ballot``, or ``last-ballot`` when every participant
    #: has now handed in the round (live views show that one at once).
    kind: str = "ballot"
    #: The ballots the round expects (its participants; 0 for a pair or group round).
    expected: int = 0


def _clean_ranking(ranking: Any, ids: list[int]) -> list[list[int]]:
    """A ranking from a phone: item ids most pressing first (or tiers of ids); all items once."""
    if not isinstance(ranking, list) or not ranking:
        raise InputError("a ranking is a list of problems", field="ranking")
    tiers = [t if isinstance(t, list) else [t] for t in ranking]
    flat = [x for t in tiers for x in t]
    if any(not isinstance(x, int) or isinstance(x, bool) for x in flat) or not all(tiers):
        raise InputError("a ranking lists problem numbers", field="ranking")
    if sorted(flat) != sorted(ids):
        raise InputError("a ranking must place every problem exactly once", field="ranking")
    return tiers


def _voting_unit(s: Session, rnd: WorkshopRound, p: WorkshopParticipant) -> tuple[str, str | None, float]:
    """(voter, group label, weight): a pair or group hands in one ballot for all its members."""
    if rnd.kind in ("pair", "group"):
        g = scalar(
            s,
            select(WorkshopGroup)
            .join(WorkshopMember, WorkshopMember.group_id == WorkshopGroup.id)
            .where(WorkshopMember.round_id == rnd.id, WorkshopMember.participant_id == p.id),
        )
        if g is None:
            raise plan.StateError("you are not in a group in this round")
        size = scalar(s, select(func.count()).select_from(WorkshopMember).where(WorkshopMember.group_id == g.id))
        return g.label, g.label, float(size or 1)
    return f"p{p.id}", None, 1.0


def ballot_shown(s: Session, b: Ballot) -> dict[str, Any]:
    """A ballot as a phone shows it: tiers, token, when, and the nickname of the member who sent it."""
    by = s.get(WorkshopParticipant, b.sender_id) if b.sender_id is not None else None
    return {
        "tiers": b.tiers,
        "client_token": b.client_token,
        "submitted_at": b.submitted_at,
        "by": by.nickname if by is not None else None,
        "by_id": b.sender_id,
    }


def submit_ballot(
    db: Database,
    workshop_id: int,
    participant_id: int,
    ranking: Any,
    client_token: str,
    *,
    seq: Any = None,
    base: str | None = None,
) -> Ack:
    """Hand in a ranking for the open round. ``client_token`` names this version of the phone's draft
    (a retry sends it again: acknowledged as ``duplicate``, counted once); ``seq`` is the phone's
    sequence number of the version (an older one arriving late is refused); ``base`` the token of the
    group ballot the phone last saw (a partner's newer one is handed back, not replaced)."""
    token = (client_token or "").strip()
    if not 8 <= len(token) <= 80:
        raise InputError("missing or bad submission token", field="client_token")
    number = integrity.clean_seq(seq)
    seen = (base or "").strip() or None
    for attempt in range(3):
        try:
            with writing(db):  # SQLite: one writer at a time, no busy-wait backoff between threads
                ack = _submit(db, workshop_id, participant_id, ranking, token, number, seen)
            return _last_after_all(db, workshop_id, ack)
        except IntegrityError:  # a concurrent first ballot of the same voter: retry as a replacement
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


#: How close to complete a round must be for a ballot to look again whether it was the last one.
NEAR_COMPLETE = 32


def _last_after_all(db: Database, workshop_id: int, ack: Ack) -> Ack:
    """On PostgreSQL, ballots written at the same moment do not see each other before they commit, so
    the round's last two may each count one short and neither be the ``last-ballot``: a ballot near
    completion counts again after its commit and, if the round is complete now, appends that event
    itself (two such events for one round are harmless). SQLite writes one ballot at a time."""
    if db.dialect == "sqlite" or ack.kind != "ballot" or not 0 < ack.expected - ack.count <= NEAR_COMPLETE:
        return ack
    with db.transaction() as s:
        mine = s.get(Ballot, ack.ballot_id)
        if mine is None:
            return ack
        count = scalar(s, select(func.count()).select_from(Ballot).where(Ballot.round_id == mine.round_id)) or 0
        if count < ack.expected:
            return ack
        event = add_event(s, workshop_id, LAST_BALLOT)
    return dataclasses.replace(ack, count=count, seq=event, kind=LAST_BALLOT)


def _kept(b: Ballot | None) -> integrity.Kept | None:
    return None if b is None else integrity.Kept(b.client_token, b.sender_id, b.sender_seq)


def _submit(
    db: Database, workshop_id: int, participant_id: int, ranking: Any, token: str, seq: int | None, base: str | None
) -> Ack:
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        p = participant_of(s, w.id, participant_id)
        rnd = scalar(s, select(WorkshopRound).where(WorkshopRound.workshop_id == w.id, WorkshopRound.status == "open"))
        plan.check_accepts(w.status, rnd.status if rnd else None)
        assert rnd is not None
        if rnd.kind not in plan.RANKING_KINDS:
            raise plan.StateError("the open round is not a ranking round")
        count_q = select(func.count()).select_from(Ballot).where(Ballot.round_id == rnd.id)
        same = scalar(s, select(Ballot).where(Ballot.round_id == rnd.id, Ballot.client_token == token))
        voter, label, weight = (None, None, 1.0) if same is not None else _voting_unit(s, rnd, p)
        ballot = (
            None
            if same is not None
            else scalar(s, select(Ballot).where(Ballot.round_id == rnd.id, Ballot.voter == voter))
        )
        status = integrity.decide(
            _kept(same),
            _kept(ballot),
            sender=p.id,
            seq=seq,
            base=base,
            grouped=label is not None,
            shown=ballot_shown(s, ballot) if ballot is not None and label is not None else None,
        )
        if same is not None:
            return Ack(integrity.DUPLICATE, same.id, rnd.no, scalar(s, count_q) or 0, 0)
        tiers = _clean_ranking(ranking, item_ids(w))
        if ballot is None:
            ballot = Ballot(town_id=w.town_id, round_id=rnd.id, voter=voter, group_label=label, sector=p.sector)
            s.add(ballot)
        ballot.tiers, ballot.weight, ballot.client_token, ballot.submitted_at = tiers, weight, token, now()
        ballot.sender_id, ballot.sender_seq = p.id, seq
        if label is None:
            ballot.sector = p.sector
        s.flush()
        if label is None:  # the ballots and the participants, in one statement
            count, expected = s.execute(select(count_q.scalar_subquery(), _people(w.id).scalar_subquery())).one()
        else:
            count, expected = scalar(s, count_q) or 0, 0
        kind = "group-ballot" if label else "ballot"
        if label is None and count >= expected:
            kind = LAST_BALLOT
        event = add_event(s, w.id, kind)
        return Ack(status, ballot.id, rnd.no, count, event, grouped=label is not None, kind=kind, expected=expected)


def _people(workshop_id: int) -> Select[int]:
    return select(func.count()).select_from(WorkshopParticipant).where(WorkshopParticipant.workshop_id == workshop_id)
