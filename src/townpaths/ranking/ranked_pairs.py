"""Ranked Pairs (Tideman) with every tie-breaking considered.

Majority links (positive margins) are locked from the largest margin down, skipping any
link that would close a cycle. When several links have the same margin, no tie-break is
chosen: every processing order of the tied links is explored, giving the set of possible
locked graphs ("parallel universes"). Zero-margin pairs are never locked. An item is a
winner when it is unbeaten in some possible locked graph (Tideman's definition with all
tie-breakings); ``a`` is above ``b`` in the result only when ``a`` is locked above ``b`` in
every possible outcome.

The search only branches where the order can matter: a tied link that lies on no cycle of
(locked graph + tied links) is locked at once (it can never be skipped nor cause a skip),
and states are memoised. Deciding Ranked Pairs winners under all tie-breakings is NP-hard,
so the search has a budget (``max_states``); beyond it the tied links are resolved
*together* instead: those lying on a cycle with the locked graph and the other tied links
are all skipped, the others locked. That variant is order-free too (it hides no tie), and
the result says so in ``notes``.
"""

from __future__ import annotations

from itertools import groupby

import numpy as np

from townpaths.ranking import relations
from townpaths.ranking.ballots import Profile
from townpaths.ranking.result import Result

#: Default budget of explored (locked graph, pending links) states.
MAX_STATES = 5_000

State = tuple[int, ...]  # reach[x]: bitmask of the items locked below x (transitively)
Link = tuple[int, int]


class _Budget(Exception):
    pass


def _lock(state: State, a: int, b: int) -> State:
    targets = state[b] | (1 << b)
    bit_a = 1 << a
    return tuple(r | targets if (x == a or r & bit_a) else r for x, r in enumerate(state))


def _decided(state: State, a: int, b: int) -> bool:
    return bool(state[a] >> b & 1 or state[b] >> a & 1)


def _on_cycle(state: State, links: frozenset[Link]) -> frozenset[Link]:
    """Links lying on a cycle of (locked graph + links)."""
    reach = list(state)
    for a, b in links:
        reach[a] |= 1 << b
    n = len(reach)
    for k in range(n):
        bit = 1 << k
        rk = reach[k]
        for i in range(n):
            if reach[i] & bit:
                reach[i] |= rk
    return frozenset((a, b) for a, b in links if reach[b] >> a & 1)


class _Explorer:
    def __init__(self, max_states: int) -> None:
        self.memo: dict[tuple[State, frozenset[Link]], frozenset[State]] = {}
        self.max_states = max_states

    def outcomes(self, state: State, links: frozenset[Link]) -> frozenset[State]:
        pending = frozenset(e for e in links if not _decided(state, *e))
        if not pending:
            return frozenset({state})
        key = (state, pending)
        if key in self.memo:
            return self.memo[key]
        if len(self.memo) >= self.max_states:
            raise _Budget
        conflicting = _on_cycle(state, pending)
        for a, b in sorted(pending - conflicting):  # never skipped, never cause a skip
            state = _lock(state, a, b)
        if not conflicting:
            result = frozenset({state})
        else:
            found: set[State] = set()
            for a, b in sorted(conflicting):
                if not _decided(state, a, b):
                    found |= self.outcomes(_lock(state, a, b), conflicting - {(a, b)})
            result = frozenset(found) if found else frozenset({state})
        self.memo[key] = result
        return result


def _together(state: State, links: frozenset[Link]) -> State:
    pending = frozenset(e for e in links if not _decided(state, *e))
    for a, b in sorted(pending - _on_cycle(state, pending)):
        state = _lock(state, a, b)
    return state


def _groups(margins: np.ndarray) -> list[frozenset[Link]]:
    n = margins.shape[0]
    links = sorted(
        ((int(margins[a, b]), a, b) for a in range(n) for b in range(n) if margins[a, b] > 0),
        key=lambda e: -e[0],
    )
    return [frozenset((a, b) for _, a, b in same) for _, same in groupby(links, key=lambda e: e[0])]


def locked_outcomes(margins: np.ndarray, max_states: int = MAX_STATES) -> tuple[frozenset[State], bool]:
    """Every locked graph (as reach bitmasks) some tie-breaking produces, and whether the
    search was exact (False: the budget ran out and tied links were resolved together)."""
    n = margins.shape[0]
    groups = _groups(margins)
    explorer = _Explorer(max_states)
    states: frozenset[State] = frozenset({(0,) * n})
    try:
        for group in groups:
            states = frozenset().union(*(explorer.outcomes(s, group) for s in states))
        return states, True
    except _Budget:
        state: State = (0,) * n
        for group in groups:
            state = _together(state, group)
        return frozenset({state}), False


def ranked_pairs(profile: Profile, max_states: int = MAX_STATES) -> Result:
    n = profile.n_items
    outcomes, exact = locked_outcomes(profile.pairwise.margins, max_states)
    always = np.ones((n, n), dtype=bool)
    winners: set[str] = set()
    for state in outcomes:
        below = np.array([[state[a] >> b & 1 for b in range(n)] for a in range(n)], dtype=bool)
        always &= below
        winners.update(profile.items[x] for x in range(n) if not below[:, x].any())
    np.fill_diagonal(always, False)
    notes = (
        ()
        if exact
        else (
            f"Ranked Pairs: too many equal margins to explore every tie-breaking (over {max_states:,} states); "
            "tied links that conflict were skipped together instead",
        )
    )
    return Result(
        method="ranked-pairs",
        items=profile.items,
        tiers=relations.tiers(profile.items, always),
        scores={name: float(s) for name, s in zip(profile.items, always.sum(axis=1), strict=True)},
        score_label="items locked below (all tie-breaks)",
        winners=frozenset(winners),
        precedes=always,
        notes=notes,
    )
