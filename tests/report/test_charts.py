"""The inline SVG charts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from townpaths.present import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_timeline_places_dots_by_year_and_type() -> None:
    svg = charts.timeline(
        [(1950, "a", "first"), (1990, "b", "second <b>"), (None, "a", "undated")],
        [("a", "Type A"), ("b", "Type B")],
        title="T",
        width=900,
    )
    root = ET.fromstring(svg)
    dots = root.findall(f".//{SVG}circle")
    assert [d.find(f"{SVG}title").text for d in dots] == ["first (1950)", "undated", "second <b> (1990)"]
    xs = [float(d.get("cx")) for d in dots]
    # 1950 on an axis from 1950 to 2000 starts at the left margin; undated sits right of the axis
    assert xs[0] == 230.0 and xs[1] > xs[2]
    assert [float(d.get("cy")) for d in dots] == [47.0, 47.0, 81.0]
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert labels[:6] == ["1950", "1960", "1970", "1980", "1990", "2000"]
    assert "Type A" in labels and "Type B" in labels


def test_problem_solution_boxes_and_arrows() -> None:
    svg = charts.problem_solution(
        [("bipolar & vulnerable economy", "fish farm"), ("emigration", "mentoring")], title="Figure 8"
    )
    root = ET.fromstring(svg)
    assert len(root.findall(f"{SVG}rect")) == 4
    assert len(root.findall(f"{SVG}line")) == 2
    assert [t.text for t in root.findall(f"{SVG}text[@class='solution']")] == ["fish farm", "mentoring"]
    assert root.findall(f"{SVG}text[@class='problem']")[0].text == "bipolar & vulnerable economy"


def test_bars() -> None:
    root = ET.fromstring(charts.bars([("x", 2), ("y", 4)], title="B", width=1000))
    assert [float(r.get("width")) for r in root.findall(f"{SVG}rect")] == [310.0, 620.0]
