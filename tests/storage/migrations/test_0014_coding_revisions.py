"""Revision 0014_coding_revisions on a database with a town (SQLite and PostgreSQL): the town gets
its row, a write to its coding raises it, and the downgrade takes the table and triggers away."""

from __future__ import annotations

from sqlalchemy import text

from townpaths.storage import Database


def _rows(db: Database, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_0014_gives_every_town_a_revision_and_goes_back(db_url: str) -> None:
    db = Database(db_url, upgrade=False)
    db.upgrade("0013_towns")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO towns (id, slug, name, is_example, extra, public_parts) "
                "VALUES (1, 'k', 'K', false, '{}', '[]')"
            )
        )
    db.upgrade("0014_coding_revisions")
    assert _rows(db, "SELECT town_id, revision FROM coding_revisions") == [(1, 1)]
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO periods (id, town_id, scheme, no, name_en, open_ended) "
                "VALUES (1, 1, 'narratives', 1, 'p', false)"
            )
        )
        conn.execute(text("UPDATE periods SET name_en = 'q'"))
        conn.execute(text("DELETE FROM periods"))
    assert _rows(db, "SELECT town_id, revision FROM coding_revisions") == [(1, 4)]

    from alembic import command

    with db.engine.begin() as conn:
        config = db._alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0013_towns")
    with db.engine.begin() as conn:  # no trigger left writing to a table that is gone
        conn.execute(
            text(
                "INSERT INTO periods (id, town_id, scheme, no, name_en, open_ended) "
                "VALUES (2, 1, 'narratives', 1, 'p', false)"
            )
        )
    db.dispose()
