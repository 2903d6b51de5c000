"""Normalisation, positions, transcripts from TXT/DOCX/ODT, redaction."""

from __future__ import annotations

import io

import pytest

from townpaths.core.errors import InputError
from townpaths.studies.qda.core.redact import pseudonyms, redact, redaction_map
from townpaths.studies.qda.core.text import normalise, normalise_with_positions
from townpaths.studies.qda.formats.transcripts import read_transcript


def test_normalise_removes_bom_and_unifies_line_endings() -> None:
    assert normalise("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"
    assert normalise("c\u030c") == "č"  # composed: one code point


def test_vendor_positions_map_across_removed_carriage_returns() -> None:
    text, pos = normalise_with_positions("\ufeffab\r\ncd\r\nef")
    assert text == "ab\ncd\nef"
    assert [pos(i) for i in (0, 2, 3, 4, 6, 7, 8, 10)] == [0, 2, 2, 3, 5, 5, 6, 8]
    # ATLAS.ti counts a line ending as one character: its positions are those of the normalised text
    text, pos = normalise_with_positions("\ufeffab\r\ncd\r\nef", "lf")
    assert text == "ab\ncd\nef" and [pos(i) for i in (0, 2, 3, 5, 8)] == [0, 2, 3, 5, 8]
    with pytest.raises(ValueError, match="unknown position convention"):
        normalise_with_positions("ab", "crlf")


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _odt(paragraphs: list[str]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    d = OpenDocumentText()
    for p in paragraphs:
        d.text.addElement(P(text=p))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("a.txt", "\ufeffV: Kako?\r\nO: Čisto dobro.".encode()),
        ("a.txt", "V: Kako?\nO: Čisto dobro.".encode("utf-16")),
        ("a.docx", _docx(["V: Kako?", "O: Čisto dobro."])),
        ("a.odt", _odt(["V: Kako?", "O: Čisto dobro."])),
    ],
)
def test_transcripts_read_to_the_same_text(name: str, data: bytes) -> None:
    assert read_transcript(name, data) == "V: Kako?\nO: Čisto dobro."


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("a.pdf", b"%PDF", "unsupported transcript format"),
        ("a.txt", b"\xff\xfa\xfb", "not UTF-8"),
        ("a.docx", b"not a zip", r"^a\.docx: not a DOCX document \(not a ZIP file\)$"),
    ],
)
def test_bad_transcripts(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_transcript(name, data)


def test_redaction_is_consistent() -> None:
    names = pseudonyms(["Ana Novak", "Marko", "Ana Novak"], taken={"Person A"})
    assert names == {"Ana Novak": "Person B", "Marko": "Person C"}
    text, counts = redact("Ana Novak met MARKO. ana novak said: Markovič is not Marko.", {**names, "Ana": "Person X"})
    assert text == "Person B met Person C. Person B said: Markovič is not Person C."
    assert counts == {"Ana Novak": 2, "Marko": 2, "Ana": 0}


def test_redaction_map_from_what_a_researcher_types() -> None:
    assert redaction_map(["Ana Novak", "Marko=Person A", " Ana Novak ", "Jože=J.", "Marko", "Eva"]) == {
        "Ana Novak": "Person B",
        "Eva": "Person C",
        "Marko": "Person A",
        "Jože": "J.",
    }
    assert redaction_map([]) == {}
    for bad in ("", "=X", "Ana=", " = "):
        with pytest.raises(InputError) as exc:
            redaction_map(["Ana Novak", bad])
        assert exc.value.message == f"field 'redact', value {bad!r}: a name to redact is NAME or NAME=PSEUDONYM"
