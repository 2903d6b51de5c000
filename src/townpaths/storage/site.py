"""Settings of this installation (``instance_settings``): the secret key, created once.

The web app signs participant tokens, facilitator cookies, CSRF tokens and moderation links with
one secret key. It is created at the first start and stored in the database, so a restart, or
another worker process, signs and checks with the same key; ``TOWNPATHS_SECRET_KEY`` overrides it
(the caller passes it). The key is never printed.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from townpaths.storage.db import Database
from townpaths.storage.models import InstanceSetting

SECRET_KEY = "secret_key"
#: The public address the web app was last started with (``townpaths serve --public-url``): the
#: command line prints links with it (a facilitator's link, say) when given no other address.
PUBLIC_URL = "public_url"


def setting(db: Database, key: str) -> str | None:
    """The value of setting ``key``, or None."""
    with db.transaction() as s:
        value: str | None = s.scalar(select(InstanceSetting.value).where(InstanceSetting.key == key))
        return value


def put_setting(db: Database, key: str, value: str) -> None:
    """Set ``key`` to ``value`` (replacing any value it had)."""
    with db.transaction() as s:
        found = s.get(InstanceSetting, key)
        if found is None:
            s.add(InstanceSetting(key=key, value=value))
        else:
            found.value = value


def setting_once(db: Database, key: str, value: str) -> str:
    """The value of ``key``; if it has none, ``value`` becomes it. Several processes starting at
    once agree on one value: the first insert wins, the others read it."""
    found = setting(db, key)
    if found is not None:
        return found
    dialect = postgresql if db.dialect == "postgresql" else sqlite
    with db.transaction() as s:
        s.execute(
            dialect.insert(InstanceSetting).values(key=key, value=value).on_conflict_do_nothing(index_elements=["key"])
        )
    stored = setting(db, key)
    assert stored is not None
    return stored


def instance_secret(db: Database, override: str | None = None) -> str:
    """The secret key of this installation: ``override`` (``TOWNPATHS_SECRET_KEY``) when given,
    else the stored one, created at the first call."""
    if override:
        return override
    return setting_once(db, SECRET_KEY, secrets.token_urlsafe(32))
