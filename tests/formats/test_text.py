"""Text out of TXT, DOCX, ODT, PDF and HTML: exact text and title, hostile files refused cleanly."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from townpaths.core.errors import InputError
from townpaths.formats.text import Extracted, TextLimits, extract_file, extract_text, format_of, tidy


def _docx() -> bytes:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.add_heading("Strategija", level=1)
    paragraph = document.add_paragraph("Prvi ")
    paragraph.add_run("odstavek").bold = True
    paragraph.add_run("\tz tabulatorjem")
    run = paragraph.add_run("in prelomom")
    run.add_break()
    run.add_text("vrstice.")
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "leto", (0, 1): "zaposleni", (1, 0): "1990", (1, 1): "6.000"}.items():
        table.cell(r, c).text = text
    page = document.add_paragraph("Stran")
    page.runs[0].add_break(WD_BREAK.PAGE)
    document.add_paragraph("Šoštanj, Velenje.")
    document.core_properties.title = "  Trajnostna   strategija "
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX_TEXT = (
    "Strategija\nPrvi odstavek\tz tabulatorjemin prelomom\nvrstice.\nleto | zaposleni\n1990 | 6.000\n"
    "Stran\nŠoštanj, Velenje."
)


def _odt(spaces: int = 3) -> bytes:
    from odf.dc import Title
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, LineBreak, List, ListItem, P, S, Span, Tab

    document = OpenDocumentText()
    document.meta.addElement(Title(text="Intervju E1"))
    document.text.addElement(H(outlinelevel=1, text="Uvod"))
    paragraph = P(text="V:")
    paragraph.addElement(S(c=spaces))
    paragraph.addText("Kako")
    paragraph.addElement(Tab())
    paragraph.addElement(Span(text="ste?"))
    paragraph.addElement(LineBreak())
    paragraph.addText("O: Čisto dobro.")
    document.text.addElement(paragraph)
    items = List()
    for text in ("rudnik", "elektrarna"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    document.text.addElement(items)
    table = Table(name="t")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for text in ("leto", "1959"):
        cell = TableCell()
        cell.addElement(P(text=text))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(pages: list[bytes], *, title: str | None = None, filters: str = "", length: int | None = None) -> bytes:
    """A PDF written by hand: one content stream per page, Helvetica."""
    count = len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, content in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        declared = len(content) if length is None else length
        objects.append(f"<< /Length {declared}{filters} >>\nstream\n".encode() + content + b"\nendstream")
    if title:
        objects.append(b"<< /Title (" + title.encode("cp1252") + b") >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    info = f" /Info {len(objects)} 0 R" if title else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _page(*lines: str) -> bytes:
    return ("BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET").encode("cp1252")


HTML = (
    "<!doctype html><html><head><meta charset='utf-8'><title> Mestna\n občina  Velenje </title>"
    "<style>p{color:red}</style><script>var premog = 'rudnik';</script></head>"
    "<body><nav>Domov</nav><h1>Strategija</h1><p>Zeleno &amp; pametno mesto.</p><ul><li>Rudnik</li></ul>"
    "<template><p>skrito</p></template></body></html>"
)


@pytest.mark.parametrize(
    "name, data, expected",
    [
        (
            "t.txt",
            "Prva vrstica\r\nšđčćž\rkonec".encode("cp1250"),
            Extracted(None, "Prva vrstica\nšđčćž\nkonec", "txt"),
        ),
        (
            "t.txt",
            b"\xff\xfe" + "V: Kako?\r\nO: Dobro.".encode("utf-16-le"),
            Extracted(None, "V: Kako?\nO: Dobro.", "txt"),
        ),
        ("t.DOCX", _docx(), Extracted("Trajnostna strategija", DOCX_TEXT, "docx")),
        (
            "t.odt",
            _odt(),
            Extracted("Intervju E1", "Uvod\nV:   Kako\tste?\nO: Čisto dobro.\nrudnik\nelektrarna\nleto | 1959", "odt"),
        ),
        (
            "t.pdf",
            _pdf([_page("Trajnostna urbana strategija", "Velenje 2016"), _page("Druga stran")], title="TUS Velenje"),
            Extracted("TUS Velenje", "Trajnostna urbana strategija\nVelenje 2016\n\nDruga stran", "pdf"),
        ),
        (
            "t.htm",
            HTML.encode(),
            Extracted("Mestna občina Velenje", "Domov\nStrategija\n\nZeleno & pametno mesto.\n\nRudnik\n\n\n", "html"),
        ),
        (
            "t.html",
            "<title>Šola</title><p>Čas</p>".replace("<title>", "<meta charset=windows-1250><title>").encode("cp1250"),
            Extracted("Šola", "\nČas\n", "html"),
        ),
    ],
    ids=["txt-cp1250", "txt-utf16", "docx", "odt", "pdf", "html", "html-cp1250"],
)
def test_extracts_exact_text_and_title(tmp_path: Path, name: str, data: bytes, expected: Extracted) -> None:
    assert extract_text(data, name) == expected
    (tmp_path / name).write_bytes(data)
    assert extract_file(tmp_path / name) == expected
    assert tidy(extract_text(HTML.encode(), "t.html").text) == "Domov\nStrategija\n\nZeleno & pametno mesto.\n\nRudnik"


def test_formats_and_media_types() -> None:
    assert [format_of(n) for n in ("a.TXT", "a.htm", "a.docx", "a.odt", "a.pdf", "a.doc", "a")] == [
        "txt",
        "html",
        "docx",
        "odt",
        "pdf",
        None,
        None,
    ]
    assert extract_text(b"x", "a.txt").media_type == "text/plain"
    with pytest.raises(InputError) as err:
        extract_text(b"x", "a.doc")
    assert err.value.message == "a.doc, value '.doc': unsupported file type (use TXT, DOCX, ODT, PDF, HTML)"
    with pytest.raises(InputError) as err:
        extract_text(_pdf([_page("x")]), "a.pdf", formats=("txt", "docx"))
    assert err.value.message == "a.pdf, value '.pdf': unsupported file type (use TXT, DOCX)"


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("x.docx", b"not a zip", "not a DOCX document (not a ZIP file)"),
        (
            "x.docx",
            _replace_member(
                _docx(),
                "word/document.xml",
                b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
                b'"file:///etc/passwd">]><w:document ' + W + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r>"
                b"</w:p></w:body></w:document>",
            ),
            "x.docx/word/document.xml: unsafe XML refused (DTDForbidden)",
        ),
        (
            "x.docx",
            _replace_member(_docx(), "word/document.xml", b"<w:document " + W + b"><w:body>"),
            "x.docx/word/document.xml: not well-formed XML (no element found: line 1, column 91)",
        ),
        (
            "x.docx",
            _replace_member(
                _docx(),
                "word/document.xml",
                b"<w:document "
                + W
                + b"><w:body><w:p><w:r><w:t>"
                + b" " * (8 * 1024**2)
                + b"</w:t></w:r></w:p></w:body></w:document>",
            ),
            "value 'word/document.xml': suspicious compression ratio in the DOCX document (zip bomb?)",
        ),
        (
            "x.odt",
            _replace_member(
                _odt(),
                "content.xml",
                b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;">]><office:document-content xmlns:office="urn:oasis:names:'
                b'tc:opendocument:xmlns:office:1.0">&b;</office:document-content>',
            ),
            "x.odt/content.xml: unsafe XML refused (DTDForbidden)",
        ),
        (
            "x.odt",
            _replace_member(_odt(), "mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            "value 'application/vnd.oasis.opendocument.spreadsheet': not an ODT text document",
        ),
        ("x.pdf", b"%PDF-1.4 nonsense", "not a readable PDF (PdfStreamError: Stream has ended unexpectedly)"),
        ("x.pdf", _pdf([_page("a")] * 3), "the PDF has 3 pages (at most 2)"),
        (
            "x.txt",
            "Å¾elezarna".encode(),
            "line 1: the text was decoded with the wrong encoding before it was saved "
            "('Å¾' stands for 'ž'); restore the original file and save it as UTF-8",
        ),
        (
            "x.txt",
            "V: Kako?".encode("utf-16-le"),
            "looks like UTF-16 LE text without a byte-order mark (BOM); save the "
            "file as UTF-8 (or as UTF-16 with a BOM)",
        ),
    ],
    ids=[
        "docx-not-zip",
        "docx-xxe",
        "docx-broken",
        "docx-bomb",
        "odt-entities",
        "ods",
        "pdf-broken",
        "pdf-pages",
        "txt-mojibake",
        "txt-utf16-no-bom",
    ],
)
def test_hostile_or_broken_documents_are_clean_errors(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        extract_text(data, name, limits=TextLimits(pdf_pages=2))
    if message.startswith("value"):
        assert err.value.message.startswith(f"{name}, {message}")
    elif message.startswith(name):
        assert err.value.message == message
    else:
        assert err.value.message == (f"{name}, {message}" if message.startswith("line") else f"{name}: {message}")


def test_a_pdf_with_a_300_mb_stream_is_refused() -> None:
    packer = zlib.compressobj(9)
    chunk = b" " * 1024**2
    stream = (
        packer.compress(b"BT /F1 11 Tf 50 780 Td (Hi) Tj ET ")
        + b"".join(packer.compress(chunk) for _ in range(300))
        + packer.flush()
    )
    assert len(stream) < 1024**2
    with pytest.raises(InputError) as err:
        extract_text(_pdf([stream], filters=" /FlateDecode".replace(" /", " /Filter /")), "bomb.pdf")
    assert err.value.message == "bomb.pdf: the PDF holds a stream larger than 64 MB unpacked; refused"
    with pytest.raises(InputError) as err:
        extract_text(_pdf([_page("Hi")], length=300 * 1024**2), "declared.pdf")
    assert err.value.message == "declared.pdf: the PDF holds a stream larger than 64 MB unpacked; refused"


def test_limits_are_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF" + b"\0" * 100)
    with pytest.raises(InputError) as err:
        extract_file(path, limits=TextLimits(file_bytes=50))
    assert err.value.message == f"{path}: file larger than 50 bytes (104 bytes)"
    with pytest.raises(InputError) as err:
        extract_file(tmp_path / "nope.docx")
    assert err.value.message == f"{tmp_path / 'nope.docx'}: file not found"
    with pytest.raises(InputError) as err:
        extract_text(b"x" * 20, "long.txt", limits=TextLimits(chars=10))
    assert err.value.message == "long.txt: more than 10 characters of text"
    huge = _replace_member(_docx(), "word/document.xml", b"<w:document " + W + b"/>" + b" " * 2000)
    with pytest.raises(InputError) as err:
        extract_text(huge, "x.docx", limits=TextLimits(xml_bytes=1000))
    assert err.value.message == "x.docx: the document's word/document.xml is larger than 1000 bytes"


def test_odt_space_counts_are_bounded() -> None:
    text = extract_text(_odt(spaces=10**9), "big.odt").text
    assert text.split("\n")[1] == "V:" + " " * 1000 + "Kako\tste?"
