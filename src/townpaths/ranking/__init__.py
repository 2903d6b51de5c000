"""Ranking and consensus engine (issue #3).

Small public API (see docs/ranking.md)::

    from townpaths.ranking import Ballot, Profile, aggregate, consensus_measures
    profile = Profile.from_texts(["Housing > Jobs = Air", "Jobs > Housing"])
    result = aggregate(profile, "kemeny")      # .tiers, .scores, .winners, .ranks
    measures = consensus_measures(profile, result)

Multi-round (1-2-4-All) helpers live in :mod:`townpaths.ranking.rounds`, file reading and
writing (CSV, PrefLib) in :mod:`townpaths.ranking.io`.
"""

from townpaths.ranking.ballots import Ballot, Profile
from townpaths.ranking.consensus import ConsensusMeasures, consensus_measures, kendall_w
from townpaths.ranking.correlation import kendall_tau_b
from townpaths.ranking.kemeny import kemeny
from townpaths.ranking.methods import METHODS, aggregate, aggregate_by_group
from townpaths.ranking.result import KemenyResult, Result

__all__ = [
    "METHODS",
    "Ballot",
    "ConsensusMeasures",
    "KemenyResult",
    "Profile",
    "Result",
    "aggregate",
    "aggregate_by_group",
    "consensus_measures",
    "kemeny",
    "kendall_tau_b",
    "kendall_w",
]
