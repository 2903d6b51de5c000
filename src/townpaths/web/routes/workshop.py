"""Workshop pages: facilitator console, join, participant phone, projector, report, export."""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from townpaths.storage.towns import find_town
from townpaths.core.errors import InputError
from townpaths.studies.workshop.formats import export as wx
from townpaths.storage import Database
from townpaths.core.vocab import HELIX_SECTORS
from townpaths.web.deps import database, page
from townpaths.web.workshop_auth import (
    admin_cookie,
    broker,
    check_csrf,
    client_ip,
    csrf_token,
    limit,
    participant_cookie,
    require_admin,
    set_sid,
    signer,
)
from townpaths.studies.workshop.core import plan, worksheet
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import views

router = APIRouter()


def _page(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    sid, token = csrf_token(request)
    response = page(request, template, csrf=token, sectors=HELIX_SECTORS, **ctx)
    if request.cookies.get("tpws_sid") != sid:
        set_sid(response, sid)
    response.headers["Cache-Control"] = "no-store"
    return response


def _base(request: Request) -> str:
    return (request.app.state.settings.base_url or str(request.base_url)).rstrip("/")


def qr_svg(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue().decode("utf-8").split("?>", 1)[-1]


# --- facilitator ----------------------------------------------------------------------------------


@router.get("/towns/{slug}/workshops/new", response_class=HTMLResponse, name="workshop_new")
def new_form(request: Request, slug: str, db: Database = Depends(database)) -> HTMLResponse:
    town = find_town(db, slug)
    return _page(request, "workshop/new.html", town=town, default_rounds=plan.DEFAULT_ROUNDS + ",worksheet:3",
                 methods=plan.METHODS, workshops=service.list_workshops(db, town.id))


@router.post("/towns/{slug}/workshops", name="workshop_create")
def create(request: Request, slug: str, csrf: str = Form(""), title: str = Form(""),
           rounds: str = Form(plan.DEFAULT_ROUNDS), method: str = Form("kemeny"), problems: str = Form(""),
           db: Database = Depends(database)) -> Response:
    check_csrf(request, csrf)
    limit(request, "admin", client_ip(request))
    typed = [line for line in problems.splitlines() if line.strip()] or None
    created = service.create_workshop(db, slug, title=title, rounds=rounds, method=method, problems=typed)
    return _page(request, "workshop/created.html", created=created,
                 admin_url=f"{_base(request)}/workshops/{created.workshop_id}/admin?key={created.admin_secret}")


@router.get("/workshops/{wid}/admin", name="workshop_admin")
def admin_login(request: Request, wid: int, key: str = "", db: Database = Depends(database)) -> Response:
    limit(request, "admin", client_ip(request))
    if not service.check_admin(db, wid, key):
        raise InputError("this facilitator link is not valid")
    response = RedirectResponse(f"/workshops/{wid}/console", status_code=303)
    response.set_cookie(admin_cookie(wid), signer(request).admin_token(wid), httponly=True, samesite="lax")
    return response


@router.get("/workshops/{wid}/console", response_class=HTMLResponse, name="workshop_console")
def console(request: Request, wid: int, db: Database = Depends(database)) -> HTMLResponse:
    require_admin(request, wid)
    state = views.public_state(db, wid)
    code = state["workshop"]["room_code"]
    join_url = f"{_base(request)}/join?code={code}" if code else ""
    return _page(request, "workshop/console.html", state=state, fac=views.facilitator_state(db, wid),
                 join_url=join_url, qr=qr_svg(join_url) if code else "")


async def _admin_action(request: Request, wid: int, csrf: str, func: Any, *args: Any) -> Response:
    require_admin(request, wid)
    check_csrf(request, csrf)
    seq = await run_in_threadpool(func, request.app.state.db, wid, *args)
    broker(request).notify(wid, seq, "admin")
    return RedirectResponse(f"/workshops/{wid}/console", status_code=303)


@router.post("/workshops/{wid}/rounds/{no}/open", name="workshop_open_round")
async def open_round(request: Request, wid: int, no: int, csrf: str = Form("")) -> Response:
    return await _admin_action(request, wid, csrf, service.open_round, no)


@router.post("/workshops/{wid}/rounds/{no}/close", name="workshop_close_round")
async def close_round(request: Request, wid: int, no: int, csrf: str = Form("")) -> Response:
    return await _admin_action(request, wid, csrf, service.close_round, no)


@router.post("/workshops/{wid}/move", name="workshop_move")
async def move(request: Request, wid: int, csrf: str = Form(""), round_no: int = Form(...),
               participant: int = Form(...), group: str = Form(...)) -> Response:
    return await _admin_action(request, wid, csrf, service.move_participant, round_no, participant, group)


@router.post("/workshops/{wid}/show-ballots", name="workshop_show_ballots")
async def show_ballots(request: Request, wid: int, csrf: str = Form(""), show: str = Form("")) -> Response:
    return await _admin_action(request, wid, csrf, service.set_show_ballots, show == "1")


@router.post("/workshops/{wid}/end", name="workshop_end")
async def end(request: Request, wid: int, csrf: str = Form("")) -> Response:
    return await _admin_action(request, wid, csrf, service.end_workshop)


@router.get("/workshops/{wid}/report", response_class=HTMLResponse, name="workshop_report")
def report(request: Request, wid: int, db: Database = Depends(database)) -> HTMLResponse:
    require_admin(request, wid)
    data = views.export_data(db, wid)
    final = sorted(data["problems"], key=lambda p: (p["rank"] is None, p["rank"] or 0, p["position"]))
    return _page(request, "workshop/report.html", data=data, names={p["id"]: p for p in data["problems"]}, final=final,
                 town=service.town_of(db, wid), card_fields=worksheet.CARD_FIELDS, core_steps=worksheet.CORE_STEPS)


@router.get("/workshops/{wid}/export/{name}", name="workshop_export")
def export(request: Request, wid: int, name: str, db: Database = Depends(database)) -> Response:
    """``ballots.csv``, ``worksheets.csv``, ``workshop.json`` or ``round-N.toc`` (PrefLib)."""
    require_admin(request, wid)
    data = views.export_data(db, wid)
    if name == "ballots.csv":
        body, media = wx.ballots_csv(data), "text/csv"
    elif name == "worksheets.csv":
        body, media = wx.worksheets_csv(data), "text/csv"
    elif name == "workshop.json":
        body, media = wx.to_json(data), "application/json"
    elif name.startswith("round-") and name.endswith(".toc") and name[6:-4].isdigit():
        body, media = wx.round_preflib(data, int(name[6:-4])), "text/plain"
    else:
        raise InputError("unknown export", value=name)
    return Response(body, media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="workshop-{wid}-{name}"'})


# --- participants and the projector ---------------------------------------------------------------


@router.get("/join", response_class=HTMLResponse, name="workshop_join_form")
def join_form(request: Request, code: str = "") -> HTMLResponse:
    return _page(request, "workshop/join.html", code=code, error=None)


@router.post("/join", name="workshop_join")
def join(request: Request, csrf: str = Form(""), code: str = Form(""), nickname: str = Form(""),
         sector: str = Form(""), db: Database = Depends(database)) -> Response:
    check_csrf(request, csrf)
    limit(request, "join", client_ip(request))
    wid = service.find_room(db, code)
    pid = service.join(db, wid, nickname, sector or None)
    response = RedirectResponse(f"/room/{code.strip().upper()}", status_code=303)
    response.set_cookie(participant_cookie(wid), signer(request).participant_token(wid, pid), httponly=True,
                        samesite="lax", max_age=2 * 24 * 3600)
    return response


@router.get("/room/{code}", response_class=HTMLResponse, name="workshop_room")
def room(request: Request, code: str, db: Database = Depends(database)) -> Response:
    wid = service.find_room(db, code)
    found = signer(request).read_participant(request.cookies.get(participant_cookie(wid)))
    if found is None or found[0] != wid:
        return RedirectResponse(f"/join?code={code}", status_code=303)
    return _page(request, "workshop/room.html", wid=wid, pid=found[1], code=code.upper(),
                 token=request.cookies.get(participant_cookie(wid)), card_fields=worksheet.CARD_FIELDS,
                 core_steps=worksheet.CORE_STEPS)


@router.get("/room/{code}/screen", response_class=HTMLResponse, name="workshop_screen")
def screen(request: Request, code: str, db: Database = Depends(database)) -> HTMLResponse:
    wid = service.find_room(db, code)
    join_url = f"{_base(request)}/join?code={code.upper()}"
    return _page(request, "workshop/screen.html", wid=wid, code=code.upper(), join_url=join_url, qr=qr_svg(join_url))
