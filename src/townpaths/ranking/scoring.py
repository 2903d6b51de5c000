"""Score-based methods: Borda, Copeland and mean rank.

All scores are computed exactly in integer weight units and only converted to floats for
display, so equal scores are really equal and the corresponding items share a tier.
"""

from __future__ import annotations

import numpy as np

from townpaths.ranking import relations
from townpaths.ranking.ballots import Profile
from townpaths.ranking.pairwise import doubled_ranks
from townpaths.ranking.result import Result


def borda(profile: Profile) -> Result:
    """Symmetric Borda: on each ballot an item scores (items strictly below) - (items strictly above).

    Unranked items count as tied at the bottom of the ballot, ties count for neither. On a
    complete strict ballot this is ``2 * classic Borda - (n - 1)``; with ties it is the same
    affine image of the classic Borda count with averaged positions, so the order is the
    classic one. Equals the row sums of the margin matrix.
    """
    pw = profile.pairwise
    score = pw.margins.sum(axis=1)
    return Result(
        method="borda",
        items=profile.items,
        tiers=relations.tiers(profile.items, relations.from_scores(score)),
        scores={name: pw.to_weight(s) for name, s in zip(profile.items, score, strict=True)},
        score_label="Borda score (below - above)",
        winners=_best(profile.items, score),
        precedes=relations.from_scores(score),
    )


def copeland(profile: Profile) -> Result:
    """Copeland: pairwise majority wins minus losses (a zero margin counts for neither)."""
    m = profile.pairwise.margins
    score = (m > 0).sum(axis=1) - (m < 0).sum(axis=1)
    return Result(
        method="copeland",
        items=profile.items,
        tiers=relations.tiers(profile.items, relations.from_scores(score)),
        scores={name: float(s) for name, s in zip(profile.items, score, strict=True)},
        score_label="Copeland score (wins - losses)",
        winners=_best(profile.items, score),
        precedes=relations.from_scores(score),
    )


def mean_rank_doubled(profile: Profile) -> tuple[np.ndarray, int]:
    """Weighted sums of doubled positions and the doubled total weight (both in units).

    An item in a tier with ``k`` items above it and ``t`` items in it takes position
    ``k + (t + 1) / 2``; unranked items share the mean of the remaining positions.
    """
    pw = profile.pairwise
    doubled = doubled_ranks(pw.positions, profile.n_items)
    return pw.weights @ doubled, 2 * int(pw.weights.sum())


def mean_rank(profile: Profile) -> Result:
    """Mean position (1 = best) over ballots, weighted; lower is better."""
    num, den = mean_rank_doubled(profile)
    better = relations.from_scores(num, higher_is_better=False)
    return Result(
        method="mean-rank",
        items=profile.items,
        tiers=relations.tiers(profile.items, better),
        scores={name: (float(s) / den if den else float("nan")) for name, s in zip(profile.items, num, strict=True)},
        score_label="mean rank (lower is better)",
        winners=_best(profile.items, -num),
        precedes=better,
    )


def _best(items: tuple[str, ...], score: np.ndarray) -> frozenset[str]:
    top = score.max()
    return frozenset(name for name, s in zip(items, score, strict=True) if s == top)
