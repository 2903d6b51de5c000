"""One error format for the whole app. A request to an API path (``/api/...``, or a route whose
path has an ``/api/`` part), or one that asks for JSON, gets ``{"error": message}``; any other
gets the HTML error page (``shell/error.html``). Both carry the right status: 404 for
:class:`~townpaths.core.errors.NotFound`, 409 for :class:`~townpaths.core.errors.Conflict`, 403 for
:class:`~townpaths.core.errors.Forbidden`, 400 for
other user errors and for invalid requests (the message names the field), the status of an
``HTTPException`` (403, 413, 429...), and 500 for anything else: a short message, never a
traceback, and the exception in the log."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from townpaths.core.errors import Conflict, Forbidden, InputError, NotFound, TownpathsError
from townpaths.core.i18n import Translator
from townpaths.web.deps import language, page

log = logging.getLogger("townpaths.web")

INTERNAL = "An internal error happened. It was logged; please try again later."


def status_of(exc: TownpathsError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Conflict):
        return 409
    if isinstance(exc, Forbidden):
        return 403
    return 400


def wants_json(request: Request) -> bool:
    route = request.scope.get("route")
    path = getattr(route, "path", None) or request.url.path[len(request.scope.get("root_path", "")) :]
    if path.startswith("/api/") or (route is not None and "/api/" in path):
        return True
    if request.headers.get("content-type", "").split(";")[0].strip() == "application/json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """``{"error": message}`` or the error page, with ``message`` translated when it is a msgid."""
    text = Translator(language(request)).gettext(message)
    if wants_json(request):
        return JSONResponse({"error": text}, status_code=status, headers=headers)
    response = page(request, "shell/error.html", status_code=status, message=text)
    if headers:
        response.headers.update(headers)
    return response


def validation_message(exc: RequestValidationError) -> str:
    """One line per invalid field, like :class:`InputError`: ``field 'end': Input should be ...``."""
    lines = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "header", "cookie")]
        value: Any = error.get("input")
        shown = value if isinstance(value, (str, int, float)) and len(str(value)) <= 80 else None
        if error.get("type") == "missing":
            shown = None
        lines.append(InputError(str(error.get("msg", "invalid")), field=".".join(loc) or None, value=shown).message)
    return "; ".join(lines) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail), dict(exc.headers or {}) or None)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, validation_message(exc))

    @app.exception_handler(TownpathsError)
    async def user_error(request: Request, exc: TownpathsError) -> Response:
        return error_response(request, status_of(exc), exc.message)

    @app.exception_handler(ClientDisconnect)
    async def client_left(request: Request, exc: ClientDisconnect) -> Response:
        """The client went away (or missed the body's deadline) while its body was read: nobody
        reads this answer, and it is no error of the app's."""
        log.info("client left during %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        try:
            return error_response(request, 500, INTERNAL)
        except Exception:  # the error page itself failed: plain text, still no traceback
            return Response(INTERNAL, status_code=500, media_type="text/plain; charset=utf-8")
