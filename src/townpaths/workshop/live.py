"""Live-update broker for Server-Sent Events.

Every change to a workshop appends a row to ``workshop_events`` (a monotonic sequence). In
each worker process the open live views take turns to read that table for new rows (one
indexed query per ``poll`` seconds for the whole process) and wake the views of the
workshops that changed; a change made in this process wakes them at once through
:meth:`Broker.notify`. So several
worker processes on PostgreSQL (or SQLite) never lose an update, and a reconnecting view
always gets the full current state first.

The projector's state is computed at most once per change and shared by every connection
of the process (coalesced: views wait ``interval`` seconds after a wake-up, so a burst of
ballots becomes one update).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from townpaths.errors import TownpathsError
from townpaths.storage import Database
from townpaths.storage.models import WorkshopEvent
from townpaths.workshop import views
from townpaths.workshop.service import _scalar

log = logging.getLogger(__name__)

#: Event kinds that change only the public count/consensus (phones need no personal update).
PUBLIC_ONLY = frozenset({"ballot", "joined"})


class _Room:
    def __init__(self) -> None:
        self.version = 0  # last event id seen for this workshop
        self.personal = 0  # last event id that may change a phone's personal view
        self.changed = asyncio.Event()
        self.cache: tuple[int, str] | None = None
        self.lock = asyncio.Lock()


class Broker:
    def __init__(self, db: Database, *, poll: float = 0.25) -> None:
        self.db = db
        self.poll = poll
        self.rooms: dict[int, _Room] = {}
        self.last_id: int | None = None  # None until the tailer has read where the sequence stands
        self._polling = False
        self._last_poll = 0.0

    def room(self, workshop_id: int) -> _Room:
        room = self.rooms.get(workshop_id)
        if room is None:
            room = self.rooms[workshop_id] = _Room()
        return room

    def notify(self, workshop_id: int, seq: int, kind: str = "change") -> None:
        """A change made by this process (call from the event loop)."""
        room = self.room(workshop_id)
        if seq > room.version:
            room.version = seq
        if kind not in PUBLIC_ONLY and seq > room.personal:
            room.personal = seq
        room.changed.set()
        room.changed = asyncio.Event()

    def _read_new(self) -> list[tuple[int, int, str]]:
        with self.db.transaction() as s:
            if self.last_id is None:
                self.last_id = _scalar(s, select(WorkshopEvent.id).order_by(WorkshopEvent.id.desc()).limit(1)) or 0
                return []
            return [(r[0], r[1], r[2]) for r in s.execute(
                select(WorkshopEvent.id, WorkshopEvent.workshop_id, WorkshopEvent.kind)
                .where(WorkshopEvent.id > self.last_id).order_by(WorkshopEvent.id))]

    async def poll_events(self) -> None:
        """Read new rows of the event sequence (at most once per ``poll`` seconds for the whole
        process, whichever live view asks first) and wake the views of the workshops concerned."""
        loop = asyncio.get_running_loop()
        if self._polling or loop.time() - self._last_poll < self.poll:
            return
        self._polling = True
        try:
            rows = await run_in_threadpool(self._read_new)
        except Exception:  # noqa: BLE001 - a database hiccup must not end live updates
            log.exception("reading workshop events failed")
            rows = []
        finally:
            self._polling = False
            self._last_poll = loop.time()
        touched: dict[int, tuple[int, str]] = {}
        for seq, wid, kind in rows:
            self.last_id = max(self.last_id or 0, seq)
            prev = touched.get(wid)
            touched[wid] = (seq, kind if prev is None or prev[1] in PUBLIC_ONLY else prev[1])
        for wid, (seq, kind) in touched.items():
            room = self.rooms.get(wid)
            if room is not None and (seq > room.version or (kind not in PUBLIC_ONLY and seq > room.personal)):
                self.notify(wid, seq, kind)

    async def public_json(self, workshop_id: int) -> tuple[int, str]:
        """(version, JSON of the public state), computed once per version for all views."""
        room = self.room(workshop_id)
        async with room.lock:
            if room.cache is not None and room.cache[0] >= room.version:
                return room.cache
            version = room.version
            state = await run_in_threadpool(views.public_state, self.db, workshop_id)
            version = max(version, state["seq"])
            room.version = max(room.version, version)
            room.cache = (version, json.dumps(state, ensure_ascii=False, separators=(",", ":")))
            return room.cache

    async def stream(self, workshop_id: int, *, is_disconnected: Callable[[], Any],
                     personal: Callable[[], dict[str, Any]] | None = None,
                     interval: float = 0.2, keepalive: float = 15.0) -> AsyncIterator[str]:
        """SSE frames: the full state at once (on every (re)connect), then after each change."""
        room = self.room(workshop_id)
        loop = asyncio.get_running_loop()
        if self.last_id is None:  # start following the sequence before the first state is read
            self.last_id = await run_in_threadpool(views.last_seq, self.db)
        if room.version == 0:
            room.version = await run_in_threadpool(views.last_seq, self.db, workshop_id)
        yield "retry: 1000\n\n"
        sent, sent_personal = -1, -1
        last_frame = loop.time()
        while True:
            changed = room.changed
            if room.version != sent:
                version, data = await self.public_json(workshop_id)
                sent = version
                yield f"id: {version}\nevent: state\ndata: {data}\n\n"
            if personal is not None and room.personal != sent_personal:
                target = room.personal  # read before computing: a change meanwhile is sent next time
                try:
                    me = await run_in_threadpool(personal)
                except TownpathsError:  # a row committed a moment ago not visible yet: try again
                    await asyncio.sleep(0.2)
                    continue
                sent_personal = target
                yield f"event: me\ndata: {json.dumps(me, ensure_ascii=False, separators=(',', ':'))}\n\n"
            if room.version != sent or (personal is not None and room.personal != sent_personal):
                continue
            last_frame = loop.time() if room.version == sent else last_frame
            try:
                await asyncio.wait_for(changed.wait(), self.poll)
            except TimeoutError:
                await self.poll_events()
                if loop.time() - last_frame > keepalive:
                    last_frame = loop.time()
                    yield ": ping\n\n"
                if await is_disconnected():
                    return
                continue
            if await is_disconnected():
                return
            await asyncio.sleep(interval)
