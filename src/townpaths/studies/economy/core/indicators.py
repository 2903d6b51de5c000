"""Concentration and variety of a town's employment (pure functions; formulas in docs/indicators.md).

All functions take ``{unit: employees}`` mappings (a unit is a firm or a NACE code). Units with
zero employees are ignored; an empty or all-zero mapping raises ``ValueError``.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

Counts = Mapping[str, float]


def shares(counts: Counts) -> dict[str, float]:
    """Each unit's share of total employment."""
    positive = {k: float(v) for k, v in counts.items() if v}
    if any(v < 0 for v in positive.values()):
        raise ValueError("employment cannot be negative")
    total = sum(positive.values())
    if total <= 0:
        raise ValueError("no employment to compute shares of")
    return {k: v / total for k, v in positive.items()}


def top_share(counts: Counts, k: int = 2) -> float:
    """Share of the ``k`` largest units (CR_k): Σ of the k largest s_i."""
    return sum(sorted(shares(counts).values(), reverse=True)[:k])


def top_units(counts: Counts, k: int = 2) -> list[str]:
    """The ``k`` largest units, largest first (ties by name)."""
    return [u for u, _ in sorted(shares(counts).items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def hhi(counts: Counts) -> float:
    """Herfindahl-Hirschman index H = Σ s_i² (shares as fractions: 1/N <= H <= 1)."""
    return sum(s * s for s in shares(counts).values())


def hhi_normalised(counts: Counts) -> float:
    """H* = (H - 1/N) / (1 - 1/N), from 0 (equal units) to 1 (one unit); 1 when N = 1."""
    s = shares(counts)
    n = len(s)
    if n == 1:
        return 1.0
    return (hhi(counts) - 1 / n) / (1 - 1 / n)


def concentration(counts: Counts, k: int = 2) -> dict[str, Any]:
    """All concentration measures in one pass over the shares: ``units`` (N), ``top2`` (the k
    largest units), ``top2_share``, ``hhi``, ``hhi_normalised``."""
    s = shares(counts)
    n = len(s)
    h = sum(v * v for v in s.values())
    top = heapq.nsmallest(k, s.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "units": n,
        "top2": [u for u, _ in top],
        "top2_share": sum(v for _, v in top),
        "hhi": h,
        "hhi_normalised": 1.0 if n == 1 else (h - 1 / n) / (1 - 1 / n),
    }


def _entropy(ps: list[float]) -> float:
    return sum(p * math.log2(1 / p) for p in ps if p > 0)


def nace_division(code: str) -> str:
    """The 2-digit NACE division of a code (``C27.51``, ``27.51``, ``2751`` -> ``27``); a code
    without digits (a section letter such as ``C``) is its own group."""
    digits = re.sub(r"\D", "", code)
    return digits[:2] if len(digits) >= 2 else code.strip().upper()


def variety(counts: Counts, group: Callable[[str], str] = nace_division) -> dict[str, float]:
    """Entropy decomposition of Frenken, Van Oort and Verburg (2007), log base 2.

    With p_i the share of fine sector i and P_g = Σ_{i in g} p_i the share of group g:
    total variety TV = Σ_i p_i log2(1/p_i); unrelated variety UV = Σ_g P_g log2(1/P_g);
    related variety RV = Σ_g P_g H_g with H_g = Σ_{i in g} (p_i/P_g) log2(P_g/p_i).
    TV = UV + RV holds exactly."""
    s = shares(counts)
    groups: dict[str, list[float]] = defaultdict(list)
    for unit, p in s.items():
        groups[group(unit)].append(p)
    unrelated = _entropy([sum(ps) for ps in groups.values()])
    related = sum(sum(ps) * _entropy([p / sum(ps) for p in ps]) for ps in groups.values())
    return {"total": _entropy(list(s.values())), "related": related, "unrelated": unrelated}


def location_quotients(town: Counts, reference: Counts) -> dict[str, float | None]:
    """LQ_i = (e_i / E) / (n_i / N) for every sector of the town: its share of town employment over
    its share of the national reference. ``None`` where the reference has no employment in i."""
    ts, rs = shares(town), shares(reference)
    return {k: (ts[k] / rs[k] if rs.get(k) else None) for k in sorted(ts)}


def employment_label(record: dict[str, Any], lang: str = "en") -> str:
    """``"2019 Gorenje: 4200"``: one employment row as evidence lists name it."""
    who = record.get("firm") or (f"NACE {record['nace']}" if record.get("nace") else "?")
    return f"{record.get('year')} {who}: {record.get('employees'):g}"
