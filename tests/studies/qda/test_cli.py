"""The qda and interviews commands as users run them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from townpaths.cli.main import app
from townpaths.storage import Database

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_interviews_and_qda_commands(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    a = tmp_path / "a.txt"
    a.write_bytes("\ufeffQ: Ana Novak?\r\nA: Ana Novak and Marko agreed.\r\n".encode())
    out = json.loads(run("interviews", "add", str(a), "--sector", "municipality", "--redact", "Ana Novak",
                         "--redact", "Marko=M.", "--attribute", "age group=60+", "--format", "json", *db))
    assert (out["interviewee"], out["sector"], out["length"], out["redacted"]) == (
        "M04", "municipality", 40, {"Ana Novak": 2, "Marko": 1})
    listed = json.loads(run("interviews", "list", "--format", "json", *db))
    assert [r["interviewee"] for r in listed] == ["FX-E1", "FX-S1", "FX-C1", "M04"]

    segs = json.loads(run("qda", "segments", "--code", "miners", "--format", "json", *db))
    assert [(s["coder"], s["start"], s["end"]) for s in segs] == [("Coder A", 422, 504), ("Coder B", 422, 525)]
    assert "2 segments" in run("qda", "segments", "--code", "miners", *db)

    agreement = json.loads(run("qda", "agreement", "--format", "json", *db))
    assert agreement["coders"] == ["Coder A", "Coder B"] and agreement["overall"]["kappa"] == 0.77248
    assert "overall" in run("qda", "agreement", *db)

    qdpx = tmp_path / "v.qdpx"
    assert "3 sources" not in run("qda", "export", "--output", str(qdpx), *db)  # 4 now
    with zipfile.ZipFile(qdpx) as zf:
        assert len([n for n in zf.namelist() if n.startswith("sources/")]) == 4
    imported = json.loads(run("qda", "import", str(qdpx), "--as", "copy", "--format", "json", *db))
    assert imported["town"] == "copy" and imported["imported"]["codings"] == 28

    qdc = tmp_path / "codes.qdc"
    run("qda", "codebook", "export", str(qdc), "--town", "velenje", *db)
    csv_file = tmp_path / "codes.csv"
    run("qda", "codebook", "export", str(csv_file), "--town", "velenje", *db)
    assert csv_file.read_text(encoding="utf-8").count("\n") == 28
    again = json.loads(run("qda", "codebook", "import", str(qdc), "--town", "copy", "--format", "json", *db))
    assert again["imported"] == {"codes already present": 27}

    hits = json.loads(run("qda", "search", "mentaliteta", "--town", "velenje", "--format", "json", *db))
    assert [h["id"] for h in hits] == [2]
    table2 = json.loads(run("qda", "table2", "--town", "velenje", "--format", "json", *db))
    assert len(table2) == 3
    run("qda", "matrix", "--output", str(tmp_path / "m.csv"), "--town", "velenje", *db)
    assert (tmp_path / "m.csv").read_text().splitlines()[0].startswith("code,C01,C02,C03,E01")
    run("qda", "export-segments", "--output", str(tmp_path / "s.xlsx"), "--town", "velenje", *db)


def test_errors_are_one_line(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    bad = runner.invoke(app, ["interviews", "add", str(tmp_path / "none.txt"), "--sector", "economy", *db])
    assert bad.exit_code == 3 and "no such file" in bad.output
    bad = runner.invoke(app, ["qda", "segments", "--code", "no such code", *db])
    assert bad.exit_code == 5 and "no code named" in bad.output
    (tmp_path / "x.qdpx").write_bytes(b"nope")
    bad = runner.invoke(app, ["qda", "import", str(tmp_path / "x.qdpx"), *db])
    assert bad.exit_code == 3 and "not a ZIP" in bad.output
