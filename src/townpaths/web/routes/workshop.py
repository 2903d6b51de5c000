"""Workshop pages: facilitator console, join, participant phone, projector, report, export. Who may
open each is :mod:`townpaths.web.access`'s: a workshop's console and data are for its facilitator
(the account that created it, or a guest holding its secret link) and the town's researchers and
owners."""

from __future__ import annotations

import io
import ipaddress
import secrets
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from townpaths.core.errors import InputError
from townpaths.core.i18n import Translator
from townpaths.core.vocab import HELIX_SECTORS
from townpaths.people.core.roles import FACILITATE_ANY
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.studies.workshop import service
from townpaths.studies.workshop.core import groups, plan, starts, worksheet
from townpaths.studies.workshop.service import states
from townpaths.web.access import account_of
from townpaths.web.deps import absolute_url, crumb, database, language, page, town_crumb, town_crumbs, url_for
from townpaths.web.security import csrf_token, ensure_device
from townpaths.web.workshop_auth import (
    admin_cookie,
    broker,
    find_room,
    join_room,
    limit_admin,
    participant_cookie,
    returning_participant,
    signer,
    viewer_cookie,
)

router = APIRouter()


def _page(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    tr = Translator(language(request))
    response = page(
        request,
        template,
        sectors=HELIX_SECTORS,
        group_name=partial(groups.shown_label, gettext=tr.gettext),
        field_labels=worksheet.FIELD_LABELS,
        sectors_shown={s: tr.gettext(s) for s in HELIX_SECTORS},
        statuses_shown={s: tr.gettext(s) for s in ("draft", "open", "closed", "pending", "ended")},
        **ctx,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def local_address(url: str) -> bool:
    """Does ``url`` point at this machine only (``localhost``, ``127.0.0.1``, ``::1``)? Phones
    cannot reach such an address: the console says so."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def qr_svg(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue().decode("utf-8").split("?>", 1)[-1]


def _cookie_path(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/") or "/"


# --- facilitator ----------------------------------------------------------------------------------


@router.get("/towns/{slug}/workshops/new", response_class=HTMLResponse, name="workshop_new")
def new_form(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    account = account_of(request)
    every = FACILITATE_ANY in request.state.permissions
    workshops = [
        {**w, "mine": every or (account is not None and w["facilitator_id"] == account.id)}
        for w in service.list_workshops(db, town.id)
    ]
    return _page(
        request,
        "workshop/new.html",
        town=town,
        default_rounds=plan.DEFAULT_ROUNDS + ",worksheet:3",
        methods=plan.METHODS,
        start_modes=starts.START_MODES,
        form_id=secrets.token_urlsafe(12),
        workshops=[w for w in workshops if not w["archived"]],
        archived=[w for w in workshops if w["archived"]],
        breadcrumbs=town_crumbs(request, town),
    )


@router.post("/towns/{slug}/workshops", name="workshop_create")
def create(
    request: Request,
    slug: str,
    *,
    title: str = Form(""),
    rounds: str = Form(plan.DEFAULT_ROUNDS),
    method: str = Form("kemeny"),
    problems: str = Form(""),
    start: str = Form("random"),
    form_id: str = Form(""),
    db: Database = Depends(database),
) -> Response:
    """The signed-in person creates the workshop and is its facilitator; then the page that shows
    the room code and the guest link (a page of its own, so a reload or switching the language
    creates nothing; the form's one-time id makes a form sent twice create one workshop)."""
    limit_admin(request)
    typed = [line for line in problems.splitlines() if line.strip()] or None
    account = account_of(request)
    created = service.create_workshop(
        db,
        slug,
        title=title,
        rounds=rounds,
        method=method,
        problems=typed,
        facilitator_id=account.id if account else None,
        start=start,
        form_id=form_id or None,
    )
    return RedirectResponse(url_for(request, "workshop_created", wid=created.workshop_id), status_code=303)


def _guest_link(request: Request, db: Database, wid: int) -> str | None:
    key = service.facilitator_key(db, wid, request.app.state.settings.secret_key)
    return absolute_url(request, "workshop_admin", wid=wid, _query={"key": key}) if key else None


@router.get("/workshops/{wid}/created", response_class=HTMLResponse, name="workshop_created")
def created(request: Request, wid: int, db: Database = Depends(database)) -> HTMLResponse:
    state = states.public_state(db, wid)
    town = service.town_of(db, wid)
    return _page(
        request,
        "workshop/created.html",
        workshop=state["workshop"],
        admin_url=_guest_link(request, db, wid),
        breadcrumbs=[town_crumb(request, town), crumb(request, "Console", "workshop_console", wid=wid)],
    )


@router.get("/workshops/{wid}/admin", name="workshop_admin")
def admin_login(request: Request, wid: int, key: str = "", db: Database = Depends(database)) -> Response:
    """A guest facilitator's secret link: a console cookie for this workshop, valid while the link is."""
    limit_admin(request)
    salt = service.check_link(db, wid, key, request.app.state.settings.secret_key)
    if salt is None:
        raise InputError("this facilitator link is not valid")
    response = RedirectResponse(url_for(request, "workshop_console", wid=wid), status_code=303)
    response.set_cookie(
        admin_cookie(wid),
        signer(request).admin_token(wid, salt or None),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=_cookie_path(request),
    )
    return response


@router.get("/workshops/{wid}/console", response_class=HTMLResponse, name="workshop_console")
def console(request: Request, wid: int, db: Database = Depends(database)) -> HTMLResponse:
    state = states.public_state(db, wid)
    code = state["workshop"]["room_code"]
    join_url = absolute_url(request, "workshop_join_form", _query={"code": code}) if code else ""
    town = service.town_of(db, wid)
    return _page(
        request,
        "workshop/console.html",
        state=state,
        fac=states.facilitator_state(db, wid),
        join_url=join_url,
        local_only=bool(join_url) and local_address(join_url),
        qr=qr_svg(join_url) if code else "",
        admin_url=_guest_link(request, db, wid),
        csrf=csrf_token(request),
        breadcrumbs=[town_crumb(request, town), crumb(request, "Workshops", "workshop_new", slug=town.slug)],
    )


@router.post("/workshops/{wid}/link", name="workshop_new_link")
def new_link(request: Request, wid: int, db: Database = Depends(database)) -> Response:
    """Revoke the guest link (and guests' console sessions); the console shows the new one."""
    limit_admin(request)
    service.new_facilitator_link(db, wid)
    return RedirectResponse(url_for(request, "workshop_console", wid=wid, _fragment="guest-link"), status_code=303)


async def _admin_action(request: Request, wid: int, func: Any, *args: Any) -> Response:
    seq = await run_in_threadpool(func, request.app.state.db, wid, *args)
    broker(request).notify(wid, seq, "admin")
    return RedirectResponse(url_for(request, "workshop_console", wid=wid), status_code=303)


@router.post("/workshops/{wid}/rounds/{no}/open", name="workshop_open_round")
async def open_round(request: Request, wid: int, no: int) -> Response:
    return await _admin_action(request, wid, service.open_round, no)


@router.post("/workshops/{wid}/rounds/{no}/close", name="workshop_close_round")
async def close_round(request: Request, wid: int, no: int) -> Response:
    return await _admin_action(request, wid, service.close_round, no)


@router.post("/workshops/{wid}/move", name="workshop_move")
async def move(
    request: Request, wid: int, round_no: int = Form(...), participant: int = Form(...), group: str = Form(...)
) -> Response:
    return await _admin_action(request, wid, service.move_participant, round_no, participant, group)


@router.post("/workshops/{wid}/show-ballots", name="workshop_show_ballots")
async def show_ballots(request: Request, wid: int, show: str = Form("")) -> Response:
    return await _admin_action(request, wid, service.set_show_ballots, show == "1")


@router.get("/workshops/{wid}/end", response_class=HTMLResponse, name="workshop_end_confirm")
def end_confirm(request: Request, wid: int, db: Database = Depends(database)) -> HTMLResponse:
    """What ending saves (the run: final ranking, people by sector, solutions), before it is done."""
    state = states.public_state(db, wid)
    if state["workshop"]["status"] == "ended":
        raise plan.StateError("the workshop has already ended")
    town = service.town_of(db, wid)
    run = service.end_preview(db, wid)
    return _page(
        request,
        "workshop/end.html",
        workshop=state["workshop"],
        run=run,
        ranked=sorted(run["items"], key=lambda i: (i["rank"] is None, i["rank"] or 0, i["position"])),
        breadcrumbs=[town_crumb(request, town), crumb(request, "Console", "workshop_console", wid=wid)],
    )


@router.post("/workshops/{wid}/end", name="workshop_end")
async def end(request: Request, wid: int) -> Response:
    return await _admin_action(request, wid, service.end_workshop)


@router.post("/workshops/{wid}/archive", name="workshop_archive")
async def archive(request: Request, wid: int, archived: str = Form("1")) -> Response:
    return await _admin_action(request, wid, service.set_archived, archived == "1")


@router.get("/workshops/{wid}/delete", response_class=HTMLResponse, name="workshop_delete_confirm")
def delete_confirm(request: Request, wid: int, db: Database = Depends(database)) -> HTMLResponse:
    """What deleting the workshop removes, and that its run stays, before it is done."""
    town = service.town_of(db, wid)
    return _page(
        request,
        "workshop/delete.html",
        found=service.deletion_preview(db, wid),
        breadcrumbs=[town_crumb(request, town), crumb(request, "Console", "workshop_console", wid=wid)],
    )


@router.post("/workshops/{wid}/delete", name="workshop_delete")
def delete(request: Request, wid: int, db: Database = Depends(database)) -> Response:
    limit_admin(request)
    town = service.town_of(db, wid)
    service.delete_workshop(db, wid)
    return RedirectResponse(url_for(request, "workshop_new", slug=town.slug), status_code=303)


# --- runs: the town's rankings beside the study's -------------------------------------------------


@router.post("/towns/{slug}/runs/{run_id}/adopt", name="town_run_adopt")
def adopt_run(request: Request, slug: str, run_id: int, db: Database = Depends(database)) -> Response:
    """A researcher adopts a run as the town's current ranking and solutions (the study's stay)."""
    service.adopt(db, slug, run_id)
    return RedirectResponse(url_for(request, "town", slug=slug, _fragment="rankings"), status_code=303)


@router.post("/towns/{slug}/runs/undo", name="town_run_undo")
def undo_run(request: Request, slug: str, db: Database = Depends(database)) -> Response:
    service.undo(db, slug)
    return RedirectResponse(url_for(request, "town", slug=slug, _fragment="rankings"), status_code=303)


@router.post("/towns/{slug}/runs/{run_id}/delete", name="town_run_delete")
def delete_run(request: Request, slug: str, run_id: int, db: Database = Depends(database)) -> Response:
    service.delete_run(db, slug, run_id)
    return RedirectResponse(url_for(request, "town", slug=slug, _fragment="rankings"), status_code=303)


@router.get("/workshops/{wid}/report", response_class=HTMLResponse, name="workshop_report")
def report(request: Request, wid: int, db: Database = Depends(database)) -> HTMLResponse:
    town = service.town_of(db, wid)
    return _page(
        request,
        "workshop/report.html",
        town=town,
        card_fields=worksheet.CARD_FIELDS,
        core_steps=worksheet.CORE_STEPS,
        **states.report_view(db, wid),
        breadcrumbs=[town_crumb(request, town), crumb(request, "Console", "workshop_console", wid=wid)],
    )


@router.get("/workshops/{wid}/export/{name}", name="workshop_export")
def export(request: Request, wid: int, name: str, db: Database = Depends(database)) -> Response:
    """``ballots.csv``, ``worksheets.csv``, ``workshop.json`` or ``round-N.toc`` (PrefLib)."""
    body, media = states.export_file(db, wid, name)
    return Response(
        body,
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="workshop-{wid}-{name}"'},
    )


# --- participants and the projector ---------------------------------------------------------------


@router.get("/join", response_class=HTMLResponse, name="workshop_join_form")
def join_form(request: Request, code: str = "", db: Database = Depends(database)) -> Response:
    """The join form; a phone that joined this room before goes straight back to it (the same
    participant, never a second one)."""
    ensure_device(request)  # joins are counted per phone, not per the venue's one address
    if code and returning_participant(request, db, code) is not None:
        return RedirectResponse(url_for(request, "workshop_room", code=code.strip().upper()), status_code=303)
    return _page(request, "workshop/join.html", code=code, error=None)


@router.post("/join", name="workshop_join")
def join(
    request: Request,
    code: str = Form(""),
    nickname: str = Form(""),
    sector: str = Form(""),
    db: Database = Depends(database),
) -> Response:
    wid, pid = join_room(request, db, code, nickname, sector or None)
    response = RedirectResponse(url_for(request, "workshop_room", code=code.strip().upper()), status_code=303)
    response.set_cookie(
        participant_cookie(wid),
        signer(request).participant_token(wid, pid),
        httponly=True,
        samesite="lax",
        max_age=2 * 24 * 3600,
        path=_cookie_path(request),
    )
    return response


@router.get("/room/{code}", response_class=HTMLResponse, name="workshop_room")
def room(request: Request, code: str, db: Database = Depends(database)) -> Response:
    ensure_device(request)
    wid = find_room(request, db, code)
    found = signer(request).read_participant(request.cookies.get(participant_cookie(wid)))
    if found is None or found[0] != wid:
        return RedirectResponse(url_for(request, "workshop_join_form", _query={"code": code}), status_code=303)
    # the phone's API calls go to <api>/ballot, <api>/sheet, <api>/ideas, <api>/ideas/<id>/dot
    api = url_for(request, "workshop_api_state", wid=wid).rsplit("/", 1)[0]
    return _page(
        request,
        "workshop/room.html",
        wid=wid,
        pid=found[1],
        code=code.upper(),
        api=api,
        token=request.cookies.get(participant_cookie(wid)),
        card_fields=worksheet.CARD_FIELDS,
        core_steps=worksheet.CORE_STEPS,
    )


@router.get("/room/{code}/screen", response_class=HTMLResponse, name="workshop_screen")
def screen(request: Request, code: str, db: Database = Depends(database)) -> HTMLResponse:
    """The projection screen; whoever knows the room code may watch the room's public state, so the
    page gives this browser the workshop's viewer cookie for its live connection."""
    wid = find_room(request, db, code)
    join_url = absolute_url(request, "workshop_join_form", _query={"code": code.upper()})
    response = _page(
        request, "workshop/screen.html", wid=wid, code=code.upper(), join_url=join_url, qr=qr_svg(join_url)
    )
    response.set_cookie(
        viewer_cookie(wid), signer(request).viewer_token(wid), httponly=True, samesite="lax", path=_cookie_path(request)
    )
    return response
