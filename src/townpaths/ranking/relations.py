"""Strict relations on items as boolean matrices: transitive closure, tiers, majority cycles.

``rel[a, b]`` True means "a is strictly above b". :func:`tiers` turns any such relation into
the *finest* weak order (tiers, best first) in which every pair of items in different tiers
is strictly decided by the relation; items that the relation does not separate consistently
end up in the same tier, so ties are shown, never broken arbitrarily.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np


def closure(rel: np.ndarray) -> np.ndarray:
    """Transitive closure (Warshall, vectorised); the diagonal is left as computed."""
    reach = np.array(rel, dtype=bool, copy=True)
    for k in range(reach.shape[0]):
        reach |= reach[:, k : k + 1] & reach[k : k + 1, :]
    return reach


def tier_indices(rel: np.ndarray) -> list[list[int]]:
    """Tiers of item indices, best first (see module doc)."""
    n = rel.shape[0]
    if n == 0:
        return []
    rel = np.asarray(rel, dtype=bool)
    # a -> b when a is not strictly below b; its strongly connected components are the tiers.
    weak = ~rel.T
    np.fill_diagonal(weak, True)
    reach = closure(weak)
    same = reach & reach.T
    tiers: list[list[int]] = []
    placed = np.zeros(n, dtype=bool)
    for a in range(n):
        if not placed[a]:
            members = np.flatnonzero(same[a])
            placed[members] = True
            tiers.append(members.tolist())
    # components form a chain: the higher one reaches more items
    tiers.sort(key=lambda t: -int(reach[t[0]].sum()))
    return tiers


def tiers(items: Sequence[str], rel: np.ndarray) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(items[i] for i in t) for t in tier_indices(rel))


def from_scores(scores: np.ndarray, higher_is_better: bool = True) -> np.ndarray:
    """Relation "a's score is strictly better than b's" (scores must be exact, e.g. integers)."""
    s = np.asarray(scores)
    return s[:, None] > s[None, :] if higher_is_better else s[:, None] < s[None, :]


def majority_cycles(margins: np.ndarray) -> list[tuple[list[int], list[int]]]:
    """Top cycles of the strict majority graph (``margins > 0``).

    Returns, for each strongly connected component with at least 3 items, its members and
    one shortest cycle through its first member (as a list of indices, closed implicitly).
    """
    strict = np.asarray(margins) > 0
    reach = closure(strict)
    n = strict.shape[0]
    seen = np.zeros(n, dtype=bool)
    found = []
    for a in range(n):
        if seen[a]:
            continue
        members = [a] + [b for b in range(n) if b != a and reach[a, b] and reach[b, a]]
        seen[members] = True
        if len(members) >= 3:
            found.append((members, _shortest_cycle(strict, a, set(members))))
    return found


def _shortest_cycle(strict: np.ndarray, start: int, allowed: set[int]) -> list[int]:
    parent = {start: -1}
    queue = deque([start])
    while queue:
        x = queue.popleft()
        for y in np.flatnonzero(strict[x]).tolist():
            if y not in allowed:
                continue
            if y == start:
                path = [x]
                while parent[path[-1]] != -1:
                    path.append(parent[path[-1]])
                return path[::-1]
            if y not in parent:
                parent[y] = x
                queue.append(y)
    return [start]  # pragma: no cover - a component member always lies on a cycle
