"""The fuzzing suite's fixtures: a database with the Velenje case on SQLite or PostgreSQL (the
kind a test is parametrized with, see :data:`tests.fuzz.bench.KINDS`), built once per module with
its snapshot (every row of every table); the tests run on a work copy of it, copied again only
after a test changed it, so one case that writes cannot hide another. The error log of internal
errors points into the test's folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData

from tests.fuzz.bench import Base, Workbench
from tests.support.snapshot import snapshot
from townpaths.cases.towns import load_velenje
from townpaths.storage import Database


@pytest.fixture(scope="session")
def fuzz_benches() -> dict[str, Workbench]:
    """One work bench per kind of database, built when a test first asks for that kind."""
    return {}


@pytest.fixture
def workbench(
    request: pytest.FixtureRequest, fuzz_benches: dict[str, Workbench], tmp_path_factory: pytest.TempPathFactory
) -> Workbench:
    """The work bench of the kind of database the test is parametrized with (``indirect``)."""
    kind = request.param
    if kind not in fuzz_benches:
        server = request.getfixturevalue("pg_server") if kind == "postgresql" else None
        fuzz_benches[kind] = Workbench(_base(kind, tmp_path_factory, server), tmp_path_factory.mktemp("work"), server)
    return fuzz_benches[kind]


def _base(kind: str, tmp_path_factory: pytest.TempPathFactory, server: Any) -> Base:
    """The Velenje case in a database of ``kind``, and its snapshot."""
    file = None
    if kind == "sqlite":
        file = tmp_path_factory.mktemp("fuzz") / "base.sqlite3"
        url = f"sqlite:///{file}"
    else:
        url = server.create_database("fuzzbase")
    db = Database(url)
    load_velenje(db)
    meta = MetaData()
    meta.reflect(db.engine)
    base = Base(kind, url, meta, snapshot(db, meta), file)
    db.dispose()
    return base


@pytest.fixture
def fuzz_db(workbench: Workbench) -> Iterator[Database]:
    """The module's copy of the base database, as the base was before the test (a test that
    changed it gets it copied again afterwards)."""
    db = Database(workbench.url, upgrade=False)
    yield db
    workbench.reset_if_changed(db)
    db.dispose()


@pytest.fixture(autouse=True)
def error_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Internal errors write their traceback here; a hostile input must never cause one."""
    log = tmp_path / "townpaths-error.log"
    monkeypatch.setenv("TOWNPATHS_ERROR_LOG", str(log))
    return log
