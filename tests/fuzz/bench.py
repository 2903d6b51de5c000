"""The fuzzing suite's databases: the base (the Velenje case and its snapshot, per kind of
database) and the work copy the tests of a module run on."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData
from sqlalchemy.engine import make_url

from tests.support.snapshot import Snapshot, differences, snapshot
from townpaths.storage import Database

#: The kinds of database a test runs on (parametrize ``workbench`` indirectly with them).
KINDS = ("sqlite", "postgresql")


def on(kind: str, *values: object, id: str) -> object:
    """A parameter set for ``kind`` (PostgreSQL ones marked ``postgres``)."""
    marks = [pytest.mark.postgres] if kind == "postgresql" else []
    return pytest.param(kind, *values, marks=marks, id=f"{kind}-{id}")


@dataclass
class Base:
    kind: str
    url: str
    meta: MetaData
    snapshot: Snapshot
    file: Path | None = None


class Workbench:
    """The database the tests of a module run on: a copy of the base (a file copy on SQLite, a
    template copy on PostgreSQL), copied again only after a test changed it."""

    def __init__(self, base: Base, folder: Path, server: Any) -> None:
        self.base, self.folder, self.server = base, folder, server
        self.changed: list[str] | None = None
        self.url = self._copy()

    def _admin(self) -> Any:
        import psycopg

        s = self.server
        return psycopg.connect(f"host={s.host} port={s.port} user={s.user} dbname=postgres", autocommit=True)

    def _copy(self) -> str:
        if self.base.file is not None:
            copy = self.folder / "work.sqlite3"
            for suffix in ("-wal", "-shm"):
                copy.with_name(copy.name + suffix).unlink(missing_ok=True)
            shutil.copyfile(self.base.file, copy)
            return f"sqlite:///{copy}"
        base = make_url(self.base.url).database
        name = f"{base}_work"
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # FILE_COPY (PostgreSQL 15 and later) is the fast way for a small database
            strategy = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base}"{strategy}')
        url: str = self.server.url(name)
        return url

    def changes(self, db: Database) -> list[str]:
        """What a test changed in ``db`` (the work copy), table by table; remembered for the reset."""
        self.changed = differences(self.base.snapshot, snapshot(db, self.base.meta))
        return self.changed

    def reset_if_changed(self, db: Database) -> None:
        if self.changed is None:
            self.changes(db)
        if self.changed:
            self.url = self._copy()
        self.changed = None
