"""``townpaths backup`` and ``townpaths restore`` (the library is tested in tests/cases/test_backup.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import run
from townpaths.cases.towns import list_towns
from townpaths.storage import Database
from townpaths.storage.site import instance_secret


def test_backup_and_restore(tmp_path: Path) -> None:
    source = tmp_path / "a.sqlite3"
    run("demo", "--db", source, "--output", tmp_path / "r.html")
    secret = instance_secret(Database(source))
    rows = json.loads(run("backup", "--db", source, "--output", tmp_path / "first.zip", "--format", "json").stdout)
    assert rows["tables"]["towns"] == 1 and rows["tables"]["instance_settings"] == 1
    made = run("backup", "--db", source, "--output", tmp_path / "server.zip")
    total = rows["rows"] + 1  # the first backup is in the audit log now
    head = Database(source).head_revision()
    assert made.stdout == (
        f"Wrote {tmp_path / 'server.zip'}: towns 1, accounts 0, rows {total}, files 0 (schema revision {head})\n"
    )
    assert "secret" not in made.output.lower() and secret not in (tmp_path / "server.zip").name
    target = tmp_path / "b.sqlite3"
    restored = run("restore", tmp_path / "server.zip", "--db", target)
    assert restored.stdout == (
        f"Restored {tmp_path / 'server.zip'} into sqlite:///{target}: towns 1, accounts 0, rows {total}, "
        f"files 0 (schema revision {head})\n"
    )
    assert [t["slug"] for t in list_towns(Database(target))] == ["velenje"]
    assert instance_secret(Database(target)) == secret  # links and tokens of the old server still work
    again = run("restore", tmp_path / "server.zip", "--db", target, code=3)
    assert again.stderr == (
        f"Error: {tmp_path / 'server.zip'}: the database is not empty (rows in instance_settings, towns, audit_log, "
        "codebooks, coders): restore into a new database, or use --replace to delete everything in it first\n"
    )
    run("restore", tmp_path / "server.zip", "--db", target, "--replace")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("restore", "missing.zip"), "Error: missing.zip: no such backup\n"),
        (("backup", "--output", "."), "Error: .: is a folder: name the backup file\n"),
    ],
)
def test_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(*args, "--db", tmp_path / "x.sqlite3", code=3).stderr == message
