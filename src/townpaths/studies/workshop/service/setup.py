"""Workshops in the database before and after they run: create one, find a room, the facilitator's
link, list, archive and delete.

Every function takes a :class:`Database` and runs one ``db.transaction()``. A workshop ranks items
of its own (:class:`~townpaths.storage.models.WorkshopItem`): copies of the case's problems, or
problems typed in for it; the case's problems are never changed or added to.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from townpaths.core.errors import InputError, NotFound
from townpaths.storage import Database
from townpaths.storage.models import (
    Ballot,
    Problem,
    RankingRun,
    WorksheetIdea,
    Workshop,
    WorkshopGroup,
    WorkshopItem,
    WorkshopParticipant,
    WorkshopRound,
)
from townpaths.studies.workshop.core import codes, plan, starts
from townpaths.studies.workshop.service.store import add_event, get_workshop, scalar


@dataclass(frozen=True)
class Created:
    workshop_id: int
    room_code: str
    #: The salt of the facilitator link (see :func:`facilitator_key`).
    secret_salt: str
    #: False when the form had already created this workshop (a second click, a resent form).
    new: bool = True

    def facilitator_key(self, secret_key: str) -> str:
        """The secret of the facilitator link, for the instance whose secret key is ``secret_key``."""
        return codes.facilitator_key(secret_key, self.workshop_id, self.secret_salt)

    def facilitator_link(self, base_url: str, secret_key: str) -> str:
        """The secret link that opens the facilitator's console of the app served at ``base_url``."""
        return f"{base_url.rstrip('/')}/workshops/{self.workshop_id}/admin?key={self.facilitator_key(secret_key)}"


#: Characters of a workshop's title and a participant's nickname (the forms say so too).
MAX_TITLE, MAX_NICKNAME = 200, 60


def short_text(value: object, field: str, limit: int) -> str | None:
    if value is not None and not isinstance(value, str):  # a phone's JSON may hold anything
        raise InputError("must be text", field=field, value=value if isinstance(value, int | float) else None)
    text = (value or "").strip()
    if len(text) > limit:
        raise InputError(f"at most {limit} characters", field=field, value=text)
    return text or None


def _form_id(value: str | None) -> str | None:
    text = (value or "").strip()
    if text and not (8 <= len(text) <= 64 and all(c.isalnum() or c in "-_" for c in text)):
        raise InputError("bad form id", field="form_id", value=text)
    return text or None


def create_workshop(
    db: Database,
    town_slug: str | None,
    *,
    title: str | None = None,
    rounds: str = plan.DEFAULT_ROUNDS,
    method: str = "kemeny",
    problems: Sequence[str | tuple[str, str | None]] | None = None,
    seed: int | None = None,
    facilitator_id: int | None = None,
    start: str = "random",
    form_id: str | None = None,
) -> Created:
    """A new workshop for a town, run by the account ``facilitator_id`` (or only by guests holding
    its secret link). ``problems=None`` ranks the case's problems (copied as the workshop's items, in
    their case order, never in the study's ranking); otherwise the typed-in texts, which stay the
    workshop's own: each one text (shown in both languages) or (English, Slovene) from a sheet
    (:func:`townpaths.studies.workshop.formats.problems.read_problems`). ``start`` is how individual
    rounds start (:data:`starts.START_MODES`); ``seed`` (random when None) draws the starting orders
    and the groups, and is kept in the settings.
    ``form_id`` (the create form's one-time id) makes a resent form return the workshop it made."""
    from townpaths.storage.towns import find_town

    specs = plan.parse_rounds(rounds)
    plan.check_method(method)
    title = plan.check_title(title)
    if start not in starts.START_MODES:
        raise InputError(f"unknown start (use {', '.join(starts.START_MODES)})", field="start", value=start)
    town = find_town(db, town_slug)
    typed = (
        plan.check_problem_pairs([p if isinstance(p, tuple) else (p, p) for p in problems])
        if problems is not None
        else None
    )
    title = short_text(title, "title", MAX_TITLE)
    form = _form_id(form_id)
    salt = codes.new_salt()
    with db.transaction() as s:
        if form is not None:
            for w in s.scalars(select(Workshop).where(Workshop.town_id == town.id).order_by(Workshop.id.desc())):
                if w.settings.get("form") == form:
                    return Created(w.id, w.room_code or "", w.secret_salt or "", new=False)
        if typed is None:
            rows = list(
                s.scalars(select(Problem).where(Problem.town_id == town.id).order_by(Problem.position, Problem.id))
            )
            if len(rows) < 2:
                raise InputError("the case has fewer than 2 problems: type the problems in", field="problems")
            texts: list[tuple[int | None, str, str | None]] = [(p.id, p.text_en, p.text_sl) for p in rows]
        else:
            texts = [(None, en, sl) for en, sl in typed]
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
        items = [
            WorkshopItem(town_id=town.id, workshop_id=w.id, position=n, problem_id=pid, text_en=en, text_sl=sl)
            for n, (pid, en, sl) in enumerate(texts, start=1)
        ]
        s.add_all(items)
        s.flush()
        w.settings = {
            "rounds": ",".join(x.text for x in specs),
            "items": [i.id for i in items],
            "seed": secrets.randbelow(2**31) if seed is None else int(seed),
            "start": start,
            "show_ballots": False,
            "archived": False,
            **({"form": form} if form else {}),
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
    """The town's workshops, oldest first: id, title, status, date, archived, facilitator."""
    with db.transaction() as s:
        return [
            {
                "id": w.id,
                "title": w.title,
                "status": w.status,
                "held_on": w.held_on,
                "archived": bool(w.settings.get("archived")),
                "facilitator_id": w.facilitator_id,
            }
            for w in s.scalars(select(Workshop).where(Workshop.town_id == town_id).order_by(Workshop.id))
        ]


def set_archived(db: Database, workshop_id: int, archived: bool) -> int:
    """Archive an ended workshop (it leaves the lists of workshops; its report, exports and run stay),
    or bring it back."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        if archived and w.status != "ended":
            raise plan.StateError("only an ended workshop can be archived: end it first")
        w.settings = {**w.settings, "archived": bool(archived)}
        return add_event(s, w.id, "settings")


def deletion_preview(db: Database, workshop_id: int) -> dict[str, Any]:
    """What deleting a workshop removes (participants, ballots, worksheet groups and ideas) and
    keeps (its ranking run, which stays beside the study's findings until deleted on its own)."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        round_ids = select(WorkshopRound.id).where(WorkshopRound.workshop_id == w.id)

        def count(model: Any, *where: Any) -> int:
            return int(scalar(s, select(func.count()).select_from(model).where(*where)) or 0)

        groups = select(WorkshopGroup.id).where(WorkshopGroup.round_id.in_(round_ids))
        return {
            "id": w.id,
            "title": w.title,
            "status": w.status,
            "participants": count(WorkshopParticipant, WorkshopParticipant.workshop_id == w.id),
            "ballots": count(Ballot, Ballot.round_id.in_(round_ids)),
            "worksheets": count(
                WorkshopGroup, WorkshopGroup.round_id.in_(round_ids), WorkshopGroup.item_id.is_not(None)
            ),
            "ideas": count(WorksheetIdea, WorksheetIdea.group_id.in_(groups)),
            "runs": list(s.scalars(select(RankingRun.name).where(RankingRun.workshop_id == w.id))),
        }


def delete_workshop(db: Database, workshop_id: int) -> int:
    """Delete a workshop with its rounds, participants, ballots and worksheets (its room code stops
    working); its ranking run stays. Returns the town's id."""
    with db.transaction() as s:
        w = get_workshop(s, workshop_id)
        town_id = w.town_id
        s.delete(w)  # the rows of the workshop go with it (ON DELETE CASCADE); the audit log records the workshop
        return town_id
