"""Accounts, roles, set-password links, login throttling and sessions on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from tests.support.people import person
from townpaths.core.errors import Conflict, InputError, NotFound
from townpaths.people import service
from townpaths.people.core.roles import Subject
from townpaths.storage import Database
from townpaths.storage.models import Town, User
from townpaths.studies.workshop import service as ws

PASSWORD = "correct horse battery"


def _user(db: Database, email: str) -> User:
    with db.transaction() as s:
        return s.scalars(select(User).where(User.email == email)).one()


def test_accounts_and_roles(velenje: Database) -> None:
    added = service.add_user(velenje, " Ana@Example.org ", " Ana  Novak ", password=PASSWORD)
    assert added.token is None and added.account == {
        "email": "ana@example.org",
        "name": "Ana Novak",
        "admin": False,
        "disabled": False,
        "password_set": True,
        "roles": {},
        "last_login_at": None,
    }
    assert _user(velenje, "ana@example.org").password_hash.startswith("$argon2id$")
    with pytest.raises(Conflict, match=re.escape("an account 'ana@example.org' exists already")):
        service.add_user(velenje, "ANA@example.org", "Ana")
    with pytest.raises(InputError, match="use at least 10 characters"):
        service.add_user(velenje, "bor@example.org", "Bor", password="short")
    bor = service.add_user(velenje, "bor@example.org", "Bor", admin=True)
    assert bor.token and bor.account["password_set"] is False and bor.account["admin"] is True
    with velenje.transaction() as s:
        s.add(Town(slug="trbovlje", name="Trbovlje"))
    assert service.grant(velenje, "ana@example.org", "velenje", "owner")["roles"] == {"velenje": "owner"}
    assert service.grant(velenje, "ana@example.org", "Trbovlje", "viewer")["roles"] == {
        "trbovlje": "viewer",
        "velenje": "owner",
    }
    assert service.grant(velenje, "ana@example.org", "velenje", "coder")["roles"]["velenje"] == "coder"
    assert service.revoke(velenje, "ana@example.org", "trbovlje")["roles"] == {"velenje": "coder"}
    with pytest.raises(NotFound, match=re.escape("ana@example.org has no role in trbovlje")):
        service.revoke(velenje, "ana@example.org", "trbovlje")
    with pytest.raises(NotFound, match=re.escape("no account 'cene@example.org'")):
        service.grant(velenje, "cene@example.org", "velenje", "viewer")
    with pytest.raises(InputError, match="unknown role"):
        service.grant(velenje, "ana@example.org", "velenje", "boss")
    assert [(u["email"], u["roles"]) for u in service.list_users(velenje)] == [
        ("ana@example.org", {"velenje": "coder"}),
        ("bor@example.org", {}),
    ]
    people = service.town_people(velenje, "velenje")
    assert people["people"] == [{"email": "ana@example.org", "name": "Ana Novak", "role": "coder", "disabled": False}]
    assert people["public_parts"] == ["report", "innovations", "join"]


def test_set_password_link(velenje: Database) -> None:
    token = service.add_user(velenje, "bor@example.org", "Bor Kos").token
    assert token is not None
    assert service.link_account(velenje, token) == {"email": "bor@example.org", "name": "Bor Kos"}
    with pytest.raises(InputError, match="too easy"):
        service.set_password(velenje, token, "BOR@example.org")
    account = service.set_password(velenje, token, PASSWORD)
    assert (account.email, account.session_epoch) == ("bor@example.org", 1)
    stored = _user(velenje, "bor@example.org")
    assert stored.password_token_hash is None and stored.password_token_expires is None
    with pytest.raises(NotFound, match="This link is not valid or has expired"):
        service.set_password(velenje, token, PASSWORD)  # used up
    assert service.authenticate(velenje, "bor@example.org", PASSWORD).id == account.id
    # a reset forgets the password and ends the sessions; an expired link does not work
    fresh = service.reset_user(velenje, "bor@example.org")
    assert service.session_account(velenje, account.id, 1) is None
    with pytest.raises(service.SignInRefused):
        service.authenticate(velenje, "bor@example.org", PASSWORD)
    with velenje.transaction() as s:
        s.execute(update(User).values(password_token_expires=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    with pytest.raises(NotFound, match="expired"):
        service.link_account(velenje, fresh)
    for bad in ("", "x" * 200, "not-a-token"):
        with pytest.raises(NotFound):
            service.link_account(velenje, bad)


def test_sign_in_throttle_and_sessions(velenje: Database) -> None:
    ana = person(velenje, "ana@example.org", "Ana Novak", {"velenje": "researcher"}, password=PASSWORD)
    signed = service.authenticate(velenje, "ANA@example.org", PASSWORD)
    assert signed == ana and signed.roles == {1: "researcher"}
    assert _user(velenje, "ana@example.org").last_login_at is not None
    for wrong in ("", "nobody@example.org", "not an address"):
        with pytest.raises(service.SignInRefused, match=re.escape("Wrong e-mail address or password.")):
            service.authenticate(velenje, wrong, PASSWORD)
    messages = []
    for _ in range(6):
        try:
            service.authenticate(velenje, "ana@example.org", "wrong password")
        except service.SignInRefused as exc:
            messages.append(exc.message)
    assert messages == ["Wrong e-mail address or password."] * 5 + [
        "Too many failed sign-ins: try again in 15 minutes."
    ]
    assert _user(velenje, "ana@example.org").failed_logins == 5
    with pytest.raises(service.SignInRefused) as locked:  # even the right password waits
        service.authenticate(velenje, "ana@example.org", PASSWORD)
    assert (locked.value.msgid, locked.value.params) == (service.LOCKED, {"minutes": 15})
    with velenje.transaction() as s:
        s.execute(update(User).values(locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert service.authenticate(velenje, "ana@example.org", PASSWORD).id == ana.id
    assert _user(velenje, "ana@example.org").failed_logins == 0
    # sessions: valid for the epoch they were signed in; signing out and disabling end them
    assert service.session_account(velenje, ana.id, 0) == ana
    assert service.session_account(velenje, ana.id, 1) is None
    assert service.session_account(velenje, 999, 0) is None
    service.end_sessions(velenje, ana.id)
    assert service.session_account(velenje, ana.id, 0) is None
    assert service.session_account(velenje, ana.id, 1) is not None
    assert service.disable_user(velenje, "ana@example.org")["disabled"] is True
    assert service.session_account(velenje, ana.id, 2) is None
    with pytest.raises(service.SignInRefused, match=re.escape("Wrong e-mail address or password.")):
        service.authenticate(velenje, "ana@example.org", PASSWORD)
    assert service.disable_user(velenje, "ana@example.org", disabled=False)["disabled"] is False
    assert service.authenticate(velenje, "ana@example.org", PASSWORD).session_epoch == 2


def test_public_parts_and_subjects(velenje: Database) -> None:
    assert service.public_parts(velenje, "velenje") == {
        "town": "velenje",
        "public_parts": ["report", "innovations", "join"],
    }
    assert service.set_public_parts(velenje, "velenje", ["map", "report"]) == {
        "town": "velenje",
        "public_parts": ["report", "map"],
    }
    town_id = service.subject(velenje, slug="velenje").town_id
    assert service.subject(velenje, slug="velenje") == Subject(town_id, "velenje", ("report", "map"))
    fac = person(velenje, "fac@example.org", "Fran", {"velenje": "facilitator"})
    created = ws.create_workshop(velenje, "velenje", rounds="individual", facilitator_id=fac.id)
    by_id = service.subject(velenje, workshop_id=created.workshop_id)
    by_room = service.subject(velenje, room_code=created.room_code.lower())
    assert (
        by_id
        == by_room
        == Subject(town_id, "velenje", ("report", "map"), created.workshop_id, fac.id, created.secret_salt)
    )
    with pytest.raises(NotFound, match="no workshop 999"):
        service.subject(velenje, workshop_id=999)
    with pytest.raises(NotFound, match="no open workshop with this room code"):
        service.subject(velenje, room_code="NOPE99")
    ws.end_workshop(velenje, created.workshop_id)
    with pytest.raises(NotFound):
        service.subject(velenje, room_code=created.room_code)  # room codes end with the workshop
    assert [s.town_slug for s in service.town_subjects(velenje)] == ["velenje"]


def test_overview_lists_towns_roles_and_workshops(velenje: Database) -> None:
    fac = person(velenje, "fac@example.org", "Fran", {"velenje": "facilitator"})
    rea = person(velenje, "rea@example.org", "Rea", {"velenje": "researcher"})
    own = ws.create_workshop(velenje, "velenje", title="Fran's", rounds="individual", facilitator_id=fac.id)
    guest = ws.create_workshop(velenje, "velenje", title="Guests'", rounds="individual")
    mine = service.overview(velenje, fac)
    assert mine["towns"] == [{"slug": "velenje", "name": "Velenje", "role": "facilitator"}]
    assert [(w["id"], w["title"], w["mine"]) for w in mine["workshops"]] == [(own.workshop_id, "Fran's", True)]
    every = service.overview(velenje, rea)
    assert [(w["id"], w["mine"]) for w in every["workshops"]] == [(guest.workshop_id, False), (own.workshop_id, False)]
    service.grant(velenje, "fac@example.org", "velenje", "viewer")  # no longer facilitates: the console is gone
    assert service.overview(velenje, fac)["workshops"] == []
