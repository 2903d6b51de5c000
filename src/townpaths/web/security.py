"""The web app's one security layer: a CSRF token bound to a session cookie, an Origin/Referer
check, request body limits and rate limits.

CSRF. Every browser gets a random session id in the ``tp_session`` cookie (http-only, SameSite=Lax)
the first time a page shows a form. A form's token is the HMAC-SHA256 of that id with the app's
``secret_key``: a page of another site can make the browser send the cookie, but cannot read the
token. :func:`protect` runs before every route on every unsafe method (POST, PUT, PATCH, DELETE):

* a foreign ``Origin`` (or, without one, a foreign ``Referer``) is refused (403);
* a request that another site's page could make a browser send without asking first (a CORS
  "simple" request: a POST with a form, text or no body) must carry a valid token, in the ``csrf``
  form field or the ``X-CSRF-Token`` header (403 otherwise). Other requests (JSON bodies,
  PUT/PATCH/DELETE, or the phones' ``X-Participant-Token`` header, which is a credential of its
  own and not a cookie) are sent cross-site only after a CORS preflight, which this app never
  grants, so the Origin check is all they need.

Bodies. :class:`BodyLimit` refuses a body over :data:`MAX_BODY`, or over a route's own lower limit
(:func:`body_limit`, like the public proposal form's), with 413 before anything parses it.

Rate limits. :func:`rate_limit` counts hits per purpose and key (an IP address, a participant) in a
sliding window. The counts live in a :class:`RateStore`; :class:`MemoryRateStore` keeps them in
memory, per process (several workers count separately); a shared store can replace it through
``Settings.rate_store``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from markupsafe import Markup, escape
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "tp_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
#: Headers that authenticate a request by themselves (not by a cookie): nothing to forge.
CREDENTIAL_HEADERS = ("x-participant-token",)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: Content types a page of another site can send with a plain form or ``fetch(..., {mode: "no-cors"})``.
SIMPLE_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
#: Limit of a request body, in bytes, unless a route sets its own.
MAX_BODY = 1024 * 1024

FORM_EXPIRED = "The form expired: reload the page and send it again."
FOREIGN_ORIGIN = "This request came from another site."
TOO_LARGE = "The request is too large."

_NEW_SESSION = "townpaths.new_session"
_BODY_LIMIT = "__townpaths_body_limit__"

F = TypeVar("F", bound=Callable[..., Any])


# --- sessions and CSRF tokens ---------------------------------------------------------------------


def _secret(request: Request) -> bytes:
    key: str = request.app.state.settings.secret_key
    return key.encode()


def session_id(request: Request) -> str:
    """The browser's session id: its ``tp_session`` cookie, or a new one (sent back with the
    response by :class:`SessionCookies`)."""
    state = request.scope.setdefault("state", {})
    sid = state.get(_NEW_SESSION) or request.cookies.get(SESSION_COOKIE)
    if not sid:
        sid = state[_NEW_SESSION] = secrets.token_urlsafe(18)
    return sid


def restart_session(request: Request) -> None:
    """Give the browser a new session id (and so new CSRF tokens) with this response: done when
    someone signs in or out, so a session id planted beforehand is worth nothing after."""
    request.scope.setdefault("state", {})[_NEW_SESSION] = secrets.token_urlsafe(18)


def _token_for(secret: bytes, sid: str) -> str:
    return hmac.new(secret, f"townpaths-csrf:{sid}".encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser's session (the same for every form of the session)."""
    return _token_for(_secret(request), session_id(request))


def csrf_field(request: Request) -> Markup:
    """The hidden form field carrying the token."""
    return Markup('<input type="hidden" name="%s" value="%s">') % (CSRF_FIELD, escape(csrf_token(request)))


def check_token(request: Request, token: str | None) -> bool:
    """Is ``token`` the token of the session cookie sent with this request?"""
    sid = request.cookies.get(SESSION_COOKIE)
    if not sid or not token:
        return False
    return hmac.compare_digest(token, _token_for(_secret(request), sid))


class SessionCookies:
    """ASGI middleware: sets the session cookie on the response when the request made a session."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})

        async def send_with_cookie(message: Message) -> None:
            sid = state.get(_NEW_SESSION)
            if message["type"] == "http.response.start" and sid:
                root = scope.get("root_path", "").rstrip("/") or "/"
                secure = "; Secure" if scope.get("scheme") == "https" else ""
                MutableHeaders(scope=message).append(
                    "set-cookie", f"{SESSION_COOKIE}={sid}; Path={root}; HttpOnly; SameSite=Lax{secure}"
                )
            await send(message)

        await self.app(scope, receive, send_with_cookie)


# --- the check on every unsafe request ------------------------------------------------------------


def _hosts(request: Request) -> set[str]:
    """host[:port] this app answers as: the Host header, a proxy's X-Forwarded-Host (a page of another
    site cannot set either), and the host of ``Settings.base_url``."""
    hosts = {request.headers.get("host", "")}
    hosts.update(h.strip() for h in request.headers.get("x-forwarded-host", "").split(","))
    base = request.app.state.settings.base_url
    if base:
        hosts.add(urlsplit(base).netloc)
    return {h.lower() for h in hosts if h}


def same_origin(request: Request) -> bool:
    """False when the ``Origin`` (or, without one, the ``Referer``) names another site. A request with
    neither (not sent by a browser, or a browser that hides both) passes: the token still applies.
    The scheme is not compared, since a proxy that ends TLS turns https into http."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if source is None:
        return True
    netloc = urlsplit(source).netloc.lower() if source != "null" else ""
    return bool(netloc) and netloc in _hosts(request)


def _content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def forgeable(request: Request) -> bool:
    """Could a page of another site make the browser send this request, with its cookies, without
    a CORS preflight? Only such requests need the token."""
    if request.method != "POST":  # PUT, PATCH, DELETE...: preflighted
        return False
    if any(h in request.headers for h in CREDENTIAL_HEADERS):
        return False
    kind = _content_type(request)
    return not kind or kind in SIMPLE_TYPES


def body_limit(max_bytes: int, message: str = TOO_LARGE) -> Callable[[F], F]:
    """Decorator of a route: its body may be at most ``max_bytes`` long (:data:`MAX_BODY` without
    it); ``message`` (an English msgid) answers a longer one. Put it under ``@router.post(...)``."""

    def mark(endpoint: F) -> F:
        setattr(endpoint, _BODY_LIMIT, (max_bytes, message))
        return endpoint

    return mark


class BodyLimit:
    """ASGI middleware: a request body longer than its route allows (:func:`body_limit`) raises 413
    as it is read, at the first read when the request declares its length, so nothing parses it.
    The error is raised inside the route, where the app's error handlers answer it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        total = 0

        async def limited() -> Message:
            nonlocal total
            max_bytes, message = getattr(scope.get("endpoint"), _BODY_LIMIT, (MAX_BODY, TOO_LARGE))
            if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
                raise HTTPException(413, message)
            received = await receive()
            if received["type"] == "http.request":
                total += len(received.get("body", b""))
                if total > max_bytes:
                    raise HTTPException(413, message)
            return received

        await self.app(scope, limited, send)


async def protect(request: Request) -> None:
    """The app-wide dependency (see the module's docstring): nothing to do on safe methods."""
    if request.method in SAFE_METHODS:
        return
    if not same_origin(request):
        raise HTTPException(403, FOREIGN_ORIGIN)
    if not forgeable(request):
        return
    token = request.headers.get(CSRF_HEADER)
    if token is None and _content_type(request) in FORM_TYPES:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not check_token(request, token):
        raise HTTPException(403, FORM_EXPIRED)


# --- rate limits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` per ``seconds``; ``message`` (an English msgid) tells the user to wait."""

    hits: int
    seconds: float
    message: str = "Too many requests: wait a moment and try again."


class RateStore(Protocol):
    """Where hits are counted (memory now; a shared store for several workers later)."""

    def hit(self, key: str, hits: int, seconds: float) -> float:
        """Count a hit of ``key`` and return 0, or, when ``key`` already had ``hits`` hits in the
        last ``seconds``, count nothing and return the seconds until the oldest one leaves the window."""
        ...


class MemoryRateStore:
    """Sliding windows in memory, per process; idle keys are forgotten so memory stays bounded."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self.clock, self.max_keys = clock, max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, hits: int, seconds: float) -> float:
        now = self.clock()
        with self._lock:
            times = self._hits.setdefault(key, deque())
            while times and times[0] <= now - seconds:
                times.popleft()
            if len(times) >= hits:
                return max(times[0] + seconds - now, 0.001)
            times.append(now)
            if len(self._hits) > self.max_keys:
                self._forget(now - seconds)
            return 0.0

    def _forget(self, before: float) -> None:
        for k in [k for k, v in self._hits.items() if not v or v[-1] <= before]:
            del self._hits[k]
        if len(self._hits) > self.max_keys:
            self._hits.clear()


def rate_limit(request: Request, purpose: str, key: str, limit: Limit) -> None:
    """Count a hit of ``key`` (an IP address, a participant) for ``purpose``; 429 with
    ``Retry-After`` when it is over ``limit``."""
    wait = request.app.state.rate_store.hit(f"{purpose}:{key}", limit.hits, limit.seconds)
    if wait:
        raise HTTPException(429, limit.message, headers={"Retry-After": str(math.ceil(wait))})


def client_ip(request: Request) -> str:
    """The client's address (the proxy's unless uvicorn runs with ``--proxy-headers``)."""
    return request.client.host if request.client else "unknown"
