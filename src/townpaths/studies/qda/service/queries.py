"""Queries behind the coding pages: each function reads what one page shows, in one transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from townpaths.core.errors import NotFound
from townpaths.core.words import pieces
from townpaths.present.paging import text_page, text_pages
from townpaths.storage import Database
from townpaths.storage.models import Code, Codebook, CodedSegment, Interview, Interviewee
from townpaths.storage.towns import find_town
from townpaths.studies.qda import service
from townpaths.studies.qda.core.segments import runs
from townpaths.studies.qda.service.adopt import adoption_view
from townpaths.studies.qda.service.consent import consents
from townpaths.studies.qda.service.exchange import code_forest
from townpaths.studies.qda.service.passages import code_path

#: Characters of a segment's passage the coding page's margin starts from (it shows fewer).
QUOTE_CHARS = 400


def _codes(session, town_id: int) -> list[dict[str, Any]]:
    roots, ids, names_sl = code_forest(session, town_id)
    by_guid = {g: i for i, g in ids.items()}
    out: list[dict[str, Any]] = []
    for root in roots:
        for depth, node in root.walk():
            out.append(
                {
                    "id": by_guid[node.guid],
                    "name": node.name,
                    "name_en": node.name,
                    "name_sl": names_sl.get(node.guid),
                    "colour": node.color or "#999999",
                    "codable": node.codable,
                    "depth": depth,
                    "description": node.description,
                }
            )
    shortcut = 0
    for code in out:
        if code["codable"] and shortcut < 9:
            shortcut += 1
            code["key"] = str(shortcut)
    return out


def _with_pieces(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Search hits with their snippet cut into ``(piece, is_hit)`` pairs for ``<mark>``."""
    return [{**h, "pieces": pieces(h["snippet"], h["start"], h["marks"])} for h in hits]


def overview(db: Database, town: str | None, query: str | None = None, page: object = None) -> dict[str, Any]:
    """The QDA home of a town: a page of the transcripts (``pager``), the codebook, the coders and
    (optionally) search hits."""
    found = find_town(db, town)
    with db.transaction() as session:
        codes = _codes(session, found.id)
    counts = service.segment_counts(db, found.slug)
    for code in codes:
        code["segments"] = counts.get(code["id"], 0)
    interviews, at = service.interview_page(db, found.slug, page)
    return {
        "town": found,
        "interviews": interviews,
        "pager": at,
        "codes": codes,
        "coders": service.coders(db, found.slug),
        "query": query or "",
        "hits": _with_pieces(service.search(db, found.slug, query)) if query and query.strip() else None,
    }


def coding_view(
    db: Database,
    town: str | None,
    interview_id: int,
    coder: str | None = None,
    *,
    user_id: int | None = None,
    page: object = None,
    at: object = None,
) -> dict[str, Any]:
    """Everything the coding page shows: one page of the text (``page``, or the page holding the
    offset ``at``; :func:`townpaths.present.paging.text_pages`) cut into runs, codes, the segments
    on that page (of one coder or all; ``segment_count`` counts them all), and ``my_coder``, the name
    the account ``user_id`` codes under (None before it codes). Offsets stay those of the whole
    transcript. A transcript whose interviewee withdrew consent shows neither its text nor its
    segments (``withdrawn_on`` says since when)."""
    found = find_town(db, town)
    with db.transaction() as session:
        interview = session.get(Interview, interview_id)
        if interview is None or interview.town_id != found.id:
            raise NotFound(f"no interview {interview_id} in {found.slug}")
        person = session.get(Interviewee, interview.interviewee_id) if interview.interviewee_id else None
        withdrawn_on = person.consent_withdrawn_on if person else None
        codes = _codes(session, found.id)
        by_id = {c["id"]: c for c in codes}
        all_segments = list(
            session.scalars(
                select(CodedSegment)
                .where(CodedSegment.interview_id == interview.id)
                .order_by(CodedSegment.start, CodedSegment.end, CodedSegment.id)
            )
        )
        if withdrawn_on is not None:
            all_segments = []
        coders = sorted({s.coder for s in all_segments if s.coder})
        chosen = [s for s in all_segments if coder is None or s.coder == coder]
        text = interview.text if withdrawn_on is None else ""
        shown_page = text_page(len(text), text_pages(text), page, at)
        first, last = shown_page.start, shown_page.end
        shown = [s for s in chosen if s.start < last and s.end > first] if text else []
        segments = [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "coder": s.coder,
                "memo": s.memo,
                "code_id": s.code_id,
                "code": by_id[s.code_id]["name"],
                "code_sl": by_id[s.code_id]["name_sl"],
                "colour": by_id[s.code_id]["colour"],
                "quote": text[s.start : min(s.end, s.start + QUOTE_CHARS)],
            }
            for s in shown
        ]
        seg_by_id = {s["id"]: s for s in segments}
        on_page = [(s["id"], s["start"] - first, s["end"] - first) for s in segments]
        pieces = [
            {
                "start": first + a,
                "text": text[first + a : first + b],
                "ids": ids,
                "colour": seg_by_id[ids[-1]]["colour"] if ids else None,
            }
            for a, b, ids in runs(last - first, on_page)
        ]
        return {
            "town": found,
            "interview": {
                "id": interview.id,
                "title": interview.title,
                "length": len(text),
                "fictional": interview.fictional,
                "language": interview.language,
                "withdrawn_on": withdrawn_on.isoformat() if withdrawn_on else None,
            },
            "interviewee": {
                "code": person.code,
                "sector": person.sector,
                "attributes": person.attributes or {},
                "fictional": person.fictional,
            }
            if person
            else None,
            "codes": codes,
            "codable": [c for c in codes if c["codable"]],
            "segments": segments,
            "segment_count": len(chosen),
            "runs": pieces,
            "page": shown_page,
            "coders": coders,
            "coder": coder,
            "my_coder": service.my_coder(db, found.slug, user_id) if user_id is not None else None,
        }


def consent_view(db: Database, town: str | None) -> dict[str, Any]:
    """The consent page: every interviewee with their consent."""
    found = find_town(db, town)
    return {"town": found, "people": consents(db, found.slug)}


def agreement_view(
    db: Database, town: str | None, coder_a: str | None = None, coder_b: str | None = None
) -> dict[str, Any]:
    """The agreement page: the coders (people) to choose from and the agreement of the two chosen
    (default: the first two)."""
    found = find_town(db, town)
    people = service.coder_people(db, found.slug)
    result = service.agreement(db, found.slug, coder_a or None, coder_b or None) if len(people) >= 2 else None
    return {"town": found, "people": people, "result": result}


def table2_view(db: Database, town: str | None) -> dict[str, Any]:
    """Table 2 from coding, the codes it may adopt narratives from, and the co-occurrences."""
    found = find_town(db, town)
    return {
        "town": found,
        "periods": service.table2_from_coding(db, found.slug),
        "adoption": adoption_view(db, found.slug),
        "cooccurrence": service.cooccurrence(db, found.slug),
    }


def codebook_view(db: Database, town: str | None) -> dict[str, Any]:
    """The codebook page: every code in tree order with its depth, path, codebook, provenance and
    the number of segments coded with it."""
    found = find_town(db, town)
    with db.transaction() as session:
        rows = {c.id: c for c in session.scalars(select(Code).where(Code.town_id == found.id))}
        books = dict(session.execute(select(Codebook.id, Codebook.name).where(Codebook.town_id == found.id)).all())
        counts: dict[int, int] = dict(
            session.execute(
                select(CodedSegment.code_id, func.count())
                .where(CodedSegment.town_id == found.id)
                .group_by(CodedSegment.code_id)
            ).all()
        )
    codes: list[dict[str, Any]] = []
    below: dict[int | None, list[Code]] = {}
    for c in rows.values():
        below.setdefault(c.parent_id if c.parent_id in rows else None, []).append(c)
    done: set[int] = set()

    def visit(parent: int | None, depth: int) -> None:
        for c in sorted(below.get(parent, []), key=lambda c: (c.codebook_id, c.position, c.name, c.id)):
            if c.id in done:
                continue
            done.add(c.id)
            codes.append(
                {
                    "id": c.id,
                    "name": c.name,
                    "name_en": c.name,
                    "name_sl": c.name_sl,
                    "path": code_path(rows, c),
                    "codebook_id": c.codebook_id,
                    "codebook": books.get(c.codebook_id, ""),
                    "parent_id": c.parent_id,
                    "colour": c.colour or "#999999",
                    "codable": c.codable,
                    "depth": depth,
                    "segments": counts.get(c.id, 0),
                    "provenance": c.provenance,
                    "provenance_note": c.provenance_note,
                }
            )
            visit(c.id, depth + 1)

    visit(None, 0)
    return {"town": found, "codes": codes, "codebooks": books}
