"""Uploads in the browser: transcripts, documents, field exports with their media, innovation,
employment and score sheets, a table's file and a ballot file, each read by the library function
its command calls (:mod:`townpaths.web.uploads`), all or nothing, what it refused listed row by row
on the page. A table's file is downloaded here too (``townpaths table export``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.types import Scope

from townpaths.cases import tables as engine
from townpaths.core.errors import InputError, NotFound
from townpaths.ranking.io import analyse_file
from townpaths.ranking.methods import METHODS
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.web.deps import Crumb, database, page, town_crumbs, url_for
from townpaths.web.security import body_limit
from townpaths.web.uploads import (
    BALLOTS,
    MAX_BODY,
    TABLE_FILE,
    UPLOADS,
    FileField,
    Upload,
    check_files,
    error_rows,
    kind_bytes,
    relative_message,
    saved_files,
    summary,
    upload_bytes,
)

router = APIRouter()

TOO_LARGE_UPLOAD = "The files are larger than this upload allows."
#: The file formats a table downloads in.
TABLE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _upload(kind: str) -> Upload:
    found = UPLOADS.get(kind)
    if found is None:
        raise NotFound(f"no upload of {kind!r} (uploads: {', '.join(UPLOADS)})")
    return found


def _values(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.multi_items() if isinstance(v, str) and k != "csrf"}


def _crumbs(request: Request, town: Any, upload: Upload | None = None) -> list[Crumb]:
    crumbs = town_crumbs(request, town)
    if upload is not None and upload.page != "town":
        crumbs.append(Crumb(upload.title, url_for(request, upload.page, slug=town.slug)))
    return crumbs


def _run(
    db: Database, slug: str, files: tuple[FileField, ...], form: FormData, call: Any
) -> tuple[Any, list[Any], str]:
    """Check and save the form's files, then ``call(paths by field)``: (result, refused rows, the
    refusal's message); nothing is written when anything is refused."""
    try:
        check_files(files, form)
    except InputError as exc:
        return None, error_rows(exc), exc.message
    with saved_files(files, form) as (paths, folder):
        try:
            return call(paths), [], ""
        except InputError as exc:
            return None, error_rows(exc, folder), relative_message(exc, folder)


def _result_page(request: Request, town: Any, template: str, status: int, **context: Any) -> HTMLResponse:
    return page(request, template, status_code=status, town=town, **context)


# --- the uploads of the studies -------------------------------------------------------------------


@router.get("/towns/{slug}/uploads/{kind}", response_class=HTMLResponse, name="upload_form")
def upload_form(request: Request, slug: str, kind: str, db: Database = Depends(database)) -> HTMLResponse:
    town, upload = find_town(db, slug), _upload(kind)
    return page(request, "shell/upload.html", town=town, upload=upload, breadcrumbs=_crumbs(request, town, upload))


@router.post("/towns/{slug}/uploads/{kind}", response_class=HTMLResponse, name="upload")
@body_limit(upload_bytes(kind_bytes), TOO_LARGE_UPLOAD)
async def upload(request: Request, slug: str, kind: str, db: Database = Depends(database)) -> HTMLResponse:
    town, spec = find_town(db, slug), _upload(kind)
    form = await request.form()
    values = _values(form)
    result, errors, message = await run_in_threadpool(
        _run, db, town.slug, spec.files, form, lambda paths: spec.run(db, town.slug, paths, values)
    )
    return _result_page(
        request,
        town,
        "shell/upload.html",
        400 if errors else 200,
        upload=spec,
        values=values,
        errors=errors,
        message=message,
        result=result,
        summary=summary(kind, result) if result is not None else [],
        breadcrumbs=_crumbs(request, town, spec),
    )


# --- a table's file -------------------------------------------------------------------------------


@router.get("/towns/{slug}/tables/{table}/file.{fmt}", name="table_export")
def table_export(request: Request, slug: str, table: str, fmt: str, db: Database = Depends(database)) -> Response:
    """The table's file, with exactly the columns an import reads (``townpaths table export``)."""
    if fmt not in TABLE_FORMATS:
        raise NotFound(f"no {fmt!r} file of a table (use {', '.join(TABLE_FORMATS)})")
    town = find_town(db, slug)
    with tempfile.TemporaryDirectory(prefix="townpaths-table-") as folder:
        path = Path(folder) / f"{town.slug}-{table}.{fmt}"
        engine.export_table(db, town.slug, table, path, request.app.state.registry)
        content = path.read_bytes()
    return Response(
        content,
        media_type=TABLE_FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{path.name}"'},
    )


def _table_bytes(scope: Scope) -> int:
    return TABLE_FILE.max_bytes + MAX_BODY


@router.post("/towns/{slug}/tables/{table}/import", response_class=HTMLResponse, name="table_import")
@body_limit(upload_bytes(_table_bytes), TOO_LARGE_UPLOAD)
async def table_import(request: Request, slug: str, table: str, db: Database = Depends(database)) -> HTMLResponse:
    """A table's file read into the table, all or nothing (``townpaths table import``)."""
    town = find_town(db, slug)
    registry = request.app.state.registry
    engine.authorable_layout(registry, table)  # an unknown table: 404 before the file is read
    form = await request.form()
    values = _values(form)
    replace, cascade = values.get("replace") == "yes", values.get("cascade") == "yes"

    def call(paths: dict[str, list[Path]]) -> dict[str, Any]:
        return engine.import_table(
            db, town.slug, table, paths["file"][0], replace=replace, cascade=cascade, registry=registry
        )

    result, errors, message = await run_in_threadpool(_run, db, town.slug, (TABLE_FILE,), form, call)
    return _result_page(
        request,
        town,
        "shell/table_import.html",
        400 if errors else 200,
        table=table,
        values=values,
        errors=errors,
        message=message,
        result=result,
        summary=summary("table", result) if result is not None else [],
        breadcrumbs=[*town_crumbs(request, town), Crumb(table, url_for(request, "table", slug=town.slug, table=table))],
    )


# --- a ballot file ----------------------------------------------------------------------------------


@router.get("/towns/{slug}/ranking", response_class=HTMLResponse, name="ranking_form")
def ranking_form(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    return page(request, "shell/ranking.html", town=town, methods=list(METHODS), ballots=BALLOTS, values={}, errors=[])


def _ballot_bytes(scope: Scope) -> int:
    return BALLOTS.max_bytes + MAX_BODY


@router.post("/towns/{slug}/ranking", response_class=HTMLResponse, name="ranking_upload")
@body_limit(upload_bytes(_ballot_bytes), TOO_LARGE_UPLOAD)
async def ranking_upload(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    """The consensus ranking of a ballot file (``townpaths rank``); nothing is stored."""
    town = find_town(db, slug)
    form = await request.form()
    values = _values(form)
    method = values.get("method", "kemeny")

    def call(paths: dict[str, list[Path]]) -> dict[str, Any]:
        return dict(analyse_file(paths["file"][0], method).to_dict())

    result, errors, message = await run_in_threadpool(_run, db, town.slug, (BALLOTS,), form, call)
    return page(
        request,
        "shell/ranking.html",
        status_code=400 if errors else 200,
        town=town,
        methods=list(METHODS),
        ballots=BALLOTS,
        values=values,
        errors=errors,
        message=message,
        analysis=result,
        breadcrumbs=town_crumbs(request, town),
    )
