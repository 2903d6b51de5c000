"""The public Python API: a :class:`Case` is one town study in a database.

>>> import townpaths
>>> case = townpaths.open_case("velenje", db="townpaths.sqlite3")   # doctest: +SKIP
>>> case.dataframe("innovations")[["name_en", "year"]].head()       # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import Table

from townpaths.registry import Registry, default_registry
from townpaths.storage import Database
from townpaths.storage.models import Town
from townpaths.storage.records import TownRecords
from townpaths.storage.towns import find_town
from townpaths.studies.spec import LabelFn

if TYPE_CHECKING:
    import pandas as pd


class Case(TownRecords):
    """One town's study: read every table of the registry as plain records or as a DataFrame."""

    def __init__(self, db: Database, town: Town, registry: Registry | None = None) -> None:
        super().__init__(db, town)
        self.registry = registry or default_registry()

    def __repr__(self) -> str:
        return f"<Case {self.town.slug!r} in {self.db.display_url}>"

    @property
    def tables(self) -> list[str]:
        return [t.name for t in self.registry.tables]

    def table(self, name: str) -> Table:
        return self.registry.table(name)

    def dataframe(self, table: str) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame.from_records(self.records(table), columns=self.columns(table))

    def counts(self) -> dict[str, int]:
        return {name: len(self.records(name)) for name in self.tables}

    def labels(self) -> Mapping[str, LabelFn]:
        return self.registry.labels()

    def anchored(self) -> frozenset[str]:
        return self.registry.anchored()


def open_case(
    town: str | None = None, db: str | os.PathLike[str] | Database | None = None, registry: Registry | None = None
) -> Case:
    """Open a town's case. ``db`` is a URL, an SQLite path, a :class:`Database`, or ``None``
    (``TOWNPATHS_DATABASE_URL``, else ``./townpaths.sqlite3``). Migrations run on first use."""
    database = db if isinstance(db, Database) else Database(db)
    return Case(database, find_town(database, town), registry)
