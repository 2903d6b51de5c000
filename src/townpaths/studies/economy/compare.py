"""The economies of towns compared: each town's employment read, the pure core compares them."""

from __future__ import annotations

from collections.abc import Sequence

from townpaths.core.comparison import Comparison
from townpaths.studies.economy.core import compare as core
from townpaths.studies.spec import CaseReader


def compare(readers: Sequence[CaseReader]) -> list[Comparison]:
    return core.compare([{"town": r.town.slug, "employment": r.records("employment")} for r in readers])
