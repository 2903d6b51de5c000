"""Argon2id hashes and the password policy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from townpaths.core.errors import InputError
from townpaths.people.core.passwords import check_password, hash_password, needs_rehash, verify_password


def test_hash_and_verify() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse battery ")
    assert not verify_password(None, "correct horse battery")  # no password set: always fails
    assert not verify_password("not a hash", "x")
    assert not verify_password(stored, "x" * 300)  # too long to be checked at all
    assert hash_password("correct horse battery") != stored  # a new salt every time
    assert not needs_rehash(stored)
    weak = "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$3HqX2FyyQN2B5LOF4G4YFfzvxw7QcxR9AgTrZcHFSuc"
    assert needs_rehash(weak)


@pytest.mark.parametrize(
    "password, message",
    [
        ("short", "field 'password': use at least 10 characters"),
        ("x" * 257, "field 'password': use at most 256 characters"),
        ("1234567890", "field 'password': this password is too easy to guess: choose another"),
        ("aaaaabbbbb", "field 'password': this password is too easy to guess: choose another"),
        ("ana.novak@example.org", "field 'password': this password is too easy to guess: choose another"),
        ("ana.novak1", None),
        ("Ana Novak Pass", None),
    ],
)
def test_policy(password: str, message: str | None) -> None:
    if message is None:
        assert check_password(password, email="ana.novak@example.org", name="Ana Novak") == password
    else:
        with pytest.raises(InputError) as err:
            check_password(password, email="ana.novak@example.org", name="Ana Novak")
        assert err.value.message == message
    with pytest.raises(InputError, match="too easy"):
        check_password("AnaNovak12", email="a@b.c", name="AnaNovak12")


def test_the_hash_of_no_ones_password_is_made_at_the_first_check_that_needs_it() -> None:
    code = (
        "from townpaths.people.core import passwords as p\n"
        "assert p._dummy.cache_info().currsize == 0\n"  # importing costs no hash
        "assert not p.verify_password(None, 'correct horse battery')\n"
        "assert p._dummy.cache_info().currsize == 1\n"
        "print(p._dummy(p._HASHER)[:31])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "$argon2id$v=19$m=65536,t=3,p=4$"
