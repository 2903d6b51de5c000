"""One-time tokens, addresses and the login throttle; signed sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from itsdangerous import URLSafeTimedSerializer

from townpaths.core.errors import InputError
from townpaths.people.core.sessions import MAX_AGE, SessionSigner
from townpaths.people.core.tokens import check_email, check_name, lock_after, new_token, token_hash


def test_tokens_are_random_and_stored_as_a_hash() -> None:
    a, b = new_token(), new_token()
    assert a != b and len(a) == 43
    assert token_hash(a) == token_hash(a) and len(token_hash(a)) == 64 and a not in token_hash(a)


def test_addresses_and_names() -> None:
    assert check_email("  Ana.Novak@Example.ORG ") == "ana.novak@example.org"
    for bad in ("ana", "ana@example", "a b@example.org", "x@" + "y" * 250 + ".si"):
        with pytest.raises(InputError, match="not an e-mail address"):
            check_email(bad)
    assert check_name("  Ana   Novak ") == "Ana Novak"
    with pytest.raises(InputError, match="give a name of 1 to 200 characters"):
        check_name("   ")


def test_lock_after_failures() -> None:
    minutes = [None if (d := lock_after(n)) is None else d / dt.timedelta(minutes=1) for n in range(4, 12)]
    assert minutes == [None, 15, 30, 60, 120, 240, 480, 960]
    assert lock_after(12) == dt.timedelta(hours=24) and lock_after(10_000) == dt.timedelta(hours=24)


def test_session_tokens() -> None:
    signer = SessionSigner("k")
    token = signer.dumps(7, 3)
    assert signer.loads(token) == (7, 3)
    assert SessionSigner("other key").loads(token) is None
    assert signer.loads(token[:-2] + "xx") is None
    assert signer.loads(None) is None and signer.loads("") is None
    # a token of the right key but another shape, or older than MAX_AGE, is refused
    raw = URLSafeTimedSerializer("k", salt="townpaths.people.session")
    assert signer.loads(raw.dumps({"u": "7", "e": 3})) is None
    assert signer.loads(raw.dumps([7, 3])) is None
    stale = _signed_at(raw, {"u": 7, "e": 3}, dt.datetime.now(dt.UTC) - MAX_AGE - dt.timedelta(minutes=1))
    assert signer.loads(stale) is None


def _signed_at(serializer: URLSafeTimedSerializer, data: object, when: dt.datetime) -> str:
    from itsdangerous import TimestampSigner

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(when.timestamp())

    serializer.signer = Then
    return serializer.dumps(data)
