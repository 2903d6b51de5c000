"""Narrative coding pages: transcripts, the coding page, agreement, Table 2 from coding, interviewees'
consent (a form); a small JSON API for creating, editing and deleting segments (used by
``static/qda/coding.js``). The coder of a new segment is the signed-in person (the request names no
coder); a coder changes and deletes only their own segments, a researcher anyone's. Errors answer
``{"error": message}`` (:mod:`townpaths.web.errors`)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from townpaths.core.errors import Conflict, InputError
from townpaths.people.core.roles import CODE_ANY
from townpaths.storage import Database
from townpaths.storage.db import MAX_ID
from townpaths.studies.qda import service
from townpaths.studies.qda.core.consent import parse_date
from townpaths.studies.qda.service import adopt as adoption
from townpaths.studies.qda.service import codebook as codebook_service
from townpaths.studies.qda.service import consent as consent_service
from townpaths.studies.qda.service import queries
from townpaths.web.access import account_of
from townpaths.web.deps import Crumb, database, page, town_crumbs, url_for

router = APIRouter()


#: A row's id (:data:`~townpaths.storage.db.MAX_ID`): a larger one is refused alike on both databases.
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]


class NewSegment(BaseModel):
    interview_id: RowId
    code_id: RowId
    start: int
    end: int
    memo: str | None = None


class SegmentChange(BaseModel):
    code_id: RowId | None = None
    start: int | None = None
    end: int | None = None
    memo: str | None = None


def _page(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """A coding page, with the coding pages' navigation."""
    crumbs: list[Crumb] = town_crumbs(
        request,
        context["town"],
        ("Interviews and coding", "qda_home"),
        ("Codebook", "qda_codebook"),
        ("Table 2 from coding", "qda_table2"),
        ("Inter-coder agreement", "qda_agreement"),
    )
    return page(request, template, **context, breadcrumbs=crumbs, status_code=status_code)


@router.get("/towns/{slug}/qda", response_class=HTMLResponse, name="qda_home")
def home(
    request: Request,
    slug: str,
    q: str | None = None,
    page_no: str | None = Query(None, alias="page"),
    db: Database = Depends(database),
) -> HTMLResponse:
    """The transcripts (a page, ``?page=``, at a time), the codebook, a search."""
    return _page(request, "qda/index.html", queries.overview(db, slug, q, page_no))


@router.get("/towns/{slug}/qda/interviews/{interview_id}", response_class=HTMLResponse, name="qda_coding")
def coding(
    request: Request,
    slug: str,
    interview_id: int,
    coder: str | None = None,
    page_no: str | None = Query(None, alias="page"),
    at: str | None = None,
    db: Database = Depends(database),
) -> HTMLResponse:
    """One page of a transcript (``?page=``, or the page holding the offset ``?at=``) with its segments."""
    me = _me(request)
    view = queries.coding_view(db, slug, interview_id, coder or None, user_id=me.user_id, page=page_no, at=at)
    return _page(request, "qda/coding.html", {**view, "me": me})


@router.get("/towns/{slug}/qda/agreement", response_class=HTMLResponse, name="qda_agreement")
def agreement(
    request: Request, slug: str, a: str | None = None, b: str | None = None, db: Database = Depends(database)
) -> HTMLResponse:
    return _page(request, "qda/agreement.html", queries.agreement_view(db, slug, a, b))


@router.get("/towns/{slug}/qda/table2", response_class=HTMLResponse, name="qda_table2")
def table2(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    return _page(request, "qda/table2.html", queries.table2_view(db, slug))


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str) and k != "csrf"}


@router.post("/towns/{slug}/qda/table2/adopt", name="qda_adopt")
async def adopt(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    """Adopt a narrative of a period and status from the passages coded with one code."""
    form = await _form(request)
    try:
        adopted = adoption.adopt(
            db, slug, period=form.get("period", ""), status=form.get("status", ""), codes=[form.get("code", "")]
        )
    except InputError as exc:
        view = queries.table2_view(db, slug)
        return _page(request, "qda/table2.html", {**view, "error": exc.reason}, status_code=400)
    position = adopted["narratives"][0]["position"]
    return RedirectResponse(url_for(request, "qda_table2", slug=slug, _fragment=f"narrative-{position}"), 303)


# --- the codebook: create, rename, move, merge and delete codes ----------------------------------


@router.get("/towns/{slug}/qda/codebook", response_class=HTMLResponse, name="qda_codebook")
def codebook(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    return _page(request, "qda/codebook.html", queries.codebook_view(db, slug))


def _codebook_change(request: Request, db: Database, slug: str, change: Any, anchor: str = "") -> Response:
    """Run a change of the codebook; back to the codebook page, or the page with the problem (400)."""
    try:
        done = change()
    except (InputError, Conflict) as exc:
        message = exc.reason if isinstance(exc, InputError) else exc.message
        view = queries.codebook_view(db, slug)
        status = 400 if isinstance(exc, InputError) else 409
        return _page(request, "qda/codebook.html", {**view, "error": message}, status_code=status)
    target = anchor or (f"code-{done['id']}" if isinstance(done, dict) and "id" in done else "")
    return RedirectResponse(url_for(request, "qda_codebook", slug=slug, _fragment=target), status_code=303)


@router.post("/towns/{slug}/qda/codebook/codes", name="qda_code_create")
async def code_create(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    f = await _form(request)
    return _codebook_change(
        request,
        db,
        slug,
        lambda: codebook_service.create_code(
            db,
            slug,
            f.get("name", ""),
            parent=f.get("parent") or None,
            name_sl=f.get("name_sl"),
            colour=f.get("colour"),
            description=f.get("description"),
            codable=f.get("codable") == "true",
        ),
    )


@router.post("/towns/{slug}/qda/codebook/codes/{code_id}/rename", name="qda_code_rename")
async def code_rename(request: Request, slug: str, code_id: int, db: Database = Depends(database)) -> Response:
    f = await _form(request)
    return _codebook_change(
        request,
        db,
        slug,
        lambda: codebook_service.rename_code(db, slug, code_id, f.get("name", ""), f.get("name_sl")),
    )


@router.post("/towns/{slug}/qda/codebook/codes/{code_id}/move", name="qda_code_move")
async def code_move(request: Request, slug: str, code_id: int, db: Database = Depends(database)) -> Response:
    f = await _form(request)
    return _codebook_change(
        request, db, slug, lambda: codebook_service.move_code(db, slug, code_id, f.get("parent") or None)
    )


@router.post("/towns/{slug}/qda/codebook/codes/{code_id}/merge", name="qda_code_merge")
async def code_merge(request: Request, slug: str, code_id: int, db: Database = Depends(database)) -> Response:
    f = await _form(request)
    return _codebook_change(
        request, db, slug, lambda: codebook_service.merge_code(db, slug, code_id, f.get("into")), anchor="codes"
    )


@router.post("/towns/{slug}/qda/codebook/codes/{code_id}/delete", name="qda_code_delete")
async def code_delete(request: Request, slug: str, code_id: int, db: Database = Depends(database)) -> Response:
    """Delete a code; a code with coded segments (its own or its sub-codes') asks first."""
    f = await _form(request)
    result = codebook_service.delete_code(db, slug, code_id, confirmed=f.get("confirm") == "yes")
    if not result["deleted"]:
        view = queries.codebook_view(db, slug)
        return _page(request, "qda/code_delete.html", {**view, "doomed": result})
    return RedirectResponse(url_for(request, "qda_codebook", slug=slug, _fragment="codes"), status_code=303)


@router.get("/towns/{slug}/qda/consent", response_class=HTMLResponse, name="qda_consent")
def consent(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    return _page(request, "qda/consent.html", queries.consent_view(db, slug))


@router.post("/towns/{slug}/qda/consent", response_class=HTMLResponse, name="qda_consent_save")
async def consent_save(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    """Record an interviewee's consent as the form has it (an empty withdrawal date reinstates it)."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    code = form.get("interviewee", "")
    try:
        saved = consent_service.set_consent(
            db,
            slug,
            code,
            on=parse_date(form.get("consent_on"), "consent_on"),
            scope=form.get("consent_scope"),
            withdrawn_on=parse_date(form.get("consent_withdrawn_on"), "consent_withdrawn_on"),
        )
    except InputError as exc:
        context = queries.consent_view(db, slug)
        return _page(request, "qda/consent.html", {**context, "error": exc.message, "failed": code}, status_code=400)
    target = url_for(request, "qda_consent", slug=slug, _fragment=f"consent-{quote(saved['interviewee'])}")
    return RedirectResponse(target, status_code=303)


def _me(request: Request) -> service.CodingAs:
    """The signed-in person as a coder (the access rules let only signed-in people in)."""
    account = account_of(request)
    assert account is not None
    return service.CodingAs(account.id, account.name, CODE_ANY in request.state.permissions)


@router.post("/towns/{slug}/qda/api/segments", name="qda_segment_add")
def add_segment(request: Request, slug: str, body: NewSegment, db: Database = Depends(database)) -> JSONResponse:
    created = service.add_segment(
        db, slug, body.interview_id, body.code_id, body.start, body.end, None, body.memo, as_person=_me(request)
    )
    return JSONResponse(created, status_code=201)


@router.patch("/towns/{slug}/qda/api/segments/{segment_id}", name="qda_segment_change")
def change_segment(
    request: Request, slug: str, segment_id: int, body: SegmentChange, db: Database = Depends(database)
) -> JSONResponse:
    changes = body.model_dump(exclude_unset=True)
    if "code_id" in changes:
        changes["code"] = changes.pop("code_id")
    return JSONResponse(service.update_segment(db, slug, segment_id, as_person=_me(request), **changes))


@router.delete("/towns/{slug}/qda/api/segments/{segment_id}", name="qda_segment_delete")
def delete_segment(request: Request, slug: str, segment_id: int, db: Database = Depends(database)) -> Response:
    service.delete_segment(db, slug, segment_id, as_person=_me(request))
    return Response(status_code=204)
