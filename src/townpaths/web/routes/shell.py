"""The web shell: towns, a case overview, every table, and the report."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from townpaths.case import Case, find_town
from townpaths.report.build import render_report
from townpaths.storage import Database
from townpaths.towns import list_towns
from townpaths.web.deps import database, language, page

router = APIRouter()

#: Tables shown on a case page, in the order of the method.
OVERVIEW_TABLES = ("symbol_categories", "symbol_types", "symbols", "documents", "interviewees", "interviews",
                   "narratives", "periods", "innovations", "workshops", "problems", "solutions", "dualities",
                   "facts", "evidence")

#: Feature pages of a town (path under /towns/<slug>/, label), in the order of the method.
FEATURE_PAGES = (("symbols", "Symbol inventory"), ("documents", "Official documents"), ("qda", "Coding of interviews"),
                 ("innovations", "Social innovations"), ("sustainability", "Social sustainability"),
                 ("workshops/new", "New live workshop"))


def _case(db: Database, slug: str) -> Case:
    return Case(db, find_town(db, slug))


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, db: Database = Depends(database)) -> HTMLResponse:
    return page(request, "shell/index.html", towns=list_towns(db))


@router.get("/towns/{slug}", response_class=HTMLResponse, name="town")
def town(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    case = _case(db, slug)
    counts = case.counts()
    return page(request, "shell/town.html", town=case.town, features=FEATURE_PAGES,
                tables=[(name, counts[name]) for name in OVERVIEW_TABLES])


@router.get("/towns/{slug}/tables/{table}", response_class=HTMLResponse, name="table")
def table(request: Request, slug: str, table: str, db: Database = Depends(database)) -> HTMLResponse:
    case = _case(db, slug)
    rows = case.records(table)
    columns = list(rows[0].keys()) if rows else []
    return page(request, "shell/table.html", town=case.town, table=table, rows=rows, columns=columns)


@router.get("/towns/{slug}/report", response_class=HTMLResponse, name="report")
def report(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    case = _case(db, slug)
    return HTMLResponse(render_report(case, language(request)))
