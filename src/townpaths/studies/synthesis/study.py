"""The case synthesis as the registry sees it: periods, narratives, problems, solutions,
dualities, facts and evidence, with the report's Tables 2 and 4, Figure 8, the dualities and the
evidence."""

from __future__ import annotations

from townpaths.storage.models import (
    Duality,
    Evidence,
    EvidenceLink,
    Fact,
    Narrative,
    NarrativeSegment,
    Period,
    Problem,
    Solution,
)
from townpaths.studies.spec import ReportSection, Study, TableSpec, text_label
from townpaths.studies.synthesis import sections

STUDY = Study(
    name="synthesis",
    title="Synthesis",
    order=70,
    tables=(
        TableSpec(Period.__table__, text_label("name")),
        TableSpec(Narrative.__table__, text_label("text"), anchored=True),
        TableSpec(Problem.__table__, text_label("text"), anchored=True),
        TableSpec(Solution.__table__, text_label("title"), anchored=True),
        TableSpec(Duality.__table__, text_label("one_hand"), anchored=True),
        TableSpec(Fact.__table__, text_label("text")),
        TableSpec(Evidence.__table__, text_label("statement")),
        TableSpec(EvidenceLink.__table__, overview=False),
        # the coded passages a narrative adopted from coding rests on (which interview said it)
        TableSpec(NarrativeSegment.__table__, confidential=True, overview=False),
    ),
    cli=("townpaths.cli.commands.evidence",),
    report=(
        ReportSection("table2", 20, "report/narratives.html", sections.narratives, toc="Table 2"),
        ReportSection("table4", 40, "report/problems.html", sections.problems, toc="Table 4"),
        ReportSection("figure8", 50, "report/solutions.html", sections.solutions, toc="Figure 8"),
        ReportSection("dualities", 60, "report/dualities.html", sections.dualities, toc="Dualities"),
        ReportSection("evidence", 70, "report/evidence.html", sections.evidence, toc="Lock-in and path renewal"),
    ),
    templates=("townpaths.studies.synthesis:templates",),
)
