"""The web shell: towns, a case overview, every table, and the report. Each person sees the towns,
pages and tables their roles (or a town's public parts) let them open (:mod:`townpaths.web.access`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from townpaths.cases.case import Case
from townpaths.cases.towns import list_towns
from townpaths.people.core.roles import EDIT, VIEW
from townpaths.report.build import render_report
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.studies.workshop import service as workshops
from townpaths.web.access import permitted, visible_towns
from townpaths.web.deps import database, language, page, town_crumbs, url_for

router = APIRouter()


def _case(request: Request, db: Database, slug: str) -> Case:
    return Case(db, find_town(db, slug), request.app.state.registry)


def _rows(request: Request, case: Case, table: str) -> list[dict[str, Any]]:
    """The rows of a table as the tables pages show them: without secret columns, and without the
    rows only the town's editors see (:class:`~townpaths.studies.spec.TableSpec`)."""
    rows = case.records(table)
    spec = case.registry.table_specs[table]
    if spec.unpublished is not None and EDIT not in request.state.permissions:
        rows = [r for r in rows if not spec.unpublished(r)]
    return [{k: v for k, v in r.items() if k not in spec.secret} for r in rows]


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, db: Database = Depends(database)) -> HTMLResponse:
    visible = visible_towns(request)
    every = list_towns(db, request.app.state.registry)
    towns = [t for t in every if t["slug"] in visible]
    return page(request, "shell/index.html", towns=towns, hidden=len(every) > len(towns))


@router.get("/towns/{slug}", response_class=HTMLResponse, name="town")
def town(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    case = _case(request, db, slug)
    registry, subject = case.registry, request.state.subject
    features = [
        (url_for(request, p.endpoint, slug=case.town.slug), p.label)
        for p in registry.pages()
        if permitted(request, p.endpoint, subject)
    ]
    tables = [name for name in registry.overview_tables() if permitted(request, "table", subject, table=name)]
    report = permitted(request, "report", subject)
    # the study's ranking and the runs beside it: for those who may read the case or its report
    rankings = workshops.town_runs(db, slug) if report or VIEW in request.state.permissions else None
    return page(
        request,
        "shell/town.html",
        town=case.town,
        features=features,
        report=report,
        rankings=rankings if rankings and rankings["problems"] else None,
        may_adopt=permitted(request, "town_run_adopt", subject),
        people=permitted(request, "town_people", subject),
        tables=[(name, len(_rows(request, case, name))) for name in tables],
        breadcrumbs=town_crumbs(request, case.town, *([("Report", "report")] if report else [])),
    )


@router.get("/towns/{slug}/tables/{table}", response_class=HTMLResponse, name="table")
def table(request: Request, slug: str, table: str, db: Database = Depends(database)) -> HTMLResponse:
    case = _case(request, db, slug)
    rows = _rows(request, case, table)
    columns = list(rows[0].keys()) if rows else []
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
