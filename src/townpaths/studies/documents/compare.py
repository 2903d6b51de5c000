"""The official documents of towns compared: each town's rows read, the pure core compares them."""

from __future__ import annotations

from collections.abc import Sequence

from townpaths.core.comparison import Comparison
from townpaths.studies.documents.core import compare as core
from townpaths.studies.spec import CaseReader

#: What the comparison reads of a scan (a document's texts are never read).
SCAN_COLUMNS = ("id", "document_id", "group", "mentions")


def compare(readers: Sequence[CaseReader]) -> list[Comparison]:
    return core.compare(
        [
            {
                "town": r.town.slug,
                "documents": r.records("documents", columns=("id",)),
                "scans": r.records("document_scans", columns=SCAN_COLUMNS),
            }
            for r in readers
        ]
    )
