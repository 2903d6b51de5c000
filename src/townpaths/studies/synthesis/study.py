"""The case synthesis as the registry sees it: periods, narratives, problems, solutions,
dualities, facts and evidence, with the report's Tables 2 and 4, Figure 8, the dualities and the
evidence."""

from __future__ import annotations

from typing import Any

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
from townpaths.studies.spec import Authoring, CompareSpec, Links, Reference, ReportSection, Study, TableSpec, text_label
from townpaths.studies.synthesis import compare, sections

PERIOD_SCHEMES = ("narratives", "innovations")
NARRATIVE_STATUSES = ("dominant", "alternative")
EVIDENCE_KINDS = ("lock_in", "path_renewal")


def _years(row: dict[str, Any]) -> list[tuple[str, str]]:
    """A period's years: the end not before the start; an open-ended period has no end."""
    start, end = row.get("start_year"), row.get("end_year")
    problems = []
    if start is not None and end is not None and end < start:
        problems.append(("end_year", "the period ends before it starts"))
    if row.get("open_ended") and end is not None:
        problems.append(("open_ended", "an open-ended period has no end year"))
    return problems


STUDY = Study(
    name="synthesis",
    title="Synthesis",
    order=70,
    tables=(
        TableSpec(
            Period.__table__,
            text_label("name"),
            authoring=Authoring(
                key=("scheme", "no"), numbered=("no",), choices={"scheme": PERIOD_SCHEMES}, check=_years
            ),
        ),
        TableSpec(
            Narrative.__table__,
            text_label("text"),
            anchored=True,
            authoring=Authoring(
                key=("position",),
                references=(
                    Reference("period", "period_id", "periods", within={"scheme": "narratives"}),
                    Reference("code", "code_id", "codes"),
                ),
                numbered=("position",),
                choices={"status": NARRATIVE_STATUSES},
                tags=("tags",),
            ),
        ),
        TableSpec(
            Problem.__table__,
            text_label("text"),
            anchored=True,
            # the workshop that ranked a problem is set by the workshop itself
            authoring=Authoring(key=("position",), hidden=("workshop_id",), numbered=("position",), tags=("tags",)),
        ),
        TableSpec(
            Solution.__table__,
            text_label("title"),
            anchored=True,
            authoring=Authoring(
                key=("problem", "title_en"), references=(Reference("problem", "problem_id", "problems"),)
            ),
        ),
        TableSpec(
            Duality.__table__, text_label("one_hand"), anchored=True, authoring=Authoring(key=("no",), numbered=("no",))
        ),
        TableSpec(Fact.__table__, text_label("text"), authoring=Authoring(key=("key",), key_from="text_en")),
        TableSpec(
            Evidence.__table__,
            text_label("statement"),
            authoring=Authoring(
                key=("key",),
                links=Links("links", "evidence_links", "evidence_id", "record_table", "record_id"),
                numbered=("position",),
                key_from="statement_en",
                choices={"kind": EVIDENCE_KINDS},
            ),
        ),
        TableSpec(EvidenceLink.__table__, overview=False),
        # the coded passages a narrative adopted from coding rests on (which interview said it)
        TableSpec(
            NarrativeSegment.__table__,
            confidential=True,
            overview=False,
            authoring=Authoring(
                key=("narrative", "segment"),
                references=(
                    Reference("narrative", "narrative_id", "narratives"),
                    Reference("segment", "segment_id", "coded_segments"),
                ),
            ),
        ),
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
    # Table 2, the dualities and the evidence are in the report
    compare=CompareSpec(compare.compare, public=("report",)),
)
