"""Towns compared side by side: ``/compare?towns=a,b,...`` (a form to choose them when none are
given) and the comparison as a file (``/compare.pdf``, ``.docx``, ``.html``). Each reader sees of
each town only what they may see there (:func:`townpaths.web.access.enforce` sets it)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from townpaths.cases.towns import list_towns
from townpaths.comparison.build import MAX_TOWNS, compare_towns
from townpaths.comparison.render import comparison_bytes, comparison_css, render_body, title
from townpaths.core.errors import InputError, NotFound
from townpaths.people import service as people
from townpaths.storage import Database
from townpaths.web.access import permitted
from townpaths.web.deps import database, language, page, url_for
from townpaths.web.security import Limit, client_ip, rate_limit

router = APIRouter()

#: The comparison's file formats.
FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}
#: Laying out a PDF or a Word document takes seconds: a limit per address.
RENDER_LIMIT = Limit(30, 600, "Too many comparison files from your address: wait a few minutes.")


def _choices(request: Request, db: Database) -> list[dict[str, str]]:
    """The towns the reader may compare (slug and name), for the form."""
    subjects = {s.town_slug: s for s in people.town_subjects(db)}
    return [
        {"slug": t["slug"], "name": t["name"]}
        for t in list_towns(db, request.app.state.registry)
        if permitted(request, "compare", subjects[t["slug"]])
    ]


@router.get("/compare", response_class=HTMLResponse, name="compare")
def compare(request: Request, db: Database = Depends(database)) -> HTMLResponse:
    lang = language(request)
    view, chosen = request.state.compare_view, request.state.compare_towns
    result, error = None, None
    if chosen:
        try:
            result = compare_towns(db, chosen, registry=request.app.state.registry, visible=view)
        except InputError as exc:  # the form again, saying what to change
            error = exc.message
        else:
            chosen = [t.slug for t in result.towns]
    query = {"towns": ",".join(chosen), "lang": lang}
    files = [
        (label, url_for(request, "compare_file", kind=kind, _query=query))
        for label, kind in (("PDF", "pdf"), ("DOCX", "docx"), ("HTML", "html"))
    ]
    return page(
        request,
        "compare/compare.html",
        status_code=400 if error else 200,
        error=error,
        choices=_choices(request, db),
        chosen=set(view),
        max_towns=MAX_TOWNS,
        title=title(result, lang) if result else None,
        body=render_body(result, lang) if result else None,
        css=comparison_css(),
        files=files if result else [],
    )


@router.get("/compare.{kind}", name="compare_file")
def compare_file(request: Request, kind: str, db: Database = Depends(database)) -> Response:
    """The comparison as a PDF, Word or HTML file."""
    if kind not in FILE_TYPES:
        raise NotFound(f"no comparison file of kind {kind!r} (use {', '.join(FILE_TYPES)})")
    rate_limit(request, "compare-file", client_ip(request), RENDER_LIMIT)
    lang = language(request)
    view, chosen = request.state.compare_view, request.state.compare_towns
    result = compare_towns(db, chosen, registry=request.app.state.registry, visible=view)
    name = "-".join(t.slug for t in result.towns)
    return Response(
        comparison_bytes(result, kind, lang),
        media_type=FILE_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="compare-{name}.{kind}"'},
    )
