"""Aggregates with spread and comparisons on generated scores (pure)."""

from __future__ import annotations

import pytest

from townpaths.studies.sustainability.core.aggregate import by_dimension, by_year, compare, spread
from townpaths.studies.sustainability.core.chart import dimension_chart
from townpaths.studies.sustainability.core.framework import DEFAULT_DIMENSIONS, default_framework

IND = [
    {
        "id": 1,
        "dimension_key": "a",
        "dimension_en": "A",
        "dimension_sl": "A sl",
        "key": "a1",
        "name_en": "a1",
        "scale_min": 1.0,
        "scale_max": 5.0,
    },
    {
        "id": 2,
        "dimension_key": "a",
        "dimension_en": "A",
        "dimension_sl": "A sl",
        "key": "a2",
        "name_en": "a2",
        "scale_min": 1.0,
        "scale_max": 5.0,
    },
    {
        "id": 3,
        "dimension_key": "b",
        "dimension_en": "B",
        "dimension_sl": None,
        "key": "b1",
        "name_en": "b1",
        "scale_min": 0.0,
        "scale_max": 10.0,
    },
    {
        "id": 4,
        "dimension_key": "b",
        "dimension_en": "B",
        "dimension_sl": None,
        "key": "b2",
        "name_en": "b2",
        "scale_min": 1.0,
        "scale_max": 3.0,
    },
]


def s(ind, score, group=None, year=None):
    return {"indicator_id": ind, "score": score, "rater_group": group, "year": year, "workshop_id": None}


SCORES = [
    s(1, 1, "youth", 2018),
    s(1, 3, "youth", 2018),
    s(2, 5, "elders", 2018),
    s(3, 5, "youth", 2019),
    s(4, 3, "elders", 2019),
]


def test_spread() -> None:
    assert spread([0, 0.5, 1]) == {"n": 3, "mean": 0.5, "sd": 0.5, "median": 0.5, "min": 0, "max": 1}
    assert spread([2])["sd"] is None and spread([])["mean"] is None


def test_by_dimension_all_and_by_group() -> None:
    dims = by_dimension(IND, SCORES)
    a, b = dims
    assert (a["key"], a["scale"], b["scale"]) == ("a", (1.0, 5.0), None)
    assert a["groups"][0]["normalised"] == {"n": 3, "mean": 0.5, "sd": 0.5, "median": 0.5, "min": 0.0, "max": 1.0}
    assert a["groups"][0]["scale"]["mean"] == 3.0
    assert [i["n"] for i in a["groups"][0]["indicators"]] == [2, 1]
    assert b["groups"][0]["scale"] is None and b["groups"][0]["normalised"]["mean"] == pytest.approx(0.75)
    grouped = by_dimension(IND, SCORES, "rater_group")
    assert [(g["group"], g["normalised"]["mean"]) for g in grouped[0]["groups"]] == [("elders", 1.0), ("youth", 0.25)]
    with pytest.raises(ValueError):
        by_dimension(IND, SCORES, "colour")


def test_compare_years_and_towns() -> None:
    years = by_year(IND, SCORES)
    assert years["columns"] == ["2018", "2019"]
    assert [(r["key"], [c["mean"] for c in r["cells"]]) for r in years["rows"]] == [
        ("a", [0.5, None]),
        ("b", [None, pytest.approx(0.75)]),
    ]
    other = [{**i, "id": i["id"] + 10} for i in IND[:2]]
    towns = compare({"x": (IND, SCORES), "y": (other, [s(11, 5), s(12, 4)])})
    assert towns["columns"] == ["x", "y"]
    assert [c["mean"] for c in towns["rows"][0]["cells"]] == [0.5, pytest.approx(0.875)]
    assert towns["rows"][1]["cells"][1]["n"] == 0


def test_default_framework_has_the_four_velenje_dimensions() -> None:
    rows = default_framework()
    assert [r["dimension_en"] for r in rows] == [
        "amenities and social infrastructure",
        "social and cultural life",
        "voice and influence",
        "space to grow / adaptability",
    ]
    assert len(DEFAULT_DIMENSIONS) == 4 and all((r["scale_min"], r["scale_max"]) == (1.0, 5.0) for r in rows)


def test_chart_escapes_and_draws_one_row_per_group() -> None:
    dim = by_dimension(IND, [*SCORES, s(1, 2, "<b>x</b>")], "rater_group")[0]
    svg = dimension_chart(dim, title="A & B", group_label=str)
    assert svg.count('class="mean"') == 3 and "<b>x</b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    assert 'aria-label="A &amp; B"' in svg
