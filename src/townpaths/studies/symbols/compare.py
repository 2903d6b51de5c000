"""The symbol inventories of towns compared: each town's rows read, the pure core compares them."""

from __future__ import annotations

from collections.abc import Sequence

from townpaths.core.comparison import Comparison
from townpaths.studies.spec import CaseReader
from townpaths.studies.symbols.core import compare as core
from townpaths.studies.symbols.core.table1 import scale_records

#: What the comparison reads of a symbol (its type and its place on each scale).
SYMBOL_COLUMNS = ("id", "type_id", "preservation", "attitude")


def compare(readers: Sequence[CaseReader]) -> list[Comparison]:
    return core.compare(
        [
            {
                "town": r.town.slug,
                "categories": r.records("symbol_categories"),
                "types": r.records("symbol_types"),
                "symbols": r.records("symbols", columns=SYMBOL_COLUMNS),
                "scales": scale_records(r.records("symbol_scales")),
            }
            for r in readers
        ]
    )
