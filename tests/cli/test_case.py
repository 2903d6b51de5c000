"""The whole-case commands in process: demo, report, towns, export, import, delete."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.support.cli import run


@pytest.fixture
def dbfile(tmp_path: Path) -> str:
    return str(tmp_path / "cli.sqlite3")


def test_demo_writes_the_report(tmp_path: Path, dbfile: str) -> None:
    out = tmp_path / "report.html"
    result = run("demo", "--db", dbfile, "--output", str(out), "--format", "json")
    data = json.loads(result.output)
    assert data["town"] == "velenje"
    assert data["counts"]["innovations"] == 21 and data["counts"]["symbol_types"] == 16
    html = out.read_text(encoding="utf-8")
    assert re.search(r'id="table3" data-innovations="21"', html)
    assert re.search(r'id="table1" data-categories="6" data-types="16"', html)
    text = run("demo", "--db", dbfile, "--output", str(out)).output.splitlines()
    assert text == [f"Loaded Velenje into sqlite:///{Path(dbfile).resolve()}", f"Wrote {out.resolve()}"]


def test_report_in_both_languages(tmp_path: Path, dbfile: str) -> None:
    run("demo", "--db", dbfile, "--output", str(tmp_path / "r.html"))
    run("report", "--db", dbfile, "--lang", "sl", "--output", str(tmp_path / "sl.html"))
    sl = (tmp_path / "sl.html").read_text(encoding="utf-8")
    assert "Preglednica 4: Razvrstitev problemov mesta" in sl
    assert "ranljivo, na dveh podjetjih temelječe gospodarstvo" in sl
    result = run("report", "--db", dbfile, "--lang", "de", "--output", str(tmp_path / "de.html"), code=2)
    assert "unknown language 'de'" in result.output
    assert not (tmp_path / "de.html").exists()


def test_towns_export_import_delete(tmp_path: Path, dbfile: str) -> None:
    run("demo", "--db", dbfile, "--output", str(tmp_path / "r.html"))
    listed = json.loads(run("towns", "--db", dbfile, "--format", "json").output)
    assert listed == [
        {
            "slug": "velenje",
            "name": "Velenje",
            "country": "Slovenia",
            "example": True,
            "symbols": 23,
            "narratives": 18,
            "innovations": 21,
            "problems": 10,
        }
    ]
    assert run("towns", "--db", dbfile, "--format", "csv").output == (
        "slug,name,country,example,symbols,narratives,innovations,problems\nvelenje,Velenje,Slovenia,true,23,18,21,10\n"
    )
    exported = json.loads(
        run(
            "export", "--db", dbfile, "--town", "velenje", "--output", str(tmp_path / "b.zip"), "--format", "json"
        ).output
    )
    assert exported == {"bundle": str((tmp_path / "b.zip").resolve())}
    other = str(tmp_path / "other.sqlite3")
    assert "Imported Velenje as velenje" in run("import", str(tmp_path / "b.zip"), "--db", other).output
    again = run("import", str(tmp_path / "b.zip"), "--db", other, code=2)
    assert "already exists" in again.output
    assert json.loads(
        run("import", str(tmp_path / "b.zip"), "--db", other, "--as", "velenje-2", "--format", "json").output
    ) == {"town": "velenje-2", "name": "Velenje"}
    two = json.loads(run("towns", "--db", other, "--format", "json").output)
    assert [t["slug"] for t in two] == ["velenje", "velenje-2"]
    ambiguous = run("report", "--db", other, "--output", str(tmp_path / "x.html"), code=2)
    assert "choose one with --town" in ambiguous.output
    assert "Deleted velenje-2" in run("delete", "velenje-2", "--db", other, "--yes").output
    deleted = run("delete", "velenje", "--db", other, "--yes", "--format", "csv").output
    assert list(csv.DictReader(io.StringIO(deleted))) == [{"deleted": "velenje"}]
    assert run("towns", "--db", other, "--format", "json").output == "[]\n"


def test_user_errors_are_one_line_without_traceback(tmp_path: Path, dbfile: str) -> None:
    result = run("report", "--db", dbfile, "--town", "zwickau", code=5)
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["Error: unknown town 'zwickau' (towns in this database: none)"]
    result = run("towns", "--db", "postgresql://nobody:s3cret@127.0.0.1:1/none", code=4)
    assert result.stderr.startswith("Error: cannot reach database postgresql+psycopg://nobody:***@127.0.0.1:1/none")
    assert "Traceback" not in result.output and "s3cret" not in result.output
    result = run("import", str(tmp_path / "missing.zip"), "--db", dbfile, code=3)
    assert "no such bundle" in result.stderr


def test_help_of_every_case_command() -> None:
    for command in (
        ["--help"],
        ["demo", "--help"],
        ["report", "--help"],
        ["serve", "--help"],
        ["export", "--help"],
        ["import", "--help"],
        ["delete", "--help"],
        ["towns", "--help"],
    ):
        assert "Usage" in run(*command).output


def test_env_var_selects_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNPATHS_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    run("demo", "--output", str(tmp_path / "r.html"))
    assert (tmp_path / "env.sqlite3").exists()


def test_report_format_chooses_the_file_format(tmp_path: Path, dbfile: str, monkeypatch: pytest.MonkeyPatch) -> None:
    run("demo", "--db", dbfile, "--output", str(tmp_path / "r.html"))
    monkeypatch.chdir(tmp_path)
    assert run("report", "--db", dbfile, "--format", "pdf").output == "Wrote report.pdf\n"
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    result = run("report", "--db", dbfile, "--lang", "sl", "--format", "docx", "--output", "porocilo.docx")
    assert result.output == "Wrote porocilo.docx\n"
    assert (tmp_path / "porocilo.docx").read_bytes().startswith(b"PK\x03\x04")
    assert run("report", "--db", dbfile, "--format", "html", "--output", "plain").output == "Wrote plain\n"
    assert (tmp_path / "plain").read_text(encoding="utf-8").startswith("<!doctype html>")
    # table, json and csv print the result, as everywhere; the file's format then comes from the suffix
    printed = json.loads(run("report", "--db", dbfile, "--output", "r.docx", "--format", "json").output)
    assert printed == {"report": str(tmp_path / "r.docx"), "lang": "en", "format": "docx"}


def test_report_format_and_suffix_must_agree(tmp_path: Path, dbfile: str) -> None:
    run("demo", "--db", dbfile, "--output", str(tmp_path / "r.html"))
    out = tmp_path / "report.html"
    result = run("report", "--db", dbfile, "--format", "pdf", "--output", out, code=3)
    assert result.stderr == f"Error: {out}: the suffix says html but --format says pdf\n"
    txt = tmp_path / "report.txt"
    result = run("report", "--db", dbfile, "--output", txt, code=3)
    assert (
        result.stderr
        == f"Error: {txt}: cannot tell the report's format from the suffix (use .html, .htm, .pdf, .docx)\n"
    )
    result = run("report", "--db", dbfile, "--format", "odt", code=2)
    assert "'odt' is not one of" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cli.sqlite3", "r.html"]
