"""``townpaths qda``: segments, agreement, REFI-QDA exchange, codebooks, search, Table 2, exports."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from tests.support.cli import run
from townpaths.storage import Database
from townpaths.studies.qda import service


def test_qda_commands(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    service.add_interview(velenje_sqlite, None, "a.txt", b"Q: Who?\nA: Nobody.\n", sector="municipality")

    segs = json.loads(run("qda", "segments", "--code", "miners", "--format", "json", *db).output)
    assert [(s["coder"], s["start"], s["end"]) for s in segs] == [("Coder A", 422, 504), ("Coder B", 422, 525)]
    assert "2 segments" in run("qda", "segments", "--code", "miners", *db).output
    rows = list(csv.DictReader(io.StringIO(run("qda", "segments", "--code", "miners", "--format", "csv", *db).output)))
    assert [(r["coder"], r["start"], r["end"]) for r in rows] == [("Coder A", "422", "504"), ("Coder B", "422", "525")]

    agreement = json.loads(run("qda", "agreement", "--format", "json", *db).output)
    assert agreement["coders"] == ["Coder A", "Coder B"] and agreement["overall"]["kappa"] == 0.77248
    assert "overall" in run("qda", "agreement", *db).output
    rows = list(csv.DictReader(io.StringIO(run("qda", "agreement", "--format", "csv", *db).output)))
    assert rows[-1] == {
        "scope": "overall",
        "name": "",
        "agreement": str(agreement["overall"]["agreement"]),
        "kappa": "0.77248",
        "alpha": str(agreement["overall"]["alpha"]),
    }
    assert len(rows) == len(agreement["by_code"]) + len(agreement["by_transcript"]) + 1

    qdpx = tmp_path / "v.qdpx"
    exported = json.loads(run("qda", "export", "--output", qdpx, "--format", "json", *db).output)
    assert (exported["file"], exported["sources"], exported["codings"]) == (str(qdpx), 4, 28)
    with zipfile.ZipFile(qdpx) as zf:
        assert len([n for n in zf.namelist() if n.startswith("sources/")]) == 4
    wrong = run("qda", "export", "--output", tmp_path / "v.zip", *db, code=3)
    assert wrong.stderr == f"Error: {tmp_path / 'v.zip'}: cannot tell the file format from the suffix (use .qdpx)\n"
    imported = json.loads(run("qda", "import", qdpx, "--as", "copy", "--format", "json", *db).output)
    assert imported["town"] == "copy" and imported["imported"]["codings"] == 28
    assert imported["positions"]["convention"] == "stored"
    lines = run("qda", "import", qdpx, "--as", "copy-lf", "--positions", "lf", *db).output.splitlines()
    assert lines[1] == "Text positions: positions one character per line ending (a CRLF counts as one), as asked"
    refused = run("qda", "import", qdpx, "--positions", "crlf", *db, code=2).stderr
    assert "'crlf' is not one of" in " ".join(refused.split())

    qdc = tmp_path / "codes.qdc"
    assert run("qda", "codebook", "export", qdc, "--town", "velenje", *db).output == f"Wrote {qdc}: 27 codes\n"
    csv_file = tmp_path / "codes.csv"
    run("qda", "codebook", "export", csv_file, "--town", "velenje", *db)
    assert csv_file.read_text(encoding="utf-8").count("\n") == 28
    again = json.loads(run("qda", "codebook", "import", qdc, "--town", "copy", "--format", "json", *db).output)
    # the codebook's names are unique in the file ("dominant (1. ...)"), townpaths' names again on import
    assert again["imported"] == {"codes already present": 27, "code names without their parent's name": 6}

    hits = json.loads(run("qda", "search", "mentaliteta", "--town", "velenje", "--format", "json", *db).output)
    assert [h["id"] for h in hits] == [2]
    lines = run("qda", "search", "mentaliteto", "--town", "velenje", *db).output.splitlines()
    assert lines[0] == "    2 FICTIONAL example 2: kulturnica (v slovenščini)" and "[mentaliteta]" in lines[1]
    table2 = json.loads(run("qda", "table2", "--town", "velenje", "--format", "json", *db).output)
    assert len(table2) == 3
    rows = list(csv.DictReader(io.StringIO(run("qda", "table2", "--town", "velenje", "--format", "csv", *db).output)))
    assert len(rows) == sum(len(p["dominant"]) + len(p["alternative"]) for p in table2)
    assert (rows[0]["period_no"], rows[0]["status"], rows[0]["text_en"]) == (
        str(table2[0]["period_no"]),
        "dominant",
        table2[0]["dominant"][0]["text_en"],
    )
    matrix = run("qda", "matrix", "--output", tmp_path / "m.csv", "--town", "velenje", *db)
    assert matrix.output == f"Wrote {tmp_path / 'm.csv'}: 18 codes\n"
    lines = (tmp_path / "m.csv").read_text().splitlines()
    assert lines[0].startswith("code,C01,C02,C03,E01") and len(lines) == 1 + 18
    segments = run(
        "qda", "export-segments", "--output", tmp_path / "s.xlsx", "--town", "velenje", "--format", "json", *db
    )
    assert json.loads(segments.output) == {"file": str(tmp_path / "s.xlsx"), "segments": 28}
    wrong = run("qda", "matrix", "--output", tmp_path / "m.ods", "--town", "velenje", *db, code=3)
    assert "cannot tell the file format from the suffix (use .csv, .xlsx)" in wrong.stderr


def test_errors_are_one_line(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    bad = run("qda", "segments", "--code", "no such code", *db, code=5)
    assert "no code named" in bad.stderr and bad.stdout == ""
    (tmp_path / "x.qdpx").write_bytes(b"nope")
    bad = run("qda", "import", tmp_path / "x.qdpx", *db, code=3)
    assert "not a ZIP" in bad.stderr
