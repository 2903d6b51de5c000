"""A consensus and its measures, bundled for display (CLI, web)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from townpaths.ranking.ballots import Profile
from townpaths.ranking.consensus import ConsensusMeasures, MeasuresDict, consensus_measures
from townpaths.ranking.methods import aggregate
from townpaths.ranking.result import KemenyResult, Result


class KemenyDict(TypedDict):
    """What only a Kemeny consensus adds (see :class:`~townpaths.ranking.result.KemenyResult`)."""

    disagreement: float
    agreement: float
    n_optimal: int
    n_optimal_at_least: bool
    ties_fully_checked: bool
    optimal_orders: list[list[str]]
    blocks: list[list[str]]
    solvers: list[str]


class ConsensusDict(TypedDict):
    method: str
    items: list[str]
    ballots: int
    total_weight: float
    tiers: list[list[str]]
    winners: list[str]
    score_label: str
    scores: dict[str, float]
    ranks: dict[str, float]
    notes: list[str]


class _KemenyPart(TypedDict, total=False):
    kemeny: KemenyDict


class AnalysisDict(ConsensusDict, _KemenyPart, MeasuresDict):
    """:meth:`Analysis.to_dict`: the consensus, ``kemeny`` for a Kemeny consensus, the measures."""


@dataclass(frozen=True)
class Analysis:
    profile: Profile
    result: Result
    measures: ConsensusMeasures

    @property
    def n_ballots(self) -> int:
        return len(self.profile.ballots)

    @property
    def total_weight(self) -> float:
        return float(self.profile.total_weight)

    def to_dict(self) -> AnalysisDict:
        r = self.result
        consensus: ConsensusDict = {
            "method": r.method,
            "items": list(r.items),
            "ballots": self.n_ballots,
            "total_weight": self.total_weight,
            "tiers": r.tiers_as_lists(),
            "winners": [x for x in r.items if x in r.winners],
            "score_label": r.score_label,
            "scores": {x: r.scores[x] for x in r.items} if r.scores else {},
            "ranks": r.ranks,
            "notes": list(r.notes),
        }
        kemeny: _KemenyPart = {}
        if isinstance(r, KemenyResult):
            kemeny["kemeny"] = {
                "disagreement": r.disagreement,
                "agreement": r.agreement,
                "n_optimal": r.n_optimal if r.n_optimal is not None else len(r.orders),
                "n_optimal_at_least": r.n_optimal_capped or r.n_optimal is None,
                "ties_fully_checked": r.all_optima_known,
                "optimal_orders": [list(o) for o in r.orders],
                "blocks": [list(b) for b in r.blocks],
                "solvers": list(r.solvers),
            }
        return {**consensus, **kemeny, **self.measures.to_dict()}


def analyse(profile: Profile, method: str = "kemeny") -> Analysis:
    """Aggregate ``profile`` with ``method`` and compute every consensus measure."""
    result = aggregate(profile, method)
    return Analysis(profile, result, consensus_measures(profile, result))
