"""Interviews and narrative coding as the registry sees them."""

from __future__ import annotations

from pathlib import Path

from townpaths.core.i18n import Translator
from townpaths.core.values import colour_or_none
from townpaths.core.vocab import HELIX_SECTORS
from townpaths.storage.db import Database
from townpaths.storage.models import Code, Codebook, CodedSegment, Coder, Interview, Interviewee, QdaNote, Variable
from townpaths.studies.qda import sections
from townpaths.studies.qda.core import guids
from townpaths.studies.qda.service import exchange, exports, seed
from townpaths.studies.spec import Authoring, ExportFormat, Page, Reference, ReportSection, Study, TableSpec, Tree


def _colour(row: dict) -> list[tuple[str, str]]:
    """A code's colour is #rrggbb (it reaches the coding page's style attributes)."""
    value = row.get("colour")
    if value is not None and colour_or_none(value) != value.upper():
        return [("colour", "a colour is written #rrggbb (e.g. #2E6B3F)")]
    return []


def _code(record: dict, lang: str) -> str:
    """A code's name in the reader's language (its ``name`` is English; a missing Slovene name
    shows the English one marked ``[EN]``)."""
    return str(Translator(lang).field(record, "name") or record.get("id"))


def _interviewee(record: dict, lang: str) -> str:
    return str(record.get("code") or record.get("id"))


def _interview(record: dict, lang: str) -> str:
    return str(record.get("title") or record.get("id"))


def _codebook(db: Database, town: str | None, output: Path) -> dict:
    return exchange.export_codebook(db, town, output)


def _segments(db: Database, town: str | None, output: Path) -> dict:
    return {"file": str(output), "segments": exports.export_segments(db, town, output)}


def _matrix(db: Database, town: str | None, output: Path) -> dict:
    return {"file": str(output), "codes": exports.export_matrix(db, town, output)}


STUDY = Study(
    name="qda",
    title="Coding of interviews",
    order=20,
    tables=(
        TableSpec(
            Interviewee.__table__,
            _interviewee,
            confidential=True,
            # consent is recorded on the consent page (a withdrawal locks the transcripts)
            authoring=Authoring(
                key=("code",),
                hidden=("guid", "consent_on", "consent_scope", "consent_withdrawn_on"),
                choices={"sector": HELIX_SECTORS},
            ),
        ),
        # transcripts come with `townpaths interviews add`; other tables refer to them by GUID
        TableSpec(
            Interview.__table__, _interview, confidential=True, authoring=Authoring(key=("guid",), editable=False)
        ),
        TableSpec(Codebook.__table__, overview=False, authoring=Authoring(key=("name",))),
        TableSpec(
            Code.__table__,
            _code,
            overview=False,
            authoring=Authoring(
                key=("codebook", "path"),
                references=(Reference("codebook", "codebook_id", "codebooks"),),
                tree=Tree(),
                hidden=("guid",),
                generated={"guid": guids.new},
                check=_colour,
            ),
        ),
        TableSpec(
            CodedSegment.__table__,
            confidential=True,
            overview=False,
            authoring=Authoring(key=("guid",), editable=False),
        ),
        TableSpec(Coder.__table__, confidential=True, overview=False),
        TableSpec(Variable.__table__, overview=False),
        TableSpec(QdaNote.__table__, confidential=True, overview=False),
    ),
    pages=(Page("qda_home", "Coding of interviews"),),
    web=("townpaths.web.routes.qda",),
    cli=("townpaths.cli.commands.qda", "townpaths.cli.commands.interviews", "townpaths.cli.commands.narratives"),
    report=(ReportSection("coding", 25, "report/coding.html", sections.coding),),
    exports=(
        ExportFormat("qdpx", (".qdpx",), exchange.export_qdpx, "REFI-QDA project (ATLAS.ti, MAXQDA, NVivo, QualCoder)"),
        ExportFormat("qdc", (".qdc",), _codebook, "REFI-QDA codebook"),
        ExportFormat("codebook-csv", (".csv",), _codebook, "codebook as CSV"),
        ExportFormat("segments-csv", (".csv",), _segments, "every coded segment with interviewee attributes as CSV"),
        ExportFormat("segments-xlsx", (".xlsx",), _segments, "every coded segment with interviewee attributes as XLSX"),
        ExportFormat("matrix-csv", (".csv",), _matrix, "code x interviewee matrix of segment counts as CSV"),
        ExportFormat("matrix-xlsx", (".xlsx",), _matrix, "code x interviewee matrix of segment counts as XLSX"),
    ),
    seed_velenje=seed.seed_velenje,
    defaults=seed.defaults,
    templates=("townpaths.studies.qda:templates",),
)
