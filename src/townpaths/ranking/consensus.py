"""How much the room agrees: margins, Condorcet winner and cycles, Kendall's W, distances.

Conventions (see docs/ranking.md):

* Ranks: an item in a tier with ``k`` items above it and ``t`` items in it has rank
  ``k + (t + 1) / 2``; the unranked items of a partial ballot share the mean of the remaining
  ranks (they form one tie group at the bottom).
* Kendall's W with tie correction, each ballot counted ``weight`` times:
  ``W = 12 S / (m^2 (n^3 - n) - m T)``, ``S = sum_i (R_i - m (n + 1) / 2)^2``, ``R_i`` the
  weighted rank sum of item i, ``m`` the total weight, ``T = sum_ballots w * sum_groups (t^3 - t)``;
  ``chi2 = m (n - 1) W`` with ``n - 1`` degrees of freedom.
* Kendall tau distance of a ballot to the consensus tiers: a pair ordered oppositely counts 1,
  a pair tied in one and strictly ordered in the other counts 1/2 (two unranked items are a
  tie); divided by ``n (n - 1) / 2``.
* Per-item split: mean over the other items (compared by at least one ballot) of
  ``2 min(N[a][b], N[b][a]) / (N[a][b] + N[b][a])``: 0 when the room agrees on every
  comparison involving the item, 1 when it is evenly split on all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

import numpy as np

from townpaths.ranking import relations
from townpaths.ranking.ballots import Profile
from townpaths.ranking.pairwise import doubled_ranks, tier_sizes
from townpaths.ranking.result import Result
from townpaths.ranking.scoring import mean_rank_doubled


@dataclass(frozen=True)
class KendallW:
    w: float
    chi2: float
    df: int
    p_value: float


@dataclass(frozen=True)
class ItemDisagreement:
    item: str
    mean_rank: float
    rank_sd: float
    split: float


class DisagreementRow(TypedDict):
    """One item's disagreement in :meth:`ConsensusMeasures.to_dict` (``None`` for NaN)."""

    item: str
    mean_rank: float | None
    rank_sd: float | None
    split: float | None


class MeasuresDict(TypedDict):
    """:meth:`ConsensusMeasures.to_dict`: plain JSON values, ``None`` where a measure is undefined."""

    condorcet_winner: str | None
    weak_condorcet_winners: list[str]
    cycles: list[list[str]]
    kendall_w: float | None
    chi2: float | None
    df: int
    p_value: float | None
    mean_tau_distance: float | None
    disagreement: list[DisagreementRow]
    margins: dict[str, dict[str, float | None]]


@dataclass(frozen=True)
class ConsensusMeasures:
    items: tuple[str, ...]
    support: np.ndarray  # N[a][b], in people
    margins: np.ndarray  # N[a][b] - N[b][a], in people
    condorcet_winner: str | None
    weak_condorcet_winners: tuple[str, ...]
    cycles: tuple[tuple[str, ...], ...]  # one shortest cycle per top cycle of 3+ items
    kendall: KendallW
    mean_tau_distance: float
    disagreement: tuple[ItemDisagreement, ...]  # most split first

    def to_dict(self) -> MeasuresDict:
        return {
            "condorcet_winner": self.condorcet_winner,
            "weak_condorcet_winners": list(self.weak_condorcet_winners),
            "cycles": [list(c) for c in self.cycles],
            "kendall_w": _num(self.kendall.w),
            "chi2": _num(self.kendall.chi2),
            "df": self.kendall.df,
            "p_value": _num(self.kendall.p_value),
            "mean_tau_distance": _num(self.mean_tau_distance),
            "disagreement": [
                {"item": d.item, "mean_rank": _num(d.mean_rank), "rank_sd": _num(d.rank_sd), "split": _num(d.split)}
                for d in self.disagreement
            ],
            "margins": {
                a: {b: _num(self.margins[i, j]) for j, b in enumerate(self.items) if j != i}
                for i, a in enumerate(self.items)
            },
        }


def _num(x: float) -> float | None:
    x = float(x)
    return None if np.isnan(x) else round(x, 12)


def ballot_ranks(profile: Profile) -> np.ndarray:
    """(ballots, items) rank of each item in each ballot (ties and unranked averaged)."""
    return doubled_ranks(profile.pairwise.positions, profile.n_items) / 2


def kendall_w(profile: Profile) -> KendallW:
    """Kendall's coefficient of concordance with tie correction and its chi-square p-value."""
    pw = profile.pairwise
    n = profile.n_items
    w = pw.weights.astype(float) * float(pw.unit)
    m = float(w.sum())
    if n < 2 or m == 0:
        return KendallW(float("nan"), float("nan"), max(n - 1, 0), float("nan"))
    num, _ = mean_rank_doubled(profile)
    r = num.astype(float) * float(pw.unit) / 2
    s = float(((r - m * (n + 1) / 2) ** 2).sum())
    t = tier_sizes(pw.positions, n).astype(float)
    ties = float(w @ (t**3 - t).sum(axis=1))
    denom = m * m * (n**3 - n) - m * ties
    if denom <= 0:
        return KendallW(float("nan"), float("nan"), n - 1, float("nan"))
    coef = 12 * s / denom
    stat = m * (n - 1) * coef
    from scipy.stats import chi2  # imported here: scipy.stats costs half a second at CLI start-up

    return KendallW(coef, stat, n - 1, float(chi2.sf(stat, n - 1)))


def tier_positions(result: Result) -> np.ndarray:
    index = {name: i for i, name in enumerate(result.items)}
    pos = np.zeros(len(result.items), dtype=np.int64)
    for t, tier in enumerate(result.tiers):
        for name in tier:
            pos[index[name]] = t
    return pos


def mean_tau_distance(profile: Profile, result: Result, chunk: int = 4096) -> float:
    """Weighted mean normalised Kendall tau distance (ties 1/2) of the ballots to the tiers."""
    pw = profile.pairwise
    n = profile.n_items
    if n < 2 or not pw.weights.size:
        return float("nan")
    cons = tier_positions(result)
    sc = np.sign(cons[:, None] - cons[None, :]).astype(np.int8)
    total = 0
    for start in range(0, pw.positions.shape[0], chunk):
        p = pw.positions[start : start + chunk]
        sb = np.sign(p[:, :, None] - p[:, None, :]).astype(np.int8)
        per_ballot = np.abs(sb - sc[None]).sum(axis=(1, 2), dtype=np.int64)
        total += int(pw.weights[start : start + chunk] @ per_ballot)
    # each unordered pair appears twice; |sb - sc| is 2 per reversal, 1 per half-tie
    return total / (2 * n * (n - 1)) / int(pw.weights.sum())


def item_disagreement(profile: Profile) -> tuple[ItemDisagreement, ...]:
    pw = profile.pairwise
    ranks = ballot_ranks(profile)
    w = pw.weights.astype(float)
    total = w.sum()
    mean = (w @ ranks) / total
    sd = np.sqrt(np.maximum((w @ (ranks - mean) ** 2) / total, 0.0))
    n_ab = pw.counts.astype(float)
    both = n_ab + n_ab.T
    with np.errstate(invalid="ignore", divide="ignore"):
        split_pair = np.where(both > 0, 2 * np.minimum(n_ab, n_ab.T) / both, np.nan)
    np.fill_diagonal(split_pair, np.nan)
    rows = []
    for i, name in enumerate(profile.items):
        vals = split_pair[i][~np.isnan(split_pair[i])]
        rows.append(ItemDisagreement(name, float(mean[i]), float(sd[i]), float(vals.mean()) if vals.size else 0.0))
    rows.sort(key=lambda d: (-round(d.split, 12), -round(d.rank_sd, 12), profile.index[d.item]))
    return tuple(rows)


def condorcet_winner(profile: Profile) -> str | None:
    m = profile.pairwise.margins
    n = profile.n_items
    for a in range(n):
        if all(m[a, b] > 0 for b in range(n) if b != a):
            return profile.items[a]
    return None


def consensus_measures(profile: Profile, result: Result) -> ConsensusMeasures:
    """Every consensus measure of ``profile`` with respect to ``result``'s tiers."""
    pw = profile.pairwise
    m = pw.margins
    n = profile.n_items
    weak = tuple(profile.items[a] for a in range(n) if all(m[a, b] >= 0 for b in range(n) if b != a))
    cycles = tuple(tuple(profile.items[i] for i in cyc) for _, cyc in relations.majority_cycles(m))
    unit = float(pw.unit)
    return ConsensusMeasures(
        items=profile.items,
        support=pw.counts * unit,
        margins=m * unit,
        condorcet_winner=condorcet_winner(profile),
        weak_condorcet_winners=weak,
        cycles=cycles,
        kendall=kendall_w(profile),
        mean_tau_distance=mean_tau_distance(profile, result),
        disagreement=item_disagreement(profile),
    )
