"""A backup of the whole server and its restore: SQLite -> PostgreSQL and PostgreSQL -> SQLite,
every row of every table with its ids, binary files, accounts, roles, the audit log and the
instance settings; ids, full-text search and signed tokens keep working on the restored server."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from townpaths.cases.backup import SKIPPED, restore_backup, write_backup
from townpaths.cases.towns import load_velenje
from townpaths.core.errors import InputError
from townpaths.storage import Database
from townpaths.storage.models import (
    AuditEntry,
    Base,
    Code,
    Symbol,
    SymbolPhoto,
    TownRole,
    User,
    WorkshopParticipant,
)
from townpaths.storage.rates import DatabaseRateStore
from townpaths.storage.site import instance_secret
from townpaths.studies.qda import service as qda
from townpaths.studies.workshop import service as workshops

PHOTO = bytes(range(256)) * 40


def _fill(db: Database) -> dict[str, Any]:
    """Velenje, a workshop with ballots, accounts, a role, an audit entry, a photo, a code moved
    under a code made after it, the instance secret and a rate-limit counter."""
    load_velenje(db)
    created = workshops.create_workshop(db, "velenje", rounds="individual,plenary")
    pids = [workshops.join(db, created.workshop_id, f"p{n}", "economy") for n in range(3)]
    workshops.open_round(db, created.workshop_id, 1)
    for n, pid in enumerate(pids):
        workshops.submit_ballot(
            db, created.workshop_id, pid, list(range(1, 11))[n:] + list(range(1, 11))[:n], f"client-token-{n}"
        )
    with db.transaction() as s:
        town_id = s.scalar(select(Symbol.town_id))
        ana = User(email="ana@example.org", name="Ana Novak", password_hash="$argon2id$v=19$m=65536,t=3,p=4$x$y")
        s.add(ana)
        s.flush()
        s.add(TownRole(user_id=ana.id, town_id=town_id, role="owner"))
        s.add(
            AuditEntry(
                user_id=ana.id,
                actor="ana@example.org",
                town_id=town_id,
                town_slug="velenje",
                action="update",
                table_name="symbols",
                record_id=6,
                before={"name_en": "old", "year": 1959},
                after={"name_en": "new", "year": 1960},
                at=dt.datetime(2026, 3, 1, 12, 30, 5, tzinfo=dt.UTC),
            )
        )
        symbol = s.scalars(select(Symbol).order_by(Symbol.id)).first()
        s.add(SymbolPhoto(town_id=town_id, symbol_id=symbol.id, filename="a.jpg", sha256="x", content=PHOTO))
        codes = list(s.scalars(select(Code).order_by(Code.id)))
        codes[0].parent_id = codes[-1].id  # a parent with a higher id than its child
    secret = instance_secret(db)
    DatabaseRateStore(db).hit("workshop-join-room:1", 5, 60)
    return {"secret": secret, "workshop": created}


def _everything(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (but the skipped ones), in id order; times in UTC."""

    def norm(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
        return value

    out = {}
    with db.transaction() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED:
                continue
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(norm(v) for v in row) for row in rows]
    return out


@pytest.mark.postgres
@pytest.mark.parametrize("direction", ["sqlite-to-postgresql", "postgresql-to-sqlite"])
def test_round_trip_between_sqlite_and_postgresql(direction: str, pg_server, tmp_path: Path) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    source_url, target_url = (
        (sqlite_url, pg_server.create_database())
        if direction.startswith("sqlite")
        else (pg_server.create_database(), sqlite_url)
    )
    source = Database(source_url)
    filled = _fill(source)
    before = _everything(source)
    summary = write_backup(source, tmp_path / "server.zip")
    assert summary["towns"] == 1 and summary["accounts"] == 1 and summary["files"] == 1
    assert summary["tables"]["ballots"] == 3 and summary["tables"]["audit_log"] == len(before["audit_log"]) > 1
    assert "rate_limits" not in summary["tables"]

    target = Database(target_url, upgrade=False)
    restored = restore_backup(target, tmp_path / "server.zip")
    assert restored["revision"] == target.head_revision() and restored["rows"] == summary["rows"]
    after = _everything(target)
    restored_entry = after["audit_log"].pop()  # the restore itself is the log's newest entry
    assert after == before
    with target.transaction() as s:
        last = s.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert (last.id, last.action, last.note) == (restored_entry[0], "restore", "from server.zip")
        assert last.after["rows"]["ballots"] == 3
    assert after["users"][0][1:3] == ("ana@example.org", "Ana Novak")
    with target.transaction() as s:
        assert s.scalar(select(SymbolPhoto.content)) == PHOTO
        entry = s.scalar(select(AuditEntry).where(AuditEntry.actor == "ana@example.org"))
        assert (entry.before, entry.after) == ({"name_en": "old", "year": 1959}, {"name_en": "new", "year": 1960})
    # the restored server signs with the same key, and new rows get new ids (sequences moved past)
    assert instance_secret(target) == filled["secret"]
    pid = workshops.join(target, filled["workshop"].workshop_id, "after the restore")
    with source.transaction() as s:
        assert pid == s.scalar(select(func.max(WorkshopParticipant.id))) + 1 == 4
    # full-text search is rebuilt (SQLite FTS5 triggers / PostgreSQL generated column)
    assert [h["id"] for h in qda.search(target, "velenje", "mentaliteta")] == [
        h["id"] for h in qda.search(source, "velenje", "mentaliteta")
    ]
    source.dispose()
    target.dispose()


def test_restore_refuses_a_database_with_data_unless_replace(velenje_sqlite: Database, tmp_path: Path) -> None:
    write_backup(velenje_sqlite, tmp_path / "b.zip")
    other = Database(tmp_path / "other.sqlite3")
    load_velenje(other)
    workshops.create_workshop(other, "velenje", rounds="individual")
    with pytest.raises(InputError) as refused:
        restore_backup(other, tmp_path / "b.zip")
    assert refused.value.message == (
        f"{tmp_path / 'b.zip'}: the database is not empty (rows in towns, audit_log, codebooks, coders, dualities): "
        "restore into a new database, or use --replace to delete everything in it first"
    )
    restore_backup(other, tmp_path / "b.zip", replace=True)
    restored, original = _everything(other), _everything(velenje_sqlite)
    action = Base.metadata.tables["audit_log"].c.keys().index("action")
    # the backup was logged after its snapshot was taken, the restore in the restored database
    assert (original["audit_log"][-1][action], restored["audit_log"][-1][action]) == ("backup", "restore")
    assert {k: v for k, v in restored.items() if k != "audit_log"} == {
        k: v for k, v in original.items() if k != "audit_log"
    }
    assert restored["audit_log"][:-1] == original["audit_log"][:-1]


def test_nothing_is_written_when_a_row_is_bad(velenje_sqlite: Database, tmp_path: Path) -> None:
    write_backup(velenje_sqlite, tmp_path / "b.zip")
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(tmp_path / "b.zip") as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "tables/symbols.jsonl":
                lines = data.decode().splitlines()
                row = json.loads(lines[2])
                row["surveyed_on"] = "the third of May"
                lines[2] = json.dumps(row)
                data = ("\n".join(lines) + "\n").encode()
            dst.writestr(info, data)
    target = Database(tmp_path / "t.sqlite3", upgrade=False)
    with pytest.raises(InputError) as bad:
        restore_backup(target, broken)
    assert bad.value.message == (
        f"{broken}:tables/symbols.jsonl, row 3, column 'surveyed_on', value 'the third of May': "
        "bad value (Invalid isoformat string: 'the third of May')"
    )
    with target.transaction() as s:
        assert s.scalar(select(Symbol.id)) is None  # the towns before it were rolled back too
        assert not _everything(target)["towns"]


def test_a_backup_of_a_newer_townpaths_or_another_file_is_refused(velenje_sqlite: Database, tmp_path: Path) -> None:
    write_backup(velenje_sqlite, tmp_path / "b.zip")
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(tmp_path / "b.zip") as src, zipfile.ZipFile(newer, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "backup.json":
                data = json.dumps({**json.loads(data), "revision": "9999"}).encode()
            dst.writestr(info, data)
    target = Database(tmp_path / "t.sqlite3", upgrade=False)
    with pytest.raises(InputError) as refused:
        restore_backup(target, newer)
    assert refused.value.message == (
        f"{newer}: the backup was made by a newer townpaths (schema revision 9999): upgrade townpaths first"
    )
    assert target.current_revision() is None  # nothing done
    (tmp_path / "not.zip").write_bytes(b"hello")
    with pytest.raises(InputError) as not_zip:
        restore_backup(target, tmp_path / "not.zip")
    assert not_zip.value.message == f"{tmp_path / 'not.zip'}: not a backup (not a ZIP file)"
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as z:
        z.writestr("backup.json", json.dumps({"format": "townpaths-bundle"}))
    with pytest.raises(InputError) as other_kind:
        restore_backup(target, tmp_path / "bundle.zip")
    assert other_kind.value.message == f"{tmp_path / 'bundle.zip'}: not a townpaths backup"
