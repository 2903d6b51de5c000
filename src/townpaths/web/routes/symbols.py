"""Symbol inventory pages: list with filters and a map (an interactive map, Leaflet, over the offline
SVG map it replaces; tiles only from the configured tile server), detail with photos, edit form."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from townpaths.core.errors import InputError
from townpaths.core.i18n import Translator
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.studies.symbols import service
from townpaths.studies.symbols.core.map import map_svg, points
from townpaths.studies.symbols.core.vocab import NARRATIVES, SOURCES, TANGIBLE, THEMES, VISIBLE
from townpaths.studies.symbols.formats.geojson import feature_collection
from townpaths.web.deps import Crumb, database, language, page, town_crumbs, url_for
from townpaths.web.security import content_security_policy

router = APIRouter()


def _theme_labels(lang: str) -> dict:
    return {c.key: c.label(lang) for c in THEMES}


def _markers(request: Request, town: Any, rows: list[dict[str, Any]], tr: Translator) -> list[dict[str, Any]]:
    """What the interactive map shows of each symbol that has coordinates: its place, name, type,
    theme and page."""
    themes = _theme_labels(tr.lang)
    return [
        {
            "id": r["record_id"],
            "name": tr.field(r, "name") or r.get("name") or "",
            "lat": float(r["latitude"]),
            "lon": float(r["longitude"]),
            "theme": r.get("theme") or "",
            "themeLabel": themes.get(r.get("theme"), "") if r.get("theme") else "",
            "type": f"{r['type_no']}. {tr.field(r, 'type')}" if r.get("type") else "",
            "url": url_for(request, "symbol", slug=town.slug, symbol_id=r["record_id"]),
        }
        for r in rows
        if r.get("latitude") is not None and r.get("longitude") is not None
    ]


def _with_tiles_allowed(request: Request, response: HTMLResponse) -> HTMLResponse:
    """A page showing the map may load pictures from the configured tile server (and no other)."""
    tiles = request.app.state.map_tiles
    if tiles is not None and tiles[1] is not None:
        response.headers["content-security-policy"] = content_security_policy(img_sources=(tiles[1],))
    return response


@router.get("/towns/{slug}/symbols", response_class=HTMLResponse, name="symbols")
def symbols(
    request: Request, slug: str, page_no: str | None = Query(None, alias="page"), db: Database = Depends(database)
) -> HTMLResponse:
    """The symbols that match the filters: all of them on the map, a page (``?page=``) in the table."""
    town = find_town(db, slug)
    lang = language(request)
    tr = Translator(lang)
    found = service.browse(db, town.slug, dict(request.query_params), page_no)
    # a map of thousands of points is neither readable nor quick: then the symbols of this page
    mapped = found.pop("mapped")
    svg = map_svg(
        points(mapped),
        lang=lang,
        title=tr.gettext("Map of the symbols"),
        link=lambda s: url_for(request, "symbol", slug=town.slug, symbol_id=s["id"]),
        theme_labels=_theme_labels(lang),
        empty_text=tr.gettext("No symbol shown has coordinates."),
    )
    tiles = request.app.state.map_tiles
    response = page(
        request,
        "symbols/list.html",
        town=town,
        map=Markup(svg),
        markers=_markers(request, town, mapped, tr),
        tiles=tiles[0] if tiles else "",
        attribution=request.app.state.settings.map_attribution if tiles else "",
        themes=THEMES,
        narratives=NARRATIVES,
        sources=SOURCES,
        tangible=TANGIBLE,
        visible=VISIBLE,
        **found,
        breadcrumbs=town_crumbs(
            request, town, ("Symbols", "symbols"), ("Official documents", "documents"), ("Report", "report")
        ),
    )
    return _with_tiles_allowed(request, response)


@router.get("/towns/{slug}/symbols.geojson", name="symbols_geojson")
def symbols_geojson(slug: str, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    data = feature_collection(service.symbol_rows(db, town.slug), name=f"{town.slug} symbols")
    return Response(json.dumps(data, ensure_ascii=False, default=str), media_type="application/geo+json")


@router.get("/towns/{slug}/symbols/{symbol_id}", response_class=HTMLResponse, name="symbol")
def symbol(request: Request, slug: str, symbol_id: int, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    lang = language(request)
    detail = service.symbol_detail(db, town.id, symbol_id)
    svg = map_svg(
        points([detail["symbol"]]),
        width=480,
        height=260,
        lang=lang,
        theme_labels=_theme_labels(lang),
        empty_text=Translator(lang).gettext("No coordinates."),
    )
    return page(
        request,
        "symbols/detail.html",
        town=town,
        map=Markup(svg),
        **detail,
        breadcrumbs=town_crumbs(request, town, ("Symbols", "symbols")),
    )


def _edit_page(
    request: Request,
    town: Any,
    symbol_id: int,
    db: Database,
    *,
    form: dict | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    detail = service.symbol_detail(db, town.id, symbol_id)
    values = dict(detail["symbol"])
    if form is not None:
        values.update(form)
    name = Crumb(
        Translator(language(request)).field(detail["symbol"], "name") or "",
        url_for(request, "symbol", slug=town.slug, symbol_id=symbol_id),
        translate=False,
    )
    return page(
        request,
        "symbols/edit.html",
        status_code=status_code,
        town=town,
        values=values,
        error=error,
        themes=THEMES,
        narratives=NARRATIVES,
        tangible=TANGIBLE,
        visible=VISIBLE,
        **detail,
        breadcrumbs=[*town_crumbs(request, town, ("Symbols", "symbols")), name],
    )


@router.get("/towns/{slug}/symbols/{symbol_id}/edit", response_class=HTMLResponse, name="symbol_edit")
def symbol_edit(request: Request, slug: str, symbol_id: int, db: Database = Depends(database)) -> HTMLResponse:
    return _edit_page(request, find_town(db, slug), symbol_id, db)


@router.post("/towns/{slug}/symbols/{symbol_id}/edit", response_class=HTMLResponse, name="symbol_save")
async def symbol_save(request: Request, slug: str, symbol_id: int, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        service.update_symbol(db, town.id, symbol_id, form)
    except InputError as exc:
        return _edit_page(request, town, symbol_id, db, form=form, error=exc.message, status_code=400)
    return RedirectResponse(url_for(request, "symbol", slug=town.slug, symbol_id=symbol_id), status_code=303)


@router.get("/towns/{slug}/symbol-photos/{photo_id}", name="symbol_photo")
def symbol_photo(slug: str, photo_id: int, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    content, media_type = service.get_photo(db, town.id, photo_id)
    return Response(
        content,
        media_type=media_type,
        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'"},
    )
