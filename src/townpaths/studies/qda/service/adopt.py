"""Table 2 authored from the coded interviews: a narrative of a period and status is adopted from
the passages coded with a code of the codebook, and keeps them as its links (``narrative_segments``).

A new narrative takes the code's name (English and Slovene) as its text, provenance ``inferred``
with the reason ``adopted from coding``; adopting again updates its period, status and links (its
text, which the researcher may have edited, stays). A narrative the study itself states keeps its
provenance ``study``: adopting only adds the passages it rests on. Passages of interviewees who
withdrew their consent are never linked."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, NotFound
from townpaths.core.vocab import INFERRED, STUDY
from townpaths.storage import Database, audit
from townpaths.storage.models import Code, CodedSegment, Interview, Interviewee, Narrative, NarrativeSegment, Period
from townpaths.storage.towns import find_town
from townpaths.studies.qda.core.adopt import place
from townpaths.studies.qda.core.codebook import STATUSES
from townpaths.studies.qda.service.consent import consented

#: The reason an adopted narrative gives for its provenance.
ADOPTED = "adopted from coding"
SCHEME = "narratives"


def _periods(session: Session, town_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Period).where(Period.town_id == town_id, Period.scheme == SCHEME).order_by(Period.no)
    ).all()
    return [
        {"id": p.id, "no": p.no, "name_en": p.name_en, "name_sl": p.name_sl, "start_year": p.start_year} for p in rows
    ]


def _segments(session: Session, town_id: int) -> dict[int, list[int]]:
    """Code id -> the ids of its segments in transcripts whose interviewee did not withdraw consent."""
    query = (
        select(CodedSegment.code_id, CodedSegment.id)
        .join(Interview, Interview.id == CodedSegment.interview_id)
        .outerjoin(Interviewee, Interviewee.id == Interview.interviewee_id)
        .where(CodedSegment.town_id == town_id, consented())
        .order_by(CodedSegment.id)
    )
    out: dict[int, list[int]] = {}
    for code_id, segment_id in session.execute(query):
        out.setdefault(code_id, []).append(segment_id)
    return out


def narrative_codes(session: Session, town_id: int) -> list[dict[str, Any]]:
    """Every codable code of the town with its path, its place in Table 2 (``period``, ``status``:
    None where its path does not name one), its passages (``segments``: ids) and the narrative
    adopted from it (``narrative``: id, or None)."""
    periods = _periods(session, town_id)
    codes = {c.id: c for c in session.scalars(select(Code).where(Code.town_id == town_id).order_by(Code.id))}
    segments = _segments(session, town_id)
    linked = dict(
        session.execute(
            select(Narrative.code_id, Narrative.id).where(Narrative.town_id == town_id, Narrative.code_id.is_not(None))
        ).all()
    )
    out = []
    for code in codes.values():
        if not code.codable:
            continue
        chain: list[Code] = []
        parent = codes.get(code.parent_id) if code.parent_id is not None else None
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = codes.get(parent.parent_id) if parent.parent_id is not None else None
        chain.reverse()
        where = place([(c.name, c.name_sl) for c in chain], periods)
        out.append(
            {
                "id": code.id,
                "path": "/".join([*(c.name for c in chain), code.name]),
                "name": code.name,
                "name_sl": code.name_sl,
                "colour": code.colour,
                "period": where.period,
                "status": where.status,
                "segments": segments.get(code.id, []),
                "narrative": linked.get(code.id),
            }
        )
    return out


def adoption_view(db: Database, town: str | None) -> dict[str, Any]:
    """What the "Table 2 from coding" page offers to adopt: the narrative periods, and every
    codable code with passages, with its place and the narrative adopted from it."""
    found = find_town(db, town)
    with db.transaction() as session:
        codes = [c for c in narrative_codes(session, found.id) if c["segments"]]
        periods = _periods(session, found.id)
    for c in codes:
        c["count"] = len(c.pop("segments"))
    return {"periods": periods, "codes": codes, "statuses": STATUSES}


def _check(period: Any, status: str) -> tuple[int, str]:
    try:
        number = int(str(period).strip())
    except ValueError:
        raise InputError("a period is given by its number", field="period", value=period) from None
    if status not in STATUSES:
        raise InputError(f"a status is one of: {', '.join(STATUSES)}", field="status", value=status)
    return number, status


def _chosen(candidates: list[dict[str, Any]], wanted: list[str]) -> list[dict[str, Any]]:
    """The codes named by path or id (each must be codable and name one code)."""
    out = []
    for text in wanted:
        item = text.strip()
        matches = [c for c in candidates if c["path"] == item or str(c["id"]) == item]
        if not matches:
            raise NotFound(f"no codable code {item!r} in the town (give the code's path, e.g. dominant/1. .../theme)")
        if len(matches) > 1:
            raise InputError("two codebooks have a code with this path: give the code's id", field="code", value=item)
        out.append(matches[0])
    return out


def adopt(
    db: Database,
    town: str | None,
    *,
    period: Any,
    status: str,
    codes: list[str] | None = None,
) -> dict[str, Any]:
    """Adopt the narratives of ``period`` (its number among the narrative periods) and ``status``
    from the coding, in one transaction: from the codes given (paths or ids), else from every code
    whose path names that period and status and that has coded passages. Returns what was
    created and updated, with the passages each now rests on."""
    number, status = _check(period, status)
    found = find_town(db, town)
    with db.transaction() as session, audit.bulk(session, "adopt narratives", town=found.id, note=f"{number} {status}"):
        target = session.scalar(
            select(Period).where(Period.town_id == found.id, Period.scheme == SCHEME, Period.no == number)
        )
        if target is None:
            raise NotFound(f"no narrative period {number} in {found.slug} (add it to the periods table first)")
        candidates = narrative_codes(session, found.id)
        if codes:
            chosen = _chosen(candidates, codes)
        else:
            chosen = [c for c in candidates if c["period"] == number and c["status"] == status and c["segments"]]
        if not chosen:
            raise InputError(
                f"no coded passages to adopt for period {number}, {status} (code them under a code whose path "
                f"names the period and the status, e.g. {status}/{number}. .../theme, or give --code)",
                field="period",
                value=number,
            )
        position = session.scalar(select(func.max(Narrative.position)).where(Narrative.town_id == found.id)) or 0
        out = []
        for code in chosen:
            narrative = session.get(Narrative, code["narrative"]) if code["narrative"] is not None else None
            created = narrative is None
            if narrative is None:
                position += 1
                narrative = Narrative(
                    town_id=found.id,
                    position=position,
                    text_en=code["name"],
                    text_sl=code["name_sl"],
                    code_id=code["id"],
                )
                session.add(narrative)
            narrative.period_id, narrative.status = target.id, status
            if created or narrative.provenance != STUDY:
                narrative.provenance, narrative.provenance_note = INFERRED, ADOPTED
            session.flush()
            session.execute(delete(NarrativeSegment).where(NarrativeSegment.narrative_id == narrative.id))
            session.add_all(
                NarrativeSegment(town_id=found.id, narrative_id=narrative.id, segment_id=s) for s in code["segments"]
            )
            out.append(
                {
                    "position": narrative.position,
                    "text_en": narrative.text_en,
                    "code": code["path"],
                    "segments": len(code["segments"]),
                    "created": created,
                    "provenance": narrative.provenance,
                }
            )
        return {"town": found.slug, "period": number, "status": status, "narratives": out}
