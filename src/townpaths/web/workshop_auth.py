"""Shared helpers of the workshop pages: the broker, signed facilitator, participant and viewer
tokens, finding a room by its code, and the workshop's rate limits (CSRF and the limiter itself
are :mod:`townpaths.web.security`; who may run a workshop is :mod:`townpaths.web.access`'s).

Room codes are the only way into a room, so they must not be found by trying: a failed lookup is
counted per address and per device, and an address or device with too many is refused before it
may try again (429). Workshop ids are small numbers anyone can count, so nothing answers by id
without a credential of that workshop: a participant's token, the facilitator's cookie, or the
viewer cookie of a projection screen opened with the room code.

Joins are limited per room and per device (the ``tp_device`` cookie the join page gives), not per
address: a room full of phones behind one venue address joins; a client without the device cookie
counts as its address. These limits and the code lookups are counted in the shared store (every
worker sees them); a participant's ballots and edits are counted in the process's memory, so a
ballot costs no extra database write.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from fastapi import HTTPException, Request

from townpaths.core.errors import NotFound
from townpaths.storage import Database
from townpaths.studies.workshop import service
from townpaths.studies.workshop.core.codes import Signer
from townpaths.web.live import Broker
from townpaths.web.security import Limit, client_ip, device_key, rate_check_all, rate_limit, rate_limit_all

#: Per minute: ballots per participant, worksheet/idea edits per participant (in memory, per process).
BALLOT_LIMIT = Limit(30, 60, shared=False)
EDIT_LIMIT = Limit(240, 60, shared=False)
#: Facilitator actions (create, open the secret link) per address a minute.
ADMIN_LIMIT = Limit(120, 60)
#: Joins a minute of one device (a phone joining again after a reload, another workshop...).
DEVICE_JOIN_LIMIT = Limit(10, 60)
WRONG_CODE = "Too many wrong room codes: wait a few minutes and try again."
#: Failed room-code lookups per address and per device in 10 minutes.
ADDRESS_MISS_LIMIT = Limit(100, 600, WRONG_CODE)
DEVICE_MISS_LIMIT = Limit(20, 600, WRONG_CODE)
UNAUTHORISED = "Not a participant of this workshop: join with the room code."
#: The participant cookie of a workshop is this prefix and the workshop's id.
PARTICIPANT_COOKIE = "tpws_p_"

T = TypeVar("T")


def join_limit() -> Limit:
    """Joins of one room a minute (``TOWNPATHS_WORKSHOP_JOIN_LIMIT``, default 300)."""
    return Limit(int(os.environ.get("TOWNPATHS_WORKSHOP_JOIN_LIMIT", "300")), 60)


def lookup_room(request: Request, lookup: Callable[[], T]) -> T:
    """Run ``lookup`` (it looks a room code up and raises NotFound for a wrong one) under the limits
    on wrong codes: refused (429) while the address or the device has too many
    (:data:`ADDRESS_MISS_LIMIT`, :data:`DEVICE_MISS_LIMIT`), and a wrong code counts against both.
    The access layer looks the code of a room's route up this way. Reads the database: call it from
    a synchronous route or through ``run_in_threadpool``."""
    address, device = f"ip:{client_ip(request)}", device_key(request)
    misses = [("room-code-miss", address, ADDRESS_MISS_LIMIT)]
    if device != address:
        misses.append(("room-code-miss", device, DEVICE_MISS_LIMIT))
    rate_check_all(request, misses)
    try:
        return lookup()
    except NotFound:
        with suppress(HTTPException):  # a miss that fills the limit is still answered as wrong
            rate_limit_all(request, misses)
        raise


def find_room(request: Request, db: Database, code: str) -> int:
    """The workshop of an open room code: the one the access layer found for this request (it
    looked the code up with :func:`lookup_room`), or looked up now the same way."""
    found: int | None = getattr(getattr(request.state, "subject", None), "workshop_id", None)
    if found is not None:
        return found
    return lookup_room(request, lambda: service.find_room(db, code))


def limit_join(request: Request, workshop_id: int) -> None:
    """Count a join of the room of ``workshop_id`` by this device (429 over either limit)."""
    rate_limit_all(
        request,
        [
            ("workshop-join-device", device_key(request), DEVICE_JOIN_LIMIT),
            ("workshop-join-room", str(workshop_id), join_limit()),
        ],
    )


def _held(request: Request) -> dict[int, int]:
    """Workshop -> participant of every valid participant token this request carries (the header,
    the cookies of each workshop)."""
    sign, held = signer(request), {}
    tokens = [request.headers.get("x-participant-token")]
    tokens += [v for k, v in request.cookies.items() if k.startswith(PARTICIPANT_COOKIE)]
    for token in tokens:
        found = sign.read_participant(token)
        if found is not None:
            held[found[0]] = found[1]
    return held


def returning_participant(request: Request, db: Database, code: str) -> int | None:
    """The participant this phone already is in the room of ``code`` (it holds their token), or None.
    Looks the code up only when the phone holds a participant token at all. Synchronous."""
    held = _held(request)
    if not held:
        return None
    try:
        return held.get(find_room(request, db, code))
    except NotFound:  # an expired or mistyped code: the join form says so when it is sent
        return None


def join_room(request: Request, db: Database, code: str, nickname: str | None, sector: str | None) -> tuple[int, int]:
    """(workshop, participant) of a join with a room code: the code looked up (:func:`find_room`);
    a phone holding a participant token of that room is that participant again (its nickname and
    sector updated when given), any other join is counted (:func:`limit_join`) and adds a participant.
    Synchronous (database work)."""
    wid = find_room(request, db, code)
    back = _held(request).get(wid)
    if back is None:
        limit_join(request, wid)
    return wid, service.join(db, wid, nickname, sector, participant_id=back)


def limit_admin(request: Request) -> None:
    rate_limit(request, "workshop-admin", client_ip(request), ADMIN_LIMIT)


def limit_participant(request: Request, kind: str, workshop_id: int, participant_id: int) -> None:
    """``kind`` is ``ballot`` or ``edit``."""
    limit = BALLOT_LIMIT if kind == "ballot" else EDIT_LIMIT
    rate_limit(request, f"workshop-{kind}", f"{workshop_id}:{participant_id}", limit)


def broker(request: Request) -> Broker:
    app = request.app
    found = getattr(app.state, "workshop_broker", None)
    if found is None:
        found = app.state.workshop_broker = Broker(app.state.db)
    return found


def signer(request: Request) -> Signer:
    app = request.app
    found = getattr(app.state, "workshop_signer", None)
    if found is None:
        found = app.state.workshop_signer = Signer(app.state.settings.secret_key)
    return found


def admin_cookie(workshop_id: int) -> str:
    return f"tpws_admin_{workshop_id}"


def participant_cookie(workshop_id: int) -> str:
    return f"{PARTICIPANT_COOKIE}{workshop_id}"


def viewer_cookie(workshop_id: int) -> str:
    return f"tpws_v_{workshop_id}"


def _participant_token(request: Request, workshop_id: int) -> str | None:
    token = request.headers.get("x-participant-token")
    if token is None:
        token = request.cookies.get(participant_cookie(workshop_id)) or request.query_params.get("token")
    return token


def participant_of(request: Request, workshop_id: int) -> int:
    """The participant of a request: the ``X-Participant-Token`` header (API calls; a header, not a
    cookie, so nothing another site could forge), or the cookie/``token`` query (live view)."""
    found = signer(request).read_participant(_participant_token(request, workshop_id))
    if found is None or found[0] != workshop_id:
        raise HTTPException(401, UNAUTHORISED)
    return found[1]


def require_viewer(request: Request, workshop_id: int, *, runs_it: bool = False) -> None:
    """401 unless the request carries a credential of this workshop: a participant's token, a
    projection screen's viewer cookie, or ``runs_it`` (the person runs the workshop: its
    facilitator, a guest with its link, the town's researchers and owners; :mod:`townpaths.web.access`
    knows). So counting workshop ids reveals no room code."""
    sign = signer(request)
    participant = sign.read_participant(_participant_token(request, workshop_id))
    if participant is not None and participant[0] == workshop_id:
        return
    if runs_it:
        return
    if sign.read_viewer(request.cookies.get(viewer_cookie(workshop_id))) == workshop_id:
        return
    raise HTTPException(401, UNAUTHORISED)
