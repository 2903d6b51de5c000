"""One town's rows read as plain dicts, by table name: what services and report sections read."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import LargeBinary, String, Table, func, select

from townpaths.core.errors import NotFound
from townpaths.storage.db import Database
from townpaths.storage.models import Base, Town
from townpaths.storage.towns import find_town


class TownRecords:
    """The rows of one town: ``records("symbols")`` -> list of dicts ordered by id."""

    def __init__(self, db: Database, town: Town) -> None:
        self.db = db
        self.town = town
        #: The rows of each summarised table a report shows (:meth:`show`); other tables: every row.
        self._shown: dict[str, set[int]] = {}

    def show(self, table: str, ids: Collection[int]) -> None:
        """A report section shows only the rows ``ids`` of ``table`` (links to the others are text)."""
        self._shown[table] = set(ids)

    def shown(self, table: str, row_id: int) -> bool:
        """Does the report show the row ``row_id`` of ``table``?"""
        found = self._shown.get(table)
        return found is None or row_id in found

    @classmethod
    def find(cls, db: Database, town: str | None) -> TownRecords:
        """The town named by slug or name (``None``: the only town in the database)."""
        return cls(db, find_town(db, town))

    def table(self, name: str) -> Table:
        """The town-scoped table called ``name``."""
        table = Base.metadata.tables.get(name)
        if table is None or "town_id" not in table.c:
            raise NotFound(f"unknown table {name!r}")
        return table

    def columns(self, name: str, *, with_content: bool = False) -> list[str]:
        """Column names as :meth:`records` returns them (without ``town_id``)."""
        return [
            c.name
            for c in self.table(name).c
            if c.name != "town_id" and (with_content or not isinstance(c.type, LargeBinary))
        ]

    def records(
        self,
        table: str,
        *,
        with_content: bool = False,
        offset: int = 0,
        limit: int | None = None,
        max_chars: int | None = None,
        ids: Collection[int] | None = None,
        columns: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Rows of ``table`` for this town, ordered by id, as dicts (binary content left out); with
        ``limit``, at most that many from ``offset`` on; with ``max_chars``, every text cut to at most
        ``max_chars + 1`` characters by the database (a page of a table holds no whole transcript);
        with ``ids``, only the rows of those ids; with ``columns``, only those columns (a reader that
        counts or compares reads no long text or JSON it does not use)."""
        t = self.table(table)
        names = self.columns(table, with_content=with_content)
        if columns is not None:
            unknown = [c for c in columns if c not in names]
            if unknown:
                raise NotFound(f"unknown column {unknown[0]!r} of the table {table!r}")
            names = list(dict.fromkeys(columns))
        cols: list[Any] = []
        for name in names:
            column = t.c[name]
            long_text = isinstance(column.type, String) and (column.type.length or max_chars or 0) > (max_chars or 0)
            cols.append(func.substr(column, 1, max_chars + 1).label(name) if max_chars and long_text else column)
        query = select(*cols).where(t.c.town_id == self.town.id).order_by(t.c.id).offset(offset).limit(limit)
        if ids is not None:
            query = query.where(t.c.id.in_(sorted(ids)))
        with self.db.transaction() as session:
            # plain tuples zipped with the names: a mapping per row costs more than reading the row
            return [dict(zip(names, row, strict=True)) for row in session.execute(query)]

    def count(self, table: str) -> int:
        """The number of rows of ``table`` for this town."""
        t = self.table(table)
        with self.db.transaction() as session:
            return int(session.scalar(select(func.count()).select_from(t).where(t.c.town_id == self.town.id)) or 0)
