"""Revision t15a on a database written by revision 0011_search (SQLite and PostgreSQL): a symbol
type's note and the Slovene texts of an innovation's social need and actors are added empty, every
row and value kept; the downgrade drops them and keeps the rows."""

from __future__ import annotations

from sqlalchemy import inspect, text

from tests.storage.migrations.test_0009_authoring import _downgrade, _rows
from townpaths.storage import Database

ADDED = {
    "symbol_types": ["note_en", "note_sl"],
    "innovations": ["social_need_sl"],
    "innovation_actors": ["name_sl", "role_sl"],
}


def _columns(db: Database, table: str) -> list[str]:
    return [c["name"] for c in inspect(db.engine).get_columns(table)]


def test_t15a_adds_the_study_texts_and_keeps_every_row(db_url: str) -> None:
    db = Database(db_url, upgrade=False)
    db.upgrade("0011_search")
    with db.engine.begin() as conn:
        for sql in (
            "INSERT INTO towns (id, slug, name, is_example, extra, public_parts, languages) "
            "VALUES (1, 'k', 'K', false, '{}', '[]', '[]')",
            "INSERT INTO symbol_categories (id, town_id, key, position, name_en) VALUES (1, 1, 'town', 1, 'townscape')",
            "INSERT INTO symbol_types (id, town_id, category_id, no, name_en) VALUES (2, 1, 1, 5, 'murals')",
            "INSERT INTO innovations (id, town_id, no, type_en, name_en, social_need, criteria, outcomes, status, "
            "extra) VALUES (3, 1, 1, 'new practice', 'harbour choir', 'company', '{}', '[]', 'accepted', '{}')",
            "INSERT INTO innovation_actors (id, town_id, innovation_id, name, role) VALUES (4, 1, 3, 'port', 'hall')",
        ):
            conn.execute(text(sql))
    db.upgrade("t15a")
    assert db.current_revision() == "t15a"
    for table, columns in ADDED.items():
        assert _columns(db, table)[-len(columns) :] == columns
    assert _rows(db, "SELECT id, no, name_en, note_en, note_sl FROM symbol_types") == [(2, 5, "murals", None, None)]
    assert _rows(db, "SELECT id, social_need, social_need_sl FROM innovations") == [(3, "company", None)]
    actors = "SELECT id, name, role, name_sl, role_sl FROM innovation_actors"
    assert _rows(db, actors) == [(4, "port", "hall", None, None)]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE innovation_actors SET role_sl = 'dvorana' WHERE id = 4"))
    _downgrade(db, "0011_search")
    assert db.current_revision() == "0011_search"
    for table, columns in ADDED.items():
        assert not set(columns) & set(_columns(db, table))
    assert _rows(db, "SELECT id, name, role FROM innovation_actors") == [(4, "port", "hall")]
    assert _rows(db, "SELECT id, name_en FROM symbol_types") == [(2, "murals")]
    db.dispose()
