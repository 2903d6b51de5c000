"""Coding in the database (SQLite and PostgreSQL): segments, retrieval, search, Table 2, agreement."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from townpaths.core.errors import InputError, NotFound
from townpaths.storage import Database
from townpaths.storage.models import Interview, Narrative
from townpaths.studies.qda import service
from townpaths.studies.qda.service import exports


def test_segments_with_context_and_attributes(project_db: Database) -> None:
    rows = service.segments_by_code(project_db, "roundtrip", "Work", width=10)
    # Work includes its sub-code Mining
    assert [(r["code"], r["start"], r["end"], r["coder"]) for r in rows] == [
        ("Mining", 22, 33, "Ana"),
        ("Work", 22, 87, "Ana"),
        ("Mining", 24, 44, "Bojan"),
    ]
    assert rows[0]["before"] == "elali?\nO: " and rows[0]["after"] == " v Velenju"
    assert rows[0]["interviewee"] == "E01" and rows[0]["sector"] == "economy"
    assert rows[0]["attributes"] == {"age group": "40-59"}
    assert [r["coder"] for r in service.segments_by_code(project_db, "roundtrip", "mining", coder="Bojan")] == ["Bojan"]


def test_full_text_search(project_db: Database) -> None:
    hits = service.search(project_db, "roundtrip", "rudniku")
    assert [h["title"] for h in hits] == ["a.txt"]
    # the snippet is the passage around the first hit, the hits as offsets in the transcript
    text = "V: Kje ste delali?\nO: V rudniku 🙂 v Velenju, trideset let.\nŠe danes pogrešam sodelavce.\n"
    assert (hits[0]["start"], hits[0]["end"], hits[0]["marks"]) == (0, len(text), [[24, 31]])
    assert hits[0]["snippet"] == text and text[24:31] == "rudniku"
    # another form of the lemma finds it too, and is marked where the text has it
    assert [(h["title"], h["marks"]) for h in service.search(project_db, "roundtrip", "rudnik")] == [
        ("a.txt", [[24, 31]])
    ]
    assert [h["title"] for h in service.search(project_db, "roundtrip", "air clean")] == ["b.txt"]
    assert service.search(project_db, "roundtrip", "zwickau") == []
    # the index follows edits and deletions
    with project_db.transaction() as session:
        interview = session.scalar(select(Interview).where(Interview.title == "b.txt"))
        interview.text = "Q: Zwickau?\nA: Yes."
    assert [h["title"] for h in service.search(project_db, "roundtrip", "zwickau")] == ["b.txt"]
    assert service.search(project_db, "roundtrip", "clean") == []


def test_segment_edit_and_delete(project_db: Database) -> None:
    seg = service.add_segment(project_db, "roundtrip", 1, "Environment", 0, 2, "Cene", "memo")
    assert seg["quote"] == "V:" and seg["coder"] == "Cene"
    changed = service.update_segment(project_db, "roundtrip", seg["id"], start=3, end=6, code="Mining", memo="")
    assert (changed["quote"], changed["code"], changed["memo"]) == ("Kje", "Mining", None)
    with pytest.raises(InputError, match="0 <= start < end"):
        service.update_segment(project_db, "roundtrip", seg["id"], end=10_000)
    with pytest.raises(InputError, match="category"):
        service.add_segment(project_db, "roundtrip", 1, "Themes", 0, 2, "Cene")
    service.delete_segment(project_db, "roundtrip", seg["id"])
    with pytest.raises(NotFound):
        service.delete_segment(project_db, "roundtrip", seg["id"])


def test_agreement_on_the_project(project_db: Database) -> None:
    result = service.agreement(project_db, "roundtrip")
    assert result["coders"] == ["Ana", "Bojan"] and result["transcripts"] == ["1: a.txt"]
    mining = next(r for r in result["by_code"] if r["code"] == "Mining")
    assert (mining["units"], mining["both"], mining["only_a"], mining["only_b"]) == (88, 9, 2, 11)


def test_demo_table2_agreement_and_cooccurrence(velenje: Database) -> None:
    periods = service.table2_from_coding(velenje, "velenje")
    assert [p["period_no"] for p in periods] == [1, 2, 3]
    assert [len(p["dominant"]) + len(p["alternative"]) for p in periods] == [8, 4, 6]
    youth = periods[0]["dominant"][3]
    assert youth["text_en"] == "active youth sector"
    assert (youth["segments"], youth["interviewees"]) == (2, 1)
    assert youth["by_sector"] == {"economy": 0, "science_culture": 1, "municipality": 0, "civil_society": 0}
    # the two coders' nearly identical passages give one quote
    assert youth["quotes"] == [
        {"quote": "Mladi imamo dober mladinski center", "interviewee": "FX-S1", "sector": "science_culture"}
    ]
    quality = periods[2]["dominant"][3]
    assert quality["by_sector"] == {"economy": 0, "science_culture": 1, "municipality": 0, "civil_society": 1}
    with velenje.transaction() as session:
        assert session.scalar(select(Narrative).where(Narrative.code_id.is_(None))) is None
    overall = service.agreement(velenje, "velenje")["overall"]
    assert (overall["units"], overall["both"], overall["only_a"], overall["only_b"]) == (27690, 794, 339, 107)
    assert overall["kappa"] == 0.77248 and overall["alpha"] == 0.772371
    assert service.cooccurrence(velenje, "velenje") == [
        {
            "code_a": "restructuring of the economy, modernisation of industry (Industry 4.0) "
            "and arrival of new companies",
            "code_b": "strengthening of green energy and industry",
            "count": 1,
        }
    ]


def test_segment_and_matrix_exports(project_sqlite: Database, tmp_path: Path) -> None:
    assert exports.export_segments(project_sqlite, "roundtrip", tmp_path / "s.csv") == 4
    with open(tmp_path / "s.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(exports.SEGMENT_COLUMNS)
    assert rows[2] == [
        "2",
        "1",
        "a.txt",
        "E01",
        "economy",
        "False",
        "Themes/Work/Mining",
        "Ana",
        "22",
        "33",
        "V rudniku 🙂",
        "nested in work",
        "age group=40-59",
    ]
    assert exports.export_matrix(project_sqlite, "roundtrip", tmp_path / "m.xlsx") == 3
    ws = load_workbook(tmp_path / "m.xlsx").active
    assert [list(r) for r in ws.iter_rows(values_only=True)] == [
        ["code", "C01", "E01"],
        ["Themes/Work", 0, 1],
        ["Themes/Work/Mining", 0, 2],
        ["Themes/Environment", 1, 0],
    ]


def test_add_interview_checks_sector_and_reuses_interviewee(project_sqlite: Database) -> None:
    with pytest.raises(InputError, match="unknown helix sector"):
        service.add_interview(project_sqlite, "roundtrip", "x.txt", b"x", sector="industry")
    with pytest.raises(InputError, match="is in sector economy"):
        service.add_interview(project_sqlite, "roundtrip", "x.txt", b"x", sector="municipality", interviewee="E01")
    with pytest.raises(InputError, match="empty transcript"):
        service.add_interview(project_sqlite, "roundtrip", "x.txt", b"\xef\xbb\xbf \r\n", sector="municipality")
    added = service.add_interview(project_sqlite, "roundtrip", "x.txt", b"Hi", sector="municipality")
    assert added["interviewee"] == "M01"


def test_add_interview_files_checks_first_then_adds_all_or_nothing(project_sqlite: Database, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Ana Novak and Marko met Ana novak.\n", encoding="utf-8")
    b.write_bytes(b"")
    before = service.list_interviews(project_sqlite, "roundtrip")
    with pytest.raises(InputError) as exc:
        service.add_interview_files(project_sqlite, "roundtrip", [a, tmp_path / "none.txt"], sector="economy")
    assert exc.value.message == f"{tmp_path / 'none.txt'}: file not found"
    with pytest.raises(InputError) as exc:
        service.add_interview_files(project_sqlite, "roundtrip", [a, a], sector="economy", title="Both")
    assert exc.value.message == "field 'title', value 'Both': a title is for a single file"
    with pytest.raises(InputError, match="empty transcript"):  # the second file is empty: the first is not kept
        service.add_interview_files(project_sqlite, "roundtrip", [a, b], sector="economy")
    assert service.list_interviews(project_sqlite, "roundtrip") == before
    added = service.add_interview_files(
        project_sqlite,
        "roundtrip",
        [a],
        sector="civil_society",
        redact_names=["Ana Novak", "Marko=M."],
        attributes={"age group": "60+"},
    )
    assert [(r["interviewee"], r["redacted"], r["pseudonyms"]) for r in added] == [
        ("C02", {"Ana Novak": 2, "Marko": 1}, {"Ana Novak": "Person A", "Marko": "M."})
    ]
    with project_sqlite.transaction() as session:
        assert session.get(Interview, added[0]["id"]).text == "Person A and M. met Person A.\n"
