"""The economies of towns compared: each town's employment read, the pure core compares them."""

from __future__ import annotations

from collections.abc import Sequence

from townpaths.core.comparison import Comparison
from townpaths.studies.economy.core import compare as core
from townpaths.studies.spec import CaseReader

#: What the comparison reads of employment.
EMPLOYMENT_COLUMNS = ("id", "year", "area", "firm", "nace", "employees")


def compare(readers: Sequence[CaseReader]) -> list[Comparison]:
    return core.compare(
        [{"town": r.town.slug, "employment": r.records("employment", columns=EMPLOYMENT_COLUMNS)} for r in readers]
    )
