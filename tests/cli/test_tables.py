"""``townpaths tables``, ``table export`` and ``table import``: what they print in each --format,
and one line per bad row with exit code 3."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.support.cli import run
from townpaths.storage import Database


def test_tables_lists_columns_and_rows(velenje_sqlite: Database) -> None:
    db = ["--db", velenje_sqlite.url]
    text = run("tables", "--town", "velenje", *db).output.splitlines()
    assert text[2] == "symbol_types                  16 rows   key: no"
    columns = "columns: no, category, name_en, name_sl, note_en, note_sl, provenance, provenance_note"
    assert text[3] == " " * 33 + columns
    listed = json.loads(run("tables", *db, "--format", "json").output)
    assert [(t["table"], t["rows"]) for t in listed][:4] == [
        ("symbol_categories", 6),
        ("symbol_types", 16),
        ("symbols", 23),
        ("documents", 0),
    ]
    rows = list(csv.DictReader(io.StringIO(run("tables", *db, "--format", "csv").output)))
    assert rows[-1] == {
        "table": "evidence",
        "rows": "9",
        "key": "key",
        "columns": "key; kind; theme; position; statement_en; statement_sl; links; provenance; provenance_note",
        "confidential": "false",
    }


def test_export_and_import(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url, "--town", "velenje"]
    out = tmp_path / "dualities.xlsx"
    assert run("table", "export", "dualities", "--output", out, *db).output == f"Wrote 5 rows of dualities to {out}\n"
    done = run("table", "import", "dualities", out, "--replace", *db).output
    assert done == f"Imported {out} into dualities of velenje: 0 added, 0 updated, 5 unchanged, 0 deleted\n"
    path = tmp_path / "d.csv"
    path.write_text("no;one_hand_en;other_hand_en\n5;a young town;an ageing town\n", encoding="cp1250")
    result = json.loads(run("table", "import", "dualities", path, "--replace", *db, "--format", "json").output)
    assert result == {
        "table": "dualities",
        "town": "velenje",
        "file": str(path),
        "added": 0,
        "updated": 1,
        "unchanged": 0,
        "deleted": 4,
        "dependents": [],
    }
    as_csv = run("table", "import", "dualities", path, *db, "--format", "csv").output
    assert as_csv.splitlines() == [
        "table,town,file,added,updated,unchanged,deleted",
        f"dualities,velenje,{path},0,0,1,0",
    ]


def test_bad_files_print_one_line_each(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    path = tmp_path / "types.csv"
    path.write_text("no,category,name_en\n1,nowhere,x\nx,townscape,y\n", encoding="utf-8")
    bad = run("table", "import", "symbol_types", path, *db, code=3)
    assert bad.stderr.splitlines() == [
        f"Error: {path}: 2 error(s):",
        f"{path}, row 2, column 'category', value 'nowhere': no row of symbol_categories has this key in the town",
        f"{path}, row 3, column 'no', value 'x': not a number",
    ]
    unknown = run("table", "export", "ballots", "--output", tmp_path / "b.csv", *db, code=5)
    assert unknown.stderr.startswith("Error: unknown table 'ballots' (tables people write: symbol_categories, ")
    missing = run("table", "import", "symbols", tmp_path / "nope.csv", *db, code=3)
    assert missing.stderr == f"Error: {tmp_path / 'nope.csv'}: file not found\n"
