"""Who changes things through the web: every request runs as the signed-in account
(``request.state.user``, set by the sign-in layer) or, without one, as ``anonymous``. The audit
log (:mod:`townpaths.storage.audit`) reads the account when a change is recorded, so it does
not matter at which point of the request the account becomes known."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from townpaths.storage import audit


class AuditActor:
    """ASGI middleware: the request's changes are recorded as its signed-in user's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        with audit.acting_as(lambda: audit.user_actor(state.get("user"))):
            await self.app(scope, receive, send)
