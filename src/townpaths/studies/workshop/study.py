"""Live workshops as the registry sees them."""

from __future__ import annotations

from townpaths.storage.models import (
    Ballot,
    IdeaDot,
    WorksheetIdea,
    Workshop,
    WorkshopGroup,
    WorkshopMember,
    WorkshopParticipant,
    WorkshopRound,
)
from townpaths.studies.spec import Page, Study, TableSpec


def _workshop(record: dict, lang: str) -> str:
    return str(record.get("title") or record.get("id"))


STUDY = Study(
    name="workshop",
    title="Live workshops",
    order=60,
    tables=(
        TableSpec(Workshop.__table__, _workshop),
        TableSpec(WorkshopRound.__table__, overview=False),
        TableSpec(Ballot.__table__, confidential=True, overview=False),
        TableSpec(WorkshopParticipant.__table__, confidential=True, overview=False),
        TableSpec(WorkshopGroup.__table__, overview=False),
        TableSpec(WorkshopMember.__table__, confidential=True, overview=False),
        TableSpec(WorksheetIdea.__table__, confidential=True, overview=False),
        TableSpec(IdeaDot.__table__, confidential=True, overview=False),
    ),
    pages=(Page("workshop_new", "New live workshop"),),
    web=("townpaths.web.routes.workshop", "townpaths.web.routes.workshop_api"),
    cli=("townpaths.cli.commands.workshop",),
)
