"""The audit log's mechanism on SQLite and PostgreSQL: the actor, rows recorded (and not), values
made safe (secrets, the interviewees' words, binary), statements, bulk operations, a town's
deletion, and nothing recorded by a transaction that fails."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, insert, select, update

from townpaths.cases.towns import delete_town
from townpaths.storage import Database, audit
from townpaths.storage.models import AuditEntry, Employment, Symbol, SymbolPhoto, Town, User, Workshop
from townpaths.studies.qda import service as qda
from townpaths.studies.workshop import service as workshop


def entries(db: Database, after: int = 0) -> list[dict[str, Any]]:
    with db.transaction() as s:
        return [
            {
                "actor": e.actor,
                "user_id": e.user_id,
                "town_id": e.town_id,
                "town_slug": e.town_slug,
                "action": e.action,
                "table": e.table_name,
                "record_id": e.record_id,
                "before": e.before,
                "after": e.after,
                "note": e.note,
            }
            for e in s.scalars(select(AuditEntry).where(AuditEntry.id > after).order_by(AuditEntry.id))
        ]


def last_id(db: Database) -> int:
    with db.transaction() as s:
        return s.scalar(select(func.max(AuditEntry.id))) or 0


def town_id(db: Database, slug: str = "velenje") -> int:
    with db.transaction() as s:
        return s.scalar(select(Town.id).where(Town.slug == slug)) or 0


# --- who ------------------------------------------------------------------------------------------


def test_actors() -> None:
    assert audit.current_actor() == audit.SYSTEM == audit.Actor("system")
    calls = []

    def lazy() -> audit.Actor:
        calls.append(1)
        return audit.Actor("late@example.org", 7)

    with audit.acting_as(audit.Actor("a@example.org", 1)):
        assert audit.current_actor() == audit.Actor("a@example.org", 1)
        with audit.acting_as(lazy):
            assert calls == []  # resolved when asked, not when set
            assert audit.current_actor() == audit.Actor("late@example.org", 7) and calls == [1]
        assert audit.current_actor().label == "a@example.org"
    assert audit.current_actor() == audit.SYSTEM
    assert audit.cli_actor() == audit.Actor(f"cli:{getpass.getuser()}")
    assert audit.user_actor(None) == audit.ANONYMOUS == audit.Actor("anonymous")

    class Account:
        id, email = 3, "ana@example.org"

    assert audit.user_actor(Account()) == audit.Actor("ana@example.org", 3)


def test_cli_actor_without_a_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_user() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert audit.cli_actor() == audit.Actor("cli:unknown")


def test_values_made_json_safe() -> None:
    assert audit.jsonable(dt.datetime(2026, 3, 1, 12, 30)) == "2026-03-01T12:30:00+00:00"
    cet = dt.timezone(dt.timedelta(hours=1))
    assert audit.jsonable(dt.datetime(2026, 3, 1, 13, 30, tzinfo=cet)) == "2026-03-01T12:30:00+00:00"
    assert audit.jsonable(dt.date(2026, 3, 1)) == "2026-03-01"
    assert audit.jsonable(dt.time(9, 5)) == "09:05:00"
    assert audit.jsonable(float("nan")) == "nan" and audit.jsonable(1.5) == 1.5
    assert audit.jsonable(Decimal("1.10")) == "1.10"
    assert audit.jsonable({"a": (1, b"xy"), 2: {3}}) == {
        "a": [1, {"bytes": 2, "sha256": hashlib.sha256(b"xy").hexdigest()}],
        "2": [3],
    }

    class Odd:
        def __str__(self) -> str:
            return "odd"

    assert audit.jsonable(Odd()) == "odd"
    assert audit.digest("Čisto") == {"chars": 5, "sha256": hashlib.sha256("Čisto".encode()).hexdigest()}
    assert audit.shown("users", "password_hash", "$argon2id$...") == "[secret]"
    assert audit.shown("users", "password_hash", None) is None
    assert audit.shown("interviews", "text", "abc") == audit.digest("abc")
    assert audit.shown("interviews", "title", "abc") == "abc"


# --- rows -----------------------------------------------------------------------------------------


def test_accounts_secrets_and_sign_in_bookkeeping(db: Database) -> None:
    with audit.acting_as(audit.Actor("cli:admin")), db.transaction() as s:
        user = User(email="ana@example.org", name="Ana", password_hash="$argon2id$v=19$secret", is_admin=False)
        s.add(user)
        s.flush()
        uid = user.id
    [added] = entries(db)
    assert (added["actor"], added["action"], added["table"], added["record_id"]) == (
        "cli:admin",
        "insert",
        "users",
        uid,
    )
    assert added["after"]["password_hash"] == "[secret]" and added["after"]["email"] == "ana@example.org"
    assert "$argon2id" not in str(added) and added["town_id"] is None
    mark = last_id(db)
    with db.transaction() as s:  # a failed sign-in: bookkeeping only, no entry
        s.get_one(User, uid).failed_logins = 3
    assert entries(db, mark) == []
    with db.transaction() as s:
        u = s.get_one(User, uid)
        u.name, u.last_login_at, u.password_token_hash = "Ana Novak", dt.datetime.now(dt.UTC), "token-hash"
    [changed] = entries(db, mark)
    assert changed["before"] == {"name": "Ana", "password_token_hash": None}
    assert changed["after"] == {"name": "Ana Novak", "password_token_hash": "[secret]"}
    with db.transaction() as s:  # the same value again is no change
        s.get_one(User, uid).name = "Ana Novak"
    assert len(entries(db, mark)) == 1


def test_transcripts_and_photos_as_length_and_hash(velenje: Database) -> None:
    mark = last_id(velenje)
    text = "Delal sem v rudniku trideset let.\n"
    added = qda.add_interview(velenje, "velenje", "m.txt", text.encode(), sector="economy", interviewee="E99")
    new = entries(velenje, mark)
    assert [(e["action"], e["table"]) for e in new] == [("insert", "interviewees"), ("insert", "interviews")]
    interview = new[1]
    assert interview["record_id"] == added["id"] and interview["town_slug"] == "velenje"
    assert interview["after"]["text"] == {"chars": len(text), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    assert interview["after"]["title"] == "m.txt" and "rudniku" not in str(new)
    with velenje.transaction() as s:
        symbol_id = s.scalar(select(Symbol.id).where(Symbol.town_id == town_id(velenje)).limit(1))
        s.add(
            SymbolPhoto(
                town_id=town_id(velenje), symbol_id=symbol_id, filename="a.jpg", sha256="x", content=b"\xff\xd8jpeg"
            )
        )
    photo = entries(velenje, mark)[-1]
    assert photo["after"]["content"] == {"bytes": 6, "sha256": hashlib.sha256(b"\xff\xd8jpeg").hexdigest()}


def test_live_workshop_traffic_is_not_recorded_row_by_row(velenje: Database) -> None:
    c = workshop.create_workshop(velenje, "velenje", rounds="individual", problems=["Jobs", "Air", "Youth"])
    people = [workshop.join(velenje, c.workshop_id, f"p{i}", "economy") for i in range(3)]
    mark = last_id(velenje)
    workshop.open_round(velenje, c.workshop_id, 1)
    opened = entries(velenje, mark)
    assert [(e["action"], e["table"], e["after"]) for e in opened] == [
        ("update", "workshop_rounds", {"status": "open"}),
        ("update", "workshops", {"status": "open"}),
    ]
    mark = last_id(velenje)
    with velenje.transaction() as s:
        ids = list(s.get_one(Workshop, c.workshop_id).settings["items"])
    for n, p in enumerate(people):
        workshop.submit_ballot(velenje, c.workshop_id, p, ids, f"token-{n}-xxxxxxxx")
    assert entries(velenje, mark) == []  # joins and ballots: nothing
    workshop.end_workshop(velenje, c.workshop_id)
    ended = entries(velenje, mark)
    assert [(e["action"], e["table"]) for e in ended] == [
        ("update", "workshop_rounds"),
        ("insert", "ranking_runs"),
        *[("insert", "ranking_run_items")] * 3,
        ("update", "workshops"),
    ]
    # the round's result, then the run kept beside the study (the case's problems are not touched)
    assert ended[0]["before"]["status"] == "open" and ended[0]["after"]["status"] == "closed"
    assert ended[0]["before"]["result"] == {"size": 1} and ended[0]["after"]["result"]["tiers"] == [[i] for i in ids]
    assert (ended[1]["after"]["source"], ended[1]["after"]["ballots"]) == ("workshop", 3)
    assert [(e["after"]["text_en"], e["after"]["rank"]) for e in ended[2:5]] == [("Jobs", 1), ("Air", 2), ("Youth", 3)]
    assert (ended[5]["before"], ended[5]["after"]) == ({"status": "open"}, {"status": "ended"})


# --- statements and bulk operations ---------------------------------------------------------------


def test_statements_outside_a_bulk_operation(velenje: Database) -> None:
    tid, mark = town_id(velenje), last_id(velenje)
    with audit.acting_as(audit.Actor("cli:ana")), velenje.transaction() as s:
        s.execute(update(Symbol).where(Symbol.town_id == tid).values(note_en="checked"))
        rows = [{"town_id": tid, "year": 2020, "area": "town", "employees": n} for n in (10, 20)]
        s.execute(insert(Employment), rows)
        s.execute(update(Symbol).where(Symbol.id == -1).values(note_en="nothing"))  # no row: no entry
        first = s.scalar(select(Symbol.id).where(Symbol.town_id == tid).order_by(Symbol.id).limit(1))
        s.execute(update(Symbol).where(Symbol.id == first).values(note_en="one"))
    new = entries(velenje, mark)
    assert [(e["action"], e["table"], e["after"], e["town_id"], e["note"]) for e in new] == [
        ("update", "symbols", {"rows": 23}, tid, "one statement"),
        ("insert", "employment", {"rows": 2}, tid, "one statement"),
        ("update", "symbols", {"rows": 1}, None, "one statement"),  # no town in the statement
    ]
    assert {e["actor"] for e in new} == {"cli:ana"}


def test_bulk_operation_counts_rows_and_records_nothing_when_nothing_changed(velenje: Database) -> None:
    tid, mark = town_id(velenje), last_id(velenje)
    with velenje.transaction() as s, audit.bulk(s, "tidy", town=tid, note="test"):
        s.execute(update(Symbol).where(Symbol.town_id == tid).values(note_en="bulk"))
        s.add(Employment(town_id=tid, year=2021, area="town", employees=5))
    with velenje.transaction() as s, audit.bulk(s, "nothing", town=tid):
        s.execute(update(Symbol).where(Symbol.id == -1).values(note_en="x"))
    [entry] = entries(velenje, mark)
    assert (entry["action"], entry["table"], entry["record_id"], entry["town_slug"], entry["note"]) == (
        "tidy",
        None,
        None,
        "velenje",
        "test",
    )
    assert entry["after"] == {"rows": {"employment": {"insert": 1}, "symbols": {"update": 23}}}


def test_a_failed_transaction_records_nothing(velenje: Database) -> None:
    mark = last_id(velenje)

    def rename_then_fail() -> None:
        with velenje.transaction() as s:
            s.get_one(Town, town_id(velenje)).name = "Renamed"
            s.flush()
            raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError):
        rename_then_fail()
    assert entries(velenje, mark) == []


def test_town_settings_and_deletion(velenje: Database) -> None:
    tid, mark = town_id(velenje), last_id(velenje)
    with velenje.transaction() as s:
        s.get_one(Town, tid).public_parts = ["report", "join"]
    [public] = entries(velenje, mark)
    assert (public["table"], public["record_id"], public["town_id"]) == ("towns", tid, tid)
    assert public["before"] == {"public_parts": ["report", "innovations", "join"]}
    assert public["after"] == {"public_parts": ["report", "join"]}
    delete_town(velenje, "velenje")
    everything = entries(velenje)
    deleted = everything[-1]
    assert (deleted["action"], deleted["town_id"], deleted["town_slug"], deleted["note"]) == (
        "delete town",
        None,
        "velenje",
        "Velenje",
    )
    assert deleted["after"]["rows"]["towns"] == {"delete": 1} and deleted["after"]["rows"]["symbols"] == {"delete": 23}
    # the town's entries outlive it, kept by its slug
    assert [(e["action"], e["town_id"], e["town_slug"]) for e in everything] == [
        ("load velenje", None, "velenje"),
        ("update", None, "velenje"),
        ("delete town", None, "velenje"),
    ]


def test_a_deleted_town_row_is_recorded_with_its_slug(db: Database) -> None:
    with db.transaction() as s:
        s.add(Town(slug="tiny", name="Tiny"))
    with db.transaction() as s:
        s.delete(s.scalar(select(Town).where(Town.slug == "tiny")))
    added, deleted = entries(db)
    assert (added["action"], added["town_slug"]) == ("insert", "tiny")
    assert (deleted["action"], deleted["table"], deleted["town_id"], deleted["town_slug"]) == (
        "delete",
        "towns",
        None,
        "tiny",
    )
    assert deleted["before"]["name"] == "Tiny"


def test_a_value_changed_without_being_read_is_unknown_before(velenje: Database) -> None:
    tid, mark = town_id(velenje), last_id(velenje)
    with velenje.transaction() as s:
        town = s.get_one(Town, tid)
        s.expire(town, ["name"])
        town.name = "Velenje (renamed)"
    [entry] = entries(velenje, mark)
    assert (entry["before"], entry["after"]) == ({"name": "[unknown]"}, {"name": "Velenje (renamed)"})
