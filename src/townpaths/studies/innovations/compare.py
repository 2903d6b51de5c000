"""The social-innovation registers of towns compared: each town's rows read, the pure core
compares them."""

from __future__ import annotations

from collections.abc import Sequence

from townpaths.core.comparison import Comparison
from townpaths.studies.innovations.core import compare as core
from townpaths.studies.spec import CaseReader

#: What the comparison reads of an innovation (its type, year and status).
INNOVATION_COLUMNS = ("id", "no", "type_en", "type_sl", "year", "status")


def compare(readers: Sequence[CaseReader]) -> list[Comparison]:
    return core.compare(
        [
            {
                "town": r.town.slug,
                "population": r.town.population,
                "innovations": r.records("innovations", columns=INNOVATION_COLUMNS),
                "periods": r.records("periods"),
            }
            for r in readers
        ]
    )
