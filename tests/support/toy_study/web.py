"""The toy study's page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tests.support.toy_study import service
from townpaths.people.core.roles import VIEW
from townpaths.storage import Database
from townpaths.web.access import town
from townpaths.web.deps import database, language

router = APIRouter()
#: Who may use the study's routes (townpaths refuses to start with a route without a rule).
ACCESS = {"toy": town(VIEW)}


@router.get("/towns/{slug}/toy", response_class=HTMLResponse, name="toy")
def toy(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    field = "text_sl" if language(request) == "sl" else "text_en"
    items = "".join(f"<li>{n[field] or n['text_en']}</li>" for n in service.notes(db, slug))
    return HTMLResponse(f'<ul class="toy">{items}</ul>')
