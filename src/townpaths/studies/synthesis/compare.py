"""The syntheses of towns compared: each town's rows read, the pure core compares them."""

from __future__ import annotations

from collections.abc import Sequence

from townpaths.core.comparison import Comparison
from townpaths.studies.spec import CaseReader
from townpaths.studies.synthesis.core import compare as core


def compare(readers: Sequence[CaseReader]) -> list[Comparison]:
    return core.compare(
        [
            {
                "town": r.town.slug,
                "periods": r.records("periods"),
                "narratives": r.records("narratives"),
                "evidence": r.records("evidence"),
                "dualities": r.records("dualities"),
            }
            for r in readers
        ]
    )
