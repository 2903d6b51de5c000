"""The weighted pairwise matrix of a profile, computed once and vectorised with numpy.

``N[a, b]`` is the total weight of ballots that strictly prefer item ``a`` to item ``b``
under the partial-ballot convention (ranked beats unranked; ties and two unranked items
count for neither). Weights are converted to exact integer *units* (``unit`` is the weight
of one unit, e.g. 1/2 when some ballot weighs 1.5), so every comparison in the methods is
exact and ties are never lost to floating-point rounding.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from townpaths.core.errors import InputError

#: Largest common denominator accepted for exact weights; beyond it weights are rounded to 1e-6.
MAX_DENOMINATOR = 10**9


@dataclass(frozen=True, eq=False)
class Pairwise:
    items: tuple[str, ...]
    counts: npt.NDArray[np.int64]  # (n, n): N in weight units
    unit: Fraction  # the weight of one unit
    positions: npt.NDArray[np.int64]  # (ballots, n): tier index, n for unranked
    weights: npt.NDArray[np.int64]  # (ballots,): ballot weights in units

    @property
    def margins(self) -> np.ndarray:
        """``M = N - N.T`` in weight units (``M[a, b] > 0``: a majority prefers a to b)."""
        return self.counts - self.counts.T

    def support(self, a: str, b: str) -> float:
        """Weight of ballots strictly preferring ``a`` to ``b`` (in people, not units)."""
        i, j = self.items.index(a), self.items.index(b)
        return float(self.counts[i, j] * self.unit)

    def to_weight(self, units: int | np.integer) -> float:
        """Units -> weight (people)."""
        return float(int(units) * self.unit)


def weight_units(weights: list[Fraction]) -> tuple[npt.NDArray[np.int64], Fraction]:
    """Exact integer units for the weights and the weight of one unit."""
    denominator = 1
    for w in weights:
        denominator = math.lcm(denominator, w.denominator)
        if denominator > MAX_DENOMINATOR:
            weights = [w.limit_denominator(10**6) for w in weights]
            denominator = 1
            for v in weights:
                denominator = math.lcm(denominator, v.denominator)
            break
    units = [int(w * denominator) for w in weights]
    total = sum(units)
    if total >= 2**62:
        raise InputError("ballot weights are too large to add up exactly", field="weight", value=max(weights))
    return np.asarray(units, dtype=np.int64), Fraction(1, denominator)


def position_matrix(index: Mapping[str, int], ballots: Sequence[Sequence[Set[str]]]) -> npt.NDArray[np.int64]:
    """(ballots, items) tier index of each item in each ballot (``ballots`` as tiers of item
    names); ``len(index)`` when unranked."""
    n = len(index)
    pos = np.full((len(ballots), n), n, dtype=np.int64)
    for row, tiers in enumerate(ballots):
        for t, tier in enumerate(tiers):
            for name in tier:
                pos[row, index[name]] = t
    return pos


def compute_pairwise(
    items: tuple[str, ...], ballots: Sequence[Sequence[Set[str]]], weights: Sequence[Fraction]
) -> Pairwise:
    """The pairwise matrix of ``ballots`` (tiers of item names) with exact ``weights``."""
    index = {name: i for i, name in enumerate(items)}
    pos = position_matrix(index, ballots)
    w, unit = weight_units(list(weights))
    n = len(items)
    counts = np.zeros((n, n), dtype=np.int64)
    if len(w):
        for a in range(n):
            counts[a] = w @ (pos[:, a : a + 1] < pos)
    return Pairwise(items, counts, unit, pos, w)


def tier_sizes(positions: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.intp]:
    """(ballots, n + 1): how many items each ballot puts in tier t (t = n: unranked)."""
    b = positions.shape[0]
    flat = (positions + (n + 1) * np.arange(b)[:, None]).ravel()
    return np.bincount(flat, minlength=b * (n + 1)).reshape(b, n + 1)


def doubled_ranks(positions: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.int64]:
    """(ballots, items) twice the rank of each item: a tier with k items above it and t in it
    gives rank k + (t + 1) / 2; unranked items share the mean of the remaining ranks."""
    sizes = tier_sizes(positions, n)
    above = np.cumsum(sizes, axis=1) - sizes
    return 2 * np.take_along_axis(above, positions, axis=1) + np.take_along_axis(sizes, positions, axis=1) + 1
