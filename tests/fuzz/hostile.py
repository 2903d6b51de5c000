"""Small hostile files, generated: workbooks, documents, archives, images, projects and bundles.

Every builder returns bytes (a few kilobytes at most, even for bombs: the size they claim or
unpack to is what is hostile)."""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
import zlib
from typing import Any

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
XXE = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8))
    + b"]>"
)


def random_bytes(n: int = 4096, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def utf16_without_bom(text: str) -> bytes:
    return text.encode("utf-16-le")


def csv_bytes(rows: list[list[Any]], sep: str = ",") -> bytes:
    return "".join(sep.join("" if c is None else str(c) for c in row) + "\n" for row in rows).encode()


def xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def replace_member(data: bytes, name: str, content: bytes, *, declared: int | None = None) -> bytes:
    """``data`` (a ZIP) with member ``name`` replaced by ``content``; ``declared`` overwrites the
    member's unpacked size in the central directory (a lie an archive may tell)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    packed = out.getvalue()
    return packed if declared is None else declare_size(packed, name, declared)


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """A ZIP whose central directory says ``name`` unpacks to ``size`` bytes."""
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02")
    key = name.encode()
    while at >= 0:
        name_length = struct.unpack("<H", raw[at + 28 : at + 30])[0]
        if raw[at + 46 : at + 46 + name_length] == key:
            raw[at + 24 : at + 28] = struct.pack("<I", size)
            return bytes(raw)
        at = raw.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in the archive")


def sheet_xml(*cells: str) -> bytes:
    """A worksheet whose first column holds ``cells`` (inline strings), one a row."""
    rows = b"".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{c}</t></is></c></row>'.encode()
        for n, c in enumerate(cells, start=1)
    )
    return SHEET_HEAD + rows + b"</sheetData></worksheet>"


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def bomb_member(size: int) -> bytes:
    """``size`` bytes of spaces, compressed (a few kilobytes per 10 MB)."""
    return b" " * size


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body: bytes = b"<w:p><w:r><w:t>Strategija</w:t></w:r></w:p>", head: bytes = b"") -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/content-types"/>',
            "word/document.xml": head + b"<w:document " + W + b"><w:body>" + body + b"</w:body></w:document>",
        }
    )


def docx_bomb(unpacked: int) -> bytes:
    """A DOCX whose document.xml inflates to ``unpacked`` bytes (of spaces inside a paragraph)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w") as fh:
            fh.write(b"<w:document " + W + b"><w:body><w:p><w:r><w:t>")
            chunk = b" " * 1024**2
            for _ in range(unpacked // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def pdf_with_stream(stream: bytes, *, length: int | None = None, filters: str = "") -> bytes:
    """A one-page PDF whose content stream is ``stream`` (``length`` may lie)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        f"<< /Length {len(stream) if length is None else length}{filters} >>\nstream\n".encode()
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_bomb(unpacked_mb: int = 300) -> bytes:
    packer = zlib.compressobj(9)
    chunk = b" " * 1024**2
    stream = packer.compress(b"BT /F1 11 Tf 50 780 Td (Hi) Tj ET ") + b"".join(
        packer.compress(chunk) for _ in range(unpacked_mb)
    )
    return pdf_with_stream(stream + packer.flush(), filters=" /Filter /FlateDecode")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int, height: int) -> bytes:
    """A PNG header claiming ``width`` x ``height`` pixels (its data stops after a row: a
    decompression bomb as a reader without limits would see it)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1)))
        + _chunk(b"IEND", b"")
    )


def small_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 20, 30)).save(out, "PNG")
    return out.getvalue()


# --- REFI-QDA -------------------------------------------------------------------------------------

NS = 'xmlns="urn:QDA-XML:project:1.0"'
GUID = "{:08X}-0000-4000-8000-000000000000".format


def qde(
    *, users: str = "", codes: str = "", cases: str = "", sources: str = "", head: str = "", name: str = "P"
) -> bytes:
    return (
        f'{head}<Project {NS} name="{name}"><Users>{users}</Users><CodeBook><Codes>{codes}</Codes></CodeBook>'
        f"<Cases>{cases}</Cases><Sources>{sources}</Sources></Project>"
    ).encode()


def qdpx(project: bytes, files: dict[str, bytes] | None = None) -> bytes:
    return zip_of({"project.qde": project, **{f"sources/{k}": v for k, v in (files or {}).items()}})


def with_value(kind: str, value: str) -> bytes:
    """A project with one case whose variable of type ``kind`` holds ``value``."""
    variable = f'<Variables><Variable guid="{GUID(3)}" name="v" typeOfVariable="{kind}"/></Variables>'
    case = (
        f'<Case guid="{GUID(1)}" name="E1"><VariableValue><VariableRef targetGUID="{GUID(3)}"/>'
        f"<{kind}Value>{value}</{kind}Value></VariableValue></Case>"
    )
    return qdpx(qde(cases=case).replace(b"<Cases>", variable.encode() + b"<Cases>"))


def nested_codes(depth: int) -> str:
    return "".join(f'<Code guid="{GUID(1000 + i)}" name="c{i}">' for i in range(depth)) + "</Code>" * depth


def codebook_qdc(codes: str) -> bytes:
    return f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>'.encode()


# --- bundles --------------------------------------------------------------------------------------


def case_json(
    town: dict[str, Any] | None = None, tables: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    return {
        "format": "townpaths-bundle",
        "version": 1,
        "town": town if town is not None else {"slug": "hostile", "name": "Hostile"},
        "tables": tables or {},
    }


def category(n: int = 1, **values: Any) -> dict[str, Any]:
    return {"id": n, "key": f"k{n}", "position": n, "name_en": f"cat {n}", **values}


def dumps(data: Any) -> bytes:
    return json.dumps(data, allow_nan=True).encode()


# --- PrefLib --------------------------------------------------------------------------------------


def preflib(
    body: list[str],
    *,
    alternatives: str = "3",
    data_type: str = "soi",
    voters: str | None = None,
    unique: str | None = None,
    names: dict[int, str] | None = None,
) -> bytes:
    counts = [line.split(":", 1)[0].strip() for line in body]
    voters = voters if voters is not None else str(sum(int(c) for c in counts if c.isdigit() and len(c) < 20))
    head = [
        f"# DATA TYPE: {data_type}",
        f"# NUMBER ALTERNATIVES: {alternatives}",
        f"# NUMBER VOTERS: {voters}",
        f"# NUMBER UNIQUE ORDERS: {unique if unique is not None else len(body)}",
    ]
    for k, name in (names or {1: "A", 2: "B", 3: "C"}).items():
        head.append(f"# ALTERNATIVE NAME {k}: {name}")
    return ("\n".join(head + body) + "\n").encode()


# --- server backups -------------------------------------------------------------------------------


def head_revision() -> str:
    """The newest schema revision of this townpaths (a backup names the one it was made at)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from townpaths.storage.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


TOWN_ROW = {"id": 1, "slug": "restored", "name": "Restored", "is_example": False, "extra": {}, "public_parts": []}


def backup(towns: str | bytes) -> bytes:
    """A backup holding one table, ``towns``, whose JSON Lines are ``towns``."""
    manifest = {"format": "townpaths-backup", "version": 1, "revision": head_revision(), "tables": {"towns": 1}}
    lines = towns.encode() if isinstance(towns, str) else towns
    return zip_of({"backup.json": json.dumps(manifest).encode(), "tables/towns.jsonl": lines})


def town_line(**values: Any) -> str:
    return json.dumps({**TOWN_ROW, **values}, allow_nan=True) + "\n"
