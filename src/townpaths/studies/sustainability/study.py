"""The social-sustainability assessment as the registry sees it."""

from __future__ import annotations

from townpaths.storage.models import SustainabilityIndicator, SustainabilityScore
from townpaths.studies.spec import Authoring, ExportFormat, Page, Study, TableSpec, text_label
from townpaths.studies.sustainability import service

STUDY = Study(
    name="sustainability",
    title="Social sustainability",
    order=40,
    tables=(
        TableSpec(
            SustainabilityIndicator.__table__,
            text_label("name"),
            overview=False,
            authoring=Authoring(key=("key",), key_from="name_en"),
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
    defaults=service.defaults,
)
