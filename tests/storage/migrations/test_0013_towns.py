"""Revision 0013_towns on a database written by revision 0009 (SQLite and PostgreSQL): towns get
the study's title in each language; the shipped Velenje case keeps its article's title."""

from __future__ import annotations

from sqlalchemy import text

from townpaths.storage import Database


def _rows(db: Database, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_0013_gives_towns_the_title_of_their_study(db_url: str) -> None:
    db = Database(db_url, upgrade=False)
    db.upgrade("0009")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO towns (id, slug, name, is_example, extra, public_parts, languages) VALUES "
                "(1, 'velenje', 'Velenje', true, '{}', '[]', '[\"sl\", \"en\"]'), "
                "(2, 'kajaani', 'Kajaani', false, '{}', '[]', '[\"en\"]')"
            )
        )
    db.upgrade("0013_towns")
    assert _rows(db, "SELECT slug, title_en, title_sl FROM towns ORDER BY id") == [
        (
            "velenje",
            "Industry and socialism: obstacles or drivers of the future development of Velenje",
            "Industrija in socializem: oviri ali gonili prihodnjega razvoja Velenja",
        ),
        ("kajaani", None, None),
    ]
    from alembic import command

    with db.engine.begin() as conn:
        config = db._alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0009")
    assert _rows(db, "SELECT slug, name FROM towns ORDER BY id") == [("velenje", "Velenje"), ("kajaani", "Kajaani")]
    with db.engine.connect() as conn:
        columns = list(conn.exec_driver_sql("SELECT * FROM towns").keys())
    assert "title_en" not in columns and "title_sl" not in columns
    db.dispose()
