"""``townpaths innovations``: export, import, tables, periods, the moderation link."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.support.cli import run
from townpaths.cases.case import open_case
from townpaths.storage import Database


def test_export_import_and_tables(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    out = run("innovations", "export", tmp_path / "x.xlsx", *db)
    assert out.output == f"Wrote 21 innovations of velenje to {tmp_path / 'x.xlsx'}\n"
    out = run("innovations", "import", tmp_path / "x.xlsx", *db, "--format", "json")
    assert json.loads(out.output) == {"town": "velenje", "added": 0, "updated": 21}
    lines = run("innovations", "tables", *db).output.splitlines()
    assert lines[1] == "new practice | 3 | 0 | 1 | 3 | 1 | 8"
    assert lines[7] == "all | 6 | 2 | 4 | 11 | 1 | 21"
    assert lines[-1] == "year unknown: 1" and lines[-2] == "2010s: 10"
    data = json.loads(run("innovations", "tables", *db, "--format", "json").output)
    assert len(data["table3"]) == 21 and data["per_decade"][0] == [1940, 2]
    table = run("innovations", "tables", *db, "--format", "csv").output.splitlines()
    assert table[0] == (
        "type,socialism,environmental crisis of the 1980s,transition after 1991 and EU entry,"
        "after the 2008 crisis,year unknown,total"
    )
    assert table[1] == "new practice,3,0,1,3,1,8" and table[-1] == "all,6,2,4,11,1,21"
    bad = tmp_path / "bad.csv"
    bad.write_text("name_en,type_en\n,x\n", encoding="utf-8")
    out = run("innovations", "import", bad, *db, code=3)
    assert "row 2, column 'name_en'" in out.output


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_format_from_the_suffix(velenje_sqlite: Database, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"register{suffix}"
    out = run("innovations", "export", path, "--db", velenje_sqlite.url, "--format", "json")
    assert json.loads(out.output) == {"town": "velenje", "file": str(path), "innovations": 21}
    assert path.stat().st_size > 1000
    wrong = run("innovations", "export", tmp_path / "register.ods", "--db", velenje_sqlite.url, code=3)
    assert wrong.stderr == (
        f"Error: {tmp_path / 'register.ods'}: cannot tell the file format from the suffix (use .csv, .xlsx, .json)\n"
    )
    assert not (tmp_path / "register.ods").exists()


def test_periods_list_and_replace(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    out = run("innovations", "periods", *db)
    assert out.output.splitlines() == [
        "1. socialism (1945–1991)",
        "2. environmental crisis of the 1980s (1980–1989)",
        "3. transition after 1991 and EU entry (1991–2008)",
        "4. after the 2008 crisis (2008–)",
    ]
    rows = list(csv.DictReader(io.StringIO(run("innovations", "periods", *db, "--format", "csv").output)))
    assert [(r["no"], r["start_year"], r["end_year"], r["open_ended"]) for r in rows] == [
        ("1", "1945", "1991", "false"),
        ("2", "1980", "1989", "false"),
        ("3", "1991", "2008", "false"),
        ("4", "2008", "", "true"),
    ]
    src = tmp_path / "periods.csv"
    src.write_text("no,name_en,start_year,end_year\n1,before 2000,1900,1999\n2,since 1990,1990,\n", encoding="utf-8")
    run("innovations", "periods", src, *db)
    data = json.loads(run("innovations", "tables", *db, "--format", "json").output)
    assert data["type_period"]["totals"] == [7, 14] and data["type_period"]["unknown"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("no,name_en,start_year,end_year\n1,x,2000,1990\n1,y,,\n", encoding="utf-8")
    out = run("innovations", "periods", bad, *db, code=3)
    assert "row 2, column 'start_year': period 1: end year 1990 is before start year 2000" in out.output
    assert "row 3, column 'start_year': period 1: a start year is required" in out.output
    narratives = [p for p in open_case("velenje", velenje_sqlite).records("periods") if p["scheme"] == "narratives"]
    assert len(narratives) == 3
