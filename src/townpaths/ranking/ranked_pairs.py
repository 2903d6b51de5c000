"""Ranked Pairs (Tideman) with every tie-breaking considered.

Majority links (positive margins) are locked from the largest margin down, skipping any
link that would close a cycle. When several links have the same margin, no tie-break is
chosen: every processing order of the tied links is explored (with memoisation, and only
where the order can matter), giving the set of possible locked graphs. Zero-margin pairs
are never locked. An item is a winner when it is unbeaten in some possible locked graph
(as in Tideman's definition with all tie-breakings); ``a`` is above ``b`` in the result
only when ``a`` is locked above ``b`` in every possible outcome.
"""

from __future__ import annotations

from itertools import groupby

import numpy as np

from townpaths.errors import TownpathsError
from townpaths.ranking import relations
from townpaths.ranking.ballots import Profile
from townpaths.ranking.result import Result

#: Upper bound on explored (locked graph, pending links) states before giving up.
MAX_STATES = 200_000

State = tuple[int, ...]  # reach[x]: bitmask of the items locked below x (transitively)


class TooManyTieBreaks(TownpathsError):
    """Too many equal margins to explore every tie-breaking exactly."""


def _lock(state: State, a: int, b: int) -> State:
    targets = state[b] | (1 << b)
    bit_a = 1 << a
    return tuple(r | targets if (x == a or r & bit_a) else r for x, r in enumerate(state))


def _decided(state: State, a: int, b: int) -> bool:
    return bool(state[a] >> b & 1 or state[b] >> a & 1)


class _Explorer:
    def __init__(self) -> None:
        self.memo: dict[tuple[State, frozenset[tuple[int, int]]], frozenset[State]] = {}

    def outcomes(self, state: State, links: frozenset[tuple[int, int]]) -> frozenset[State]:
        pending = frozenset(e for e in links if not _decided(state, *e))
        if not pending:
            return frozenset({state})
        key = (state, pending)
        if key in self.memo:
            return self.memo[key]
        if len(self.memo) > MAX_STATES:
            raise TooManyTieBreaks(
                "Ranked Pairs: too many equal margins to explore every tie-breaking; use another method"
            )
        # Locking all pending links in one go is order-independent when none is ever skipped.
        seq = state
        for a, b in sorted(pending):
            if seq[b] >> a & 1:
                break
            seq = _lock(seq, a, b)
        else:
            result = frozenset({seq})
            self.memo[key] = result
            return result
        found: set[State] = set()
        for a, b in sorted(pending):
            found |= self.outcomes(_lock(state, a, b), pending - {(a, b)})
        result = frozenset(found)
        self.memo[key] = result
        return result


def locked_outcomes(margins: np.ndarray) -> frozenset[State]:
    """Every locked graph (as reach bitmasks) that some tie-breaking produces."""
    n = margins.shape[0]
    links = sorted(
        ((int(margins[a, b]), a, b) for a in range(n) for b in range(n) if margins[a, b] > 0),
        key=lambda e: -e[0],
    )
    explorer = _Explorer()
    states: frozenset[State] = frozenset({(0,) * n})
    for _, same in groupby(links, key=lambda e: e[0]):
        group = frozenset((a, b) for _, a, b in same)
        states = frozenset().union(*(explorer.outcomes(s, group) for s in states))
    return states


def ranked_pairs(profile: Profile) -> Result:
    n = profile.n_items
    outcomes = locked_outcomes(profile.pairwise.margins)
    always = np.ones((n, n), dtype=bool)
    winners: set[str] = set()
    for state in outcomes:
        below = np.array([[state[a] >> b & 1 for b in range(n)] for a in range(n)], dtype=bool)
        always &= below
        winners.update(profile.items[x] for x in range(n) if not below[:, x].any())
    np.fill_diagonal(always, False)
    return Result(
        method="ranked-pairs",
        items=profile.items,
        tiers=relations.tiers(profile.items, always),
        scores={name: float(s) for name, s in zip(profile.items, always.sum(axis=1))},
        score_label="items locked below (all tie-breaks)",
        winners=frozenset(winners),
        precedes=always,
    )
