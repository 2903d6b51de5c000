"""Analysis over a town's coding: its coders, inter-coder agreement, the interviews coded, Table 2
from coding and code co-occurrence. Results computed over every segment are kept between loads,
keyed by the town's coding revision (:mod:`townpaths.storage.revisions`); the transcripts of an
interviewee who withdrew consent are left out (:mod:`townpaths.studies.qda.service.consent`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, NotFound
from townpaths.core.values import check_text
from townpaths.core.vocab import FICTIONAL
from townpaths.storage import Database
from townpaths.storage.models import (
    Code,
    CodedSegment,
    Coder,
    Interview,
    Interviewee,
    Narrative,
    Period,
)
from townpaths.storage.revisions import MEMO, coding_version
from townpaths.storage.towns import find_town
from townpaths.studies.qda.core import agreement as agreement_mod
from townpaths.studies.qda.core.segments import cooccurrence as cooccurrence_pairs
from townpaths.studies.qda.core.table2 import table2
from townpaths.studies.qda.service.consent import consented


def check_coders(*names: str | None) -> None:
    """Coder names a query filters by: text a database can compare (no NUL)."""
    for name in names:
        if name is not None:
            check_text(name, field="coder")


def _coder_names(db: Database, session: Session, town_id: int) -> list[str]:
    """The names of the coders of the town's segments (of consented transcripts), sorted (kept
    between loads like the results computed over all segments: :mod:`townpaths.storage.revisions`)."""
    version = coding_version(session, town_id)
    return MEMO.get(db, version, ("coders", town_id), lambda: _read_coder_names(session, town_id))


def _read_coder_names(session: Session, town_id: int) -> list[str]:
    query = (
        select(CodedSegment.coder)
        .join(Interview, Interview.id == CodedSegment.interview_id)
        .outerjoin(Interviewee, Interviewee.id == Interview.interviewee_id)
        .where(CodedSegment.town_id == town_id, CodedSegment.coder.is_not(None), consented())
        .distinct()
    )
    return sorted(name for name in session.scalars(query) if name is not None)


def coders(db: Database, town: str | None) -> list[str]:
    town_id = find_town(db, town).id
    with db.transaction() as session:
        return _coder_names(db, session, town_id)


def coder_people(db: Database, town: str | None) -> list[dict[str, Any]]:
    """The coders of the town's segments: each one's name and the account (e-mail address, name)
    coding under it, if any. Agreement is computed between two of them: two people."""
    from townpaths.storage.models import User

    town_id = find_town(db, town).id
    with db.transaction() as session:
        accounts = {
            name: (email, person)
            for name, email, person in session.execute(
                select(Coder.name, User.email, User.name)
                .join(User, User.id == Coder.user_id)
                .where(Coder.town_id == town_id)
            )
        }
        return [
            {"name": n, "email": accounts.get(n, (None, None))[0], "account": accounts.get(n, (None, None))[1]}
            for n in _coder_names(db, session, town_id)
        ]


def _coder_of(session: Session, town_id: int, wanted: str) -> str:
    """A coder named ``wanted``, or the coder of the account with the e-mail address ``wanted``."""
    from townpaths.storage.models import User

    if "@" not in wanted:
        return wanted
    linked = session.scalar(
        select(Coder.name)
        .join(User, User.id == Coder.user_id)
        .where(Coder.town_id == town_id, User.email == wanted.strip().lower())
    )
    return linked if linked is not None else wanted


def agreement(db: Database, town: str | None, coder_a: str | None = None, coder_b: str | None = None) -> dict[str, Any]:
    """Inter-coder reliability of two coders (default: the first two by name) on character units
    (transcripts of a withdrawn consent left out). A coder is named by its name or by the e-mail
    address of the account coding under it."""
    check_coders(coder_a, coder_b)
    town_id = find_town(db, town).id
    with db.transaction() as session:
        version = coding_version(session, town_id)  # before the data (storage.revisions)
        names = _coder_names(db, session, town_id)
        coder_a = _coder_of(session, town_id, coder_a) if coder_a else None
        coder_b = _coder_of(session, town_id, coder_b) if coder_b else None
        if coder_a is None or coder_b is None:
            if len(names) < 2:
                raise InputError(f"agreement needs two coders; this case has {len(names)}")
            first = coder_a or names[0]
            second = coder_b or next(n for n in names if n != first)
        else:
            first, second = coder_a, coder_b
        if first == second:
            raise InputError("choose two different coders", field="coder_b", value=second)
        for name in (first, second):
            if name not in names:
                raise NotFound(f"no segments by coder {name!r} (coders: {', '.join(names) or 'none'})")
        pair = (first, second)
        return MEMO.get(db, version, ("agreement", town_id, pair), lambda: _agreement(session, town_id, *pair))


def _agreement(session: Session, town_id: int, first: str, second: str) -> dict[str, Any]:
    """Agreement of two coders, computed (:func:`agreement`)."""
    lengths = {
        f"{r[0]}: {r[1]}": r[2]
        for r in session.execute(
            select(Interview.id, Interview.title, func.length(Interview.text))
            .outerjoin(Interviewee, Interviewee.id == Interview.interviewee_id)
            .where(Interview.town_id == town_id, consented())
        )
    }
    titles = {int(k.split(":", 1)[0]): k for k in lengths}
    rows = session.execute(
        select(CodedSegment.interview_id, Code.name, CodedSegment.coder, CodedSegment.start, CodedSegment.end)
        .join(Code, Code.id == CodedSegment.code_id)
        .join(Interview, Interview.id == CodedSegment.interview_id)
        .outerjoin(Interviewee, Interviewee.id == Interview.interviewee_id)
        .where(CodedSegment.town_id == town_id, CodedSegment.coder.in_([first, second]), consented())
    ).all()
    segments = [
        agreement_mod.Coded(titles[interview_id], code, coder, start, end)
        for interview_id, code, coder, start, end in rows
        if coder is not None  # (the query's coder IN (a, b) has already left out NULL)
    ]
    return agreement_mod.reliability(lengths, segments, first, second)


def coded_interviews(db: Database, town: str | None) -> tuple[int, int]:
    """(the town's interviews with a coded segment, how many of them are fictional examples),
    counted by the database (no transcript read)."""
    town_id = find_town(db, town).id
    coded = select(CodedSegment.interview_id).where(CodedSegment.town_id == town_id)
    with db.transaction() as session:
        rows = session.execute(
            select(Interview.provenance, func.count())
            .where(Interview.town_id == town_id, Interview.id.in_(coded))
            .group_by(Interview.provenance)
        ).all()
    return sum(n for _, n in rows), sum(n for p, n in rows if p == FICTIONAL)


def _coded_with_people(
    session: Session, town_id: int, coder: str | None, codes: Iterable[int] | None = None
) -> list[dict[str, Any]]:
    query = (
        select(
            CodedSegment.code_id,
            CodedSegment.interview_id,
            CodedSegment.start,
            Interviewee.code,
            Interviewee.sector,
            func.coalesce(
                CodedSegment.quote,
                func.substr(Interview.text, CodedSegment.start + 1, CodedSegment.end - CodedSegment.start),
            ),
        )
        .join(Interview, Interview.id == CodedSegment.interview_id)
        .outerjoin(Interviewee, Interviewee.id == Interview.interviewee_id)
        .where(CodedSegment.town_id == town_id, consented())
    )
    if coder:
        query = query.where(CodedSegment.coder == coder)
    if codes is not None:
        query = query.where(CodedSegment.code_id.in_(sorted(set(codes))))
    return [
        {"code_id": r[0], "interview": r[1], "start": r[2], "interviewee": r[3], "sector": r[4], "quote": r[5]}
        for r in session.execute(query)
    ]


def table2_from_coding(
    db: Database, town: str | None, *, coder: str | None = None, quotes: int = 2
) -> list[dict[str, Any]]:
    """Table 2 rebuilt from coding: per narrative period, dominant and alternative narratives (the
    ``narratives`` table, linked to codes by ``Narrative.code_id``) with the number of interviewees
    per helix sector who voiced each, the number of segments and example quotes (transcripts of a
    withdrawn consent left out)."""
    check_coders(coder)
    town_id = find_town(db, town).id
    with db.transaction() as session:
        version = coding_version(session, town_id)  # before the data (storage.revisions)
        key = ("table2", town_id, coder, quotes)
        return MEMO.get(db, version, key, lambda: _table2(session, town_id, coder, quotes))


def _table2(session: Session, town_id: int, coder: str | None, quotes: int) -> list[dict[str, Any]]:
    """Table 2 from coding, computed (:func:`table2_from_coding`)."""
    narratives = [
        {
            "period_no": p.no,
            "period_name": p.name_en,
            "period_name_sl": p.name_sl,
            "status": n.status,
            "position": n.position,
            "text_en": n.text_en,
            "text_sl": n.text_sl,
            "code_id": n.code_id,
        }
        for n, p in session.execute(
            select(Narrative, Period).join(Period, Period.id == Narrative.period_id).where(Narrative.town_id == town_id)
        )
    ]
    codes = [int(n["code_id"]) for n in narratives if n["code_id"] is not None]  # only the narratives' passages
    return table2(narratives, _coded_with_people(session, town_id, coder, codes), quotes=quotes)


def cooccurrence(db: Database, town: str | None, *, coder: str | None = None) -> list[dict[str, Any]]:
    check_coders(coder)
    town_id = find_town(db, town).id
    with db.transaction() as session:
        version = coding_version(session, town_id)  # before the data (storage.revisions)
        return MEMO.get(db, version, ("cooccurrence", town_id, coder), lambda: _cooccurrence(session, town_id, coder))


def _cooccurrence(session: Session, town_id: int, coder: str | None) -> list[dict[str, Any]]:
    query = (
        select(CodedSegment.interview_id, Code.name, CodedSegment.start, CodedSegment.end)
        .join(Code, Code.id == CodedSegment.code_id)
        .join(Interview, Interview.id == CodedSegment.interview_id)
        .outerjoin(Interviewee, Interviewee.id == Interview.interviewee_id)
        .where(CodedSegment.town_id == town_id, consented())
    )
    if coder:
        query = query.where(CodedSegment.coder == coder)
    pairs = cooccurrence_pairs((i, name, start, end) for i, name, start, end in session.execute(query))
    return [{"code_a": a, "code_b": b, "count": n} for (a, b), n in pairs.items()]
