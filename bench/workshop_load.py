"""Load test of a live workshop: a room of N phones answering "now".

A real uvicorn server (subprocess, 127.0.0.1) serves the app on SQLite (or PostgreSQL with
``--db``). N simulated participants (asyncio + httpx, in this process) open the join page (which
gives each phone its device cookie: joins are limited per device and per room, so a room of
phones behind one address joins) and join with the room code; each keeps a live connection (SSE)
open, and all hand in their ranking within a ``--window`` second window; 5 % of them send their
submission twice (a retry with the same token). A projector keeps its own live connection. The
round is opened by another process (this one, through the library), so the change reaches the
server through the event table.

Checks: every submission acknowledged, none lost or doubled (ballots in the database = N);
every live view receives the final aggregate (count = N) and it equals the aggregate of
the database's ballots. The projector opens the projection screen with the room code (its viewer
cookie lets it follow the room). Reports p50/p95/max submit latency, the time from the last
acknowledgement until the projector shows the final aggregate, and until every phone has it.

Peer: Decidim-style polling every 5 s (named in issue #7) shows a change on average 2.5 s
(at worst 5 s) after it happens; the ratio printed is 2.5 s / our projector lag.

    PYTHONPATH=src python bench/workshop_load.py [--participants 500] [--window 5] [--workers 1] [--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

import httpx

from townpaths.cases.towns import load_velenje
from townpaths.storage import Database
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import states

POLLING_PEER_MEAN = 2.5  # seconds: mean staleness of a view polling every 5 s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cookie(response: httpx.Response, name: str) -> str:
    """The value of cookie ``name`` the response sets."""
    for header in response.headers.get_list("set-cookie"):
        key, _, rest = header.partition("=")
        if key == name:
            return rest.split(";", 1)[0]
    raise RuntimeError(f"{response.url}: no {name} cookie")


class View:
    """One live connection; remembers when it first saw ``count`` ballots."""

    def __init__(self, keep_all: bool = False) -> None:
        self.keep_all = keep_all
        self.state: dict | None = None
        self.first_full: float | None = None
        self.round_open = asyncio.Event()
        self.me_in_round = asyncio.Event()
        self.frames = 0


async def follow(
    host: str, port: int, path: str, view: View, target: int, stop: asyncio.Event, headers: dict[str, str] | None = None
) -> None:
    """A live connection on a bare asyncio socket (an SSE client costs far less CPU this way
    than through httpx, so the load generator does not crowd out the server on 2 cores)."""
    reader, writer = await asyncio.open_connection(host, port, limit=2**20)
    head = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n{head}\r\n".encode())
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        raise RuntimeError(f"{path}: {status!r}")
    marker = f'"count":{target},'.encode()
    event = None
    try:
        while not stop.is_set():
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"event:"):
                event = line[6:].strip()
            elif line.startswith(b"data:") and event == b"me":
                if json.loads(line[5:]).get("round"):
                    view.me_in_round.set()
            elif line.startswith(b"data:") and event == b"state":
                view.frames += 1
                if view.round_open.is_set() and not view.keep_all and marker not in line:
                    continue  # a phone only needs to notice the final aggregate: skip parsing the rest
                state = json.loads(line[5:])
                live = state.get("live") or {}
                # keep only what is checked (less memory, fewer garbage-collector pauses in 500 views)
                view.state = (
                    state if view.keep_all else {"live": {"tiers": live.get("tiers"), "count": live.get("count")}}
                )
                if any(r["status"] == "open" for r in state["rounds"]):
                    view.round_open.set()
                if live.get("count") == target and view.first_full is None:
                    view.first_full = time.monotonic()
                    return
    finally:
        writer.close()


async def run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="townpaths-bench-"))
    url = args.db or f"sqlite:///{tmp / 'bench.sqlite3'}"
    db = Database(url)
    load_velenje(db)
    created = service.create_workshop(db, "velenje", rounds="individual,plenary")
    wid = created.workshop_id
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "TOWNPATHS_DATABASE_URL": url,
        "TOWNPATHS_SECRET_KEY": secrets.token_urlsafe(32),
        "TOWNPATHS_WORKSHOP_JOIN_LIMIT": str(args.participants * 2),  # joins of one room a minute
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "townpaths.web.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    n = args.participants
    try:
        limits = httpx.Limits(max_connections=n * 2 + 50, max_keepalive_connections=n * 2 + 50)
        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))  # each phone sends its own
        async with httpx.AsyncClient(timeout=httpx.Timeout(60.0), limits=limits, cookies=no_cookies) as client:
            for _ in range(200):
                try:
                    if (await client.get(f"{base}/join")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            sem = asyncio.Semaphore(50)

            async def join(i: int) -> str:
                async with sem:  # a phone: the join page (its device cookie), then the join
                    page = await client.get(f"{base}/join", params={"code": created.room_code})
                    device = cookie(page, "tp_device")
                    r = await client.post(
                        f"{base}/api/rooms/{created.room_code}/join",
                        json={"nickname": f"p{i}"},
                        headers={"Cookie": f"tp_device={device}"},
                    )
                    if r.status_code != 200:
                        raise RuntimeError(f"join {i}: {r.status_code} {r.text}")
                    return r.json()["token"]

            t_join = time.monotonic()
            tokens = await asyncio.gather(*(join(i) for i in range(n)))
            join_s = time.monotonic() - t_join
            gc.collect()
            gc.freeze()  # the load generator's own long-lived objects stay out of later collections
            stop = asyncio.Event()
            projector = View(keep_all=True)
            phones = [View() for _ in range(n)]
            screen = await client.get(f"{base}/room/{created.room_code}/screen")
            viewer = {"Cookie": f"tpws_v_{wid}={cookie(screen, f'tpws_v_{wid}')}"}
            streams = [
                asyncio.create_task(
                    follow("127.0.0.1", port, f"/api/workshops/{wid}/events", projector, n, stop, viewer)
                )
            ]
            streams += [
                asyncio.create_task(
                    follow(
                        "127.0.0.1", port, f"/api/workshops/{wid}/events?me=1", v, n, stop, {"X-Participant-Token": t}
                    )
                )
                for v, t in zip(phones, tokens, strict=True)
            ]
            await asyncio.sleep(1.0)
            await asyncio.to_thread(service.open_round, db, wid, 1)  # another process: via the event table
            await asyncio.wait_for(
                asyncio.gather(
                    *(v.round_open.wait() for v in [projector, *phones]), *(v.me_in_round.wait() for v in phones)
                ),
                60,
            )
            await asyncio.sleep(0.5)
            problems = [p["id"] for p in projector.state["problems"]]
            rng = random.Random(7)
            latencies: list[float] = []
            statuses: dict[str, int] = {}
            last_ack = [0.0]

            async def submit(token: str) -> None:
                await asyncio.sleep(rng.random() * args.window)
                order = problems[:]
                rng.shuffle(order)
                body = {"ranking": order, "client_token": secrets.token_hex(8)}
                sends = 2 if rng.random() < 0.05 else 1
                for _ in range(sends):
                    t0 = time.monotonic()
                    r = await client.post(
                        f"{base}/api/workshops/{wid}/ballot", json=body, headers={"X-Participant-Token": token}
                    )
                    t1 = time.monotonic()
                    r.raise_for_status()
                    latencies.append(t1 - t0)
                    statuses[r.json()["status"]] = statuses.get(r.json()["status"], 0) + 1
                    last_ack[0] = max(last_ack[0], t1)

            t_submit = time.monotonic()
            await asyncio.gather(*(submit(t) for t in tokens))
            submit_span = time.monotonic() - t_submit
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*streams), 30)
            stop.set()
            for task in streams:
                task.cancel()
        with db.transaction() as s:
            from sqlalchemy import func, select

            from townpaths.storage.models import Ballot

            count = s.scalar(select(func.count()).select_from(Ballot))
            voters = s.scalar(select(func.count(func.distinct(Ballot.voter))))
        truth = states.public_state(db, wid)["live"]
        expected = truth
        phones_full = [v.first_full for v in phones if v.first_full is not None]
        agree = sum(
            1 for v in [projector, *phones] if v.state and (v.state.get("live") or {}).get("tiers") == expected["tiers"]
        )
        lat = sorted(latencies)
        p95 = lat[int(0.95 * (len(lat) - 1))]
        projector_lag = (projector.first_full - last_ack[0]) if projector.first_full else float("nan")
        return {
            "participants": n,
            "workers": args.workers,
            "database": "postgresql" if args.db else "sqlite",
            "join_seconds": round(join_s, 2),
            "submit_span_seconds": round(submit_span, 2),
            "requests": len(lat),
            "statuses": statuses,
            "ballots_in_db": count,
            "distinct_voters": voters,
            "latency_ms": {
                "p50": round(1000 * statistics.median(lat), 1),
                "p95": round(1000 * p95, 1),
                "max": round(1000 * lat[-1], 1),
            },
            "projector_lag_ms": round(1000 * projector_lag, 1),
            "phones_with_final": len(phones_full),
            "all_phones_lag_ms": round(1000 * (max(phones_full) - last_ack[0]), 1) if phones_full else None,
            "views_showing_db_aggregate": agree,
            "kendall_w": truth["kendall_w"],
            "ratio_vs_5s_polling": round(POLLING_PEER_MEAN / projector_lag, 1) if projector_lag > 0 else None,
        }
    finally:
        server.terminate()
        server.wait(10)
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--window", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    if not 1 <= args.participants <= 2000:
        parser.error("--participants must be 1..2000")
    result = asyncio.run(asyncio.wait_for(run(args), 300))
    print(json.dumps(result, indent=2))
    ok = (
        result["ballots_in_db"] == result["distinct_voters"] == args.participants
        and result["phones_with_final"] == args.participants
        and result["views_showing_db_aggregate"] == args.participants + 1
    )
    print(
        f"submit p95 {result['latency_ms']['p95']} ms (target < 300); projector current "
        f"{result['projector_lag_ms']} ms after the last submission (target < 1000); "
        f"{result['ratio_vs_5s_polling']}x sooner than 5 s polling (mean 2.5 s); "
        f"{'no submission lost or doubled' if ok else 'CHECK FAILED'}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
