"""Text out of documents: TXT, DOCX, ODT, PDF and HTML -> title and plain text.

* TXT: UTF-8, UTF-16 with a BOM or Windows-1250 (:mod:`townpaths.formats.encoding`).
* DOCX and ODT: the archive through :class:`~townpaths.formats.archive.SafeZip`, the XML through
  defusedxml; paragraphs and headings in document order, one per line, a table row as its cells
  joined by `` | ``; the title from the document properties.
* PDF: pypdf, within limits on pages, on unpacked stream sizes and on the text's length, and
  never calling an outside program; the title from the metadata.
* HTML: the text outside scripts and styles, block elements on lines of their own; the ``<title>``.

Line endings come out as ``\\n``; control characters (a PDF's text may hold NUL) and lone
surrogates are left out, so the text can be stored in any database. Whatever is wrong with a file
is one :class:`InputError`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

from townpaths.core.errors import InputError
from townpaths.formats.archive import SafeZip, ZipLimits
from townpaths.formats.encoding import decode_text
from townpaths.formats.files import check_size, read_file, size_text
from townpaths.formats.xmlsafe import local, namespace, parse_xml

MB = 1024**2
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".odt": "odt",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
MEDIA_TYPES = {
    "txt": "text/plain",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
LABELS = {"txt": "TXT", "docx": "DOCX", "odt": "ODT", "pdf": "PDF", "html": "HTML"}
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class TextLimits:
    """Limits of one document: file size, unpacked size of a DOCX/ODT, size of its text XML,
    PDF pages, unpacked size of one PDF stream, characters of text."""

    file_bytes: int = 200 * MB
    unpacked_bytes: int = 1024 * MB
    xml_bytes: int = 64 * MB
    pdf_pages: int = 5_000
    pdf_stream_bytes: int = 64 * MB
    chars: int = 50_000_000


LIMITS = TextLimits()


@dataclass(frozen=True)
class Extracted:
    title: str | None
    text: str
    format: str  # txt, docx, odt, pdf or html

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


def format_of(name: str) -> str | None:
    """``txt``, ``docx``, ``odt``, ``pdf`` or ``html`` by the file name's suffix, else ``None``."""
    return FORMATS.get(Path(name).suffix.lower())


def _check_format(name: str, file: str, formats: Collection[str] | None) -> str:
    fmt = format_of(name)
    allowed = list(formats) if formats is not None else list(LABELS)
    if fmt is None or fmt not in allowed:
        raise InputError(
            f"unsupported file type (use {', '.join(LABELS[f] for f in allowed)})",
            file=file,
            value=Path(name).suffix.lower() or name,
        )
    return fmt


def extract_file(path: Path | str, *, formats: Collection[str] | None = None, limits: TextLimits = LIMITS) -> Extracted:
    """:func:`extract_text` of a file; its type and size are checked before it is read."""
    path = Path(path)
    _check_format(path.name, str(path), formats)
    return extract_text(read_file(path, limits.file_bytes), str(path), formats=formats, limits=limits)


def extract_text(
    data: bytes, name: str, *, formats: Collection[str] | None = None, limits: TextLimits = LIMITS
) -> Extracted:
    """Title and text of a document; ``name`` gives the format (by its suffix) and names it in
    messages; ``formats`` restricts the formats accepted."""
    fmt = _check_format(name, name, formats)
    check_size(len(data), limits.file_bytes, name)
    text, title = _EXTRACT[fmt](bytes(data), name, limits)
    text = _UNSTORABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    title = _UNSTORABLE.sub("", title) if title else title
    if len(text) > limits.chars:
        raise InputError(f"more than {limits.chars} characters of text", file=name)
    title = " ".join(title.split()) if title else ""
    return Extracted(title or None, text, fmt)


def tidy(text: str) -> str:
    """Spaces collapsed on each line, at most one blank line in a row, no blank start or end."""
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    out: list[str] = []
    blank = False
    for line in lines:
        if line:
            out.append(line)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip()


# --- TXT and HTML ---------------------------------------------------------------------------------


def _txt(data: bytes, name: str, limits: TextLimits) -> tuple[str, str | None]:
    return decode_text(data, name), None


_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "td", "th"}
_HIDDEN = {"script", "style", "noscript", "template"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._hidden:
            self.parts.append(data)


def _html(data: bytes, name: str, limits: TextLimits) -> tuple[str, str | None]:
    declared = _CHARSET.search(data[:4096])
    text = decode_text(data, name, declared=declared.group(1).decode("ascii") if declared else None)
    parser = _HtmlText()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser on markup it cannot place
        raise InputError(f"not readable HTML ({exc})", file=name) from None
    return "".join(parser.parts), parser.title


# --- DOCX and ODT ---------------------------------------------------------------------------------

W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main")
DC = "http://purl.org/dc/elements/1.1/"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODT_MIME = b"application/vnd.oasis.opendocument.text"
_DOCX_INLINE = {"hyperlink", "ins", "smartTag", "customXml", "fldSimple", "moveTo", "sdt", "sdtContent", "bdo", "dir"}
_DOCX_BLOCKS = {"sdt", "sdtContent", "customXml", "ins", "moveTo"}
_ODT_SKIP = {
    "tracked-changes",
    "table-of-content",
    "alphabetical-index",
    "illustration-index",
    "table-index",
    "object-index",
    "user-index",
    "bibliography",
    "sequence-decls",
    "note",
    "annotation",
    "annotation-end",
}
MAX_SPACES = 1_000  # a text:s element asks for c spaces


def _office_zip(data: bytes, name: str, kind: str, limits: TextLimits) -> SafeZip:
    return SafeZip(
        data,
        name,
        kind=kind,
        ignore_case=True,
        limits=ZipLimits(member_bytes=limits.unpacked_bytes, total_bytes=limits.unpacked_bytes),
    )


def _xml_part(package: SafeZip, part: str, name: str, limits: TextLimits) -> ET.Element | None:
    info = package.info(part)
    if info is None:
        return None
    if info.file_size > limits.xml_bytes:
        raise InputError(f"the document's {part} is larger than {size_text(limits.xml_bytes)}", file=name)
    return parse_xml(package.read_info(info), f"{name}/{part}")


def _title(package: SafeZip, part: str, name: str, limits: TextLimits) -> str | None:
    root = _xml_part(package, part, name, limits)
    if root is None:
        return None
    for el in root.iter(f"{{{DC}}}title"):
        return "".join(el.itertext())
    return None


def _docx(data: bytes, name: str, limits: TextLimits) -> tuple[str, str | None]:
    with _office_zip(data, name, "DOCX document", limits) as package:
        main = "word/document.xml"
        rels = _xml_part(package, "_rels/.rels", name, limits)
        for rel in rels.iter() if rels is not None else ():
            if local(rel.tag) == "Relationship" and (rel.get("Type") or "").endswith("/officeDocument"):
                main = (rel.get("Target") or main).lstrip("/")
        root = _xml_part(package, main, name, limits)
        if root is None or local(root.tag) != "document":
            raise InputError("not a DOCX document (no word/document.xml)", file=name)
        body = next((c for c in root if local(c.tag) == "body"), None)
        lines = _docx_blocks(body) if body is not None else []
        return "\n".join(lines), _title(package, "docProps/core.xml", name, limits)


def _w(el: ET.Element) -> str:
    """The local name of a WordprocessingML element, ``""`` for other vocabularies."""
    return local(el.tag) if namespace(el.tag) in W else ""


def _docx_blocks(parent: ET.Element) -> list[str]:
    out: list[str] = []
    for el in parent:
        tag = _w(el)
        if tag == "p":
            parts: list[str] = []
            _docx_inline(el, parts)
            out.append("".join(parts))
        elif tag == "tbl":
            for row in (r for r in el if _w(r) == "tr"):
                out.append(" | ".join("\n".join(_docx_blocks(cell)) for cell in row if _w(cell) == "tc"))
        elif tag in _DOCX_BLOCKS:
            out.extend(_docx_blocks(el))
    return out


def _docx_inline(parent: ET.Element, out: list[str]) -> None:
    for el in parent:
        tag = _w(el)
        if tag == "r":
            for item in el:
                kind = _w(item)
                if kind == "t":
                    out.append(item.text or "")
                elif kind in ("tab", "ptab"):
                    out.append("\t")
                elif kind == "cr":
                    out.append("\n")
                elif kind == "br":
                    kind_of_break = item.get(f"{{{namespace(item.tag)}}}type", "textWrapping")
                    out.append("\n" if kind_of_break == "textWrapping" else "")
                elif kind == "noBreakHyphen":
                    out.append("-")
        elif tag in _DOCX_INLINE:
            _docx_inline(el, out)


def _odt(data: bytes, name: str, limits: TextLimits) -> tuple[str, str | None]:
    with _office_zip(data, name, "ODT document", limits) as package:
        mimetype = package.get("mimetype")
        if mimetype is not None and mimetype.strip() != ODT_MIME:
            raise InputError("not an ODT text document", file=name, value=mimetype.strip().decode("ascii", "replace"))
        root = _xml_part(package, "content.xml", name, limits)
        if root is None:
            raise InputError("not an ODT document (no content.xml)", file=name)
        lines: list[str] = []
        for body in root.iter(f"{{{OFFICE}}}text"):
            _odt_blocks(body, lines)
        return "\n".join(lines), _title(package, "meta.xml", name, limits)


def _odt_blocks(parent: ET.Element, out: list[str]) -> None:
    for el in parent:
        ns, tag = namespace(el.tag), local(el.tag)
        if ns == TEXT and tag in ("p", "h"):
            out.append(_odt_inline(el))
        elif ns == TABLE and tag == "table-row":
            out.append(
                " | ".join(
                    "\n".join(_odt_lines(cell))
                    for cell in el
                    if namespace(cell.tag) == TABLE and local(cell.tag) == "table-cell"
                )
            )
        elif tag not in _ODT_SKIP:
            _odt_blocks(el, out)


def _odt_lines(parent: ET.Element) -> list[str]:
    out: list[str] = []
    _odt_blocks(parent, out)
    return out


def _odt_inline(parent: ET.Element) -> str:
    parts = [parent.text or ""]
    for el in parent:
        ns, tag = namespace(el.tag), local(el.tag)
        if ns == TEXT and tag == "s":
            try:
                count = int(el.get(f"{{{TEXT}}}c") or 1)
            except ValueError:
                count = 1
            parts.append(" " * min(max(count, 1), MAX_SPACES))
        elif ns == TEXT and tag == "tab":
            parts.append("\t")
        elif ns == TEXT and tag == "line-break":
            parts.append("\n")
        elif tag not in _ODT_SKIP:
            parts.append(_odt_inline(el))
        parts.append(el.tail or "")
    return "".join(parts)


# --- PDF ------------------------------------------------------------------------------------------


def _pdf(data: bytes, name: str, limits: TextLimits) -> tuple[str, str | None]:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    cap = limits.pdf_stream_bytes
    try:
        with apply_configuration(
            maximum_declared_stream_length=cap,
            zlib_maximum_output_length=cap,
            lzw_maximum_output_length=cap,
            run_length_maximum_output_length=cap,
            brotli_maximum_output_length=cap,
            jbig2_maximum_output_length=cap,
            array_based_stream_maximum_output_length=cap,
            image_maximum_buffer_size=cap,
            stream_decoding_work_maximum_length=cap,
            jbig2dec_binary=None,
        ):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError("the PDF is protected by a password", file=name)
            if len(reader.pages) > limits.pdf_pages:
                raise InputError(f"the PDF has {len(reader.pages)} pages (at most {limits.pdf_pages})", file=name)
            parts, total = [], 0
            for page in reader.pages:
                text = page.extract_text() or ""
                total += len(text)
                if total > limits.chars:
                    raise InputError(f"more than {limits.chars} characters of text", file=name)
                parts.append(text)
            title = reader.metadata.title if reader.metadata else None
    except InputError:
        raise
    except LimitReachedError:
        raise InputError(f"the PDF holds a stream larger than {size_text(cap)} unpacked; refused", file=name) from None
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        raise InputError(
            f"not a readable PDF ({exc.__class__.__name__}{': ' + detail if detail else ''})", file=name
        ) from None
    return "\n\n".join(parts), str(title) if title else None


_EXTRACT: dict[str, Callable[[bytes, str, TextLimits], tuple[str, str | None]]] = {
    "txt": _txt,
    "html": _html,
    "docx": _docx,
    "odt": _odt,
    "pdf": _pdf,
}
