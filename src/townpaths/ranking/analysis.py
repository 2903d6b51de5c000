"""A consensus and its measures, bundled for display (CLI, web)."""

from __future__ import annotations

from dataclasses import dataclass

from townpaths.ranking.ballots import Profile
from townpaths.ranking.consensus import ConsensusMeasures, consensus_measures
from townpaths.ranking.methods import aggregate
from townpaths.ranking.result import KemenyResult, Result


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

    def to_dict(self) -> dict[str, object]:
        r = self.result
        out: dict[str, object] = {
            "method": r.method,
            "items": list(r.items),
            "ballots": self.n_ballots,
            "total_weight": self.total_weight,
            "tiers": r.tiers_as_lists(),
            "winners": [x for x in r.items if x in r.winners],
            "score_label": r.score_label,
            "scores": {x: r.scores[x] for x in r.items} if r.scores else {},
            "ranks": r.ranks,
        }
        if isinstance(r, KemenyResult):
            out["kemeny"] = {
                "disagreement": r.disagreement,
                "agreement": r.agreement,
                "n_optimal": r.n_optimal if r.n_optimal is not None else len(r.orders),
                "n_optimal_at_least": r.n_optimal_capped or r.n_optimal is None,
                "ties_fully_checked": r.all_optima_known,
                "optimal_orders": [list(o) for o in r.orders],
                "blocks": [list(b) for b in r.blocks],
                "solvers": list(r.solvers),
            }
        out.update(self.measures.to_dict())
        return out


def analyse(profile: Profile, method: str = "kemeny") -> Analysis:
    """Aggregate ``profile`` with ``method`` and compute every consensus measure."""
    result = aggregate(profile, method)
    return Analysis(profile, result, consensus_measures(profile, result))
