"""Read transcripts from TXT, DOCX and ODT (through :mod:`townpaths.formats.text`) into
normalised text."""

from __future__ import annotations

from pathlib import Path

from townpaths.core.errors import InputError
from townpaths.formats.text import TextLimits, extract_text
from townpaths.studies.qda.core.text import normalise

SUFFIXES = (".txt", ".docx", ".odt")
MAX_TRANSCRIPT_BYTES = 50 * 1024**2
LIMITS = TextLimits(file_bytes=MAX_TRANSCRIPT_BYTES, unpacked_bytes=8 * MAX_TRANSCRIPT_BYTES)


def read_transcript(name: str, data: bytes) -> str:
    """Text of a transcript file, normalised (BOM removed, ``\\n`` line endings, NFC)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"unsupported transcript format (use {', '.join(SUFFIXES)})", file=name, value=suffix)
    return normalise(extract_text(data, name, formats=("txt", "docx", "odt"), limits=LIMITS).text)
