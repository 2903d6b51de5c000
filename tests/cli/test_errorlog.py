"""Internal errors of a command: one line saying so (what, where, why), the traceback in the error
log, exit code 70, and the database as it was; Ctrl-C: one line, exit code 130."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli import toy_study
from townpaths.cases.towns import list_towns
from townpaths.cli import errorlog
from townpaths.cli.main import build_cli
from townpaths.registry import default_registry
from townpaths.storage import Database


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "state" / "townpaths-error.log"
    monkeypatch.setenv("TOWNPATHS_ERROR_LOG", str(path))
    return path


def _towns(db: Database) -> list[str]:
    return [t["slug"] for t in list_towns(db)]


def test_a_bug_is_one_line_its_traceback_in_the_log_and_nothing_saved(velenje: Database, log: Path) -> None:
    cli = build_cli(default_registry().with_studies(toy_study.STUDY))
    result = CliRunner().invoke(cli, ["toy", "average", "--db", velenje.url])
    line = next(
        n for n, text in enumerate(Path(toy_study.__file__).read_text().splitlines(), 1) if "100 / symbols" in text
    )
    assert (result.exit_code, result.stdout) == (70, "")
    assert result.stderr == (
        f"Error: internal error in `townpaths toy average` (ZeroDivisionError: division by zero, at "
        f"tests/cli/toy_study.py:{line}); nothing was saved. This is a bug in townpaths: please report it; "
        f"the traceback is in {log}\n"
    )
    entry = log.read_text()
    assert re.match(r"=== \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 townpaths \S+, Python 3\.\d+", entry)
    assert "command: townpaths toy average\nTraceback (most recent call last):\n" in entry
    assert entry.rstrip().endswith("ZeroDivisionError: division by zero")
    assert _towns(velenje) == ["velenje"]  # the town it saved first was rolled back


def test_ctrl_c_is_one_line_and_nothing_is_saved(velenje_sqlite: Database, log: Path) -> None:
    cli = build_cli(default_registry().with_studies(toy_study.STUDY))
    result = CliRunner().invoke(cli, ["toy", "wait", "--db", velenje_sqlite.url])
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "Error: interrupted; nothing was saved\n")
    assert not log.exists()
    assert _towns(velenje_sqlite) == ["velenje"]


def test_where_the_log_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOWNPATHS_ERROR_LOG", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert errorlog.error_log_path() == tmp_path / "xdg" / "townpaths" / "townpaths-error.log"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert errorlog.error_log_path() == tmp_path / "home" / ".local" / "state" / "townpaths" / "townpaths-error.log"
    monkeypatch.setenv("TOWNPATHS_ERROR_LOG", "~/errors.log")
    assert errorlog.error_log_path() == tmp_path / "home" / "errors.log"


def test_a_log_that_cannot_be_written_falls_back_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TOWNPATHS_ERROR_LOG", str(blocker / "townpaths-error.log"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    try:
        raise ValueError("a bug")
    except ValueError as exc:
        written = errorlog.write_entry(exc, "townpaths x")
    assert written is not None
    assert written == tmp_path / "tmp" / "townpaths-error.log"
    assert "ValueError: a bug" in written.read_text()


def test_a_long_log_is_moved_aside_first(log: Path) -> None:
    log.parent.mkdir(parents=True)
    log.write_text("x" * (errorlog.MAX_LOG_BYTES + 1))
    try:
        raise KeyError("k")
    except KeyError as exc:
        written = errorlog.write_entry(exc, "townpaths y")
    assert written == log
    assert log.with_name("townpaths-error.log.1").stat().st_size == errorlog.MAX_LOG_BYTES + 1
    assert log.read_text().startswith("=== ")
    assert errorlog.summary(KeyError(), "townpaths y", None).endswith("no error log could be written")
