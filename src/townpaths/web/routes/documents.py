"""Official documents: the lexicon scan results with the matching sentences highlighted."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.studies.documents import service
from townpaths.studies.documents.core.lexicon import CATEGORY_LABELS
from townpaths.studies.documents.core.scan import highlight
from townpaths.web.deps import database, page, town_crumbs

router = APIRouter()


@router.get("/towns/{slug}/documents", response_class=HTMLResponse, name="documents")
def documents(request: Request, slug: str, q: str | None = None, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    results = service.scan_results(db, town.slug)
    hits = service.search_page(db, town.slug, q) if q and q.strip() else None
    return page(
        request,
        "symbols/documents.html",
        town=town,
        highlight=highlight,
        labels=CATEGORY_LABELS,
        query=q or "",
        hits=hits,
        **results,
        breadcrumbs=town_crumbs(request, town, ("Symbols", "symbols"), ("Official documents", "documents")),
    )


@router.get("/towns/{slug}/documents/{doc_id}/file", name="document_file")
def document_file(slug: str, doc_id: int, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    content, media_type, filename = service.document_file(db, town.id, doc_id)
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "._- ") or "document"
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{safe}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'",
        },
    )
