"""Where a code of the codebook sits in Table 2: the narrative period and the status (dominant or
alternative) its path names, so that the narratives can be adopted from the passages coded with it.

A code's place is read from the codes above it: one of them is a status (``dominant`` or
``alternative``, or their Slovene names) and one a narrative period (its name starts with the
period's number, ``1. building of the town``, or is the period's name in either language), in
either order: ``1. building of the town/dominant/values of socialism`` (the default codebook of
Velenje) or ``dominant/1. building of the town/values of socialism``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from townpaths.studies.qda.core.codebook import STATUS_SL, STATUSES

#: A period code's name starts with the period's number: ``1. ...``, ``2) ...``, ``3 - ...``.
_NUMBERED = re.compile(r"^\s*(\d{1,4})\s*[.):\-–]")
#: The words that name a status, in both languages (any case).
STATUS_WORDS: dict[str, str] = {
    **{s: s for s in STATUSES},
    **{STATUS_SL[s].casefold(): s for s in STATUSES},
    "prevladujoča": "dominant",
    "prevladujoče": "dominant",
    "alternativna": "alternative",
    "alternativne": "alternative",
}


@dataclass(frozen=True)
class Place:
    """A code's place in Table 2 (either part ``None`` when its path does not name it)."""

    period: int | None
    status: str | None


def status_of(name: str | None, name_sl: str | None = None) -> str | None:
    """The status a code's name stands for (``dominant``, ``alternative``), or None."""
    for text in (name, name_sl):
        if text:
            found = STATUS_WORDS.get(text.strip().casefold())
            if found is not None:
                return found
    return None


def period_of(name: str | None, name_sl: str | None, periods: Sequence[Mapping[str, Any]]) -> int | None:
    """The number of the narrative period a code's name stands for, or None: a leading number
    that is a period's, or a period's name in either language (any case)."""
    numbers = {int(p["no"]) for p in periods}
    for text in (name, name_sl):
        if not text:
            continue
        match = _NUMBERED.match(text)
        if match is not None and int(match.group(1)) in numbers:
            return int(match.group(1))
        wanted = text.strip().casefold()
        for p in periods:
            if wanted in {(p.get("name_en") or "").strip().casefold(), (p.get("name_sl") or "").strip().casefold()}:
                return int(p["no"])
    return None


def place(ancestors: Iterable[tuple[str | None, str | None]], periods: Sequence[Mapping[str, Any]]) -> Place:
    """The place of a code under ``ancestors`` (the (name, Slovene name) of each code above it,
    from the top down): the nearest status and the nearest period among them."""
    period: int | None = None
    status: str | None = None
    for name, name_sl in reversed(list(ancestors)):
        if status is None:
            status = status_of(name, name_sl)
            if status is not None:
                continue
        if period is None:
            period = period_of(name, name_sl, periods)
    return Place(period, status)
