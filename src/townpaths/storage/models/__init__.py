"""The schema of the whole method, one module per study; every case table is town-scoped."""

from townpaths.storage.models.base import Base, TownScoped
from townpaths.storage.models.documents import Document, DocumentScan, DocumentTerm
from townpaths.storage.models.economy import Employment
from townpaths.storage.models.innovations import Innovation, InnovationActor
from townpaths.storage.models.people import TownRole, User
from townpaths.storage.models.qda import Code, Codebook, CodedSegment, Coder, Interview, Interviewee, QdaNote, Variable
from townpaths.storage.models.site import AuditEntry, InstanceSetting, RateHit
from townpaths.storage.models.sustainability import SustainabilityIndicator, SustainabilityScore
from townpaths.storage.models.symbols import Symbol, SymbolCategory, SymbolPhoto, SymbolScale, SymbolType
from townpaths.storage.models.synthesis import (
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
from townpaths.storage.models.town import Town
from townpaths.storage.models.workshop import (
    Ballot,
    IdeaDot,
    RankingRun,
    RankingRunItem,
    WorksheetIdea,
    Workshop,
    WorkshopEvent,
    WorkshopGroup,
    WorkshopItem,
    WorkshopMember,
    WorkshopParticipant,
    WorkshopPresence,
    WorkshopRound,
)

#: Tables with a ``town_id`` that belong to the server, not to a town's case (never in bundles).
SITE_TABLES = frozenset({"town_roles", "audit_log"})

__all__ = [
    "AuditEntry",
    "Ballot",
    "Base",
    "Code",
    "Codebook",
    "CodedSegment",
    "Coder",
    "Document",
    "DocumentScan",
    "DocumentTerm",
    "Duality",
    "Employment",
    "Evidence",
    "EvidenceLink",
    "Fact",
    "IdeaDot",
    "Innovation",
    "InnovationActor",
    "InstanceSetting",
    "Interview",
    "Interviewee",
    "Narrative",
    "NarrativeSegment",
    "Period",
    "Problem",
    "QdaNote",
    "RankingRun",
    "RankingRunItem",
    "RateHit",
    "Solution",
    "SustainabilityIndicator",
    "SustainabilityScore",
    "Symbol",
    "SymbolCategory",
    "SymbolPhoto",
    "SymbolScale",
    "SymbolType",
    "Town",
    "TownRole",
    "TownScoped",
    "User",
    "Variable",
    "WorksheetIdea",
    "Workshop",
    "WorkshopEvent",
    "WorkshopGroup",
    "WorkshopItem",
    "WorkshopMember",
    "WorkshopParticipant",
    "WorkshopPresence",
    "WorkshopRound",
]
