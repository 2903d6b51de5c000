"""Exact Kemeny-Young on one block of items by dynamic programming over subsets.

``f[S]`` is the least disagreement of an order of the items in ``S`` alone (the Held-Karp
recursion ``f[S] = min over x in S of f[S - x] + W_x(S - x)``, where ``W_x(T)`` is the weight
of ballots preferring ``x`` to the items of ``T`` placed before it). It is computed layer by
layer (by number of items) with numpy; ``W_x`` is split into a low-bits and a high-bits table
so that memory stays at a few arrays of ``2**n`` integers.

A set ``S`` is an *optimal prefix* when ``f[S] + f[rest] + cross(S, rest) == f[all]``: some
optimal order starts with exactly the items of ``S``. From those sets we get, without listing
the orders, which pairs can come in either order among the optimal orders, how many optimal
orders there are, and (by depth-first search) the first ones in lexicographic order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: Counts of optimal orders saturate here (reported as "at least").
COUNT_CAP = 10**15
#: Largest block the DP accepts (2**24 subsets take about 1 GB); bigger blocks go to the ILP.
MAX_ITEMS = 24


@dataclass(frozen=True, eq=False)
class BlockSolution:
    cost: int  # least disagreement inside the block, in weight units
    can_precede: np.ndarray  # [a, b]: a comes before b in some optimal order
    count: int | None  # number of optimal orders (saturated at COUNT_CAP), None if unknown
    orders: list[tuple[int, ...]]  # first optimal orders, lexicographic, block indices
    firsts: frozenset[int]  # items that come first in some optimal order
    solver: str = "dp"
    complete: bool = True  # False when some pairs could not be checked for ties (time limit)


def _subset_sums(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``out[T] = sum of values[i] for i in T`` for every bitmask ``T`` (doubling)."""
    out = np.zeros(1, dtype=np.int64)
    for v in values:
        out = np.concatenate((out, out + v))
    return out


class _Tables:
    """``W_x(T)`` for all x, T as low/high half tables."""

    def __init__(self, counts: npt.NDArray[np.int64]) -> None:
        n = counts.shape[0]
        self.h = n // 2
        self.low_mask = (1 << self.h) - 1
        self.low = np.stack([_subset_sums(counts[x, : self.h]) for x in range(n)])
        self.high = np.stack([_subset_sums(counts[x, self.h :]) for x in range(n)])

    def w(self, x: int, sets: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        # numpy's stubs type fancy indexing of a row as Any
        sums: npt.NDArray[np.int64] = self.low[x][sets & self.low_mask] + self.high[x][sets >> self.h]
        return sums

    def w1(self, x: int, s: int) -> int:
        return int(self.low[x][s & self.low_mask] + self.high[x][s >> self.h])


def _popcount_order(n: int) -> tuple[np.ndarray, np.ndarray]:
    pc = np.zeros(1, dtype=np.int8)
    for _ in range(n):
        pc = np.concatenate((pc, pc + 1))
    order = np.argsort(pc, kind="stable").astype(np.int64)
    bounds = np.concatenate(([0], np.cumsum(np.bincount(pc, minlength=n + 1))))
    return order, bounds


def _cross(counts: np.ndarray) -> np.ndarray:
    """``cross[S] = sum over i in S, j not in S of N[j][i]`` (the fixed cost of S before rest)."""
    n = counts.shape[0]
    col = _subset_sums(counts.sum(axis=0))  # sum over i in S of all N[j][i]
    sym = counts + counts.T
    inner = np.zeros(1, dtype=np.int64)  # sum over pairs inside S of N[i][j] + N[j][i]
    for k in range(n):
        inner = np.concatenate((inner, inner + _subset_sums(sym[k, :k])))
    return col - inner


def solve(counts: np.ndarray, max_orders: int = 100) -> BlockSolution:
    """Exact Kemeny on a block; ``counts`` is its (n, n) integer pairwise matrix, n <= ~22."""
    counts = np.asarray(counts, dtype=np.int64)
    n = counts.shape[0]
    if n > MAX_ITEMS:
        raise ValueError(f"a block of {n} items is too big for the DP (at most {MAX_ITEMS}); use the ILP")
    if n == 1:
        return BlockSolution(0, np.zeros((1, 1), dtype=bool), 1, [(0,)], frozenset({0}))
    tables = _Tables(counts)
    order, bounds = _popcount_order(n)
    size = 1 << n
    f = np.zeros(size, dtype=np.int64)
    for k in range(1, n + 1):
        sets = order[bounds[k] : bounds[k + 1]]
        best = np.full(sets.shape[0], np.iinfo(np.int64).max, dtype=np.int64)
        for x in range(n):
            has = (sets >> x) & 1 == 1
            prev = sets[has] ^ (1 << x)
            best[has] = np.minimum(best[has], f[prev] + tables.w(x, prev))
        f[sets] = best
    full = size - 1
    opt = int(f[full])
    optimal = (f + f[::-1] + _cross(counts)) == opt
    opt_sets = np.flatnonzero(optimal)

    can_precede = np.zeros((n, n), dtype=bool)
    for a in range(n):
        without_a = opt_sets[(opt_sets >> a) & 1 == 0]
        union = int(np.bitwise_or.reduce(without_a)) if without_a.size else 0
        for b in range(n):
            can_precede[b, a] = b != a and bool(union >> b & 1)

    count = _count_orders(n, f, optimal, opt_sets, tables)
    orders = list(_first_orders(n, f, optimal, tables, max_orders))
    firsts = frozenset(a for a in range(n) if optimal[1 << a])
    return BlockSolution(opt, can_precede, count, orders, firsts)


def _count_orders(n: int, f: np.ndarray, optimal: np.ndarray, opt_sets: np.ndarray, tables: _Tables) -> int:
    cnt = np.zeros(f.shape[0], dtype=np.int64)
    cnt[0] = 1
    pc = np.zeros(opt_sets.shape[0], dtype=np.int64)
    for x in range(n):
        pc += (opt_sets >> x) & 1
    for k in range(1, n + 1):
        sets = opt_sets[pc == k]
        if not sets.size:
            continue
        total = np.zeros(sets.shape[0], dtype=np.int64)
        for x in range(n):
            has = (sets >> x) & 1 == 1
            s = sets[has]
            prev = s ^ (1 << x)
            tight = optimal[prev] & (f[s] == f[prev] + tables.w(x, prev))
            total[has] += np.where(tight, cnt[prev], 0)
        cnt[sets] = np.minimum(total, COUNT_CAP)
    return int(cnt[-1])


def _first_orders(n: int, f: np.ndarray, optimal: np.ndarray, tables: _Tables, limit: int) -> Iterator[tuple[int, ...]]:
    full = (1 << n) - 1
    found = 0
    stack: list[tuple[int, tuple[int, ...]]] = [(0, ())]
    while stack and found < limit:
        s, prefix = stack.pop()
        if s == full:
            found += 1
            yield prefix
            continue
        nxt = []
        for x in range(n):
            if s >> x & 1:
                continue
            t = s | (1 << x)
            if optimal[t] and f[t] == f[s] + tables.w1(x, s):
                nxt.append((t, (*prefix, x)))
        stack.extend(reversed(nxt))
