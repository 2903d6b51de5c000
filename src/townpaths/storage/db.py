"""The database: URL resolution, engine, transactions and migrations.

Every other module reaches the database through :class:`Database`. A unit of work is
``with db.transaction() as session:``; it commits at the end or rolls back on error, so an
import that fails half-way writes nothing.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Integer, String, create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as SqlDatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, NullPool

from townpaths.core.errors import DatabaseError, InputError
from townpaths.core.values import text_problem
from townpaths.storage import audit

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_SQLITE_FILE = "townpaths.sqlite3"
MIGRATIONS = Path(__file__).with_name("migrations")
#: Objects the migrations create outside the ORM models: the full-text search indexes (SQLite
#: FTS5 tables, PostgreSQL tsvector columns and their indexes) and the search vocabulary
#: (:mod:`townpaths.storage.search`) and the versions of the towns' coding (:mod:`townpaths.storage.revisions`).
UNMODELLED = re.compile(r"(_fts(_\w+)?|search_vector|search_words|coding_revisions)$")
#: The database systems townpaths works with.
DIALECTS = ("sqlite", "postgresql")


def is_modelled(name: str | None, type_: str, parent_names: dict[str, str | None] | None = None) -> bool:
    """False for the search objects of :data:`UNMODELLED` (Alembic's ``include_name`` hook)."""
    return name is None or not UNMODELLED.search(name)


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """``--db`` value -> SQLAlchemy URL. Accepts a URL, a file path (SQLite) or nothing
    (``TOWNPATHS_DATABASE_URL``, else ``./townpaths.sqlite3``)."""
    value = os.fspath(db) if db is not None else os.environ.get("TOWNPATHS_DATABASE_URL")
    if not value:
        value = DEFAULT_SQLITE_FILE
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    if value.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL + NORMAL: no fsync per commit (the WAL is synced at checkpoints); the database stays
    # consistent on a crash, only the last commits before a power loss can be lost.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


#: The largest integer a column holds (64 bits, signed), on SQLite and PostgreSQL alike.
MAX_INTEGER = 2**63 - 1
#: The largest id of a row: ids are INTEGER columns, 32 bits on PostgreSQL (SQLite would take more,
#: so both refuse a larger one to look up, with the same answer).
MAX_ID = 2**31 - 1


def check_value(table: str, column: str, value: Any, length: int | None = None, integer: bool = False) -> None:
    """Refuse what one of the two databases would refuse, on both: a NUL character (PostgreSQL
    cannot store it) or a lone surrogate (neither driver can encode it), text longer than its column
    (SQLite would store it), an integer beyond 64 bits (neither can store it)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise InputError("NUL characters are not allowed", field=f"{table}.{column}")
        problem = text_problem(value)
        if problem is not None:
            raise InputError(problem, field=f"{table}.{column}")
        if length is not None and len(value) > length:
            raise InputError(f"at most {length} characters", field=f"{table}.{column}", value=value)
    elif integer and isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
        raise InputError("number too large", field=f"{table}.{column}", value=value)


def _check_flush(session: Session, _context: object, _instances: object) -> None:
    """Before rows are written through the ORM: :func:`check_value` on every new or changed row."""
    for obj in (*session.new, *session.dirty):
        mapper = inspect(obj).mapper
        for column in mapper.columns:
            value = getattr(obj, mapper.get_property_by_column(column).key, None)
            if value is None:
                continue
            kind = column.type
            length = kind.length if isinstance(kind, String) else None
            check_value(column.table.name, column.name, value, length, isinstance(kind, Integer | BigInteger))


def _refused_value(exc: DataError) -> InputError:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "value not accepted"
    return InputError(f"the database refused a value: {reason}")


def _reason(exc: DBAPIError) -> str:
    """The first line of what the database driver said."""
    text = str(exc.orig).strip() if exc.orig is not None else str(exc)
    return text.splitlines()[0] if text else exc.__class__.__name__


def _check_sqlite_file(path: Path) -> None:
    """An SQLite database is a regular file in an existing folder (or does not exist yet)."""
    if path.is_dir():
        raise DatabaseError(f"cannot open database {path}: it is a folder, not a database file")
    if path.exists() and not path.is_file():
        raise DatabaseError(f"cannot open database {path}: not a regular file (a device or a pipe)")
    if not path.parent.is_dir():
        raise DatabaseError(f"cannot open database {path}: folder {path.parent} does not exist")


class Database:
    """One database (SQLite file or PostgreSQL server) holding any number of towns."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, upgrade: bool = True) -> None:
        self.url = resolve_url(db)
        hidden = re.sub(r"://[^/@]*@", "://***@", self.url)  # a password is never shown
        try:
            url = make_url(self.url)
        except (ArgumentError, ValueError):
            raise DatabaseError(f"not a database URL: {hidden!r}") from None
        self.dialect = url.get_backend_name()
        if self.dialect not in DIALECTS:
            raise DatabaseError(f"not a database URL townpaths can use (SQLite or PostgreSQL): {hidden!r}")
        kwargs: dict[str, object] = {"future": True}
        self._held: sqlite3.Connection | None = None
        self._write_lock = threading.RLock()
        if self.dialect == "sqlite":
            if url.database and url.database != ":memory:":
                _check_sqlite_file(Path(url.database))
                # A fresh connection per transaction: a pooled pysqlite connection can keep a
                # statement active and with it an old WAL snapshot, so under concurrent web
                # requests a later transaction on it would miss recent commits (stale reads,
                # "database is locked" on write). Opening an SQLite file is cheap.
                kwargs["poolclass"] = NullPool
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (ImportError, NoSuchModuleError) as exc:
            raise DatabaseError(
                f"cannot use database {self.display_url}: its driver is not installed ({exc})"
            ) from None
        except ArgumentError:  # no such database driver
            raise DatabaseError(f"not a database URL townpaths can use (SQLite or PostgreSQL): {hidden!r}") from None
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            except DBAPIError as exc:
                raise DatabaseError(f"cannot open database {self.display_url}: {_reason(exc)}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _check_flush)
        audit.install(self._sessions)
        if upgrade:
            self.upgrade()

    @property
    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def _alembic_config(self) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["engine"] = self.engine
        return cfg

    def upgrade(self, revision: str = "head") -> None:
        """Apply the Alembic migrations up to ``revision`` (idempotent)."""
        self._migrate("upgrade", revision)

    def _migrate(self, direction: str, revision: str) -> None:
        """Run Alembic's ``upgrade`` or ``downgrade`` to ``revision`` in one transaction. On SQLite,
        foreign keys are off meanwhile (SQLite alters a table by copying it and dropping the old one,
        and a dropped table's rows would take their children with them, ON DELETE CASCADE) and
        checked before the commit, as SQLite's documentation describes for schema changes."""
        from alembic import command
        from alembic.util import CommandError

        sqlite = self.dialect == "sqlite"
        try:
            with self.engine.connect() as conn:
                if sqlite:  # outside a transaction: SQLite ignores the pragma inside one
                    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                    conn.commit()
                try:
                    with conn.begin():
                        cfg = self._alembic_config()
                        cfg.attributes["connection"] = conn
                        getattr(command, direction)(cfg, revision)
                        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() if sqlite else []
                        if broken:
                            raise DatabaseError(
                                f"the migration left {len(broken)} row(s) pointing nowhere: {broken[0]}"
                            )
                finally:
                    if sqlite:
                        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                        conn.commit()
        except OperationalError as exc:
            raise DatabaseError(f"cannot reach database {self.display_url}: {_reason(exc)}") from None
        except SqlDatabaseError as exc:  # SQLite: "file is not a database"
            raise DatabaseError(f"cannot use database {self.display_url}: {_reason(exc)}") from None
        except CommandError as exc:  # a revision this townpaths does not know (a newer version's database)
            raise DatabaseError(f"cannot upgrade database {self.display_url}: {exc}") from None

    def head_revision(self) -> str:
        """The newest revision this version of townpaths knows."""
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self._alembic_config()).get_current_head()
        if head is None:
            raise DatabaseError("townpaths has no migrations")
        return head

    def knows_revision(self, revision: str) -> bool:
        """Is ``revision`` one of the migrations of this version of townpaths?"""
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        try:
            return ScriptDirectory.from_config(self._alembic_config()).get_revision(revision) is not None
        except CommandError:
            return False

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error. Its changes
        are recorded in the audit log (:mod:`townpaths.storage.audit`)."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseError(f"database {self.display_url}: {reason}") from None
        except DataError as exc:  # PostgreSQL: a NUL character, a number out of range...
            raise _refused_value(exc) from None
        except OverflowError as exc:
            if "SQLite INTEGER" not in str(exc):
                raise
            raise InputError("number too large for the database") from None
        finally:
            session.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around a transaction that writes, in a process where threads write at once (a server): on
        SQLite, which takes one writer at a time, the writers of this process queue on a lock, which is
        much faster than colliding and backing off in SQLite's busy handler. Nothing on PostgreSQL."""
        with self._write_lock if self.dialect == "sqlite" else nullcontext():
            yield

    def hold_open(self) -> None:
        """Keep one idle connection to an SQLite file open while this process uses it (a server does).
        Every transaction opens a connection of its own, and the last connection to close
        checkpoints the write-ahead log and deletes it, so the next commit starts a new one: with
        one held open, a transaction's close costs nothing and the log is checkpointed only as it
        grows (every 1,000 pages). Nothing for PostgreSQL or an in-memory database."""
        url = make_url(self.url)
        if self.dialect != "sqlite" or not url.database or url.database == ":memory:" or self._held is not None:
            return
        self._held = sqlite3.connect(url.database, check_same_thread=False)
        self._held.execute("SELECT count(*) FROM sqlite_master").fetchall()  # a read attaches it to the log

    def dispose(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None
        self.engine.dispose()
