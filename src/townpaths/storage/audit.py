"""The audit log's mechanism: who changed which record, when, from what to what.

Who. The current actor lives in a context variable: :func:`acting_as` sets it for a block (the CLI
for each command, the web app for each request), :func:`current_actor` reads it. Without one the
actor is :data:`SYSTEM` (the Python API, migrations, tests). An actor source may be a callable,
resolved when a change is recorded: the web layer passes one that reads the request's signed-in
user, whenever the request learns it.

What. :func:`install` puts two listeners on a :class:`~townpaths.storage.db.Database`'s sessions:

* after every flush, each inserted, updated or deleted ORM row of a recorded table (every case
  table, ``towns``, ``users`` and ``town_roles``; not :data:`NOT_RECORDED`) becomes one
  ``audit_log`` row: the actor, the time, the town, the table, the record's id and the values
  before and after (for an update, only the columns that changed). Values are made JSON-safe:
  dates as ISO text, binary as its length and SHA-256, the interviewees' words
  (:data:`DIGESTED`: transcripts and the quotes kept with segments) as length and SHA-256 too, so
  that deleting a transcript (or withdrawing consent) leaves no copy of it in the log; secrets
  (:data:`SECRET`) only as ``"[secret]"``;
* every INSERT, UPDATE or DELETE statement run through a session (Core or ORM bulk statements,
  which bypass the unit of work) becomes one entry with the number of rows.

Bulk operations (a bundle import, a town's deletion, the Velenje load, a scan) wrap their work in
:func:`bulk`: inside it nothing is recorded row by row, the rows are counted per table, and one
summary entry is written at the end. :func:`record` writes any other explicit entry.

Not recorded row by row: a live workshop's traffic (ballots, participants, groups, members,
worksheet ideas, dots and the event sequence; many rows a minute, and the participants' data),
and the server's own bookkeeping (the log itself, rate limits, instance settings). A workshop's
lifecycle is recorded (its row is created, changed when rounds open and close and when it ends,
and deleted). Rows removed by the database itself (``ON DELETE CASCADE``) are not listed one by one.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.state import InstanceState
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, ColumnElement
from sqlalchemy.sql.schema import Column

from townpaths.storage.models import AuditEntry, Town

# --- who ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who makes changes: an account's email (with its id), ``cli:<OS user>``, ``system`` or
    ``anonymous``. ``user_id``, when set, must be an existing account."""

    label: str
    user_id: int | None = None


SYSTEM = Actor("system")
ANONYMOUS = Actor("anonymous")

#: An actor, or a function giving it when a change is recorded.
ActorSource = Actor | Callable[[], Actor]

_actor: ContextVar[ActorSource] = ContextVar("townpaths_audit_actor", default=SYSTEM)


def current_actor() -> Actor:
    source = _actor.get()
    return source() if callable(source) else source


@contextmanager
def acting_as(actor: ActorSource) -> Iterator[None]:
    """Changes made inside the block are recorded as ``actor``'s."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def cli_actor() -> Actor:
    """The person at the terminal: ``cli:<OS user>``."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment nor in the password database
        name = "unknown"
    return Actor(f"cli:{name}")


def user_actor(user: object | None) -> Actor:
    """A signed-in account (anything with ``id`` and ``email``), or :data:`ANONYMOUS` for ``None``."""
    if user is None:
        return ANONYMOUS
    user_id = getattr(user, "id", None)
    email = getattr(user, "email", None)
    return Actor(str(email or f"user {user_id}"), user_id if isinstance(user_id, int) else None)


# --- what -----------------------------------------------------------------------------------------

#: Tables whose rows are not recorded one by one: live workshop traffic, server bookkeeping and the
#: search vocabulary (derived from the texts, whose changes are recorded).
NOT_RECORDED = frozenset(
    {
        "ballots",
        "workshop_participants",
        "workshop_events",
        "workshop_groups",
        "workshop_members",
        "worksheet_ideas",
        "idea_dots",
        "audit_log",
        "rate_limits",
        "instance_settings",
        "search_words",
    }
)
#: (table, column) recorded only as length and SHA-256: the interviewees' words, and the text
#: extracted from a document file (large, and the file itself is recorded the same way).
DIGESTED = frozenset(
    {
        ("interviews", "text"),
        ("coded_segments", "quote"),
        ("coded_segments", "context_before"),
        ("coded_segments", "context_after"),
        ("documents", "text"),
    }
)
#: (table, column) never recorded: a value shows as ``"[secret]"``.
SECRET = frozenset(
    {
        ("users", "password_hash"),
        ("users", "password_token_hash"),
        ("workshops", "admin_secret_hash"),
        ("workshops", "secret_salt"),
    }
)
#: (table, column) of sign-in bookkeeping: left out, and a change of only these is no entry.
IGNORED = frozenset({("users", "failed_logins"), ("users", "locked_until"), ("users", "last_login_at")})
SECRET_VALUE = "[secret]"
#: The value before an update when it was not loaded (changed without being read first).
UNKNOWN_VALUE = "[unknown]"

#: Actions of row entries and statement entries.
INSERT, UPDATE, DELETE = "insert", "update", "delete"


def digest(value: str | bytes) -> dict[str, Any]:
    """Length and SHA-256 instead of the value (characters of a text, bytes of binary)."""
    if isinstance(value, str):
        return {"chars": len(value), "sha256": hashlib.sha256(value.encode("utf-8")).hexdigest()}
    return {"bytes": len(value), "sha256": hashlib.sha256(value).hexdigest()}


def jsonable(value: Any) -> Any:
    """A column value as JSON: dates as ISO text (UTC for times), binary as :func:`digest`."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return digest(bytes(value))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


def shown(table: str, column: str, value: Any) -> Any:
    """What the log keeps of ``value`` in ``table.column``."""
    if value is None:
        return None
    if (table, column) in SECRET:
        return SECRET_VALUE
    if (table, column) in DIGESTED and isinstance(value, str | bytes):
        return digest(value)
    return jsonable(value)


# --- bulk operations and explicit entries ---------------------------------------------------------

_BULK = "townpaths.audit.bulk"


@dataclass
class Bulk:
    """A bulk operation in progress: rows counted per table and kind; ``town`` may be set (or
    changed) inside the block, e.g. to the town an import has just created."""

    action: str
    town: Town | int | None = None
    town_slug: str | None = None
    note: str | None = None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, table: str, kind: str, rows: int) -> None:
        if rows <= 0:
            return
        per_table = self.counts.setdefault(table, {})
        per_table[kind] = per_table.get(kind, 0) + rows


@contextmanager
def bulk(
    session: Session,
    action: str,
    *,
    town: Town | int | None = None,
    town_slug: str | None = None,
    note: str | None = None,
) -> Iterator[Bulk]:
    """Inside the block rows are counted, not recorded one by one; at the end (on success) one
    entry ``action`` records the counts: ``{"rows": {table: {"insert": n, ...}}}`` (no entry when
    nothing changed)."""
    scope = Bulk(action, town, town_slug, note)
    stack: list[Bulk] = session.info.setdefault(_BULK, [])
    stack.append(scope)
    try:
        yield scope
        session.flush()
    finally:
        stack.remove(scope)
    if not scope.counts:
        return
    record(
        session,
        action,
        town=scope.town,
        town_slug=scope.town_slug,
        after={"rows": {t: dict(sorted(c.items())) for t, c in sorted(scope.counts.items())}},
        note=scope.note,
    )


def _innermost(session: Session) -> Bulk | None:
    stack: list[Bulk] = session.info.get(_BULK) or []
    return stack[-1] if stack else None


def record(
    session: Session,
    action: str,
    *,
    town: Town | int | None = None,
    town_slug: str | None = None,
    table: str | None = None,
    record_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> None:
    """Write one entry now, in the session's transaction. ``town`` is a town or its id; a town
    that no longer exists (just deleted) is kept by ``town_slug`` only."""
    town_id = town.id if isinstance(town, Town) else town
    slugs = _slugs(session, {town_id} if town_id is not None else set())
    if town_id is not None and town_id not in slugs:
        town_id = None
    if town_slug is None and town_id is not None:
        town_slug = slugs[town_id]
    if town_slug is None and isinstance(town, Town):
        town_slug = town.slug
    actor = current_actor()
    session.connection().execute(
        insert(AuditEntry.__table__),
        [
            {
                "at": dt.datetime.now(dt.UTC),
                "user_id": actor.user_id,
                "actor": actor.label[:254],
                "town_id": town_id,
                "town_slug": town_slug,
                "action": action[:40],
                "table_name": table,
                "record_id": record_id,
                "before": jsonable(before) if before is not None else None,
                "after": jsonable(after) if after is not None else None,
                "note": note,
            }
        ],
    )


def _slugs(session: Session, town_ids: set[int]) -> dict[int, str]:
    """Slugs of the towns that exist now (in this transaction)."""
    if not town_ids:
        return {}
    rows = session.connection().execute(select(Town.id, Town.slug).where(Town.id.in_(town_ids)))
    return {row.id: row.slug for row in rows}


# --- the listeners --------------------------------------------------------------------------------


def _table_of(state: InstanceState[Any]) -> str:
    return str(getattr(state.mapper.local_table, "name", ""))


def _columns(state: InstanceState[Any]) -> Iterator[tuple[str, str]]:
    """(attribute key, column name) of the mapped columns."""
    for prop in state.mapper.column_attrs:
        column = prop.columns[0]
        if isinstance(column, Column):
            yield prop.key, column.name


def _values(state: InstanceState[Any], table: str) -> dict[str, Any]:
    """The loaded column values (nothing is loaded: the flush is under way)."""
    out = {}
    for key, name in _columns(state):
        if key in state.dict and (table, name) not in IGNORED:
            out[name] = shown(table, name, state.dict[key])
    return out


def _changes(state: InstanceState[Any], table: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The columns an update changed: (before, after)."""
    before, after = {}, {}
    for key, name in _columns(state):
        if (table, name) in IGNORED:
            continue
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        new = history.added[0] if history.added else None
        if not history.deleted:
            before[name], after[name] = UNKNOWN_VALUE, shown(table, name, new)
            continue
        old = history.deleted[0]
        if old == new and type(old) is type(new):
            continue
        before[name], after[name] = shown(table, name, old), shown(table, name, new)
    return before, after


def _record_id(state: InstanceState[Any]) -> int | None:
    key = state.identity
    value = key[0] if key and len(key) == 1 else state.dict.get("id")
    return value if isinstance(value, int) else None


def _town_id(state: InstanceState[Any], table: str, deleted: bool) -> int | None:
    if table == "towns":
        return None if deleted else _record_id(state)
    value = state.dict.get("town_id")
    return value if isinstance(value, int) else None


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    scope = _innermost(session)
    found: list[tuple[str, InstanceState[Any], str]] = []
    for kind, objects in ((INSERT, session.new), (UPDATE, session.dirty), (DELETE, session.deleted)):
        rows = [(kind, state, _table_of(state)) for state in (inspect(obj) for obj in objects)]
        rows = [row for row in rows if row[2] and row[2] not in NOT_RECORDED]
        if kind != INSERT:  # inserts keep the order they were added in; the rest: by table and id
            rows.sort(key=lambda row: (row[2], _record_id(row[1]) or 0))
        found.extend(rows)
    if not found:
        return
    entries: list[dict[str, Any]] = []
    for kind, state, table in found:
        before: dict[str, Any] | None = None
        after: dict[str, Any] | None = None
        if kind == INSERT:
            after = _values(state, table)
        elif kind == DELETE:
            before = _values(state, table)
        else:
            before, after = _changes(state, table)
            if not after:
                continue
        if scope is not None:
            scope.count(table, kind, 1)
            continue
        entries.append(
            {
                "action": kind,
                "table_name": table,
                "record_id": _record_id(state),
                "town_id": _town_id(state, table, kind == DELETE),
                "town_slug": state.dict.get("slug") if table == "towns" else None,
                "before": before,
                "after": after,
            }
        )
    if entries:
        _write(session, entries)


def _write(session: Session, entries: list[dict[str, Any]]) -> None:
    slugs = _slugs(session, {e["town_id"] for e in entries if e["town_id"] is not None})
    actor = current_actor()
    now = dt.datetime.now(dt.UTC)
    for entry in entries:
        if entry["town_id"] is not None and entry["town_id"] not in slugs:
            entry["town_id"] = None  # the town is being deleted in this flush
        entry["town_slug"] = slugs.get(entry["town_id"]) if entry["town_id"] is not None else entry["town_slug"]
        entry.update(at=now, user_id=actor.user_id, actor=actor.label[:254], note=None)
    session.connection().execute(insert(AuditEntry.__table__), entries)


def _statement_town(statement: Any, parameters: Any) -> int | None:
    """The town a DML statement works on: its ``town_id`` value or condition, if it has one."""
    first = parameters[0] if isinstance(parameters, list) and parameters else parameters
    if isinstance(first, Mapping) and isinstance(first.get("town_id"), int):
        return int(first["town_id"])
    values = getattr(statement, "_values", None) or {}
    for key, value in values.items():
        if getattr(key, "name", key) == "town_id" and isinstance(value, BindParameter):
            found = value.effective_value
            return found if isinstance(found, int) else None
    where = getattr(statement, "whereclause", None)
    if isinstance(where, ColumnElement):
        for element in visitors.iterate(where):
            if (
                isinstance(element, BinaryExpression)
                and isinstance(element.left, Column)
                and element.left.name == "town_id"
                and isinstance(element.right, BindParameter)
            ):
                found = element.right.effective_value
                return found if isinstance(found, int) else None
    return None


def _on_execute(state: ORMExecuteState) -> Any:
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = str(getattr(getattr(state.statement, "table", None), "name", "") or "")
    if not table or table in NOT_RECORDED:
        return None
    result = state.invoke_statement()
    kind = INSERT if state.is_insert else UPDATE if state.is_update else DELETE
    if kind == INSERT:
        parameters = state.parameters
        rows = len(parameters) if isinstance(parameters, list) else 1
    else:
        rows = max(int(getattr(result, "rowcount", 0) or 0), 0)
    session = state.session
    scope = _innermost(session)
    if scope is not None:
        scope.count(table, kind, rows)
    elif rows:
        town_id = _statement_town(state.statement, state.parameters)
        record(session, kind, town=town_id, table=table, after={"rows": rows}, note="one statement")
    return result


def install(sessions: sessionmaker[Session]) -> None:
    """Record the changes made through ``sessions`` (done by :class:`~townpaths.storage.db.Database`)."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)
