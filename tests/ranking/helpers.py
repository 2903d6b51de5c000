"""Shared test helpers: random profiles and the location of shared/."""

from __future__ import annotations

import itertools
import os
import random
from pathlib import Path

import pytest
from hypothesis import strategies as st

from townpaths.ranking import Ballot, Profile

# tests/ranking/helpers.py -> parents[2] is the repo root; shared/ sits beside the repo
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
PREFLIB = SHARED / "preflib"
ASPEN_COUNCIL = PREFLIB / "00016-00000001.toi"
ASPEN_MAYOR = PREFLIB / "00016-00000002.toi"

#: Skips on a developer's machine without shared/; in CI (``CI`` set) the tests run and fail.
needs_preflib = pytest.mark.skipif(
    not os.environ.get("CI") and (not ASPEN_COUNCIL.exists() or not ASPEN_MAYOR.exists()),
    reason=f"shared PrefLib data not found at {PREFLIB.resolve()} (clone shared/ beside the repo)",
)


def random_profile(
    rng: random.Random, n: int, m: int, ties: float = 0.3, partial: bool = True, weights=(1,)
) -> Profile:
    items = [chr(ord("a") + k) for k in range(n)]
    ballots = []
    for _ in range(m):
        order = items[:]
        rng.shuffle(order)
        if partial:
            order = order[: rng.randint(1, n)]
        tiers: list[set[str]] = []
        for x in order:
            if tiers and rng.random() < ties:
                tiers[-1].add(x)
            else:
                tiers.append({x})
        ballots.append(Ballot(tuple(frozenset(t) for t in tiers), weight=rng.choice(weights)))
    return Profile(tuple(items), tuple(ballots))


@st.composite
def profiles(draw, max_items: int = 7, max_ballots: int = 8, weights=(1, 2, 3)):
    """Random profiles with ties, partial ballots and weights."""
    n = draw(st.integers(1, max_items))
    items = tuple(chr(ord("a") + k) for k in range(n))
    m = draw(st.integers(1, max_ballots))
    ballots = []
    for _ in range(m):
        order = draw(st.permutations(items))
        k = draw(st.integers(1, n))
        cuts = draw(st.lists(st.booleans(), min_size=k, max_size=k))
        tiers: list[set[str]] = []
        for x, tie in zip(order[:k], cuts, strict=True):
            if tiers and tie:
                tiers[-1].add(x)
            else:
                tiers.append({x})
        ballots.append(Ballot(tuple(frozenset(t) for t in tiers), weight=draw(st.sampled_from(weights))))
    return Profile(items, tuple(ballots))


def brute_force_kemeny(profile: Profile) -> tuple[int, list[tuple[str, ...]]]:
    """Least disagreement (weight units) and every optimal order, by trying all permutations."""
    counts = profile.pairwise.counts
    n = profile.n_items
    best, orders = None, []
    for perm in itertools.permutations(range(n)):
        cost = sum(int(counts[perm[j], perm[i]]) for i in range(n) for j in range(i + 1, n))
        if best is None or cost < best:
            best, orders = cost, [perm]
        elif cost == best:
            orders.append(perm)
    return best, sorted(tuple(profile.items[i] for i in p) for p in orders)


def tiers(result) -> list[list[str]]:
    return [sorted(t) for t in result.tiers]
