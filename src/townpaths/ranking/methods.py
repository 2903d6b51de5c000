"""One entry point for every aggregation method."""

from __future__ import annotations

from collections.abc import Callable

from townpaths.core.errors import InputError
from townpaths.ranking.ballots import Ballot, Profile
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


def aggregate(profile: Profile, method: str = "kemeny", **options: object) -> Result:
    """Consensus of ``profile`` by ``method`` (one of :data:`METHODS`).

    ``options`` go to the method, e.g. ``time_limit=5, tie_time_limit=1`` for Kemeny or
    ``max_states=1000`` for Ranked Pairs.
    """
    try:
        func = METHODS[method]
    except KeyError:
        raise InputError(f"unknown method; choose one of {', '.join(METHODS)}", field="method", value=method) from None
    if not profile.ballots:
        raise InputError("no ballots to aggregate")
    return func(profile, **options)


def aggregate_by_group(profile: Profile, method: str = "kemeny") -> dict[str | None, Result]:
    """One consensus per voter group (helix sector, table...), groups in order of appearance.

    Ballots without a group are collected under ``None``.
    """
    groups: dict[str | None, list[Ballot]] = {}
    for ballot in profile.ballots:
        groups.setdefault(ballot.group, []).append(ballot)
    return {g: aggregate(profile.restricted(ballots), method) for g, ballots in groups.items()}
