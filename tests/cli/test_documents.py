"""``townpaths documents``: add, scan, lexicon."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.studies.documents import files as F
from tests.studies.documents.test_documents import STRATEGY
from tests.support.cli import run
from townpaths.storage import Database


def test_add_and_scan_json(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    assert run("documents", "scan", *db).output == (
        "No documents (add some with `townpaths documents add FILE --genre G --year Y`).\n"
    )
    assert run("documents", "scan", "--format", "csv", *db).output == "id,title,genre,year,language,words,lock_in\n"
    F.docx(tmp_path / "s.docx", STRATEGY)
    out = run("documents", "add", tmp_path / "s.docx", "--genre", "strategy", "--year", "2016", *db)
    assert out.stdout.startswith("Added document 1: s (strategy, 2016, sl,")
    data = json.loads(run("documents", "scan", "--format", "json", *db).stdout)
    assert [(d["id"], d["lock_in"], d["words"]) for d in data] == [(1, True, 23)]
    rows = list(csv.DictReader(io.StringIO(run("documents", "scan", "--format", "csv", *db).stdout)))
    assert [(r["id"], r["title"], r["words"], r["lock_in"], r["categories.heritage.mentions"]) for r in rows] == [
        ("1", "s", "23", "true", "0")
    ]
    text = run("documents", "scan", *db).stdout.splitlines()
    assert text[1].startswith("   1  s ") and text[1].endswith("LOCK-IN: no heritage mention")
    assert text[-1] == "(mentions per 1,000 words)"
    # search: any form of a word, the hit in brackets for people, the offsets in JSON and CSV
    assert run("documents", "search", "mesta", *db).stdout.splitlines() == [
        "    1 s",
        "      …obcine Velenje. Velenje bo zeleno, pametno in inovativno [mesto] za mlade. [Mesto] je odprto za "
        "investitorje in nova podjetja.",
    ]
    [hit] = json.loads(run("documents", "search", "mesta", "--format", "json", *db).stdout)
    assert [hit["snippet"][a - hit["start"] : b - hit["start"]] for a, b in hit["marks"]] == ["mesto", "Mesto"]
    assert run("documents", "search", "zwickau", *db).stdout == "No hits.\n"
    evidence = json.loads(run("evidence", "--format", "json", *db).stdout)
    computed = [e for e in evidence["lock_in"] if e["provenance"] == "computed"]
    assert [(e["key"], e["rests_on"][0]["table"], e["rests_on"][0]["label"]) for e in computed] == [
        ("documents-no-heritage-1", "documents", "s")
    ]


def test_lexicon_round_trip_in_every_format(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    exported = run("documents", "lexicon", "--format", "csv", *db).stdout
    lines = exported.splitlines()
    assert lines[:3] == ["group,category,lang,term", "heritage,industry,en,industry", "heritage,industry,en,industrial"]
    terms = json.loads(run("documents", "lexicon", "--format", "json", *db).stdout)
    assert len(terms) == len(lines) - 1 and terms[0] == {
        "group": "heritage",
        "category": "industry",
        "lang": "en",
        "term": "industry",
    }
    assert run("documents", "lexicon", *db).stdout.splitlines()[0].split() == ["heritage", "industry", "en", "industry"]
    (tmp_path / "lexicon.csv").write_text(lines[0] + "\n" + lines[1] + "\nbranding,green,sl,zelen*\n", encoding="utf-8")
    assert run("documents", "lexicon", "--set", tmp_path / "lexicon.csv", *db).stdout == (
        "Lexicon: 2 terms (run `townpaths documents scan` again)\n"
    )
    assert run("documents", "lexicon", "--format", "csv", *db).stdout == (
        "group,category,lang,term\nheritage,industry,en,industry\nbranding,green,sl,zelen*\n"
    )
    (tmp_path / "bad.csv").write_text("group,category,lang,term\nnoise,x,en,y\n", encoding="utf-8")
    bad = run("documents", "lexicon", "--set", tmp_path / "bad.csv", *db, code=3)
    assert bad.stderr.startswith(f"Error: {tmp_path / 'bad.csv'}, row 2, column 'group', value 'noise': group must be")
