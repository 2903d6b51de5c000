"""The web app's one security layer: a CSRF token bound to a session cookie, an Origin/Referer
check, the values of a request, body limits, rate limits, trusted proxies, device ids, and the
headers and cookies of every response.

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

Values. :func:`protect` also answers 400 for a NUL character in the path, the query, a form field
or a JSON body, and for an id in the path or a JSON number beyond 64 bits (:func:`check_address`,
:func:`check_body`): neither database could store or look them up.

Bodies. :class:`BodyLimit` refuses a body over :data:`MAX_BODY`, or over a route's own limit
(:func:`body_limit`: lower, like the public proposal form's, or higher for the file uploads of
signed-in people), with 413 before anything parses it.

Rate limits. :func:`rate_limit` (:func:`rate_limit_all` for several keys at once) counts hits per
purpose and key (an IP address, a device, a room, a participant) in a sliding window. The counts
live in a :class:`RateStore`: a limit that must hold across worker processes (joins, failed
room-code lookups, proposals: the default) is counted in the shared store, ``Settings.rate_store``
or the database's (:class:`townpaths.storage.rates.DatabaseRateStore`); a limit where a count per
process is good enough and speed matters (a participant's ballots) says ``shared=False`` and is
counted in this process's :class:`MemoryRateStore`.

Addresses. :func:`client_ip` is the address of the peer, unless the peer is a proxy named in
``Settings.forwarded_allow_ips``: then :class:`ForwardedHeaders` has taken the client's address from
``X-Forwarded-For`` and the scheme from ``X-Forwarded-Proto``. Those headers from anyone else are
ignored, so a client cannot pick the address its requests are counted under.

Devices. :func:`device_id` is a random id the browser keeps in the ``tp_device`` cookie (given out by
:func:`ensure_device` on the pages a phone opens first), so limits can count phones, not addresses:
a room full of phones behind one venue address joins.

Responses. :class:`SecureResponses` wraps the whole app: every response gets the security headers
(:data:`SECURITY_HEADERS`: a Content-Security-Policy without inline script, ``frame-ancestors
'none'``, ``nosniff``, a Referrer-Policy), and every cookie it sets is ``HttpOnly``,
``SameSite=Lax`` unless it says otherwise, and ``Secure`` when the request came over HTTPS (directly
or through a trusted proxy) or the app's public address is ``https``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from markupsafe import Markup, escape
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from townpaths.core.addresses import Network, in_networks, is_address
from townpaths.core.errors import InputError
from townpaths.core.values import text_problem
from townpaths.storage.db import MAX_ID, MAX_INTEGER

SESSION_COOKIE = "tp_session"
#: The signed-in account's cookie (read by :mod:`townpaths.web.access`).
ACCOUNT_COOKIE = "tp_account"
DEVICE_COOKIE = "tp_device"
#: Seconds a browser keeps its device id.
DEVICE_MAX_AGE = 365 * 24 * 3600
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
_NEW_DEVICE = "townpaths.new_device"
_DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{22}")
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
    expected = _token_for(_secret(request), sid).encode()
    return hmac.compare_digest(token.encode("utf-8", "surrogatepass"), expected)  # bytes: any text compares


def device_id(request: Request) -> str | None:
    """The browser's device id (its ``tp_device`` cookie, or the one :func:`ensure_device` gave it
    in this request), or None."""
    state = request.scope.setdefault("state", {})
    found = request.cookies.get(DEVICE_COOKIE)
    if found and _DEVICE_ID.fullmatch(found):
        return found
    new: str | None = state.get(_NEW_DEVICE)
    return new


def ensure_device(request: Request) -> str:
    """The browser's device id, given out now (in a cookie sent with the response) if it has none."""
    found = device_id(request)
    if found is None:
        found = request.scope["state"][_NEW_DEVICE] = secrets.token_urlsafe(16)
    return found


def device_key(request: Request) -> str:
    """What limits per device count: the device id, or the client's address for a client without
    one (a script that keeps no cookies counts as its address)."""
    found = request.cookies.get(DEVICE_COOKIE)
    if found and _DEVICE_ID.fullmatch(found):
        return f"device:{found}"
    return f"ip:{client_ip(request)}"


class SessionCookies:
    """ASGI middleware: sets the session and device cookies on the response when the request made
    a session or gave the browser a device id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})

        async def send_with_cookie(message: Message) -> None:
            sid, device = state.get(_NEW_SESSION), state.get(_NEW_DEVICE)
            if message["type"] == "http.response.start" and (sid or device):
                root = scope.get("root_path", "").rstrip("/") or "/"
                headers = MutableHeaders(scope=message)
                if sid:
                    headers.append("set-cookie", f"{SESSION_COOKIE}={sid}; Path={root}; HttpOnly; SameSite=Lax")
                if device:
                    headers.append(
                        "set-cookie",
                        f"{DEVICE_COOKIE}={device}; Path={root}; Max-Age={DEVICE_MAX_AGE}; HttpOnly; SameSite=Lax",
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


#: A route's body limit: bytes, or bytes for the request (its ASGI scope: path parameters, cookies).
BodyBytes = int | Callable[[Scope], int]


def body_limit(max_bytes: BodyBytes, message: str = TOO_LARGE) -> Callable[[F], F]:
    """Decorator of a route: its body may be at most ``max_bytes`` long (:data:`MAX_BODY` without
    it), or as many bytes as ``max_bytes(scope)`` says for the request (the file uploads: the
    kind's files for a signed-in person, :data:`MAX_BODY` for anyone else); ``message`` (an
    English msgid) answers a longer one. Put it under ``@router.post(...)``."""

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
        allowed: tuple[int, str] | None = None

        async def limited() -> Message:
            nonlocal total, allowed
            if allowed is None:  # the route is known once the app reads the body
                limit, message = getattr(scope.get("endpoint"), _BODY_LIMIT, (MAX_BODY, TOO_LARGE))
                allowed = (limit(scope) if callable(limit) else limit, message)
            max_bytes, message = allowed
            if declared is not None and (not (declared.isascii() and declared.isdigit()) or int(declared) > max_bytes):
                raise HTTPException(413, message)
            received = await receive()
            if received["type"] == "http.request":
                total += len(received.get("body", b""))
                if total > max_bytes:
                    raise HTTPException(413, message)
            return received

        await self.app(scope, limited, send)


def _check_text(name: str, value: str) -> None:
    """NUL characters and lone surrogates: neither database stores them."""
    if "\x00" in value:
        raise InputError("NUL characters are not allowed", field=name)
    problem = text_problem(value)
    if problem is not None:
        raise InputError(problem, field=name)


def _check_json(data: Any) -> None:
    """NUL characters in strings and keys, integers beyond 64 bits, anywhere in a JSON body."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            _check_text(where or "body", value)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and abs(value) > MAX_INTEGER:
            raise InputError("number too large", field=where or "body", value=value)
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(where or "body", key)
                stack.append((f"{where}.{key}" if where else key, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{n}]", item) for n, item in enumerate(value))


def _is_id(name: str) -> bool:
    """Is the path parameter ``name`` the id of a row (``wid``, ``symbol_id``, a round's ``no``)?"""
    return name in ("wid", "no") or name.endswith("_id")


def check_address(request: Request) -> None:
    """400 for a NUL character in the path or the query, or a number in the path beyond 64 bits, or
    an id beyond :data:`~townpaths.storage.db.MAX_ID` (no record has one; PostgreSQL would refuse to
    look it up, SQLite answer "not found": both answer the same)."""
    for name, value in request.path_params.items():
        if isinstance(value, str):
            _check_text(name, value)
            number = value.isascii() and value.isdigit()  # '²' is a digit to isdigit(), not to int()
            if number and int(value) > (MAX_ID if _is_id(name) else MAX_INTEGER):
                raise InputError("number too large", field=name, value=value)
    for name, value in request.query_params.multi_items():
        _check_text(name, value)


async def check_body(request: Request) -> None:
    """400 for a NUL character in a form field or in JSON, or a JSON number beyond 64 bits; the
    same on SQLite and PostgreSQL (which cannot store a NUL)."""
    kind = _content_type(request)
    if kind in FORM_TYPES:
        form = await request.form()
        for name, value in form.multi_items():
            if isinstance(value, str):
                _check_text(name, value)
    elif kind == "application/json":
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return  # the route answers a body that is not JSON
        except RecursionError:
            raise InputError("JSON nested too deeply", field="body") from None
        _check_json(data)


async def protect(request: Request) -> None:
    """The app-wide dependency (see the module's docstring): on every request, the path and the
    query are checked (:func:`check_address`); on unsafe methods the Origin, the CSRF token of a
    forgeable request, and the body's values (:func:`check_body`)."""
    check_address(request)
    if request.method in SAFE_METHODS:
        return
    if not same_origin(request):
        raise HTTPException(403, FOREIGN_ORIGIN)
    if forgeable(request):
        token = request.headers.get(CSRF_HEADER)
        if token is None and _content_type(request) in FORM_TYPES:
            form = await request.form()
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else None
        if not check_token(request, token):
            raise HTTPException(403, FORM_EXPIRED)
    await check_body(request)


# --- rate limits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` per ``seconds``; ``message`` (an English msgid) tells the user to wait.
    ``shared``: counted in the store every worker shares (the default), else in this process's memory."""

    hits: int
    seconds: float
    message: str = "Too many requests: wait a moment and try again."
    shared: bool = True


class RateStore(Protocol):
    """Where hits are counted: :class:`MemoryRateStore` (one process) or a store shared by every
    worker (:class:`townpaths.storage.rates.DatabaseRateStore`)."""

    def hit(self, key: str, hits: int, seconds: float) -> float:
        """Count a hit of ``key`` and return 0, or, when ``key`` already had ``hits`` hits in the
        last ``seconds``, count nothing and return the seconds until the oldest one leaves the window."""
        ...

    def wait(self, key: str, hits: int, seconds: float) -> float:
        """0 when one more hit of ``key`` would be allowed now, else the seconds to wait; counts nothing."""
        ...

    def hit_all(self, limits: Sequence[tuple[str, int, float]]) -> float:
        """:meth:`hit` for several ``(key, hits, seconds)`` at once, all or nothing: 0 when every key
        was counted; otherwise none was, and the longest wait is returned."""
        ...

    def wait_all(self, limits: Sequence[tuple[str, int, float]]) -> float:
        """:meth:`wait` for several keys: the longest wait, 0 when one more hit of each is allowed."""
        ...


class MemoryRateStore:
    """Sliding windows in memory, per process; idle keys are forgotten so memory stays bounded."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self.clock, self.max_keys = clock, max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _window(self, key: str, now: float, seconds: float) -> deque[float]:
        times = self._hits.setdefault(key, deque())
        while times and times[0] <= now - seconds:
            times.popleft()
        return times

    def hit(self, key: str, hits: int, seconds: float) -> float:
        now = self.clock()
        with self._lock:
            times = self._window(key, now, seconds)
            if len(times) >= hits:
                return max(times[0] + seconds - now, 0.001)
            times.append(now)
            if len(self._hits) > self.max_keys:
                self._forget(now - seconds)
            return 0.0

    def wait(self, key: str, hits: int, seconds: float) -> float:
        with self._lock:
            return self._wait(key, hits, seconds)

    def hit_all(self, limits: Sequence[tuple[str, int, float]]) -> float:
        with self._lock:
            longest = max((self._wait(key, hits, seconds) for key, hits, seconds in limits), default=0.0)
            if longest:
                return longest
            now = self.clock()
            for key, _hits, _seconds in limits:
                self._hits.setdefault(key, deque()).append(now)
            return 0.0

    def wait_all(self, limits: Sequence[tuple[str, int, float]]) -> float:
        with self._lock:
            return max((self._wait(key, hits, seconds) for key, hits, seconds in limits), default=0.0)

    def _wait(self, key: str, hits: int, seconds: float) -> float:
        now = self.clock()
        if key not in self._hits:
            return 0.0
        times = self._window(key, now, seconds)
        return max(times[0] + seconds - now, 0.001) if len(times) >= hits else 0.0

    def _forget(self, before: float) -> None:
        for k in [k for k, v in self._hits.items() if not v or v[-1] <= before]:
            del self._hits[k]
        if len(self._hits) > self.max_keys:
            self._hits.clear()


def _store(request: Request, limit: Limit) -> RateStore:
    state = request.app.state
    store: RateStore = state.rate_store if limit.shared else state.local_rates
    return store


def _too_many(limit: Limit, wait: float) -> HTTPException:
    return HTTPException(429, limit.message, headers={"Retry-After": str(math.ceil(wait))})


#: One limit on one key: (purpose, key, limit).
Counted = tuple[str, str, Limit]


def _one_store(request: Request, limits: Sequence[Counted]) -> RateStore:
    stores = {limit.shared for _purpose, _key, limit in limits}
    if len(stores) != 1:
        raise ValueError("limits counted together must all be shared or all be local")
    return _store(request, limits[0][2])


def rate_limit_all(request: Request, limits: Sequence[Counted]) -> None:
    """:func:`rate_limit` for several limits at once, all or nothing (one database transaction for
    shared limits): 429 with the first limit's message when any is reached, and nothing counted."""
    keyed = [(f"{purpose}:{key}", limit.hits, limit.seconds) for purpose, key, limit in limits]
    wait = _one_store(request, limits).hit_all(keyed)
    if wait:
        raise _too_many(limits[0][2], wait)


def rate_check_all(request: Request, limits: Sequence[Counted]) -> None:
    """429 when any of the keys is already at its limit, counting nothing (for limits on failures:
    check first, count with :func:`rate_limit_all` when the attempt fails)."""
    keyed = [(f"{purpose}:{key}", limit.hits, limit.seconds) for purpose, key, limit in limits]
    wait = _one_store(request, limits).wait_all(keyed)
    if wait:
        raise _too_many(limits[0][2], wait)


def rate_limit(request: Request, purpose: str, key: str, limit: Limit) -> None:
    """Count a hit of ``key`` (an IP address, a device, a participant) for ``purpose``; 429 with
    ``Retry-After`` when it is over ``limit``. A shared limit reads and writes the database: call it
    from a synchronous route or through ``run_in_threadpool``."""
    wait = _store(request, limit).hit(f"{purpose}:{key}", limit.hits, limit.seconds)
    if wait:
        raise _too_many(limit, wait)


# --- client addresses behind trusted proxies ------------------------------------------------------


def _header(scope: Scope, name: bytes) -> str | None:
    values = [v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == name]
    return ",".join(values) if values else None


class ForwardedHeaders:
    """ASGI middleware: when the peer is a trusted proxy, the client's address is taken from
    ``X-Forwarded-For`` (the right-most address that is not itself a trusted proxy) and the scheme
    from ``X-Forwarded-Proto``; from any other peer both headers are ignored. ``trusted``: networks,
    None for any peer, () for none."""

    def __init__(self, app: ASGIApp, trusted: tuple[Network, ...] | None = ()) -> None:
        self.app, self.trusted = app, trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and client and in_networks(client[0], self.trusted):
            self._apply(scope)
        await self.app(scope, receive, send)

    def _apply(self, scope: Scope) -> None:
        hops = [h.strip() for h in (_header(scope, b"x-forwarded-for") or "").split(",") if h.strip()]
        if hops:
            chosen = next((h for h in reversed(hops) if not in_networks(h, self.trusted)), hops[0])
            if is_address(chosen):
                scope["client"] = (chosen, 0)
        proto = (_header(scope, b"x-forwarded-proto") or "").split(",")[-1].strip().lower()
        if proto in ("http", "https"):
            secure = proto == "https"
            if scope["type"] == "http":
                scope["scheme"] = proto
            else:
                scope["scheme"] = "wss" if secure else "ws"


def client_ip(request: Request) -> str:
    """The client's address: the peer's, or, behind a trusted proxy (``Settings.forwarded_allow_ips``),
    the one the proxy forwarded (:class:`ForwardedHeaders`)."""
    return request.client.host if request.client else "unknown"


# --- headers and cookies of every response --------------------------------------------------------


def content_security_policy(img_sources: Sequence[str] = ()) -> str:
    """The Content-Security-Policy: scripts only from the app's own files (no inline script, no
    ``on...=`` handlers, no eval), nothing embeds the app. Styles may be inline: the report and the
    charts colour with style attributes. ``img_sources``: origins pictures may also come from (the
    map's tile server, on the pages that show the map)."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            " ".join(("img-src 'self' data:", *img_sources)),
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


#: The Content-Security-Policy of every response (a page with the map's tiles allows their host too).
CSP = content_security_policy()
SECURITY_HEADERS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)


def harden_cookie(cookie: str, secure: bool) -> str:
    """A ``Set-Cookie`` value with ``HttpOnly``, a ``SameSite`` (Lax unless it has one) and, when
    ``secure``, ``Secure``."""
    attributes = {part.strip().split("=", 1)[0].lower() for part in cookie.split(";")[1:]}
    if "httponly" not in attributes:
        cookie += "; HttpOnly"
    if "samesite" not in attributes:
        cookie += "; SameSite=Lax"
    if secure and "secure" not in attributes:
        cookie += "; Secure"
    return cookie


class SecureResponses:
    """ASGI middleware around the whole app (error pages included): the security headers on every
    response (a header the response set itself wins) and hardened cookies (:func:`harden_cookie`).
    ``always_secure``: the app's public address is https, so cookies are ``Secure`` whatever the
    scheme the request arrived with."""

    def __init__(self, app: ASGIApp, always_secure: bool = False) -> None:
        self.app, self.always_secure = app, always_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    if name not in headers:
                        headers[name] = value
                secure = self.always_secure or scope.get("scheme") == "https"
                cookies = headers.getlist("set-cookie")
                if cookies:
                    del headers["set-cookie"]
                    for cookie in cookies:
                        headers.append("set-cookie", harden_cookie(cookie, secure))
            await send(message)

        await self.app(scope, receive, send_secured)
