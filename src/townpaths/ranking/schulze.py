"""Schulze (beat path) with margins as link strengths.

The strength of a path is its weakest margin; ``d[a, b]`` is the strongest path from ``a``
to ``b`` through strict majority links (-1 when there is none). ``a`` defeats ``b`` when
``d[a, b] > d[b, a]``; this relation is transitive (Schulze 2011). Winners are the undefeated
items; tiers group items that the defeat relation does not separate.
"""

from __future__ import annotations

import numpy as np

from townpaths.ranking import relations
from townpaths.ranking.ballots import Profile
from townpaths.ranking.result import Result


def strongest_paths(margins: np.ndarray) -> np.ndarray:
    """Widest-path strengths via Floyd-Warshall (vectorised over the inner pair loop)."""
    d = np.where(margins > 0, margins, -1).astype(np.int64)
    np.fill_diagonal(d, -1)
    for k in range(d.shape[0]):
        d = np.maximum(d, np.minimum(d[:, k : k + 1], d[k : k + 1, :]))
    np.fill_diagonal(d, -1)
    return d


def schulze(profile: Profile) -> Result:
    d = strongest_paths(profile.pairwise.margins)
    defeats = d > d.T
    n_defeated = defeats.sum(axis=1)
    return Result(
        method="schulze",
        items=profile.items,
        tiers=relations.tiers(profile.items, defeats),
        scores={name: float(s) for name, s in zip(profile.items, n_defeated, strict=True)},
        score_label="items defeated (beat path)",
        winners=frozenset(name for name, col in zip(profile.items, defeats.T, strict=True) if not col.any()),
        precedes=defeats,
    )
