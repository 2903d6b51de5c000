"""The summary of a pair of towns: how far apart two values are on each scale, the bounds of alike
and differ, the order and number of statements, and measures that say nothing left out."""

from __future__ import annotations

import pytest

from townpaths.comparison.summary import ALIKE, DIFFER, MAX_STATEMENTS, distance, pair_summary, summaries
from townpaths.core.comparison import RELATIVE, SHARE, TAU, Comparison, Measure


def comparison(*measures: Measure) -> Comparison:
    return Comparison("c", "title", ("town", "key"), (), measures=measures)


def test_distance_on_each_scale() -> None:
    assert distance(SHARE, 0.30, 0.45) == pytest.approx(0.15)
    assert distance(RELATIVE, 6.0, 2.4) == pytest.approx(0.6)
    assert distance(RELATIVE, 0.0, 0.0) == 0.0
    assert distance(TAU, 1.0) == 0.0 and distance(TAU, -1.0) == 1.0 and distance(TAU, 0.6) == pytest.approx(0.2)
    with pytest.raises(ValueError, match="unknown scale"):
        distance("odd", 1, 2)


def test_alike_and_differ_at_their_bounds() -> None:
    measures = [
        Measure("alike-share", "a", SHARE, "r1", values={"a": 0.50, "b": 0.54}),
        Measure("between", "b", SHARE, "r2", values={"a": 0.50, "b": 0.60}),
        Measure("differ-share", "c", SHARE, "r3", values={"a": 0.10, "b": 0.25}),
        Measure("alike-relative", "d", RELATIVE, "r4", values={"a": 10.0, "b": 9.0}),
        Measure("differ-relative", "e", RELATIVE, "r5", values={"a": 10.0, "b": 5.0}),
        Measure("tau", "f", TAU, "r6", pairs={("a", "b"): 0.6}, counts={("a", "b"): 5}),
        Measure("nothing", "g", SHARE, "r7", values={"a": 0.0, "b": 0.0}),
        Measure("one town", "h", SHARE, "r8", values={"a": 0.4}),
    ]
    pair = pair_summary("a", "b", [comparison(*measures)])
    assert {s.measure.key for s in pair.alike} == {"alike-share", "alike-relative", "tau"}
    assert {s.measure.key for s in pair.differ} == {"differ-share", "differ-relative"}
    assert pair.weighed == 6  # both zero, and one town only, say nothing
    tau = next(s for s in pair.alike if s.measure.key == "tau")
    assert (tau.value_a, tau.value_b, tau.count, tau.row) == (0.6, None, 5, "r6")
    # the closest alike first (distance over its bound), the farthest apart first
    assert [s.weight for s in pair.alike] == sorted(s.weight for s in pair.alike)
    assert [s.weight for s in pair.differ] == sorted((s.weight for s in pair.differ), reverse=True)
    assert [s.measure.key for s in pair.differ] == ["differ-relative", "differ-share"]  # both 1.0: by key
    assert ALIKE[SHARE] < DIFFER[SHARE]


def test_a_pair_tau_is_found_in_either_order_and_at_most_five_statements_are_kept() -> None:
    measures = [Measure(f"m{n}", "x", SHARE, f"r{n}", values={"a": 0.0, "b": 0.2 + n / 100}) for n in range(8)]
    measures.append(Measure("t", "x", TAU, "rt", pairs={("a", "b"): -1.0}, counts={("a", "b"): 4}))
    pair = pair_summary("b", "a", [comparison(*measures)])
    assert len(pair.differ) == MAX_STATEMENTS
    assert pair.differ[0].measure.key == "t"  # (1 + 1) / 2 = 1 over 0.5, more than 0.27 over 0.15
    assert [p.town_a + p.town_b for p in summaries(["a", "b", "c"], [comparison(*measures)])] == ["ab", "ac", "bc"]
