"""Coded segments and the code x interviewee matrix as CSV or XLSX. Transcripts (and interviewees)
of a withdrawn consent are left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from townpaths.core.values import check_text
from townpaths.formats.tables import write_rows
from townpaths.storage import Database
from townpaths.storage.models import Code, CodedSegment, Interview, Interviewee
from townpaths.storage.towns import find_town
from townpaths.studies.qda.core import codebook as cb
from townpaths.studies.qda.core.segments import matrix
from townpaths.studies.qda.service.consent import consented
from townpaths.studies.qda.service.exchange import code_forest

SEGMENT_COLUMNS = (
    "segment_id",
    "interview_id",
    "interview",
    "interviewee",
    "sector",
    "fictional",
    "code_path",
    "coder",
    "start",
    "end",
    "quote",
    "memo",
    "attributes",
)


def write_table(rows: list[list[Any]], output: Path, sheet: str) -> None:
    write_rows(Path(output), None, rows, sheet=sheet)


def segment_rows(db: Database, town: str | None) -> list[list[Any]]:
    found = find_town(db, town)
    with db.transaction() as session:
        roots, ids, _ = code_forest(session, found.id)
        path_of = cb.paths(roots)
        rows: list[list[Any]] = [list(SEGMENT_COLUMNS)]
        for s, i, p in session.execute(
            select(CodedSegment, Interview, Interviewee)
            .join(Interview, Interview.id == CodedSegment.interview_id)
            .outerjoin(Interviewee, Interviewee.id == Interview.interviewee_id)
            .where(CodedSegment.town_id == found.id, consented())
            .order_by(Interview.id, CodedSegment.start, CodedSegment.id)
        ):
            attrs = "; ".join(f"{k}={v}" for k, v in sorted((p.attributes or {}).items())) if p else ""
            rows.append(
                [
                    s.id,
                    i.id,
                    i.title,
                    p.code if p else "",
                    p.sector if p else "",
                    bool(i.fictional),
                    path_of[ids[s.code_id]],
                    s.coder or "",
                    s.start,
                    s.end,
                    i.text[s.start : s.end],
                    s.memo or "",
                    attrs,
                ]
            )
        return rows


def export_segments(db: Database, town: str | None, output: Path) -> int:
    rows = segment_rows(db, town)
    write_table(rows, output, "segments")
    return len(rows) - 1


def export_matrix(db: Database, town: str | None, output: Path, *, coder: str | None = None) -> int:
    if coder is not None:
        check_text(coder, field="coder")
    found = find_town(db, town)
    with db.transaction() as session:
        roots, ids, _ = code_forest(session, found.id)
        path_of = cb.paths(roots)
        codable = [
            path_of[ids[c.id]] for c in session.scalars(select(Code).where(Code.town_id == found.id)) if c.codable
        ]
        order = list(path_of.values())
        codes = sorted(codable, key=order.index)
        people = list(
            session.scalars(
                select(Interviewee.code).where(Interviewee.town_id == found.id, consented()).order_by(Interviewee.code)
            )
        )
        query = (
            select(CodedSegment.code_id, Interviewee.code)
            .join(Interview, Interview.id == CodedSegment.interview_id)
            .join(Interviewee, Interviewee.id == Interview.interviewee_id)
            .where(CodedSegment.town_id == found.id, consented())
        )
        if coder:
            query = query.where(CodedSegment.coder == coder)
        pairs = [(path_of[ids[cid]], person) for cid, person in session.execute(query)]
    write_table(matrix(pairs, codes, people), output, "code x interviewee")
    return len(codes)
