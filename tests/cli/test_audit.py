"""``townpaths audit``: a town's log printed or written to a file; every command's changes are
recorded as ``cli:<OS user>``."""

from __future__ import annotations

import csv
import getpass
import io
import json
from pathlib import Path

from tests.support.cli import run
from townpaths.storage import Database


def test_cli_changes_and_the_log(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    run("export", "--town", "velenje", "--output", tmp_path / "bundle.zip", *db)
    run("import", tmp_path / "bundle.zip", "--as", "copy", *db)
    run("symbols", "scale", "preservation", "bad=Bad", "good=Good", "--town", "copy", *db)
    me = f"cli:{getpass.getuser()}"
    listed = json.loads(run("audit", "--town", "copy", "--format", "json", *db).output)
    assert [(e["actor"], e["action"], e["table"], e["after"] and e["after"].get("label_en")) for e in listed] == [
        (me, "insert", "symbol_scales", "Good"),
        (me, "insert", "symbol_scales", "Bad"),
        (me, "import bundle", None, None),
    ]
    assert listed[2]["after"]["rows"]["symbols"] == {"insert": 23} and listed[2]["town"] == "copy"
    text = run("audit", "--town", "copy", *db).output.splitlines()
    assert [line.split()[2:] for line in text] == [
        [me, "insert", "symbol_scales", str(listed[0]["record_id"])],
        [me, "insert", "symbol_scales", str(listed[1]["record_id"])],
        [me, "import", "bundle"],
    ]
    only = json.loads(run("audit", "--town", "copy", "--format", "json", "--table", "symbols", *db).output)
    assert only == []
    rows = list(
        csv.DictReader(io.StringIO(run("audit", "--town", "copy", "--format", "csv", "--person", me, *db).output))
    )
    assert [r["action"] for r in rows] == ["insert", "insert", "import bundle"]
    assert json.loads(rows[0]["after"])["label_en"] == "Good" and rows[2]["before"] == ""
    out = run("audit", "--town", "copy", "--output", tmp_path / "audit.csv", *db).output
    assert out == f"Wrote 3 entries to {tmp_path / 'audit.csv'}\n"
    written = list(csv.DictReader(io.StringIO((tmp_path / "audit.csv").read_text(encoding="utf-8"))))
    assert [r["action"] for r in written] == ["import bundle", "insert", "insert"]  # oldest first
    bad = run("audit", "--town", "copy", "--output", tmp_path / "audit.ods", *db, code=3)
    assert bad.stderr == f"Error: {tmp_path / 'audit.ods'}: use a .csv or .xlsx file\n"
