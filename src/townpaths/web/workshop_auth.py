"""Shared helpers of the workshop pages: the broker, signed facilitator and participant tokens,
and the workshop's rate limits (CSRF and the limiter itself are :mod:`townpaths.web.security`; who
may run a workshop is :mod:`townpaths.web.access`'s)."""

from __future__ import annotations

import os

from fastapi import HTTPException, Request

from townpaths.studies.workshop.core.codes import Signer
from townpaths.web.live import Broker
from townpaths.web.security import Limit, client_ip, rate_limit

#: Per minute: ballots per participant, worksheet/idea edits per participant, facilitator actions per IP.
BALLOT_LIMIT = Limit(30, 60)
EDIT_LIMIT = Limit(240, 60)
ADMIN_LIMIT = Limit(120, 60)


def join_limit() -> Limit:
    """Joins per IP address a minute (a whole class behind one address may join at once)."""
    return Limit(int(os.environ.get("TOWNPATHS_WORKSHOP_JOIN_LIMIT", "60")), 60)


def limit_join(request: Request) -> None:
    rate_limit(request, "workshop-join", client_ip(request), join_limit())


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
    return f"tpws_p_{workshop_id}"


def participant_of(request: Request, workshop_id: int) -> int:
    """The participant of a request: the ``X-Participant-Token`` header (API calls; a header, not a
    cookie, so nothing another site could forge), or the cookie/``token`` query (live view)."""
    token = request.headers.get("x-participant-token")
    if token is None:
        token = request.cookies.get(participant_cookie(workshop_id)) or request.query_params.get("token")
    found = signer(request).read_participant(token)
    if found is None or found[0] != workshop_id:
        raise HTTPException(401, "Not a participant of this workshop: join with the room code.")
    return found[1]
