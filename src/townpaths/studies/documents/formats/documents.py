"""Official documents in: PDF, DOCX, HTML and TXT -> (title, plain text)."""

from __future__ import annotations

from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from townpaths.core.errors import InputError

MAX_DOCUMENT_BYTES = 200 * 1024**2
MEDIA_TYPES = {".pdf": "application/pdf", ".txt": "text/plain", ".html": "text/html", ".htm": "text/html",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "td", "th"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skip = max(self._skip - 1, 0)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    out, blank = [], False
    for line in lines:
        if line:
            out.append(line)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip()


def extract(content: bytes, filename: str) -> tuple[str | None, str]:
    """(title if the file names one, plain text). Raises :class:`InputError` on unreadable files."""
    suffix = Path(filename).suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise InputError("unsupported document type (use PDF, DOCX, HTML or TXT)", file=filename, value=suffix)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise InputError(f"document larger than {MAX_DOCUMENT_BYTES} bytes", file=filename)
    try:
        if suffix == ".pdf":
            from pypdf import PdfReader
            from pypdf.errors import PdfReadError

            try:
                reader = PdfReader(BytesIO(content))
                text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
                title = (reader.metadata or {}).get("/Title") if reader.metadata else None
            except (PdfReadError, ValueError, KeyError) as exc:
                raise InputError(f"not a readable PDF ({exc})", file=filename) from None
            return (str(title).strip() or None) if title else None, _tidy(text)
        if suffix == ".docx":
            import docx

            try:
                document = docx.Document(BytesIO(content))
            except Exception as exc:  # python-docx raises several types for broken packages
                raise InputError(f"not a readable DOCX ({exc.__class__.__name__})", file=filename) from None
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.append(" | ".join(cell.text for cell in row.cells))
            return (document.core_properties.title or None), _tidy("\n".join(parts))
        if suffix in (".html", ".htm"):
            parser = _Text()
            parser.feed(_decode(content))
            parser.close()
            return (" ".join(parser.title.split()) or None), _tidy("".join(parser.parts))
        text = _tidy(_decode(content))
        first = text.split("\n", 1)[0].strip()
        return (first if 0 < len(first) <= 150 and "\n" in text else None), text
    except InputError:
        raise


def read_document(path: Path) -> tuple[bytes, str | None, str, str]:
    """(content, title or None, text, media type) of a document file."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    content = path.read_bytes()
    title, text = extract(content, path.name)
    return content, title, text, MEDIA_TYPES[path.suffix.lower()]
