"""Benchmark of narrative coding on a large corpus: import, code retrieval, full-text search.

Generates N synthetic transcripts of W words (default 1,000 x 10,000) as TXT files, imports
them with townpaths (one transaction, normalised, full-text indexed), codes them (20 segments
per transcript, 2 coders, 25 codes), then times code retrieval (segments of one code with context
and interviewee attributes) and full-text search (exact words, and a word found by its lemma in other forms).

Peers, in the same run and database, for the ratio:
- import: plain of the same texts into a table without index
  (the floor for getting the text into SQLite at all);
- retrieval: loading each coded transcript's full text and slicing in Python (what a tool
  that keeps whole documents in memory does);
- search: ``LIKE '%word%'`` scan over all transcripts (no full-text index).

    PYTHONPATH=src python bench/coding.py [--transcripts 1000] [--words 10000] [--db PATH]
"""

from __future__ import annotations

import argparse
import platform
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select, text

from timing import timed  # bench/timing.py (scripts run from bench/ or with it on the path)
from townpaths.storage import Database
from townpaths.storage.models import Code, Codebook, CodedSegment, Interview, Town
from townpaths.studies.qda import service
from townpaths.studies.qda.core.segments import stored_texts

SECTORS = ("economy", "science_culture", "municipality", "civil_society")


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    letters = "abcčdefghijklmnoprsštuvzž"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 11))) for _ in range(size)]


def transcript(rng: random.Random, words: list[str], n: int) -> str:
    # Zipf-like word frequencies; Q/A turns of ~60 words; Windows line endings and a BOM to normalise
    chosen = rng.choices(words, weights=[1 / (i + 1) for i in range(len(words))], k=n)
    lines = []
    for turn, i in enumerate(range(0, n, 60)):
        lines.append(("V: " if turn % 2 == 0 else "O: ") + " ".join(chosen[i : i + 60]))
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=1000)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument(
        "--db",
        default=None,
        help="SQLite file or PostgreSQL URL of an empty database (default: a temporary SQLite file)",
    )
    args = parser.parse_args()
    rng = random.Random(5)
    words = vocabulary(rng)
    tmp = Path(tempfile.mkdtemp(prefix="townpaths-bench-"))
    folder = tmp / "transcripts"
    folder.mkdir()
    t0 = time.perf_counter()
    for i in range(args.transcripts):
        body = transcript(rng, words, args.words)
        if i % 333 == 10:  # a word found in 3 transcripts only
            body += "O: kolesarnica\r\n"
        if i % 50 == 7:  # two forms of a Slovene noun in 20 transcripts, searched for by a third
            body += "O: v času socializma in po socializmu\r\n"
        (folder / f"t{i:04d}.txt").write_text(body, encoding="utf-8")
    files = sorted(folder.iterdir())
    total_mb = sum(f.stat().st_size for f in files) / 1e6
    print(
        f"generated {len(files)} transcripts x {args.words} words ({total_mb:.0f} MB) in "
        f"{time.perf_counter() - t0:.1f} s"
    )

    db = Database(args.db or tmp / "bench.sqlite3")
    with db.transaction() as session:
        session.add(Town(slug="bench", name="Bench"))
    t0 = time.perf_counter()
    service.add_interviews(
        db,
        "bench",
        ({"filename": f.name, "data": f.read_bytes(), "sector": SECTORS[i % 4]} for i, f in enumerate(files)),
    )
    import_s = time.perf_counter() - t0

    with db.engine.begin() as conn:  # peer: the same texts into a plain table, no normalising, no index
        conn.execute(text("CREATE TABLE bench_peer (id INTEGER PRIMARY KEY, title TEXT, body TEXT)"))
    t0 = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO bench_peer (id, title, body) VALUES (:id, :title, :body)"),
            [{"id": i, "title": f.name, "body": f.read_text(encoding="utf-8")} for i, f in enumerate(files)],
        )
    peer_import_s = time.perf_counter() - t0

    # coding: 25 codes, 20 segments per transcript by two coders
    with db.transaction() as session:
        town_id = session.scalar(select(Town.id).where(Town.slug == "bench"))
        book = Codebook(town_id=town_id, name="bench")
        session.add(book)
        session.flush()
        codes = []
        for k in range(25):
            code = Code(town_id=town_id, codebook_id=book.id, name=f"code {k:02d}", codable=True, position=k)
            session.add(code)
            session.flush()
            codes.append(code.id)
        lengths = session.execute(select(Interview.id, Interview.text).where(Interview.town_id == town_id)).all()
        rows = []
        for iid, body in lengths:
            for j in range(20):
                start = rng.randrange(0, len(body) - 600)
                end = start + rng.randrange(50, 600)
                rows.append(
                    {
                        "town_id": town_id,
                        "interview_id": iid,
                        "code_id": codes[(iid + j) % 25],
                        "start": start,
                        "end": end,
                        "coder": "A" if j % 2 else "B",
                        **stored_texts(body, start, end),
                    }
                )
        session.execute(insert(CodedSegment), rows)
    print(f"coded {len(rows)} segments")

    retrieval_s, found = timed(lambda: service.segments_by_code(db, "bench", "code 07"), repeat=5)

    def peer_retrieval() -> int:
        with db.transaction() as session:
            segs = session.execute(
                select(CodedSegment.interview_id, CodedSegment.start, CodedSegment.end).where(
                    CodedSegment.code_id == codes[7]
                )
            ).all()
            texts = dict(
                session.execute(
                    select(Interview.id, Interview.text).where(Interview.id.in_({s[0] for s in segs}))
                ).all()
            )
            return len([texts[i][max(0, s - 80) : e + 80] for i, s, e in segs])

    peer_retrieval_s, _ = timed(peer_retrieval, repeat=5)
    searches = []
    for label, word in (
        ("frequent word", words[30]),
        ("mid-frequency word", words[2500]),
        ("rare word", words[5990]),
        ("word in 3 transcripts", "kolesarnica"),
        ("another form (by lemma)", "socializem"),
    ):
        search_s, hits = timed(lambda w=word: service.search(db, "bench", w), repeat=5)

        def peer_search(w: str = word) -> int:
            with db.engine.connect() as conn:
                return len(
                    conn.execute(text("SELECT id FROM interviews WHERE text LIKE :w LIMIT 20"), {"w": f"%{w}%"}).all()
                )

        peer_search_s, _ = timed(peer_search, repeat=3)
        searches.append((label, search_s, peer_search_s, len(hits)))

    engine = f"SQLite {sqlite3.sqlite_version}" if db.dialect == "sqlite" else db.dialect
    if db.dialect == "postgresql":
        with db.engine.connect() as conn:
            engine = conn.exec_driver_sql("SHOW server_version").scalar_one()
            engine = f"PostgreSQL {engine}"
    print(f"\nmachine: {platform.machine()} {platform.processor() or ''} Python {platform.python_version()}, {engine}")
    print(f"{'step':<34}{'townpaths':>12}{'peer':>12}{'ratio':>9}  target")
    print(
        f"{'import ' + str(len(files)) + ' transcripts':<34}{import_s:>11.1f}s{peer_import_s:>11.1f}s"
        f"{import_s / peer_import_s:>8.1f}x  < 60 s ({'ok' if import_s < 60 else 'MISSED'})"
    )
    print(
        f"{'retrieval of one code':<34}{retrieval_s * 1000:>10.1f}ms{peer_retrieval_s * 1000:>10.1f}ms"
        f"{peer_retrieval_s / retrieval_s:>8.1f}x  < 100 ms ({'ok' if retrieval_s < 0.1 else 'MISSED'}); "
        f"{len(found)} segments"
    )
    for label, search_s, peer_search_s, n in searches:
        print(
            f"{'search, ' + label:<34}{search_s * 1000:>10.1f}ms{peer_search_s * 1000:>10.1f}ms"
            f"{peer_search_s / search_s:>8.1f}x  < 100 ms ({'ok' if search_s < 0.1 else 'MISSED'}); {n} hits"
        )
    print(
        "ratio: import = townpaths/peer (cost of normalising + indexing); retrieval, search = peer/townpaths (speed-up)"
    )
    db.dispose()


if __name__ == "__main__":
    main()
