"""Revision 0009 on a database written by revision 0008 (SQLite and PostgreSQL): the evidence's
origin and the fictional flags become provenance, symbols keep their names as ``name_en`` and get a
key, evidence gets a key, Velenje gets its study settings, and the transcripts stay searchable."""

from __future__ import annotations

from sqlalchemy import text

from townpaths.storage import Database
from townpaths.studies.qda.service import search


def _downgrade(db: Database, revision: str) -> None:
    from alembic import command

    with db.engine.begin() as conn:
        config = db._alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def _rows(db: Database, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_0009_keeps_every_value_and_makes_provenance(db_url: str) -> None:
    db = Database(db_url, upgrade=False)
    db.upgrade("0008")
    with db.engine.begin() as conn:
        run = conn.execute
        run(
            text(
                "INSERT INTO towns (id, slug, name, source, is_example, extra, public_parts) "
                "VALUES (1, 'velenje', 'Velenje', 'the article', true, '{}', '[\"join\"]'), "
                "(2, 'kajaani', 'Kajaani', NULL, false, '{}', '[\"join\"]')"
            )
        )
        run(
            text(
                "INSERT INTO symbol_categories (id, town_id, key, position, name_en) VALUES (1, 2, 'townscape', 1, 't')"
            )
        )
        run(text("INSERT INTO symbol_types (id, town_id, category_id, no, name_en) VALUES (1, 2, 1, 1, 'buildings')"))
        run(
            text(
                "INSERT INTO symbols (id, town_id, type_id, name, external_id, extra) VALUES "
                "(7, 2, 1, 'paper mill', NULL, '{}'), (8, 2, 1, 'harbour', 'kobo:abc', '{}')"
            )
        )
        run(
            text(
                "INSERT INTO evidence (id, town_id, kind, position, statement_en, origin, key) VALUES "
                "(3, 2, 'lock_in', 1, 'computed one', 'computed', 'economy-lq-2019'), "
                "(4, 2, 'path_renewal', 2, 'the study says', 'study', NULL)"
            )
        )
        run(
            text(
                "INSERT INTO interviewees (id, town_id, code, sector, attributes, fictional) VALUES "
                "(1, 2, 'E01', 'economy', '{}', true), (2, 2, 'E02', 'economy', '{}', false)"
            )
        )
        run(
            text(
                "INSERT INTO interviews (id, town_id, interviewee_id, title, text, fictional, extra) VALUES "
                "(5, 2, 1, 'made up', 'the paper mill closed in spring', true, '{}'), "
                "(6, 2, 2, 'real', 'the harbour froze early that winter', false, '{}')"
            )
        )
    db.upgrade()  # through 0009 to the head
    assert db.current_revision() == db.head_revision()
    assert _rows(db, "SELECT id, name_en, name_sl, external_id, provenance FROM symbols ORDER BY id") == [
        (7, "paper mill", None, "symbol-7", "study"),
        (8, "harbour", None, "kobo:abc", "study"),
    ]
    assert _rows(db, "SELECT id, key, provenance, provenance_note FROM evidence ORDER BY id") == [
        (3, "economy-lq-2019", "computed", None),
        (4, "evidence-4", "study", None),
    ]
    assert _rows(db, "SELECT code, provenance FROM interviewees ORDER BY id") == [
        ("E01", "fictional"),
        ("E02", "study"),
    ]
    assert _rows(db, "SELECT title, provenance FROM interviews ORDER BY id") == [
        ("made up", "fictional"),
        ("real", "study"),
    ]
    assert _rows(db, "SELECT provenance FROM symbol_types") == [("study",)]
    assert _rows(db, "SELECT slug, name_sl, citation, study_start_year, study_end_year FROM towns ORDER BY id") == [
        ("velenje", "Velenje", "the article", 2017, 2020),
        ("kajaani", None, None, None, None),
    ]
    with db.engine.connect() as conn:
        languages = conn.execute(text("SELECT languages FROM towns WHERE slug = 'kajaani'")).scalar_one()
    assert languages in (["sl", "en"], '["sl", "en"]')
    # the transcripts are still searchable (SQLite: the full-text triggers were made again)
    assert [r["title"] for r in search(db, "kajaani", "harbour")] == ["real"]
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO interviews (town_id, title, text, extra) VALUES (2, 'new', 'a harbour crane', '{}')")
        )
    assert sorted(r["title"] for r in search(db, "kajaani", "harbour")) == ["new", "real"]
    db.dispose()


def test_0009_downgrades_to_0008_with_the_flags(db_url: str) -> None:
    db = Database(db_url)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO towns (id, slug, name, is_example, extra, public_parts, languages) "
                "VALUES (1, 'k', 'K', false, '{}', '[]', '[]')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO interviews (id, town_id, title, text, extra, provenance) "
                "VALUES (1, 1, 'made up', 'words', '{}', 'fictional'), (2, 1, 'real', 'words', '{}', 'study')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO evidence (id, town_id, kind, position, statement_en, key, provenance) "
                "VALUES (1, 1, 'lock_in', 1, 's', 'k1', 'computed')"
            )
        )
    _downgrade(db, "0008")
    assert _rows(db, "SELECT title, fictional FROM interviews ORDER BY id") in (
        [("made up", True), ("real", False)],
        [("made up", 1), ("real", 0)],
    )
    assert _rows(db, "SELECT origin FROM evidence") == [("computed",)]
    db.upgrade()
    assert _rows(db, "SELECT title, provenance FROM interviews ORDER BY id") == [
        ("made up", "fictional"),
        ("real", "study"),
    ]
    db.dispose()
