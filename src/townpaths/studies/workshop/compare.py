"""The problem rankings of towns compared: each town's problems read, the pure core compares them."""

from __future__ import annotations

from collections.abc import Sequence

from townpaths.core.comparison import Comparison
from townpaths.studies.spec import CaseReader
from townpaths.studies.workshop.core import compare as core


def compare(readers: Sequence[CaseReader]) -> list[Comparison]:
    return core.compare([{"town": r.town.slug, "problems": r.records("problems")} for r in readers])
