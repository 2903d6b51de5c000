"""The social-innovation register as the registry sees it."""

from __future__ import annotations

from typing import Any

from townpaths.core.vocab import HELIX_SECTORS
from townpaths.storage.models import Innovation, InnovationActor
from townpaths.studies.innovations import compare, sections, service
from townpaths.studies.innovations.core.record import FOUND_BY, MAX_NUMBER, MAX_YEAR, MIN_YEAR, STAGES, STATUSES
from townpaths.studies.spec import (
    Authoring,
    CompareSpec,
    ExportFormat,
    Page,
    Reference,
    ReportSection,
    Study,
    TableSpec,
    text_label,
)


def _register(row: dict[str, Any]) -> list[tuple[str, str]]:
    """An innovation's number and years within the register's bounds, its end not before its start."""
    problems = []
    no = row.get("no")
    if no is not None and not 1 <= no <= MAX_NUMBER:
        problems.append(("no", f"must be a whole number from 1 to {MAX_NUMBER}"))
    for name in ("year", "end_year"):
        year = row.get(name)
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            problems.append((name, f"a year must be a whole number between {MIN_YEAR} and {MAX_YEAR}"))
    start, end = row.get("year"), row.get("end_year")
    if start is not None and end is not None and end < start:
        problems.append(("end_year", "the innovation ends before it starts"))
    return problems


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
            # the register: numbered innovations (proposals waiting for moderation have no number)
            authoring=Authoring(
                key=("no",),
                hidden=("extra",),
                numbered=("no",),
                scope=lambda row: row.get("no") is not None,
                choices={"found_by": FOUND_BY, "status": STATUSES, "stage": STAGES},
                check=_register,
            ),
        ),
        TableSpec(
            InnovationActor.__table__,
            overview=False,
            authoring=Authoring(
                key=("innovation", "name"),
                references=(Reference("innovation", "innovation_id", "innovations"),),
                choices={"sector": HELIX_SECTORS},
            ),
        ),
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
    # the register and the report's Table 3 show the same innovations
    compare=CompareSpec(compare.compare, public=("report", "innovations")),
)
