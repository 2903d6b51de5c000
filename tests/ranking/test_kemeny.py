"""Exact Kemeny-Young: brute-force equality, decomposition, every optimum, ILP = DP."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townpaths.ranking import METHODS, Ballot, Profile, aggregate, kemeny
from townpaths.ranking.consensus import condorcet_winner
from townpaths.ranking.kemeny import blocks

from .helpers import brute_force_kemeny, profiles, random_profile, tiers

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(profiles(max_items=7))
def test_kemeny_equals_brute_force(profile):
    best, orders = brute_force_kemeny(profile)
    r = kemeny(profile, max_orders=10_000)
    assert sorted(r.orders) == orders
    assert r.n_optimal == len(orders)
    assert r.disagreement == best * float(profile.pairwise.unit)
    # tiers: two items share a tier exactly when optimal orders disagree on them... transitively
    pos = [{x: i for i, x in enumerate(o)} for o in orders]
    for i, tier_a in enumerate(r.tiers):
        for tier_b in r.tiers[i + 1 :]:
            for a in tier_a:
                for b in tier_b:
                    assert all(p[a] < p[b] for p in pos)
    assert r.winners == frozenset(o[0] for o in orders)


@settings(max_examples=25, deadline=None)
@given(profiles(max_items=6, max_ballots=6))
def test_ilp_equals_dp(profile):
    dp = kemeny(profile, solver="dp", max_orders=1000)
    ilp = kemeny(profile, solver="ilp", max_orders=30)
    assert ilp.disagreement == dp.disagreement
    assert ilp.all_optima_known and tiers(ilp) == tiers(dp)
    assert set(ilp.orders) <= set(dp.orders)
    assert ilp.winners == dp.winners
    if dp.n_optimal < 30:
        assert ilp.orders == dp.orders and ilp.n_optimal == dp.n_optimal


@FAST
@given(profiles(max_items=7))
def test_condorcet_winner_first(profile):
    cw = condorcet_winner(profile)
    if cw is None:
        return
    for method in ("kemeny", "schulze", "ranked-pairs", "copeland"):
        r = aggregate(profile, method)
        assert r.tiers[0] == frozenset({cw}), method
        assert r.winners == frozenset({cw}), method


@FAST
@given(profiles(max_items=6), st.randoms(use_true_random=False))
def test_ballot_order_does_not_matter(profile, rnd):
    shuffled = list(profile.ballots)
    rnd.shuffle(shuffled)
    other = Profile(profile.items, tuple(shuffled))
    for method in METHODS:
        a, b = aggregate(profile, method), aggregate(other, method)
        assert a.tiers == b.tiers and a.scores == b.scores and a.winners == b.winners, method


def test_decomposition_blocks_respect_zero_margins():
    # a beats everyone; b ~ c (margin 0); b and c both beat d
    p = Profile.from_texts(["a > b > c > d", "a > c > b > d"])
    assert [sorted(p.items[i] for i in blk) for blk in blocks(p.pairwise.margins)] == [["a"], ["b", "c"], ["d"]]
    r = kemeny(p)
    assert tiers(r) == [["a"], ["b", "c"], ["d"]]
    assert r.orders == (("a", "b", "c", "d"), ("a", "c", "b", "d"))
    assert r.n_optimal == 2 and r.blocks == (("a",), ("b", "c"), ("d",))


def test_many_optima_counted_and_capped_listing():
    # no preferences at all among 9 items: all 9! orders are optimal
    p = Profile(tuple("abcdefghi"), (Ballot.parse("a = b = c = d = e = f = g = h = i"),))
    r = kemeny(p, max_orders=5)
    assert r.n_optimal == 362_880
    assert len(r.orders) == 5 and r.orders[0] == tuple("abcdefghi")
    assert tiers(r) == [list("abcdefghi")]


def test_random_16_items_matches_ilp_and_is_fast():
    rng = random.Random(16)
    p = random_profile(rng, 16, 40, ties=0.2, partial=False)
    dp = kemeny(p, solver="dp")
    ilp = kemeny(p, solver="ilp", max_orders=20)
    assert dp.disagreement == ilp.disagreement
    assert dp.n_optimal == 7 and ilp.all_optima_known and ilp.n_optimal == 7
    assert ilp.orders == dp.orders and tiers(ilp) == tiers(dp)


def test_extended_condorcet_order_of_blocks_random():
    rng = random.Random(3)
    for _ in range(20):
        p = random_profile(rng, 6, 5)
        parts = blocks(p.pairwise.margins)
        m = p.pairwise.margins
        for i, earlier in enumerate(parts):
            for later in parts[i + 1 :]:
                assert (m[np.ix_(earlier, later)] > 0).all()


def test_ilp_block_with_many_optima_keeps_everything_tied():
    # 22 items, no preference at all: one block above the DP limit, 22! optimal orders
    items = tuple(f"x{k:02d}" for k in range(22))
    p = Profile(items, (Ballot((frozenset(items),)),))
    r = kemeny(p, max_orders=5)
    assert r.solvers == ("ilp",)
    assert tiers(r) == [sorted(items)]
    assert r.all_optima_known and r.n_optimal is None and len(r.orders) == 5
    assert r.winners == frozenset(items)  # each item is first in some optimal order


def test_ilp_optimum_of_a_30_item_block_survives_every_single_move():
    rng = random.Random(30)
    p = random_profile(rng, 30, 60, ties=0.1, partial=False)
    r = kemeny(p, max_orders=5)
    assert r.solvers.count("ilp") >= 1
    # the exact optimum of a block cannot be improved by moving any single item elsewhere
    counts = p.pairwise.counts
    order = [p.index[x] for x in r.orders[0]]

    def cost(o):
        return sum(int(counts[o[j], o[i]]) for i in range(len(o)) for j in range(i + 1, len(o)))

    base = cost(order)
    assert base * float(p.pairwise.unit) == r.disagreement
    for i in range(len(order)):
        for j in range(len(order)):
            moved = order[:i] + order[i + 1 :]
            moved.insert(j, order[i])
            assert cost(moved) >= base


def test_count_of_optimal_orders_saturates_and_says_so():
    items = tuple(f"x{k:02d}" for k in range(18))  # 18! = 6.4e15 optimal orders
    p = Profile(items, (Ballot((frozenset(items),)),))
    r = kemeny(p, max_orders=3)
    assert r.solvers == ("dp",)
    assert r.n_optimal == 10**15 and r.n_optimal_capped
    assert r.orders[0] == items and len(r.orders) == 3


def test_ilp_time_limits_are_reported_not_hidden():
    import pytest

    from townpaths.core.errors import TownpathsError
    from townpaths.ranking.kemeny_ilp import SolverTimeout

    p = random_profile(random.Random(8), 8, 12, ties=0.1, partial=False)
    with pytest.raises(SolverTimeout, match="time limit") as err:
        kemeny(p, solver="ilp", time_limit=0)
    assert isinstance(err.value, TownpathsError)  # the CLI prints it on one line
    r = kemeny(p, solver="ilp", tie_time_limit=0)
    assert not r.all_optima_known and r.n_optimal is None
    assert r.disagreement == kemeny(p, solver="dp").disagreement  # the optimum itself is proved
