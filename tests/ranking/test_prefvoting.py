"""Cross-checks against pref-voting (test-only dependency).

pref-voting is used with ``use_extended_strict_preference()``: a ranked candidate is then
strictly preferred to an unranked one and two unranked candidates are not compared, which
is exactly townpaths' partial-ballot convention, so margins must agree exactly.
pref-voting's voting methods return winner sets; they are compared with ``Result.winners``
(Ranked Pairs: winners under some tie-breaking; Schulze/beat path: undefeated items).
"""

from __future__ import annotations

import random
from collections import Counter
from itertools import permutations
from math import factorial, prod

import pref_voting.profiles_with_ties as pv_profiles
from pref_voting.c1_methods import copeland as pv_copeland
from pref_voting.margin_based_methods import beat_path, ranked_pairs
from pref_voting.other_methods import kemeny_young, kemeny_young_rankings
from pref_voting.profiles import Profile as PVProfile
from pref_voting.scoring_methods import borda_for_profile_with_ties

from townpaths.ranking import Profile, aggregate, kemeny
from townpaths.ranking.io import read_profile

from .helpers import ASPEN_COUNCIL, ASPEN_MAYOR, needs_preflib, random_profile


def to_pref_voting(profile: Profile):
    rankings, counts = [], []
    for b in profile.ballots:
        rankings.append({profile.index[x]: t + 1 for t, tier in enumerate(b.tiers) for x in tier})
        counts.append(int(b.weight))
    prof = pv_profiles.ProfileWithTies(rankings, rcounts=counts, candidates=list(range(profile.n_items)))
    prof.use_extended_strict_preference()
    return prof


def winners(profile: Profile, result) -> list[int]:
    return sorted(profile.index[x] for x in result.winners)


def check_against_pref_voting(profile: Profile, prof, with_kemeny: bool = True, with_rp: bool = True) -> None:
    n = profile.n_items
    m = profile.pairwise.margins
    assert [[m[a, b] for b in range(n)] for a in range(n)] == [[prof.margin(a, b) for b in range(n)] for a in range(n)]
    borda = aggregate(profile, "borda")
    assert {profile.index[x]: s for x, s in borda.scores.items()} == prof.borda_scores()
    assert winners(profile, borda) == borda_for_profile_with_ties(prof)
    cop = aggregate(profile, "copeland")
    assert {profile.index[x]: s for x, s in cop.scores.items()} == prof.copeland_scores()
    assert winners(profile, cop) == pv_copeland(prof)
    assert winners(profile, aggregate(profile, "schulze")) == beat_path(prof)
    if with_rp:
        assert winners(profile, aggregate(profile, "ranked-pairs")) == ranked_pairs(prof)
    if with_kemeny:
        assert winners(profile, kemeny(profile)) == kemeny_young(prof)


def tie_breaking_orders(profile: Profile) -> int:
    """How many edge orders pref-voting's basic Ranked Pairs tries (it enumerates them all)."""
    m = profile.pairwise.margins
    n = profile.n_items
    sizes = Counter(int(m[a, b]) for a in range(n) for b in range(n) if a != b and m[a, b] >= 0)
    return prod(factorial(k) for k in sizes.values())


def test_random_profiles_with_ties_and_partial_ballots():
    rng = random.Random(2024)
    checked_rp = 0
    for _ in range(80):
        n = rng.randint(2, 5)
        profile = random_profile(rng, n, rng.randint(1, 9), weights=(1, 1, 2, 3))
        # skip pref-voting's Ranked Pairs where its enumeration of tie-breaks would take hours
        small = tie_breaking_orders(profile) <= 20_000
        checked_rp += small
        check_against_pref_voting(profile, to_pref_voting(profile), with_rp=small)
    assert checked_rp >= 40


def test_random_linear_profiles_kemeny_orders_and_distance():
    """On complete strict ballots the disagreement is the sum of Kendall tau distances."""
    rng = random.Random(7)
    for _ in range(30):
        n = rng.randint(2, 6)
        items = tuple(chr(ord("a") + k) for k in range(n))
        orders = [rng.sample(range(n), n) for _ in range(rng.randint(1, 7))]
        profile = Profile.from_texts([" > ".join(items[i] for i in o) for o in orders], items=items)
        ky_orders, dist = kemeny_young_rankings(PVProfile(orders))
        r = kemeny(profile, max_orders=10_000)
        assert r.disagreement == dist
        assert sorted(tuple(profile.index[x] for x in o) for o in r.orders) == sorted(ky_orders)


@needs_preflib
def test_aspen_mayor_all_methods():
    profile = read_profile(ASPEN_MAYOR)
    assert (profile.n_items, len(profile.ballots), int(profile.total_weight)) == (5, 112, 2527)
    check_against_pref_voting(profile, to_pref_voting(profile))
    r = kemeny(profile)
    assert r.orders == (("Mick Ireland", "Marilyn Marks", "Lj Erspamer", "Andrew Kole", "Write In"),)
    assert (r.disagreement, r.agreement) == (5416.0, 14769.0)


@needs_preflib
def test_aspen_council_all_methods():
    profile = read_profile(ASPEN_COUNCIL)
    assert (profile.n_items, len(profile.ballots), int(profile.total_weight)) == (11, 1760, 2477)
    prof = to_pref_voting(profile)
    # pref-voting's Kemeny tries all 11! orders (hours): checked below on 8 candidates instead
    check_against_pref_voting(profile, prof, with_kemeny=False)
    r = kemeny(profile)
    assert r.n_optimal == 1
    assert r.orders == kemeny(profile, solver="ilp").orders  # two independent exact solvers
    assert [sorted(t) for t in r.tiers][:4] == [["Derek Johnson"], ["Torre"], ["Michael Behrendt"], ["Adam Frisch"]]


@needs_preflib
def test_aspen_council_kemeny_on_eight_candidates():
    profile = read_profile(ASPEN_COUNCIL)
    keep = profile.items[:8]
    ballots = []
    for b in profile.ballots:
        tiers = tuple(t & frozenset(keep) for t in b.tiers)
        tiers = tuple(t for t in tiers if t)
        if tiers:
            ballots.append(type(b)(tiers, weight=b.weight))
    small = Profile(keep, tuple(ballots))
    prof = to_pref_voting(small)
    check_against_pref_voting(small, prof, with_rp=True)
    # the optimal orders themselves, by pref-voting's margins over all 8! permutations
    best, tops = None, []
    for perm in permutations(range(8)):
        score = sum(prof.margin(perm[i], perm[j]) for i in range(8) for j in range(i + 1, 8))
        if best is None or score > best:
            best, tops = score, [perm]
        elif score == best:
            tops.append(perm)
    r = kemeny(small)
    assert sorted(tuple(small.index[x] for x in o) for o in r.orders) == sorted(tops)
    assert r.agreement - r.disagreement == best
