"""A small coding project with everything a round trip must keep."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from townpaths.storage import Database
from townpaths.storage.models import Town
from townpaths.studies.qda import service
from townpaths.studies.qda.service import exchange

THEMES, WORK, MINING, ENV = (
    "0A000000-0000-4000-8000-000000000001",
    "0A000000-0000-4000-8000-000000000002",
    "0A000000-0000-4000-8000-000000000003",
    "0A000000-0000-4000-8000-000000000004",
)
CODEBOOK_CSV = f"""guid,parent_guid,path,name,name_sl,codable,colour,description
{THEMES},,Themes,Themes,Teme,false,#4F6D8F,All themes
{WORK},{THEMES},Themes/Work,Work,Delo,true,#B5502D,Work and jobs
{MINING},{WORK},Themes/Work/Mining,Mining,Rudarstvo,true,#6B5B95,The mine
{ENV},{THEMES},Themes/Environment,Environment,Okolje,true,#2E6B3F,
"""

#: Non-ASCII (Slovene letters, an emoji outside the BMP), Windows line endings and a BOM.
TRANSCRIPT_1 = (
    "\ufeffV: Kje ste delali?\r\nO: V rudniku 🙂 v Velenju, trideset let.\r\nŠe danes pogrešam sodelavce.\r\n"
)
TRANSCRIPT_2 = "Q: And the air?\r\nA: Clean now. Čisto.\r\n"


def fill(db: Database) -> None:
    with db.transaction() as session:
        session.add(Town(slug="roundtrip", name="Round trip", description_en="Round-trip test project"))
    work, mining, environment = _codebook(db)
    a = service.add_interview(
        db,
        "roundtrip",
        "a.txt",
        TRANSCRIPT_1.encode(),
        sector="economy",
        interviewee="E01",
        attributes={"age group": "40-59"},
        language="sl",
    )
    b = service.add_interview(
        db, "roundtrip", "b.txt", TRANSCRIPT_2.encode("utf-8"), sector="civil_society", interviewee="C01"
    )
    text_a = "V: Kje ste delali?\nO: V rudniku 🙂 v Velenju, trideset let.\nŠe danes pogrešam sodelavce.\n"
    start = text_a.index("V rudniku")
    # overlapping and nested segments by two coders, with memos
    service.add_segment(db, "roundtrip", a["id"], work, start, len(text_a) - 1, "Ana", "whole answer")
    service.add_segment(db, "roundtrip", a["id"], mining, start, start + len("V rudniku 🙂"), "Ana", "nested in work")
    service.add_segment(db, "roundtrip", a["id"], mining, start + 2, text_a.index(" trideset"), "Bojan", None)
    service.add_segment(db, "roundtrip", b["id"], environment, 20, 37, "Bojan", "čisto = clean")
    service.add_note(db, "roundtrip", "Projektni zapisek: začetek kodiranja.", name="Plan", coder="Ana")


def _codebook(db: Database) -> tuple[str, str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "themes.csv"
        path.write_text(CODEBOOK_CSV, encoding="utf-8")
        exchange.import_codebook(db, "roundtrip", path, name="Themes")
    return "Work", "Mining", "Environment"


@pytest.fixture
def project_db(db: Database) -> Database:
    fill(db)
    return db


@pytest.fixture
def project_sqlite(sqlite_db: Database) -> Database:
    fill(sqlite_db)
    return sqlite_db
