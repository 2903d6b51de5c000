"""Benchmark of the comparison of towns: five mid-size towns in one SQLite database, compared on
the web page (``/compare?towns=...``, over in-process HTTP as a signed-in researcher, everything
from the database to the HTML) and written as the comparison report (PDF, and Word and HTML).

Targets (issue #16): the page under 2 s, the report under 15 s, on the 2-core machine.

The towns are generated here (``bench/large_town.py`` of issue #11 is not on main yet): each has
6 symbol categories with 16 types and 400 symbols (assessed), 300 innovations with 4 periods, 3
narrative periods with 90 tagged narratives, 40 ranked and tagged problems, 120 evidence items, 10
dualities, 4 dimensions with 400 scores, 50 scanned documents, and employment of 10 years x 1,000
firms with a national reference of 600 NACE classes (16,000 rows a year with the reference).

    PYTHONPATH=src python bench/compare.py [--towns 5] [--firms 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from townpaths.comparison.build import compare_towns
from townpaths.comparison.render import comparison_bytes
from townpaths.storage import Database
from townpaths.storage.models import (
    Document,
    DocumentScan,
    Duality,
    Employment,
    Evidence,
    Innovation,
    Narrative,
    Period,
    Problem,
    SustainabilityIndicator,
    SustainabilityScore,
    Symbol,
    SymbolCategory,
    SymbolType,
    Town,
)

CATEGORIES = ("townscape", "heritage_institutions", "tourism_hospitality", "cultural_activities", "names", "texts")
TYPES = ("new practice", "new service", "new product", "new rules/regulations", "new organisational form")
TAGS = [f"theme-{n}" for n in range(30)]
LEVELS = ("ruined", "poor", "fair", "good", "very_good")
ATTITUDES = ("very_negative", "negative", "neutral", "positive", "very_positive")
DIMENSIONS = ("amenities", "social_cultural_life", "voice_influence", "space_to_grow")


def timed(fn: Any, repeat: int = 3) -> tuple[float, float, Any]:
    """Median wall time and median CPU time of this process (every thread) of ``repeat`` calls of
    ``fn``, and the last result. On a busy machine the CPU time is what the work takes alone."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), result


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _ids(session: Any, model: Any, town_id: int) -> list[int]:
    return list(session.scalars(select(model.id).where(model.town_id == town_id).order_by(model.id)))


def make_town(db: Database, slug: str, rng: random.Random, firms: int) -> None:
    with db.transaction() as s:
        town = Town(slug=slug, name=slug.title(), name_sl=slug.title(), population=rng.randint(10_000, 80_000))
        s.add(town)
        s.flush()
        t = town.id
        s.execute(
            insert(SymbolCategory),
            [{"town_id": t, "key": k, "position": n, "name_en": k, "name_sl": k} for n, k in enumerate(CATEGORIES, 1)],
        )
        cats = _ids(s, SymbolCategory, t)
        s.execute(
            insert(SymbolType),
            [{"town_id": t, "category_id": cats[n % 6], "no": n + 1, "name_en": f"type {n + 1}"} for n in range(16)],
        )
        types = _ids(s, SymbolType, t)
        s.execute(
            insert(Symbol),
            [
                {
                    "town_id": t,
                    "type_id": rng.choice(types),
                    "name_en": f"symbol {n}",
                    "external_id": f"s{n}",
                    "preservation": rng.choice(LEVELS),
                    "attitude": rng.choice(ATTITUDES),
                    "extra": {},
                }
                for n in range(400)
            ],
        )
        periods = [
            {
                "town_id": t,
                "scheme": scheme,
                "no": n,
                "name_en": f"{scheme} {n}",
                "start_year": 1945 + 20 * (n - 1),
                "end_year": 1945 + 20 * n,
                "open_ended": False,
            }
            for scheme, count in (("innovations", 4), ("narratives", 3))
            for n in range(1, count + 1)
        ]
        s.execute(insert(Period), periods)
        narrative_periods = list(
            s.scalars(select(Period.id).where(Period.town_id == t, Period.scheme == "narratives").order_by(Period.no))
        )
        s.execute(
            insert(Innovation),
            [
                {
                    "town_id": t,
                    "no": n,
                    "type_en": rng.choice(TYPES),
                    "name_en": f"innovation {n}",
                    "year": rng.randint(1945, 2023),
                    "status": "accepted",
                    "criteria": {},
                    "outcomes": [],
                    "extra": {},
                }
                for n in range(1, 301)
            ],
        )
        s.execute(
            insert(Narrative),
            [
                {
                    "town_id": t,
                    "period_id": narrative_periods[n % 3],
                    "status": rng.choice(("dominant", "alternative")),
                    "position": n,
                    "text_en": f"narrative {n}",
                    "text_sl": f"pripoved {n}",
                    "tags": rng.sample(TAGS, 2),
                }
                for n in range(1, 91)
            ],
        )
        ranks = list(range(1, 41))
        rng.shuffle(ranks)
        s.execute(
            insert(Problem),
            [
                {
                    "town_id": t,
                    "position": n,
                    "rank": ranks[n - 1],
                    "text_en": f"problem {n}",
                    "tags": rng.sample(TAGS, 1),
                }
                for n in range(1, 41)
            ],
        )
        s.execute(
            insert(Evidence),
            [
                {
                    "town_id": t,
                    "kind": rng.choice(("lock_in", "path_renewal")),
                    "position": n,
                    "theme": rng.choice(("symbols", "narratives", "economy", "innovations")),
                    "statement_en": f"e{n}",
                    "key": f"e{n}",
                }
                for n in range(1, 121)
            ],
        )
        s.execute(
            insert(Duality),
            [{"town_id": t, "no": n, "one_hand_en": f"one {n}", "other_hand_en": f"other {n}"} for n in range(1, 11)],
        )
        s.execute(
            insert(SustainabilityIndicator),
            [
                {
                    "town_id": t,
                    "dimension_key": d,
                    "dimension_en": d,
                    "key": f"{d}_overall",
                    "name_en": d,
                    "scale_min": 1,
                    "scale_max": 5,
                }
                for d in DIMENSIONS
            ],
        )
        indicators = _ids(s, SustainabilityIndicator, t)
        s.execute(
            insert(SustainabilityScore),
            [
                {"town_id": t, "indicator_id": rng.choice(indicators), "score": rng.randint(1, 5), "year": 2021}
                for _ in range(400)
            ],
        )
        s.execute(
            insert(Document),
            [{"town_id": t, "title": f"document {n}", "text": "plan " * 2000, "extra": {}} for n in range(50)],
        )
        docs = _ids(s, Document, t)
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
        codes = [f"{d:02d}.{k}{j}" for d in range(1, 89) for k in range(1, 4) for j in range(1, 3)][:600]
        firm_code = [rng.choice(codes) for _ in range(firms)]
        rows = []
        for year in range(2014, 2024):
            for f in range(firms):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--towns", type=int, default=5)
    parser.add_argument("--firms", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support.people import person, sign_in

    from townpaths.web.app import Settings, create_app

    folder = Path(tempfile.mkdtemp(prefix="townpaths-compare-bench-"))
    db = Database(folder / "towns.sqlite3")
    rng = random.Random(16)
    slugs = [f"town{n}" for n in range(1, args.towns + 1)]
    t0 = time.perf_counter()
    for slug in slugs:
        make_town(db, slug, rng, args.firms)
    print(f"generated {args.towns} towns in {time.perf_counter() - t0:.1f} s ({folder})")

    account = person(db, "bench@towns.example", "Bench Researcher", dict.fromkeys(slugs, "researcher"))
    app = create_app(Settings(db=db.url, secret_key="bench-secret"))
    query = ",".join(slugs)
    with TestClient(app) as client:
        sign_in(client, account, "bench-secret")
        first = client.get(f"/compare?towns={query}&lang=en")
        assert first.status_code == 200, first.text[:500]
        page = timed(lambda: client.get(f"/compare?towns={query}&lang=sl"), args.repeat)
        response = page[2]
        assert response.status_code == 200
    result = compare_towns(db, slugs)
    compared = timed(lambda: compare_towns(db, slugs), args.repeat)
    pdf = timed(lambda: comparison_bytes(compare_towns(db, slugs), "pdf", "sl"), 1)
    docx = timed(lambda: comparison_bytes(compare_towns(db, slugs), "docx", "sl"), 1)
    html = timed(lambda: comparison_bytes(compare_towns(db, slugs), "html", "sl"), args.repeat)
    rows = sum(len(c.rows) for c in result.comparisons)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores, load average {load}, Python {platform.python_version()}, "
        f"SQLite\ntowns: {args.towns}, compared rows: {rows}, statements: "
        f"{sum(len(p.alike) + len(p.differ) for p in result.summaries)}, page {len(response.content):,} bytes, "
        f"PDF {len(pdf[2]):,} bytes"
    )
    print("| step | wall time | CPU time | target |\n| --- | ---: | ---: | ---: |")
    for label, (wall, cpu, _), target in (
        ("compare (read and compute, library)", compared, ""),
        ("the web page /compare (HTTP, signed in)", page, "< 2 s"),
        ("the report as PDF", pdf, "< 15 s"),
        ("the report as Word", docx, ""),
        ("the report as HTML", html, ""),
    ):
        print(f"| {label} | {wall:.2f} s | {cpu:.2f} s | {target} |")
    db.dispose()


if __name__ == "__main__":
    main()
