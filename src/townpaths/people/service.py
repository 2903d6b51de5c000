"""Accounts, roles, set-password links, login throttling, sessions and what a person may reach.
Every function runs one ``db.transaction()``; the rules are :mod:`townpaths.people.core`'s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from townpaths.core.errors import Conflict, InputError, NotFound, TownpathsError
from townpaths.people.core import passwords, tokens
from townpaths.people.core.roles import (
    FACILITATE,
    FACILITATE_ANY,
    PUBLIC_PARTS,
    ROLES,
    Account,
    Subject,
    check_parts,
    check_role,
    permissions,
)
from townpaths.storage import Database
from townpaths.storage.models import Town, TownRole, User, Workshop
from townpaths.storage.towns import find_town


class SignInRefused(TownpathsError):
    """A refused sign-in: ``msgid`` and ``params`` let the web layer translate the message."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid % params if params else msgid)
        self.msgid, self.params = msgid, params


WRONG = "Wrong e-mail address or password."
LOCKED = "Too many failed sign-ins: try again in %(minutes)d minutes."
BAD_LINK = "This link is not valid or has expired: ask for a new one."


@dataclass(frozen=True)
class Added:
    """A new account and, when it has no password yet, its one-time set-password token."""

    account: dict[str, Any]
    token: str | None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back datetimes without a zone: they were written in UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _user(session: Session, email: str) -> User:
    found = session.scalar(select(User).where(User.email == tokens.check_email(email)))
    if found is None:
        raise NotFound(f"no account {email.strip().lower()!r}")
    return found


def _roles(session: Session, user_id: int) -> dict[int, str]:
    query = select(TownRole.town_id, TownRole.role).where(TownRole.user_id == user_id)
    return {row.town_id: row.role for row in session.execute(query)}


def _account(session: Session, user: User) -> Account:
    return Account(user.id, user.email, user.name, user.is_admin, _roles(session, user.id), user.session_epoch)


def _issue_token(user: User) -> str:
    token = tokens.new_token()
    user.password_token_hash = tokens.token_hash(token)
    user.password_token_expires = now() + tokens.TOKEN_LIFETIME
    return token


# --- accounts -------------------------------------------------------------------------------------


def add_user(db: Database, email: str, name: str, *, password: str | None = None, admin: bool = False) -> Added:
    """A new account: with ``password`` (checked by the policy), or with a one-time set-password
    token to hand to the person (the account has no password until they use it)."""
    address, name = tokens.check_email(email), tokens.check_name(name)
    if password is not None:
        passwords.check_password(password, email=address, name=name)
    with db.transaction() as session:
        if session.scalar(select(User.id).where(User.email == address)) is not None:
            raise Conflict(f"an account {address!r} exists already")
        user = User(email=address, name=name, is_admin=admin, disabled=False, session_epoch=0, failed_logins=0)
        token = None
        if password is not None:
            user.password_hash = passwords.hash_password(password)
        else:
            token = _issue_token(user)
        session.add(user)
        session.flush()
        return Added(_row(session, user), token)


def _row(session: Session, user: User) -> dict[str, Any]:
    slugs = dict(session.execute(select(Town.id, Town.slug)).all())
    return {
        "email": user.email,
        "name": user.name,
        "admin": user.is_admin,
        "disabled": user.disabled,
        "password_set": user.password_hash is not None,
        "roles": {slugs[t]: r for t, r in sorted(_roles(session, user.id).items(), key=lambda x: slugs[x[0]])},
        "last_login_at": _aware(user.last_login_at),
    }


def user_id(db: Database, email: str) -> int:
    """The id of the account with this e-mail address."""
    with db.transaction() as session:
        return _user(session, email).id


def list_users(db: Database) -> list[dict[str, Any]]:
    with db.transaction() as session:
        return [_row(session, u) for u in session.scalars(select(User).order_by(User.email))]


def reset_user(db: Database, email: str) -> str:
    """Forget the password, end every session and return a new one-time set-password token."""
    with db.transaction() as session:
        user = _user(session, email)
        user.password_hash = None
        user.session_epoch += 1
        user.failed_logins, user.locked_until = 0, None
        return _issue_token(user)


def disable_user(db: Database, email: str, *, disabled: bool = True) -> dict[str, Any]:
    """Disable (or enable again) an account; disabling ends its sessions and its set-password link."""
    with db.transaction() as session:
        user = _user(session, email)
        user.disabled = disabled
        if disabled:
            user.session_epoch += 1
            user.password_token_hash = user.password_token_expires = None
        return _row(session, user)


def _not_self(user: User, by: int | None) -> None:
    """An owner changing roles on the web does not change their own (and so cannot leave the town
    without an owner by mistake); the command line can."""
    if by is not None and user.id == by:
        raise InputError("you cannot change your own role here", field="email", value=user.email)


def grant(db: Database, email: str, town: str, role: str, *, by: int | None = None) -> dict[str, Any]:
    """Give the account ``role`` in ``town`` (replacing the role it had there); ``by`` is the
    account doing it, when that is not the administrator."""
    role = check_role(role)
    found = find_town(db, town)
    with db.transaction() as session:
        user = _user(session, email)
        _not_self(user, by)
        current = session.scalar(select(TownRole).where(TownRole.user_id == user.id, TownRole.town_id == found.id))
        if current is None:
            session.add(TownRole(user_id=user.id, town_id=found.id, role=role))
        else:
            current.role = role
        session.flush()
        return _row(session, user)


def revoke(db: Database, email: str, town: str, *, by: int | None = None) -> dict[str, Any]:
    """Take the account's role in ``town`` away (it takes effect at the next request)."""
    found = find_town(db, town)
    with db.transaction() as session:
        user = _user(session, email)
        _not_self(user, by)
        current = session.scalar(select(TownRole).where(TownRole.user_id == user.id, TownRole.town_id == found.id))
        if current is None:
            raise NotFound(f"{user.email} has no role in {found.slug}")
        session.delete(current)
        session.flush()
        return _row(session, user)


# --- what a town shows anonymous visitors ---------------------------------------------------------


def set_public_parts(db: Database, town: str, parts: Iterable[str]) -> dict[str, Any]:
    """Set which parts of ``town`` anonymous visitors see (any of :data:`PUBLIC_PARTS`)."""
    checked = check_parts(parts)
    found = find_town(db, town)
    with db.transaction() as session:
        session.get_one(Town, found.id).public_parts = checked
    return {"town": found.slug, "public_parts": checked}


def public_parts(db: Database, town: str | None) -> dict[str, Any]:
    found = find_town(db, town)
    return {"town": found.slug, "public_parts": [p for p in PUBLIC_PARTS if p in (found.public_parts or [])]}


def town_people(db: Database, town: str) -> dict[str, Any]:
    """The owner's view of a town: who has which role, and what anonymous visitors see."""
    found = find_town(db, town)
    with db.transaction() as session:
        people: list[dict[str, Any]] = [
            {"email": u.email, "name": u.name, "role": r.role, "disabled": u.disabled}
            for r, u in session.execute(
                select(TownRole, User).join(User, User.id == TownRole.user_id).where(TownRole.town_id == found.id)
            )
        ]
    people.sort(key=lambda p: (ROLES.index(p["role"]) if p["role"] in ROLES else len(ROLES), p["email"]))
    return {"town": found, "people": people, "public_parts": public_parts(db, found.slug)["public_parts"]}


# --- set-password links ---------------------------------------------------------------------------


def _by_token(session: Session, token: str) -> User:
    if not token or len(token) > 100:
        raise NotFound(BAD_LINK)
    user = session.scalar(select(User).where(User.password_token_hash == tokens.token_hash(token)))
    expires = _aware(user.password_token_expires) if user is not None else None
    if user is None or user.disabled or expires is None or expires < now():
        raise NotFound(BAD_LINK)
    return user


def link_account(db: Database, token: str) -> dict[str, str]:
    """Whose set-password link this is (NotFound when it is not valid or has expired)."""
    with db.transaction() as session:
        user = _by_token(session, token)
        return {"email": user.email, "name": user.name}


def set_password(db: Database, token: str, password: str) -> Account:
    """Set the password with a one-time link: the link is used up, older sessions end."""
    with db.transaction() as session:
        user = _by_token(session, token)
        passwords.check_password(password, email=user.email, name=user.name)
        user.password_hash = passwords.hash_password(password)
        user.password_token_hash = user.password_token_expires = None
        user.session_epoch += 1
        user.failed_logins, user.locked_until = 0, None
        return _account(session, user)


# --- signing in -----------------------------------------------------------------------------------


def authenticate(db: Database, email: str, password: str) -> Account:
    """The account of ``email`` if ``password`` is its password. A wrong password counts a failed
    sign-in; too many in a row lock the account for a while (:func:`tokens.lock_after`); an unknown
    address, a disabled account or one without a password fail like a wrong password."""
    try:
        address = tokens.check_email(email)
    except TownpathsError:
        passwords.verify_password(None, password)
        raise SignInRefused(WRONG) from None
    refused: SignInRefused | None = None
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.email == address))
        if user is None:
            passwords.verify_password(None, password)
            raise SignInRefused(WRONG)
        locked = _aware(user.locked_until)
        if locked is not None and locked > now():
            raise SignInRefused(LOCKED, minutes=max(1, -(-int((locked - now()).total_seconds()) // 60)))
        if not passwords.verify_password(user.password_hash, password) or user.disabled:
            user.failed_logins += 1  # committed: the refusal is raised after the transaction
            lock = tokens.lock_after(user.failed_logins)
            user.locked_until = now() + lock if lock else None
            refused = SignInRefused(WRONG)
        else:
            if user.password_hash and passwords.needs_rehash(user.password_hash):
                user.password_hash = passwords.hash_password(password)
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now()
            account = _account(session, user)
    if refused is not None:
        raise refused
    return account


def session_account(db: Database, user_id: int, epoch: int) -> Account | None:
    """The account of a session cookie, or None when the session has ended (signed out, password
    reset, account disabled or deleted)."""
    with db.transaction() as session:
        user = session.get(User, user_id)
        if user is None or user.disabled or user.session_epoch != epoch:
            return None
        return _account(session, user)


def end_sessions(db: Database, user_id: int) -> None:
    """Sign the person out everywhere."""
    with db.transaction() as session:
        user = session.get(User, user_id)
        if user is not None:
            user.session_epoch += 1


# --- what a request is about ----------------------------------------------------------------------


def _subject(town: Town, workshop: Workshop | None = None) -> Subject:
    parts = tuple(p for p in PUBLIC_PARTS if p in (town.public_parts or []))
    if workshop is None:
        return Subject(town.id, town.slug, parts)
    return Subject(town.id, town.slug, parts, workshop.id, workshop.facilitator_id, workshop.secret_salt)


def subject(
    db: Database, *, slug: str | None = None, workshop_id: int | None = None, room_code: str | None = None
) -> Subject:
    """The town (and workshop) a request is about, from a town slug, a workshop id or a room code
    (NotFound when there is none)."""
    if slug is not None:
        return _subject(find_town(db, slug))
    with db.transaction() as session:
        if workshop_id is not None:
            workshop = session.get(Workshop, workshop_id)
            if workshop is None:
                raise NotFound(f"no workshop {workshop_id}")
        else:
            code = "".join(ch for ch in (room_code or "").upper() if ch.isalnum())
            workshop = session.scalar(
                select(Workshop).where(Workshop.room_code == code, Workshop.status != "ended").limit(1)
            )
            if workshop is None:
                raise NotFound("no open workshop with this room code")
        return _subject(session.get_one(Town, workshop.town_id), workshop)


def town_subjects(db: Database) -> list[Subject]:
    """Every town as an access subject (for lists of towns)."""
    with db.transaction() as session:
        return [_subject(t) for t in session.scalars(select(Town).order_by(Town.slug))]


# --- a person's overview --------------------------------------------------------------------------


def overview(db: Database, account: Account) -> dict[str, Any]:
    """The account page: the person's towns and roles, and the workshops they may run (their own,
    and every workshop of a town where they may facilitate any)."""
    with db.transaction() as session:
        roles = _roles(session, account.id)
        towns = {t.id: t for t in session.scalars(select(Town).where(Town.id.in_(list(roles))))}
        every = [t for t, r in roles.items() if FACILITATE_ANY in permissions(r)]
        own = [t for t, r in roles.items() if FACILITATE in permissions(r)]
        query = (
            select(Workshop)
            .where(
                or_(
                    Workshop.town_id.in_(every),
                    Workshop.town_id.in_(own) & (Workshop.facilitator_id == account.id),
                )
            )
            .order_by(Workshop.id.desc())
        )
        workshops = [
            {
                "id": w.id,
                "title": w.title,
                "status": w.status,
                "held_on": w.held_on,
                "town": towns[w.town_id].name,
                "slug": towns[w.town_id].slug,
                "mine": w.facilitator_id == account.id,
            }
            for w in session.scalars(query)
        ]
        user = session.get_one(User, account.id)
        return {
            "account": {"email": user.email, "name": user.name, "admin": user.is_admin},
            "towns": sorted(
                ({"slug": towns[t].slug, "name": towns[t].name, "role": r} for t, r in roles.items()),
                key=lambda x: x["name"],
            ),
            "workshops": workshops,
        }
