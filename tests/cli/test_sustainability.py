"""``townpaths sustainability``: import, summary, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.studies.sustainability.test_service import generated
from tests.support.cli import run
from townpaths.storage import Database


def test_import_summary_export(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    out = run("sustainability", "import", generated(tmp_path / "g.csv"), *db)
    assert out.output == "velenje: 0 indicators added, 0 updated, 72 scores\n"
    summary = json.loads(run("sustainability", "summary", *db, "--by", "year", "--format", "json").output)
    assert [g["group"] for g in summary["dimensions"][0]["groups"]] == [2018, 2020]
    text = run("sustainability", "summary", *db).output.splitlines()
    assert text[0] == "amenities and social infrastructure" and text[1].startswith("  all: n=18 mean=")
    rows = list(
        csv.DictReader(io.StringIO(run("sustainability", "summary", *db, "--by", "year", "--format", "csv").output))
    )
    assert [(r["dimension"], r["group"], r["n"]) for r in rows[:2]] == [
        ("amenities and social infrastructure", "2018", "9"),
        ("amenities and social infrastructure", "2020", "9"),
    ]
    assert len(rows) == 8 and rows[0]["mean"] == str(summary["dimensions"][0]["groups"][0]["normalised"]["mean"])
    out = run("sustainability", "export", tmp_path / "e.xlsx", *db)
    assert out.output == f"Wrote 4 indicators and 72 scores of velenje to {tmp_path / 'e.xlsx'}\n"
    out = run("sustainability", "export", tmp_path / "e.csv", *db, "--format", "json")
    assert json.loads(out.output) == {"town": "velenje", "file": str(tmp_path / "e.csv"), "indicators": 4, "scores": 72}
    wrong = run("sustainability", "export", tmp_path / "e.json", *db, code=3)
    assert wrong.stderr == (
        f"Error: {tmp_path / 'e.json'}: cannot tell the file format from the suffix (use .csv, .xlsx)\n"
    )
