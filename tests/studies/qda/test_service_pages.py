"""The QDA home's page of transcripts and the coding results kept between loads equal what was
computed before (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.support.slow_pages import check_qda
from townpaths.storage import Database


def test_qda_pages_on_velenje(velenje: Database) -> None:
    check_qda(velenje, "velenje")
