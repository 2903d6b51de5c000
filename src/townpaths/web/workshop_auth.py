"""Shared helpers of the workshop pages: the broker, signed tokens, CSRF, rate limits."""

from __future__ import annotations

import os
import secrets
import time
from collections import deque

from fastapi import HTTPException, Request
from fastapi.responses import Response

from townpaths.studies.workshop.core.codes import Signer
from townpaths.web.live import Broker

SID_COOKIE = "tpws_sid"


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


def is_admin(request: Request, workshop_id: int) -> bool:
    return signer(request).read_admin(request.cookies.get(admin_cookie(workshop_id))) == workshop_id


def require_admin(request: Request, workshop_id: int) -> None:
    if not is_admin(request, workshop_id):
        raise HTTPException(403, "open the facilitator link first")


def participant_of(request: Request, workshop_id: int) -> int:
    """The participant of a request: the ``X-Participant-Token`` header (API calls; a custom
    header cannot be sent cross-site, so no CSRF), or the cookie/``token`` query (live view)."""
    token = request.headers.get("x-participant-token")
    if token is None:
        token = request.cookies.get(participant_cookie(workshop_id)) or request.query_params.get("token")
    found = signer(request).read_participant(token)
    if found is None or found[0] != workshop_id:
        raise HTTPException(401, "not a participant of this workshop: join with the room code")
    return found[1]


def csrf_token(request: Request, response: Response | None = None) -> tuple[str, str]:
    """(session id, CSRF token) for forms; a new session id is set as a cookie when missing."""
    sid = request.cookies.get(SID_COOKIE) or request.state.__dict__.get("tpws_sid")
    if not sid:
        sid = secrets.token_urlsafe(16)
        request.state.tpws_sid = sid
    return sid, signer(request).csrf_token(sid)


def set_sid(response: Response, sid: str) -> None:
    response.set_cookie(SID_COOKIE, sid, httponly=True, samesite="lax")


def check_csrf(request: Request, token: str | None) -> None:
    if not signer(request).check_csrf(token, request.cookies.get(SID_COOKIE)):
        raise HTTPException(403, "the form expired: reload the page and try again")


class RateLimiter:
    """Sliding-window limits per key, in memory (per worker process)."""

    def __init__(self) -> None:
        self.hits: dict[str, deque[float]] = {}

    def check(self, key: str, limit: int, window: float = 60.0) -> None:
        now = time.monotonic()
        q = self.hits.setdefault(key, deque())
        while q and q[0] <= now - window:
            q.popleft()
        if len(q) >= limit:
            raise HTTPException(429, "too many requests: wait a moment")
        q.append(now)
        if len(self.hits) > 100_000:
            self.hits.clear()


def limit(request: Request, kind: str, key: str) -> None:
    limits = {"join": int(os.environ.get("TOWNPATHS_WORKSHOP_JOIN_LIMIT", "60")), "ballot": 30, "edit": 240,
              "admin": 120}
    app = request.app
    limiter = getattr(app.state, "workshop_limiter", None)
    if limiter is None:
        limiter = app.state.workshop_limiter = RateLimiter()
    limiter.check(f"{kind}:{key}", limits[kind])


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "?"
