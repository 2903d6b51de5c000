"""The social-sustainability assessments of towns compared: each town's rows read, the pure core
compares them."""

from __future__ import annotations

from collections.abc import Sequence

from townpaths.core.comparison import Comparison
from townpaths.studies.spec import CaseReader
from townpaths.studies.sustainability.core import compare as core


def compare(readers: Sequence[CaseReader]) -> list[Comparison]:
    return core.compare(
        [
            {
                "town": r.town.slug,
                "indicators": r.records("sustainability_indicators"),
                "scores": r.records("sustainability_scores"),
            }
            for r in readers
        ]
    )
