"""The economies of towns on one NACE level: the level of a code, a code at a coarser level, the
towns' common level, and the latest year of the towns with employment."""

from __future__ import annotations

import pytest

from townpaths.studies.economy.core.compare import at_level, common_level, compare, level_of, section_of


@pytest.mark.parametrize(
    ("code", "level", "section"),
    [
        ("C", 0, "C"),
        ("27", 2, "C"),
        ("27.5", 3, "C"),
        ("27.51", 4, "C"),
        ("C27.51", 4, "C"),
        ("05.10", 4, "B"),
        ("99", 2, "U"),
    ],
)
def test_levels_and_sections(code: str, level: int, section: str) -> None:
    assert (level_of(code), section_of(code)) == (level, section)


def test_a_code_at_a_coarser_level() -> None:
    assert [at_level("27.51", n) for n in (0, 2, 3, 4)] == ["C", "27", "27.5", "27.51"]
    assert at_level("27", 3) is None  # not finer than it is
    assert section_of("00") is None and section_of("x") == "X"


def _rows(town: str, codes: dict[str, float], year: int = 2020) -> dict:
    return {
        "town": town,
        "employment": [
            {"year": year, "area": "town", "firm": None, "nace": c, "employees": n} for c, n in codes.items()
        ],
    }


def test_towns_by_section_and_by_class_are_compared_by_section() -> None:
    towns = [_rows("a", {"C": 100, "B": 300}), _rows("b", {"05.10": 50, "27.51": 30, "28.11": 20})]
    assert common_level(towns) == 0
    table, quotients = compare(towns)
    b = next(r for r in table.rows if r["town"] == "b")
    # b's classes summed into sections: B 50, C 30 + 20
    assert b["level"] == "section" and b["top2_share"] == pytest.approx(1.0) and b["hhi"] == pytest.approx(0.5)
    assert table.notes[0] == ("Compared by NACE section (a letter).", {})
    assert ("Codes summed into that level for: %(towns)s.", {"towns": "b"}) in table.notes
    assert quotients.rows == ()  # no national reference
    assert [m.key for m in table.measures] == [
        "economy:top2_share",
        "economy:hhi",
        "economy:variety",
        "economy:unrelated_variety",
        "economy:related_variety",  # 0 in both: the summaries leave it out
    ]


def test_the_summaries_weigh_the_latest_year_of_the_towns_with_employment() -> None:
    towns = [_rows("a", {"27": 1}, 2019), {"town": "none", "employment": []}, _rows("b", {"27": 2}, 2019)]
    towns[0]["employment"] += _rows("a", {"27": 1, "28": 1}, 2021)["employment"]
    table, _ = compare(towns)
    assert {m.row for m in table.measures} == {"2019"}
    assert (
        "The summaries weigh %(year)s, the latest year of every town with employment.",
        {"year": 2019},
    ) in table.notes
    only_one = compare([_rows("a", {"27": 1}), {"town": "none", "employment": []}])[0]
    assert only_one.measures == ()
    assert compare([{"town": "x", "employment": []}, {"town": "y", "employment": []}])[0].notes == (
        ("No town has employment by NACE code.", {}),
    )
