"""The symbol list filtered and paged by the database (SQLite and PostgreSQL) gives what filtering
every row in Python gave."""

from __future__ import annotations

from tests.support.slow_pages import check_symbols
from townpaths.storage import Database


def test_browse_equals_filtering_in_python_on_velenje(velenje: Database) -> None:
    check_symbols(velenje, "velenje")
