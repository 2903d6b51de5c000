"""Official documents as the registry sees them."""

from __future__ import annotations

from townpaths.storage.models import Document, DocumentScan, DocumentTerm
from townpaths.studies.documents import compare
from townpaths.studies.spec import Authoring, CompareSpec, Page, Study, TableSpec


def _document(record: dict, lang: str) -> str:
    return str(record.get("title") or record.get("id"))


STUDY = Study(
    name="documents",
    title="Official documents",
    order=15,
    tables=(
        TableSpec(
            Document.__table__,
            _document,
            # the file, its checksum and its text come with `townpaths documents add`
            authoring=Authoring(
                key=("title",),
                hidden=("filename", "media_type", "sha256", "content", "text", "extra"),
                choices={"language": ("sl", "en")},
            ),
        ),
        TableSpec(DocumentTerm.__table__, overview=False),
        TableSpec(DocumentScan.__table__, overview=False),
    ),
    pages=(Page("documents", "Official documents"),),
    web=("townpaths.web.routes.documents",),
    cli=("townpaths.cli.commands.documents",),
    # the report's evidence names every document that never mentions heritage
    compare=CompareSpec(compare.compare, public=("report",)),
)
