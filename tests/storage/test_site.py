"""Instance settings: the secret key is created once and stored (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from townpaths.storage import Database
from townpaths.storage.models import InstanceSetting
from townpaths.storage.site import SECRET_KEY, instance_secret, put_setting, setting, setting_once


def test_the_secret_is_created_once_and_survives_reopening(db: Database) -> None:
    assert setting(db, SECRET_KEY) is None
    first = instance_secret(db)
    assert len(first) == 43 and setting(db, SECRET_KEY) == first
    again = Database(db.url)  # another process starting later
    try:
        assert instance_secret(again) == first
    finally:
        again.dispose()
    assert instance_secret(db, "from-the-environment") == "from-the-environment"  # the override wins...
    assert setting(db, SECRET_KEY) == first  # ...and changes nothing stored


def test_workers_starting_together_agree_on_one_secret(db: Database) -> None:
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda n: setting_once(db, "race", f"value-{n}"), range(8)))
    assert len(keys) == 1 and keys <= {f"value-{n}" for n in range(8)}
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(InstanceSetting)) == 1


def test_put_setting_replaces(db: Database) -> None:
    put_setting(db, "public_url", "https://a.example")
    put_setting(db, "public_url", "https://b.example")
    assert setting(db, "public_url") == "https://b.example"
