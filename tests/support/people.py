"""People for the tests: accounts with roles, signed in through the app's real session cookie."""

from __future__ import annotations

from typing import Any

from townpaths.people import service
from townpaths.people.core.roles import Account
from townpaths.people.core.sessions import SessionSigner
from townpaths.storage import Database
from townpaths.web.access import ACCOUNT_COOKIE

OWNER = ("owner@velenje.example", "Olga Owner")


def person(db: Database, email: str, name: str, roles: dict[str, str] | None = None, **kwargs: Any) -> Account:
    """An account with ``roles`` (town slug -> role); ``password=`` to set one."""
    service.add_user(db, email, name, **kwargs)
    for town, role in (roles or {}).items():
        service.grant(db, email, town, role)
    uid = service.user_id(db, email)
    with db.transaction() as session:
        from townpaths.storage.models import User

        epoch = session.get_one(User, uid).session_epoch
    found = service.session_account(db, uid, epoch)
    assert found is not None
    return found


def session_cookie(secret_key: str, account: Account) -> str:
    """The value of the session cookie the app sets when ``account`` signs in."""
    return SessionSigner(secret_key).dumps(account.id, account.session_epoch)


def sign_in(client: Any, account: Account, secret_key: str = "test-secret") -> Any:
    """Sign ``client`` (a TestClient) in as ``account``."""
    client.cookies.set(ACCOUNT_COOKIE, session_cookie(secret_key, account))
    return client


def browser_sign_in(context: Any, url: str, account: Account, secret_key: str = "test-secret") -> None:
    """Give a Playwright browser context the session cookie of ``account`` for the app at ``url``."""
    context.add_cookies([{"name": ACCOUNT_COOKIE, "value": session_cookie(secret_key, account), "url": url}])
