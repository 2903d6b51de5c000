"""The schema of the whole method. One module per study; every case table is town-scoped."""

from townpaths.storage.models.base import Base, TownScoped
from townpaths.storage.models.innovations import (
    Employment,
    Innovation,
    InnovationActor,
    SustainabilityIndicator,
    SustainabilityScore,
)
from townpaths.storage.models.narratives import (
    HELIX_SECTORS,
    Code,
    Codebook,
    CodedSegment,
    Interview,
    Interviewee,
    Narrative,
)
from townpaths.storage.models.symbols import Document, Symbol, SymbolCategory, SymbolPhoto, SymbolType
from townpaths.storage.models.synthesis import Duality, Evidence, EvidenceLink
from townpaths.storage.models.town import Fact, Period, Town
from townpaths.storage.models.workshops import (
    Ballot,
    IdeaDot,
    Problem,
    Solution,
    Workshop,
    WorkshopEvent,
    WorkshopGroup,
    WorkshopMember,
    WorkshopParticipant,
    WorkshopRound,
    WorksheetIdea,
)

__all__ = [
    "HELIX_SECTORS", "Ballot", "Base", "Code", "Codebook", "CodedSegment", "Document", "Duality",
    "Employment", "Evidence", "EvidenceLink", "Fact", "Innovation", "InnovationActor", "Interview",
    "Interviewee", "Narrative", "Period", "Problem", "Solution", "SustainabilityIndicator",
    "SustainabilityScore", "Symbol", "SymbolCategory", "SymbolPhoto", "SymbolType", "Town",
    "TownScoped", "Workshop", "WorkshopRound",
    "IdeaDot", "WorkshopEvent", "WorkshopGroup", "WorkshopMember", "WorkshopParticipant", "WorksheetIdea",
]
