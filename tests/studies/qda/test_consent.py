"""Interviewees' consent (SQLite and PostgreSQL): recorded, checked, and a withdrawn consent locks
the transcript and keeps it out of retrieval, search, agreement, co-occurrence, Table 2, the
report, the segment and matrix exports and REFI-QDA; the lossless bundle keeps everything."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from townpaths.cases.case import open_case
from townpaths.cases.towns import export_case
from townpaths.core.errors import Conflict, InputError, NotFound
from townpaths.formats.tables import read_table
from townpaths.report.build import render_report
from townpaths.storage import Database
from townpaths.storage.models import CodedSegment, Interview, Town
from townpaths.studies.qda import service
from townpaths.studies.qda.core.consent import Consent, check_consent, parse_date
from townpaths.studies.qda.service import consent, exchange, exports, queries

LOCKED = "interviewee E01 withdrew consent on 2026-03-01: the transcript is locked (no coding or edits)"


def _ids(db: Database) -> dict[str, int]:
    with db.transaction() as s:
        return {i.title: i.id for i in s.scalars(select(Interview).order_by(Interview.id))}


def _segment_of(db: Database, interview_id: int) -> int:
    with db.transaction() as s:
        return s.scalars(select(CodedSegment.id).where(CodedSegment.interview_id == interview_id)).first() or 0


def test_consent_is_checked() -> None:
    assert parse_date(" 2026-03-01 ", "--on") == dt.date(2026, 3, 1) and parse_date("", "--on") is None
    with pytest.raises(InputError, match=r"^field '--on', value '1\.3\.2026': not a date \(YYYY-MM-DD\)$"):
        parse_date("1.3.2026", "--on")
    assert check_consent(Consent(None, "  ", None), "E01") == Consent()
    with pytest.raises(InputError) as bad:
        check_consent(Consent(dt.date(2026, 3, 1), "all", dt.date(2026, 2, 1)), "E01")
    assert bad.value.message == (
        "field 'consent_withdrawn_on', value '2026-02-01': consent of E01 cannot be withdrawn before it was given "
        "(2026-03-01)"
    )
    with pytest.raises(InputError, match="longer than 2000 characters"):
        check_consent(Consent(scope="x" * 2001), "E01")


def test_recording_consent(project_db: Database) -> None:
    db = project_db
    saved = consent.set_consent(db, "roundtrip", "E01", on=dt.date(2025, 1, 10), scope=" research and publication ")
    assert saved == {
        "interviewee": "E01",
        "sector": "economy",
        "consent_on": "2025-01-10",
        "consent_scope": "research and publication",
        "consent_withdrawn_on": None,
        "withdrawn": False,
        "transcripts": 1,
    }
    assert [(p["interviewee"], p["consent_on"], p["transcripts"]) for p in consent.consents(db, "roundtrip")] == [
        ("C01", None, 1),
        ("E01", "2025-01-10", 1),
    ]
    with pytest.raises(NotFound, match="no interviewee 'X9'"):
        consent.set_consent(db, "roundtrip", "X9", scope="x")
    with pytest.raises(InputError, match="nothing to record"):
        consent.set_consent(db, "roundtrip", "E01")
    with pytest.raises(InputError, match="unknown consent field"):
        consent.set_consent(db, "roundtrip", "E01", given="yes")
    with pytest.raises(InputError, match="cannot be withdrawn before it was given"):
        consent.set_consent(db, "roundtrip", "E01", withdrawn_on=dt.date(2024, 1, 1))
    listed = {r["interviewee"]: r for r in service.list_interviews(db, "roundtrip")}
    assert (listed["E01"]["consent_on"], listed["E01"]["consent_scope"], listed["E01"]["consent_withdrawn_on"]) == (
        "2025-01-10",
        "research and publication",
        None,
    )


@pytest.fixture
def withdrawn(project_db: Database) -> Database:
    consent.set_consent(project_db, "roundtrip", "E01", on=dt.date(2025, 1, 10), withdrawn_on=dt.date(2026, 3, 1))
    return project_db


def test_a_withdrawn_consent_locks_the_transcript(withdrawn: Database) -> None:
    db, ids = withdrawn, _ids(withdrawn)
    segment = _segment_of(db, ids["a.txt"])
    with pytest.raises(Conflict) as locked:
        service.add_segment(db, "roundtrip", ids["a.txt"], "Environment", 0, 2, "Cene")
    assert locked.value.message == LOCKED
    with pytest.raises(Conflict, match=re.escape(LOCKED)):
        service.update_segment(db, "roundtrip", segment, memo="changed")
    with pytest.raises(Conflict, match=re.escape(LOCKED)):
        service.delete_segment(db, "roundtrip", segment)
    with pytest.raises(Conflict, match=re.escape(LOCKED)):
        service.add_interview(db, "roundtrip", "c.txt", b"more\n", sector="economy", interviewee="E01")
    # nothing changed; the other interviewee's transcript can still be coded
    with db.transaction() as s:
        assert len(s.scalars(select(CodedSegment).where(CodedSegment.interview_id == ids["a.txt"])).all()) == 3
    added = service.add_segment(db, "roundtrip", ids["b.txt"], "Environment", 0, 2, "Cene")
    assert added["quote"] == "Q:"


def test_a_withdrawn_transcript_is_left_out_of_every_analysis(withdrawn: Database) -> None:
    db, ids = withdrawn, _ids(withdrawn)
    assert service.segments_by_code(db, "roundtrip", "Work") == []
    assert [(r["interviewee"], r["quote"]) for r in service.segments_by_code(db, "roundtrip", "Environment")] == [
        ("C01", "lean now. Čisto.\n")
    ]
    assert service.search(db, "roundtrip", "rudniku") == []
    assert [h["title"] for h in service.search(db, "roundtrip", "clean")] == ["b.txt"]
    assert service.coders(db, "roundtrip") == ["Bojan"]
    with pytest.raises(InputError, match=r"^agreement needs two coders; this case has 1$"):
        service.agreement(db, "roundtrip")
    assert service.cooccurrence(db, "roundtrip") == []
    # the coding pages: listed as withdrawn, the coding page without the text
    overview = queries.overview(db, "roundtrip", "rudniku")
    assert [(i["title"], i["consent_withdrawn_on"]) for i in overview["interviews"]] == [
        ("a.txt", "2026-03-01"),
        ("b.txt", None),
    ]
    assert overview["hits"] == [] and overview["coders"] == ["Bojan"]
    page = queries.coding_view(db, "roundtrip", ids["a.txt"])
    assert page["interview"]["withdrawn_on"] == "2026-03-01"
    assert (page["segments"], page["runs"], page["coders"], page["interview"]["length"]) == ([], [], [], 0)
    # reinstated (a withdrawal recorded by mistake): everything is back
    consent.set_consent(db, "roundtrip", "E01", withdrawn_on=None)
    assert service.coders(db, "roundtrip") == ["Ana", "Bojan"]
    assert [h["title"] for h in service.search(db, "roundtrip", "rudniku")] == ["a.txt"]


def test_a_withdrawn_transcript_is_left_out_of_the_exports(withdrawn: Database, tmp_path: Path) -> None:
    db, ids = withdrawn, _ids(withdrawn)
    rows = exports.segment_rows(db, "roundtrip")
    assert [(r[2], r[3], r[6], r[10]) for r in rows[1:]] == [
        ("b.txt", "C01", "Themes/Environment", "lean now. Čisto.\n")
    ]
    assert exports.export_segments(db, "roundtrip", tmp_path / "s.csv") == 1
    exports.export_matrix(db, "roundtrip", tmp_path / "m.csv")
    matrix = [r for _, r in read_table(tmp_path / "m.csv")]
    assert matrix == [
        {"code": "Themes/Work", "c01": "0"},
        {"code": "Themes/Work/Mining", "c01": "0"},
        {"code": "Themes/Environment", "c01": "1"},
    ]
    # REFI-QDA: the transcript, its segments, the interviewee and notes only about them are left out
    with db.transaction() as s:
        guid_a, guid_b = (s.get_one(Interview, ids[t]).guid for t in ("a.txt", "b.txt"))
    service.add_note(db, "roundtrip", "Only about a.", name="A", targets=[guid_a or ""])
    service.add_note(db, "roundtrip", "About both.", name="AB", targets=[guid_a or "", guid_b or ""])
    with db.transaction() as s:
        project = exchange.build_project(s, s.scalar(select(Town).where(Town.slug == "roundtrip")))
    assert [src.name for src in project.sources] == ["b.txt"]
    assert [case.name for case in project.cases] == ["C01"]
    assert sum(len(sel.codings) for src in project.sources for sel in src.selections) == 1
    assert [(n.name, n.targets) for n in project.notes] == [("Plan", []), ("AB", [guid_b])]
    written = exchange.export_qdpx(db, "roundtrip", tmp_path / "p.qdpx")
    assert (written["sources"], written["codings"], written["cases"], written["notes"]) == (1, 1, 1, 2)
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8", "replace")
    assert "rudniku" not in everything and "E01" not in everything and "Čisto" in everything
    # the lossless bundle (the backup) keeps everything, with the withdrawal date
    bundle = export_case(db, "roundtrip", tmp_path / "bundle")
    case = (bundle / "case.json").read_text(encoding="utf-8")
    assert "rudniku" in case and '"consent_withdrawn_on": "2026-03-01"' in case


def test_table2_and_the_report_leave_out_a_withdrawn_transcript(velenje: Database) -> None:
    def youth() -> dict:
        return service.table2_from_coding(velenje, "velenje")[0]["dominant"][3]

    quote = "Mladi imamo dober mladinski center"
    assert (youth()["segments"], youth()["interviewees"], youth()["quotes"][0]["quote"]) == (2, 1, quote)
    assert quote in render_report(open_case("velenje", velenje), "en")
    consent.set_consent(velenje, "velenje", "FX-S1", withdrawn_on=dt.date(2026, 3, 1))
    assert youth()["text_en"] == "active youth sector"
    assert (youth()["segments"], youth()["interviewees"], youth()["quotes"]) == (0, 0, [])
    assert youth()["by_sector"] == {"economy": 0, "science_culture": 0, "municipality": 0, "civil_society": 0}
    assert quote not in render_report(open_case("velenje", velenje), "en")
    assert service.agreement(velenje, "velenje")["transcripts"] == [
        "1: FICTIONAL example 1: entrepreneur",
        "3: FICTIONAL example 3: association volunteer",
    ]
