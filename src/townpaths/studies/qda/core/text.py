"""Transcript text: normalised once on import so that positions (code points) never drift."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable

from townpaths.core.errors import InputError
from townpaths.core.values import check_text

BOM = "\ufeff"


#: Characters of one transcript: about 300,000 words (a two-hour interview has about 20,000).
MAX_TRANSCRIPT_CHARS = 2_000_000


def check_transcript(text: str, *, file: str | None = None, field: str | None = None) -> str:
    """``text`` if it is storable and at most :data:`MAX_TRANSCRIPT_CHARS` characters long."""
    if len(text) > MAX_TRANSCRIPT_CHARS:
        raise InputError(
            f"a transcript is at most {MAX_TRANSCRIPT_CHARS} characters ({len(text)})", file=file, field=field
        )
    return check_text(text, file=file, field=field)


def normalise(text: str, *, nfc: bool = True) -> str:
    """Remove a leading byte-order mark, unify line endings to ``\\n`` and (by default) compose
    characters (NFC), so that the same transcript always has the same code points."""
    if text.startswith(BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text) if nfc else text


#: How a vendor counts the positions of text selections in a text file with ``\r\n`` line endings:
#: ``stored`` counts the file's code points as stored (a CRLF is two characters: MAXQDA, NVivo and
#: most tools); ``lf`` counts a line ending as one character (ATLAS.ti). A byte-order mark never counts.
STORED, LF = "stored", "lf"
POSITION_CONVENTIONS = (STORED, LF)


def normalise_with_positions(raw: str, convention: str = STORED) -> tuple[str, Callable[[int], int]]:
    """Normalise text coded elsewhere (no NFC, which could merge code points) and return a
    function mapping a vendor's position in ``raw`` (without its BOM) to the position in the result.

    With ``stored`` every ``\r`` that is dropped (of a ``\r\n``) shifts the later positions one to
    the left; with ``lf`` the positions already count a line ending as one character."""
    if convention not in POSITION_CONVENTIONS:
        raise ValueError(f"unknown position convention {convention!r}")
    if raw.startswith(BOM):
        raw = raw[1:]
    removed: list[int] = []  # raw positions of dropped "\r" (those followed by "\n")
    index = raw.find("\r\n")
    while index != -1:
        removed.append(index)
        index = raw.find("\r\n", index + 2)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if convention == LF:
        return text, lambda raw_pos: raw_pos

    def position(raw_pos: int) -> int:
        return raw_pos - bisect_right(removed, raw_pos - 1)

    return text, position


def code_point_length(text: str) -> int:
    return len(text)


def excerpt(text: str, start: int, end: int, width: int = 60) -> str:
    """A one-line label for a selection (at most ``width`` code points, whitespace collapsed)."""
    label = " ".join(text[start:end].split())
    return label if len(label) <= width else label[: width - 1] + "…"
