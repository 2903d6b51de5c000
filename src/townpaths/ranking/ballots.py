"""Ballots (weak orders, possibly partial) and profiles.

A :class:`Ballot` is a tuple of tiers, best first; each tier is a frozenset of item names
(several items in one tier are tied). Items of the profile that appear in no tier are
*unranked*. Convention for partial ballots (used by every method): a ranked item beats an
unranked one; two tied items, and two unranked items, count for neither.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TypeVar

from townpaths.core.errors import InputError
from townpaths.ranking.pairwise import Pairwise, compute_pairwise

T = TypeVar("T")
Tier = frozenset[str]
Weight = int | float | Fraction | Decimal

#: Characters that separate items in the text form of a ballot (``"A > B = C"``).
BETTER, TIED, ITEM_LIST = ">", "=", "|"
#: Items of a profile (and so of one ballot): the pairwise matrix grows with their square.
MAX_ITEMS = 1000


def first_duplicate(values: Iterable[T]) -> T | None:
    """The first value seen a second time (in linear time), or ``None``."""
    seen: set[T] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def weight_problem(weight: object) -> str | None:
    """Why ``weight`` is not a usable ballot weight, or None when it is (finite and > 0)."""
    if isinstance(weight, bool) or not isinstance(weight, int | float | Fraction | Decimal):
        return "weight must be a number"
    try:
        if not math.isfinite(float(weight)):
            return "weight must be finite"
    except OverflowError:
        return "weight is too large"
    if weight <= 0:
        return "weight must be positive"
    return None


def tiers_problem(tiers: Sequence[Iterable[str]]) -> tuple[str, str | None] | None:
    """Why ``tiers`` is not a ballot (message, offending item), or None when it is one."""
    seen: set[str] = set()
    if not tiers:
        return "empty ballot: it ranks no item", None
    for tier in tiers:
        if not tier:
            return "empty tier in ballot", None
        for item in tier:
            if not isinstance(item, str) or not item.strip():
                return "item names must be non-empty text", None
            if item in seen:
                return f"item {item!r} appears twice in the ballot", item
            seen.add(item)
    return None


@dataclass(frozen=True)
class Ballot:
    """One (possibly weighted, possibly partial) ranking with ties.

    ``weight`` is how many people the ballot speaks for (a pair's ballot may weigh 2);
    ``group`` is an optional voter group (helix sector, table...); ``voter`` an optional id.
    """

    tiers: tuple[Tier, ...]
    weight: Weight = 1
    group: str | None = None
    voter: str | None = None

    def __post_init__(self) -> None:
        tiers = tuple(frozenset(t) for t in self.tiers)
        object.__setattr__(self, "tiers", tiers)
        problem = tiers_problem(tiers)
        if problem is not None:
            raise InputError(problem[0], field="ranking", value=problem[1])
        wp = weight_problem(self.weight)
        if wp is not None:
            raise InputError(wp, field="weight", value=self.weight)

    @classmethod
    def parse(cls, text: str, weight: Weight = 1, group: str | None = None, voter: str | None = None) -> Ballot:
        """Ballot from text such as ``"Housing > Jobs = Transport > Air"`` (``>`` better, ``=`` tied)."""
        return cls(parse_tiers(text), weight=weight, group=group, voter=voter)

    @cached_property
    def ranked(self) -> frozenset[str]:
        return frozenset().union(*self.tiers)

    def position(self, item: str) -> int | None:
        """Index of the tier holding ``item`` (0 = best), None when unranked."""
        for i, tier in enumerate(self.tiers):
            if item in tier:
                return i
        return None

    def text(self, items: Sequence[str] | None = None) -> str:
        """Text form (inverse of :meth:`parse`); tied items follow ``items`` order when given."""
        key = {name: i for i, name in enumerate(items)} if items is not None else {}
        return f" {BETTER} ".join(
            f" {TIED} ".join(sorted(t, key=lambda x: (key.get(x, len(key)), x))) for t in self.tiers
        )


def parse_tiers(text: str) -> tuple[Tier, ...]:
    """``"A > B = C"`` -> ``(frozenset({'A'}), frozenset({'B', 'C'}))``; blank text -> ``()``.

    Duplicates are not removed here so that :func:`tiers_problem` can report them.
    """
    if not text.strip():
        return ()
    if text.count(BETTER) + text.count(TIED) >= MAX_ITEMS:
        raise InputError(f"a ballot ranks at most {MAX_ITEMS} items", field="ranking", value=text)
    tiers = []
    for chunk in text.split(BETTER):
        names = [n.strip() for n in chunk.split(TIED)]
        if any(not n for n in names):
            raise InputError("empty item name in ranking (check '>' and '=')", field="ranking", value=text)
        dup = first_duplicate(names)
        if dup is not None:
            raise InputError(f"item {dup!r} appears twice in the ballot", field="ranking", value=text)
        tiers.append(frozenset(names))
    problem = tiers_problem(tiers)
    if problem is not None:
        raise InputError(problem[0], field="ranking", value=text)
    return tuple(tiers)


@dataclass(frozen=True)
class Profile:
    """Items (ordered names) and the ballots cast over them."""

    items: tuple[str, ...]
    ballots: tuple[Ballot, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "ballots", tuple(self.ballots))
        if not self.items:
            raise InputError("a profile needs at least one item")
        if len(self.items) > MAX_ITEMS:
            raise InputError(f"a profile has at most {MAX_ITEMS} items ({len(self.items)})", field="items")
        dup = first_duplicate(self.items)
        if dup is not None:
            raise InputError("item listed twice", field="items", value=dup)
        for name in self.items:
            if not isinstance(name, str) or not name.strip():
                raise InputError("item names must be non-empty text", field="items", value=name)
        known = set(self.items)
        for number, ballot in enumerate(self.ballots, start=1):
            unknown = sorted(ballot.ranked - known)
            if unknown:
                raise InputError("unknown item", row=f"ballot {number}", field="ranking", value=unknown[0])

    @classmethod
    def from_texts(cls, texts: Iterable[str], items: Sequence[str] | None = None) -> Profile:
        """Profile from ballots in text form; items default to first-appearance order."""
        ballots = [Ballot.parse(t) for t in texts]
        return cls(tuple(items) if items is not None else items_in_order(ballots), tuple(ballots))

    @property
    def n_items(self) -> int:
        return len(self.items)

    @cached_property
    def index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.items)}

    @cached_property
    def total_weight(self) -> Fraction:
        return sum((as_fraction(b.weight) for b in self.ballots), Fraction(0))

    @cached_property
    def pairwise(self) -> Pairwise:
        """Weighted pairwise matrix, computed once (see :mod:`townpaths.ranking.pairwise`)."""
        return compute_pairwise(
            self.items, [b.tiers for b in self.ballots], [as_fraction(b.weight) for b in self.ballots]
        )

    def restricted(self, ballots: Iterable[Ballot]) -> Profile:
        """Same items, other ballots."""
        return Profile(self.items, tuple(ballots))


def items_in_order(ballots: Iterable[Ballot]) -> tuple[str, ...]:
    """Every ranked item, in order of first appearance (ties in sorted order)."""
    seen: dict[str, None] = {}
    for b in ballots:
        for tier in b.tiers:
            for name in sorted(tier):
                seen.setdefault(name, None)
    return tuple(seen)


def as_fraction(weight: Weight) -> Fraction:
    """Exact value of a weight; floats are read through their shortest decimal form (0.1 -> 1/10)."""
    if isinstance(weight, float):
        return Fraction(repr(weight))
    return Fraction(weight)
