"""The social-innovation register as the registry sees it."""

from __future__ import annotations

from townpaths.storage.models import Innovation, InnovationActor
from townpaths.studies.innovations import sections, service
from townpaths.studies.spec import ExportFormat, Page, ReportSection, Study, TableSpec, text_label

STUDY = Study(
    name="innovations",
    title="Social innovations",
    order=30,
    tables=(
        TableSpec(
            Innovation.__table__,
            text_label("name"),
            anchored=True,
            unpublished=lambda row: row.get("status") != "accepted",
        ),
        TableSpec(InnovationActor.__table__, overview=False),
    ),
    pages=(Page("innovations", "Social innovations"),),
    web=("townpaths.web.routes.innovations",),
    cli=("townpaths.cli.commands.innovations",),
    report=(ReportSection("table3", 30, "report/innovations.html", sections.innovations, toc="Table 3"),),
    exports=tuple(
        ExportFormat(s, (f".{s}",), service.export_innovations, f"the register as {s.upper()}")
        for s in ("csv", "xlsx", "json")
    ),
    seed_velenje=service.seed_velenje,
    templates=("townpaths.studies.innovations:templates",),
)
