"""Live-update broker for Server-Sent Events.

Every change to a workshop appends a row to ``workshop_events`` (a monotonic sequence). In
each worker process one poller task reads that table for new rows (one indexed query every
``poll`` seconds, while any live view is open) and wakes the views of the workshops that
changed; a change made in this process wakes them at once through :meth:`Broker.notify`.
So several worker processes on PostgreSQL (or SQLite) never lose an update, and a
(re)connecting view always gets the full current state first.

Bursts are coalesced per room, not per connection: the views of a workshop are woken at
most every ``RATES[rate]`` seconds (projector 0.2 s, console and phones 1 s), and the public
state is computed at most every ``min_compute`` seconds (longer while a computation takes long: a
quarter of the time at most, never more than :data:`MAX_COMPUTE_WAIT`) and shared by every
connection of the process. When a computation finds that everyone has handed in the open round,
or the round's last ballot arrives (event ``last-ballot``), every view of the room is woken at once.
A change of who is connected wakes only the console; a ballot or a join (the public count) does not
wake the phones, which show the rounds and their own part, not the count.

A phone's live connection counts it as connected (:mod:`townpaths.studies.workshop.service.presence`):
its first connection and its last disconnection are written, and the broker refreshes the rows of
its process every half minute while it holds any, so the console knows who is connected whichever
worker a phone reached.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool

from townpaths.core.errors import TownpathsError
from townpaths.storage import Database
from townpaths.studies.workshop import service
from townpaths.studies.workshop.core import tally
from townpaths.studies.workshop.service import presence, states

log = logging.getLogger(__name__)

#: Event kinds that change no phone's personal view (the public count and consensus, who is connected).
PUBLIC_ONLY = frozenset({"ballot", "last-ballot", "joined", "presence"})
#: Event kinds every view shows at once (the round's last ballot), without waiting for its rate.
URGENT = frozenset({"last-ballot"})
#: Event kinds that change only the console's view (who is connected): the public state stays as it is.
CONSOLE_ONLY = frozenset({"presence"})
#: Seconds between wake-ups of a room's views, by kind of view.
RATES = {"screen": 0.2, "console": 1.0, "phone": 1.0}
#: The views woken by a change of the public count only: a phone shows the rounds and its own part,
#: not the live count, so it is not woken for each ballot (only for the round's last one).
PUBLIC_RATES = ("screen", "console")
#: The longest pause between two computations of a room's public state in a burst (seconds).
MAX_COMPUTE_WAIT = 1.0
#: The personal event of each kind of view that has one.
PERSONAL_EVENTS = {"phone": "me", "console": "console"}


def _timed_public_state(db: Database, workshop_id: int) -> tuple[dict[str, Any], float]:
    """The public state and the CPU seconds its thread spent on it (not the time it waited for the
    processor, which on a busy machine is far longer)."""
    started = time.thread_time()
    state = states.public_state(db, workshop_id)
    return state, time.thread_time() - started


class _Room:
    def __init__(self) -> None:
        self.version = 0  # last event id seen for this workshop
        self.personal = 0  # last event id that may change a phone's personal view
        self.any = 0  # last event id of any kind (the console follows them all)
        self.events = {rate: asyncio.Event() for rate in RATES}
        self.pending = dict.fromkeys(RATES, False)
        self.published = dict.fromkeys(RATES, 0.0)
        self.cache: tuple[int, str] | None = None
        self.frame: tuple[int, bytes] | None = None  # the cached state as an SSE frame, for every view
        self.computed_at = 0.0
        self.cost = 0.0  # seconds the last computation of the public state took
        self.complete = False  # every participant (or group) has handed in the open round
        self.urgent = False  # a change to show at once: compute the state without pausing
        self.hurry = asyncio.Event()  # set when a change becomes urgent
        self.lock = asyncio.Lock()


class Broker:
    def __init__(self, db: Database, *, poll: float = 0.25, min_compute: float = 0.5) -> None:
        self.db = db
        self.poll = poll
        self.min_compute = min_compute
        self.rooms: dict[int, _Room] = {}
        self.last_id: int | None = None  # None until the sequence has been read once
        self._poller: asyncio.Task[None] | None = None
        #: This process's name in the presence rows, and the phones it holds (participant -> connections).
        self.worker = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.holding: Counter[int] = Counter()
        self._beat = 0.0

    def room(self, workshop_id: int) -> _Room:
        room = self.rooms.get(workshop_id)
        if room is None:
            room = self.rooms[workshop_id] = _Room()
        return room

    def notify(self, workshop_id: int, seq: int, kind: str = "change") -> None:
        """A change (call from the event loop): wake the room's views, coalesced per rate. A change of
        who is connected (``presence``) changes only the console's view: the others are not woken."""
        room = self.room(workshop_id)
        room.any = max(room.any, seq)
        if kind in CONSOLE_ONLY:
            self._schedule(room, ("console",))
            return
        room.version = max(room.version, seq)
        if kind not in PUBLIC_ONLY:
            room.personal = max(room.personal, seq)
        if kind in URGENT:
            room.urgent = True
            room.hurry.set()  # a computation pausing for the last burst goes ahead now
            for rate in RATES:
                self._publish(room, rate)
            return
        self._schedule(room, RATES if kind not in PUBLIC_ONLY else PUBLIC_RATES)

    def _schedule(self, room: _Room, rates: Iterable[str]) -> None:
        loop = asyncio.get_running_loop()
        for rate in rates:
            if not room.pending[rate]:
                room.pending[rate] = True
                loop.call_at(max(loop.time(), room.published[rate] + RATES[rate]), self._publish, room, rate)

    @staticmethod
    def _publish(room: _Room, rate: str) -> None:
        room.pending[rate] = False
        room.published[rate] = asyncio.get_running_loop().time()
        event, room.events[rate] = room.events[rate], asyncio.Event()
        event.set()

    # --- following the event sequence (other processes' changes) ----------------------------------

    def _read_new(self) -> list[tuple[int, int, str]]:
        return service.events_since(self.db, self.last_id or 0)

    async def poll_events(self) -> None:
        """Read the new rows of the event sequence and wake the views concerned."""
        try:
            rows = await run_in_threadpool(self._read_new)
        except Exception:
            log.exception("reading workshop events failed")
            return
        # per workshop, the last event of each class: console only, public, personal (with its kind)
        touched: dict[int, dict[str, tuple[int, str]]] = {}
        for seq, wid, kind in rows:
            self.last_id = max(self.last_id or 0, seq)
            cls = "console" if kind in CONSOLE_ONLY else "urgent" if kind in URGENT else "public"
            cls = "personal" if kind not in PUBLIC_ONLY else cls
            touched.setdefault(wid, {})[cls] = (seq, kind)
        for wid, last in touched.items():
            room = self.rooms.get(wid)
            if room is None:
                continue
            for cls, (seq, kind) in last.items():
                mark = room.any if cls == "console" else room.personal if cls == "personal" else room.version
                if seq > mark:
                    self.notify(wid, seq, kind)

    async def _heartbeat(self) -> None:
        """Refresh this process's presence rows (and drop those of processes gone) now and then."""
        now = asyncio.get_running_loop().time()
        if not self.holding or now - self._beat < presence.HEARTBEAT:
            return
        self._beat = now
        try:
            await run_in_threadpool(presence.heartbeat, self.db, self.worker)
        except Exception:
            log.exception("refreshing who is connected failed")

    async def _poll_forever(self) -> None:
        while self.rooms:
            await self.poll_events()
            await self._heartbeat()
            await asyncio.sleep(self.poll)

    async def _presence(self, change: Callable[..., int], workshop_id: int, participant_id: int) -> None:
        """Write a phone's connection or disconnection (shielded: a phone that goes away cancels the
        stream, and its disconnection must still be written)."""
        with anyio.CancelScope(shield=True):
            try:
                seq = await run_in_threadpool(change, self.db, workshop_id, participant_id, self.worker)
            except Exception:
                log.exception("recording who is connected failed")
                return
        if seq:
            self.notify(workshop_id, seq, "presence")

    async def _follow(self) -> None:
        if self.last_id is None:  # start following the sequence before the first state is read
            self.last_id = await run_in_threadpool(service.last_seq, self.db)
            await run_in_threadpool(tally.warm_up)
        if self._poller is None or self._poller.done():
            self._poller = asyncio.get_running_loop().create_task(self._poll_forever())

    # --- states and streams -----------------------------------------------------------------------

    async def public_json(self, workshop_id: int) -> tuple[int, str]:
        """(version, JSON of the public state), computed once per version for all views."""
        room = self.room(workshop_id)
        await self._follow()  # follow the sequence before reading any state, so no change slips between
        async with room.lock:
            if room.cache is not None and room.cache[0] >= room.version:
                return room.cache
            loop = asyncio.get_running_loop()
            # a burst of ballots: recompute at most every ``min_compute`` seconds, and spend at most a
            # quarter of the time computing (a round of 2,000 ballots takes a while to count), but
            # never leave a view more than MAX_COMPUTE_WAIT seconds behind for that
            pause = 0.0 if room.urgent else min(max(self.min_compute, 4 * room.cost), MAX_COMPUTE_WAIT)
            wait = room.computed_at + pause - loop.time()
            if wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(room.hurry.wait(), wait)
            room.urgent, room.hurry = False, asyncio.Event()
            version = room.version
            state, room.cost = await run_in_threadpool(_timed_public_state, self.db, workshop_id)
            version = max(version, state["seq"])
            room.version = max(room.version, version)
            room.any = max(room.any, version)
            room.cache = (version, json.dumps(state, ensure_ascii=False, separators=(",", ":")))
            room.frame = (version, f"id: {version}\nevent: state\ndata: {room.cache[1]}\n\n".encode())
            room.computed_at = asyncio.get_running_loop().time()
            live = state.get("live") or {}
            complete = live.get("status") == "open" and 0 < live.get("expected", 0) <= (live.get("count") or 0)
            if complete and not room.complete:  # the last ballot of the room: every view at once
                for rate in RATES:
                    self._publish(room, rate)
            room.complete = complete
            return room.cache

    async def stream(
        self,
        workshop_id: int,
        *,
        personal: Callable[[], dict[str, Any]] | None = None,
        rate: str = "screen",
        participant: int | None = None,
        keepalive: float = 15.0,
    ) -> AsyncIterator[str | bytes]:
        """SSE frames: the full state at once (on every (re)connect), then after each change; with
        ``personal``, the view's own event (``me`` for a phone, ``console`` for the console) after
        each change that may alter it. ``participant``: the phone's participant, counted as connected
        while the stream lasts. (Starlette ends the generator when the client goes away.)"""
        room = self.room(workshop_id)
        await self._follow()
        if room.version == 0:
            room.version = room.any = await run_in_threadpool(service.last_seq, self.db, workshop_id)
        if participant is not None:
            self.holding[participant] += 1
            await self._presence(presence.connected, workshop_id, participant)
        try:
            async for frame in self._frames(workshop_id, room, personal, rate, keepalive):
                yield frame
        finally:
            if participant is not None:
                self.holding[participant] -= 1
                if self.holding[participant] <= 0:
                    del self.holding[participant]
                await self._presence(presence.disconnected, workshop_id, participant)

    async def _frames(
        self,
        workshop_id: int,
        room: _Room,
        personal: Callable[[], dict[str, Any]] | None,
        rate: str,
        keepalive: float,
    ) -> AsyncIterator[str | bytes]:
        yield "retry: 1000\n\n"
        name = PERSONAL_EVENTS.get(rate, "me")
        sent, sent_personal = -1, -1
        while True:
            event = room.events[rate]
            mine = room.any if rate == "console" else room.personal  # the changes the personal view follows
            if room.version != sent:
                version, data = await self.public_json(workshop_id)
                sent = version
                frame = room.frame  # one encoded frame shared by every view (2,000 phones need not each encode it)
                if frame is not None and frame[0] == version:
                    yield frame[1]
                else:
                    yield f"id: {version}\nevent: state\ndata: {data}\n\n"
            if personal is not None and mine != sent_personal:
                try:
                    me = await run_in_threadpool(personal)
                except TownpathsError:  # a row committed a moment ago not visible yet: try again
                    await asyncio.sleep(0.2)
                    continue
                sent_personal = mine  # read before computing: a change meanwhile is sent next time
                yield f"event: {name}\ndata: {json.dumps(me, ensure_ascii=False, separators=(',', ':'))}\n\n"
            mine = room.any if rate == "console" else room.personal
            if (rate != "phone" and room.version != sent) or (personal is not None and mine != sent_personal):
                continue  # (a phone is sent the public state when it is woken, not for each change of it)
            try:
                await asyncio.wait_for(event.wait(), keepalive)
            except TimeoutError:
                yield ": ping\n\n"
