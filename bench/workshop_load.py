"""Load test of a live workshop: a room of N phones answering "now".

A real uvicorn server (a subprocess on 127.0.0.1, ``--workers`` processes) serves the app on SQLite,
on PostgreSQL (``--db URL``), or on a throwaway PostgreSQL cluster the bench starts itself
(``--postgres``). The load generator is this process, apart from the server: plain asyncio sockets
(HTTP/1.1 written by hand; an HTTP client library cost more CPU than the server it measured), and
its own CPU time is reported beside the server's, so one can see it is not the bottleneck.

1. N phones open the join page (their device cookie) and join with the room code, 50 at a time.
2. Each phone keeps a live connection (SSE) open; so do a projector (the projection screen, opened
   with the room code) and the facilitator's console (opened with the facilitator link).
3. The round is opened by another process (this one, through the library), so the change reaches
   the server through the event table.
4. All phones hand in a ranking within a ``--window`` second window (5 s, or N/100 s above 500
   phones: 100 ballots a second), each on a connection of its own; 5 % send theirs twice (a retry
   with the same token).

Every live view listens until it has received the final aggregate (N ballots): the lag of a view is
the time from the moment the last ballot (the one that made the count N) was sent until the view
received that frame, measured by the listening clients as the frames arrive (from the moment the
ballot was sent, not from its acknowledgement, which may be read after the views' frames: no lag is
negative). The console must follow too: N participants connected and N ballots in the round, and
its lag is until it showed both the aggregate and the count.

Checks: every submission acknowledged; none lost or doubled (ballots in the database = N, one per
participant, each with the token its phone sent last); every view received the final aggregate and
it equals the aggregate computed from the database's ballots; the console showed them all.

Server CPU: the user + system time of the server's processes (uvicorn and its workers, read from
/proc) during the submission phase, divided by the submissions (it includes the live views' frames
of that phase); with ``--profile FILE`` py-spy (when installed) samples the server meanwhile (or
during the joins: ``--profile-phase join``).

    PYTHONPATH=src python bench/workshop_load.py [--participants 500] [--window 5] [--workers 1]
        [--db URL | --postgres] [--profile FILE [--profile-phase join]] [--json FILE]
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
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from townpaths.cases.towns import load_velenje
from townpaths.storage import Database
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import states

POLLING_PEER_MEAN = 2.5  # seconds: mean staleness of a view polling every 5 s
HOST = "127.0.0.1"
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- HTTP on bare sockets ---------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    cookies: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def _request(method: str, path: str, body: bytes | None, headers: dict[str, str]) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + (body or b"")


async def http(port: int, method: str, path: str, payload: Any = None, headers: dict[str, str] | None = None) -> Reply:
    """One request on a connection of its own (as a phone would open one); the whole answer."""
    body = None if payload is None else json.dumps(payload).encode()
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(_request(method, path, body, headers or {}))
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines or len(lines[0].split(" ")) < 2:
        raise ConnectionError(f"{method} {path}: no answer")
    cookies, chunked = {}, False
    for line in lines[1:]:
        key, _, value = line.partition(":")
        if key.lower() == "set-cookie":
            name, _, val = value.strip().partition("=")
            cookies[name] = val.split(";", 1)[0]
        elif key.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        rest = _unchunk(rest)
    return Reply(int(lines[0].split(" ")[1]), cookies, rest)


def _unchunk(data: bytes) -> bytes:
    out, pos = bytearray(), 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[end + 2 : end + 2 + size]
        pos = end + 4 + size


async def http_retry(port: int, method: str, path: str, payload: Any = None, **kw: Any) -> tuple[Reply, int]:
    """A request sent again (as a phone's retry would be) when its connection failed; (reply, failures)."""
    for failures in range(5):
        try:
            return await http(port, method, path, payload, **kw), failures
        except (ConnectionError, OSError):
            await asyncio.sleep(0.2)
    raise ConnectionError(f"{method} {path}: no answer after 5 attempts")


# --- live views ---------------------------------------------------------------------------------------


@dataclass
class View:
    """One live connection: when it got its first state, and the final aggregate."""

    kind: str  # projector | console | phone
    target: int
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    round_open: asyncio.Event = field(default_factory=asyncio.Event)
    me_in_round: asyncio.Event = field(default_factory=asyncio.Event)
    state: dict[str, Any] | None = None
    final_at: float | None = None  # when the frame with the final aggregate arrived
    final_live: dict[str, Any] | None = None
    console: dict[str, Any] | None = None  # the console's last frame
    console_at: float | None = None  # when the console first showed every ballot
    frames: int = 0
    finished: asyncio.Event = field(default_factory=asyncio.Event)

    def done(self) -> bool:
        if self.kind == "console":
            return self.final_at is not None and self.console_at is not None
        return self.final_at is not None


async def follow(port: int, path: str, view: View, stop: asyncio.Event, headers: dict[str, str]) -> None:
    """Listen to an event stream until ``stop`` (a phone that got the final aggregate stays connected,
    so the console still counts it); ``view.finished`` is set once the view has what it waits for. A
    phone parses only the frame that carries the final count (the rest it skips unread), so 2,000 of
    them cost little."""
    reader, writer = await asyncio.open_connection(HOST, port, limit=2**22)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: text/event-stream\r\n{head}\r\n".encode())
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        raise RuntimeError(f"{path}: {status!r}")
    marker = f'"count":{view.target},'.encode()
    event = None
    try:
        while not stop.is_set():
            line = await reader.readline()
            now = time.monotonic()
            if not line:
                return
            if line.startswith(b"event:"):
                event = line[6:].strip()
                continue
            if not line.startswith(b"data:"):
                continue
            if event == b"me":
                if json.loads(line[5:]).get("round"):
                    view.me_in_round.set()
            elif event == b"console":
                view.console = json.loads(line[5:])
                rounds = [r for r in view.console["rounds"] if r["status"] == "open"]
                if rounds and rounds[0]["ballots"] == view.target and view.console_at is None:
                    view.console_at = now
            elif event == b"state":
                view.frames += 1
                view.connected.set()
                if view.round_open.is_set() and view.kind == "phone" and (marker not in line or view.final_at):
                    continue
                state = json.loads(line[5:])
                live = state.get("live") or {}
                view.state = state if view.kind != "phone" else None
                if any(r["status"] == "open" for r in state["rounds"]):
                    view.round_open.set()
                if live.get("count") == view.target and view.final_at is None:
                    view.final_at, view.final_live = now, {"tiers": live.get("tiers"), "count": live.get("count")}
            if view.done():
                view.finished.set()
    finally:
        writer.close()


# --- the server ---------------------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        with contextlib.suppress(OSError):
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
    return found


def cpu_by_process(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each running process of ``pids``."""
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return found


def cpu_seconds(pids: list[int]) -> float:
    return sum(cpu_by_process(pids).values())


def cpu_since(root: int | None, before: dict[int, float]) -> float:
    """CPU seconds the process tree of ``root`` used since ``before`` (its processes then; a process
    started meanwhile counts from zero, one that ended meanwhile is lost)."""
    if root is None:
        return 0.0
    now = cpu_by_process(process_tree(root))
    return sum(t - before.get(pid, 0.0) for pid, t in now.items())


def profile(pid: int, out: str | None) -> subprocess.Popen[bytes] | None:
    """py-spy sampling the server's processes (the threads holding the GIL: CPU time), if installed."""
    if not out or not shutil.which("py-spy"):
        return None
    cmd = ["py-spy", "record", "-p", str(pid), "--subprocesses", "--rate", "250", "--nonblocking", "--gil"]
    return subprocess.Popen([*cmd, "-f", "raw", "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profile(spy: subprocess.Popen[bytes] | None) -> subprocess.Popen[bytes] | None:
    """Stop ``spy`` (it writes its file); None, to drop the handle."""
    if spy is not None:
        spy.send_signal(signal.SIGINT)
        spy.wait(60)
    return None


def start_postgres() -> tuple[str, Callable[[], None], int | None]:
    """A throwaway PostgreSQL cluster (the test suite's): (URL of a fresh database, stop, its pid)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support import pg

    server = pg.start_server()
    pid = None
    if server.folder is not None:
        with contextlib.suppress(OSError, ValueError):
            pid = int((server.folder / "data" / "postmaster.pid").read_text().split()[0])
    return server.create_database("bench"), server.stop, pid


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(1000 * seconds, 1)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    tmp = Path(tempfile.mkdtemp(prefix="townpaths-bench-"))
    stop_pg: Callable[[], None] | None = None
    pg_pid: int | None = None
    url = args.db
    if args.postgres:
        url, stop_pg, pg_pid = start_postgres()
    url = url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    db = Database(url)
    load_velenje(db)
    created = service.create_workshop(db, "velenje", rounds="individual,plenary")
    wid, code = created.workshop_id, created.room_code
    port = free_port()
    secret = secrets.token_urlsafe(32)
    env = {
        **os.environ,
        "TOWNPATHS_DATABASE_URL": url,
        "TOWNPATHS_SECRET_KEY": secret,
        "TOWNPATHS_WORKSHOP_JOIN_LIMIT": str(args.participants * 2),  # joins of one room a minute
    }
    cmd = [sys.executable, "-m", "uvicorn", "townpaths.web.asgi:app", "--host", HOST, "--port", str(port)]
    cmd += ["--workers", str(args.workers), "--log-level", "warning"]
    cmd += ["--http", "townpaths.web.server:DeadlineH11Protocol"]  # as ``townpaths serve`` runs it
    server = subprocess.Popen(cmd, env=env)
    n = args.participants
    spy: subprocess.Popen[bytes] | None = None
    try:
        for _ in range(300):
            with contextlib.suppress(OSError, ConnectionError):
                if (await http(port, "GET", "/join")).status == 200:
                    break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # every worker up
        pids = process_tree(server.pid)
        sem = asyncio.Semaphore(50)
        join_times: list[float] = []

        async def join(i: int) -> str:
            async with sem:  # a phone: the join page (its device cookie), then the join
                t0 = time.monotonic()
                page, _ = await http_retry(port, "GET", f"/join?code={code}")
                device = page.cookies["tp_device"]
                r, _ = await http_retry(
                    port,
                    "POST",
                    f"/api/rooms/{code}/join",
                    {"nickname": f"p{i}"},
                    headers={"Cookie": f"tp_device={device}"},
                )
                join_times.append(time.monotonic() - t0)
                if r.status != 200:
                    raise RuntimeError(f"join {i}: {r.status} {r.body[:200]!r}")
                return str(r.json()["token"])

        if args.profile_phase == "join":
            spy = profile(server.pid, args.profile)
        cpu0, gen0, t0 = cpu_seconds(pids), time.process_time(), time.monotonic()
        tokens = await asyncio.gather(*(join(i) for i in range(n)))
        spy = stop_profile(spy)
        join_s, join_cpu = time.monotonic() - t0, cpu_seconds(pids) - cpu0

        stop = asyncio.Event()
        projector, console = View("projector", n), View("console", n)
        phones = [View("phone", n) for _ in range(n)]
        screen = await http(port, "GET", f"/room/{code}/screen")
        viewer = {"Cookie": f"tpws_v_{wid}={screen.cookies[f'tpws_v_{wid}']}"}
        link = created.facilitator_link("", secret)
        admin = await http(port, "GET", link)
        facilitator = {"Cookie": f"tpws_admin_{wid}={admin.cookies[f'tpws_admin_{wid}']}"}
        base = f"/api/workshops/{wid}/events"
        streams = [
            asyncio.create_task(follow(port, base, projector, stop, viewer)),
            asyncio.create_task(follow(port, f"{base}?console=1", console, stop, facilitator)),
        ]
        t_live = time.monotonic()
        for start in range(0, n, 100):  # phones connect as they join: 100 at a time
            streams += [
                asyncio.create_task(follow(port, f"{base}?me=1", v, stop, {"X-Participant-Token": tok}))
                for v, tok in zip(phones[start : start + 100], tokens[start : start + 100], strict=True)
            ]
            await asyncio.gather(*(v.connected.wait() for v in phones[start : start + 100]))
        await asyncio.wait_for(asyncio.gather(projector.connected.wait(), console.connected.wait()), 60)
        live_s = time.monotonic() - t_live
        gc.collect()
        gc.freeze()  # the load generator's long-lived objects stay out of later collections

        await asyncio.to_thread(service.open_round, db, wid, 1)  # another process: via the event table
        await asyncio.wait_for(
            asyncio.gather(
                *(v.round_open.wait() for v in [projector, *phones]), *(v.me_in_round.wait() for v in phones)
            ),
            120,
        )
        await asyncio.sleep(1.0)
        assert projector.state is not None
        problems = [p["id"] for p in projector.state["problems"]]
        rng = random.Random(7)
        latencies: list[float] = []
        statuses: dict[str, int] = {}
        failures = [0]
        sent_last: dict[str, str] = {}  # token of the phone -> its ballot's client token
        last_sent = [0.0]
        completing: list[float] = []  # (sent, acknowledged) of the ballot that made the count N

        async def submit(token: str) -> None:
            await asyncio.sleep(rng.random() * args.window)
            order = problems[:]
            rng.shuffle(order)
            body = {"ranking": order, "client_token": secrets.token_hex(8), "seq": 1}
            sent_last[token] = body["client_token"]
            for _ in range(2 if rng.random() < 0.05 else 1):
                t0 = time.monotonic()
                last_sent[0] = max(last_sent[0], t0)
                r, failed = await http_retry(
                    port, "POST", f"/api/workshops/{wid}/ballot", body, headers={"X-Participant-Token": token}
                )
                t1 = time.monotonic()
                failures[0] += failed
                if r.status != 200:
                    raise RuntimeError(f"ballot: {r.status} {r.body[:200]!r}")
                latencies.append(t1 - t0)
                ack = r.json()
                statuses[ack["status"]] = statuses.get(ack["status"], 0) + 1
                if ack["status"] != "duplicate" and ack["count"] == n and not completing:
                    completing[:] = [t0, t1]

        if args.profile_phase == "submit":
            spy = profile(server.pid, args.profile)
        db_before = cpu_by_process(process_tree(pg_pid)) if pg_pid else {}
        cpu1, gen1, t_submit = cpu_seconds(pids), time.process_time(), time.monotonic()
        await asyncio.gather(*(submit(t) for t in tokens))
        submit_span = time.monotonic() - t_submit
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(v.finished.wait() for v in [projector, console, *phones])), 30)
        submit_cpu, gen_cpu = cpu_seconds(pids) - cpu1, time.process_time() - gen1
        db_cpu = cpu_since(pg_pid, db_before)
        wall = time.monotonic() - t_submit
        stop.set()
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
        spy = stop_profile(spy)
        all_cpu, all_gen = cpu_seconds(pids) - cpu0, time.process_time() - gen0

        from sqlalchemy import select

        from townpaths.storage.models import Ballot

        with db.transaction() as s:
            rows = s.execute(select(Ballot.voter, Ballot.client_token)).all()
        truth = states.public_state(db, wid)["live"]
        views = [projector, console, *phones]
        lags = {v.kind: [] for v in views}  # type: dict[str, list[float]]
        last = completing[0] if completing else last_sent[0]  # the ballot that completed the round
        for v in views:
            if v.final_at is not None and (v.kind != "console" or v.console_at is not None):
                lags[v.kind].append(max(v.final_at, v.console_at or 0) - last)
        every = [x for xs in lags.values() for x in xs]
        agree = sum(1 for v in views if v.final_live and v.final_live["tiers"] == truth["tiers"])
        fac = console.console or {}
        lat = latencies
        expected_tokens = set(sent_last.values())
        return {
            "participants": n,
            "workers": args.workers,
            "window_seconds": args.window,
            "database": "postgresql" if url.startswith("postgres") else "sqlite",
            "join": {
                "seconds": round(join_s, 2),
                "p50_ms": ms(statistics.median(join_times)),
                "p95_ms": ms(pct(join_times, 0.95)),
                "server_cpu_ms_per_join": ms(join_cpu / n),
            },
            "live_connections_seconds": round(live_s, 2),
            "submit": {
                "span_seconds": round(submit_span, 2),
                "requests": len(lat),
                "statuses": statuses,
                "connection_failures": failures[0],
                "p50_ms": ms(statistics.median(lat)),
                "p95_ms": ms(pct(lat, 0.95)),
                "max_ms": ms(max(lat)),
                "server_cpu_ms_per_submission": ms(submit_cpu / len(lat)),
                "database_cpu_ms_per_submission": ms(db_cpu / len(lat)) if pg_pid else None,
                "server_cpu_share": round(submit_cpu / wall / (os.cpu_count() or 1), 2),
                "generator_cpu_share": round(gen_cpu / wall / (os.cpu_count() or 1), 2),
            },
            "ballots_in_db": len(rows),
            "distinct_voters": len({r[0] for r in rows}),
            "ballots_with_last_token": sum(1 for r in rows if r[1] in expected_tokens),
            "lag_ms": {
                "projector": ms(lags["projector"][0]) if lags["projector"] else None,
                "console": ms(lags["console"][0]) if lags["console"] else None,
                "phones_p50": ms(statistics.median(lags["phone"])) if lags["phone"] else None,
                "phones_p95": ms(pct(lags["phone"], 0.95)) if lags["phone"] else None,
                "every_view_max": ms(max(every)) if every else None,
                "last_ballot_latency": ms(completing[1] - completing[0]) if completing else None,
                "last_request_after_last_ballot": ms(last_sent[0] - last),
            },
            "views_with_final": len(every),
            "views": len(views),
            "views_showing_db_aggregate": agree,
            "console": {
                "participants": len(fac.get("participants", [])),
                "connected": fac.get("connected"),
                "ballots_shown_ms": ms(console.console_at - last) if console.console_at else None,
            },
            "cpu_seconds": {"server": round(all_cpu, 1), "load_generator": round(all_gen, 1)},
            "loadavg": {"before": load_before, "after": Path("/proc/loadavg").read_text().split()[:3]},
            "kendall_w": truth["kendall_w"],
            "ratio_vs_5s_polling": round(POLLING_PEER_MEAN / lags["projector"][0], 1) if lags["projector"] else None,
        }
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        db.dispose()
        if stop_pg is not None:
            stop_pg()
        shutil.rmtree(tmp, ignore_errors=True)


def check(result: dict[str, Any]) -> list[str]:
    """What went wrong (empty when every check passed)."""
    n, problems = result["participants"], []
    if not result["ballots_in_db"] == result["distinct_voters"] == result["ballots_with_last_token"] == n:
        problems.append("ballots lost or doubled")
    if result["views_with_final"] != result["views"]:
        problems.append(f"{result['views'] - result['views_with_final']} views never got the final aggregate")
    if result["views_showing_db_aggregate"] != result["views"]:
        problems.append("a view's aggregate differs from the database's")
    if result["console"]["participants"] != n or result["console"]["connected"] != n:
        problems.append("the console did not show every participant connected")
    if result["console"]["ballots_shown_ms"] is None:
        problems.append("the console never showed every ballot")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument(
        "--window", type=float, help="seconds in which all hand in (default 5, or N/100 above 500: 100 a second)"
    )
    parser.add_argument("--workers", type=int, default=1)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    where.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL cluster")
    parser.add_argument("--profile", help="write py-spy's raw samples of the server (CPU) to this file")
    parser.add_argument("--profile-phase", choices=("join", "submit"), default="submit", help="what to profile")
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args()
    if not 1 <= args.participants <= 2000:
        parser.error("--participants must be 1..2000")
    if args.window is None:
        args.window = max(5.0, args.participants / 100)
    result = asyncio.run(asyncio.wait_for(run(args), 900))
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    problems = check(result)
    sub, lag = result["submit"], result["lag_ms"]
    print(
        f"submit p95 {sub['p95_ms']} ms ({sub['server_cpu_ms_per_submission']} ms server CPU each); every view had "
        f"the final aggregate {lag['every_view_max']} ms after the last submission; "
        + ("; ".join(problems) if problems else "none lost or doubled, the console live")
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
