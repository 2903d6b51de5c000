"""A town's audit log: the page (newest first, paged, filtered by table and person) and its CSV
export. Who may see them is declared with the other routes' rules, by the route names
``town_audit`` and ``town_audit_csv``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from townpaths.cases import audit
from townpaths.storage import Database
from townpaths.web.deps import database, page, town_crumbs

router = APIRouter()


@router.get("/towns/{slug}/audit", response_class=HTMLResponse, name="town_audit")
def town_audit(
    request: Request,
    slug: str,
    table: str | None = None,
    person: str | None = None,
    page_no: int = Query(1, alias="page", ge=1, le=1_000_000),
    db: Database = Depends(database),
) -> HTMLResponse:
    log = audit.town_log(db, slug, table=table, person=person, page=page_no)
    return page(request, "shell/audit.html", **log, breadcrumbs=town_crumbs(request, log["town"]))


@router.get("/towns/{slug}/audit.csv", name="town_audit_csv")
def town_audit_csv(
    slug: str, table: str | None = None, person: str | None = None, db: Database = Depends(database)
) -> Response:
    text = audit.log_csv(db, slug, table=table, person=person)
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{slug}-audit.csv"'},
    )
