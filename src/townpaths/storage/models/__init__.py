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
    Coder,
    Interview,
    Interviewee,
    Narrative,
    QdaNote,
    Variable,
)
from townpaths.storage.models.symbols import (
    Document,
    DocumentScan,
    DocumentTerm,
    Symbol,
    SymbolCategory,
    SymbolPhoto,
    SymbolScale,
    SymbolType,
)
from townpaths.storage.models.synthesis import Duality, Evidence, EvidenceLink
from townpaths.storage.models.town import Fact, Period, Town
from townpaths.storage.models.workshops import Ballot, Problem, Solution, Workshop, WorkshopRound

__all__ = [
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
    "HELIX_SECTORS",
    "Innovation",
    "InnovationActor",
    "Interview",
    "Interviewee",
    "Narrative",
    "Period",
    "Problem",
    "QdaNote",
    "Solution",
    "SustainabilityIndicator",
    "SustainabilityScore",
    "Symbol",
    "SymbolCategory",
    "SymbolPhoto",
    "SymbolScale",
    "SymbolType",
    "Town",
    "TownScoped",
    "Variable",
    "Workshop",
    "WorkshopRound",
]
