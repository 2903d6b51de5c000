"""Signed session cookies: the account id and its ``session_epoch`` when the person signed in.
Signing out, a password reset and disabling the account raise the epoch, which ends every
session signed before; a session also ends :data:`MAX_AGE` after sign-in."""

from __future__ import annotations

import datetime as dt

from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_AGE = dt.timedelta(days=14)


class SessionSigner:
    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="townpaths.people.session")

    def dumps(self, user_id: int, epoch: int) -> str:
        return self._serializer.dumps({"u": user_id, "e": epoch})

    def loads(self, token: str | None) -> tuple[int, int] | None:
        """(user id, epoch) of a valid, unexpired token, else None."""
        if not token:
            return None
        try:
            data = self._serializer.loads(token, max_age=int(MAX_AGE.total_seconds()))
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        uid, epoch = data.get("u"), data.get("e")
        if not isinstance(uid, int) or not isinstance(epoch, int):
            return None
        return uid, epoch
