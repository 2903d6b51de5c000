"""Revision 0012_compare on a database written by revision 0009 (SQLite and PostgreSQL): every
narrative and problem gets an empty list of tags, towns no population, indicators no compare key;
the downgrade takes the columns away and keeps every row."""

from __future__ import annotations

from sqlalchemy import text

from townpaths.storage import Database


def _rows(db: Database, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def _downgrade(db: Database, revision: str) -> None:
    from alembic import command

    with db.engine.begin() as conn:
        config = db._alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def test_0012_adds_empty_tags_and_no_population(db_url: str) -> None:
    db = Database(db_url, upgrade=False)
    db.upgrade("0009")
    with db.engine.begin() as conn:
        run = conn.execute
        run(
            text(
                "INSERT INTO towns (id, slug, name, is_example, extra, public_parts) "
                "VALUES (1, 'k', 'K', false, '{}', '[]')"
            )
        )
        run(
            text(
                "INSERT INTO periods (id, town_id, scheme, no, name_en, open_ended) "
                "VALUES (1, 1, 'narratives', 1, 'p', false)"
            )
        )
        run(
            text(
                "INSERT INTO narratives (id, town_id, period_id, status, position, text_en) "
                "VALUES (1, 1, 1, 'dominant', 1, 'n')"
            )
        )
        run(text("INSERT INTO problems (id, town_id, position, rank, text_en) VALUES (1, 1, 1, 1, 'p')"))
        run(
            text(
                "INSERT INTO sustainability_indicators (id, town_id, dimension_key, dimension_en, key, name_en, "
                "scale_min, scale_max) VALUES (1, 1, 'd', 'd', 'i', 'i', 1, 5)"
            )
        )
    db.upgrade("0012_compare")
    assert _rows(db, "SELECT population, population_year FROM towns") == [(None, None)]
    for table in ("narratives", "problems"):
        assert _rows(db, f"SELECT tags FROM {table}") in ([([],)], [("[]",)])
    assert _rows(db, "SELECT compare_key FROM sustainability_indicators") == [(None,)]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE problems SET tags = :tags"), {"tags": '["jobs"]'})
        conn.execute(text("UPDATE towns SET population = 25000, population_year = 2021"))
    _downgrade(db, "0009")
    assert _rows(db, "SELECT id, text_en FROM problems") == [(1, "p")]
    assert _rows(db, "SELECT id, text_en FROM narratives") == [(1, "n")]
    from sqlalchemy import inspect

    assert "tags" not in {c["name"] for c in inspect(db.engine).get_columns("problems")}
    assert "population" not in {c["name"] for c in inspect(db.engine).get_columns("towns")}
    db.upgrade()
    assert _rows(db, "SELECT population FROM towns") == [(None,)]
    db.dispose()
