"""Request helpers: the language of a request, the database, links built from route names,
breadcrumbs, and the page renderer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from townpaths.core.i18n import LANGUAGES
from townpaths.present.templating import render_template
from townpaths.storage import Database
from townpaths.web import security

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


# --- links ----------------------------------------------------------------------------------------


def url_for(
    request: Request, name: str, /, *, _query: dict[str, Any] | None = None, _fragment: str = "", **params: Any
) -> str:
    """The path of route ``name`` (with the app's root path, so pages work behind a proxy that
    serves the app under a prefix), plus an optional query and fragment. Relative to the host:
    ``/towns/velenje/symbols``, never ``http://host/...``."""
    path = request.url_for(name, **params).path
    query = urlencode({k: v for k, v in (_query or {}).items() if v is not None})
    return path + (f"?{query}" if query else "") + (f"#{_fragment}" if _fragment else "")


def page_url(request: Request, number: int) -> str:
    """This page's address with ``?page=number`` (its other query parameters kept, ``at`` left out)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "at")]
    query.append(("page", str(number)))
    return request.url.path + "?" + urlencode(query)


def static_url(request: Request, path: str) -> str:
    """The path of a file under ``web/static/``."""
    return url_for(request, "static", path=path)


def absolute_url(request: Request, name: str, /, **params: Any) -> str:
    """A full URL to share (a QR code, the facilitator link): ``Settings.base_url`` (the app's
    public address, with its prefix) when set, else the address the request came to."""
    relative = url_for(request, name, **params)
    base: str = request.app.state.settings.base_url
    if base:
        return base.rstrip("/") + relative[len(request.scope.get("root_path", "").rstrip("/")) :]
    return f"{request.url.scheme}://{request.url.netloc}{relative}"


@dataclass(frozen=True)
class Crumb:
    """A link of a page's navigation: ``label`` is an English msgid (translated when shown) unless
    ``translate`` is false (a town's or a record's name)."""

    label: str
    href: str
    translate: bool = True


def crumb(request: Request, label: str, name: str, /, *, translate: bool = True, **params: Any) -> Crumb:
    return Crumb(label, url_for(request, name, **params), translate)


def town_crumb(request: Request, town: Any) -> Crumb:
    """The town's overview page, labelled with the town's name."""
    return Crumb(town.name, url_for(request, "town", slug=town.slug), translate=False)


def town_crumbs(request: Request, town: Any, *pages: tuple[str, str]) -> list[Crumb]:
    """The town, then pages of the town given as (label msgid, route name taking ``slug``)."""
    return [town_crumb(request, town), *(crumb(request, label, name, slug=town.slug) for label, name in pages)]


# --- pages ----------------------------------------------------------------------------------------


def page(
    request: Request, template: str, *, status_code: int = 200, breadcrumbs: list[Crumb] | None = None, **context: Any
) -> HTMLResponse:
    """Render a template of ``web/templates`` in the request's language. Every template extends
    ``shell/base.html``, which shows ``breadcrumbs``; ``url_for``, ``static_url`` and ``csrf_field``
    are bound to the request; ``user`` is the signed-in person (or None) and ``permissions`` what
    they may do in the town the page is about (:mod:`townpaths.web.access`)."""
    lang = language(request)
    html = render_template(
        WEB_TEMPLATES,
        template,
        lang,
        request=request,
        breadcrumbs=breadcrumbs or [],
        url_for=partial(url_for, request),
        static_url=partial(static_url, request),
        page_url=partial(page_url, request),
        csrf_field=partial(security.csrf_field, request),
        user=getattr(request.state, "user", None),
        permissions=getattr(request.state, "permissions", frozenset()),
        **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, samesite="lax", path=request.scope.get("root_path", "").rstrip("/") or "/")
    return response
