"""The storage layer against SQLite and a real PostgreSQL server."""

from __future__ import annotations

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from townpaths.core.errors import DatabaseError
from townpaths.storage import Database, resolve_url
from townpaths.storage.db import is_modelled
from townpaths.storage.models import Base, Innovation, Town


def test_migrations_create_the_whole_schema(db: Database) -> None:
    assert db.current_revision() is not None
    tables = set(db.table_names())
    for name in (
        "towns",
        "symbol_categories",
        "symbol_types",
        "symbols",
        "symbol_photos",
        "documents",
        "interviewees",
        "interviews",
        "codebooks",
        "codes",
        "coded_segments",
        "narratives",
        "periods",
        "innovations",
        "innovation_actors",
        "workshops",
        "workshop_rounds",
        "ballots",
        "problems",
        "solutions",
        "dualities",
        "evidence",
        "evidence_links",
        "facts",
        "sustainability_indicators",
        "sustainability_scores",
        "employment",
        "alembic_version",
    ):
        assert name in tables


def _schema(db: Database) -> dict[str, object]:
    """Every table with its columns (name, type, nullability), indexes and foreign keys."""
    insp = inspect(db.engine)
    return {
        name: (
            [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(name)],
            sorted((i["name"] or "", tuple(i["column_names"])) for i in insp.get_indexes(name)),
            sorted((tuple(f["constrained_columns"]), f["referred_table"]) for f in insp.get_foreign_keys(name)),
        )
        for name in sorted(insp.get_table_names())
    }


def _differences(db: Database) -> list[object]:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": is_modelled})
        return compare_metadata(context, Base.metadata)


def test_models_match_the_migrations(db: Database) -> None:
    """Alembic's autogenerate finds nothing to do: the models and the migrations describe the same
    schema (on SQLite and on PostgreSQL)."""
    assert _differences(db) == []


def test_upgrade_is_idempotent(db: Database) -> None:
    before, schema = db.current_revision(), _schema(db)
    assert before == ScriptDirectory.from_config(db._alembic_config()).get_current_head()
    db.upgrade()
    Database(db.url).upgrade()
    assert db.current_revision() == before
    assert _schema(db) == schema
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1


def test_stepwise_upgrade_equals_the_head_schema(db_url: str, tmp_path) -> None:
    """Every revision applied one at a time from an empty database ends at the same schema as
    the models."""
    db = Database(db_url, upgrade=False)
    script = ScriptDirectory.from_config(db._alembic_config())
    steps = list(reversed(list(script.walk_revisions())))
    for revision in steps:
        db.upgrade(revision.revision)
        assert db.current_revision() == revision.revision
    assert len(steps) >= 4 and _differences(db) == []
    db.dispose()


def _add_town_then_fail(db: Database) -> None:
    with db.transaction() as session:
        session.add(Town(slug="zwickau", name="Zwickau"))
        session.flush()
        raise RuntimeError("boom")


def test_transaction_rolls_back_everything_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        _add_town_then_fail(db)
    with db.transaction() as session:
        assert session.scalars(select(Town)).all() == []


def test_several_towns_live_in_one_database(db: Database) -> None:
    with db.transaction() as session:
        for slug in ("kajaani", "heerlen"):
            town = Town(slug=slug, name=slug.title())
            session.add(town)
            session.flush()
            session.add(Innovation(town_id=town.id, type_en="new practice", name_en=f"{slug} repair café", year=2015))
    with db.transaction() as session:
        rows = session.execute(
            select(Town.slug, Innovation.name_en).join(Innovation, Innovation.town_id == Town.id).order_by(Town.slug)
        ).all()
    assert rows == [("heerlen", "heerlen repair café"), ("kajaani", "kajaani repair café")]


def test_resolve_url_accepts_paths_and_urls(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("TOWNPATHS_DATABASE_URL", raising=False)
    assert resolve_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u@h:5/d") == "postgresql+psycopg://u@h:5/d"
    assert resolve_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    monkeypatch.setenv("TOWNPATHS_DATABASE_URL", "sqlite:////tmp/env.db")
    assert resolve_url(None) == "sqlite:////tmp/env.db"


def test_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(
        DatabaseError, match=re.escape("cannot reach database postgresql+psycopg://nobody@127.0.0.1:1/x")
    ):
        Database("postgresql://nobody@127.0.0.1:1/x")


def test_missing_sqlite_folder_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(DatabaseError, match=r"folder .*nowhere does not exist"):
        Database(tmp_path / "nowhere" / "x.db")


def test_find_town_prefers_slug_over_another_towns_name(db: Database) -> None:
    from townpaths.core.errors import TownpathsError
    from townpaths.storage.towns import find_town

    with db.transaction() as session:
        session.add_all(
            [
                Town(slug="a-copy", name="velenje"),
                Town(slug="velenje", name="Velenje"),
                Town(slug="v2", name="Twin"),
                Town(slug="v3", name="Twin"),
            ]
        )
    assert find_town(db, "velenje").slug == "velenje"
    assert find_town(db, "VELENJE").slug == "velenje"
    with pytest.raises(TownpathsError, match="2 towns are named 'twin' \\(v2, v3\\): use the slug"):
        find_town(db, "twin")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://ana:s3cret@host:notaport/db", "not a database URL: 'postgresql+psycopg://***@host:notaport/db'"),
        (
            "nope://ana:s3cret@host:5/x",
            "not a database URL townpaths can use (SQLite or PostgreSQL): 'nope://***@host:5/x'",
        ),
    ],
)
def test_a_bad_url_is_a_clear_error_without_the_password(url: str, message: str) -> None:
    with pytest.raises(DatabaseError) as bad:
        Database(url)
    assert bad.value.message == message and "s3cret" not in str(bad.value)


def test_values_neither_database_stores_are_refused_on_both(db: Database) -> None:
    from townpaths.core.errors import InputError

    for town in (Town(slug="a\x00b", name="x"), Town(slug="a" * 81, name="x")):
        with pytest.raises(InputError) as refused, db.transaction() as session:
            session.add(town)
        assert refused.value.field == "towns.slug"
    with pytest.raises(InputError) as huge, db.transaction() as session:
        session.get(Town, 2**64)
    assert (
        huge.value.message
        == {
            "sqlite": "number too large for the database",
            "postgresql": "the database refused a value: integer out of range",
        }[db.dialect]
    )
    with db.transaction() as session:
        assert session.scalars(select(Town)).all() == []


def test_upgrading_keeps_the_rows_that_refer_to_a_copied_table(db_url: str) -> None:
    """A migration that changes a table on SQLite copies it and drops the old one; the rows that
    refer to it (here: a town's problems and a workshop's rounds, revision 0008 copies ``towns`` and
    ``workshops``) must survive the upgrade."""
    db = Database(db_url, upgrade=False)
    db.upgrade("0007")
    with db.engine.begin() as conn:
        for statement in (
            "INSERT INTO towns (id, slug, name, is_example, extra) VALUES (2, 'kajaani', 'Kajaani', false, '{}')",
            "INSERT INTO problems (town_id, position, text_en) VALUES (2, 1, 'the mill closed')",
            "INSERT INTO workshops (id, town_id, title, kind, method, status, settings) "
            "VALUES (1, 2, 'w', 'live', 'kemeny', 'draft', '{}')",
            "INSERT INTO workshop_rounds (town_id, workshop_id, no, kind, status, result) "
            "VALUES (2, 1, 1, 'individual', 'pending', '{}')",
        ):
            conn.exec_driver_sql(statement)
    db.upgrade()
    with db.engine.connect() as conn:
        counts = [conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in ("problems", "workshop_rounds")]
    assert counts == [1, 1]
    if db.dialect == "sqlite":  # the foreign keys are on again for everything else
        with db.transaction() as session:
            assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_a_server_holds_one_sqlite_connection_open_so_the_log_stays(tmp_path) -> None:
    """Without a connection held open, the last transaction to close checkpoints SQLite's write-ahead
    log and deletes it (an fsync per transaction); with one held, the log stays between transactions."""
    path = tmp_path / "held.sqlite3"
    db = Database(path)
    wal = tmp_path / "held.sqlite3-wal"
    with db.transaction() as s:
        s.add(Town(slug="a", name="A"))
    assert not wal.exists()  # checkpointed and deleted when the transaction's connection closed
    db.hold_open()
    db.hold_open()  # once is enough
    with db.transaction() as s:
        s.add(Town(slug="b", name="B"))
    assert wal.exists()
    with db.transaction() as s:
        assert sorted(s.scalars(select(Town.slug))) == ["a", "b"]
    db.dispose()
    assert db._held is None


def test_writers_of_a_process_queue_on_one_lock_on_sqlite(db: Database) -> None:
    """``Database.writing``: on SQLite one writing transaction of the process at a time (re-entrant
    in one thread); nothing on PostgreSQL, which takes concurrent writers."""
    import threading

    with db.writing(), db.writing():  # the same thread may nest it
        held: list[bool] = []
        t = threading.Thread(target=lambda: held.append(db._write_lock.acquire(timeout=0.05)))
        t.start()
        t.join()
        assert held == [db.dialect != "sqlite"]  # on SQLite another thread waits
    db.hold_open()  # nothing to hold for PostgreSQL; for SQLite a connection
    assert (db._held is not None) == (db.dialect == "sqlite")
    db.dispose()
