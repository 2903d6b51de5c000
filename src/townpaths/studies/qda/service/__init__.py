"""Interviews and coding in the database: each function takes a :class:`Database`, opens one
transaction and calls the pure logic of :mod:`townpaths.qda`.

The transcripts of an interviewee who withdrew consent are locked (no new coding, no change to
their segments, no new transcripts) and left out of retrieval, search, agreement, Table 2 and
co-occurrence (:mod:`townpaths.studies.qda.service.consent`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import Forbidden, InputError, NotFound
from townpaths.core.values import check_name, check_text
from townpaths.core.vocab import FICTIONAL, SECTOR_PREFIX, STUDY, check_sector
from townpaths.core.words import query_words
from townpaths.formats.files import check_input_file, read_file
from townpaths.present.paging import Pager, pager
from townpaths.storage import Database
from townpaths.storage.checks import check_object
from townpaths.storage.models import (
    Code,
    CodedSegment,
    Coder,
    Interview,
    Interviewee,
    Town,
)
from townpaths.storage.revisions import MEMO, coding_version
from townpaths.storage.search import add_words, find
from townpaths.storage.towns import find_town
from townpaths.studies.qda.core import guids
from townpaths.studies.qda.core.consent import locked as consent_locked
from townpaths.studies.qda.core.redact import redact, redaction_map
from townpaths.studies.qda.core.segments import CONTEXT, check_span, stored_texts
from townpaths.studies.qda.core.text import check_transcript
from townpaths.studies.qda.formats.transcripts import MAX_TRANSCRIPT_BYTES, read_transcript
from townpaths.studies.qda.service.analysis import (
    agreement as agreement,
)
from townpaths.studies.qda.service.analysis import (
    check_coders,
)
from townpaths.studies.qda.service.analysis import (
    coded_interviews as coded_interviews,
)
from townpaths.studies.qda.service.analysis import (
    coder_people as coder_people,
)
from townpaths.studies.qda.service.analysis import (
    coders as coders,
)
from townpaths.studies.qda.service.analysis import (
    cooccurrence as cooccurrence,
)
from townpaths.studies.qda.service.analysis import (
    table2_from_coding as table2_from_coding,
)
from townpaths.studies.qda.service.consent import check_unlocked, consented


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _town_id(db: Database, town: str | None) -> int:
    return find_town(db, town).id


#: Code points of context around a segment, and hits of a search, a query may ask for.
MAX_CONTEXT, MAX_HITS = 10_000, 1_000


# ------------------------------------------------------------------------------------ interviews


def next_pseudonym(taken: set[str], sector: str) -> str:
    prefix = SECTOR_PREFIX[sector]
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def add_interview(
    db: Database,
    town: str | None,
    filename: str,
    data: bytes,
    *,
    sector: str,
    interviewee: str | None = None,
    title: str | None = None,
    language: str | None = None,
    held_on: dt.date | None = None,
    names: dict[str, str] | None = None,
    attributes: dict[str, Any] | None = None,
    fictional: bool = False,
) -> dict[str, Any]:
    """Import one transcript (TXT, DOCX, ODT), normalised once; ``names`` (real name -> pseudonym)
    are replaced before storing. The interviewee is found by pseudonym or created (next free
    pseudonym of the sector, e.g. ``E14``)."""
    return add_interviews(
        db,
        town,
        [
            {
                "filename": filename,
                "data": data,
                "sector": sector,
                "interviewee": interviewee,
                "title": title,
                "language": language,
                "held_on": held_on,
                "names": names,
                "attributes": attributes,
                "fictional": fictional,
            }
        ],
    )[0]


def add_interviews(
    db: Database, town: str | None, items: Iterable[dict[str, Any]], progress: Callable[[], None] | None = None
) -> list[dict[str, Any]]:
    """Import many transcripts in one transaction (all or nothing); each item has the keyword
    arguments of :func:`add_interview` plus ``filename`` and ``data``."""
    town_id = _town_id(db, town)
    out = []
    texts: list[tuple[str, str | None]] = []
    with db.transaction() as session:
        people = {p.code: p for p in session.scalars(select(Interviewee).where(Interviewee.town_id == town_id))}
        for item in items:
            sector = check_sector(item["sector"])
            _check_item(item)
            content = check_transcript(read_transcript(item["filename"], item["data"]), file=item["filename"])
            if not content.strip():
                raise InputError("empty transcript", file=item["filename"])
            replaced: dict[str, int] = {}
            if item.get("names"):
                content, replaced = redact(content, item["names"])
            code, attributes = item.get("interviewee"), item.get("attributes") or {}
            person = people.get(code) if code else None
            if person is not None and person.consent_withdrawn_on is not None:
                raise consent_locked(person.code, person.consent_withdrawn_on)
            if person is not None and person.sector != sector:
                raise InputError(
                    f"interviewee {code} is in sector {person.sector}",
                    file=item["filename"],
                    field="sector",
                    value=sector,
                )
            if person is None:
                person = Interviewee(
                    town_id=town_id,
                    code=code or next_pseudonym(set(people), sector),
                    sector=sector,
                    attributes=dict(attributes),
                    provenance=FICTIONAL if item.get("fictional") else STUDY,
                )
                session.add(person)
                session.flush()
                people[person.code] = person
            elif attributes:
                person.attributes = {**(person.attributes or {}), **attributes}
            interview = Interview(
                town_id=town_id,
                interviewee_id=person.id,
                title=item.get("title") or item["filename"].rsplit("/", 1)[-1],
                held_on=item.get("held_on"),
                language=item.get("language"),
                text=content,
                source_filename=item["filename"],
                guid=guids.new(),
                provenance=FICTIONAL if item.get("fictional") else STUDY,
                extra={},
            )
            session.add(interview)
            session.flush()
            texts += [(interview.title, interview.language), (content, interview.language)]
            out.append(
                {
                    "id": interview.id,
                    "title": interview.title,
                    "interviewee": person.code,
                    "sector": person.sector,
                    "length": len(content),
                    "guid": interview.guid,
                    "redacted": replaced,
                }
            )
            if progress:
                progress()
        add_words(session, town_id, texts)
    return out


#: Characters of a pseudonym (the column holds 80), a title and a language code (the column holds 8).
MAX_PSEUDONYM, MAX_TITLE, MAX_LANGUAGE = 80, 500, 8


def _check_item(item: dict[str, Any]) -> None:
    """The typed-in fields of a transcript to add: names on one line within their columns."""
    for key, limit in (("interviewee", MAX_PSEUDONYM), ("title", MAX_TITLE), ("language", MAX_LANGUAGE)):
        if item.get(key) is not None:
            item[key] = check_name(item[key], max_chars=limit, field=key)
    for key, value in (item.get("attributes") or {}).items():
        check_name(key, max_chars=200, field="attribute")
        check_text(str(value), max_chars=4000, field="attribute")
    for name, pseudonym in (item.get("names") or {}).items():
        check_name(name, max_chars=200, field="redact")
        check_name(pseudonym, max_chars=MAX_PSEUDONYM, field="redact")


def add_interview_files(
    db: Database,
    town: str | None,
    files: Sequence[Path],
    *,
    sector: str,
    interviewee: str | None = None,
    title: str | None = None,
    language: str | None = None,
    held_on: dt.date | None = None,
    redact_names: Iterable[str] = (),
    attributes: dict[str, Any] | None = None,
    fictional: bool = False,
    progress: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """Add transcript files in one transaction (all or nothing). ``redact_names`` are names to
    replace, each ``NAME`` (gets the next free pseudonym, ``Person A``...) or ``NAME=PSEUDONYM``;
    each result says how often each name was replaced (``redacted``) and by what (``pseudonyms``).
    Every file must exist, and a ``title`` names a single file; both are checked first."""
    paths = [check_input_file(Path(f)) for f in files]
    if len(paths) > 1 and title:
        raise InputError("a title is for a single file", field="title", value=title)
    names = redaction_map(redact_names)
    items = (
        {
            "filename": p.name,
            "data": read_file(p, MAX_TRANSCRIPT_BYTES),
            "sector": sector,
            "interviewee": interviewee,
            "title": title,
            "language": language,
            "held_on": held_on,
            "names": names,
            "attributes": attributes,
            "fictional": fictional,
        }
        for p in paths
    )
    results = add_interviews(db, town, items, progress=progress)
    for result in results:
        result["pseudonyms"] = {name: names[name] for name in result["redacted"]}
    return results


def list_interviews(db: Database, town: str | None) -> list[dict[str, Any]]:
    town_id = _town_id(db, town)
    with db.transaction() as session:
        return _interviews(session, town_id)


def interview_page(db: Database, town: str | None, page: object = None) -> tuple[list[dict[str, Any]], Pager]:
    """One page (:func:`townpaths.present.paging.pager`) of :func:`list_interviews` and its pager:
    only the page's transcripts are measured (a transcript's length reads all its text)."""
    town_id = _town_id(db, town)
    with db.transaction() as session:
        version = coding_version(session, town_id)  # before the data (storage.revisions)
        ids = list(session.scalars(select(Interview.id).where(Interview.town_id == town_id).order_by(Interview.id)))
        at = pager(len(ids), page)
        measures = MEMO.get(db, version, ("measures", town_id), lambda: _measures(session, town_id))
        return _interviews(session, town_id, list(at.slice(ids)), measures), at


def _measures(session: Session, town_id: int) -> tuple[dict[int, int], dict[int, int]]:
    """Each transcript's length in code points and number of segments (reading every text and
    counting every segment: kept between loads)."""
    lengths = select(Interview.id, func.length(Interview.text)).where(Interview.town_id == town_id)
    return {int(i): int(n) for i, n in session.execute(lengths)}, _segments_per_interview(session, town_id)


def _segments_per_interview(session: Session, town_id: int, ids: list[int] | None = None) -> dict[int, int]:
    query = select(CodedSegment.interview_id, func.count()).where(CodedSegment.town_id == town_id)
    if ids is not None:
        query = query.where(CodedSegment.interview_id.in_(ids))
    return {int(i): int(n) for i, n in session.execute(query.group_by(CodedSegment.interview_id))}


def segment_counts(db: Database, town: str | None) -> dict[int, int]:
    """The number of segments of each code of the town (kept between loads: a count of every segment)."""
    town_id = _town_id(db, town)
    with db.transaction() as session:
        version = coding_version(session, town_id)
        query = (
            select(CodedSegment.code_id, func.count())
            .where(CodedSegment.town_id == town_id)
            .group_by(CodedSegment.code_id)
        )
        return MEMO.get(
            db, version, ("segment counts", town_id), lambda: {int(c): int(n) for c, n in session.execute(query)}
        )


def _interviews(
    session: Session,
    town_id: int,
    ids: list[int] | None = None,
    measures: tuple[dict[int, int], dict[int, int]] | None = None,
) -> list[dict[str, Any]]:
    """The town's transcripts by id (those of ``ids`` only, when given), each with its interviewee,
    length and number of segments (from ``measures`` when given: :func:`_measures`)."""
    lengths, counts = measures if measures is not None else (None, _segments_per_interview(session, town_id, ids))
    query = (
        select(
            Interview.id,
            Interview.title,
            Interview.provenance,
            func.length(Interview.text) if lengths is None else Interview.id,
            Interviewee.code,
            Interviewee.sector,
            Interviewee.consent_on,
            Interviewee.consent_scope,
            Interviewee.consent_withdrawn_on,
        )
        .outerjoin(Interviewee, Interviewee.id == Interview.interviewee_id)
        .where(Interview.town_id == town_id)
        .order_by(Interview.id)
    )
    if ids is not None:
        query = query.where(Interview.id.in_(ids))
    return [
        {
            "id": r[0],
            "title": r[1],
            "fictional": r[2] == FICTIONAL,
            "length": r[3] if lengths is None else lengths[r[0]],
            "interviewee": r[4],
            "sector": r[5],
            "segments": counts.get(r[0], 0),
            "consent_on": r[6].isoformat() if r[6] else None,
            "consent_scope": r[7],
            "consent_withdrawn_on": r[8].isoformat() if r[8] else None,
        }
        for r in session.execute(query)
    ]


# ----------------------------------------------------------------------------------------- codes


def code_rows(session: Session, town_id: int) -> list[Code]:
    return list(session.scalars(select(Code).where(Code.town_id == town_id).order_by(Code.position, Code.id)))


def find_code(session: Session, town_id: int, name: str) -> Code:
    """A code by GUID, exact name (any case, English or Slovene) or unique part of its name."""
    codes = code_rows(session, town_id)
    wanted = name.strip().casefold()
    cleaned = guids.clean(name)
    exact = [
        c
        for c in codes
        if (cleaned and c.guid == cleaned) or wanted in ((c.name or "").casefold(), (c.name_sl or "").casefold())
    ]
    if len(exact) == 1:
        return exact[0]
    partial = [c for c in codes if wanted in (c.name or "").casefold() or wanted in (c.name_sl or "").casefold()]
    if len(exact) > 1 or len(partial) > 1:
        found = exact or partial
        raise InputError(f"{len(found)} codes match: {', '.join(c.name for c in found[:6])}", field="code", value=name)
    if not partial:
        raise NotFound(f"no code named {name!r}")
    return partial[0]


# -------------------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class CodingAs:
    """A signed-in person coding: their account id and name, and whether they may change and
    delete anyone's segments (a researcher) or only their own (a coder)."""

    user_id: int
    name: str
    any_segment: bool = False


def account_coder(session: Session, town_id: int, person: CodingAs) -> str:
    """The name the person codes under in the town: the coder linked to their account, else a new
    coder linked to it, named after them (a name another coder has gets the account number added,
    so nobody codes under someone else's name)."""
    linked = session.scalar(select(Coder.name).where(Coder.town_id == town_id, Coder.user_id == person.user_id))
    if linked is not None:
        return linked
    taken = set(session.scalars(select(Coder.name).where(Coder.town_id == town_id)))
    name = person.name.strip()[:100] or f"#{person.user_id}"
    if name in taken:
        name = f"{name} #{person.user_id}"
    session.add(Coder(town_id=town_id, name=name, guid=guids.derive("user", name), user_id=person.user_id))
    session.flush()
    return name


def my_coder(db: Database, town: str | None, user_id: int) -> str | None:
    """The coder name linked to an account in a town (None before their first segment)."""
    town_id = _town_id(db, town)
    with db.transaction() as session:
        return session.scalar(select(Coder.name).where(Coder.town_id == town_id, Coder.user_id == user_id))


def _check_owner(session: Session, town_id: int, segment: CodedSegment, person: CodingAs | None) -> None:
    if person is None or person.any_segment:
        return
    if segment.coder is None or segment.coder != account_coder(session, town_id, person):
        raise Forbidden("this segment was coded by someone else: only they or a researcher may change it")


def add_segment(
    db: Database,
    town: str | None,
    interview_id: int,
    code: str | int,
    start: int,
    end: int,
    coder: str | None,
    memo: str | None = None,
    *,
    as_person: CodingAs | None = None,
) -> dict[str, Any]:
    """A new segment, coded by ``coder`` (a name) or, with ``as_person``, by that account's coder."""
    town_id = _town_id(db, town)
    with db.transaction() as session:
        interview = session.get(Interview, interview_id)
        if interview is None or interview.town_id != town_id:
            raise NotFound(f"no interview {interview_id}")
        check_unlocked(session, interview)
        code_row = session.get(Code, code) if isinstance(code, int) else find_code(session, town_id, code)
        if code_row is None or code_row.town_id != town_id:
            raise NotFound(f"no code {code}")
        if not code_row.codable:
            raise InputError("this code is a category and cannot be applied", field="code", value=code_row.name)
        check_span(start, end, len(interview.text))
        coder = account_coder(session, town_id, as_person) if as_person else (coder or "").strip() or None
        if coder and not as_person:
            ensure_coder(session, town_id, coder)
        guid = guids.new()
        segment = CodedSegment(
            town_id=town_id,
            interview_id=interview.id,
            code_id=code_row.id,
            start=start,
            end=end,
            coder=coder,
            memo=memo or None,
            guid=guid,
            selection_guid=guids.derive("selection", guid),
            created_at=now(),
            **stored_texts(interview.text, start, end),
        )
        session.add(segment)
        session.flush()
        return segment_dict(segment, code_row, interview.text)


def ensure_coder(session: Session, town_id: int, name: str) -> Coder:
    coder = session.scalar(select(Coder).where(Coder.town_id == town_id, Coder.name == name))
    if coder is None:
        coder = Coder(town_id=town_id, name=name, guid=guids.derive("user", name))
        session.add(coder)
        session.flush()
    return coder


def segment_dict(s: CodedSegment, code: Code, text_: str) -> dict[str, Any]:
    return {
        "id": s.id,
        "interview_id": s.interview_id,
        "code_id": s.code_id,
        "code": code.name,
        "colour": code.colour,
        "start": s.start,
        "end": s.end,
        "coder": s.coder,
        "memo": s.memo,
        "quote": text_[s.start : s.end],
    }


def update_segment(
    db: Database, town: str | None, segment_id: int, *, as_person: CodingAs | None = None, **changes: Any
) -> dict[str, Any]:
    """Change a segment's ``start``, ``end``, ``code`` (name or id), ``memo`` or ``coder``; with
    ``as_person``, only a segment that person may change (:class:`CodingAs`), never its coder."""
    town_id = _town_id(db, town)
    with db.transaction() as session:
        segment = session.get(CodedSegment, segment_id)
        if segment is None or segment.town_id != town_id:
            raise NotFound(f"no segment {segment_id}")
        _check_owner(session, town_id, segment, as_person)
        if as_person is not None:
            changes.pop("coder", None)
        interview = session.get_one(Interview, segment.interview_id)
        check_unlocked(session, interview)
        if changes.get("code") is not None:
            code = changes["code"]
            row = session.get(Code, code) if isinstance(code, int) else find_code(session, town_id, code)
            if row is None or row.town_id != town_id or not row.codable:
                raise InputError("not a codable code of this town", field="code", value=code)
            segment.code_id = row.id
        start = changes.get("start", segment.start)
        end = changes.get("end", segment.end)
        check_span(start, end, len(interview.text))
        segment.start, segment.end = start, end
        for key, value in stored_texts(interview.text, start, end).items():
            setattr(segment, key, value)
        if "memo" in changes:
            segment.memo = changes["memo"] or None
        if changes.get("coder"):
            segment.coder = changes["coder"]
            ensure_coder(session, town_id, changes["coder"])
        session.flush()
        return segment_dict(segment, session.get_one(Code, segment.code_id), interview.text)


def delete_segment(db: Database, town: str | None, segment_id: int, *, as_person: CodingAs | None = None) -> None:
    """Delete a segment; with ``as_person``, only a segment that person may change."""
    town_id = _town_id(db, town)
    with db.transaction() as session:
        segment = session.get(CodedSegment, segment_id)
        if segment is None or segment.town_id != town_id:
            raise NotFound(f"no segment {segment_id}")
        _check_owner(session, town_id, segment, as_person)
        check_unlocked(session, session.get_one(Interview, segment.interview_id))
        session.delete(segment)


def segments_by_code(
    db: Database,
    town: str | None,
    code: str,
    *,
    coder: str | None = None,
    width: int = CONTEXT,
    include_children: bool = True,
) -> list[dict[str, Any]]:
    """Every segment coded with ``code`` (and its sub-codes) with its passage, ``width`` code points
    of context either side, and the interviewee's sector and attributes."""
    check_text(code, field="code")
    check_coders(coder)
    if not 0 <= width <= MAX_CONTEXT:
        raise InputError(f"context is 0 to {MAX_CONTEXT} code points", field="context", value=width)
    town_id = _town_id(db, town)
    with db.transaction() as session:
        root = find_code(session, town_id, code)
        ids = {root.id}
        if include_children:
            children: dict[int | None, list[int]] = {}
            for cid, parent in session.execute(select(Code.id, Code.parent_id).where(Code.town_id == town_id)):
                children.setdefault(parent, []).append(cid)
            stack = [root.id]
            while stack:
                for child in children.get(stack.pop(), []):
                    ids.add(child)
                    stack.append(child)
        before_from = case((CodedSegment.start > width, CodedSegment.start - width), else_=0)
        before = func.substr(Interview.text, before_from + 1, CodedSegment.start - before_from)
        quote = func.coalesce(
            CodedSegment.quote,
            func.substr(Interview.text, CodedSegment.start + 1, CodedSegment.end - CodedSegment.start),
        )
        after = func.substr(Interview.text, CodedSegment.end + 1, width)
        if width == CONTEXT:  # kept with the segment: no need to read the (long) transcript
            before = func.coalesce(CodedSegment.context_before, before)
            after = func.coalesce(CodedSegment.context_after, after)
        query = (
            select(
                CodedSegment.id,
                CodedSegment.start,
                CodedSegment.end,
                CodedSegment.coder,
                CodedSegment.memo,
                Code.name,
                Interview.id,
                Interview.title,
                Interviewee.code,
                Interviewee.sector,
                Interviewee.attributes,
                before,
                quote,
                after,
            )
            .join(Code, Code.id == CodedSegment.code_id)
            .join(Interview, Interview.id == CodedSegment.interview_id)
            .outerjoin(Interviewee, Interviewee.id == Interview.interviewee_id)
            .where(CodedSegment.town_id == town_id, CodedSegment.code_id.in_(ids), consented())
            .order_by(Interview.id, CodedSegment.start, CodedSegment.end, CodedSegment.id)
        )
        if coder:
            query = query.where(CodedSegment.coder == coder)
        return [
            {
                "id": r[0],
                "start": r[1],
                "end": r[2],
                "coder": r[3],
                "memo": r[4],
                "code": r[5],
                "interview_id": r[6],
                "interview": r[7],
                "interviewee": r[8],
                "sector": r[9],
                "attributes": r[10] or {},
                "before": r[11],
                "quote": r[12],
                "after": r[13],
            }
            for r in session.execute(query)
        ]


# ---------------------------------------------------------------------------------------- search


def search(db: Database, town: str | None, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Search transcript titles and texts (:mod:`townpaths.storage.search`): every query word must
    occur, as typed or in another form of its lemma ("socializem" finds "socializma"). Each hit has
    ``id``, ``title``, a ``snippet`` (``text[start:end]``) around its first hit and ``marks``, the
    ``[start, end)`` offsets of the hits in the transcript. ``at`` is the first hit's offset (the page
    of the transcript holding it). Transcripts of a withdrawn consent are left out."""
    check_text(query, max_chars=1000, field="query")
    if not 1 <= limit <= MAX_HITS:
        raise InputError(f"a limit is 1 to {MAX_HITS}", field="limit", value=limit)
    if not query_words(query):
        raise InputError("empty search", field="query", value=query)
    town_id = _town_id(db, town)
    with db.transaction() as session:
        hits = find(
            session,
            "interviews",
            town_id,
            query,
            limit=limit,
            join="LEFT JOIN interviewees p ON p.id = interviews.interviewee_id",
            where="AND p.consent_withdrawn_on IS NULL",
        )
        # where the first hit is, so a hit links to the page of the transcript holding it
        return [{**h, "at": h["marks"][0][0] if h["marks"] else None} for h in hits]


def town_of(db: Database, town: str | None) -> Town:
    return find_town(db, town)


def add_note(
    db: Database,
    town: str | None,
    text_: str,
    *,
    name: str | None = None,
    coder: str | None = None,
    targets: list[str] | None = None,
) -> int:
    """A memo on the project (no targets) or attached to codes, interviews or segments by GUID."""
    from townpaths.storage.models import QdaNote

    if coder:
        coder = check_name(coder, max_chars=120, field="coder")
    town_id = _town_id(db, town)
    with db.transaction() as session:
        if coder:
            ensure_coder(session, town_id, coder)
        note = QdaNote(
            town_id=town_id,
            guid=guids.new(),
            name=name,
            text=text_,
            coder=coder,
            created_at=now(),
            targets=[guids.clean(t) or t for t in targets or []],
        )
        check_object(note, fields={"text": "text", "name": "name"})
        session.add(note)
        session.flush()
        return note.id
