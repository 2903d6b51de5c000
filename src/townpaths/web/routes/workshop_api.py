"""Workshop JSON API for phones and the live event stream (Server-Sent Events). Errors answer
``{"error": message}`` (:mod:`townpaths.web.errors`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from townpaths.core.i18n import Translator
from townpaths.storage import Database
from townpaths.studies.workshop import service
from townpaths.studies.workshop.core.integrity import PartnerBallot
from townpaths.studies.workshop.service import states
from townpaths.web.access import runs_workshop
from townpaths.web.deps import database, language
from townpaths.web.workshop_auth import (
    broker,
    join_room,
    limit_participant,
    participant_of,
    require_viewer,
    signer,
)

router = APIRouter(prefix="/api")

#: Said when a group mate saved a field since this phone began editing it (a msgid).
CONFLICT = "Someone in your group changed this meanwhile: both texts are shown, keep one or merge them."


async def _call(func: Callable[..., Any], *args: Any) -> Any:
    return await run_in_threadpool(func, *args)


async def _change(request: Request, workshop_id: int, work: Awaitable[Any], kind: str) -> Any:
    result = await work
    seq = result.seq if hasattr(result, "seq") else result
    if seq:
        broker(request).notify(workshop_id, seq, kind)
    return result


@router.post("/rooms/{code}/join", name="workshop_api_join")
async def api_join(
    request: Request, code: str, body: dict[str, Any] = Body(default_factory=dict), db: Database = Depends(database)
) -> JSONResponse:
    wid, pid = await _call(join_room, request, db, code, body.get("nickname"), body.get("sector"))
    broker(request).notify(wid, await _call(service.last_seq, db, wid), "joined")
    return JSONResponse(
        {"workshop_id": wid, "participant_id": pid, "token": signer(request).participant_token(wid, pid)}
    )


@router.post("/workshops/{wid}/ballot", name="workshop_api_ballot")
async def api_ballot(
    request: Request, wid: int, body: dict[str, Any] = Body(...), db: Database = Depends(database)
) -> JSONResponse:
    """A phone's ranking: ``ranking``, ``client_token`` (one per version of its draft), ``seq`` (the
    phone's sequence number of that version) and ``base`` (the token of the group ballot it last
    saw). 409 with the group's ``ballot`` when a partner handed in a newer one."""
    pid = participant_of(request, wid)
    limit_participant(request, "ballot", wid, pid)
    token, base = str(body.get("client_token") or ""), body.get("base")
    submit = partial(service.submit_ballot, seq=body.get("seq"), base=base if isinstance(base, str) else None)
    try:
        ack = await _call(submit, db, wid, pid, body.get("ranking"), token)
    except PartnerBallot as exc:
        message = Translator(language(request)).gettext(exc.message)
        return JSONResponse({"error": message, "ballot": exc.ballot}, status_code=409)
    if ack.seq:
        broker(request).notify(wid, ack.seq, ack.kind)
    return JSONResponse({"status": ack.status, "ballot_id": ack.ballot_id, "round": ack.round_no, "count": ack.count})


@router.post("/workshops/{wid}/sheet", name="workshop_api_sheet")
async def api_sheet(
    request: Request, wid: int, body: dict[str, Any] = Body(...), db: Database = Depends(database)
) -> JSONResponse:
    """The worksheet fields a phone changed, each with the version it edited: 200 when all were
    saved, 409 with the ``conflicts`` (a group mate's newer text beside this phone's) to merge."""
    pid = participant_of(request, wid)
    limit_participant(request, "edit", wid, pid)
    saved = await _change(request, wid, _call(service.save_sheet, db, wid, pid, body), "sheet")
    result = {"saved": saved.saved, "versions": {k: v["v"] for k, v in saved.versions.items()}}
    if saved.conflicts:
        message = Translator(language(request)).gettext(CONFLICT)
        return JSONResponse({"error": message, "conflicts": saved.conflicts, **result}, status_code=409)
    return JSONResponse({"status": "saved", **result})


@router.post("/workshops/{wid}/ideas", name="workshop_api_idea")
async def api_idea(
    request: Request, wid: int, body: dict[str, Any] = Body(...), db: Database = Depends(database)
) -> JSONResponse:
    pid = participant_of(request, wid)
    limit_participant(request, "edit", wid, pid)
    await _change(request, wid, _call(service.add_idea, db, wid, pid, body.get("text")), "idea")
    return JSONResponse({"status": "added"})


@router.post("/workshops/{wid}/ideas/{idea_id}/dot", name="workshop_api_dot")
async def api_dot(request: Request, wid: int, idea_id: int, db: Database = Depends(database)) -> JSONResponse:
    pid = participant_of(request, wid)
    limit_participant(request, "edit", wid, pid)
    await _change(request, wid, _call(service.toggle_dot, db, wid, pid, idea_id), "dot")
    return JSONResponse({"status": "ok"})


@router.get("/workshops/{wid}/state", name="workshop_api_state")
async def api_state(request: Request, wid: int) -> Response:
    """The public state, for a participant, the facilitator or a projection screen of the workshop."""
    require_viewer(request, wid, runs_it=runs_workshop(request))
    b = broker(request)
    await b.poll_events()  # changes made by other processes count too
    b.room(wid)
    _version, data = await b.public_json(wid)
    return Response(data, media_type="application/json")


@router.get("/workshops/{wid}/events", name="workshop_events")
async def events(
    request: Request, wid: int, me: int = 0, console: int = 0, db: Database = Depends(database)
) -> StreamingResponse:
    """The live view: ``event: state`` (public state, full on every (re)connect, the SSE id is
    the workshop's event sequence); for a participant (``?me=1``) also ``event: me``, and for whoever
    runs the workshop (``?console=1``) ``event: console`` (participants, who is connected,
    submissions per round and group). Only for a participant, the facilitator or a projection
    screen of the workshop (401 otherwise)."""
    runs_it = runs_workshop(request)
    require_viewer(request, wid, runs_it=runs_it)
    await _call(service.last_seq, db, wid)
    await broker(request).public_json(wid)
    b = broker(request)
    if me:
        pid = participant_of(request, wid)
        stream = b.stream(wid, personal=partial(states.participant_state, db, wid, pid), rate="phone", participant=pid)
    elif console:
        if not runs_it:
            raise HTTPException(401, "Sign in first.")
        stream = b.stream(wid, personal=partial(states.facilitator_state, db, wid), rate="console")
    else:
        stream = b.stream(wid, rate="screen")
    return StreamingResponse(
        stream, media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )
