"""Exact Kemeny-Young: decomposition, then DP or ILP on each block.

Blocks are the strongly connected components of the relation "a does not lose to b"
(margin >= 0). Every pair of items in different blocks is strictly decided by a majority
and the blocks form a chain, so by the extended Condorcet principle every optimal order
puts the blocks in that chain order (swapping an adjacent later-block item before an
earlier-block one would strictly reduce disagreement). Pairs with a zero margin are kept
in one block, so no optimal order is lost. Each block is solved exactly: dynamic
programming over subsets up to ``dp_max`` items, ILP above.
"""

from __future__ import annotations

from itertools import islice, product
from math import prod

import numpy as np

from townpaths.ranking import kemeny_dp, relations
from townpaths.ranking.ballots import Profile
from townpaths.ranking.kemeny_dp import COUNT_CAP, BlockSolution
from townpaths.ranking.result import KemenyResult

DP_MAX = 20


def blocks(margins: np.ndarray) -> list[list[int]]:
    """Item indices of the decomposition blocks, in their forced order."""
    return relations.tier_indices(np.asarray(margins) > 0)


def solve_block(
    counts: np.ndarray, solver: str, dp_max: int, max_orders: int, time_limit: float, tie_time_limit: float | None
) -> BlockSolution:
    n = counts.shape[0]
    if n == 1 or solver == "dp" or (solver == "auto" and n <= dp_max):
        return kemeny_dp.solve(counts, max_orders=max_orders)
    from townpaths.ranking import kemeny_ilp  # scipy.optimize loads only when a block needs the ILP

    return kemeny_ilp.solve(counts, max_orders=max_orders, time_limit=time_limit, tie_time_limit=tie_time_limit)


def kemeny(
    profile: Profile,
    *,
    max_orders: int = 100,
    solver: str = "auto",
    dp_max: int = DP_MAX,
    time_limit: float = 60.0,
    tie_time_limit: float | None = None,
) -> KemenyResult:
    """Exact Kemeny-Young consensus of ``profile``.

    ``solver``: "auto" (DP for blocks up to ``dp_max`` items, ILP above), "dp" or "ilp".
    ``time_limit`` bounds the proof of optimality of each ILP block (else
    :class:`kemeny_ilp.SolverTimeout`); ``tie_time_limit`` (default: ``time_limit``) bounds the
    search for other optimal orders in that block (when it runs out, ``n_optimal`` is None and,
    if not every pair was decided, ``all_optima_known`` is False).
    """
    if solver not in ("auto", "dp", "ilp"):
        raise ValueError(f"unknown Kemeny solver {solver!r}")
    pw = profile.pairwise
    counts, items, n = pw.counts, profile.items, profile.n_items
    parts = blocks(pw.margins)
    solutions = [
        solve_block(counts[np.ix_(b, b)], solver, dp_max, max_orders, time_limit, tie_time_limit) for b in parts
    ]

    precedes = np.zeros((n, n), dtype=bool)
    placed: list[int] = []
    disagreement = 0
    for block, sol in zip(parts, solutions, strict=True):
        idx = np.asarray(block)
        if placed:
            precedes[np.ix_(placed, block)] = True
            disagreement += int(counts[np.ix_(block, placed)].sum())
        inner = ~sol.can_precede.T
        np.fill_diagonal(inner, False)
        precedes[np.ix_(idx, idx)] = inner
        disagreement += sol.cost
        placed.extend(block)

    known = all(s.count is not None for s in solutions)
    count = min(prod(s.count or len(s.orders) for s in solutions), COUNT_CAP)
    capped = any(s.count is not None and s.count >= COUNT_CAP for s in solutions) or count >= COUNT_CAP
    complete = all(s.complete for s in solutions)
    orders = tuple(
        tuple(items[parts[k][i]] for k, o in enumerate(combo) for i in o)
        for combo in islice(product(*(s.orders for s in solutions)), max_orders)
    )
    tiers = relations.tiers(items, precedes)
    ranks: dict[str, float] = {}
    above = 0
    for tier in tiers:
        for name in tier:
            ranks[name] = above + (len(tier) + 1) / 2
        above += len(tier)
    total = int(counts.sum())
    return KemenyResult(
        method="kemeny",
        items=items,
        tiers=tiers,
        scores={name: ranks[name] for name in items},
        score_label="consensus rank",
        winners=frozenset(items[parts[0][i]] for i in solutions[0].firsts),
        precedes=precedes,
        disagreement=pw.to_weight(disagreement),
        agreement=pw.to_weight(total - disagreement),
        orders=orders,
        n_optimal=count if known else None,
        n_optimal_capped=capped,
        all_optima_known=complete,
        blocks=tuple(tuple(items[i] for i in b) for b in parts),
        solvers=tuple(s.solver for s in solutions),
    )
