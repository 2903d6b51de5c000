"""Text bytes to str: what is accepted, and what is refused instead of stored as mojibake."""

from __future__ import annotations

import pytest

from townpaths.core.errors import InputError
from townpaths.formats.encoding import Decoded, decode, decode_text, mojibake, plausible_cp1250

TEXT = "Velenje: šđčćž ŠĐČĆŽ „premog“ – 5 €\r\nŠalek\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "UTF-8"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "UTF-16 LE"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "UTF-16 BE"),
        (TEXT.encode("cp1250"), "Windows-1250"),
    ],
)
def test_accepted_encodings_give_the_same_text(data: bytes, encoding: str) -> None:
    assert decode(data, "f.txt") == Decoded(TEXT, encoding)
    assert decode_text(data, "f.txt") == TEXT


def test_a_declared_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    assert decode("Šola".encode("iso8859_2"), "f.html", declared="ISO-8859-2") == Decoded("Šola", "ISO-8859-2")
    assert decode("café".encode("cp1252"), "f.html", declared="windows-1252") == Decoded("café", "windows-1252")
    assert decode("Šola".encode(), "f.html", declared="windows-1250") == Decoded("Šola", "UTF-8")
    with pytest.raises(InputError) as err:
        decode(b"\x81x", "f.html", declared="windows-1250")
    assert err.value.message == "f.html: not valid windows-1250 text (bad bytes at offset 0); save the file as UTF-8"


def test_plausible_windows_1250() -> None:
    assert plausible_cp1250("Šoštanj in »Velenje«".encode("cp1250")) == "Šoštanj in »Velenje«"
    assert plausible_cp1250(b"a \xe8 b") is None  # a letter standing alone
    assert plausible_cp1250(b"a\xa1b") is None  # a caron inside a word
    assert plausible_cp1250(b"a\x81b") is None  # a byte Windows-1250 does not define
    assert plausible_cp1250(b"a\x07b") is None  # a control character


def test_mojibake_is_found() -> None:
    assert mojibake("Å¡olski center") == (0, "Å¡", "š")
    assert mojibake("ÄŤrna gora") == (0, "ÄŤ", "č")  # UTF-8 read as Windows-1250
    assert mojibake("it\u00e2\u20ac\u2122s") == (2, "\u00e2\u20ac\u2122", "\u2019")
    assert mojibake("ščit, Čž, »Šola«, žčš") is None


def test_control_characters_name_the_line() -> None:
    with pytest.raises(InputError) as err:
        decode(b"one\ntwo\nthr\x01ee", "f.txt")
    assert (err.value.message, err.value.row) == (
        "f.txt, line 3: control character U+0001 in the text: not a plain text file",
        "line 3",
    )
    assert decode(b"tab\there\fpage\vline", "f.txt").text == "tab\there\fpage\vline"
