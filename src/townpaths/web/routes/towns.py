"""A new town (the server's administrators) and a town's settings (its owners): server-rendered
forms checked by :mod:`townpaths.cases.settings`, the same checks as ``townpaths towns
create/edit``. A town made in the browser starts with the method's defaults, and the
administrator who made it becomes its owner."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from townpaths.cases.settings import SETTINGS
from townpaths.cases.towns import create_town, edit_town, town_settings
from townpaths.core.errors import Conflict, InputError
from townpaths.core.i18n import LANGUAGES
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.web.access import account_of
from townpaths.web.deps import crumb, database, page, town_crumbs, url_for

router = APIRouter()


def _form_page(
    request: Request, values: dict[str, Any], *, town: Any = None, error: InputError | Conflict | None = None
) -> HTMLResponse:
    crumbs = (
        town_crumbs(request, town, ("Settings", "town_settings"))
        if town is not None
        else [crumb(request, "Towns", "home"), crumb(request, "New town", "town_new")]
    )
    field = error.field if isinstance(error, InputError) else None
    message = None
    if isinstance(error, InputError):
        message = error.reason if field else error.message
    elif error is not None:
        message = error.message
    return page(
        request,
        "shell/town_form.html",
        status_code=400 if isinstance(error, InputError) else 409 if error is not None else 200,
        town=town,
        values=values,
        languages=LANGUAGES,
        error=message,
        error_field=field,
        breadcrumbs=crumbs,
    )


async def _submitted(request: Request) -> dict[str, Any]:
    """The form's settings (the languages ticked as a list; the slug of a new town kept apart)."""
    form = await request.form()
    values: dict[str, Any] = {name: str(form.get(name, "")) for name in SETTINGS if name != "languages"}
    values["languages"] = [str(v) for v in form.getlist("languages")]
    values["slug"] = str(form.get("slug", ""))
    return values


@router.get("/new-town", response_class=HTMLResponse, name="town_new")
def town_new(request: Request) -> HTMLResponse:
    return _form_page(request, {"languages": list(LANGUAGES)})


@router.post("/new-town", name="town_create")
async def town_create(request: Request, db: Database = Depends(database)) -> Response:
    values = await _submitted(request)
    settings = {k: v for k, v in values.items() if k not in ("name", "slug")}
    me = account_of(request)
    try:
        made = create_town(
            db,
            values["name"],
            slug=values["slug"] or None,
            registry=request.app.state.registry,
            owner_id=me.id if me is not None else None,
            **settings,
        )
    except (InputError, Conflict) as exc:
        return _form_page(request, values, error=exc)
    return RedirectResponse(url_for(request, "town", slug=made["slug"]), status_code=303)


@router.get("/towns/{slug}/settings", response_class=HTMLResponse, name="town_settings")
def settings(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    found = find_town(db, slug)
    return _form_page(request, town_settings(found), town=found)


@router.post("/towns/{slug}/settings", name="town_settings_save")
async def settings_save(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    found = find_town(db, slug)
    values = await _submitted(request)
    values.pop("slug")
    try:
        edit_town(db, found.slug, **values)
    except (InputError, Conflict) as exc:
        return _form_page(request, {**values, "slug": found.slug}, town=found, error=exc)
    return RedirectResponse(url_for(request, "town", slug=found.slug), status_code=303)
