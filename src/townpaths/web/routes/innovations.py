"""The innovation register pages: Table 3 with its charts, the public proposal form (no account
needed where the town shows its register) and the moderation queue and edit form (the town's
researchers and owners: :mod:`townpaths.web.access`). CSRF, the body limit and the rate limit are
:mod:`townpaths.web.security`'s."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from townpaths.core.errors import InputError
from townpaths.core.i18n import Translator
from townpaths.core.values import whole_number
from townpaths.people.core.roles import EDIT
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.studies.innovations.core import charts as innovation_charts
from townpaths.studies.innovations.core.moderation import PROPOSAL_LIMITS, ProposalError
from townpaths.studies.innovations.core.record import CRITERIA
from townpaths.studies.innovations.core.typology import DEFAULT_TYPES
from townpaths.studies.innovations.service import (
    edit_view,
    moderate,
    moderation_queue,
    propose,
    register_view,
    update_from_form,
)
from townpaths.web.deps import Crumb, crumb, database, language, page, town_crumbs, url_for
from townpaths.web.security import Limit, body_limit, client_ip, rate_limit

router = APIRouter()

#: The largest proposal form, in bytes (the fields' limits add up to less than half of it).
MAX_PROPOSAL = 16 * 1024
#: Proposals per IP address: 5 in 10 minutes.
PROPOSAL_LIMIT = Limit(5, 600, "Too many proposals from your address. Please try again later.")


def _back(request: Request, slug: str) -> list[Crumb]:
    return [crumb(request, "Social innovations", "innovations", slug=slug)]


@router.get("/towns/{slug}/innovations", response_class=HTMLResponse, name="innovations")
def register(
    request: Request, slug: str, page_no: str | None = Query(None, alias="page"), db: Database = Depends(database)
) -> HTMLResponse:
    """The register: the charts of every innovation, the table a page (``?page=``) at a time."""
    tr = Translator(language(request))
    view = register_view(db, slug, page_no)
    records, town = view.pop("records"), view["town"]
    return page(
        request,
        "innovations/register.html",
        **view,
        timeline=Markup(innovation_charts.timeline(records, tr)),
        bars=Markup(innovation_charts.decades(records, tr)),
        researcher=EDIT in request.state.permissions,
        breadcrumbs=town_crumbs(request, town, ("Report", "report")),
    )


def _form_page(
    request: Request, slug: str, *, status: int = 200, error: str | None = None, values: dict[str, str] | None = None
) -> HTMLResponse:
    town = find_town(request.app.state.db, slug)
    return page(
        request,
        "innovations/propose.html",
        status_code=status,
        town=town,
        error=error,
        values=values or {},
        limits=PROPOSAL_LIMITS,
        types=DEFAULT_TYPES,
        breadcrumbs=_back(request, town.slug),
    )


@router.get("/towns/{slug}/innovations/propose", response_class=HTMLResponse, name="innovations_propose")
def propose_form(request: Request, slug: str) -> HTMLResponse:
    return _form_page(request, slug)


@router.post("/towns/{slug}/innovations/propose", response_class=HTMLResponse, name="innovations_propose_submit")
@body_limit(MAX_PROPOSAL, "The proposal is too long.")
async def propose_submit(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    tr = Translator(language(request))
    town = find_town(db, slug)
    rate_limit(request, "innovation-proposal", client_ip(request), PROPOSAL_LIMIT)
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in PROPOSAL_LIMITS}
    if form.get("website"):  # honeypot field, hidden from people
        return _form_page(request, slug, status=400, values=values, error=tr.gettext("Not accepted."))
    try:
        propose(db, town.slug, values, language(request))
    except ProposalError as exc:
        return _form_page(request, slug, status=400, values=values, error=exc.explain(tr))
    return page(
        request,
        "innovations/thanks.html",
        town=town,
        proposal_name=values["name"],
        breadcrumbs=_back(request, town.slug),
    )


@router.get("/towns/{slug}/innovations/moderation", response_class=HTMLResponse, name="innovations_moderation")
def queue(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    return page(
        request,
        "innovations/moderation.html",
        town=town,
        **moderation_queue(db, town.slug),
        breadcrumbs=_back(request, town.slug),
    )


@router.post(
    "/towns/{slug}/innovations/moderation/{proposal_id}", response_class=HTMLResponse, name="innovations_decide"
)
async def decide(request: Request, slug: str, proposal_id: int, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    form = await request.form()
    target = str(form.get("target") or "").strip()
    into = whole_number(target, low=1, field="target") if target else None
    moderate(db, town.slug, proposal_id, str(form.get("action") or ""), into)
    return RedirectResponse(url_for(request, "innovations_moderation", slug=town.slug), status_code=303)


EDIT_LABELS = {
    "description": "Description",
    "social_need": "Social need",
    "initiator": "Initiator",
    "heritage_value": "Heritage value it builds on",
}


def _edit_page(
    request: Request, town: Any, view: dict[str, Any], *, status: int = 200, error: str | None = None
) -> HTMLResponse:
    return page(
        request,
        "innovations/edit.html",
        status_code=status,
        town=town,
        error=error,
        labels=EDIT_LABELS,
        criteria=CRITERIA,
        met=lambda v: {True: "yes", False: "no", "partly": "partly"}.get(v, ""),
        **view,
        breadcrumbs=_back(request, town.slug),
    )


@router.get("/towns/{slug}/innovations/{innovation_id}/edit", response_class=HTMLResponse, name="innovation_edit")
def edit_form(request: Request, slug: str, innovation_id: int, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    return _edit_page(request, town, edit_view(db, town.slug, innovation_id))


@router.post("/towns/{slug}/innovations/{innovation_id}/edit", response_class=HTMLResponse, name="innovation_save")
async def edit_save(request: Request, slug: str, innovation_id: int, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    form = await request.form()
    try:
        update_from_form(db, town.slug, innovation_id, {k: str(v) for k, v in form.items()})
    except InputError as exc:
        return _edit_page(request, town, edit_view(db, town.slug, innovation_id), status=400, error=exc.message)
    return RedirectResponse(
        url_for(request, "innovations", slug=town.slug, _fragment=f"innovation-{innovation_id}"), status_code=303
    )
