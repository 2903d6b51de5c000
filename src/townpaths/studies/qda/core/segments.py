"""Coded segments: validation, context windows, co-occurrence and the code x interviewee matrix."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from townpaths.core.errors import InputError


def check_span(start: int, end: int, length: int) -> None:
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InputError("positions must be whole numbers", field="start", value=(start, end))
    if start < 0 or end > length or start >= end:
        raise InputError(
            f"segment must satisfy 0 <= start < end <= {length} (code points)", field="start", value=(start, end)
        )


CONTEXT = 80  # code points of context kept with each segment


def context(text: str, start: int, end: int, width: int = CONTEXT) -> dict[str, str]:
    """The passage and ``width`` code points either side."""
    return {"before": text[max(0, start - width) : start], "quote": text[start:end], "after": text[end : end + width]}


def stored_texts(text: str, start: int, end: int) -> dict[str, str]:
    """Column values ``quote``, ``context_before``, ``context_after`` of a segment."""
    c = context(text, start, end)
    return {"quote": c["quote"], "context_before": c["before"], "context_after": c["after"]}


def cooccurrence(segments: Iterable[tuple[Any, str, int, int]]) -> dict[tuple[str, str], int]:
    """Pairs of different codes whose segments overlap (share at least one code point) in the
    same transcript: ``(code_a, code_b)`` with ``code_a < code_b`` -> number of overlapping pairs.
    ``segments``: ``(transcript, code, start, end)``."""
    by_transcript: dict[Any, list[tuple[int, int, str]]] = {}
    for transcript, code, start, end in segments:
        by_transcript.setdefault(transcript, []).append((start, end, code))
    out: dict[tuple[str, str], int] = {}
    for items in by_transcript.values():
        items.sort()
        active: list[tuple[int, int, str]] = []
        for start, end, code in items:
            active = [a for a in active if a[1] > start]
            for _, _, other in active:
                if other != code:
                    key = (other, code) if other < code else (code, other)
                    out[key] = out.get(key, 0) + 1
            active.append((start, end, code))
    return dict(sorted(out.items()))


def matrix(rows: Iterable[tuple[str, str]], codes: list[str], interviewees: list[str]) -> list[list[Any]]:
    """Code x interviewee counts of segments; ``rows`` are ``(code, interviewee)``. First row is the header."""
    counts: dict[tuple[str, str], int] = {}
    for code, person in rows:
        counts[(code, person)] = counts.get((code, person), 0) + 1
    out: list[list[Any]] = [["code", *interviewees]]
    for code in codes:
        out.append([code, *(counts.get((code, p), 0) for p in interviewees)])
    return out


def runs(length: int, segments: list[tuple[int, int, int]]) -> list[tuple[int, int, list[int]]]:
    """Split ``[0, length)`` at every segment boundary: ``(start, end, ids of covering segments)``,
    ids ordered outermost first (longer segments first). ``segments``: ``(id, start, end)``."""
    cuts = {0, length}
    for _, start, end in segments:
        cuts.update((max(0, min(length, start)), max(0, min(length, end))))
    bounds = sorted(cuts)
    ordered = sorted(segments, key=lambda s: (s[1] - s[2], s[1], s[0]))  # longest first
    out = []
    for a, b in pairwise(bounds):
        if b > a:
            out.append((a, b, [sid for sid, s, e in ordered if s <= a and e >= b]))
    return out
