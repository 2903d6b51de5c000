"""Benchmark of the comparison of towns: five towns of the size of ``bench/large_town.py`` in one
SQLite database, compared on the web page and written as the comparison report.

Each town is built by ``bench/large_town.py``'s builder (10,000 symbols, 1,000 interviews of 10,000
words, 50,000 coded segments, 2,000 innovations, on top of the method's data the Velenje case gives
a town), then gets what the large town lacks and a comparison reads (times ``--scale``): employment
of 10 years x 1,000 firms with a national reference of 528 NACE classes, 90 tagged narratives, 40
ranked and tagged problems, 120 evidence items, 50 scanned documents and 400 sustainability scores.
Then:

- starts the app as an installation does (``townpaths serve``, a subprocess, one worker) and loads
  ``/compare?towns=...`` through real HTTP as the towns' owner, in Slovene and English, ``--loads``
  times each: p50 and p95 of the loads, and the server's CPU time per load;
- writes the comparison report with ``townpaths compare ... --output`` (a subprocess) as HTML and
  PDF, in Slovene and English: wall time, CPU time and peak resident memory of each.

Targets (issue #16, the 2-core machine): the page under 2 s, the report under 15 s.

    PYTHONPATH=src python bench/compare.py [--scale 1] [--towns 5] [--loads 10] [--json FILE]

``--scale 0.01`` builds towns a hundredth of the size in seconds (a test runs it, so the bench
itself cannot rot).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import insert, select

PAGE_S, REPORT_S = 2.0, 15.0
TYPES = ("new practice", "new service", "new product", "new rules/regulations", "new organisational form")
TAGS = [f"theme-{n}" for n in range(30)]
#: What a comparison reads that the large town lacks, per town at ``--scale 1``.
EXTRA = {"firms": 1_000, "narratives": 90, "problems": 40, "evidence": 120, "documents": 50, "scores": 400}
LANGS = ("sl", "en")
FORMATS = ("html", "pdf")


def say(line: str) -> None:
    print(line, flush=True)


def large_town() -> ModuleType:
    """``bench/large_town.py`` (its builder, server and measures)."""
    if "large_town" in sys.modules:
        return sys.modules["large_town"]
    path = Path(__file__).resolve().parent / "large_town.py"
    spec = importlib.util.spec_from_file_location("large_town", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["large_town"] = module
    spec.loader.exec_module(module)
    return module


def add_extras(db_url: str, slug: str, scale: float, rng: random.Random) -> dict[str, int]:
    """What a comparison reads and the large town lacks, added to the town ``slug``."""
    from townpaths.storage import Database
    from townpaths.storage.models import (
        Document,
        DocumentScan,
        Employment,
        Evidence,
        Narrative,
        Period,
        Problem,
        SustainabilityIndicator,
        SustainabilityScore,
        Town,
    )

    n = {k: max(2, round(v * scale)) for k, v in EXTRA.items()}
    db = Database(db_url)
    with db.transaction() as s:
        t = s.scalar(select(Town.id).where(Town.slug == slug))
        assert t is not None
        s.execute(Town.__table__.update().where(Town.id == t).values(population=rng.randint(10_000, 80_000)))  # type: ignore[attr-defined]
        periods = list(s.scalars(select(Period.id).where(Period.town_id == t, Period.scheme == "narratives")))
        s.execute(
            insert(Narrative),
            [
                {
                    "town_id": t,
                    "period_id": periods[k % len(periods)],
                    "status": rng.choice(("dominant", "alternative")),
                    "position": 100 + k,
                    "text_en": f"narrative {k}",
                    "text_sl": f"pripoved {k}",
                    "tags": rng.sample(TAGS, 2),
                }
                for k in range(n["narratives"])
            ],
        )
        ranks = list(range(101, 101 + n["problems"]))
        rng.shuffle(ranks)
        s.execute(
            insert(Problem),
            [
                {
                    "town_id": t,
                    "position": 100 + k,
                    "rank": ranks[k],
                    "text_en": f"problem {k}",
                    "tags": rng.sample(TAGS, 1),
                }
                for k in range(n["problems"])
            ],
        )
        s.execute(
            insert(Evidence),
            [
                {
                    "town_id": t,
                    "kind": rng.choice(("lock_in", "path_renewal")),
                    "position": 100 + k,
                    "theme": rng.choice(("symbols", "narratives", "economy", "innovations")),
                    "statement_en": f"e{k}",
                    "key": f"bench-e{k}",
                }
                for k in range(n["evidence"])
            ],
        )
        indicators = list(s.scalars(select(SustainabilityIndicator.id).where(SustainabilityIndicator.town_id == t)))
        if indicators:
            s.execute(
                insert(SustainabilityScore),
                [
                    {"town_id": t, "indicator_id": rng.choice(indicators), "score": rng.randint(1, 5), "year": 2021}
                    for _ in range(n["scores"])
                ],
            )
        s.execute(
            insert(Document),
            [
                {"town_id": t, "title": f"document {k}", "text": "plan " * 2000, "extra": {}}
                for k in range(n["documents"])
            ],
        )
        docs = list(s.scalars(select(Document.id).where(Document.town_id == t, Document.title.like("document %"))))
        s.execute(
            insert(DocumentScan),
            [
                {
                    "town_id": t,
                    "document_id": d,
                    "group": "heritage",
                    "category": c,
                    "words": 2000,
                    "mentions": rng.choice((0, 0, 1, 3)),
                    "per_1000": 0.5,
                    "evidence": [],
                }
                for d in docs
                for c in ("industry", "coal_mining", "socialism")
            ],
        )
        codes = [f"{d:02d}.{k}{j}" for d in range(1, 89) for k in range(1, 4) for j in range(1, 3)]
        firm_code = [rng.choice(codes) for _ in range(n["firms"])]
        rows: list[dict[str, Any]] = []
        for year in range(2014, 2024):
            for f in range(n["firms"]):
                size = 2000 if f < 2 else max(1, int(rng.paretovariate(1.2)))
                rows.append(
                    {
                        "town_id": t,
                        "year": year,
                        "area": "town",
                        "firm": f"firm{f}",
                        "nace": firm_code[f],
                        "employees": float(size),
                    }
                )
            rows.extend(
                {
                    "town_id": t,
                    "year": year,
                    "area": "national",
                    "firm": None,
                    "nace": c,
                    "employees": float(rng.randint(10, 5000)),
                }
                for c in codes
            )
        s.execute(insert(Employment), rows)
    db.dispose()
    return {
        "employment": len(rows),
        "narratives": n["narratives"],
        "problems": n["problems"],
        "evidence": n["evidence"],
        "documents": n["documents"],
        "sustainability_scores": n["scores"] if indicators else 0,
    }


def build(db_url: str, scale: float, towns: int, log: Any = say) -> tuple[list[str], dict[str, int]]:
    """``towns`` large towns (``town1``...) in the database at ``db_url``; their slugs and the rows
    each has (the first town's)."""
    lt = large_town()
    slugs = [f"town{k}" for k in range(1, towns + 1)]
    rng = random.Random(16)
    rows: dict[str, int] = {}
    for k, slug in enumerate(slugs, 1):
        added = lt.build(db_url, scale, seed=13 + k, log=log, slug=slug, name=(f"Town {k}", f"Mesto {k}"))
        added |= add_extras(db_url, slug, scale, rng)
        rows = rows or added
    return slugs, rows


@dataclass
class PageRun:
    lang: str
    loads: int
    status: int
    p50_s: float
    p95_s: float
    max_s: float
    #: The server's user + system CPU time per load.
    cpu_s: float
    kb: float
    ok: bool


@dataclass
class ReportRun:
    lang: str
    format: str
    seconds: float
    cpu_s: float
    peak_mb: float
    kb: float
    ok: bool


def time_page(lt: ModuleType, server: Any, cookie: str, path: str, lang: str, loads: int) -> PageRun:
    client = lt.Client(server.port, cookie)
    try:
        client.get(f"{path}&lang={lang}")  # the first load of a language (its catalog, templates) not counted
        cpu0 = lt.cpu_seconds(server.proc.pid)
        times, status, body = [], 0, b""
        for _ in range(loads):
            status, body, elapsed, _ = client.get(f"{path}&lang={lang}")
            times.append(elapsed)
        cpu = (lt.cpu_seconds(server.proc.pid) - cpu0) / loads
    finally:
        client.close()
    p95 = lt.percentile(times, 0.95)
    return PageRun(
        lang,
        loads,
        status,
        round(lt.percentile(times, 0.5), 3),
        round(p95, 3),
        round(max(times), 3),
        round(cpu, 3),
        round(len(body) / 1024, 1),
        status == 200 and p95 < PAGE_S,
    )


def write_report(lt: ModuleType, db_url: str, slugs: Sequence[str], lang: str, fmt: str, folder: Path) -> ReportRun:
    """``townpaths compare ... --output`` in a subprocess: its wall and CPU time, peak memory."""
    output = folder / f"comparison-{lang}.{fmt}"
    cmd = [sys.executable, "-m", "townpaths.cli.main", "compare", *slugs, "--db", db_url]
    cmd += ["--lang", lang, "--output", str(output)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=lt.env())
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"townpaths compare failed: {err}")
    cpu = usage.ru_utime + usage.ru_stime
    return ReportRun(
        lang,
        fmt,
        round(seconds, 2),
        round(cpu, 2),
        round(usage.ru_maxrss / 1024, 1),
        round(output.stat().st_size / 1024, 1),
        seconds < REPORT_S,
    )


def run(scale: float, towns: int, loads: int, folder: Path, log: Any = say) -> dict[str, Any]:
    """Build the towns, time the page and the report; everything measured, as a dict."""
    from townpaths.storage import Database

    lt = large_town()
    file = folder / "towns.sqlite3"
    db_url = f"sqlite:///{file}"
    built = folder / "built.json"
    if built.exists():  # towns kept from an earlier run (``--keep``) of the same size
        slugs, rows, build_s = json.loads(built.read_text())
        log(f"reusing the {len(slugs)} towns in {file}")
    else:
        Database(db_url).dispose()  # created and migrated
        t0 = time.perf_counter()
        slugs, rows = build(db_url, scale, towns, log=log)
        build_s = time.perf_counter() - t0
        built.write_text(json.dumps([slugs, rows, build_s]))
        log(f"built {towns} towns in {build_s:.1f} s")
    load_before = os.getloadavg()
    server = lt.Server(db_url)
    path = "/compare?towns=" + ",".join(slugs)
    try:
        cookie = lt.owner_cookie(db_url)
        pages = [time_page(lt, server, cookie, path, lang, loads) for lang in LANGS]
        server_peak = server.peak()
    finally:
        err = server.stop()
    if any(p.status != 200 for p in pages):
        raise RuntimeError(f"the page failed: {[p.status for p in pages]} {err[-4000:]}")
    for p in pages:
        log(f"page {path}&lang={p.lang}: p50 {p.p50_s:.2f} s, p95 {p.p95_s:.2f} s, server CPU {p.cpu_s:.2f} s")
    reports = [write_report(lt, db_url, slugs, lang, fmt, folder) for fmt in FORMATS for lang in LANGS]
    for r in reports:
        log(
            f"townpaths compare --lang {r.lang} ({r.format}): {r.seconds:.2f} s, CPU {r.cpu_s:.2f} s, "
            f"peak {r.peak_mb:.0f} MB"
        )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpu": lt.cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "database": Database(db_url).dialect,
        },
        "load_average": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "scale": scale,
        "towns": slugs,
        "rows_per_town": rows,
        "build_s": round(build_s, 1),
        "pages": [asdict(p) for p in pages],
        "reports": [asdict(r) for r in reports],
        "server_peak_mb": round(server_peak / 2**20, 1),
        "ok": {"page": all(p.ok for p in pages), "report": all(r.ok for r in reports)},
    }


def summary(result: dict[str, Any]) -> Iterator[str]:
    m = result["machine"]
    yield f"{result['date']}; {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['database']}"
    yield f"{len(result['towns'])} towns, each {result['rows_per_town']} (built in {result['build_s']} s)"
    yield f"load average (1, 5, 15 min) before {result['load_average'][:3]}, after {result['load_average'][3:]}"
    yield "| step | p50 / wall | p95 | CPU | peak memory | size | target |"
    yield "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for p in result["pages"]:
        yield (
            f"| the page `/compare` ({p['lang']}, {p['loads']} loads) | {p['p50_s']:.2f} s | {p['p95_s']:.2f} s "
            f"| {p['cpu_s']:.2f} s | {result['server_peak_mb']:.0f} MB (server) | {p['kb']:.0f} KB | < {PAGE_S:.0f} s |"
        )
    for r in result["reports"]:
        yield (
            f"| `townpaths compare --lang {r['lang']} --output F.{r['format']}` | {r['seconds']:.2f} s | "
            f"| {r['cpu_s']:.2f} s | {r['peak_mb']:.0f} MB | {r['kb']:.0f} KB | < {REPORT_S:.0f} s |"
        )
    yield "targets: " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in result["ok"].items())


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of each town (1: the large town's)")
    parser.add_argument("--towns", type=int, default=5, help="towns compared")
    parser.add_argument("--loads", type=int, default=10, help="loads of the page in each language")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="build the towns in this folder and keep them (or reuse the towns kept there)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write every figure to this file")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args.scale, args.towns, args.loads, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="townpaths-compare-") as tmp:
            result = run(args.scale, args.towns, args.loads, Path(tmp))
    for line in summary(result):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
