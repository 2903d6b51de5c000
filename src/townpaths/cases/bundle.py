"""The case bundle: a lossless copy of one town as ``case.json`` plus ``files/`` (binary content).

A bundle is a folder or a ``.zip`` of that folder. ``case.json`` holds the town and, per table,
its rows with their original ids; binary columns (photos, document files) point to
``files/<sha256>``. Importing remaps every id, so a bundle loads into any database, empty or
not. The shipped Velenje case is itself a bundle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import stat
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Self

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, String, Table, insert, select, update
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, TownpathsError
from townpaths.core.values import (
    MAX_INT64,
    MIN_INT64,
    check_colour,
    check_json_text,
    check_name,
    check_slug,
    check_text,
)
from townpaths.formats.archive import NotAZip, SafeZip, ZipLimits, member_name
from townpaths.formats.files import atomic_folder, atomic_path, size_text
from townpaths.formats.jsonsafe import load_json
from townpaths.storage.models import Town

FORMAT = "townpaths-bundle"
VERSION = 1
MAX_BUNDLE_BYTES = 2 * 1024**3  # what a bundle may unpack to
MAX_MEMBER_BYTES = 512 * 1024**2  # one file of a bundle
MAX_BUNDLE_MEMBERS = 100_000
MAX_CASE_JSON_BYTES = 256 * 1024**2  # case.json itself (it is parsed in memory)
MAX_JSON_DEPTH = 64  # nesting of case.json (a row's JSON column included)
#: Columns whose values reach a style attribute: only #rrggbb colours.
COLOUR_COLUMNS = frozenset({"colour", "color"})
POLYMORPHIC = {("evidence_links", "record_id"): "record_table"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # always UTC with offset, whatever the database returns
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def server_references(table: Table, tables: Sequence[Table]) -> frozenset[str]:
    """Columns of ``table`` that point at rows of the server rather than of the case (an account
    that coded, a facilitator): a bundle moves between servers, so they travel as null."""
    inside = {t.name for t in tables} | {"towns"}
    return frozenset(fk.parent.name for fk in table.foreign_keys if fk.column.table.name not in inside)


def dump_town(session: Session, town: Town, tables: Sequence[Table]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Everything of one town (its rows of ``tables``, in foreign-key order) as a JSON-ready dict
    plus the binary files it refers to."""
    out: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, bytes] = {}
    for table in tables:
        outside = server_references(table, tables)
        rows = []
        for row in session.execute(select(table).where(table.c.town_id == town.id).order_by(table.c.id)).mappings():
            record: dict[str, Any] = {}
            for col in table.c:
                if col.name == "town_id":
                    continue
                value = None if col.name in outside else row[col.name]
                if isinstance(col.type, LargeBinary) and value is not None:
                    digest = hashlib.sha256(value).hexdigest()
                    files[digest] = bytes(value)
                    value = {"$file": f"files/{digest}"}
                record[col.name] = _jsonable(value)
            rows.append(record)
        if rows:
            out[table.name] = rows
    town_record = {c.name: _jsonable(getattr(town, c.key)) for c in Town.__table__.c if c.name not in ("id",)}
    return {"format": FORMAT, "version": VERSION, "town": town_record, "tables": out}, files


def write_bundle(data: dict[str, Any], files: dict[str, bytes], output: Path) -> Path:
    """Write a bundle folder, or a zip when ``output`` ends in ``.zip``; written beside the target
    and moved into place, so a full disk leaves no half bundle."""
    payload = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if output.suffix.lower() == ".zip":
        with atomic_path(output) as temporary, temporary.open("wb") as fh:
            archive = zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED)
            try:
                archive.writestr("case.json", payload)
                for digest, content in sorted(files.items()):
                    archive.writestr(f"files/{digest}", content)
            finally:
                archive.close()  # also when the disk is full: the file is then closed and removed
        return output
    with atomic_folder(output) as folder:
        if files:
            (folder / "files").mkdir()
            for digest, content in files.items():
                (folder / "files" / digest).write_bytes(content)
        (folder / "case.json").write_text(payload, encoding="utf-8")
    return output


class BundleReader:
    """Reads ``case.json`` and ``files/`` from a folder or a zip, refusing unsafe paths.

    A zip goes through :class:`~townpaths.formats.archive.SafeZip` (file count, sizes, zip bombs,
    path traversal). In a folder only regular files are read: a symbolic link, a device, a pipe
    or anything that would lead outside the folder is refused."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._zip: SafeZip | None = None
        self._read_bytes = 0
        if not self.path.exists():
            raise InputError("no such bundle (folder or .zip)", file=str(path))
        if self.path.is_file():
            try:
                self._zip = SafeZip(
                    self.path,
                    str(path),
                    kind="bundle",
                    limits=ZipLimits(
                        members=MAX_BUNDLE_MEMBERS, member_bytes=MAX_MEMBER_BYTES, total_bytes=MAX_BUNDLE_BYTES
                    ),
                )
            except NotAZip:
                raise InputError("not a bundle: neither a folder nor a zip file", file=str(path)) from None
        elif not self.path.is_dir():
            raise InputError("not a bundle: neither a folder nor a zip file", file=str(path))
        else:
            self._root = self.path.resolve()

    def read(self, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """The content of the bundle's file ``name``, refused before reading when larger than ``limit``."""
        safe = member_name(name) if isinstance(name, str) else None
        if safe is None:
            raise InputError("unsafe path in bundle", file=str(self.path), field="$file", value=name)
        if self._zip is not None:
            info = self._zip.info(safe)
            if info is None:
                raise InputError("file missing from bundle", file=str(self.path), value=name)
            if info.file_size > limit:
                raise InputError(
                    f"file in the bundle larger than {size_text(limit)} ({info.file_size} bytes)",
                    file=str(self.path),
                    value=name,
                )
            return self._zip.read_info(info)
        return self._read_from_folder(safe, name, limit)

    def _read_from_folder(self, safe: str, name: str, limit: int) -> bytes:
        where = str(self.path)
        current = self._root
        info = None
        for part in PurePosixPath(safe).parts:
            current = current / part
            try:
                info = current.lstat()
            except FileNotFoundError:
                raise InputError("file missing from bundle", file=where, value=name) from None
            except OSError as exc:
                raise InputError(f"cannot read from the bundle ({exc.strerror})", file=where, value=name) from None
            if stat.S_ISLNK(info.st_mode):
                raise InputError("symbolic link in bundle refused", file=where, value=name)
        if info is None or not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file in bundle (folder, device or pipe) refused", file=where, value=name)
        if info.st_size > limit or self._read_bytes + info.st_size > MAX_BUNDLE_BYTES:
            raise InputError(
                f"file in the bundle larger than {size_text(limit)} ({info.st_size} bytes)", file=where, value=name
            )
        try:
            fd = os.open(current, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as fh:
                opened = os.fstat(fh.fileno())
                if (opened.st_ino, opened.st_dev) != (info.st_ino, info.st_dev) or not stat.S_ISREG(opened.st_mode):
                    raise InputError("bundle file changed while being read", file=where, value=name)
                data = fh.read(info.st_size + 1)
        except OSError as exc:
            raise InputError(f"cannot read from the bundle ({exc.strerror})", file=where, value=name) from None
        if len(data) > info.st_size:
            raise InputError("bundle file changed while being read", file=where, value=name)
        self._read_bytes += len(data)
        return data

    def case(self) -> dict[str, Any]:
        where = f"{self.path}/case.json"
        data = load_json(self.read("case.json", MAX_CASE_JSON_BYTES), where, max_depth=MAX_JSON_DEPTH)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(
                "not a townpaths bundle",
                file=where,
                field="format",
                value=data.get("format") if isinstance(data, dict) else None,
            )
        if data.get("version") != VERSION:
            raise InputError(
                f"unsupported bundle version (this townpaths reads {VERSION})",
                file=where,
                field="version",
                value=data.get("version"),
            )
        for key, kind in (("town", dict), ("tables", dict)):
            if not isinstance(data.get(key, {}), kind):
                raise InputError(f"{key} must be an object", file=where, field=key)
        for name, rows in (data.get("tables") or {}).items():
            if not isinstance(rows, list):
                raise InputError("a table must be a list of rows", file=where, row=f"tables.{name}")
        return data

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _convert(table: Table, col_name: str, value: Any, reader: BundleReader | None, where: str) -> Any:
    col = table.c[col_name]
    if value is None:
        return None
    try:
        if isinstance(col.type, LargeBinary):
            if not (isinstance(value, dict) and isinstance(value.get("$file"), str)):
                raise ValueError('expected {"$file": "files/..."}')
            if reader is None:
                raise ValueError("bundle has no files")
            return reader.read(value["$file"])
        if isinstance(col.type, DateTime):
            return dt.datetime.fromisoformat(value)
        if isinstance(col.type, Date):
            return dt.date.fromisoformat(value)
        if isinstance(col.type, JSON):
            return check_json_text(value, file=where, field=col_name)
        if isinstance(col.type, Boolean):
            if not isinstance(value, bool):
                raise ValueError("expected true or false")
        elif isinstance(col.type, Integer):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError("expected a whole number")
            if not MIN_INT64 <= value <= MAX_INT64:
                raise ValueError("a whole number beyond 64 bits")
        elif isinstance(col.type, Float):
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValueError("expected a number")
            if not math.isfinite(value):
                raise ValueError("not a finite number")
        elif isinstance(col.type, String):
            if not isinstance(value, str):
                raise ValueError("expected text")
            check_text(value, max_chars=col.type.length, file=where, field=col_name)
            if col_name in COLOUR_COLUMNS:
                return check_colour(value, file=where, field=col_name)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(str(exc), file=where, field=col_name, value=value) from None
    return value


def load_town(
    session: Session,
    data: dict[str, Any],
    tables: Sequence[Table],
    reader: BundleReader | None = None,
    *,
    slug: str | None = None,
    source: str = "bundle",
) -> Town:
    """Insert a bundle's town and its rows of ``tables`` (foreign-key order) in ``session``
    (the caller owns the transaction)."""
    town_data = dict(data.get("town") or {})
    if slug is not None:
        town_data["slug"] = check_slug(slug, field="slug")
    if not town_data.get("slug") or not town_data.get("name"):
        raise InputError("the town needs a slug and a name", file=f"{source}/case.json", field="town")
    if not isinstance(town_data["slug"], str) or not isinstance(town_data["name"], str):
        raise InputError("the town's slug and name are text", file=f"{source}/case.json", field="town")
    check_slug(town_data["slug"], file=f"{source}/case.json", field="town.slug")
    town_data["name"] = check_name(town_data["name"], max_chars=200, file=f"{source}/case.json", field="town.name")
    if session.scalar(select(Town).where(Town.slug == town_data["slug"])) is not None:
        raise TownpathsError(
            f"town {town_data['slug']!r} already exists in this database "
            "(import under another slug with --as, or delete it first)"
        )
    town_cols = {c.name for c in Town.__table__.c} - {"id"}
    unknown = set(town_data) - town_cols
    if unknown:
        raise InputError("unknown town field", file=f"{source}/case.json", field=sorted(unknown)[0])
    town = Town(**{k: _convert(Town.__table__, k, v, reader, source) for k, v in town_data.items()})
    session.add(town)
    session.flush()

    rows_of = data.get("tables") or {}
    known = {t.name: t for t in tables}
    for name in rows_of:
        if name not in known:
            raise InputError("unknown table", file=f"{source}/case.json", row=f"tables.{name}")
    id_maps: dict[str, dict[int, int]] = {}
    deferred: list[tuple[Table, int, str, int]] = []
    for table in tables:
        id_maps[table.name] = {}
        outside = server_references(table, tables)
        fks = {
            fk.parent.name: fk.column.table.name
            for fk in table.foreign_keys
            if fk.parent.name != "town_id" and fk.parent.name not in outside
        }
        for index, row in enumerate(rows_of.get(table.name, [])):
            where = f"{source}/case.json: tables.{table.name}[{index}]"
            if not isinstance(row, dict) or "id" not in row:
                raise InputError("row must be an object with an id", file=where)
            if not isinstance(row["id"], int) or isinstance(row["id"], bool) or not 0 < row["id"] <= MAX_INT64:
                raise InputError("a row id is a positive whole number", file=where, field="id", value=row["id"])
            if row["id"] in id_maps[table.name]:
                raise InputError(f"the same id twice in tables.{table.name}", file=where, field="id", value=row["id"])
            values: dict[str, Any] = {"town_id": town.id}
            for key, value in row.items():
                if key == "id":
                    continue
                if key not in table.c or key == "town_id":
                    raise InputError("unknown column", file=where, field=key, value=value)
                values[key] = None if key in outside else _convert(table, key, value, reader, where)
            for col, target in fks.items():
                old = values.get(col)
                if old is None:
                    continue
                if target == table.name:  # self-reference: set after all rows exist
                    deferred.append((table, row["id"], col, old))
                    values[col] = None
                elif old not in id_maps.get(target, {}):
                    raise InputError(f"refers to a missing {target} row", file=where, field=col, value=old)
                else:
                    values[col] = id_maps[target][old]
            new_id = session.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
            id_maps[table.name][row["id"]] = new_id
    for table, old_id, col, old_ref in deferred:
        if old_ref not in id_maps[table.name]:
            raise InputError(
                f"refers to a missing {table.name} row",
                file=f"{source}: {table.name} {old_id}",
                field=col,
                value=old_ref,
            )
        session.execute(
            update(table).where(table.c.id == id_maps[table.name][old_id]).values({col: id_maps[table.name][old_ref]})
        )
    for (tname, col), kind_col in POLYMORPHIC.items():
        if tname not in known:
            continue
        table = known[tname]
        for new_id, row in zip(id_maps[tname].values(), rows_of.get(tname, []), strict=True):
            target = row.get(kind_col)
            if not isinstance(target, str) or target not in id_maps or row.get(col) not in id_maps[target]:
                raise InputError(
                    f"links to a missing {target} row",
                    file=f"{source}/case.json: tables.{tname}",
                    field=col,
                    value=row.get(col),
                )
            session.execute(update(table).where(table.c.id == new_id).values({col: id_maps[target][row[col]]}))
    return town
