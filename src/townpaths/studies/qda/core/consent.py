"""Interviewees' consent: the date it was given, its scope, and the date it was withdrawn.

A withdrawn consent locks the interviewee's transcripts: no new coding, no change to their
segments, no edits; they and their segments are left out of every analysis and export (the
lossless bundle, which is the backup, keeps them with the withdrawal date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from townpaths.core.errors import Conflict, InputError
from townpaths.core.values import check_text

MAX_SCOPE = 2000  # characters of a consent's scope


@dataclass(frozen=True)
class Consent:
    on: dt.date | None = None
    scope: str | None = None
    withdrawn_on: dt.date | None = None


def parse_date(value: str | None, field: str) -> dt.date | None:
    """``YYYY-MM-DD`` (or nothing) -> a date; one line naming the field otherwise."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("not a date (YYYY-MM-DD)", field=field, value=value) from None


def check_consent(consent: Consent, code: str) -> Consent:
    """The consent cleaned (scope stripped, empty scope as none) and checked: a withdrawal is not
    dated before the consent."""
    scope = (consent.scope or "").strip() or None
    if scope is not None and len(scope) > MAX_SCOPE:
        raise InputError(f"the scope is longer than {MAX_SCOPE} characters", field="scope", value=scope)
    if scope is not None:
        check_text(scope, field="scope")
    if consent.on and consent.withdrawn_on and consent.withdrawn_on < consent.on:
        raise InputError(
            f"consent of {code} cannot be withdrawn before it was given ({consent.on.isoformat()})",
            field="consent_withdrawn_on",
            value=consent.withdrawn_on.isoformat(),
        )
    return Consent(consent.on, scope, consent.withdrawn_on)


def locked(code: str, withdrawn_on: dt.date) -> Conflict:
    """The error for any change to a transcript of an interviewee who withdrew consent."""
    when = withdrawn_on.isoformat()
    return Conflict(f"interviewee {code} withdrew consent on {when}: the transcript is locked (no coding or edits)")
