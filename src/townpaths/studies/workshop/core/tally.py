"""The projector's numbers: a round's ballots -> consensus, Kendall's W, the items that split
the room, and how each item moved from round to round. A thin adapter over
:mod:`townpaths.ranking` (problems are items named by their id)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from townpaths.ranking import Ballot as RBallot
from townpaths.ranking import Profile, aggregate, consensus_measures

#: An item counts as splitting the room from this ``split`` value (0 = agreement, 1 = even split).
SPLIT_THRESHOLD = 0.5
SPLIT_SHOWN = 3


@dataclass(frozen=True)
class BallotRow:
    voter: str
    tiers: list[list[int]]  # problem ids, best (most pressing) first
    weight: float = 1.0
    group: str | None = None


def _item(pid: int) -> str:
    return str(pid)


def _weight(w: float) -> int | Fraction:
    f = Fraction(w).limit_denominator(1000)
    return int(f) if f.denominator == 1 else f


#: Ballots of the ranking library made from rows before: (items, voter, tiers, weight) -> ballot or None.
#: A live round's consensus is computed again after each burst of ballots, over all of them; each
#: ballot is converted (and checked) only once. Bounded: cleared when it grows past the limit.
_CONVERTED: dict[tuple[Any, ...], RBallot | None] = {}
CONVERTED_LIMIT = 50_000


def _convert(items: tuple[int, ...], known: frozenset[int], b: BallotRow) -> RBallot | None:
    key = (items, b.voter, tuple(tuple(t) for t in b.tiers), b.weight)
    found = _CONVERTED.get(key, False)
    if found is not False:
        return found  # type: ignore[return-value]
    tiers = [[_item(p) for p in tier if p in known] for tier in b.tiers]
    tiers = [t for t in tiers if t]
    made = RBallot(tuple(frozenset(t) for t in tiers), weight=_weight(b.weight), voter=b.voter) if tiers else None
    if len(_CONVERTED) >= CONVERTED_LIMIT:
        _CONVERTED.clear()
    _CONVERTED[key] = made
    return made


def profile_of(problem_ids: Sequence[int], ballots: Sequence[BallotRow]) -> Profile:
    items = tuple(_item(p) for p in problem_ids)
    ids, known = tuple(problem_ids), frozenset(problem_ids)
    rballots = [r for r in (_convert(ids, known, b) for b in ballots) if r is not None]
    return Profile(items, tuple(rballots))


def consensus(problem_ids: Sequence[int], ballots: Sequence[BallotRow], method: str) -> dict[str, Any]:
    """JSON-ready consensus of one round: ``tiers`` (problem ids, best first), ``ranks``
    (problem id -> 1-based rank, ties share the mean), ``kendall_w``, ``split`` (the items
    that split the room, most split first), ``count`` and ``people`` (total weight)."""
    profile = profile_of(problem_ids, ballots)
    out: dict[str, Any] = {
        "count": len(profile.ballots),
        "people": float(sum(b.weight for b in ballots)),
        "method": method,
        "tiers": [],
        "ranks": {},
        "kendall_w": None,
        "split": [],
    }
    if not profile.ballots:
        return out
    result = aggregate(profile, method)
    out["tiers"] = [[int(x) for x in tier] for tier in result.tiers_as_lists()]
    out["ranks"] = {str(int(k)): v for k, v in result.ranks.items()}
    if len(profile.ballots) >= 2:
        measures = consensus_measures(profile, result).to_dict()
        out["kendall_w"] = measures["kendall_w"]
        out["split"] = [
            {"problem": int(d["item"]), "split": round(d["split"], 3), "rank_sd": d["rank_sd"]}
            for d in measures["disagreement"]
            if d["split"] is not None and d["split"] >= SPLIT_THRESHOLD
        ][:SPLIT_SHOWN]
    return out


def warm_up() -> None:
    """Compute a tiny consensus once, so the libraries it loads on first use (SciPy's statistics)
    are loaded before a live round's first burst of ballots, not during it."""
    consensus([1, 2], [BallotRow("a", [[1], [2]]), BallotRow("b", [[2], [1]])], "kemeny")


def final_ranks(tiers: Sequence[Sequence[int]]) -> dict[int, int]:
    """Competition ranks from consensus tiers (tied problems share the better rank: 1, 2, 2, 4)."""
    ranks: dict[int, int] = {}
    above = 0
    for tier in tiers:
        for pid in tier:
            ranks[int(pid)] = above + 1
        above += len(tier)
    return ranks


def top_problems(tiers: Sequence[Sequence[int]], n: int) -> list[int]:
    """The ``n`` most pressing problems (in tier order; a tie at the cut keeps tier order)."""
    flat = [int(p) for tier in tiers for p in tier]
    return flat[:n]
