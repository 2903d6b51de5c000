"""The console is live over real HTTP (uvicorn): who runs the workshop follows ``event: console``
(participants, who is connected now, submissions per round and group) without reloading; a phone's
live connection counts it as connected until it closes. Nobody else gets the console's stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.aio import run_apart
from tests.support.people import OWNER, person, session_cookie
from tests.support.server import LiveServer
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import presence, states
from townpaths.web.access import ACCOUNT_COOKIE
from townpaths.web.app import Settings, create_app

SECRET = "test-secret"


def _events(response: httpx.Response) -> Iterator[tuple[str, dict[str, Any]]]:
    """(event, data) of each SSE frame of a stream."""
    name, data = "message", ""
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
        elif line == "" and data:
            yield name, json.loads(data)
            name, data = "message", ""


def _until(frames: Iterator[tuple[str, dict[str, Any]]], wanted: str, test: Any) -> dict[str, Any]:
    for name, data in frames:
        if name == wanted and test(data):
            return data
    raise AssertionError(f"no {wanted} event")


@pytest.fixture
def server(velenje_sqlite):
    live = LiveServer(create_app(Settings(db=velenje_sqlite.url, secret_key=SECRET)))
    live.start()
    yield live
    live.stop()


def test_the_console_follows_joins_connections_and_ballots(server, velenje_sqlite) -> None:
    db = velenje_sqlite
    owner = person(db, *OWNER, {"velenje": "owner"})
    created = service.create_workshop(db, "velenje", rounds="individual,plenary")
    wid = created.workshop_id
    cookies = {ACCOUNT_COOKIE: session_cookie(SECRET, owner)}
    timeout = httpx.Timeout(20.0)
    with (
        httpx.Client(base_url=server.url, timeout=timeout) as fac,
        httpx.Client(base_url=server.url, timeout=timeout) as phone,
    ):
        ana = phone.post(f"/api/rooms/{created.room_code}/join", json={"nickname": "Ana"}).json()
        as_ana = {"X-Participant-Token": ana["token"]}
        # a phone, and nobody signed in, get no console stream
        assert phone.get(f"/api/workshops/{wid}/events?console=1", headers=as_ana).status_code == 401
        assert httpx.get(f"{server.url}/api/workshops/{wid}/events?console=1").status_code == 401
        with fac.stream("GET", f"/api/workshops/{wid}/events?console=1", cookies=cookies) as console:
            frames = _events(console)
            first = _until(frames, "console", lambda d: True)
            assert ([p["nickname"] for p in first["participants"]], first["connected"]) == (["Ana"], 0)
            # Ana's phone opens its live view: connected now
            with phone.stream("GET", f"/api/workshops/{wid}/events?me=1", headers=as_ana) as mine:
                phone_frames = _events(mine)  # kept: dropping the reader would close the connection
                assert next(phone_frames)[0] == "state"
                seen = _until(frames, "console", lambda d: d["connected"] == 1)
                assert seen["participants"][0]["connected"] is True
                # a join and a ballot reach the console without a reload
                bor = service.join(db, wid, "Bor")
                service.open_round(db, wid, 1)
                ids = [p["id"] for p in states.public_state(db, wid)["problems"]]
                service.submit_ballot(db, wid, bor, ids, "bor-ballot-1")
                after = _until(frames, "console", lambda d: d["rounds"][0]["ballots"] == 1)
                assert [(p["nickname"], p["connected"], p["submitted"]) for p in after["participants"]] == [
                    ("Ana", True, False),
                    ("Bor", False, True),
                ]
            # the phone went away: not connected any more
            gone = _until(frames, "console", lambda d: d["connected"] == 0)
            assert gone["participants"][0]["connected"] is False


def test_presence_rows_by_worker(velenje_sqlite) -> None:
    db = velenje_sqlite
    created = service.create_workshop(db, "velenje", rounds="individual")
    wid = created.workshop_id
    ana = service.join(db, wid, "Ana")
    assert presence.connected(db, wid, ana, "worker-1") > 0  # the first connection is news
    assert presence.connected(db, wid, ana, "worker-1") == 0  # a second tab is not
    assert presence.connected(db, wid, ana, "worker-2") == 0  # nor the same phone on another worker
    assert states.facilitator_state(db, wid)["connected"] == 1
    assert presence.disconnected(db, wid, ana, "worker-1") == 0
    assert presence.disconnected(db, wid, ana, "worker-1") == 0  # worker 2 still holds it
    assert presence.disconnected(db, wid, ana, "worker-3") == 0  # a worker that holds nothing
    assert presence.heartbeat(db, "worker-2") == []
    assert presence.disconnected(db, wid, ana, "worker-2") > 0  # the last connection closed
    assert states.facilitator_state(db, wid)["connected"] == 0


def test_who_is_connected_wakes_only_the_console_and_the_last_ballot_wakes_every_view(velenje_sqlite) -> None:
    """A presence event changes only the console's view (the public state stays as it is); a ballot
    wakes the projector and the console at their rates, not the phones; the round's last ballot
    wakes every kind of view at once."""
    import asyncio

    from townpaths.web.live import RATES, Broker

    async def scenario() -> None:
        broker = Broker(velenje_sqlite)
        room = broker.room(7)
        events = dict(room.events)
        broker.notify(7, 5, "presence")
        assert (room.version, room.any, room.personal) == (0, 5, 0)
        await asyncio.sleep(0.05)  # the room's first wake-up is at once
        assert events["console"].is_set()
        assert not any(events[rate].is_set() for rate in RATES if rate != "console")
        events = dict(room.events)
        broker.notify(7, 6, "ballot")  # scheduled at each view's rate, not woken at once
        assert not any(events[rate].is_set() for rate in RATES)
        # and not for the phones: they show the rounds and their own part, not the count
        assert (room.pending["screen"], room.pending["console"], room.pending["phone"]) == (True, True, False)
        assert room.version == 6
        events = dict(room.events)
        broker.notify(7, 8, "last-ballot")
        assert all(events[rate].is_set() for rate in RATES)  # at once
        assert room.urgent and room.hurry.is_set() and room.version == 8

    run_apart(scenario)
