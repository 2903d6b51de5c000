"""One-time set-password tokens, e-mail addresses and the login throttle (pure).

A set-password link carries a random 256-bit token; only its SHA-256 is stored (a token that
random needs no slow hash), with an expiry. The throttle locks an account for a while after
repeated failed sign-ins, longer each time."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from townpaths.core.errors import InputError
from townpaths.core.values import check_text

#: How long a set-password link works.
TOKEN_LIFETIME = dt.timedelta(days=3)
#: Failed sign-ins of an account before it is locked, the first lock, and the longest.
FREE_FAILURES = 5
FIRST_LOCK = dt.timedelta(minutes=15)
LONGEST_LOCK = dt.timedelta(hours=24)

_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_email(email: str) -> str:
    """An e-mail address, trimmed and lower-cased (addresses are compared without case)."""
    value = email.strip().lower()
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise InputError("not an e-mail address", field="email", value=email)
    return value


def check_name(name: str) -> str:
    value = " ".join(name.split())
    if not value or len(value) > 200:
        raise InputError("give a name of 1 to 200 characters", field="name", value=name)
    return check_text(value, field="name")


def lock_after(failures: int) -> dt.timedelta | None:
    """How long an account is locked after its ``failures``-th failed sign-in in a row: not at all
    for the first :data:`FREE_FAILURES`, then 15 minutes, doubling with each failure, at most a day."""
    if failures < FREE_FAILURES:
        return None
    lock: dt.timedelta = FIRST_LOCK * (2 ** min(failures - FREE_FAILURES, 20))
    return min(lock, LONGEST_LOCK)
