"""Password hashing with Argon2id (argon2-cffi, RFC 9106's second recommended parameters) and
the password policy (NIST SP 800-63B: a minimum length, no composition rules, no password that
is the account's own name or address or a well-known one)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from townpaths.core.errors import InputError

MIN_LENGTH = 10
#: Longer passwords are refused before hashing (hashing a megabyte costs as much as a password).
MAX_LENGTH = 256
#: Passwords every list of leaked passwords starts with.
COMMON = frozenset(
    {
        "1234567890",
        "12345678910",
        "0123456789",
        "qwertyuiop",
        "1q2w3e4r5t",
        "password123",
        "password1234",
        "iloveyou123",
        "geslo12345",
        "velenje123",
        "administrator",
        "letmein1234",
        "welcome123",
        "abcdefghij",
        "aaaaaaaaaa",
    }
)

_HASHER = PasswordHasher()  # Argon2id, memory 64 MiB, 3 passes, 4 lanes


@cache
def _dummy(hasher: PasswordHasher) -> str:
    """A hash of no one's password: verifying against it costs the same time as a real check, so a
    sign-in with an unknown address takes as long as one with a wrong password. Made at the first
    check that needs it, not when the module is imported: hashing takes 0.6 s, and every command of
    the command line imports this module."""
    return hasher.hash("no account has this password")


def check_password(password: str, *, email: str = "", name: str = "") -> str:
    """The password if the policy accepts it, else :class:`InputError` naming the field."""
    if len(password) < MIN_LENGTH:
        raise InputError(f"use at least {MIN_LENGTH} characters", field="password")
    if len(password) > MAX_LENGTH:
        raise InputError(f"use at most {MAX_LENGTH} characters", field="password")
    lowered = password.casefold()
    own = {email.casefold(), email.casefold().split("@")[0], name.casefold(), name.casefold().replace(" ", "")}
    if lowered in COMMON or lowered in own - {""} or len(set(lowered)) < 3:
        raise InputError("this password is too easy to guess: choose another", field="password")
    return password


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Does ``password`` match the stored hash? Without a hash (no password set, or no account) the
    check still takes the time of one, and fails."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _HASHER.verify(stored or _dummy(_HASHER), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored)
