"""The social-sustainability assessment as the registry sees it."""

from __future__ import annotations

from typing import Any

from townpaths.storage.models import SustainabilityIndicator, SustainabilityScore
from townpaths.studies.spec import Authoring, CompareSpec, ExportFormat, Page, Study, TableSpec, text_label
from townpaths.studies.sustainability import compare, service
from townpaths.studies.sustainability.core.framework import KEY


def _keys(row: dict[str, Any]) -> list[tuple[str, str]]:
    """A dimension's key and its compare key are lower-case letters, digits and _ (as in framework files)."""
    return [
        (name, "use lower-case letters, digits and _ (at most 80)")
        for name in ("dimension_key", "compare_key")
        if row.get(name) is not None and not KEY.match(str(row[name]))
    ]


STUDY = Study(
    name="sustainability",
    title="Social sustainability",
    order=40,
    tables=(
        TableSpec(
            SustainabilityIndicator.__table__,
            text_label("name"),
            overview=False,
            authoring=Authoring(key=("key",), key_from="name_en", check=_keys),
        ),
        TableSpec(SustainabilityScore.__table__, overview=False),
    ),
    pages=(Page("sustainability", "Social sustainability"),),
    web=("townpaths.web.routes.sustainability",),
    cli=("townpaths.cli.commands.sustainability",),
    exports=tuple(
        ExportFormat(s, (f".{s}",), service.export_assessment, f"framework and scores as {s.upper()}")
        for s in ("csv", "xlsx")
    ),
    seed_velenje=service.seed_velenje,
    # the assessment page is for the town's viewers: no public part shows the scores
    compare=CompareSpec(compare.compare),
    defaults=service.defaults,
)
