"""A backup of a whole server, and its restore, between SQLite and PostgreSQL in either direction.

A backup is one ZIP file:

* ``backup.json``: the format, the schema revision, when it was made, the rows per table;
* ``tables/<table>.jsonl``: every row of the table, one JSON object a line, with the ids it had
  (dates and times as ISO 8601, times in UTC);
* ``files/<sha256>``: the binary values (photos, document files), which a row names as
  ``{"$file": "files/<sha256>"}``.

It holds everything: every town's case, the workshops, the accounts and their roles, the audit log
and the instance settings (the secret key that signs tokens and links among them, so links and
phones keep working on the restored server). Only the rate-limit counters are left out. Keep a
backup as safe as the database itself: it holds password hashes, transcripts and that key.

The rows are read in one transaction (a consistent snapshot while the server runs). A restore
goes into a new, empty database (or, with ``replace``, one whose rows it deletes first), all in
one transaction: the database is first brought to the backup's schema revision, the rows are
inserted with their ids, PostgreSQL's id sequences are moved past them, and the schema is then
upgraded to this version's newest revision. Both write an entry in the audit log (``backup``,
``restore``: who, when, the rows per table).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    LargeBinary,
    MetaData,
    Table,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy import update as sql_update

from townpaths.core.errors import InputError
from townpaths.formats.archive import SafeZip, ZipLimits
from townpaths.formats.encoding import decode_text
from townpaths.formats.files import atomic_path
from townpaths.formats.jsonsafe import load_json, parse_json
from townpaths.storage import Database, audit, search
from townpaths.storage.checks import check_types
from townpaths.storage.models import Base

FORMAT = "townpaths-backup"
VERSION = 1
MANIFEST = "backup.json"
#: Tables a backup leaves out: counters that only matter for the next minutes.
SKIPPED = frozenset({"rate_limits"})
LIMITS = ZipLimits(members=2_000_000, member_bytes=2 * 1024**3, total_bytes=256 * 1024**3, ratio=1000)
BATCH = 500
MAX_MANIFEST_BYTES = 1024**2
MAX_JSON_DEPTH = 64  # a row of a table (its JSON columns included)


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in SKIPPED]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@contextmanager
def _snapshot(db: Database) -> Iterator[Connection]:
    """A connection whose reads all see one moment of the database."""
    with db.engine.connect() as conn:
        if db.dialect == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        elif db.dialect == "sqlite":
            conn.exec_driver_sql("BEGIN")  # pysqlite would not begin a transaction before a SELECT
        try:
            yield conn
        finally:
            conn.rollback()


def write_backup(db: Database, output: Path) -> dict[str, Any]:
    """Write a backup of everything in ``db`` to ``output`` (a ZIP file, written whole or not at all)."""
    output = Path(output)
    if output.is_dir():
        raise InputError("is a folder: name the backup file", file=str(output))
    counts: dict[str, int] = {}
    files: set[str] = set()
    with atomic_path(output) as part, part.open("wb") as fh, _snapshot(db) as conn:
        zf = zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        try:
            revision = conn.scalar(text("SELECT version_num FROM alembic_version"))
            for table in _tables():
                binary = [c.name for c in table.c if isinstance(c.type, LargeBinary)]
                lines = []
                rows = conn.execution_options(yield_per=BATCH).execute(
                    select(table).order_by(*table.primary_key.columns)
                )
                for row in rows.mappings():
                    record = {k: _jsonable(v) for k, v in row.items()}
                    for name in binary:
                        value = record[name]
                        if value is not None:
                            digest = hashlib.sha256(value).hexdigest()
                            if digest not in files:
                                files.add(digest)
                                zf.writestr(f"files/{digest}", bytes(value))
                            record[name] = {"$file": f"files/{digest}"}
                    lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
                counts[table.name] = len(lines)
                zf.writestr(f"tables/{table.name}.jsonl", "".join(line + "\n" for line in lines))
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "revision": revision,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "tables": counts,
                "files": len(files),
            }
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1) + "\n")
        finally:
            zf.close()  # also when the disk is full: the temporary file is then removed
    with db.transaction() as session:  # who took everything, when (a backup holds personal data)
        audit.record(session, "backup", after=_counts(manifest), note=f"to {output.name}")
    return {"backup": str(output.resolve()), **_summary(manifest)}


def _counts(manifest: dict[str, Any]) -> dict[str, Any]:
    return {"revision": manifest["revision"], "created_at": manifest["created_at"], "rows": manifest["tables"]}


def _summary(manifest: dict[str, Any]) -> dict[str, Any]:
    tables: dict[str, int] = manifest["tables"]
    return {
        "revision": manifest["revision"],
        "created_at": manifest["created_at"],
        "towns": tables.get("towns", 0),
        "accounts": tables.get("users", 0),
        "rows": sum(tables.values()),
        "files": manifest["files"],
        "tables": tables,
    }


def _manifest(archive: SafeZip, where: str) -> dict[str, Any]:
    info = archive.info(MANIFEST)
    if info is None:
        raise InputError("not a townpaths backup (no backup.json)", file=where)
    if info.file_size > MAX_MANIFEST_BYTES:
        raise InputError(f"backup.json is larger than {MAX_MANIFEST_BYTES} bytes", file=where)
    manifest = load_json(archive.read_info(info), f"{where}/{MANIFEST}", max_depth=MAX_JSON_DEPTH)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError("not a townpaths backup", file=where)
    if manifest.get("version") != VERSION:
        raise InputError(f"backup format version {manifest.get('version')!r} is not supported", file=where)
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not isinstance(manifest.get("revision"), str):
        raise InputError("not a townpaths backup (backup.json names no tables or revision)", file=where)
    return manifest


def _prepare_schema(db: Database, revision: str, where: str) -> None:
    if not db.knows_revision(revision):
        raise InputError(
            f"the backup was made by a newer townpaths (schema revision {revision}): upgrade townpaths first",
            file=where,
        )
    current = db.current_revision()
    if current is None:
        db.upgrade(revision)
    elif current != revision:
        raise InputError(
            f"the database is at schema revision {current} and the backup at {revision}: restore into a new, "
            "empty database",
            file=where,
        )


def _rows(archive: SafeZip, where: str, table: Table) -> list[dict[str, Any]]:
    member = f"tables/{table.name}.jsonl"
    rows = []
    data = decode_text(archive.read(member), f"{where}:{member}")
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        row = parse_json(line, f"{where}:{member}", line=n, max_depth=MAX_JSON_DEPTH)
        if not isinstance(row, dict):
            raise InputError("not a JSON object", file=f"{where}:{member}", row=n)
        unknown = set(row) - set(table.c.keys())
        if unknown:
            raise InputError(
                "no such column in the database", file=f"{where}:{member}", row=n, value=", ".join(sorted(unknown))
            )
        for col in table.c:
            value = row.get(col.name)
            if value is None or col.name not in row:
                continue
            try:
                if isinstance(col.type, LargeBinary):
                    ref = value.get("$file") if isinstance(value, dict) else None
                    if not isinstance(ref, str) or not ref.startswith("files/"):
                        raise ValueError("not a file reference")
                    row[col.name] = archive.read(ref)
                elif isinstance(col.type, DateTime):
                    row[col.name] = dt.datetime.fromisoformat(value)
                elif isinstance(col.type, Date):
                    row[col.name] = dt.date.fromisoformat(value)
            except (ValueError, TypeError, AttributeError) as exc:
                raise InputError(
                    f"bad value ({exc})", file=f"{where}:{member}", row=n, field=col.name, value=str(value)[:80]
                ) from None
        check_types(table, row, file=f"{where}:{member}", row=f"line {n}")
        rows.append(row)
    return rows


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` with their ids; a column pointing into its own table (a code's parent) is
    set after every row of the table is in."""
    if not rows:
        return
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    columns = sorted({k for r in rows for k in r})
    first = [{c: (None if c in own else r.get(c)) for c in columns} for r in rows]
    for start in range(0, len(first), BATCH):
        conn.execute(insert(table), first[start : start + BATCH])
    pk = list(table.primary_key.columns)
    for r in rows:
        for name in own:
            if r.get(name) is not None:
                conn.execute(sql_update(table).where(*(c == r[c.name] for c in pk)).values({name: r[name]}))


def _move_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: the next id of each table comes after the ids restored."""
    for table in tables:
        if "id" not in table.c or [c.name for c in table.primary_key.columns] != ["id"]:
            continue
        conn.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:t, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                f'FROM "{table.name}"'
            ).bindparams(t=table.name)
        )


def restore_backup(db: Database, source: Path, *, replace: bool = False) -> dict[str, Any]:
    """Restore a backup into ``db`` (opened with ``upgrade=False``): a new database, or, with
    ``replace``, one whose rows are all deleted first. All or nothing; then the schema is upgraded."""
    where = str(source)
    with SafeZip(Path(source), kind="backup", limits=LIMITS) as archive:
        manifest = _manifest(archive, where)
        _prepare_schema(db, manifest["revision"], where)
        reflected = MetaData()
        reflected.reflect(db.engine, only=lambda name, _meta: name in manifest["tables"] or name in SKIPPED)
        missing = sorted(set(manifest["tables"]) - set(reflected.tables))
        if missing:
            raise InputError("tables missing from the database", file=where, value=", ".join(missing))
        tables = [t for t in reflected.sorted_tables if t.name in manifest["tables"]]
        with db.transaction() as session:
            conn = session.connection()
            if replace:
                for table in reversed(reflected.sorted_tables):
                    conn.execute(delete(table))
            else:
                filled = [t.name for t in tables if conn.scalar(select(func.count()).select_from(t))]
                if filled:
                    raise InputError(
                        "the database is not empty (rows in " + ", ".join(filled[:5]) + "): restore into a new "
                        "database, or use --replace to delete everything in it first",
                        file=where,
                    )
            for table in tables:
                _insert(conn, table, _rows(archive, where, table))
            if db.dialect == "postgresql":
                _move_sequences(conn, tables)
            if inspect(conn).has_table(search.SEARCH_WORDS.name):  # else the migration that adds it fills it
                search.index_all(session)
            audit.record(session, "restore", after=_counts(manifest), note=f"from {Path(source).name}")
    db.upgrade()
    return {"database": db.display_url, **_summary(manifest), "revision": db.current_revision()}
