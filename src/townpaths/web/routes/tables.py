"""Adding, changing and deleting the rows of a town's tables in the browser: server-rendered forms
built from the registry's declarations and checked like a table file
(:mod:`townpaths.cases.tables`). Deleting asks first, showing what depends on the row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from townpaths.cases import tables as engine
from townpaths.core.errors import InputError
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.web.deps import Crumb, database, language, page, town_crumbs, url_for

router = APIRouter()

#: Form fields that are never a table's column.
NOT_COLUMNS = frozenset({"csrf"})


def _crumbs(request: Request, town: Any, table: str) -> list[Crumb]:
    return [*town_crumbs(request, town), Crumb(table, url_for(request, "table", slug=town.slug, table=table))]


def field_errors(exc: InputError) -> tuple[dict[str, list[str]], list[str]]:
    """The problems of a form, by field (the reason only), and those of no field."""
    by_field: dict[str, list[str]] = {}
    other: list[str] = []
    for error in getattr(exc, "errors", None) or [exc]:
        if error.field:
            by_field.setdefault(error.field, []).append(error.reason)
        else:
            other.append(error.reason)
    return by_field, other


def _form_page(
    request: Request,
    db: Database,
    town: Any,
    table: str,
    values: Mapping[str, Any],
    *,
    row_id: int | None = None,
    error: InputError | None = None,
) -> HTMLResponse:
    registry = request.app.state.registry
    lay = engine.authorable_layout(registry, table)
    errors, general = field_errors(error) if error is not None else ({}, [])
    return page(
        request,
        "shell/table_form.html",
        status_code=400 if error is not None else 200,
        town=town,
        table=table,
        layout=lay,
        values=values,
        row_id=row_id,
        options=engine.reference_options(db, town.slug, table, language(request), registry),
        link_options=engine.link_options(db, town.slug, table, language(request), registry),
        errors=errors,
        general=general,
        breadcrumbs=_crumbs(request, town, table),
    )


async def _submitted(request: Request, table: str) -> dict[str, str]:
    """The form's fields, with the records picked for a links column added to it."""
    form = await request.form()
    fields = {k: str(v) for k, v in form.items() if k not in NOT_COLUMNS and not k.endswith(engine.PICK)}
    picks = {k: [str(v) for v in form.getlist(k)] for k in form if k.endswith(engine.PICK)}
    return engine.with_picks(request.app.state.registry, table, fields, picks)


@router.get("/towns/{slug}/tables/{table}/new", response_class=HTMLResponse, name="table_row_new")
def row_new(request: Request, slug: str, table: str, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    values = engine.form_values(db, town.slug, table, None, request.app.state.registry)
    return _form_page(request, db, town, table, values)


@router.post("/towns/{slug}/tables/{table}/new", response_class=HTMLResponse, name="table_row_add")
async def row_add(request: Request, slug: str, table: str, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    form = await _submitted(request, table)
    try:
        row_id = engine.save_row(db, town.slug, table, form, None, request.app.state.registry)
    except InputError as exc:
        return _form_page(request, db, town, table, form, error=exc)
    return RedirectResponse(_row_link(request, town.slug, table, row_id), status_code=303)


@router.get("/towns/{slug}/tables/{table}/{row_id}/edit", response_class=HTMLResponse, name="table_row_edit")
def row_edit(request: Request, slug: str, table: str, row_id: int, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    values = engine.form_values(db, town.slug, table, row_id, request.app.state.registry)
    return _form_page(request, db, town, table, values, row_id=row_id)


@router.post("/towns/{slug}/tables/{table}/{row_id}/edit", response_class=HTMLResponse, name="table_row_save")
async def row_save(request: Request, slug: str, table: str, row_id: int, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    form = await _submitted(request, table)
    try:
        engine.save_row(db, town.slug, table, form, row_id, request.app.state.registry)
    except InputError as exc:
        return _form_page(request, db, town, table, form, row_id=row_id, error=exc)
    return RedirectResponse(_row_link(request, town.slug, table, row_id), status_code=303)


@router.get("/towns/{slug}/tables/{table}/{row_id}/delete", response_class=HTMLResponse, name="table_row_delete")
def row_delete(request: Request, slug: str, table: str, row_id: int, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    found = engine.deletion(db, town.slug, table, row_id, request.app.state.registry)
    return page(request, "shell/table_delete.html", town=town, **found, breadcrumbs=_crumbs(request, town, table))


@router.post("/towns/{slug}/tables/{table}/{row_id}/delete", name="table_row_remove")
def row_remove(request: Request, slug: str, table: str, row_id: int, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    engine.delete_row(db, town.slug, table, row_id, request.app.state.registry)
    return RedirectResponse(url_for(request, "table", slug=town.slug, table=table), status_code=303)


def _row_link(request: Request, slug: str, table: str, row_id: int) -> str:
    return url_for(request, "table", slug=slug, table=table, _fragment=f"row-{row_id}")
