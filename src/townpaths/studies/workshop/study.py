"""Live workshops as the registry sees them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from townpaths.storage.db import Database
from townpaths.storage.models import (
    Ballot,
    IdeaDot,
    RankingRun,
    RankingRunItem,
    WorksheetIdea,
    Workshop,
    WorkshopGroup,
    WorkshopItem,
    WorkshopMember,
    WorkshopParticipant,
    WorkshopRound,
)
from townpaths.studies.spec import CompareSpec, ExportFormat, Page, ReportSection, Study, TableSpec, text_label
from townpaths.studies.workshop import compare, sections
from townpaths.studies.workshop.service import states


def _workshop(record: dict, lang: str) -> str:
    return str(record.get("title") or record.get("id"))


def _export(fmt: str, description: str) -> ExportFormat:
    def write(db: Database, workshop_id: Any, folder: Path) -> dict[str, Any]:
        return states.export_workshop(db, int(workshop_id), fmt, folder)

    return ExportFormat(fmt, (), write, description, scope="workshop")


STUDY = Study(
    name="workshop",
    title="Live workshops",
    order=60,
    tables=(
        # the room code is the only way into a room: never read off a list of workshops
        TableSpec(Workshop.__table__, _workshop, secret=("room_code", "admin_secret_hash", "secret_salt")),
        TableSpec(WorkshopItem.__table__, text_label("text"), overview=False),
        TableSpec(WorkshopRound.__table__, overview=False),
        TableSpec(Ballot.__table__, confidential=True, overview=False),
        TableSpec(WorkshopParticipant.__table__, confidential=True, overview=False),
        TableSpec(WorkshopGroup.__table__, overview=False),
        TableSpec(WorkshopMember.__table__, confidential=True, overview=False),
        TableSpec(WorksheetIdea.__table__, confidential=True, overview=False),
        TableSpec(IdeaDot.__table__, confidential=True, overview=False),
        # the results of workshops and ballot files, beside the study's findings
        TableSpec(RankingRun.__table__, text_label("name")),
        TableSpec(RankingRunItem.__table__, text_label("text"), overview=False),
    ),
    pages=(Page("workshop_new", "New live workshop"),),
    web=("townpaths.web.routes.workshop", "townpaths.web.routes.workshop_api"),
    cli=("townpaths.cli.commands.workshop", "townpaths.cli.commands.runs"),
    report=(
        # beside the study's Table 4 (40) and Figure 8 (50), never instead of them
        ReportSection("runs", 45, "report/runs.html", sections.ranking_runs, toc="Rankings beside Table 4"),
        ReportSection("run_solutions", 55, "report/run_solutions.html", sections.run_solutions),
    ),
    templates=("townpaths.studies.workshop:templates",),
    exports=(
        _export("csv", "ballots of every round and the worksheets as CSV files"),
        _export("preflib", "the ballots of each ranking round as a PrefLib .toc file"),
        _export("json", "everything the workshop produced as one JSON file"),
    ),
    # the consensus ranks are the report's Table 4
    compare=CompareSpec(compare.compare, public=("report",), title="Problem rankings"),
)
