"""The register and moderation pages read only what they show (SQLite and PostgreSQL) and show what
reading every record showed."""

from __future__ import annotations

from tests.support.slow_pages import check_innovations
from townpaths.storage import Database
from townpaths.studies.innovations import service


def test_register_and_moderation_on_velenje(velenje: Database) -> None:
    check_innovations(velenje, "velenje")
    # with proposals waiting (and one decided), the merge targets are the accepted register's
    form = {"name": "Repair café", "type": "social", "year": "2019", "description": "x", "social_need": "y"}
    first = service.propose(velenje, "velenje", form)
    service.propose(velenje, "velenje", {**form, "name": "Library of things"})
    service.moderate(velenje, "velenje", first, "reject")
    check_innovations(velenje, "velenje")
