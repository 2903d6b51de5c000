"""Inter-coder reliability on character units.

Each code point of a transcript is a unit; for one code, a coder gives a unit the value 1 if
one of their segments with that code covers it, else 0. Only transcripts that both coders
coded (with any code) count. Computed exactly from intervals (no per-character arrays):

- percent agreement: units with the same value / units;
- Cohen's kappa: (p_o - p_e) / (1 - p_e) with p_e from each coder's own marginals;
- Krippendorff's alpha (nominal): 1 - D_o / D_e from the coincidence matrix
  (two coders, no missing values).

Kappa and alpha are ``None`` when undefined (both coders give every unit the same value).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of half-open intervals as sorted, disjoint intervals."""
    out: list[list[int]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Length of the intersection of two merged interval lists."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


@dataclass(frozen=True)
class Table:
    """2x2 contingency of units: n11 both coders 1, n10 only A, n01 only B, n00 neither."""

    n11: int
    n10: int
    n01: int
    n00: int

    def __add__(self, other: Table) -> Table:
        return Table(self.n11 + other.n11, self.n10 + other.n10, self.n01 + other.n01, self.n00 + other.n00)

    @property
    def units(self) -> int:
        return self.n11 + self.n10 + self.n01 + self.n00


ZERO = Table(0, 0, 0, 0)


def table(length: int, a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> Table:
    """Contingency over ``length`` units of coder A's and coder B's intervals (clipped to the text)."""
    ma = merge((max(0, s), min(length, e)) for s, e in a)
    mb = merge((max(0, s), min(length, e)) for s, e in b)
    la, lb = sum(e - s for s, e in ma), sum(e - s for s, e in mb)
    n11 = overlap(ma, mb)
    return Table(n11, la - n11, lb - n11, length - la - lb + n11)


def percent_agreement(t: Table) -> float | None:
    return (t.n11 + t.n00) / t.units if t.units else None


def cohen_kappa(t: Table) -> float | None:
    n = t.units
    if not n:
        return None
    po = (t.n11 + t.n00) / n
    pe = ((t.n11 + t.n10) * (t.n11 + t.n01) + (t.n00 + t.n01) * (t.n00 + t.n10)) / (n * n)
    if pe == 1:
        return None
    return (po - pe) / (1 - pe)


def krippendorff_alpha(t: Table) -> float | None:
    """Nominal alpha for two coders without missing values: each unit contributes its pair of
    values twice to the coincidence matrix (o_01 = o_10 = n10 + n01)."""
    n = 2 * t.units  # pairable values
    n1 = 2 * t.n11 + t.n10 + t.n01
    n0 = n - n1
    if n < 2 or n0 == 0 or n1 == 0:
        return None
    disagreements = t.n10 + t.n01  # o_01
    return 1 - (n - 1) * disagreements / (n0 * n1)


def summary(t: Table) -> dict[str, float | int | None]:
    return {
        "units": t.units,
        "both": t.n11,
        "only_a": t.n10,
        "only_b": t.n01,
        "neither": t.n00,
        "agreement": _round(percent_agreement(t)),
        "kappa": _round(cohen_kappa(t)),
        "alpha": _round(krippendorff_alpha(t)),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


@dataclass(frozen=True)
class Coded:
    """One coded segment as agreement needs it."""

    transcript: str
    code: str
    coder: str
    start: int
    end: int


def reliability(lengths: dict[str, int], segments: list[Coded], coder_a: str, coder_b: str) -> dict[str, object]:
    """Agreement of two coders per (code, transcript), per code, per transcript and overall.

    ``lengths``: transcript -> length in code points. Returns plain dicts sorted by name."""
    by: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    coded_by: dict[str, set[str]] = {coder_a: set(), coder_b: set()}
    codes: set[str] = set()
    for s in segments:
        if s.coder in coded_by and s.transcript in lengths:
            by.setdefault((s.coder, s.code, s.transcript), []).append((s.start, s.end))
            coded_by[s.coder].add(s.transcript)
            codes.add(s.code)
    shared = sorted(coded_by[coder_a] & coded_by[coder_b])
    cells: list[dict[str, object]] = []
    per_code: dict[str, Table] = {}
    per_transcript: dict[str, Table] = {}
    total = ZERO
    for code in sorted(codes):
        for transcript in shared:
            t = table(
                lengths[transcript], by.get((coder_a, code, transcript), []), by.get((coder_b, code, transcript), [])
            )
            cells.append({"code": code, "transcript": transcript, **summary(t)})
            per_code[code] = per_code.get(code, ZERO) + t
            per_transcript[transcript] = per_transcript.get(transcript, ZERO) + t
            total = total + t
    return {
        "coders": [coder_a, coder_b],
        "transcripts": shared,
        "overall": summary(total),
        "by_code": [{"code": c, **summary(t)} for c, t in sorted(per_code.items())],
        "by_transcript": [{"transcript": k, **summary(t)} for k, t in sorted(per_transcript.items())],
        "cells": cells,
    }
