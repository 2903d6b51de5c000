"""Rounds of a workshop and its state machine (no I/O).

A workshop is ``draft`` until its first round opens, then ``open``, and ``ended`` for good
(its room code stops working). Rounds run in order, one at a time: ``pending -> open ->
closed``. Ranking rounds are ``individual``, ``pair``, ``group`` (with a size) and
``plenary`` (everyone ranks again, after the discussion); the last round may be a
``worksheet`` round, in which one group per top problem designs a solution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from townpaths.core.errors import Conflict, InputError
from townpaths.core.values import check_name

RANKING_KINDS = ("individual", "pair", "group", "plenary")
KINDS = (*RANKING_KINDS, "worksheet")
DEFAULT_ROUNDS = "individual,pair,group:4,plenary"
METHODS = ("kemeny", "schulze", "copeland", "borda", "ranked-pairs", "mean-rank")


@dataclass(frozen=True)
class RoundSpec:
    kind: str
    size: int = 1  # people per group (pair = 2, group = its size, worksheet = top N problems)

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.size}" if self.kind in ("group", "worksheet") else self.kind

    @property
    def grouped(self) -> bool:
        """Does a group hand in one ballot for all its members?"""
        return self.kind in ("pair", "group")


def parse_rounds(text: str) -> list[RoundSpec]:
    """``"individual,pair,group:4,plenary,worksheet:3"`` -> round specs (validated)."""
    specs: list[RoundSpec] = []
    for n, part in enumerate((p.strip().lower() for p in text.split(",")), start=1):
        if not part:
            continue
        kind, _, size_text = part.partition(":")
        if kind not in KINDS:
            raise InputError(
                f"unknown round kind (use {', '.join(KINDS)})", field="rounds", row=f"round {n}", value=part
            )
        default = {"pair": 2, "group": 4, "worksheet": 3}.get(kind, 1)
        try:
            size = int(size_text) if size_text else default
        except ValueError:
            raise InputError(
                "round size must be a whole number", field="rounds", row=f"round {n}", value=part
            ) from None
        if kind == "pair":
            size = 2
        if kind in ("individual", "plenary"):
            size = 1
        if kind == "group" and not 3 <= size <= 12:
            raise InputError("groups must have 3 to 12 people", field="rounds", row=f"round {n}", value=part)
        if kind == "worksheet" and not 1 <= size <= 10:
            raise InputError(
                "worksheets are for the top 1 to 10 problems", field="rounds", row=f"round {n}", value=part
            )
        specs.append(RoundSpec(kind, size))
    if not any(s.kind in RANKING_KINDS for s in specs):
        raise InputError("a workshop needs at least one ranking round", field="rounds", value=text)
    if any(s.kind == "worksheet" for s in specs[:-1]):
        raise InputError("the worksheet round must be the last one", field="rounds", value=text)
    return specs


def check_method(method: str) -> str:
    if method not in METHODS:
        raise InputError(f"unknown aggregation method (use {', '.join(METHODS)})", field="method", value=method)
    return method


#: Characters of a workshop's title.
MAX_TITLE = 200


def check_title(title: str | None) -> str | None:
    """A workshop's title as typed (``None`` or blank: the town's name is used), one line of at
    most :data:`MAX_TITLE` characters."""
    return check_name(title, max_chars=MAX_TITLE, field="title") if title and title.strip() else None


def check_problem_pairs(pairs: Sequence[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Typed-in problems in both languages, (English, Slovene or None): the English texts checked
    as :func:`check_problems` checks them (the same count, no repeats, one line each), the Slovene
    ones as one line of the same length."""
    english = check_problems([en for en, _ in pairs])
    if len(english) != len(pairs):
        raise InputError("a problem needs its English text", field="problems")
    return [
        (en, check_name(sl, max_chars=300, field="problems") if sl and sl.strip() else None)
        for en, (_, sl) in zip(english, pairs, strict=True)
    ]


def check_problems(texts: Sequence[str]) -> list[str]:
    cleaned = [t.strip() for t in texts if t and t.strip()]
    if not 2 <= len(cleaned) <= 30:
        raise InputError("a workshop ranks 2 to 30 problems", field="problems", value=len(cleaned))
    if len({t.lower() for t in cleaned}) != len(cleaned):
        raise InputError("a problem is listed twice", field="problems")
    if any(len(t) > 300 for t in cleaned):
        raise InputError("a problem is longer than 300 characters", field="problems")
    return [check_name(t, max_chars=300, field="problems") for t in cleaned]


class StateError(Conflict):
    """An action that the workshop's current state does not allow."""


def check_open_round(workshop_status: str, statuses: Sequence[str], index: int) -> None:
    """May round ``index`` (0-based) open now, given every round's status?"""
    if workshop_status == "ended":
        raise StateError("the workshop has ended")
    if not 0 <= index < len(statuses):
        raise StateError("no such round")
    if statuses[index] != "pending":
        raise StateError("this round has already been opened")
    if "open" in statuses:
        raise StateError("close the open round first")
    if any(s == "pending" for s in statuses[:index]):
        raise StateError("rounds run in order: an earlier round has not run yet")


def check_close_round(statuses: Sequence[str], index: int) -> None:
    if not 0 <= index < len(statuses) or statuses[index] != "open":
        raise StateError("this round is not open")


def check_accepts(workshop_status: str, round_status: str | None) -> None:
    """May participants hand in work now?"""
    if workshop_status == "ended":
        raise StateError("the workshop has ended")
    if round_status != "open":
        raise StateError("no round is open")
