"""Table 2 from coding and co-occurrence (pure functions)."""

from __future__ import annotations

from townpaths.studies.qda.core.segments import cooccurrence, matrix, runs
from townpaths.studies.qda.core.table2 import table2

NARRATIVES = [
    {"period_no": 1, "period_name": "one", "status": "dominant", "position": 1, "text_en": "a", "code_id": 10},
    {"period_no": 1, "period_name": "one", "status": "alternative", "position": 2, "text_en": "b", "code_id": 11},
    {"period_no": 2, "period_name": "two", "status": "dominant", "position": 3, "text_en": "c", "code_id": None},
]


def seg(code: int, who: str | None, sector: str | None, interview: int, start: int, quote: str) -> dict:
    return {
        "code_id": code,
        "interviewee": who,
        "sector": sector,
        "interview": interview,
        "start": start,
        "quote": quote,
    }


def test_counts_by_sector_and_quotes() -> None:
    segments = [
        seg(10, "E01", "economy", 1, 0, "first  passage"),
        seg(10, "E01", "economy", 1, 5, "passage"),
        seg(10, "E01", "economy", 1, 40, "later passage"),
        seg(10, "C01", "civil_society", 2, 3, "other"),
        seg(10, None, None, 3, 0, "no interviewee"),
        seg(11, "M01", "", 4, 0, "no sector"),
    ]
    [one, two] = table2(NARRATIVES, segments, quotes=3)
    a = one["dominant"][0]
    assert (a["segments"], a["interviewees"]) == (5, 2)
    assert a["by_sector"] == {"economy": 1, "science_culture": 0, "municipality": 0, "civil_society": 1}
    assert [q["quote"] for q in a["quotes"]] == ["other", "first passage", "later passage"]
    b = one["alternative"][0]
    assert b["by_sector"]["unassigned"] == 1 and b["interviewees"] == 1
    assert two["dominant"][0]["segments"] == 0 and two["dominant"][0]["quotes"] == []


def test_cooccurrence_counts_overlaps_in_one_transcript() -> None:
    pairs = cooccurrence(
        [
            (1, "x", 0, 10),
            (1, "y", 5, 15),
            (1, "y", 10, 20),
            (1, "z", 20, 30),
            (2, "x", 0, 5),
            (2, "z", 0, 5),
            (1, "x", 2, 3),
        ]
    )
    assert pairs == {("x", "y"): 1, ("x", "z"): 1}  # touching segments do not overlap


def test_matrix_and_runs() -> None:
    assert matrix([("x", "E01"), ("x", "E01"), ("y", "C01")], ["x", "y"], ["C01", "E01"]) == [
        ["code", "C01", "E01"],
        ["x", 0, 2],
        ["y", 1, 0],
    ]
    assert runs(10, [(1, 0, 6), (2, 2, 4)]) == [(0, 2, [1]), (2, 4, [1, 2]), (4, 6, [1]), (6, 10, [])]
