"""The toy study's registration: everything the registry needs to know about it."""

from __future__ import annotations

from tests.support.toy_study import sections, service
from tests.support.toy_study.models import toy_notes
from townpaths.studies.spec import ExportFormat, Page, ReportSection, Study, TableSpec, text_label

STUDY = Study(
    name="toy",
    title="Toy notes",
    order=90,
    tables=(TableSpec(toy_notes, text_label("text"), anchored=True),),
    pages=(Page("toy", "Toy notes"),),
    web=("tests.support.toy_study.web",),
    cli=("tests.support.toy_study.cli",),
    report=(ReportSection("toy", 90, "report/toy.html", sections.notes, toc="Toy notes"),),
    exports=(ExportFormat("notes-csv", (".csv",), service.export_csv, "the toy notes as CSV"),),
    seed_velenje=service.seed_velenje,
    templates=("tests.support.toy_study:templates",),
)
