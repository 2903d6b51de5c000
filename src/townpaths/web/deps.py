"""Request helpers: the language of a request, the database, the page renderer."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from townpaths.core.i18n import LANGUAGES
from townpaths.storage import Database
from townpaths.present.templating import render_template

#: The web app's templates.
WEB_TEMPLATES = (("townpaths", "web/templates"),)


def language(request: Request) -> str:
    """``?lang=`` first, then the ``lang`` cookie, then Accept-Language, then the default."""
    lang = request.query_params.get("lang") or request.cookies.get("lang")
    if lang in LANGUAGES:
        return lang
    accept = request.headers.get("accept-language", "")
    for part in accept.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return request.app.state.settings.default_lang


def database(request: Request) -> Database:
    return request.app.state.db


def page(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    html = render_template(WEB_TEMPLATES, template, lang, request=request, url_for=request.url_for, **context)
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, samesite="lax")
    return response
