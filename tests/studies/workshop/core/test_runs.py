"""Ranking runs (no I/O): items with competition ranks, people by sector, matching a file's items
to the town's problems, the comparison beside the study and the current ranking."""

from __future__ import annotations

from townpaths.studies.workshop.core import runs

ITEMS = [
    {"id": 21, "position": 1, "problem_id": 1, "text_en": "Jobs", "text_sl": "Delovna mesta"},
    {"id": 22, "position": 2, "problem_id": 2, "text_en": "Air", "text_sl": "Zrak"},
    {"id": 23, "position": 3, "problem_id": None, "text_en": "Housing", "text_sl": None},
    {"id": 24, "position": 4, "problem_id": None, "text_en": "Roads", "text_sl": None},
]
PROBLEMS = [
    {"id": 1, "position": 1, "rank": 1, "text_en": "Jobs", "text_sl": "Delovna mesta"},
    {"id": 2, "position": 2, "rank": 2, "text_en": "Air", "text_sl": "Zrak"},
    {"id": 3, "position": 3, "rank": None, "text_en": "Water", "text_sl": "Voda"},
]


def test_items_with_competition_ranks_and_tiers() -> None:
    items = runs.run_items(ITEMS, [[22], [21, 23]])
    assert [(i.position, i.rank, i.tier) for i in items] == [(1, 2, 2), (2, 1, 1), (3, 2, 2), (4, None, None)]
    assert items[0].to_dict() == {
        "position": 1,
        "problem_id": 1,
        "text_en": "Jobs",
        "text_sl": "Delovna mesta",
        "rank": 2,
        "tier": 2,
    }


def test_people_by_sector_in_the_helix_order() -> None:
    counts = runs.sector_counts(["municipality", None, "economy", "zz other", "economy", ""])
    assert list(counts.items()) == [("economy", 2), ("municipality", 1), ("zz other", 1), ("", 2)]


def test_a_files_items_are_matched_by_their_english_or_slovene_text() -> None:
    assert runs.match_items(["  jobs ", "ZRAK", "Delovna  mesta", "Roads"], PROBLEMS) == [1, 2, 1, None]


def test_comparison_moves_and_the_current_ranking() -> None:
    first = {"id": 7, "items": [i.to_dict() for i in runs.run_items(ITEMS, [[22], [21, 23], [24]])]}
    second = {"id": 8, "items": [{**i, "rank": 1, "tier": 1} for i in first["items"] if i["text_en"] == "Housing"]}
    rows = runs.comparison(PROBLEMS, [first, second])
    assert [(r["text_en"], r["study"]) for r in rows] == [
        ("Jobs", 1),
        ("Air", 2),
        ("Water", None),
        ("Housing", None),  # only the runs have it: one row, whichever runs rank it
        ("Roads", None),
    ]
    assert rows[0]["runs"] == [{"rank": 2, "move": -1, "tied": True}, None]
    assert rows[1]["runs"] == [{"rank": 1, "move": 1, "tied": False}, None]
    assert rows[2]["runs"] == [None, None]
    assert rows[3]["runs"] == [{"rank": 2, "move": None, "tied": True}, {"rank": 1, "move": None, "tied": False}]
    assert [runs.move(3, 1), runs.move(1, 3), runs.move(2, 2), runs.move(None, 1)] == [2, -2, 0, None]
    assert runs.current([first, second]) is None
    adopted = [{**first, "adopted_seq": 2}, {**second, "adopted_seq": 1}]
    assert runs.current(adopted)["id"] == 7


def test_what_the_audit_log_records() -> None:
    run = {"id": 7, "name": "Town hall", "items": [i.to_dict() for i in runs.run_items(ITEMS, [[22], [21]])]}
    run["solutions"] = [{"title": "Fish farm"}]
    assert runs.summary(run) == {
        "run": 7,
        "name": "Town hall",
        "ranking": [[1, "Air"], [2, "Jobs"], [None, "Housing"], [None, "Roads"]],
        "solutions": ["Fish farm"],
    }
    assert runs.study_summary(PROBLEMS) == {
        "run": None,
        "name": "study",
        "ranking": [[1, "Jobs"], [2, "Air"], [None, "Water"]],
    }
