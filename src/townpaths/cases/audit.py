"""Reading a town's audit log: a page of entries, newest first, filtered by table and person, and
the whole log (or a filtered part) as CSV or XLSX, oldest first. What is recorded and how is
:mod:`townpaths.storage.audit`'s business."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select

from townpaths.core.errors import InputError
from townpaths.core.values import check_text
from townpaths.formats.tables import csv_text, write_rows
from townpaths.storage import Database
from townpaths.storage.models import AuditEntry
from townpaths.storage.towns import find_town

PAGE_SIZE = 50
#: The columns of the CSV/XLSX export.
COLUMNS = ["id", "at", "actor", "user_id", "town", "action", "table", "record_id", "before", "after", "note"]


def _at(value: dt.datetime | None) -> str:
    """UTC, to the second (SQLite gives back naive UTC times, PostgreSQL aware ones)."""
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _shown(value: Any) -> str:
    """A recorded value for people: text as is, a digest as its length and hash, others as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) in ({"chars", "sha256"}, {"bytes", "sha256"}):
        size = f"{value['chars']} characters" if "chars" in value else f"{value['bytes']} bytes"
        return f"[{size}, SHA-256 {str(value['sha256'])[:12]}…]"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changes(entry: AuditEntry) -> list[dict[str, str]]:
    """What an entry changed, one line per column (or per table for a bulk operation's counts)."""
    before, after = entry.before or {}, entry.after or {}
    if entry.table_name is None and set(after) == {"rows"} and isinstance(after["rows"], dict):
        return [
            {"field": table, "before": "", "after": ", ".join(f"{kind} {n}" for kind, n in counts.items())}
            for table, counts in after["rows"].items()
        ]
    fields = list(after) + [k for k in before if k not in after]
    return [{"field": k, "before": _shown(before.get(k)), "after": _shown(after.get(k))} for k in fields]


def _dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": _at(entry.at),
        "actor": entry.actor,
        "user_id": entry.user_id,
        "town": entry.town_slug,
        "action": entry.action,
        "table": entry.table_name,
        "record_id": entry.record_id,
        "before": entry.before,
        "after": entry.after,
        "note": entry.note,
        "changes": changes(entry),
    }


def _query(town_id: int, table: str | None, person: str | None) -> Select[AuditEntry]:
    for name, value in (("table", table), ("person", person)):
        if value is not None:
            check_text(value, max_chars=254, field=name)
    query = select(AuditEntry).where(AuditEntry.town_id == town_id)
    if table:
        query = query.where(AuditEntry.table_name == table)
    if person:
        query = query.where(AuditEntry.actor == person)
    return query


def town_log(
    db: Database,
    town: str | None,
    *,
    table: str | None = None,
    person: str | None = None,
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> dict[str, Any]:
    """One page of a town's log, newest first, with the tables and people to filter by."""
    if page < 1:
        raise InputError("pages are numbered from 1", field="page", value=page)
    found = find_town(db, town)
    query = _query(found.id, table or None, person or None)
    with db.transaction() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        entries = session.scalars(query.order_by(AuditEntry.id.desc()).offset((page - 1) * per_page).limit(per_page))
        rows = [_dict(e) for e in entries]
        tables = session.scalars(
            select(AuditEntry.table_name)
            .where(AuditEntry.town_id == found.id, AuditEntry.table_name.is_not(None))
            .distinct()
        )
        people = session.scalars(select(AuditEntry.actor).where(AuditEntry.town_id == found.id).distinct())
        return {
            "town": found,
            "entries": rows,
            "total": total,
            "page": page,
            "pages": max(1, math.ceil(total / per_page)),
            "table": table or "",
            "person": person or "",
            "tables": sorted(t for t in tables if t),
            "people": sorted(people),
        }


def log_rows(db: Database, town: str | None, *, table: str | None = None, person: str | None = None) -> list[list[Any]]:
    """Every entry (of ``table``, by ``person``) of the town, oldest first, as rows of :data:`COLUMNS`."""
    found = find_town(db, town)
    with db.transaction() as session:
        entries = session.scalars(_query(found.id, table or None, person or None).order_by(AuditEntry.id))
        out = []
        for e in entries:
            d = _dict(e)
            out.append(
                [
                    *(d[c] for c in COLUMNS[:8]),
                    as_json(d["before"]),
                    as_json(d["after"]),
                    d["note"],
                ]
            )
        return out


def as_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def log_csv(db: Database, town: str | None, *, table: str | None = None, person: str | None = None) -> str:
    """The log as CSV text (formula-looking text neutralised), for a download."""
    return csv_text(COLUMNS, log_rows(db, town, table=table, person=person))


def export_log(
    db: Database, town: str | None, output: Path, *, table: str | None = None, person: str | None = None
) -> dict[str, Any]:
    """Write the log as CSV or XLSX (by ``output``'s suffix), formula-looking text neutralised."""
    if Path(output).suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("use a .csv or .xlsx file", file=str(output))
    rows = log_rows(db, town, table=table, person=person)
    write_rows(Path(output), COLUMNS, rows, sheet="audit log")
    return {"file": str(output), "entries": len(rows)}
