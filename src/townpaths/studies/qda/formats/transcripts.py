"""Read transcripts from TXT, DOCX and ODT into normalised text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from townpaths.core.errors import InputError
from townpaths.studies.qda.core.text import normalise

SUFFIXES = (".txt", ".docx", ".odt")
MAX_TRANSCRIPT_BYTES = 50 * 1024**2


def read_transcript(name: str, data: bytes) -> str:
    """Text of a transcript file, normalised (BOM removed, ``\\n`` line endings, NFC)."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise InputError(f"transcript larger than {MAX_TRANSCRIPT_BYTES} bytes", file=name)
    if suffix == ".txt":
        return normalise(_decode(name, data))
    if suffix == ".docx":
        return normalise(_docx(name, data))
    if suffix == ".odt":
        return normalise(_odt(name, data))
    raise InputError(f"unsupported transcript format (use {', '.join(SUFFIXES)})", file=name, value=suffix)


def _decode(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}); save the transcript as UTF-8", file=name) from None


def _check_zip(name: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > 8 * MAX_TRANSCRIPT_BYTES:
                raise InputError("document unpacks to too many bytes", file=name)
    except zipfile.BadZipFile:
        raise InputError("not a valid document (broken zip)", file=name) from None


def _docx(name: str, data: bytes) -> str:
    import docx

    _check_zip(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for broken files
        raise InputError(f"cannot read DOCX ({exc.__class__.__name__})", file=name) from None
    return "\n".join(p.text for p in document.paragraphs)


def _odt(name: str, data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    _check_zip(name, data)
    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - odfpy raises many types for broken files
        raise InputError(f"cannot read ODT ({exc.__class__.__name__})", file=name) from None
    paragraphs = [el for el in document.text.childNodes if el.qname in ((TEXTNS, "p"), (TEXTNS, "h"))]
    return "\n".join(teletype.extractText(p) for p in paragraphs)
