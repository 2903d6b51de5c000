"""The social-innovation registers of towns compared: each town's rows read, the pure core
compares them."""

from __future__ import annotations

from collections.abc import Sequence

from townpaths.core.comparison import Comparison
from townpaths.studies.innovations.core import compare as core
from townpaths.studies.spec import CaseReader


def compare(readers: Sequence[CaseReader]) -> list[Comparison]:
    return core.compare(
        [
            {
                "town": r.town.slug,
                "population": r.town.population,
                "innovations": r.records("innovations"),
                "periods": r.records("periods"),
            }
            for r in readers
        ]
    )
