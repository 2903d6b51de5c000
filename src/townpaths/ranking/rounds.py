"""Multi-round workshops (1-2-4-All): individuals -> pairs -> groups -> plenary.

* :func:`plan_workshop` builds the rounds. Each round merges the groups of the previous
  round into bigger ones, deterministically for a given ``seed``; with ``balance=True`` the
  groups are dealt so that sectors (helix: academia, industry, government, civil society...)
  are spread across them as evenly as possible.
* :func:`starting_points` gives each group of a round its starting ballot: the consensus
  (by the chosen method) of the ballots its parts handed in at the previous round, weighted
  by how many people they speak for. Items the consensus ties stay tied.
* :func:`history` summarises each round's consensus and shows how ranks and Kendall's W
  moved from one round to the next.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from townpaths.core.errors import InputError
from townpaths.ranking.ballots import Ballot, Profile
from townpaths.ranking.consensus import kendall_w
from townpaths.ranking.methods import aggregate


@dataclass(frozen=True)
class Participant:
    id: str
    sector: str | None = None


@dataclass(frozen=True)
class Group:
    id: str
    members: tuple[str, ...]  # participant ids
    parts: tuple[str, ...]  # ids of the previous round's groups merged into this one


@dataclass(frozen=True)
class Round:
    name: str
    groups: tuple[Group, ...]

    def group_of(self, participant_id: str) -> Group:
        return next(g for g in self.groups if participant_id in g.members)


def _unit_sector(members: Sequence[str], sectors: Mapping[str, str | None]) -> str:
    counts = Counter(sectors[m] or "" for m in members)
    return min(counts, key=lambda s: (-counts[s], s))


def group_count(people: int, size: int) -> int:
    """How many groups of about ``size`` people ``people`` make: the number whose groups come
    closest to ``size`` (7 people in groups of 4: two groups, 4 + 3; 9: 5 + 4), never a group of
    one (7 people in pairs: 2 + 2 + 3)."""
    closest = (2 * people + size) // (2 * size)
    return max(1, min(closest, people // 2))


def _deal(
    units: list[Group], k: int, rng: random.Random, balance: bool, sectors: Mapping[str, str | None]
) -> list[list[Group]]:
    """Deal the previous round's units into ``k`` piles, bigger units first: each unit to the pile
    with the fewest people (then the fewest of the unit's sector, then the first), so sizes differ by
    as little as whole units allow; with ``balance`` the units come sorted by sector (shuffled within
    one), so sectors spread too."""
    if balance:
        by_sector: dict[str, list[Group]] = {}
        for u in units:
            by_sector.setdefault(_unit_sector(u.members, sectors), []).append(u)
        ordered: list[Group] = []
        for sector in sorted(by_sector, key=lambda s: (-len(by_sector[s]), s)):
            chunk = by_sector[sector]
            rng.shuffle(chunk)
            ordered.extend(chunk)
    else:
        ordered = list(units)
        rng.shuffle(ordered)
    piles: list[list[Group]] = [[] for _ in range(k)]
    people = [0] * k
    of_sector: list[Counter[str]] = [Counter() for _ in range(k)]
    for unit in sorted(ordered, key=lambda u: -len(u.members)):  # bigger units first (stable)
        sector = _unit_sector(unit.members, sectors) if balance else ""
        target = min(range(k), key=lambda i: (people[i], of_sector[i][sector], i))
        piles[target].append(unit)
        people[target] += len(unit.members)
        of_sector[target][sector] += len(unit.members)
    return piles


def plan_workshop(
    participants: Sequence[Participant],
    sizes: Sequence[int] = (2, 4),
    seed: int = 0,
    balance: bool = True,
    names: Sequence[str] | None = None,
) -> tuple[Round, ...]:
    """Rounds: individuals, one round per group size in ``sizes``, then the plenary.

    A round with size ``s`` has :func:`group_count` groups (sizes as close to ``s`` as whole
    groups of the previous round allow), each made of whole groups of the previous round (so pairs
    stay together in the fours).
    """
    ids = [p.id for p in participants]
    if not ids:
        raise InputError("a workshop needs participants")
    if len(set(ids)) != len(ids):
        raise InputError("participant listed twice", field="id", value=next(i for i in ids if ids.count(i) > 1))
    if any(s < 2 for s in sizes) or list(sizes) != sorted(sizes):
        raise InputError("group sizes must be increasing and at least 2", field="sizes", value=list(sizes))
    labels = (
        list(names)
        if names is not None
        else ["individuals", *("pairs" if s == 2 else f"groups of {s}" for s in sizes), "plenary"]
    )
    if len(labels) != len(sizes) + 2:
        raise InputError("need one name per round", field="names", value=labels)
    sectors = {p.id: p.sector for p in participants}
    current = tuple(Group(p.id, (p.id,), ()) for p in participants)
    rounds = [Round(labels[0], current)]
    for level, size in enumerate(sizes, start=1):
        k = group_count(len(ids), size)
        rng = random.Random(seed * 1_000_003 + level)
        piles = _deal(list(current), k, rng, balance, sectors)
        current = tuple(
            Group(f"{labels[level]} #{i + 1}", tuple(m for u in pile for m in u.members), tuple(u.id for u in pile))
            for i, pile in enumerate(piles)
        )
        rounds.append(Round(labels[level], current))
    rounds.append(Round(labels[-1], (Group(labels[-1], tuple(ids), tuple(g.id for g in current)),)))
    return tuple(rounds)


def starting_point(
    ballots: Sequence[Ballot], items: Sequence[str], method: str = "kemeny", group: str | None = None
) -> Ballot:
    """The aggregate of ``ballots`` as one ballot speaking for all of them (ties kept)."""
    if not ballots:
        raise InputError("no ballots to start from", field="group", value=group)
    result = aggregate(Profile(tuple(items), tuple(ballots)), method)
    weight = sum((b.weight for b in ballots), 0)
    return Ballot(result.tiers, weight=weight, group=group)


def starting_points(
    rnd: Round, previous: Mapping[str, Ballot], items: Sequence[str], method: str = "kemeny"
) -> dict[str, Ballot]:
    """Starting ballot of every group of ``rnd`` from its parts' ballots of the previous round."""
    out = {}
    for g in rnd.groups:
        missing = [p for p in g.parts if p not in previous]
        if missing:
            raise InputError("no ballot from the previous round", field="group", value=missing[0])
        out[g.id] = starting_point([previous[p] for p in g.parts], items, method, group=g.id)
    return out


@dataclass(frozen=True)
class RoundSummary:
    name: str
    tiers: tuple[frozenset[str], ...]
    ranks: dict[str, float]
    kendall_w: float
    rank_change: dict[str, float]  # previous rank - this rank (positive: moved up); 0 in round 1
    w_change: float  # this W - previous W; 0 in round 1


def history(rounds: Sequence[tuple[str, Profile]], method: str = "kemeny") -> tuple[RoundSummary, ...]:
    """Consensus of each round's ballots and how ranks and Kendall's W moved."""
    out: list[RoundSummary] = []
    for name, profile in rounds:
        result = aggregate(profile, method)
        ranks = result.ranks
        w = kendall_w(profile).w
        prev = out[-1] if out else None
        out.append(
            RoundSummary(
                name=name,
                tiers=result.tiers,
                ranks=ranks,
                kendall_w=w,
                rank_change={x: (prev.ranks[x] - r if prev else 0.0) for x, r in ranks.items()},
                w_change=(w - prev.kendall_w) if prev else 0.0,
            )
        )
    return tuple(out)
