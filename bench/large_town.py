"""Benchmark of a large town: every page of the town and the report, against the issue's targets.

Builds a town ("large") with 10,000 symbols, 1,000 interviews of 10,000 words, 50,000 coded
segments and 2,000 innovations (times ``--scale``), on top of the method's data the shipped Velenje
case gives a town (typology, codebook, periods, narratives, problems, sustainability framework), by
bulk inserts through the storage layer (seeded random, Slovene-like words). Then:

- starts the app as an installation does (``townpaths serve``, a subprocess) and loads every page
  of the town through real HTTP as the town's owner: the pages are found in the app's router (every
  GET route of a town or a workshop; each table for ``{table}``; the town's first row for an id),
  not listed here; ``--loads`` loads each (20 by default), p95 reported;
- writes the report with ``townpaths report`` (a subprocess) in Slovene and English, and loads the
  report page in both languages;
- reports the peak resident memory of the server and of each report process.

Targets (the 2-core machine): every page p95 < 300 ms, the report < 10 s, peak memory < 1 GB.

    PYTHONPATH=src python bench/large_town.py [--scale 1] [--loads 20] [--db URL] [--json FILE]

``--scale 0.01`` builds a town a hundredth of the size in seconds (a test runs it, so the bench
itself cannot rot).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import math
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

#: The issue's targets.
PAGE_P95_S, REPORT_S, PEAK_BYTES = 0.300, 10.0, 1 << 30
#: The full-size town (``--scale 1``).
FULL = {"symbols": 10_000, "interviews": 1_000, "segments": 50_000, "innovations": 2_000}
WORDS_PER_INTERVIEW = 10_000
SLUG = "large"
SECRET = "bench-secret-key-bench-secret-key"
OWNER_EMAIL = "owner@large.example"
#: A page slower than this on its first load is loaded 3 times, not ``--loads`` (so a slow run ends).
SLOW_FIRST_S = 5.0
#: Route parameters that name a row of a town's table: the table holding it.
ROW_PARAMS = {
    "symbol_id": "symbols",
    "interview_id": "interviews",
    "doc_id": "documents",
    "innovation_id": "innovations",
    "photo_id": "symbol_photos",
    "wid": "workshops",
}


def say(line: str) -> None:
    print(line, flush=True)


# --- Slovene-like text ----------------------------------------------------------------------------

COMMON = tuple(
    " ".join(
        (
            "in je da se na v ne za to so pa tudi kot bi ki smo sem po iz z pri ali že še tako kar zelo",
            "bilo bil mesto rudnik premog delavci tovarna šola jezero ljudje skupnost kultura dom delo",
            "Velenje Gorenje rudarji socializem prihodnost razvoj mladi društvo občina dediščina",
        )
    ).split(" ")
)
ONSETS = ("", "b", "br", "č", "d", "g", "gr", "k", "kr", "l", "m", "n", "p", "pr", "r", "s", "st", "š", "t", "v", "z")
ONSETS += ("ž",)
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o")
ENDINGS = ("", "a", "e", "i", "o", "ov", "ih", "em", "ami", "ega", "ju", "nik", "ost", "ski")


def vocabulary(rng: random.Random, size: int = 8000) -> list[str]:
    """Common Slovene words first, then made-up words of Slovene syllables and endings."""
    words = list(COMMON)
    seen = set(words)
    while len(words) < size:
        stem = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(rng.randint(1, 3)))
        word = stem + rng.choice(ENDINGS)
        if len(word) > 1 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Words:
    """Zipf-distributed words of a vocabulary."""

    def __init__(self, rng: random.Random, vocab: Sequence[str]) -> None:
        self.rng, self.vocab = rng, list(vocab)
        self.weights = [1 / (i + 1) for i in range(len(self.vocab))]
        self.cum: list[float] = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)

    def take(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def phrase(self, lo: int, hi: int) -> str:
        return " ".join(self.take(self.rng.randint(lo, hi)))


def transcript(words: Words, n: int) -> str:
    """An interview of ``n`` words in question/answer turns (already normalised: ``\\n`` lines)."""
    chosen = words.take(n)
    lines = []
    for turn, i in enumerate(range(0, n, 60)):
        text = " ".join(chosen[i : i + 60])
        lines.append(("V: " if turn % 2 == 0 else "O: ") + text[:1].upper() + text[1:] + ".")
    return "\n".join(lines) + "\n"


# --- the town -------------------------------------------------------------------------------------


def scaled(scale: float) -> dict[str, int]:
    return {k: max(1, round(v * scale)) for k, v in FULL.items()}


def build(
    db_url: str,
    scale: float,
    seed: int = 13,
    log: Any = say,
    *,
    slug: str = SLUG,
    name: tuple[str, str] = ("Large town", "Veliko mesto"),
) -> dict[str, Any]:
    """Create the large town ``slug`` in the database at ``db_url`` (and its owner, who owns every
    town built so); the rows added by table. ``name``: the town's name in English and Slovene."""
    from townpaths.cases.bundle import load_town
    from townpaths.cases.towns import velenje_bundle
    from townpaths.core.errors import Conflict
    from townpaths.people import service as people
    from townpaths.registry import default_registry
    from townpaths.storage import Database
    from townpaths.storage.models import (
        Code,
        CodedSegment,
        Coder,
        Innovation,
        InnovationActor,
        Interview,
        Interviewee,
        Symbol,
        SymbolType,
        Town,
    )
    from townpaths.studies.qda.core.segments import stored_texts
    from townpaths.studies.symbols.core.vocab import DEFAULT_SCALES, NARRATIVES, SOURCES, THEMES
    from townpaths.studies.workshop.service import create_workshop

    n = scaled(scale)
    rng = random.Random(seed)
    words = Words(rng, vocabulary(rng))
    db = Database(db_url)
    registry = default_registry()
    t0 = time.perf_counter()
    with db.transaction() as session:  # the method's data of a town, as the shipped case gives it
        bundle = velenje_bundle()
        bundle["town"] = {
            **bundle["town"],
            "name": name[0],
            "name_sl": name[1],
            "is_example": False,
            "public_parts": ["join"],
        }
        town = load_town(session, bundle, registry.tables, slug=slug, source="bench")
        for study in registry.seeds():
            assert study.seed_velenje is not None
            study.seed_velenje(session, town)
            session.flush()
        town_id = town.id
    with contextlib.suppress(Conflict):  # a town built before in this database: the same owner
        people.add_user(db, OWNER_EMAIL, "Owner of the large town")
    people.grant(db, OWNER_EMAIL, slug, "owner")
    added: dict[str, int] = {}
    with db.transaction() as session:
        types = list(session.scalars(select(SymbolType.id).where(SymbolType.town_id == town_id)))
        scales = {k: [c.key for c in v] for k, v in DEFAULT_SCALES.items()}
        rows = []
        for i in range(n["symbols"]):
            name = words.phrase(1, 4)
            rows.append(
                {
                    "town_id": town_id,
                    "type_id": rng.choice(types),
                    "name_en": f"{name.capitalize()} ({i + 1})",
                    "name_sl": f"{name.capitalize()} ({i + 1})",
                    "theme": rng.choice(THEMES).key,
                    "tangible": rng.random() < 0.7,
                    "visible": rng.random() < 0.8,
                    "status": rng.choice(("in use", "abandoned", "rebuilt", None)),
                    "latitude": 46.36 + rng.uniform(-0.03, 0.03),
                    "longitude": 15.11 + rng.uniform(-0.05, 0.05),
                    "address": f"{words.phrase(1, 2).capitalize()} cesta {rng.randint(1, 120)}",
                    "period_of_origin": rng.choice(("1945-1960", "1960-1990", "after 1990", None)),
                    "message": words.phrase(5, 25),
                    "narrative": rng.choice(NARRATIVES).key,
                    "repetition": rng.choice(scales["repetition"]),
                    "preservation": rng.choice(scales["preservation"]),
                    "attitude": rng.choice(scales["attitude"]),
                    "source": rng.choice(SOURCES).key,
                    "surveyor": rng.choice(("Ana", "Boris", "Cene", "Dora")),
                    "surveyed_on": dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(700)),
                    "note_en": words.phrase(3, 12) if rng.random() < 0.3 else None,
                    "external_id": f"bench-{i + 1:05d}",
                    "extra": {},
                    "provenance": "fictional",
                }
            )
        session.execute(insert(Symbol), rows)
        added["symbols"] = len(rows)

        sectors = ("economy", "science_culture", "municipality", "civil_society")
        people_rows = [
            {
                "town_id": town_id,
                "code": f"B{k + 1:03d}",
                "sector": sectors[k % 4],
                "attributes": {"age": rng.choice(("18-30", "31-50", "51-70", "70+"))},
                "provenance": "fictional",
            }
            for k in range(max(4, n["interviews"] // 5))
        ]
        session.execute(insert(Interviewee), people_rows)
        added["interviewees"] = len(people_rows)
        persons = list(
            session.scalars(select(Interviewee.id).where(Interviewee.town_id == town_id, Interviewee.code.like("B%")))
        )
        for start in range(0, n["interviews"], 50):  # in batches: a batch of texts in memory at a time
            batch = [
                {
                    "town_id": town_id,
                    "interviewee_id": persons[k % len(persons)],
                    "title": f"Intervju {k + 1:04d}",
                    "held_on": dt.date(2018, 3, 1) + dt.timedelta(days=k % 600),
                    "language": "sl",
                    "text": transcript(words, WORDS_PER_INTERVIEW),
                    "source_filename": f"intervju-{k + 1:04d}.txt",
                    "guid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "extra": {},
                    "provenance": "fictional",
                }
                for k in range(start, min(start + 50, n["interviews"]))
            ]
            session.execute(insert(Interview), batch)
        added["interviews"] = n["interviews"]

        codes = list(session.scalars(select(Code.id).where(Code.town_id == town_id, Code.codable.is_(True))))
        for name in ("A", "B"):
            if session.scalar(select(Coder.id).where(Coder.town_id == town_id, Coder.name == name)) is None:
                session.add(Coder(town_id=town_id, name=name))
        interviews = session.execute(
            select(Interview.id, func.length(Interview.text)).where(
                Interview.town_id == town_id, Interview.source_filename.like("intervju-%")
            )
        ).all()
        per = math.ceil(n["segments"] / len(interviews))
        made = 0
        for iid, length in interviews:
            text = session.scalar(select(Interview.text).where(Interview.id == iid))
            assert text is not None and len(text) == length
            segs = []
            for j in range(min(per, n["segments"] - made)):
                start = rng.randrange(0, max(1, length - 700))
                end = start + rng.randrange(40, 600)
                segs.append(
                    {
                        "town_id": town_id,
                        "interview_id": iid,
                        "code_id": codes[(iid + j) % len(codes)],
                        "start": start,
                        "end": end,
                        "coder": "A" if j % 2 else "B",
                        "guid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "created_at": "2019-05-01T10:00:00+00:00",
                        **stored_texts(text, start, end),
                    }
                )
            if segs:
                session.execute(insert(CodedSegment), segs)
            made += len(segs)
        added["coded_segments"] = made

        kinds = [
            ("new practice", "nova praksa"),
            ("new organisation", "nova organizacija"),
            ("new service", "nova storitev"),
        ]
        first_no = (session.scalar(select(func.max(Innovation.no)).where(Innovation.town_id == town_id)) or 0) + 1
        inns = []
        for k in range(n["innovations"]):
            kind = rng.choice(kinds)
            name = words.phrase(2, 5).capitalize()
            year = rng.randint(1950, 2020)
            inns.append(
                {
                    "town_id": town_id,
                    "no": first_no + k,
                    "type_en": kind[0],
                    "type_sl": kind[1],
                    "name_en": name,
                    "name_sl": name,
                    "year": year,
                    "end_year": year + rng.randint(1, 30) if rng.random() < 0.3 else None,
                    "description": words.phrase(10, 40),
                    "social_need": words.phrase(3, 10),
                    "initiator": words.phrase(1, 3).capitalize(),
                    "found_by": rng.choice(("researchers", "workshop")),
                    "criteria": {},
                    "outcomes": [],
                    "status": "accepted",
                    "extra": {},
                    "provenance": "fictional",
                }
            )
        session.execute(insert(Innovation), inns)
        ids = list(
            session.scalars(select(Innovation.id).where(Innovation.town_id == town_id, Innovation.no >= first_no))
        )
        session.execute(
            insert(InnovationActor),
            [
                {
                    "town_id": town_id,
                    "innovation_id": iid,
                    "name": words.phrase(1, 3).capitalize(),
                    "sector": rng.choice(sectors),
                    "provenance": "fictional",
                }
                for iid in ids
            ],
        )
        added["innovations"] = len(inns)
        session.execute(
            Town.__table__.update().where(Town.id == town_id).values(public_parts=["join"])  # type: ignore[attr-defined]
        )
    create_workshop(db, slug, title="Delavnica")
    db.dispose()
    log(f"built town {slug!r}: {added} in {time.perf_counter() - t0:.1f} s")
    return added


# --- finding the pages ----------------------------------------------------------------------------


@dataclass
class Target:
    """A page to load: its route's name, its path and what it is (``page``, ``report``)."""

    route: str
    path: str
    label: str
    kind: str = "page"


@dataclass
class Timing:
    route: str
    label: str
    status: int
    loads: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    kb: float
    kind: str = "page"
    ok: bool = True
    #: The server's CPU time per load (user + system): what the page costs, whatever else the machine runs.
    cpu_ms: float = 0.0


@dataclass
class Skipped:
    route: str
    reason: str


@dataclass
class Plan:
    targets: list[Target] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def first_ids(db_url: str) -> tuple[dict[str, int], dict[str, int]]:
    """(table -> the town's first row id (of the rows of a middle id for long tables), every table's row count)."""
    from townpaths.registry import default_registry
    from townpaths.storage import Database
    from townpaths.storage.models import Base, Town

    db = Database(db_url)
    registry = default_registry()
    out: dict[str, int] = {}
    counts: dict[str, int] = {}
    with db.transaction() as session:
        town_id = session.scalar(select(Town.id).where(Town.slug == SLUG))
        names = set(registry.table_specs) | set(ROW_PARAMS.values())
        for name in sorted(names):
            table = Base.metadata.tables[name]
            ids = select(table.c.id).where(table.c.town_id == town_id)
            count = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
            counts[name] = count
            if count:  # a row in the middle of the table (the last rows added: the large town's own)
                found = session.scalar(ids.order_by(table.c.id).offset(count // 2).limit(1))
                if found is not None:
                    out[name] = found
    db.dispose()
    return out, counts


def discover(db_url: str) -> Plan:
    """Every page of the town, from the app's router: GET routes whose path names a town
    (``{slug}``) or a workshop (``{wid}``), each parameter filled from the database."""
    from fastapi.routing import APIRoute

    from townpaths.registry import default_registry
    from townpaths.web.access import app_routes
    from townpaths.web.app import Settings, create_app
    from townpaths.web.uploads import UPLOADS

    app = create_app(Settings(db=db_url, secret_key=SECRET))
    registry = default_registry()
    ids, counts = first_ids(db_url)
    plan = Plan()
    for route in app_routes(app):
        if not isinstance(route, APIRoute) or "GET" not in route.methods:
            continue
        params = re.findall(r"{(\w+)}", route.path)
        if "slug" not in params and "wid" not in params:
            continue  # not a page of a town (the town list, sign-in, joining a room)
        unknown = [p for p in params if p not in ("slug", "table", "row_id", "kind", *ROW_PARAMS)]
        if unknown:
            plan.skipped.append(Skipped(route.name, f"a file, not a page (parameters {', '.join(unknown)})"))
            continue
        if route.name == "report":
            for lang in ("en", "sl"):
                path = route.path.replace("{slug}", SLUG) + f"?lang={lang}"
                plan.targets.append(Target(route.name, path, f"report ({lang})", "report"))
            continue
        tables: list[str | None] = list(registry.table_specs) if "table" in params else [None]
        if "row_id" in params:
            tables = [t for t in registry.authorable() if t in ids]
        if "kind" in params:  # each kind of upload (another route's kind, a file's format, answers 404)
            tables = list(UPLOADS)
        for table in tables:
            values: dict[str, Any] = {"slug": SLUG}
            if table is not None:
                values["kind" if "kind" in params else "table"] = table
            if "row_id" in params:
                values["row_id"] = ids[str(table)]
            missing = [p for p in params if p in ROW_PARAMS and ROW_PARAMS[p] not in ids]
            if missing:
                plan.skipped.append(Skipped(route.name, f"the town has no {ROW_PARAMS[missing[0]]}"))
                continue
            for p in params:
                if p in ROW_PARAMS:
                    values[p] = ids[ROW_PARAMS[p]]
            path = route.path
            for key, value in values.items():
                path = path.replace("{" + key + "}", urllib.parse.quote(str(value)))
            rows = f" ({counts.get(table, 0)} rows)" if table in counts else ""
            label = route.name + (f" {table}{rows}" if table else "")
            plan.targets.append(Target(route.name, path, label))
    return plan


# --- loading them ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


#: Content types of pages (and of the data a page loads); anything else is a file to download.
PAGE_TYPES = ("text/html", "application/json")
#: The status :meth:`Client.get` gives a live stream (server-sent events).
STREAM = 0


class Client:
    """One keep-alive HTTP connection to the server, signed in by the owner's session cookie."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port, self.cookie = port, cookie
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def get(self, path: str) -> tuple[int, bytes, float, str]:
        t0 = time.perf_counter()
        self.conn.request("GET", path, headers={"Cookie": self.cookie, "Accept-Language": "en"})
        response = self.conn.getresponse()
        if response.getheader("content-type", "").startswith("text/event-stream"):
            self.conn.close()  # a live stream never ends: not a page
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            return STREAM, b"", time.perf_counter() - t0, "text/event-stream"
        body = response.read()
        elapsed = time.perf_counter() - t0
        if response.getheader("connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        return response.status, body, elapsed, response.getheader("content-type", "")

    def close(self) -> None:
        self.conn.close()


def load(client: Client, target: Target, loads: int) -> Timing:
    status, body, first, kind = client.get(target.path)
    times = [first]
    wanted = loads if first < SLOW_FIRST_S else min(loads, 3)
    while len(times) < wanted and status == 200:
        status, body, elapsed, _ = client.get(target.path)
        times.append(elapsed)
    if target.kind == "page" and not kind.startswith(PAGE_TYPES):
        target.kind = "file"  # a download (the audit log as CSV): timed, but not a page
    limit = {"report": REPORT_S, "page": PAGE_P95_S}.get(target.kind, math.inf)
    p95 = percentile(times, 0.95)
    return Timing(
        target.route,
        target.label,
        status,
        len(times),
        round(percentile(times, 0.5) * 1000, 1),
        round(p95 * 1000, 1),
        round(max(times) * 1000, 1),
        round(len(body) / 1024, 1),
        target.kind,
        status == 200 and p95 < limit,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss(pid: int) -> int:
    """The peak resident memory (bytes) of a running process (``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[1] / "src")
    path = os.environ.get("PYTHONPATH", "")
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("TOWNPATHS_")},
        "PYTHONPATH": src + (os.pathsep + path if path else ""),
        "TOWNPATHS_SECRET_KEY": SECRET,
        "PYTHONUNBUFFERED": "1",
    }


class Server:
    """``townpaths serve`` in a subprocess."""

    def __init__(self, db_url: str) -> None:
        self.port = free_port()
        cmd = [sys.executable, "-m", "townpaths.cli.main", "serve", "--db", db_url, "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env())
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/join")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"townpaths serve did not start: {self.stop()}") from None
                time.sleep(0.2)

    def peak(self) -> int:
        return peak_rss(self.proc.pid)

    def stop(self) -> str:
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=60)
        return err


def owner_cookie(db_url: str) -> str:
    from townpaths.people import service as people
    from townpaths.people.core.sessions import SessionSigner
    from townpaths.storage import Database
    from townpaths.storage.models import User
    from townpaths.web.access import ACCOUNT_COOKIE

    db = Database(db_url)
    uid = people.user_id(db, OWNER_EMAIL)
    with db.transaction() as session:
        epoch = session.get_one(User, uid).session_epoch
    db.dispose()
    return f"{ACCOUNT_COOKIE}={SessionSigner(SECRET).dumps(uid, epoch)}"


@dataclass
class ReportRun:
    lang: str
    seconds: float
    peak_mb: float
    kb: float
    ok: bool
    #: User + system CPU time of the process.
    cpu_s: float = 0.0


def write_report(db_url: str, lang: str, folder: Path) -> ReportRun:
    """``townpaths report`` in a subprocess: its wall time and peak resident memory."""
    output = folder / f"report-{lang}.html"
    cmd = [sys.executable, "-m", "townpaths.cli.main", "report", "--db", db_url, "--town", SLUG]
    cmd += ["--lang", lang, "--output", str(output)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env())
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"townpaths report failed ({proc.returncode}): {err}")
    peak = usage.ru_maxrss * 1024
    ok = seconds < REPORT_S and peak < PEAK_BYTES
    cpu = usage.ru_utime + usage.ru_stime
    size = round(output.stat().st_size / 1024, 1)
    return ReportRun(lang, round(seconds, 2), round(peak / 2**20, 1), size, ok, round(cpu, 2))


# --- the run --------------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def run(scale: float, loads: int, db_url: str | None, folder: Path, log: Any = say) -> dict[str, Any]:
    """Build the town, time every page and the report; everything measured, as a dict."""
    from townpaths.storage import Database

    load_before = os.getloadavg()
    db_url = db_url or f"sqlite:///{folder / 'large.sqlite3'}"
    Database(db_url).dispose()  # created and migrated
    t0 = time.perf_counter()
    added = build(db_url, scale, log=log)
    build_s = time.perf_counter() - t0
    plan = discover(db_url)
    log(f"{len(plan.targets)} pages to load {loads} times each; {len(plan.skipped)} routes skipped")
    reports = [write_report(db_url, lang, folder) for lang in ("en", "sl")]
    for r in reports:
        log(f"townpaths report --lang {r.lang}: {r.seconds:.2f} s, peak {r.peak_mb:.0f} MB, {r.kb:.0f} KB")
    server = Server(db_url)
    timings: list[Timing] = []
    try:
        client = Client(server.port, owner_cookie(db_url))
        client.get("/")  # the worker's first request (imports, templates) is not a page's time
        for target in plan.targets:
            cpu0 = cpu_seconds(server.proc.pid)
            timing = load(client, target, loads if target.kind == "page" else min(loads, 5))
            timing.cpu_ms = round((cpu_seconds(server.proc.pid) - cpu0) * 1000 / timing.loads, 1)
            if timing.status == STREAM:
                plan.skipped.append(Skipped(target.route, "a live stream (server-sent events), not a page"))
                continue
            if 400 <= timing.status < 500:  # e.g. no form for a table only the study's commands write
                plan.skipped.append(Skipped(target.label, f"answers {timing.status} to the owner: not a page"))
                continue
            timings.append(timing)
            flag = "" if timing.ok else "  MISSED" if timing.status == 200 else f"  status {timing.status}"
            figures = f"p95 {timing.p95_ms:>9.1f} ms  cpu {timing.cpu_ms:>8.1f} ms  {timing.kb:>7.1f} KB"
            log(f"{timing.label:<60} {figures}{flag}")
        client.close()
        server_peak = server.peak()
    finally:
        err = server.stop()
    if any(t.status >= 500 for t in timings):
        raise RuntimeError(f"the server failed: {err[-4000:]}")
    pages = [t for t in timings if t.kind == "page" and t.status == 200]
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "database": Database(db_url).dialect,
        },
        "load_average": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "scale": scale,
        "loads": loads,
        "rows": added,
        "build_s": round(build_s, 1),
        "pages": [asdict(t) for t in timings],
        "skipped": [asdict(s) for s in plan.skipped],
        "reports": [asdict(r) for r in reports],
        "server_peak_mb": round(server_peak / 2**20, 1),
        "ok": {
            "pages": all(t.ok for t in pages),
            "report": all(r.ok for r in reports) and all(t.ok for t in timings if t.kind == "report"),
            "memory": server_peak < PEAK_BYTES and all(r.peak_mb * 2**20 < PEAK_BYTES for r in reports),
        },
        "slowest": sorted(
            ({"label": t.label, "p95_ms": t.p95_ms, "cpu_ms": t.cpu_ms} for t in pages), key=lambda x: -x["p95_ms"]
        )[:5],
    }


def summary(result: dict[str, Any]) -> Iterator[str]:
    m = result["machine"]
    yield f"{result['date']}; {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['database']}"
    yield f"town: {result['rows']} (built in {result['build_s']} s)"
    pages = [p for p in result["pages"] if p["kind"] == "page" and p["status"] == 200]
    yield f"pages: {len(pages)}, p95 of {result['loads']} loads each; slowest: " + ", ".join(
        f"{s['label']} {s['p95_ms']:.0f} ms ({s['cpu_ms']:.0f} ms CPU)" for s in result["slowest"]
    )
    yield f"load average (1, 5, 15 min) before {result['load_average'][:3]}, after {result['load_average'][3:]}"
    for r in result["reports"]:
        yield f"townpaths report --lang {r['lang']}: {r['seconds']} s ({r['cpu_s']} s CPU), peak {r['peak_mb']} MB"
    for p in result["pages"]:
        if p["kind"] == "report":
            yield f"report page {p['label']}: p95 {p['p95_ms'] / 1000:.2f} s"
    for p in result["pages"]:
        if p["kind"] == "file":
            yield f"file {p['label']}: p95 {p['p95_ms']:.0f} ms ({p['kb']:.0f} KB)"
    yield f"server peak memory: {result['server_peak_mb']} MB"
    yield "targets: " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in result["ok"].items())


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of the town (1: the issue's)")
    parser.add_argument("--loads", type=int, default=20, help="loads of each page")
    parser.add_argument("--db", default=None, help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--json", type=Path, default=None, help="write every figure to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="townpaths-large-") as tmp:
        result = run(args.scale, args.loads, args.db, Path(tmp))
    for line in summary(result):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
