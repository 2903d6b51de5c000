"""The fuzzing suite's ground: a database with the Velenje case on SQLite and on PostgreSQL, built
once per module with its snapshot (every row of every table); each test gets a fresh copy of it
(a file copy, a PostgreSQL template copy), so one case that writes cannot hide another. The error
log of internal errors points into the test's folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import MetaData
from sqlalchemy.engine import make_url

from tests.support.snapshot import Snapshot, snapshot
from townpaths.cases.towns import load_velenje
from townpaths.storage import Database


@dataclass
class Base:
    kind: str
    url: str
    meta: MetaData
    snapshot: Snapshot
    file: Path | None = None


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fuzz_base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Base:
    """The Velenje case in a database of each kind, and its snapshot."""
    file = None
    if request.param == "sqlite":
        file = tmp_path_factory.mktemp("fuzz") / "base.sqlite3"
        url = f"sqlite:///{file}"
    else:
        url = request.getfixturevalue("pg_server").create_database("fuzzbase")
    db = Database(url)
    load_velenje(db)
    meta = MetaData()
    meta.reflect(db.engine)
    base = Base(request.param, url, meta, snapshot(db, meta), file)
    db.dispose()
    return base


@pytest.fixture
def fuzz_db(fuzz_base: Base, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh copy of the base database for one test."""
    if fuzz_base.file is not None:
        copy = tmp_path / "case.sqlite3"
        shutil.copyfile(fuzz_base.file, copy)
        url = f"sqlite:///{copy}"
    else:
        import psycopg

        server = request.getfixturevalue("pg_server")
        base = make_url(fuzz_base.url).database
        name = f"{base}_{request.node.name.__hash__() & 0xFFFFFFF:x}"
        with psycopg.connect(f"host={server.host} port={server.port} user={server.user} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
        url = server.url(name)
    db = Database(url, upgrade=False)
    yield db
    db.dispose()
    if fuzz_base.file is None:
        with psycopg.connect(f"host={server.host} port={server.port} user={server.user} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def error_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Internal errors write their traceback here; a hostile input must never cause one."""
    log = tmp_path / "townpaths-error.log"
    monkeypatch.setenv("TOWNPATHS_ERROR_LOG", str(log))
    yield log
