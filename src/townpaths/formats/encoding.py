"""Text bytes to ``str``, never to mojibake.

Accepted: UTF-8 with or without a BOM, UTF-16 with a BOM (little or big endian), and
Windows-1250 (the code page Slovene Windows writes) when the bytes are not UTF-8 and read as
Windows-1250 give plausible text. Everything else is refused with an :class:`InputError` naming
what was found and what is expected: UTF-16 without a BOM, UTF-32, binary data, bytes that are
neither, control characters, and text that was already decoded wrongly once (``Å¡`` for ``š``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from townpaths.core.errors import InputError

UTF8_BOM = b"\xef\xbb\xbf"
SAVE_AS = "save the file as UTF-8"
#: Non-letter characters Windows-1250 text plausibly holds (typographic quotes, dashes, the euro...).
TYPOGRAPHY = frozenset(
    "\u00a0\u00ad\u00a7\u00b0\u00b1\u00b5\u00b6\u00b7\u00a9\u00ab\u00ae\u00bb\u00d7\u00f7"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122"
)
#: Charsets a file may declare (HTML ``<meta charset>``) that are decoded as declared.
DECLARED = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "windows-1250": "cp1250",
    "cp1250": "cp1250",
    "iso-8859-2": "iso8859_2",
    "latin2": "iso8859_2",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
}
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_SUSPECT = re.compile("[\u0080-\u02ff\u2013-\u203a\u20ac\u2122]{2,}")
_REPAIRED = re.compile("[\u00a0-\u017f\u2013-\u2026\u20ac]+")


class Decoded(NamedTuple):
    text: str
    encoding: str  # "UTF-8", "UTF-16 LE", "UTF-16 BE", "Windows-1250" or a declared charset


def decode_text(data: bytes, file: str, *, declared: str | None = None) -> str:
    """The text of ``data`` without its BOM (see :func:`decode`)."""
    return decode(data, file, declared=declared).text


def decode(data: bytes, file: str, *, declared: str | None = None) -> Decoded:
    """Decode text bytes; ``declared`` is a charset the file itself names (HTML), used only when
    the bytes are not UTF-8. Raises :class:`InputError` for anything that is not plain text."""
    data = bytes(data)
    if data.startswith(UTF8_BOM):
        found = Decoded(_strict(data[3:], "utf-8", "UTF-8", 3, file), "UTF-8")
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(f"UTF-32 text is not supported; {SAVE_AS}", file=file)
    elif data.startswith(b"\xff\xfe"):
        found = Decoded(_strict(data[2:], "utf-16-le", "UTF-16 LE", 2, file), "UTF-16 LE")
    elif data.startswith(b"\xfe\xff"):
        found = Decoded(_strict(data[2:], "utf-16-be", "UTF-16 BE", 2, file), "UTF-16 BE")
    elif b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16:
            raise InputError(
                f"looks like {utf16} text without a byte-order mark (BOM); {SAVE_AS} (or as UTF-16 with a BOM)",
                file=file,
            )
        raise InputError(f"binary data, not text (a NUL byte at offset {data.index(0)})", file=file)
    else:
        found = _single_byte(data, file, declared)
    _check_controls(found.text, file)
    _check_mojibake(found.text, file)
    return found


def _strict(data: bytes, codec: str, label: str, offset: int, file: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {label} text (bad bytes at offset {exc.start + offset}); {SAVE_AS}", file=file
        ) from None


def _single_byte(data: bytes, file: str, declared: str | None) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as exc:
        bad = exc
    codec = DECLARED.get((declared or "").strip().lower())
    if codec and codec != "utf-8":
        return Decoded(_strict(data, codec, declared or codec, 0, file), str(declared))
    text = plausible_cp1250(data)
    if text is None:
        raise InputError(
            f"neither UTF-8 nor Windows-1250 text (byte 0x{data[bad.start]:02X} at offset {bad.start} "
            f"is not UTF-8, and read as Windows-1250 the text makes no sense); {SAVE_AS}",
            file=file,
        )
    return Decoded(text, "Windows-1250")


def plausible_cp1250(data: bytes) -> str | None:
    """``data`` read as Windows-1250 when that gives plausible text, else ``None``: no control
    characters, every non-ASCII character a letter inside a word or common typography."""
    try:
        text = data.decode("cp1250")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):
        return None
    for match in _NON_ASCII.finditer(text):
        ch, i = match.group(), match.start()
        if ch in TYPOGRAPHY:
            continue
        if unicodedata.category(ch) not in ("Lu", "Ll"):  # a letter (not a lone caron or breve)
            return None
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if not (before.isalpha() or after.isalpha()):
            return None
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "UTF-16 LE"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "UTF-16 BE"
    return None


def _line(text: str, index: int) -> str:
    return f"line {text.count(chr(10), 0, index) + 1}"


def _check_controls(text: str, file: str) -> None:
    match = _CONTROL.search(text)
    if match:
        raise InputError(
            f"control character U+{ord(match.group()):04X} in the text: not a plain text file",
            file=file,
            row=_line(text, match.start()),
        )


def _check_mojibake(text: str, file: str) -> None:
    found = mojibake(text)
    if found:
        index, wrong, right = found
        raise InputError(
            f"the text was decoded with the wrong encoding before it was saved ({wrong!r} stands for "
            f"{right!r}); restore the original file and save it as UTF-8",
            file=file,
            row=_line(text, index),
        )


def mojibake(text: str) -> tuple[int, str, str] | None:
    """(offset, wrong characters, what they stand for) of the first trace of UTF-8 read as
    Windows-1252, Windows-1250 or Latin-1 (``Å¡`` for ``š``, ``â€™`` for ``’``), else ``None``."""
    for match in _SUSPECT.finditer(text):
        run = match.group()
        for i in range(len(run) - 1):
            for size in (2, 3):
                piece = run[i : i + size]
                if len(piece) < size:
                    continue
                for codec in ("cp1252", "cp1250", "latin-1"):
                    try:
                        right = piece.encode(codec).decode("utf-8")
                    except UnicodeError:
                        continue
                    if _REPAIRED.fullmatch(right):
                        return match.start() + i, piece, right
    return None
