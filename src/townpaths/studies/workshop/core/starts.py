"""Where each phone starts ranking in a round (no I/O).

A list that starts in the published order would let a phone that submits it unchanged vote for the
article, so every person starts each individual or plenary round from an order drawn at random for
them: seeded by the workshop's seed, the round and the person, so it can be drawn again and checked
(:func:`random_start`); a workshop may start everyone alphabetically instead (each phone sorts in
its own language). A pair or group starts from the consensus of its members' ballots of the round
before, with the problems they placed differently marked (:func:`group_start`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from townpaths.ranking import aggregate
from townpaths.studies.workshop.core.tally import BallotRow, final_ranks, profile_of

#: How individual and plenary rounds start: drawn at random per person, or alphabetically.
START_MODES = ("random", "alphabetical")


def random_start(item_ids: Sequence[int], seed: int, round_no: int, participant_id: int) -> list[int]:
    """The order ``participant_id`` starts round ``round_no`` from: a shuffle seeded by the workshop's
    seed, the round and the person (the same on every call, in every process)."""
    order = list(item_ids)
    random.Random(f"townpaths.workshop.start:{seed}:{round_no}:{participant_id}").shuffle(order)
    return order


def group_start(
    item_ids: Sequence[int], ballots: Sequence[BallotRow], method: str, fallback: Sequence[int]
) -> dict[str, Any]:
    """A pair's or group's starting point: ``order`` (the consensus of its members' previous
    ballots by ``method``, weighted by the people each speaks for; items the consensus ties keep
    their order in ``fallback``, an order drawn for the group, never the case's order) and
    ``disputed`` (item id -> [best, worst] rank the members gave it, for each item they placed
    differently). Without ballots it starts from ``fallback`` and nothing is disputed."""
    rows = [b for b in ballots if b.tiers]
    if not rows:
        return {"order": list(fallback), "disputed": {}}
    position = {int(item): n for n, item in enumerate(fallback)}
    result = aggregate(profile_of(item_ids, rows), method)
    order = [int(x) for tier in result.tiers_as_lists() for x in sorted(tier, key=lambda x: position[int(x)])]
    rank_sets: dict[int, set[int]] = {int(i): set() for i in item_ids}
    for b in rows:
        for item, rank in final_ranks(b.tiers).items():
            if item in rank_sets:
                rank_sets[item].add(rank)
    disputed = {str(item): [min(r), max(r)] for item, r in rank_sets.items() if len(r) > 1}
    return {"order": order, "disputed": disputed}
