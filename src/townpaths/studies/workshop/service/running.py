"""Running a workshop in the database: create, join, open and close rounds, move people, take ballots.

Every function takes a :class:`Database` and runs one ``db.transaction()``. Each change also
appends a row to ``workshop_events``, the monotonic sequence that live views follow (see
:mod:`townpaths.web.live`), so any worker process sees every change.
"""

from __future__ import annotations

import datetime as dt
import hmac
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, NotFound
from townpaths.core.vocab import HELIX_SECTORS
from townpaths.storage import Database
from townpaths.storage.models import (
    Ballot,
    Problem,
    Workshop,
    WorkshopGroup,
    WorkshopMember,
    WorkshopParticipant,
    WorkshopRound,
)
from townpaths.studies.workshop.core import codes, groups, plan, tally, worksheet
from townpaths.studies.workshop.service.store import (
    add_event,
    ballot_rows,
    get_workshop,
    now,
    participant_of,
    rounds_of,
    scalar,
    specs_of,
)

#: SQLite takes one writer at a time; queueing writers of this process on a lock is much
#: faster than letting them collide and back off in SQLite's busy handler.
_SQLITE_WRITES = threading.Lock()


@dataclass(frozen=True)
class Created:
    workshop_id: int
    room_code: str
    #: The salt of the facilitator link (see :func:`facilitator_key`).
    secret_salt: str

    def facilitator_key(self, secret_key: str) -> str:
        """The secret of the facilitator link, for the instance whose secret key is ``secret_key``."""
        return codes.facilitator_key(secret_key, self.workshop_id, self.secret_salt)

    def facilitator_link(self, base_url: str, secret_key: str) -> str:
        """The secret link that opens the facilitator's console of the app served at ``base_url``."""
        return f"{base_url.rstrip('/')}/workshops/{self.workshop_id}/admin?key={self.facilitator_key(secret_key)}"


@dataclass(frozen=True)
class Ack:
    status: str  # new | replaced | duplicate
    ballot_id: int
    round_no: int
    count: int
    seq: int
    grouped: bool = False


# --- creating and finding -------------------------------------------------------------------------

#: Characters of a workshop's title and a participant's nickname (the forms say so too).
MAX_TITLE, MAX_NICKNAME = 200, 60


def _short_text(value: object, field: str, limit: int) -> str | None:
    if value is not None and not isinstance(value, str):  # a phone's JSON may hold anything
        raise InputError("must be text", field=field, value=value if isinstance(value, int | float) else None)
    text = (value or "").strip()
    if len(text) > limit:
        raise InputError(f"at most {limit} characters", field=field, value=text)
    return text or None


def create_workshop(
    db: Database,
    town_slug: str | None,
    *,
    title: str | None = None,
    rounds: str = plan.DEFAULT_ROUNDS,
    method: str = "kemeny",
    problems: list[str] | None = None,
    seed: int = 0,
    facilitator_id: int | None = None,
) -> Created:
    """A new workshop for a town, run by the account ``facilitator_id`` (or only by guests holding
    its secret link). ``problems=None`` takes the case's problems (they are the ones whose rank the
    workshop's final ranking sets); otherwise the typed-in texts are added to the case as new
    problems of this workshop."""
    from townpaths.storage.towns import find_town

    specs = plan.parse_rounds(rounds)
    plan.check_method(method)
    title = plan.check_title(title)
    town = find_town(db, town_slug)
    typed = plan.check_problems(problems) if problems is not None else None
    title = _short_text(title, "title", MAX_TITLE)
    salt = codes.new_salt()
    with db.transaction() as s:
        active = set(s.scalars(select(Workshop.room_code).where(Workshop.status != "ended")))
        code = codes.new_room_code()
        while code in active:
            code = codes.new_room_code()
        w = Workshop(
            town_id=town.id,
            title=title or f"{town.name} workshop",
            kind="live",
            held_on=dt.date.today().isoformat(),
            method=method,
            room_code=code,
            status="draft",
            settings={},
            facilitator_id=facilitator_id,
            secret_salt=salt,
        )
        s.add(w)
        s.flush()
        if typed is None:
            rows = list(
                s.scalars(select(Problem).where(Problem.town_id == town.id).order_by(Problem.position, Problem.id))
            )
            if len(rows) < 2:
                raise InputError("the case has fewer than 2 problems: type the problems in", field="problems")
            for p in rows:
                p.workshop_id = w.id
        else:
            rows = [
                Problem(town_id=town.id, workshop_id=w.id, position=n, rank=None, text_en=t, text_sl=t)
                for n, t in enumerate(typed, start=1)
            ]
            s.add_all(rows)
            s.flush()
        w.settings = {
            "rounds": ",".join(x.text for x in specs),
            "problems": [p.id for p in rows],
            "seed": seed,
            "show_ballots": False,
        }
        for no, spec in enumerate(specs, start=1):
            s.add(
                WorkshopRound(
                    town_id=town.id,
                    workshop_id=w.id,
                    no=no,
                    kind=spec.kind,
                    status="pending",
                    result={"size": spec.size},
                )
            )
        add_event(s, w.id, "created")
        return Created(w.id, code, salt)


def find_room(db: Database, code: str) -> int:
    """The open (not ended) workshop with this room code: room codes expire with the workshop."""
    wanted = codes.normalise_room_code(code)
    with db.transaction() as s:
        wid = scalar(s, select(Workshop.id).where(Workshop.room_code == wanted, Workshop.status != "ended"))
    if wid is None:
        raise NotFound("no open workshop with this room code")
    return wid


def check_link(db: Database, workshop_id: int, key: str, secret_key: str) -> str | None:
    """The salt of the workshop's facilitator link if ``key`` is the link's secret now (a link from
    before the salts, stored as a hash, still works), else None."""
    with db.transaction() as s:
        w = s.get(Workshop, workshop_id)
        if w is None or not key:
            return None
        if w.secret_salt and hmac.compare_digest(
            key.encode("utf-8", "surrogatepass"), codes.facilitator_key(secret_key, w.id, w.secret_salt).encode()
        ):
            return w.secret_salt
        if w.secret_salt is None and codes.check_secret(key, w.admin_secret_hash):
            return ""
        return None


def facilitator_key(db: Database, workshop_id: int, secret_key: str) -> str | None:
    """The secret of the workshop's facilitator link now; None for a workshop from before the salts
    (its link was stored as a hash and cannot be shown again: :func:`new_facilitator_link` makes one)."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        return codes.facilitator_key(secret_key, w.id, w.secret_salt) if w.secret_salt else None


def new_facilitator_link(db: Database, workshop_id: int) -> None:
    """Revoke the facilitator link (and the guests' console sessions): the workshop gets a new salt."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        w.secret_salt, w.admin_secret_hash = codes.new_salt(), None


def list_workshops(db: Database, town_id: int) -> list[dict[str, Any]]:
    with db.transaction() as s:
        return [
            {"id": w.id, "title": w.title, "status": w.status, "held_on": w.held_on}
            for w in s.scalars(select(Workshop).where(Workshop.town_id == town_id).order_by(Workshop.id))
        ]


# --- participants ---------------------------------------------------------------------------------


def join(db: Database, workshop_id: int, nickname: str | None = None, sector: str | None = None) -> int:
    nickname = _short_text(nickname, "nickname", MAX_NICKNAME)
    sector = sector or None
    if sector is not None and (not isinstance(sector, str) or sector not in HELIX_SECTORS):
        raise InputError("unknown sector", field="sector", value=sector if isinstance(sector, str) else None)
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        if w.status == "ended":
            raise plan.StateError("the workshop has ended")
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


def open_round(db: Database, workshop_id: int, no: int) -> int:
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        rounds = rounds_of(s, w.id)
        plan.check_open_round(w.status, [r.status for r in rounds], no - 1)
        rnd, specs = rounds[no - 1], specs_of(w)
        people = [
            groups.Person(p.id, p.sector)
            for p in s.scalars(
                select(WorkshopParticipant)
                .where(WorkshopParticipant.workshop_id == w.id)
                .order_by(WorkshopParticipant.id)
            )
        ]
        if rnd.kind == "worksheet":
            last = next(
                (r for r in reversed(rounds[: no - 1]) if r.kind in plan.RANKING_KINDS and r.result.get("tiers")), None
            )
            if last is None:
                raise plan.StateError("no ranking round has a result yet")
            top = tally.top_problems(last.result["tiers"], specs[no - 1].size)
            for n, (pid, members) in enumerate(groups.worksheet_groups(people, top).items(), start=1):
                _make_group(s, rnd, f"worksheet {n}", members, problem_id=pid)
        elif specs[no - 1].grouped:
            for label, members in groups.ranking_groups(people, specs, no - 1, w.settings.get("seed", 0)).items():
                _make_group(s, rnd, label, members)
        rnd.status = "open"
        w.status = "open"
        return add_event(s, w.id, "round-opened")


def _make_group(s: Session, rnd: WorkshopRound, label: str, members: list[int], problem_id: int | None = None) -> None:
    g = WorkshopGroup(
        town_id=rnd.town_id, round_id=rnd.id, label=label, problem_id=problem_id, sheet=worksheet.clean_sheet({})
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
            result = tally.consensus(w.settings["problems"], ballot_rows(s, rnd.id), w.method)
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
            g = WorkshopGroup(town_id=w.town_id, round_id=rnd.id, label=label, sheet=worksheet.clean_sheet({}))
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


# --- ballots --------------------------------------------------------------------------------------


def _clean_ranking(ranking: Any, problem_ids: list[int]) -> list[list[int]]:
    """A ranking from a phone: problem ids most pressing first (or tiers of ids); all problems once."""
    if not isinstance(ranking, list) or not ranking:
        raise InputError("a ranking is a list of problems", field="ranking")
    tiers = [t if isinstance(t, list) else [t] for t in ranking]
    flat = [x for t in tiers for x in t]
    if any(not isinstance(x, int) or isinstance(x, bool) for x in flat) or not all(tiers):
        raise InputError("a ranking lists problem numbers", field="ranking")
    if sorted(flat) != sorted(problem_ids):
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


def submit_ballot(db: Database, workshop_id: int, participant_id: int, ranking: Any, client_token: str) -> Ack:
    """Hand in a ranking for the open round. Idempotent: the same ``client_token`` is
    acknowledged again without counting twice; a new token from the same voter (a changed
    mind, or another member of the group) replaces the voter's ballot."""
    token = (client_token or "").strip()
    if not 8 <= len(token) <= 80:
        raise InputError("missing or bad submission token", field="client_token")
    for attempt in range(3):
        try:
            if db.dialect == "sqlite":  # one writer at a time: no busy-wait backoff between threads
                with _SQLITE_WRITES:
                    return _submit(db, workshop_id, participant_id, ranking, token)
            return _submit(db, workshop_id, participant_id, ranking, token)
        except IntegrityError:  # a concurrent first ballot of the same voter: retry as a replacement
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _submit(db: Database, workshop_id: int, participant_id: int, ranking: Any, token: str) -> Ack:
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        p = participant_of(s, w.id, participant_id)
        rnd = next((r for r in rounds_of(s, w.id) if r.status == "open"), None)
        plan.check_accepts(w.status, rnd.status if rnd else None)
        assert rnd is not None
        if rnd.kind not in plan.RANKING_KINDS:
            raise plan.StateError("the open round is not a ranking round")
        count_q = select(func.count()).select_from(Ballot).where(Ballot.round_id == rnd.id)
        same = scalar(s, select(Ballot).where(Ballot.round_id == rnd.id, Ballot.client_token == token))
        if same is not None:
            return Ack("duplicate", same.id, rnd.no, scalar(s, count_q) or 0, 0)
        tiers = _clean_ranking(ranking, w.settings["problems"])
        voter, label, weight = _voting_unit(s, rnd, p)
        ballot = scalar(s, select(Ballot).where(Ballot.round_id == rnd.id, Ballot.voter == voter))
        status = "replaced"
        if ballot is None:
            status = "new"
            ballot = Ballot(town_id=w.town_id, round_id=rnd.id, voter=voter, group_label=label, sector=p.sector)
            s.add(ballot)
        ballot.tiers, ballot.weight, ballot.client_token, ballot.submitted_at = tiers, weight, token, now()
        if label is None:
            ballot.sector = p.sector
        s.flush()
        seq = add_event(s, w.id, "group-ballot" if label else "ballot")
        return Ack(status, ballot.id, rnd.no, scalar(s, count_q) or 0, seq, grouped=label is not None)
