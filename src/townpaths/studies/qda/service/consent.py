"""Interviewees' consent in the database: recording and withdrawing it, the lock on the
transcripts of a withdrawn consent, and the condition that keeps them out of analyses and
exports (:mod:`townpaths.studies.qda.core.consent`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, NotFound
from townpaths.core.values import check_text
from townpaths.storage import Database
from townpaths.storage.models import Interview, Interviewee
from townpaths.storage.towns import find_town
from townpaths.studies.qda.core.consent import Consent, check_consent, locked

#: What ``set_consent`` changes.
FIELDS = ("on", "scope", "withdrawn_on")


def consented() -> ColumnElement[bool]:
    """SQL condition on an (outer-joined) interviewee: no withdrawn consent. A transcript without
    an interviewee passes (the outer join gives NULL)."""
    return Interviewee.consent_withdrawn_on.is_(None)


def withdrawn_interviews(session: Session, town_id: int) -> set[int]:
    """Ids of the town's transcripts whose interviewee withdrew consent."""
    return set(
        session.scalars(
            select(Interview.id)
            .join(Interviewee, Interviewee.id == Interview.interviewee_id)
            .where(Interview.town_id == town_id, Interviewee.consent_withdrawn_on.is_not(None))
        )
    )


def check_unlocked(session: Session, interview: Interview) -> None:
    """Refuse any change to a transcript whose interviewee withdrew consent (409, one line)."""
    if interview.interviewee_id is None:
        return
    person = session.get(Interviewee, interview.interviewee_id)
    if person is not None and person.consent_withdrawn_on is not None:
        raise locked(person.code, person.consent_withdrawn_on)


def _find(session: Session, town_id: int, code: str) -> Interviewee:
    check_text(code, field="pseudonym")
    person = session.scalar(select(Interviewee).where(Interviewee.town_id == town_id, Interviewee.code == code))
    if person is None:
        raise NotFound(f"no interviewee {code!r}")
    return person


def consent_dict(person: Interviewee, transcripts: int = 0) -> dict[str, Any]:
    return {
        "interviewee": person.code,
        "sector": person.sector,
        "consent_on": person.consent_on.isoformat() if person.consent_on else None,
        "consent_scope": person.consent_scope,
        "consent_withdrawn_on": person.consent_withdrawn_on.isoformat() if person.consent_withdrawn_on else None,
        "withdrawn": person.consent_withdrawn_on is not None,
        "transcripts": transcripts,
    }


def set_consent(db: Database, town: str | None, code: str, **changes: Any) -> dict[str, Any]:
    """Record an interviewee's consent: any of ``on`` (date), ``scope`` (text) and ``withdrawn_on``
    (date); a key given as ``None`` clears the value (``withdrawn_on=None`` reinstates a consent
    withdrawn by mistake). Checked as a whole before it is saved."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise InputError("unknown consent field", field=sorted(unknown)[0])
    if not changes:
        raise InputError("nothing to record: give the consent date, its scope or the withdrawal date")
    found = find_town(db, town)
    with db.transaction() as session:
        person = _find(session, found.id, code)
        current = Consent(person.consent_on, person.consent_scope, person.consent_withdrawn_on)
        merged = check_consent(
            Consent(
                changes.get("on", current.on),
                changes.get("scope", current.scope),
                changes.get("withdrawn_on", current.withdrawn_on),
            ),
            person.code,
        )
        person.consent_on, person.consent_scope, person.consent_withdrawn_on = (
            merged.on,
            merged.scope,
            merged.withdrawn_on,
        )
        session.flush()
        count = session.scalar(select(func.count()).where(Interview.interviewee_id == person.id)) or 0
        return consent_dict(person, count)


def consents(db: Database, town: str | None) -> list[dict[str, Any]]:
    """Every interviewee of the town with their consent and number of transcripts, by pseudonym."""
    found = find_town(db, town)
    with db.transaction() as session:
        counts = dict(
            session.execute(
                select(Interview.interviewee_id, func.count())
                .where(Interview.town_id == found.id)
                .group_by(Interview.interviewee_id)
            ).all()
        )
        people = session.scalars(select(Interviewee).where(Interviewee.town_id == found.id).order_by(Interviewee.code))
        return [consent_dict(p, counts.get(p.id, 0)) for p in people]
