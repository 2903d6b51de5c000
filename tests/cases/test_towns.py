"""A town's settings: its population and the year of the figure, checked, recorded in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from townpaths.cases.towns import edit_town
from townpaths.core.errors import InputError, NotFound
from townpaths.storage import Database
from townpaths.storage.models import AuditEntry
from townpaths.storage.towns import find_town


def test_population_set_shown_and_cleared(velenje_sqlite: Database) -> None:
    db = velenje_sqlite
    assert edit_town(db, "velenje")["population"] is None
    result = edit_town(db, "Velenje", population="33000", population_year=2021)
    assert (result["slug"], result["name"], result["languages"]) == ("velenje", "Velenje", ["sl", "en"])
    assert (result["population"], result["population_year"]) == (33000, 2021)
    assert find_town(db, "velenje").population == 33000
    with db.transaction() as session:
        entry = session.execute(
            select(AuditEntry.action, AuditEntry.table_name, AuditEntry.before, AuditEntry.after)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).one()
    assert tuple(entry) == (
        "update",
        "towns",
        {"population": None, "population_year": None},
        {"population": 33000, "population_year": 2021},
    )
    cleared = edit_town(db, "velenje", population="", population_year="")
    assert (cleared["population"], cleared["population_year"]) == (None, None)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"population": -1}, "field 'population', value -1: must be a whole number from 0 to 100000000"),
        ({"population": "many"}, "field 'population', value 'many'"),
        ({"population_year": 99}, "field 'population_year', value 99: must be a whole number from 1000 to 2200"),
    ],
)
def test_bad_values_change_nothing(velenje_sqlite: Database, values: dict, message: str) -> None:
    with pytest.raises(InputError) as exc:
        edit_town(velenje_sqlite, "velenje", **values)
    assert exc.value.message.startswith(message)
    assert find_town(velenje_sqlite, "velenje").population is None
    with pytest.raises(NotFound):
        edit_town(velenje_sqlite, "zwickau", population=1)
