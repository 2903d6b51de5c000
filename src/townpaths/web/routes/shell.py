"""The web shell: towns, a case overview, every table, and the report. Each person sees the towns,
pages and tables their roles (or a town's public parts) let them open (:mod:`townpaths.web.access`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from townpaths.cases.case import Case
from townpaths.cases.tables import row_ids
from townpaths.cases.towns import list_towns
from townpaths.people.core.roles import EDIT
from townpaths.present.paging import CELL_CHARS, Pager, pager
from townpaths.report.build import render_report
from townpaths.report.files import Download, figure_file, report_file, table_file
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.web.access import permitted, visible_towns
from townpaths.web.deps import database, language, page, town_crumbs, url_for
from townpaths.web.security import Limit, client_ip, rate_limit

router = APIRouter()

#: Laying out a PDF, a Word document or a picture takes a second or more: a limit per address.
RENDER_LIMIT = Limit(60, 600, "Too many report files from your address: wait a few minutes.")


def _case(request: Request, db: Database, slug: str) -> Case:
    return Case(db, find_town(db, slug), request.app.state.registry)


def _hidden_rows(request: Request, case: Case, table: str) -> bool:
    """Does this person see only some rows of the table (the rows only the town's editors see)?"""
    return case.registry.table_specs[table].unpublished is not None and EDIT not in request.state.permissions


def _rows(request: Request, case: Case, table: str, page: object = None) -> tuple[list[dict[str, Any]], Pager]:
    """A page of a table's rows as the tables pages show them (``PAGE_ROWS`` rows, texts cut at
    :data:`CELL_CHARS` characters): without secret columns, and without the rows only the town's
    editors see (:class:`~townpaths.studies.spec.TableSpec`)."""
    case.table(table)  # an unknown table: NotFound
    spec = case.registry.table_specs[table]
    if _hidden_rows(request, case, table):
        assert spec.unpublished is not None
        shown = [r for r in case.records(table, max_chars=CELL_CHARS) if not spec.unpublished(r)]
        at = pager(len(shown), page)
        rows = list(at.slice(shown))
    else:
        at = pager(case.count(table), page)
        rows = case.records(table, offset=at.start, limit=at.size, max_chars=CELL_CHARS)
    return [{k: _cell(v) for k, v in r.items() if k not in spec.secret} for r in rows], at


def _count(request: Request, case: Case, table: str) -> int:
    if _hidden_rows(request, case, table):
        return _rows(request, case, table)[1].total
    return case.count(table)


def _cell(value: Any) -> Any:
    """A text longer than a cell shows is cut with an ellipsis."""
    if isinstance(value, str) and len(value) > CELL_CHARS:
        return value[:CELL_CHARS] + "…"
    return value


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
    return page(
        request,
        "shell/town.html",
        town=case.town,
        features=features,
        report=report,
        people=permitted(request, "town_people", subject),
        tables=[(name, _count(request, case, name)) for name in tables],
        breadcrumbs=town_crumbs(request, case.town, *([("Report", "report")] if report else [])),
    )


@router.get("/towns/{slug}/tables/{table}", response_class=HTMLResponse, name="table")
def table(
    request: Request,
    slug: str,
    table: str,
    page_no: str | None = Query(None, alias="page"),
    db: Database = Depends(database),
) -> HTMLResponse:
    """A page of a table (``?page=``, :data:`~townpaths.present.paging.PAGE_ROWS` rows)."""
    case = _case(request, db, slug)
    rows, at = _rows(request, case, table, page_no)
    columns = list(rows[0].keys()) if rows else []
    registry = case.registry
    editable = table in registry.authorable() and permitted(
        request, "table_row_edit", request.state.subject, table=table
    )
    return page(
        request,
        "shell/table.html",
        town=case.town,
        table=table,
        rows=rows,
        pager=at,
        columns=columns,
        editable=editable,
        changeable=row_ids(db, case.town.slug, table, registry) if editable else set(),
        breadcrumbs=town_crumbs(request, case.town, ("Report", "report")),
    )


@router.get("/towns/{slug}/report", response_class=HTMLResponse, name="report")
def report(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    case = _case(request, db, slug)
    lang = language(request)

    def file_url(kind: str, name: str, fmt: str) -> str:
        route = "report_table" if kind == "table" else "report_figure"
        return url_for(request, route, slug=case.town.slug, name=name, kind=fmt, _query={"lang": lang})

    files = [
        (label, url_for(request, "report_file", slug=case.town.slug, kind=kind, _query={"lang": lang}))
        for label, kind in (("PDF", "pdf"), ("DOCX", "docx"))
    ]
    return HTMLResponse(render_report(case, lang, file_url=file_url, report_files=files))


def _download(made: Download) -> Response:
    return Response(
        made.content,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
    )


@router.get("/towns/{slug}/report.{kind}", name="report_file")
def report_download(request: Request, slug: str, kind: str, db: Database = Depends(database)) -> Response:
    """The whole report as PDF, DOCX or HTML."""
    rate_limit(request, "report-file", client_ip(request), RENDER_LIMIT)
    return _download(report_file(_case(request, db, slug), kind, language(request)))


@router.get("/towns/{slug}/report/figures/{name}.{kind}", name="report_figure")
def report_figure(request: Request, slug: str, name: str, kind: str, db: Database = Depends(database)) -> Response:
    """A figure of the report as SVG or PNG."""
    rate_limit(request, "report-file", client_ip(request), RENDER_LIMIT)
    return _download(figure_file(_case(request, db, slug), name, kind, language(request)))


@router.get("/towns/{slug}/report/tables/{name}.{kind}", name="report_table")
def report_table(request: Request, slug: str, name: str, kind: str, db: Database = Depends(database)) -> Response:
    """A table of the report as XLSX."""
    rate_limit(request, "report-file", client_ip(request), RENDER_LIMIT)
    return _download(table_file(_case(request, db, slug), name, kind, language(request)))
