"""The bundle carries every column of every table: a town whose every column holds a value is
exported, imported into an empty database and compared row by row, column by column, with the
ids mapped. (Comparing two exports could not see a column lost on both sides.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    insert,
    inspect,
    select,
)

from townpaths.cases.bundle import server_references
from townpaths.cases.towns import export_case, import_case
from townpaths.registry import default_registry
from townpaths.storage import Database
from townpaths.storage.models import Town, User

ROWS_PER_TABLE = 2
#: A polymorphic reference: the row id lives in ``record_id``, its table in ``record_table``.
POLYMORPHIC = {("evidence_links", "record_id"): "record_table"}


def _value(table: Table, column: Any, k: int) -> Any:
    kind = column.type
    if isinstance(kind, LargeBinary):
        return bytes([0, 255, k, 10, 13])
    if isinstance(kind, DateTime):
        return dt.datetime(2020, 1, 2 + k, 3, 4, 5, tzinfo=dt.UTC)
    if isinstance(kind, Date):
        return dt.date(2020, 1, 1 + k)
    if isinstance(kind, JSON):
        return {"k": [k, "šč"], "nested": {"ok": True}}
    if isinstance(kind, Boolean):
        return k % 2 == 1
    if isinstance(kind, Integer):
        return 1000 + k
    if isinstance(kind, Float):
        return 1.25 + k
    if column.name == "colour":  # a colour reaches a style attribute: only #rrggbb is imported
        return f"#2E6B3{k}"
    if isinstance(kind, String):
        text = f"{column.name} {k} š"
        return text[: kind.length] if kind.length else text + "\nsecond line ž"
    raise AssertionError(f"no test value for {table.name}.{column.name} ({kind!r})")


def _fill(db: Database) -> dict[str, list[int]]:
    """One town with ROWS_PER_TABLE rows in every case table, every column set."""
    registry = default_registry()
    ids: dict[str, list[int]] = {}
    with db.transaction() as session:
        town = Town(
            slug="everything",
            name="Everything",
            country="SI",
            description_en="all",
            description_sl="vse",
            source="test",
            is_example=False,
            extra={"a": 1},
        )
        session.add(town)
        account = User(email="coder@example.org", name="A Coder")
        session.add(account)
        session.flush()
        ids["users"] = [account.id]
        polymorphic = {name for name, _ in POLYMORPHIC}
        ordered = [t for t in registry.tables if t.name not in polymorphic]
        for table in ordered + [t for t in registry.tables if t.name in polymorphic]:
            ids[table.name] = []
            for k in range(ROWS_PER_TABLE):
                values: dict[str, Any] = {}
                for column in table.c:
                    if column.name == "id":
                        continue
                    if column.name == "town_id":
                        values["town_id"] = town.id
                        continue
                    fks = list(column.foreign_keys)
                    if fks:
                        target = fks[0].column.table.name
                        pool = ids[target]
                        values[column.name] = pool[k % len(pool)] if pool else None
                    elif (table.name, column.name) in POLYMORPHIC:
                        values[column.name] = ids["symbols"][k]
                    elif (table.name, column.name) in {(t, c) for (t, _), c in POLYMORPHIC.items()}:
                        values[column.name] = "symbols"
                    else:
                        values[column.name] = _value(table, column, k)
                new_id = session.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
                ids[table.name].append(new_id)
    return ids


def _rows(db: Database, slug: str) -> dict[str, list[dict[str, Any]]]:
    """Every case table's rows of ``slug``, ids replaced by their position among the town's rows."""
    registry = default_registry()
    with db.transaction() as session:
        town_id = session.scalar(select(Town.id).where(Town.slug == slug))
        raw = {
            t.name: [
                dict(r) for r in session.execute(select(t).where(t.c.town_id == town_id).order_by(t.c.id)).mappings()
            ]
            for t in registry.tables
        }
    position = {name: {row["id"]: n for n, row in enumerate(rows)} for name, rows in raw.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    for table in registry.tables:
        fk_target = {c.name: next(iter(c.foreign_keys)).column.table.name for c in table.c if c.foreign_keys}
        rows = []
        for row in raw[table.name]:
            mapped = {}
            for name, value in row.items():
                if name in ("id", "town_id"):
                    continue
                if name in fk_target and value is not None and fk_target[name] in position:
                    mapped[name] = ("ref", position[fk_target[name]][value])
                elif (table.name, name) in POLYMORPHIC and value is not None:
                    mapped[name] = ("ref", position[row[POLYMORPHIC[(table.name, name)]]][value])
                elif isinstance(value, dt.datetime):
                    mapped[name] = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
                elif isinstance(value, memoryview):
                    mapped[name] = bytes(value)
                else:
                    mapped[name] = value
            rows.append(mapped)
        out[table.name] = rows
    return out


def test_every_column_of_every_table_survives_the_round_trip(db: Database, tmp_path: Path) -> None:
    _fill(db)
    before = _rows(db, "everything")
    registry = default_registry()
    # every column of every table is compared, and none of them is empty
    for table in registry.tables:
        db_columns = {c["name"] for c in inspect(db.engine).get_columns(table.name)} - {"search_vector"}
        assert db_columns == {c.name for c in table.c}, table.name
        assert len(before[table.name]) == ROWS_PER_TABLE, table.name
        for row in before[table.name]:
            assert set(row) == {c.name for c in table.c} - {"id", "town_id"}
            assert all(
                v is not None
                for name, v in row.items()
                if not (name.endswith("_id") and name != "record_id" and row[name] is None)
            ), (table.name, row)
    bundle = export_case(db, "everything", tmp_path / "everything.zip")
    other = Database(tmp_path / "other.sqlite3")
    import_case(other, bundle)
    # columns that point at the server's rows (accounts) travel as null; everything else as it was
    expected = {
        name: [
            {k: (None if k in server_references(registry.table(name), registry.tables) else v) for k, v in row.items()}
            for row in rows
        ]
        for name, rows in before.items()
    }
    assert sum(len(server_references(t, registry.tables)) for t in registry.tables) == 2
    assert _rows(other, "everything") == expected
    other.dispose()
