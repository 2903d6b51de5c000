"""The web shell: towns, a case overview, every table, and the report."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from townpaths.cases.case import Case
from townpaths.cases.towns import list_towns
from townpaths.report.build import render_report
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.web.deps import database, language, page, town_crumbs, url_for

router = APIRouter()


def _case(request: Request, db: Database, slug: str) -> Case:
    return Case(db, find_town(db, slug), request.app.state.registry)


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, db: Database = Depends(database)) -> HTMLResponse:
    return page(request, "shell/index.html", towns=list_towns(db, request.app.state.registry))


@router.get("/towns/{slug}", response_class=HTMLResponse, name="town")
def town(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    case = _case(request, db, slug)
    registry = case.registry
    features = [(url_for(request, p.endpoint, slug=case.town.slug), p.label) for p in registry.pages()]
    return page(
        request,
        "shell/town.html",
        town=case.town,
        features=features,
        tables=[(name, len(case.records(name))) for name in registry.overview_tables()],
        breadcrumbs=town_crumbs(request, case.town, ("Report", "report")),
    )


#: Columns a table page never shows: a workshop's room code (the only way into its room, which
#: must not be read off a list of workshops) and the hashes and salts of secrets.
SECRET_COLUMNS = frozenset({"room_code", "admin_secret_hash", "secret_salt", "password_hash", "password_token_hash"})


@router.get("/towns/{slug}/tables/{table}", response_class=HTMLResponse, name="table")
def table(request: Request, slug: str, table: str, db: Database = Depends(database)) -> HTMLResponse:
    case = _case(request, db, slug)
    rows = case.records(table)
    columns = [c for c in rows[0] if c not in SECRET_COLUMNS] if rows else []
    return page(
        request,
        "shell/table.html",
        town=case.town,
        table=table,
        rows=rows,
        columns=columns,
        breadcrumbs=town_crumbs(request, case.town, ("Report", "report")),
    )


@router.get("/towns/{slug}/report", response_class=HTMLResponse, name="report")
def report(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    case = _case(request, db, slug)
    return HTMLResponse(render_report(case, language(request)))
