"""The CLI in-process (Typer's runner) and once as the real console script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from townpaths.cli.main import app

runner = CliRunner()


def run(*args: str, ok: bool = True):
    result = runner.invoke(app, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


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


def test_report_in_both_languages(tmp_path: Path, dbfile: str) -> None:
    run("demo", "--db", dbfile, "--output", str(tmp_path / "r.html"))
    run("report", "--db", dbfile, "--lang", "sl", "--output", str(tmp_path / "sl.html"))
    sl = (tmp_path / "sl.html").read_text(encoding="utf-8")
    assert "Preglednica 4: Razvrstitev problemov mesta" in sl
    assert "ranljivo, na dveh podjetjih temelječe gospodarstvo" in sl
    result = run("report", "--db", dbfile, "--lang", "de", "--output", str(tmp_path / "de.html"), ok=False)
    assert result.exit_code == 2
    assert "unknown language 'de'" in result.output


def test_towns_export_import_delete(tmp_path: Path, dbfile: str) -> None:
    run("demo", "--db", dbfile, "--output", str(tmp_path / "r.html"))
    listed = json.loads(run("towns", "--db", dbfile, "--format", "json").output)
    assert listed == [{"slug": "velenje", "name": "Velenje", "country": "Slovenia", "example": True,
                       "symbols": 23, "narratives": 18, "innovations": 21, "problems": 10}]
    exported = json.loads(run("export", "--db", dbfile, "--town", "velenje", "--output", str(tmp_path / "b.zip"),
                              "--format", "json").output)
    assert exported == {"bundle": str((tmp_path / "b.zip").resolve())}
    other = str(tmp_path / "other.sqlite3")
    assert "Imported Velenje as velenje" in run("import", str(tmp_path / "b.zip"), "--db", other).output
    again = run("import", str(tmp_path / "b.zip"), "--db", other, ok=False)
    assert again.exit_code == 2 and "already exists" in again.output
    assert json.loads(run("import", str(tmp_path / "b.zip"), "--db", other, "--as", "velenje-2", "--format",
                          "json").output) == {"town": "velenje-2", "name": "Velenje"}
    two = json.loads(run("towns", "--db", other, "--format", "json").output)
    assert [t["slug"] for t in two] == ["velenje", "velenje-2"]
    ambiguous = run("report", "--db", other, "--output", str(tmp_path / "x.html"), ok=False)
    assert "choose one with --town" in ambiguous.output
    assert "Deleted velenje-2" in run("delete", "velenje-2", "--db", other, "--yes").output


def test_user_errors_are_one_line_without_traceback(tmp_path: Path, dbfile: str) -> None:
    result = run("report", "--db", dbfile, "--town", "zwickau", ok=False)
    assert result.exit_code == 5
    assert result.output.strip().splitlines() == [
        "Error: unknown town 'zwickau' (towns in this database: none)"]
    result = run("towns", "--db", "postgresql://nobody@127.0.0.1:1/none", ok=False)
    assert result.exit_code == 4 and result.output.startswith("Error: cannot reach database")
    assert "Traceback" not in result.output
    result = run("import", str(tmp_path / "missing.zip"), "--db", dbfile, ok=False)
    assert result.exit_code == 3 and "no such bundle" in result.output


def test_db_upgrade_and_help(dbfile: str) -> None:
    data = json.loads(run("db", "upgrade", "--db", dbfile, "--format", "json").output)
    assert data["revision"] is not None and data["database"].endswith("cli.sqlite3")
    for command in (["--help"], ["demo", "--help"], ["report", "--help"], ["serve", "--help"], ["export", "--help"],
                    ["import", "--help"], ["db", "upgrade", "--help"], ["towns", "--help"]):
        assert "Usage" in run(*command).output


def test_env_var_selects_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNPATHS_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    run("demo", "--output", str(tmp_path / "r.html"))
    assert (tmp_path / "env.sqlite3").exists()


def test_console_script_runs_the_main_job(tmp_path: Path) -> None:
    """The installed entry point, in a fresh folder, as a user types it."""
    exe = Path(sys.executable).with_name("townpaths")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "townpaths.cli.main"]
    proc = subprocess.run([*cmd, "demo"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "report.html").stat().st_size > 10_000
    assert (tmp_path / "townpaths.sqlite3").exists()
