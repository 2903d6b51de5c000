"""The root command: the real console script once, the error guard on every command, plug-ins."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.cli import toy_study
from tests.support.cli import run
from townpaths.cli.common import commands
from townpaths.cli.main import app, build_cli
from townpaths.registry import default_registry
from townpaths.storage import Database


def test_console_script_runs_the_main_job(tmp_path: Path) -> None:
    """The installed entry point, in a fresh folder, as a user types it (the one CLI test in a subprocess)."""
    exe = Path(sys.executable).with_name("townpaths")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "townpaths.cli.main"]
    proc = subprocess.run([*cmd, "demo"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"Loaded Velenje into sqlite:///{tmp_path.resolve() / 'townpaths.sqlite3'}",
        f"Wrote {tmp_path.resolve() / 'report.html'}",
    ]
    assert (tmp_path / "report.html").stat().st_size > 10_000


def test_every_command_turns_user_errors_into_one_line() -> None:
    found = dict(commands(app))
    assert len(found) >= 40
    assert {("qda", "codebook", "export"), ("db", "upgrade"), ("workshop", "export"), ("formats",)} <= set(found)
    assert [
        words for words, callback in found.items() if not getattr(callback, "__townpaths_user_errors__", False)
    ] == []


def test_a_plug_in_command_in_a_sub_app_gets_the_guard_too() -> None:
    cli = build_cli(default_registry().with_studies(toy_study.STUDY))
    result = CliRunner().invoke(cli, ["toy", "find", "bear"])
    assert (result.exit_code, result.stdout, result.stderr) == (5, "", "Error: no toy named 'bear'\n")


def test_a_file_the_system_refuses_is_one_line(velenje_sqlite: Database, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "s.geojson"
    result = run("symbols", "export", "--output", missing, "--db", velenje_sqlite.url, code=2)
    assert (result.stdout, result.stderr) == ("", f"Error: {missing}: No such file or directory\n")
    folder = tmp_path / "report.html"  # a report's name (the format comes from the suffix), but a folder
    folder.mkdir()
    result = run("report", "--output", folder, "--db", velenje_sqlite.url, code=2)
    assert result.stderr == f"Error: {folder}: Is a directory\n"
