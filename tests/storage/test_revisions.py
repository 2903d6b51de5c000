"""The coding revision of a town (triggers of migration 0014_coding_revisions) and the memo of results keyed by it,
on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select, text, update

from townpaths.storage import Database
from townpaths.storage.models import Code, CodedSegment, Interviewee, Town
from townpaths.storage.revisions import CODING_TABLES, Memo, coding_version
from townpaths.studies.qda import service


def _version(db: Database, slug: str) -> tuple[int, int] | None:
    with db.transaction() as session:
        town_id = session.scalar(select(Town.id).where(Town.slug == slug))
        assert town_id is not None
        return coding_version(session, town_id)


def test_every_write_to_the_coding_raises_the_revision(velenje: Database) -> None:
    first = _version(velenje, "velenje")
    assert first is not None
    token, revision = first
    interview = service.list_interviews(velenje, "velenje")[0]["id"]
    with velenje.transaction() as session:
        code = session.scalar(select(Code.name).where(Code.codable.is_(True)).order_by(Code.id).limit(1))
    assert code is not None
    seg = service.add_segment(velenje, "velenje", interview, code, 0, 2, "Cene")
    assert _version(velenje, "velenje") == (token, revision + 1)
    service.update_segment(velenje, "velenje", seg["id"], start=1)
    assert _version(velenje, "velenje") == (token, revision + 2)
    service.delete_segment(velenje, "velenje", seg["id"])
    assert _version(velenje, "velenje") == (token, revision + 3)
    # a bulk statement (no ORM object) raises it once per row, as a change of consent does
    with velenje.transaction() as session:
        n = session.execute(update(CodedSegment).values(memo="m")).rowcount
        session.execute(update(Interviewee).values(consent_scope="all"))
    after = _version(velenje, "velenje")
    assert after is not None and after[0] == token and after[1] >= revision + 3 + n


def test_a_rolled_back_change_leaves_the_revision(velenje: Database) -> None:
    before = _version(velenje, "velenje")
    try:
        with velenje.transaction() as session:
            session.execute(update(CodedSegment).values(memo="m"))
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert _version(velenje, "velenje") == before


def test_the_triggers_are_there_for_every_coding_table(db: Database) -> None:
    with db.transaction() as session:
        if db.dialect == "sqlite":
            query = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_rev\\_%' ESCAPE '\\'"
        else:
            query = "SELECT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE '%\\_rev'"
        tables = set(session.scalars(text(query)))
    assert tables == set(CODING_TABLES)


def test_memo_keeps_a_result_per_version_and_gives_copies(sqlite_db: Database) -> None:
    memo, calls = Memo(), []

    def compute() -> list[int]:
        calls.append(1)
        return [len(calls)]

    first = memo.get(sqlite_db, (7, 1), "k", compute)
    first.append(99)  # the caller's copy
    assert memo.get(sqlite_db, (7, 1), "k", compute) == [1] and len(calls) == 1
    assert memo.get(sqlite_db, (7, 2), "k", compute) == [2]  # a new revision computes again
    assert memo.get(sqlite_db, (8, 1), "k", compute) == [3]  # as does a new token (a database made again)
    assert memo.get(sqlite_db, None, "k", compute) == [4]  # no version: nothing kept
    assert memo.get(sqlite_db, None, "k", compute) == [5]
    assert memo.count(sqlite_db) == 3
    memo.size = 2
    memo.get(sqlite_db, (7, 3), "k", compute)
    assert memo.count(sqlite_db) == 2
    memo.clear()
    assert memo.count(sqlite_db) == 0
