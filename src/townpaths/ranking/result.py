"""What every aggregation method returns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Result:
    """A consensus: ``tiers`` best first (items in one tier are tied), per-item ``scores``.

    ``winners`` follows the method's own definition (e.g. Schulze: undefeated items; Ranked
    Pairs: items that win under some tie-breaking); it can be smaller than the first tier.
    ``precedes[a][b]`` (item indices) is True when the method puts ``a`` strictly above ``b``.
    """

    method: str
    items: tuple[str, ...]
    tiers: tuple[frozenset[str], ...]
    scores: dict[str, float]
    score_label: str
    winners: frozenset[str]
    precedes: np.ndarray = field(repr=False, compare=False)

    def rank_of(self, item: str) -> float:
        """1-based rank of ``item``; tied items share the mean of their positions."""
        above = 0
        for tier in self.tiers:
            if item in tier:
                return above + (len(tier) + 1) / 2
            above += len(tier)
        raise KeyError(item)

    @property
    def ranks(self) -> dict[str, float]:
        return {item: self.rank_of(item) for item in self.items}

    def tiers_as_lists(self) -> list[list[str]]:
        """Tiers with tied items in profile order (stable, for display and JSON)."""
        order = {name: i for i, name in enumerate(self.items)}
        return [sorted(t, key=order.__getitem__) for t in self.tiers]


@dataclass(frozen=True)
class KemenyResult(Result):
    """Exact Kemeny-Young consensus.

    Convention: ``disagreement`` (minimised) is the total weight of ballot preferences that
    the order reverses, ``sum over pairs (a before b) of N[b][a]``; ``agreement`` is the weight
    it keeps, ``sum of N[a][b]``. ``orders`` lists optimal orders (at most ``max_orders``),
    ``n_optimal`` counts them all (None when unknown: an ILP block with more than
    ``max_orders`` optimal orders; ``n_optimal_capped``: at least that many). Items whose
    relative order differs between optimal orders share a tier; ``all_optima_known`` is
    False only when an ILP block hit its time limit while checking such ties.
    """

    disagreement: float = 0.0
    agreement: float = 0.0
    orders: tuple[tuple[str, ...], ...] = ()
    n_optimal: int | None = 1
    n_optimal_capped: bool = False
    all_optima_known: bool = True
    blocks: tuple[tuple[str, ...], ...] = ()
    solvers: tuple[str, ...] = ()
