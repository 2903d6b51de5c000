"""One entry point for every aggregation method."""

from __future__ import annotations

from collections.abc import Callable

from townpaths.errors import InputError
from townpaths.ranking.ballots import Profile
from townpaths.ranking.kemeny import kemeny
from townpaths.ranking.ranked_pairs import ranked_pairs
from townpaths.ranking.result import Result
from townpaths.ranking.schulze import schulze
from townpaths.ranking.scoring import borda, copeland, mean_rank

METHODS: dict[str, Callable[[Profile], Result]] = {
    "kemeny": kemeny,
    "schulze": schulze,
    "copeland": copeland,
    "borda": borda,
    "ranked-pairs": ranked_pairs,
    "mean-rank": mean_rank,
}


def aggregate(profile: Profile, method: str = "kemeny") -> Result:
    """Consensus of ``profile`` by ``method`` (one of :data:`METHODS`)."""
    try:
        func = METHODS[method]
    except KeyError:
        raise InputError(f"unknown method; choose one of {', '.join(METHODS)}", field="method", value=method) from None
    if not profile.ballots:
        raise InputError("no ballots to aggregate")
    return func(profile)
