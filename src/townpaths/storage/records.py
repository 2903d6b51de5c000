"""One town's rows read as plain dicts, by table name: what services and report sections read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import LargeBinary, Table, select

from townpaths.core.errors import NotFound
from townpaths.storage.db import Database
from townpaths.storage.models import Base, Town
from townpaths.storage.towns import find_town


class TownRecords:
    """The rows of one town: ``records("symbols")`` -> list of dicts ordered by id."""

    def __init__(self, db: Database, town: Town) -> None:
        self.db = db
        self.town = town

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

    def records(self, table: str, *, with_content: bool = False) -> list[dict[str, Any]]:
        """Rows of ``table`` for this town, ordered by id, as dicts (binary content left out)."""
        t = self.table(table)
        names = self.columns(table, with_content=with_content)
        cols = [t.c[name] for name in names]
        with self.db.transaction() as session:
            rows = session.execute(select(*cols).where(t.c.town_id == self.town.id).order_by(t.c.id)).all()
        return [dict(zip(names, r, strict=True)) for r in rows]
