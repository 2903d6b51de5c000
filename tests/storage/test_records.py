"""One town's rows as dicts: every column, or only the columns a reader names."""

from __future__ import annotations

import pytest

from townpaths.core.errors import NotFound
from townpaths.storage import Database
from townpaths.storage.records import TownRecords


def test_records_of_named_columns(velenje: Database) -> None:
    town = TownRecords.find(velenje, "velenje")
    every = town.records("symbols")
    assert len(every) == 23 and list(every[0]) == town.columns("symbols")
    narrow = town.records("symbols", columns=("type_id", "id", "name_en"))
    # the named columns in the named order, the rows in the order of their ids
    assert narrow == [{"type_id": r["type_id"], "id": r["id"], "name_en": r["name_en"]} for r in every]
    assert [r["id"] for r in narrow] == sorted(r["id"] for r in every)
    first = town.records("symbols", columns=("id",), limit=2, ids=[every[5]["id"], every[1]["id"], every[9]["id"]])
    assert first == [{"id": every[1]["id"]}, {"id": every[5]["id"]}]


def test_an_unknown_column_is_named(velenje: Database) -> None:
    town = TownRecords.find(velenje, "velenje")
    with pytest.raises(NotFound, match="unknown column 'colour' of the table 'symbols'"):
        town.records("symbols", columns=("id", "colour"))
    with pytest.raises(NotFound, match="unknown column 'town_id'"):
        town.records("symbols", columns=("town_id",))
