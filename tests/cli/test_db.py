"""``townpaths db upgrade``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import run


def test_upgrade_creates_the_schema_and_reports_the_revision(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    data = json.loads(run("db", "upgrade", "--db", db, "--format", "json").output)
    assert data == {"database": f"sqlite:///{db}", "revision": data["revision"]}
    assert data["revision"] is not None
    assert run("db", "upgrade", "--db", db).output == f"sqlite:///{db} is at revision {data['revision']}\n"
    assert run("db", "upgrade", "--db", db, "--format", "csv").output == (
        f"database,revision\nsqlite:///{db},{data['revision']}\n"
    )
    assert "Usage" in run("db", "upgrade", "--help").output
