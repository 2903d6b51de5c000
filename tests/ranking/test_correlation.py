"""Kendall's tau-b against scipy.stats.kendalltau (its default variant is tau-b), with and without
ties, and where it is undefined."""

from __future__ import annotations

import math
import random

import pytest
from scipy.stats import kendalltau

from townpaths.ranking import kendall_tau_b


def test_same_reverse_and_undefined() -> None:
    assert kendall_tau_b([1, 2, 3, 4], [1, 2, 3, 4]) == 1.0
    assert kendall_tau_b([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert kendall_tau_b([1], [1]) is None
    assert kendall_tau_b([], []) is None
    assert kendall_tau_b([1, 1, 1], [1, 2, 3]) is None  # one ranking all tied
    with pytest.raises(ValueError, match="the same items"):
        kendall_tau_b([1, 2], [1])


@pytest.mark.parametrize("seed", range(40))
def test_equals_scipy_on_random_rankings_with_ties(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 30)
    x = [rng.randint(1, max(2, n // (1 + seed % 3))) for _ in range(n)]
    y = [rng.randint(1, max(2, n // (1 + seed % 4))) for _ in range(n)]
    expected = kendalltau(x, y).statistic
    found = kendall_tau_b(x, y)
    if math.isnan(expected):
        assert found is None
    else:
        assert found == pytest.approx(expected, abs=1e-12)
