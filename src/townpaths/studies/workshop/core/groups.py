"""Who sits with whom: groups of a round (no I/O).

Pairs and groups come from the ranking engine's 1-2-4-All planner
(:func:`townpaths.ranking.rounds.plan_workshop`): deterministic for a seed, sizes as close to the
asked size as whole groups allow (7 people in groups of 4: 4 + 3), sectors spread across groups,
and pairs kept together in the bigger groups. Worksheet groups are one per top problem, people
dealt round-robin by sector. The facilitator may then move anyone.

Groups are stored as ``pair 3``, ``group 2``, ``worksheet 1`` (ballots name them so): the pages
show them in the reader's language (:func:`shown_label`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from townpaths.ranking.rounds import Participant, plan_workshop
from townpaths.studies.workshop.core.plan import RoundSpec


@dataclass(frozen=True)
class Person:
    id: int
    sector: str | None = None


def ranking_groups(people: Sequence[Person], specs: Sequence[RoundSpec], index: int, seed: int) -> dict[str, list[int]]:
    """Groups of round ``index``: label -> participant ids. Individual and plenary rounds
    give everyone their own "group" (their ballot is their own)."""
    spec = specs[index]
    if not people:
        return {}
    if not spec.grouped:
        return {f"p{p.id}": [p.id] for p in people}
    sizes = [s.size for s in specs[: index + 1] if s.grouped]
    if any(b <= a for a, b in pairwise(sizes)):
        sizes = [spec.size]
    participants = [Participant(str(p.id), p.sector) for p in people]
    if len(participants) < 2:
        return {f"{spec.kind} 1": [people[0].id]}
    rounds = plan_workshop(participants, sizes=tuple(sizes), seed=seed, balance=True)
    planned = rounds[len(sizes)]
    return {f"{spec.kind} {n}": sorted(int(m) for m in g.members) for n, g in enumerate(planned.groups, start=1)}


def worksheet_groups(people: Sequence[Person], problem_ids: Sequence[int]) -> dict[int, list[int]]:
    """One group per problem: problem id -> participant ids, dealt round-robin by sector."""
    groups: dict[int, list[int]] = {pid: [] for pid in problem_ids}
    if not problem_ids:
        return groups
    ordered = sorted(people, key=lambda p: (p.sector or "~", p.id))
    for n, person in enumerate(ordered):
        groups[problem_ids[n % len(problem_ids)]].append(person.id)
    return groups


#: How the stored labels read (English msgids; ``%(n)s`` is the group's number).
LABELS = {"pair": "pair %(n)s", "group": "group %(n)s", "worksheet": "worksheet group %(n)s"}
_LABEL = re.compile(r"^(pair|group|worksheet) (\d+)$")


def shown_label(label: str, gettext: Callable[..., str]) -> str:
    """A group's label in the reader's language: ``pair 3`` -> ``par 3``; a name the facilitator
    gave a group stays as it is."""
    found = _LABEL.match(label or "")
    if found is None:
        return label
    return gettext(LABELS[found.group(1)], n=found.group(2))
