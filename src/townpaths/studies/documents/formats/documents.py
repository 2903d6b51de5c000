"""Official documents in: PDF, DOCX, HTML and TXT -> (title, plain text), through
:mod:`townpaths.formats.text`; the text is tidied for the scan."""

from __future__ import annotations

from pathlib import Path

from townpaths.core.errors import InputError
from townpaths.formats.files import read_file
from townpaths.formats.text import MEDIA_TYPES as FORMAT_MEDIA_TYPES
from townpaths.formats.text import TextLimits, extract_text, format_of, tidy

MAX_DOCUMENT_BYTES = 200 * 1024**2
FORMATS = ("pdf", "docx", "html", "txt")
LIMITS = TextLimits(file_bytes=MAX_DOCUMENT_BYTES)
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".docx": FORMAT_MEDIA_TYPES["docx"],
}


def _check_type(filename: str) -> None:
    if format_of(filename) not in FORMATS:
        raise InputError(
            "unsupported document type (use PDF, DOCX, HTML or TXT)", file=filename, value=Path(filename).suffix.lower()
        )


def extract(content: bytes, filename: str) -> tuple[str | None, str]:
    """(title if the file names one, plain text). Raises :class:`InputError` on unreadable files.
    A text file's first line is its title when it is short and more lines follow."""
    _check_type(filename)
    found = extract_text(content, filename, formats=FORMATS, limits=LIMITS)
    text = tidy(found.text)
    if found.format == "txt":
        first = text.split("\n", 1)[0].strip()
        return (first if 0 < len(first) <= 150 and "\n" in text else None), text
    return found.title, text


def read_document(path: Path) -> tuple[bytes, str | None, str, str]:
    """(content, title or None, text, media type) of a document file."""
    path = Path(path)
    _check_type(path.name)
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    content = read_file(path, MAX_DOCUMENT_BYTES)
    title, text = extract(content, str(path))
    return content, title, text, MEDIA_TYPES[path.suffix.lower()]
