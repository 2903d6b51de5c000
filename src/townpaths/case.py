"""The public Python API: a :class:`Case` is one town study in a database.

>>> import townpaths
>>> case = townpaths.open_case("velenje", db="townpaths.sqlite3")   # doctest: +SKIP
>>> case.dataframe("innovations")[["name_en", "year"]].head()       # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from sqlalchemy import LargeBinary, select

from townpaths.errors import NotFound, TownpathsError
from townpaths.storage import Database
from townpaths.storage.models import Town
from townpaths.io.bundle import case_tables

if TYPE_CHECKING:
    import pandas as pd


def find_town(db: Database, town: str | None) -> Town:
    """The town named by slug or name; with ``None``, the only town in the database."""
    with db.transaction() as session:
        towns = list(session.scalars(select(Town).order_by(Town.slug)))
    if town is None:
        if len(towns) == 1:
            return towns[0]
        if not towns:
            raise NotFound(f"database {db.display_url} holds no town yet (run `townpaths demo` or import one)")
        raise TownpathsError(f"database holds {len(towns)} towns ({', '.join(t.slug for t in towns)}): "
                             "choose one with --town")
    wanted = town.strip().lower()
    by_slug = [t for t in towns if t.slug.lower() == wanted]
    by_name = [t for t in towns if t.name.lower() == wanted]
    if by_slug:  # a slug names one town; it wins over another town's display name
        return by_slug[0]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise TownpathsError(f"{len(by_name)} towns are named {town!r} ({', '.join(t.slug for t in by_name)}): "
                             "use the slug")
    known = ", ".join(t.slug for t in towns) or "none"
    raise NotFound(f"unknown town {town!r} (towns in this database: {known})")


class Case:
    """One town's study: read every table as plain records or as a pandas DataFrame."""

    def __init__(self, db: Database, town: Town) -> None:
        self.db = db
        self.town = town

    def __repr__(self) -> str:
        return f"<Case {self.town.slug!r} in {self.db.display_url}>"

    @property
    def tables(self) -> list[str]:
        return [t.name for t in case_tables()]

    def records(self, table: str, *, with_content: bool = False) -> list[dict[str, Any]]:
        """Rows of ``table`` for this town, ordered by id, as dicts (binary content left out)."""
        tables = {t.name: t for t in case_tables()}
        if table not in tables:
            raise NotFound(f"unknown table {table!r} (tables: {', '.join(tables)})")
        t = tables[table]
        cols = [c for c in t.c if c.name != "town_id" and (with_content or not isinstance(c.type, LargeBinary))]
        with self.db.transaction() as session:
            rows = session.execute(select(*cols).where(t.c.town_id == self.town.id).order_by(t.c.id)).mappings()
            return [dict(r) for r in rows]

    def dataframe(self, table: str) -> pd.DataFrame:
        import pandas as pd

        t = {t.name: t for t in case_tables()}.get(table)
        columns = [c.name for c in t.c if c.name != "town_id" and not isinstance(c.type, LargeBinary)] if t is not None else None
        return pd.DataFrame.from_records(self.records(table), columns=columns)

    def counts(self) -> dict[str, int]:
        return {name: len(self.records(name)) for name in self.tables}


def open_case(town: str | None = None, db: str | os.PathLike[str] | Database | None = None) -> Case:
    """Open a town's case. ``db`` is a URL, an SQLite path, a :class:`Database`, or ``None``
    (``TOWNPATHS_DATABASE_URL``, else ``./townpaths.sqlite3``). Migrations run on first use."""
    database = db if isinstance(db, Database) else Database(db)
    return Case(database, find_town(database, town))
