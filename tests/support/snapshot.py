"""Every row of every table of a database, to prove a command left it unchanged (row by row)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, select

from townpaths.storage import Database

Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot(db: Database, meta: MetaData | None = None) -> Snapshot:
    """``{table: rows}`` for every table in the database (the migrations' own included), each
    table's rows in primary-key order, each row as the tuple of its column values. ``meta`` is the
    database's reflected schema (reflected here when not given)."""
    if meta is None:
        meta = MetaData()
        meta.reflect(db.engine)
    out: Snapshot = {}
    with db.engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            order = list(table.primary_key.columns) or list(table.columns)
            out[name] = [tuple(row) for row in conn.execute(select(table).order_by(*order))]
    return out


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """What changed between two snapshots, one line per table (empty when nothing did)."""
    lines = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if old is None or new is None:
            lines.append(f"{name}: table {'added' if old is None else 'removed'}")
            continue
        added = [r for r in new if r not in old]
        removed = [r for r in old if r not in new]
        example = repr((added or removed)[0])[:200]
        lines.append(f"{name}: {len(added)} row(s) added or changed, {len(removed)} removed; e.g. {example}")
    return lines
