"""The innovation register pages: Table 3 with its charts, the public proposal form (no account)
and the researchers' moderation queue."""

from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from townpaths.cases.case import Case
from townpaths.storage.towns import find_town
from townpaths.core.errors import InputError
from townpaths.core.i18n import Translator
from townpaths.studies.innovations.core import guard
from townpaths.studies.innovations.core.moderation import PROPOSAL_LIMITS
from townpaths.studies.innovations.core.periods import periods_of
from townpaths.studies.innovations.core.record import CRITERIA, CRITERIA_KEYS
from townpaths.studies.innovations.service import innovation, innovations, moderate, propose, update_innovation
from townpaths.studies.innovations.formats.sheets import flatten, unflatten
from townpaths.studies.innovations.core import charts as innovation_charts
from townpaths.studies.innovations.core.tables import per_decade, table3, type_period_table
from townpaths.studies.innovations.core.typology import DEFAULT_TYPES
from townpaths.storage import Database
from townpaths.web.deps import database, language, page

router = APIRouter()

NONCE_COOKIE = "tp_innov_nonce"
MOD_COOKIE = "tp_innov_mod"
MAX_BODY = 16 * 1024


def _limiter(request: Request) -> guard.RateLimiter:
    state = request.app.state
    if getattr(state, "innovation_rate_limiter", None) is None:
        state.innovation_rate_limiter = guard.RateLimiter()
    return state.innovation_rate_limiter


def _secret(request: Request) -> str:
    return request.app.state.settings.secret_key


@router.get("/towns/{slug}/innovations", response_class=HTMLResponse, name="innovations")
def register(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    case = Case(db, find_town(db, slug))
    lang = language(request)
    tr = Translator(lang)
    records = innovations(db, case.town.slug)
    periods = case.records("periods")
    rows = table3(records)
    decades = per_decade(records)
    timeline = innovation_charts.timeline(records, tr)
    bars = innovation_charts.decades(records, tr)
    return page(request, "innovations/register.html", town=case.town, rows=rows,
                periods_of={r["id"]: periods_of(r, periods) for r in rows},
                type_period=type_period_table(records, periods), decades=decades,
                timeline=Markup(timeline), bars=Markup(bars),
                waiting=sum(r["status"] == "proposed" for r in records),
                researcher=_is_researcher(request, case.town.slug))


def _form_page(request: Request, slug: str, *, status: int = 200, error: str | None = None,
               values: dict[str, str] | None = None) -> HTMLResponse:
    town = find_town(request.app.state.db, slug)
    nonce = request.cookies.get(NONCE_COOKIE) or secrets.token_urlsafe(16)
    response = page(request, "innovations/propose.html", status_code=status, town=town, error=error,
                    values=values or {}, limits=PROPOSAL_LIMITS, types=DEFAULT_TYPES,
                    csrf=guard.csrf_token(_secret(request), f"propose:{town.slug}", nonce))
    response.set_cookie(NONCE_COOKIE, nonce, httponly=True, samesite="strict")
    return response


@router.get("/towns/{slug}/innovations/propose", response_class=HTMLResponse, name="innovations_propose")
def propose_form(request: Request, slug: str) -> HTMLResponse:
    return _form_page(request, slug)


@router.post("/towns/{slug}/innovations/propose", response_class=HTMLResponse)
async def propose_submit(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    tr = Translator(language(request))
    town = find_town(db, slug)
    length = request.headers.get("content-length")
    if length is None or not length.isdigit() or int(length) > MAX_BODY:
        return page(request, "shell/error.html", status_code=413,
                    message=tr.gettext("The proposal is too long."))
    ip = request.client.host if request.client else "unknown"
    if not _limiter(request).hit(ip):
        response = page(request, "shell/error.html", status_code=429,
                        message=tr.gettext("Too many proposals from your address. Please try again later."))
        response.headers["Retry-After"] = str(int(_limiter(request).window))
        return response
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in PROPOSAL_LIMITS}
    if not guard.csrf_ok(_secret(request), f"propose:{town.slug}", request.cookies.get(NONCE_COOKIE),
                         str(form.get("csrf") or "")):
        return _form_page(request, slug, status=400, values=values,
                          error=tr.gettext("The form expired. Please send it again."))
    if form.get("website"):  # honeypot field, hidden from people
        return _form_page(request, slug, status=400, values=values, error=tr.gettext("Not accepted."))
    try:
        propose(db, town.slug, values, language(request))
    except InputError as exc:
        return _form_page(request, slug, status=400, values=values, error=_explain(tr, exc))
    return page(request, "innovations/thanks.html", town=town, proposal_name=values["name"])


FIELD_LABELS = {"name": "Name", "type": "Type", "year": "Year of emergence", "description": "What is it?",
                "social_need": "Which need of the town does it meet?", "actors": "Who takes part?",
                "proposer": "Your name or group (optional)"}


def _explain(tr: Translator, exc: InputError) -> str:
    label = tr.gettext(FIELD_LABELS.get(exc.field or "", exc.field or ""))
    if "at most" in exc.message:
        return tr.gettext("%(field)s: at most %(limit)s characters", field=label, limit=PROPOSAL_LIMITS[exc.field])
    if "required" in exc.message:
        return tr.gettext("%(field)s: required", field=label)
    return tr.gettext("%(field)s: a year is four digits", field=label)


def _is_researcher(request: Request, slug: str) -> bool:
    expected = guard.moderation_key(_secret(request), slug)
    given = request.query_params.get("key") or request.cookies.get(MOD_COOKIE) or ""
    return hmac.compare_digest(given, expected)


@router.get("/towns/{slug}/innovations/moderation", response_class=HTMLResponse, name="innovations_moderation")
def queue(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    tr = Translator(language(request))
    if not _is_researcher(request, town.slug):
        return page(request, "shell/error.html", status_code=403,
                    message=tr.gettext("Open the moderation link given to researchers "
                                       "(townpaths innovations moderation-link)."))
    if request.query_params.get("key"):  # keep the key out of history and logs: cookie, then redirect
        response = RedirectResponse(f"/towns/{town.slug}/innovations/moderation", status_code=303)
        response.set_cookie(MOD_COOKIE, guard.moderation_key(_secret(request), town.slug), httponly=True,
                            samesite="strict", path=f"/towns/{town.slug}/innovations")
        return response
    records = innovations(db, town.slug)
    nonce = request.cookies.get(NONCE_COOKIE) or secrets.token_urlsafe(16)
    response = page(request, "innovations/moderation.html", town=town,
                    proposals=[r for r in records if r["status"] == "proposed"],
                    decided=[r for r in records if r["status"] in ("rejected", "merged")],
                    accepted=table3(records),
                    csrf=guard.csrf_token(_secret(request), f"moderate:{town.slug}", nonce))
    response.set_cookie(NONCE_COOKIE, nonce, httponly=True, samesite="strict")
    return response


@router.post("/towns/{slug}/innovations/moderation/{proposal_id}", response_class=HTMLResponse)
async def decide(request: Request, slug: str, proposal_id: int, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    tr = Translator(language(request))
    form = await request.form()
    if not _is_researcher(request, town.slug) or not guard.csrf_ok(
            _secret(request), f"moderate:{town.slug}", request.cookies.get(NONCE_COOKIE), str(form.get("csrf") or "")):
        return page(request, "shell/error.html", status_code=403, message=tr.gettext("Not allowed."))
    target = str(form.get("target") or "")
    moderate(db, town.slug, proposal_id, str(form.get("action") or ""), int(target) if target.isdigit() else None)
    return RedirectResponse(f"/towns/{town.slug}/innovations/moderation", status_code=303)


EDIT_LABELS = {"description": "Description", "social_need": "Social need", "initiator": "Initiator",
               "heritage_value": "Heritage value it builds on"}
EDIT_FIELDS = ("name_en", "name_sl", "type_en", "year", "end_year", "description", "social_need", "initiator",
               "heritage_value", "stage", "found_by", "actors", "outcomes",
               *[c for k in CRITERIA_KEYS for c in (k, f"{k}_rationale")])


def _edit_page(request: Request, town, item: dict, *, status: int = 200, error: str | None = None) -> HTMLResponse:  # noqa: ANN001
    nonce = request.cookies.get(NONCE_COOKIE) or secrets.token_urlsafe(16)
    flat = dict(zip(["actors", "outcomes"], flatten(item)[-2:]))
    response = page(request, "innovations/edit.html", status_code=status, town=town, item=item, error=error,
                    labels=EDIT_LABELS, criteria=CRITERIA, actors=flat["actors"], outcomes=flat["outcomes"],
                    met=lambda v: {True: "yes", False: "no", "partly": "partly"}.get(v, ""),
                    csrf=guard.csrf_token(_secret(request), f"edit:{town.slug}", nonce))
    response.set_cookie(NONCE_COOKIE, nonce, httponly=True, samesite="strict")
    return response


@router.get("/towns/{slug}/innovations/{innovation_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, slug: str, innovation_id: int, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    if not _is_researcher(request, town.slug):
        return page(request, "shell/error.html", status_code=403, message=Translator(language(request)).gettext(
            "Open the moderation link given to researchers (townpaths innovations moderation-link)."))
    return _edit_page(request, town, innovation(db, town.slug, innovation_id))


@router.post("/towns/{slug}/innovations/{innovation_id}/edit", response_class=HTMLResponse)
async def edit_save(request: Request, slug: str, innovation_id: int, db: Database = Depends(database)) -> Response:
    town = find_town(db, slug)
    form = await request.form()
    if not _is_researcher(request, town.slug) or not guard.csrf_ok(
            _secret(request), f"edit:{town.slug}", request.cookies.get(NONCE_COOKIE), str(form.get("csrf") or "")):
        return page(request, "shell/error.html", status_code=403,
                    message=Translator(language(request)).gettext("Not allowed."))
    data = unflatten({k: str(form.get(k) or "") for k in EDIT_FIELDS})
    data.pop("no", None)
    data.pop("status", None)
    data.pop("type_sl", None)
    try:
        update_innovation(db, town.slug, innovation_id, data)
    except InputError as exc:
        return _edit_page(request, town, innovation(db, town.slug, innovation_id), status=400, error=exc.message)
    return RedirectResponse(f"/towns/{town.slug}/innovations#innovation-{innovation_id}", status_code=303)
