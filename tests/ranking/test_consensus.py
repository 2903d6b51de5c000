"""Consensus measures: Kendall's W (with and without ties), distances, disagreement, cycles."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.stats import chi2, spearmanr

from townpaths.ranking import Ballot, Profile, aggregate, consensus_measures, kendall_w


def test_kendall_w_without_ties():
    """Three judges rank four items (no ties).

    Ranks:      A  B  C  D
      judge 1   1  2  3  4
      judge 2   1  3  2  4
      judge 3   2  1  3  4
    Rank sums R = 4, 6, 8, 12; mean m(n+1)/2 = 7.5; S = 3.5² + 1.5² + 0.5² + 4.5² = 35.
    W = 12 S / (m² (n³ - n)) = 420 / (9 * 60) = 7/9 = 0.7777...
    chi² = m (n - 1) W = 3 * 3 * 7/9 = 7 with 3 degrees of freedom, p = 0.0719.
    """
    p = Profile.from_texts(["A > B > C > D", "A > C > B > D", "B > A > C > D"])
    kw = kendall_w(p)
    assert kw.w == pytest.approx(7 / 9, abs=1e-12)
    assert kw.chi2 == pytest.approx(7.0, abs=1e-12)
    assert kw.df == 3
    assert kw.p_value == pytest.approx(0.071897772, abs=1e-8)
    # Known identity without ties: mean pairwise Spearman rho = (m W - 1) / (m - 1)
    ranks = [[1, 2, 3, 4], [1, 3, 2, 4], [2, 1, 3, 4]]
    rho = np.mean([spearmanr(a, b).statistic for a, b in itertools.combinations(ranks, 2)])
    assert rho == pytest.approx((3 * kw.w - 1) / 2, abs=1e-12)


def test_kendall_w_with_ties_and_partial_ballot():
    """Same items; judge 2 ties A and B, judge 3 ranks only A > B (C, D unranked share 3.5).

    Ranks:      A    B    C    D
      judge 1   1    2    3    4
      judge 2   1.5  1.5  3    4
      judge 3   1    2    3.5  3.5
    R = 3.5, 5.5, 9.5, 11.5; deviations from 7.5: -4, -2, 2, 4; S = 40.
    Ties: T = (2³ - 2) + (2³ - 2) = 12.
    W = 12 * 40 / (9 * 60 - 3 * 12) = 480 / 504 = 20/21 = 0.952380...
    chi² = 3 * 3 * 20/21 = 60/7 = 8.5714...
    """
    p = Profile.from_texts(["A > B > C > D", "A = B > C > D", "A > B"], items=["A", "B", "C", "D"])
    kw = kendall_w(p)
    assert kw.w == pytest.approx(20 / 21, abs=1e-12)
    assert kw.chi2 == pytest.approx(60 / 7, abs=1e-12)
    assert kw.p_value == pytest.approx(chi2.sf(60 / 7, 3), abs=1e-15)


def test_kendall_w_weight_equals_duplication():
    doubled = Profile(("a", "b", "c"), (Ballot.parse("a > b > c", weight=2), Ballot.parse("c > a = b")))
    copied = Profile.from_texts(["a > b > c", "a > b > c", "c > a = b"])
    assert kendall_w(doubled).w == pytest.approx(kendall_w(copied).w, abs=1e-12)


def test_measures_on_cycle():
    p = Profile.from_texts(["a > b > c", "b > c > a", "c > a > b"])
    r = aggregate(p, "kemeny")
    m = consensus_measures(p, r)
    assert m.condorcet_winner is None
    assert m.weak_condorcet_winners == ()
    assert m.cycles == (("a", "b", "c"),)
    assert m.kendall.w == 0.0
    # consensus is one tier: every ballot orders all 3 pairs strictly -> 1/2 each
    assert m.mean_tau_distance == 0.5
    assert {d.item: d.split for d in m.disagreement} == {
        "a": pytest.approx(2 / 3),
        "b": pytest.approx(2 / 3),
        "c": pytest.approx(2 / 3),
    }
    assert m.margins.tolist() == [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]


def test_measures_unanimous():
    p = Profile.from_texts(["a > b > c"] * 3 + ["a > b"])
    r = aggregate(p, "schulze")
    m = consensus_measures(p, r)
    assert m.condorcet_winner == "a"
    assert m.cycles == ()
    assert m.mean_tau_distance == 0.0
    assert m.kendall.w == pytest.approx(1.0)
    assert [d.split for d in m.disagreement] == [0.0, 0.0, 0.0]
    assert m.disagreement[0].rank_sd == 0.0


def test_tau_distance_partial_and_ties():
    # consensus a > b > c; ballot "c" ranks c over a and b (2 reversals), a~b unranked (1/2)
    p = Profile(("a", "b", "c"), (Ballot.parse("a > b > c", weight=3), Ballot.parse("c")))
    r = aggregate(p, "kemeny")
    assert [sorted(t) for t in r.tiers] == [["a"], ["b"], ["c"]]
    m = consensus_measures(p, r)
    assert m.mean_tau_distance == pytest.approx((3 * 0 + 1 * 2.5 / 3) / 4)
    d = m.to_dict()
    assert d["condorcet_winner"] == "a" and d["margins"]["a"]["c"] == 2.0
