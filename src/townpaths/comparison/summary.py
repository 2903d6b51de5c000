"""The summary of each pair of towns (pure): where they are alike and where they differ most, each
statement one measure of a study's comparison with the two towns' numbers and the row of the table
that shows them. Nothing is said that the numbers do not say: a statement is a measure, two values
and how far apart they are.

How far apart two values are depends on the measure's scale (:data:`townpaths.core.comparison.MEASURE_SCALES`):

* ``share`` (a share or a 0-1 score): the difference, |a - b|;
* ``relative`` (a rate, a count, bits of variety): the difference over the larger, |a - b| / max(|a|, |b|);
* ``tau`` (Kendall's tau-b of the pair's rankings): (1 - tau) / 2, 0 for the same order, 1 for the reverse.

Two towns are alike on a measure at a distance of at most :data:`ALIKE` and differ at
:data:`DIFFER` or more; the statements of each kind are ordered by their distance over that bound
(the closest alike first, the farthest apart first) and at most :data:`MAX_STATEMENTS` of each are
kept. A measure both towns have as 0 says nothing and is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from townpaths.core.comparison import RELATIVE, SHARE, TAU, Comparison, Measure

#: At most this far apart, two towns are alike on a measure.
ALIKE = {SHARE: 0.05, RELATIVE: 0.10, TAU: 0.20}
#: At least this far apart, they differ.
DIFFER = {SHARE: 0.15, RELATIVE: 0.50, TAU: 0.50}
#: Statements of each kind per pair.
MAX_STATEMENTS = 5
ALIKE_KIND, DIFFER_KIND = "alike", "differ"


def distance(scale: str, a: float, b: float | None = None) -> float:
    """How far apart ``a`` and ``b`` are on ``scale`` (for ``tau``, ``a`` is the pair's tau)."""
    if scale == TAU:
        return (1 - a) / 2
    assert b is not None
    if scale == SHARE:
        return abs(a - b)
    if scale == RELATIVE:
        larger = max(abs(a), abs(b))
        return abs(a - b) / larger if larger else 0.0
    raise ValueError(f"unknown scale {scale!r}")


@dataclass(frozen=True)
class Statement:
    """One statement of a pair's summary: ``measure`` of ``comparison`` (its row ``row``) with the
    two towns' values (for ``tau``, ``value_a`` is the pair's tau and ``count`` the items it rests
    on), their ``distance`` and whether the towns are ``alike`` or ``differ`` on it."""

    kind: str
    comparison: str
    measure: Measure
    value_a: float
    value_b: float | None
    distance: float
    count: int | None = None

    @property
    def row(self) -> str:
        return self.measure.row

    @property
    def weight(self) -> float:
        bound = (ALIKE if self.kind == ALIKE_KIND else DIFFER)[self.measure.scale]
        return self.distance / bound


@dataclass(frozen=True)
class PairSummary:
    town_a: str
    town_b: str
    alike: tuple[Statement, ...]
    differ: tuple[Statement, ...]
    #: Measures both towns have (what the statements were chosen from).
    weighed: int


def _values(measure: Measure, a: str, b: str) -> tuple[float, float | None, int | None] | None:
    if measure.scale == TAU:
        for pair in ((a, b), (b, a)):
            if pair in measure.pairs:
                return measure.pairs[pair], None, measure.counts.get(pair)
        return None
    if a in measure.values and b in measure.values:
        va, vb = measure.values[a], measure.values[b]
        if va is None or vb is None or (va == 0 and vb == 0):
            return None
        return va, vb, None
    return None


def pair_summary(a: str, b: str, comparisons: Sequence[Comparison]) -> PairSummary:
    alike: list[Statement] = []
    differ: list[Statement] = []
    weighed = 0
    for comparison in comparisons:
        for measure in comparison.measures:
            found = _values(measure, a, b)
            if found is None:
                continue
            weighed += 1
            va, vb, count = found
            d = distance(measure.scale, va, vb)
            if d <= ALIKE[measure.scale]:
                alike.append(Statement(ALIKE_KIND, comparison.key, measure, va, vb, d, count))
            elif d >= DIFFER[measure.scale]:
                differ.append(Statement(DIFFER_KIND, comparison.key, measure, va, vb, d, count))
    alike.sort(key=lambda s: (s.weight, s.measure.key))
    differ.sort(key=lambda s: (-s.weight, s.measure.key))
    return PairSummary(a, b, tuple(alike[:MAX_STATEMENTS]), tuple(differ[:MAX_STATEMENTS]), weighed)


def summaries(towns: Sequence[str], comparisons: Sequence[Comparison]) -> list[PairSummary]:
    """A summary of every pair of ``towns`` (slugs), in the towns' order."""
    return [pair_summary(a, b, comparisons) for a, b in combinations(towns, 2)]
