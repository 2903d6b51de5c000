"""Hostile inputs to every importer and command, on SQLite and on PostgreSQL.

Each case writes its files (generated, a few kilobytes), runs the real ``townpaths`` command and
asserts: the documented exit code, exactly one line on stderr naming the place and the reason,
nothing on stdout, no traceback and no internal error, and the database unchanged, compared row by
row with the snapshot taken before the first case."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fuzz import hostile as H
from tests.fuzz.bench import KINDS, Workbench, on
from townpaths.cli.main import app
from townpaths.storage import Database

Build = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Hostile:
    """A hostile input: ``build`` writes its files and gives the command's words; ``code`` and
    ``says`` are the exit code and a part of the one line expected. ``pg``: the refusal depends on
    what reaches the database (text, lengths, numbers, names), so it runs on PostgreSQL too; the
    other cases are refused while the file is read, the same way whatever the database."""

    name: str
    build: Build
    code: int
    says: str
    pg: bool = False


def put(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def command(*words: str, file: str | None = None, data: bytes | str = b"", extra: tuple[str, ...] = ()) -> Build:
    """``townpaths WORDS FILE EXTRA`` with ``data`` written to FILE in the case's folder."""

    def build(folder: Path) -> list[str]:
        args = list(words)
        if file is not None:
            args.append(str(put(folder, file, data)))
        return [*args, *extra]

    return build


def symlink(*words: str, name: str, target: str) -> Build:
    def build(folder: Path) -> list[str]:
        link = folder / name
        link.symlink_to(target)
        return [*words, str(link)]

    return build


# --- symbols ----------------------------------------------------------------------------------------

SYMBOLS_HEADER = ["id", "type", "name", "latitude", "longitude", "period", "date"]


def symbols_csv(*row: object) -> bytes:
    return H.csv_bytes([SYMBOLS_HEADER, list(row)])


def with_media(table: bytes, media: bytes) -> Build:
    def build(folder: Path) -> list[str]:
        return [
            "symbols",
            "import",
            str(put(folder, "s.csv", table)),
            "--media",
            str(put(folder, "media.zip", media)),
        ]

    return build


KOBO = H.csv_bytes([["_uuid", "type", "name", "photo"], ["u1", "1", "Rudnik", "p.png"]])

SYMBOLS = [
    Hostile("random-bytes", command("symbols", "import", file="s.csv", data=H.random_bytes()), 3, "s.csv"),
    Hostile(
        "utf16-without-bom",
        command("symbols", "import", file="s.csv", data=H.utf16_without_bom("type,name\n1,Rudnik\n")),
        3,
        "s.csv: looks like UTF-16 LE text without a byte-order mark (BOM)",
    ),
    Hostile(
        "ten-mb-cell",
        command("symbols", "import", file="s.csv", data=b"type,name\n1," + b"x" * 10 * 1024**2 + b"\n"),
        3,
        "s.csv, row 2: a cell is longer than 32767 characters",
    ),
    Hostile(
        "nan-latitude",
        command("symbols", "import", file="s.csv", data=symbols_csv(1, 1, "R", "nan", "15")),
        3,
        "row 2, column 'latitude'",
        pg=True,
    ),
    Hostile(
        "inf-longitude",
        command("symbols", "import", file="s.csv", data=symbols_csv(1, 1, "R", "46", "inf")),
        3,
        "row 2, column 'longitude'",
    ),
    Hostile(
        "1e999-latitude",
        command("symbols", "import", file="s.csv", data=symbols_csv(1, 1, "R", "1e999", "15")),
        3,
        "row 2, column 'latitude'",
        pg=True,
    ),
    Hostile(
        "1e300-latitude",
        command("symbols", "import", file="s.csv", data=symbols_csv(1, 1, "R", "1e300", "15")),
        3,
        "row 2, column 'latitude'",
    ),
    Hostile(
        "huge-type-number",
        command("symbols", "import", file="s.csv", data=symbols_csv(1, "9" * 5000, "R", "", "")),
        3,
        "row 2, column 'type'",
    ),
    Hostile(
        "nul-in-name",
        command("symbols", "import", file="s.csv", data=symbols_csv(1, 1, "Ru\x00dnik", "", "")),
        3,
        "s.csv",
        pg=True,
    ),
    Hostile(
        "long-period",
        command("symbols", "import", file="s.csv", data=symbols_csv(1, 1, "R", "", "", "p" * 300)),
        3,
        "row 2, column 'period'",
        pg=True,
    ),
    Hostile(
        "long-id",
        command("symbols", "import", file="s.csv", data=symbols_csv("i" * 300, 1, "R", "", "")),
        3,
        "row 2, column 'id'",
        pg=True,
    ),
    Hostile(
        "year-0-date",
        command("symbols", "import", file="s.csv", data=symbols_csv(1, 1, "R", "", "", "", "0000-01-01")),
        3,
        "row 2, column 'date'",
    ),
    Hostile(
        "xlsx-external-entity",
        command(
            "symbols",
            "import",
            file="s.xlsx",
            data=H.replace_member(H.xlsx([["type", "name"]]), H.SHEET, H.XXE + H.sheet_xml("&xxe;")),
        ),
        3,
        "s.xlsx: unsafe XML in the workbook refused",
    ),
    Hostile(
        "xlsx-billion-laughs",
        command(
            "symbols",
            "import",
            file="s.xlsx",
            data=H.replace_member(H.xlsx([["type", "name"]]), H.SHEET, H.LAUGHS + H.sheet_xml("&i;")),
        ),
        3,
        "s.xlsx: unsafe XML in the workbook refused",
    ),
    Hostile(
        "xlsx-zip-bomb",
        command(
            "symbols",
            "import",
            file="s.xlsx",
            data=H.replace_member(H.xlsx([["type", "name"]]), H.SHEET, H.bomb_member(30 * 1024**2)),
        ),
        3,
        "s.xlsx, value 'xl/worksheets/sheet1.xml': suspicious compression ratio",
    ),
    Hostile(
        "not-a-workbook",
        command("symbols", "import", file="s.xlsx", data=H.random_bytes()),
        3,
        "s.xlsx: not a workbook",
    ),
    Hostile(
        "symlink-to-dev-zero",
        symlink("symbols", "import", name="s.csv", target="/dev/zero"),
        3,
        "s.csv: not a regular file",
    ),
    Hostile(
        "a-folder",
        lambda folder: ["symbols", "import", str(put(folder, "s.csv/x", b"").parent)],
        3,
        "s.csv: a folder, not a file",
    ),
    Hostile(
        "media-png-bomb",
        with_media(KOBO, H.zip_of({"u1/p.png": H.png(100_000, 100_000)})),
        3,
        "media.zip, value 'p.png': an image of 10000000000 pixels (at most 89478485) refused",
    ),
    Hostile(
        "media-traversal",
        with_media(KOBO, H.zip_of({"../../p.png": H.small_png()})),
        3,
        "media.zip, value '../../p.png': unsafe path in the media ZIP",
    ),
    Hostile("media-random", with_media(KOBO, H.random_bytes()), 3, "media.zip: not a media ZIP"),
    Hostile(
        "form-not-xlsx",
        command("symbols", "import", file="s.csv", data=symbols_csv(1, 1, "R", "", ""), extra=("--form", "/dev/null")),
        3,
        "/dev/null: not a regular file",
    ),
    Hostile("scale-nul", command("symbols", "scale", "attitude", extra=("a=A\x00",)), 3, "NUL character", pg=True),
    Hostile(
        "scale-long-key", command("symbols", "scale", "attitude", extra=("k" * 50 + "=A",)), 3, "at most 40", pg=True
    ),
    Hostile("add-type-nul", command("symbols", "add-type", "townscape", "Ty\x00pe"), 3, "NUL character", pg=True),
    Hostile(
        "add-type-long-category",
        command("symbols", "add-type", "c" * 100, "T", extra=("--category-en", "C")),
        3,
        "category",
        pg=True,
    ),
]

# --- documents --------------------------------------------------------------------------------------

LEXICON_HEADER = "group,category,lang,term\n"

DOCUMENTS = [
    Hostile(
        "pdf-random",
        command("documents", "add", file="d.pdf", data=H.random_bytes(), extra=("--genre", "plan")),
        3,
        "d.pdf: not a readable PDF",
    ),
    Hostile(
        "pdf-300-mb-stream",
        command("documents", "add", file="d.pdf", data=H.pdf_bomb(300), extra=("--genre", "plan")),
        3,
        "d.pdf: the PDF holds a stream larger than 64 MB unpacked",
    ),
    Hostile(
        "pdf-declared-300-mb",
        command(
            "documents",
            "add",
            file="d.pdf",
            data=H.pdf_with_stream(b"BT ET", length=300 * 1024**2),
            extra=("--genre", "plan"),
        ),
        3,
        "d.pdf",
    ),
    Hostile(
        "docx-300-mb-declared",
        command(
            "documents",
            "add",
            file="d.docx",
            data=H.declare_size(H.docx(), "word/document.xml", 300 * 1024**2),
            extra=("--genre", "plan"),
        ),
        3,
        "d.docx",
    ),
    Hostile(
        "docx-inflates-70-mb",
        command("documents", "add", file="d.docx", data=H.docx_bomb(70 * 1024**2), extra=("--genre", "plan")),
        3,
        "d.docx",
    ),
    Hostile(
        "docx-xxe",
        command(
            "documents",
            "add",
            file="d.docx",
            data=H.docx(head=H.XXE.replace(b"<!DOCTYPE w", b"<!DOCTYPE d")),
            extra=("--genre", "plan"),
        ),
        3,
        "d.docx/word/document.xml: unsafe XML refused",
    ),
    Hostile(
        "txt-utf16-without-bom",
        command(
            "documents", "add", file="d.txt", data=H.utf16_without_bom("Strategija mesta\n"), extra=("--genre", "plan")
        ),
        3,
        "d.txt: looks like UTF-16 LE",
    ),
    Hostile(
        "genre-nul",
        command("documents", "add", file="d.txt", data="Strategija\nmesta\n", extra=("--genre", "pl\x00an")),
        3,
        "field 'genre'",
        pg=True,
    ),
    Hostile(
        "genre-long",
        command("documents", "add", file="d.txt", data="Strategija\nmesta\n", extra=("--genre", "g" * 300)),
        3,
        "field 'genre'",
        pg=True,
    ),
    Hostile(
        "title-nul",
        command(
            "documents", "add", file="d.txt", data="Strategija\nmesta\n", extra=("--genre", "plan", "--title", "T\x00")
        ),
        3,
        "field 'title'",
        pg=True,
    ),
    Hostile(
        "year-huge",
        command(
            "documents", "add", file="d.txt", data="Strategija\nmesta\n", extra=("--genre", "plan", "--year", "9" * 30)
        ),
        3,
        "field 'year'",
        pg=True,
    ),
    Hostile(
        "lexicon-random", command("documents", "lexicon", "--set", file="l.csv", data=H.random_bytes()), 3, "l.csv"
    ),
    Hostile(
        "lexicon-utf16-without-bom",
        command(
            "documents",
            "lexicon",
            "--set",
            file="l.csv",
            data=H.utf16_without_bom(LEXICON_HEADER + "heritage,industry,sl,rudnik\n"),
        ),
        3,
        "l.csv: looks like UTF-16 LE",
    ),
    Hostile(
        "lexicon-nul",
        command(
            "documents", "lexicon", "--set", file="l.csv", data=LEXICON_HEADER + "heritage,industry,sl,ru\x00dnik\n"
        ),
        3,
        "l.csv",
    ),
    Hostile(
        "lexicon-long-category",
        command(
            "documents", "lexicon", "--set", file="l.csv", data=LEXICON_HEADER + f"heritage,{'c' * 60},sl,rudnik\n"
        ),
        3,
        "l.csv, row 2, column 'category'",
        pg=True,
    ),
    Hostile(
        "lexicon-mojibake",
        command(
            "documents",
            "lexicon",
            "--set",
            file="l.csv",
            data=(LEXICON_HEADER + "heritage,industry,sl,premogovniÅ¡tvo\n").encode(),
        ),
        3,
        "l.csv, line 2: the text was decoded with the wrong encoding",
    ),
]

# --- qda --------------------------------------------------------------------------------------------

CASE = '<Case guid="{g}" name="{name}"/>'
QDA = [
    Hostile(
        "qdpx-random", command("qda", "import", file="p.qdpx", data=H.random_bytes()), 3, "p.qdpx: not a .qdpx package"
    ),
    Hostile(
        "qdpx-traversal",
        command("qda", "import", file="p.qdpx", data=H.zip_of({"../x": b"x", "project.qde": H.qde()})),
        3,
        "p.qdpx, value '../x': unsafe path",
    ),
    Hostile(
        "qdpx-xxe",
        command(
            "qda",
            "import",
            file="p.qdpx",
            data=H.qdpx(H.qde(head='<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>')),
        ),
        3,
        "p.qdpx/project.qde: unsafe XML refused",
    ),
    Hostile(
        "qdpx-billion-laughs",
        command(
            "qda",
            "import",
            file="p.qdpx",
            data=H.qdpx(H.LAUGHS.replace(b"DOCTYPE w", b"DOCTYPE Project") + H.qde(name="&i;")),
        ),
        3,
        "p.qdpx/project.qde: unsafe XML refused",
    ),
    Hostile(
        "qdpx-5000-deep-codebook",
        command("qda", "import", file="p.qdpx", data=H.qdpx(H.qde(codes=H.nested_codes(5000)))),
        3,
        "p.qdpx",
    ),
    Hostile(
        "qdpx-slug-script",
        command("qda", "import", file="p.qdpx", data=H.qdpx(H.qde()), extra=("--as", "../<script>")),
        3,
        "field 'slug'",
        pg=True,
    ),
    Hostile(
        "qdpx-slug-300",
        command("qda", "import", file="p.qdpx", data=H.qdpx(H.qde()), extra=("--as", "a" * 300)),
        3,
        "field 'slug'",
        pg=True,
    ),
    Hostile(
        "qdpx-case-name-300",
        command("qda", "import", file="p.qdpx", data=H.qdpx(H.qde(cases=CASE.format(g=H.GUID(1), name="n" * 300)))),
        3,
        "p.qdpx",
        pg=True,
    ),
    Hostile(
        "qdpx-coder-name-200",
        command(
            "qda", "import", file="p.qdpx", data=H.qdpx(H.qde(users=f'<User guid="{H.GUID(2)}" name="{"u" * 200}"/>'))
        ),
        3,
        "p.qdpx",
        pg=True,
    ),
    Hostile(
        "qdpx-integer-5000-digits",
        command("qda", "import", file="p.qdpx", data=H.with_value("Integer", "9" * 5000)),
        3,
        "p.qdpx",
        pg=True,
    ),
    Hostile(
        "qdpx-float-nan",
        command("qda", "import", file="p.qdpx", data=H.with_value("Float", "NaN")),
        3,
        "p.qdpx",
        pg=True,
    ),
    Hostile(
        "qdpx-source-utf16-without-bom",
        command(
            "qda",
            "import",
            file="p.qdpx",
            data=H.qdpx(
                H.qde(sources=f'<TextSource guid="{H.GUID(5)}" name="S" plainTextPath="internal://s.txt"/>'),
                {"s.txt": H.utf16_without_bom("Intervju z rudarjem\n")},
            ),
        ),
        3,
        "p.qdpx/sources/s.txt: looks like UTF-16 LE",
    ),
    Hostile(
        "qdc-5000-deep",
        command("qda", "codebook", "import", file="c.qdc", data=H.codebook_qdc(H.nested_codes(5000))),
        3,
        "c.qdc",
        pg=True,
    ),
    Hostile(
        "codebook-csv-5000-deep",
        command(
            "qda",
            "codebook",
            "import",
            file="c.csv",
            data="guid,parent_guid,name\n"
            + "".join(f"{H.GUID(i)},{H.GUID(i - 1) if i else ''},c{i}\n" for i in range(5000)),
        ),
        3,
        "c.csv",
    ),
    Hostile(
        "codebook-csv-colour-css",
        command(
            "qda",
            "codebook",
            "import",
            file="c.csv",
            data='name,colour\nA,"red;background:url(https://evil.example/x)"\n',
        ),
        3,
        "c.csv, row 2, column 'colour'",
        pg=True,
    ),
    Hostile("codebook-csv-nul", command("qda", "codebook", "import", file="c.csv", data="name\nA\x00\n"), 3, "c.csv"),
    Hostile(
        "codebook-csv-random", command("qda", "codebook", "import", file="c.csv", data=H.random_bytes()), 3, "c.csv"
    ),
    Hostile(
        "codebook-csv-utf16-without-bom",
        command("qda", "codebook", "import", file="c.csv", data=H.utf16_without_bom("name\nDediščina\n")),
        3,
        "c.csv: looks like UTF-16 LE",
    ),
    Hostile(
        "codebook-name-long",
        command("qda", "codebook", "import", file="c.csv", data="name\nA\n", extra=("--name", "n\x00")),
        3,
        "field 'name'",
        pg=True,
    ),
    Hostile(
        "interview-random",
        command("interviews", "add", file="i.txt", data=H.random_bytes(), extra=("--sector", "economy")),
        3,
        "i.txt",
    ),
    Hostile(
        "interview-utf16-without-bom",
        command(
            "interviews", "add", file="i.txt", data=H.utf16_without_bom("V: Kako?\n"), extra=("--sector", "economy")
        ),
        3,
        "i.txt: looks like UTF-16 LE",
    ),
    Hostile(
        "interview-docx-bomb",
        command("interviews", "add", file="i.docx", data=H.docx_bomb(70 * 1024**2), extra=("--sector", "economy")),
        3,
        "i.docx",
    ),
    Hostile(
        "interviewee-300",
        command(
            "interviews",
            "add",
            file="i.txt",
            data="V: Kako?\n",
            extra=("--sector", "economy", "--interviewee", "E" * 300),
        ),
        3,
        "field 'interviewee'",
        pg=True,
    ),
    Hostile(
        "interviewee-nul",
        command(
            "interviews",
            "add",
            file="i.txt",
            data="V: Kako?\n",
            extra=("--sector", "economy", "--interviewee", "E\x001"),
        ),
        3,
        "field 'interviewee'",
        pg=True,
    ),
    Hostile(
        "interview-language-long",
        command(
            "interviews",
            "add",
            file="i.txt",
            data="V: Kako?\n",
            extra=("--sector", "economy", "--language", "slovenščina"),
        ),
        3,
        "field 'language'",
        pg=True,
    ),
    Hostile(
        "interview-attribute-nul",
        command(
            "interviews",
            "add",
            file="i.txt",
            data="V: Kako?\n",
            extra=("--sector", "economy", "--attribute", "age=6\x000"),
        ),
        3,
        "field 'attribute'",
        pg=True,
    ),
    Hostile(
        "segments-coder-nul",
        command("qda", "segments", extra=("--code", "x", "--coder", "a\x00")),
        3,
        "field 'coder'",
        pg=True,
    ),
    Hostile("search-nul", command("qda", "search", "ru\x00dnik"), 3, "field 'query'", pg=True),
    Hostile(
        "search-limit-huge",
        command("qda", "search", "rudnik", extra=("--limit", str(2**70))),
        3,
        "field 'limit'",
        pg=True,
    ),
    Hostile("table2-coder-nul", command("qda", "table2", extra=("--coder", "a\x00")), 3, "field 'coder'", pg=True),
    Hostile(
        "cooccurrence-coder-nul",
        command("qda", "cooccurrence", extra=("--coder", "a\x00")),
        3,
        "field 'coder'",
        pg=True,
    ),
    Hostile(
        "agreement-coder-nul",
        command("qda", "agreement", extra=("--coder-a", "a\x00", "--coder-b", "b")),
        3,
        "field 'coder'",
        pg=True,
    ),
    Hostile(
        "matrix-coder-nul",
        lambda f: ["qda", "matrix", "--output", str(f / "m.csv"), "--coder", "a\x00"],
        3,
        "field 'coder'",
        pg=True,
    ),
    Hostile(
        "segments-context-huge",
        command("qda", "segments", extra=("--code", "x", "--context", str(2**70))),
        3,
        "field 'context'",
        pg=True,
    ),
]

# --- innovations ------------------------------------------------------------------------------------

INNOVATION_HEADER = "no,type_en,name_en,year,end_year,outcomes\n"

INNOVATIONS = [
    Hostile(
        "year-nan",
        command("innovations", "import", file="i.csv", data=INNOVATION_HEADER + "30,cultural,X,nan,,\n"),
        3,
        "i.csv, row 2, column 'year'",
        pg=True,
    ),
    Hostile(
        "year-inf",
        command("innovations", "import", file="i.csv", data=INNOVATION_HEADER + "30,cultural,X,inf,,\n"),
        3,
        "i.csv, row 2, column 'year'",
    ),
    Hostile(
        "year-1e300",
        command("innovations", "import", file="i.csv", data=INNOVATION_HEADER + "30,cultural,X,1e300,,\n"),
        3,
        "i.csv, row 2, column 'year'",
    ),
    Hostile(
        "year-30-digits",
        command("innovations", "import", file="i.csv", data=INNOVATION_HEADER + f"30,cultural,X,{'9' * 30},,\n"),
        3,
        "i.csv, row 2, column 'year'",
    ),
    Hostile(
        "no-beyond-64-bits",
        command("innovations", "import", file="i.csv", data=INNOVATION_HEADER + f"{2**64},cultural,X,1990,,\n"),
        3,
        "i.csv, row 2, column 'no'",
        pg=True,
    ),
    Hostile(
        "no-nan",
        command("innovations", "import", file="i.csv", data=INNOVATION_HEADER + "nan,cultural,X,1990,,\n"),
        3,
        "i.csv, row 2, column 'no'",
    ),
    Hostile(
        "outcome-value-nan",
        command(
            "innovations", "import", file="i.csv", data=INNOVATION_HEADER + "30,cultural,X,1990,,jobs | nan | jobs\n"
        ),
        3,
        "i.csv, row 2, column 'outcomes'",
        pg=True,
    ),
    Hostile(
        "outcome-value-1e999",
        command(
            "innovations", "import", file="i.csv", data=INNOVATION_HEADER + "30,cultural,X,1990,,jobs | 1e999 | jobs\n"
        ),
        3,
        "i.csv, row 2, column 'outcomes'",
    ),
    Hostile(
        "name-nul",
        command("innovations", "import", file="i.csv", data=INNOVATION_HEADER + "30,cultural,X\x00,1990,,\n"),
        3,
        "i.csv",
        pg=True,
    ),
    Hostile(
        "json-100000-deep",
        command("innovations", "import", file="i.json", data="[" * 100_000),
        3,
        "i.json, line 1: JSON nested more than",
    ),
    Hostile(
        "json-nan",
        command("innovations", "import", file="i.json", data='[{"type_en": "cultural", "name_en": "X", "year": NaN}]'),
        3,
        "i.json",
    ),
    Hostile(
        "json-1e999",
        command(
            "innovations", "import", file="i.json", data='[{"type_en": "cultural", "name_en": "X", "year": 1e999}]'
        ),
        3,
        "i.json",
    ),
    Hostile(
        "json-big-int",
        command(
            "innovations",
            "import",
            file="i.json",
            data='[{"type_en": "cultural", "name_en": "X", "no": ' + "9" * 5000 + "}]",
        ),
        3,
        "i.json",
        pg=True,
    ),
    Hostile(
        "json-nul",
        command("innovations", "import", file="i.json", data='[{"type_en": "cultural", "name_en": "X\\u0000"}]'),
        3,
        "i.json",
        pg=True,
    ),
    Hostile(
        "json-surrogate",
        command("innovations", "import", file="i.json", data='[{"type_en": "cultural", "name_en": "X\\ud800"}]'),
        3,
        "i.json",
        pg=True,
    ),
    Hostile("json-random", command("innovations", "import", file="i.json", data=H.random_bytes()), 3, "i.json"),
    Hostile(
        "periods-nan",
        command("innovations", "periods", file="p.csv", data="no,name_en,start_year,end_year\n1,A,nan,\n"),
        3,
        "p.csv, row 2, column 'start_year'",
    ),
    Hostile(
        "periods-huge",
        command("innovations", "periods", file="p.csv", data=f"no,name_en,start_year,end_year\n{'9' * 30},A,1990,\n"),
        3,
        "p.csv, row 2, column 'no'",
        pg=True,
    ),
    Hostile(
        "periods-name-nul",
        command("innovations", "periods", file="p.csv", data="no,name_en,start_year,end_year\n1,A\x00,1990,\n"),
        3,
        "p.csv",
    ),
]

# --- sustainability and economy ---------------------------------------------------------------------

SUSTAINABILITY_HEADER = "dimension_key,dimension_en,indicator,name_en,scale_min,scale_max,year,score,rater_group\n"
EMPLOYMENT_HEADER = "year,area,firm,nace,employees\n"

SCORES = [
    Hostile(
        "infinite-scale",
        command(
            "sustainability", "import", file="s.csv", data=SUSTAINABILITY_HEADER + "d,D,i,I,-inf,inf,2020,1e308,\n"
        ),
        3,
        "s.csv, row 2, column 'scale_min'",
        pg=True,
    ),
    Hostile(
        "score-nan",
        command("sustainability", "import", file="s.csv", data=SUSTAINABILITY_HEADER + "d,D,i,I,1,5,2020,nan,\n"),
        3,
        "s.csv, row 2, column 'score'",
        pg=True,
    ),
    Hostile(
        "year-nan",
        command("sustainability", "import", file="s.csv", data=SUSTAINABILITY_HEADER + "d,D,i,I,1,5,nan,3,\n"),
        3,
        "s.csv, row 2, column 'year'",
        pg=True,
    ),
    Hostile(
        "year-huge",
        command("sustainability", "import", file="s.csv", data=SUSTAINABILITY_HEADER + f"d,D,i,I,1,5,{'9' * 30},3,\n"),
        3,
        "s.csv, row 2, column 'year'",
        pg=True,
    ),
    Hostile(
        "rater-group-nul",
        command("sustainability", "import", file="s.csv", data=SUSTAINABILITY_HEADER + "d,D,i,I,1,5,2020,3,a\x00\n"),
        3,
        "s.csv",
        pg=True,
    ),
    Hostile(
        "name-long-key",
        command(
            "sustainability", "import", file="s.csv", data=SUSTAINABILITY_HEADER + f"d,D,{'i' * 100},I,1,5,2020,3,\n"
        ),
        3,
        "s.csv, row 2, column 'key'",
        pg=True,
    ),
    Hostile(
        "employees-1e999",
        command("economy", "import", file="e.csv", data=EMPLOYMENT_HEADER + "2020,town,Gorenje,,1e999\n"),
        3,
        "e.csv, row 2, column 'employees'",
        pg=True,
    ),
    Hostile(
        "employees-nan",
        command("economy", "import", file="e.csv", data=EMPLOYMENT_HEADER + "2020,town,Gorenje,,nan\n"),
        3,
        "e.csv, row 2, column 'employees'",
    ),
    Hostile(
        "employees-5000-digits",
        command("economy", "import", file="e.csv", data=EMPLOYMENT_HEADER + f"2020,town,Gorenje,,{'9' * 5000}\n"),
        3,
        "e.csv, row 2, column 'employees'",
        pg=True,
    ),
    Hostile(
        "employment-year-nan",
        command("economy", "import", file="e.csv", data=EMPLOYMENT_HEADER + "nan,town,Gorenje,,5\n"),
        3,
        "e.csv, row 2, column 'year'",
    ),
    Hostile(
        "employment-firm-nul",
        command("economy", "import", file="e.csv", data=EMPLOYMENT_HEADER + "2020,town,Gor\x00enje,,5\n"),
        3,
        "e.csv",
    ),
    Hostile("employment-random", command("economy", "import", file="e.csv", data=H.random_bytes()), 3, "e.csv"),
    Hostile(
        "workshop-title-nul", command("workshop", "create", extra=("--title", "W\x00")), 3, "field 'title'", pg=True
    ),
    Hostile(
        "workshop-title-long", command("workshop", "create", extra=("--title", "W" * 1000)), 3, "field 'title'", pg=True
    ),
    Hostile(
        "workshop-id-huge",
        command("workshop", "export", str(2**70), extra=("--output", "/tmp")),
        5,
        f"no workshop {2**70}",
        pg=True,
    ),
    Hostile(
        "workshop-id-zero",
        command("workshop", "export", "0", extra=("--output", "/tmp")),
        5,
        "no workshop 0",
        pg=True,
    ),
]

# --- people, consent, the audit log ------------------------------------------------------------------

PEOPLE = [
    Hostile(
        "user-name-nul", command("users", "add", "a@example.org", extra=("--name", "A\x00")), 3, "field 'name'", pg=True
    ),
    Hostile(
        "user-name-long",
        command("users", "add", "a@example.org", extra=("--name", "n" * 300)),
        3,
        "field 'name'",
        pg=True,
    ),
    Hostile(
        "user-email-long",
        command("users", "add", "a" * 300 + "@example.org", extra=("--name", "A")),
        3,
        "field 'email'",
        pg=True,
    ),
    Hostile(
        "user-email-nul",
        command("users", "add", "a\x00@example.org", extra=("--name", "A")),
        3,
        "field 'email'",
        pg=True,
    ),
    Hostile(
        "consent-scope-nul",
        command("interviews", "consent", "E01", extra=("--scope", "all\x00")),
        3,
        "field 'scope'",
        pg=True,
    ),
    Hostile(
        "consent-bad-date", command("interviews", "consent", "E01", extra=("--on", "2020-13-45")), 3, "field '--on'"
    ),
    Hostile(
        "consent-pseudonym-nul",
        command("interviews", "consent", "E\x0099", extra=("--scope", "all")),
        3,
        "field 'pseudonym'",
        pg=True,
    ),
    Hostile("audit-person-nul", command("audit", extra=("--person", "a\x00")), 3, "field 'person'", pg=True),
    Hostile("audit-table-nul", command("audit", extra=("--table", "a\x00")), 3, "field 'table'", pg=True),
    Hostile(
        "towns-public-unknown",
        command("towns", "public", "velenje", extra=("--parts", "everything")),
        3,
        "everything",
        pg=True,
    ),
]

# --- ballots ------------------------------------------------------------------------------------------

BALLOTS = [
    Hostile(
        "preflib-count-5000-digits",
        command("rank", file="b.soi", data=H.preflib(["9" * 5000 + ": 1,2"])),
        3,
        "b.soi, line 8, column 'count', value '99999",
    ),
    Hostile(
        "preflib-alternatives-1e9",
        command("rank", file="b.soi", data=H.preflib(["1: 1,2"], alternatives="1e9")),
        3,
        "b.soi, line 2, column 'NUMBER ALTERNATIVES', value '1e9': must be a whole number from 1 to 1000",
    ),
    Hostile(
        "preflib-alternatives-billion",
        command("rank", file="b.soi", data=H.preflib(["1: 1,2"], alternatives="1000000000")),
        3,
        "b.soi, line 2, column 'NUMBER ALTERNATIVES', value '1000000000'",
    ),
    Hostile(
        "preflib-voters-disagree",
        command("rank", file="b.soi", data=H.preflib(["2: 1,2", "1: 2"], voters="5")),
        3,
        "b.soi, field 'NUMBER VOTERS'",
    ),
    Hostile(
        "preflib-unique-disagree",
        command("rank", file="b.soi", data=H.preflib(["2: 1,2", "1: 2"], unique="7")),
        3,
        "b.soi, field 'NUMBER UNIQUE ORDERS'",
    ),
    Hostile(
        "preflib-type-disagrees-with-suffix",
        command("rank", file="b.soi", data=H.preflib(["2: 1,2,3"], data_type="toc")),
        3,
        "b.soi, line 1, column 'DATA TYPE', value 'toc': the header says toc but the file is .soi",
    ),
    Hostile(
        "preflib-ties-in-soi",
        command("rank", file="b.soi", data=H.preflib(["2: {1,2},3"])),
        3,
        "b.soi, line 8: ties are not allowed in soi data",
    ),
    Hostile(
        "preflib-name-7-of-2",
        command("rank", file="b.soi", data=H.preflib(["1: 1,2"], alternatives="2", names={1: "A", 2: "B", 7: "G"})),
        3,
        "b.soi, field 'ALTERNATIVE NAME 7', value 'G': alternative 7 of 2: out of range",
    ),
    Hostile(
        "preflib-alternative-out-of-range",
        command("rank", file="b.soi", data=H.preflib(["1: 1,4"])),
        3,
        "b.soi, line 8, value 4: unknown item",
    ),
    Hostile(
        "preflib-20000-in-a-ballot",
        command(
            "rank",
            file="b.toi",
            data=H.preflib(["1: " + ",".join(str(k % 3 + 1) for k in range(20_000))], data_type="toi"),
        ),
        3,
        "b.toi, line 8: a ballot ranks at most the 3 alternatives",
    ),
    Hostile(
        "preflib-no-header",
        command("rank", file="b.soi", data="1: 1,2\n"),
        3,
        "b.soi, line 1: missing '# NUMBER ALTERNATIVES' header",
    ),
    Hostile("preflib-random", command("rank", file="b.soi", data=H.random_bytes()), 3, "b.soi"),
    Hostile(
        "csv-weight-1e999999999",
        command("rank", file="b.csv", data="ranking,weight\nA > B,1e999999999\n"),
        3,
        "b.csv, line 2, column 'weight'",
    ),
    Hostile(
        "csv-weight-nan",
        command("rank", file="b.csv", data="ranking,weight\nA > B,nan\n"),
        3,
        "b.csv, line 2, column 'weight'",
    ),
    Hostile(
        "csv-200-kb-cell",
        command("rank", file="b.csv", data="ranking\n" + "A" * 200_000 + "\n"),
        3,
        "b.csv, line 2: a cell is longer than 32767 characters",
    ),
    Hostile(
        "csv-2000-items",
        command("rank", file="b.csv", data="ranking\n" + " = ".join(f"i{k}" for k in range(2000)) + "\n"),
        3,
        "b.csv, line 2, column 'ranking', value 'i0 = i1",
    ),
    Hostile(
        "csv-duplicate-in-ballot",
        command("rank", file="b.csv", data="ranking\nA > B = A\n"),
        3,
        "b.csv, line 2, column 'ranking'",
    ),
]

# --- whole cases --------------------------------------------------------------------------------------


def bundle(
    data: bytes, files: dict[str, bytes] | None = None, *, as_zip: bool = False, extra: tuple[str, ...] = ()
) -> Build:
    def build(folder: Path) -> list[str]:
        if as_zip:
            path = put(
                folder, "b.zip", H.zip_of({"case.json": data, **{f"files/{k}": v for k, v in (files or {}).items()}})
            )
        else:
            path = folder / "b"
            put(path, "case.json", data)
            for name, content in (files or {}).items():
                put(path / "files", name, content)
        return ["import", str(path), *extra]

    return build


def bundle_with_link(target: str) -> Build:
    def build(folder: Path) -> list[str]:
        path = folder / "b"
        photo = {"id": 1, "symbol_id": 1, "filename": "x", "sha256": "x", "content": {"$file": "files/leak"}}
        symbol = {"id": 1, "type_id": 1, "name": "S"}
        kind = {"id": 1, "category_id": 1, "no": 1, "name_en": "T"}
        put(
            path,
            "case.json",
            H.dumps(
                H.case_json(
                    tables={
                        "symbol_categories": [H.category()],
                        "symbol_types": [kind],
                        "symbols": [symbol],
                        "symbol_photos": [photo],
                    }
                )
            ),
        )
        (path / "files").mkdir()
        (path / "files" / "leak").symlink_to(target)
        return ["import", str(path)]

    return build


def declared_case_json(size: int) -> Build:
    def build(folder: Path) -> list[str]:
        data = H.declare_size(H.zip_of({"case.json": H.dumps(H.case_json())}), "case.json", size)
        return ["import", str(put(folder, "b.zip", data))]

    return build


CASES = [
    Hostile(
        "symlink-etc-passwd",
        bundle_with_link("/etc/passwd"),
        3,
        "value 'files/leak': symbolic link in bundle refused",
        pg=True,
    ),
    Hostile(
        "symlink-dev-zero", bundle_with_link("/dev/zero"), 3, "value 'files/leak': symbolic link in bundle refused"
    ),
    Hostile("bundle-is-dev-zero", symlink("import", name="b.zip", target="/dev/zero"), 3, "not a bundle"),
    Hostile("zip-random", command("import", file="b.zip", data=H.random_bytes()), 3, "b.zip: not a bundle"),
    Hostile(
        "case-json-1.5-gb-declared",
        declared_case_json(1536 * 1024**2),
        3,
        "value 'case.json': file too large in the bundle",
    ),
    Hostile(
        "case-json-300-mb-declared",
        declared_case_json(300 * 1024**2),
        3,
        "b.zip, value 'case.json': suspicious compression ratio in the bundle",
    ),
    Hostile("json-100000-deep", bundle(b"[" * 100_000), 3, "case.json, line 1: JSON nested more than 64 levels deep"),
    Hostile(
        "json-nan-latitude",
        bundle(
            H.dumps(
                H.case_json(
                    tables={
                        "symbol_categories": [H.category()],
                        "symbol_types": [{"id": 1, "category_id": 1, "no": 1, "name_en": "T"}],
                        "symbols": [{"id": 1, "type_id": 1, "name": "S", "latitude": float("nan")}],
                    }
                )
            )
        ),
        3,
        "value 'NaN'",
        pg=True,
    ),
    Hostile(
        "duplicate-row-ids",
        bundle(H.dumps(H.case_json(tables={"symbol_categories": [H.category(1), {**H.category(2), "id": 1}]}))),
        3,
        "tables.symbol_categories[1], field 'id', value 1: the same id twice",
        pg=True,
    ),
    Hostile(
        "id-beyond-64-bits",
        bundle(H.dumps(H.case_json(tables={"symbol_categories": [H.category(2**64)]}))),
        3,
        "field 'id'",
        pg=True,
    ),
    Hostile(
        "integer-beyond-64-bits",
        bundle(H.dumps(H.case_json(tables={"symbol_categories": [H.category(1, position=2**70)]}))),
        3,
        "field 'position'",
        pg=True,
    ),
    Hostile(
        "nul-in-text",
        bundle(H.dumps(H.case_json(tables={"symbol_categories": [H.category(1, name_en="a\x00b")]}))),
        3,
        "field 'name_en'",
        pg=True,
    ),
    Hostile(
        "long-key",
        bundle(H.dumps(H.case_json(tables={"symbol_categories": [H.category(1, key="k" * 300)]}))),
        3,
        "field 'key'",
        pg=True,
    ),
    Hostile(
        "slug-script",
        bundle(H.dumps(H.case_json()), extra=("--as", "../<script>")),
        3,
        "field 'slug', value '../<script>'",
        pg=True,
    ),
    Hostile("slug-300", bundle(H.dumps(H.case_json()), extra=("--as", "a" * 300)), 3, "field 'slug'", pg=True),
    Hostile(
        "slug-in-case-json",
        bundle(H.dumps(H.case_json(town={"slug": "../<x>", "name": "X"}))),
        3,
        "field 'town.slug'",
        pg=True,
    ),
    Hostile(
        "colour-css",
        bundle(
            H.dumps(
                H.case_json(
                    tables={
                        "codebooks": [{"id": 1, "name": "c"}],
                        "codes": [{"id": 1, "codebook_id": 1, "name": "c", "colour": "red;x:url(y)"}],
                    }
                )
            )
        ),
        3,
        "field 'colour'",
        pg=True,
    ),
    Hostile(
        "table-not-a-list",
        bundle(H.dumps(H.case_json(tables={"symbol_categories": {"id": 1}}))),
        3,
        "tables.symbol_categories: a table must be a list",
    ),
    Hostile("not-json", bundle(b"{nope"), 3, "case.json, line 1: not valid JSON"),
]

# --- server backups ---------------------------------------------------------------------------------


def restore(data: bytes) -> Build:
    """``townpaths restore b.zip --replace``: everything is deleted first, in the same transaction."""
    return command("restore", file="b.zip", data=data, extra=("--replace",))


RESTORES = [
    Hostile("restore-random", restore(H.random_bytes()), 3, "b.zip: not a backup (not a ZIP file)"),
    Hostile("restore-no-manifest", restore(H.zip_of({"x": b"x"})), 3, "b.zip: not a townpaths backup (no backup.json)"),
    Hostile(
        "restore-nul",
        restore(H.backup(H.town_line(name="Re\x00stored"))),
        3,
        "towns.jsonl, line 1, column 'name'",
        pg=True,
    ),
    Hostile(
        "restore-long-slug",
        restore(H.backup(H.town_line(slug="s" * 300))),
        3,
        "towns.jsonl, line 1, column 'slug'",
        pg=True,
    ),
    Hostile(
        "restore-id-beyond-64-bits",
        restore(H.backup(H.town_line(id=2**70))),
        3,
        "towns.jsonl, line 1, column 'id'",
        pg=True,
    ),
    Hostile(
        "restore-text-as-number",
        restore(H.backup(H.town_line(name=5))),
        3,
        "towns.jsonl, line 1, column 'name', value 5: expected text",
        pg=True,
    ),
    Hostile(
        "restore-nan", restore(H.backup(H.town_line(extra={"x": float("nan")}))), 3, "towns.jsonl, line 1", pg=True
    ),
    Hostile(
        "restore-deep",
        restore(H.backup(H.town_line()[:-2] + ', "x": ' + "[" * 100 + "]" * 100 + "}\n")),
        3,
        "JSON nested more than 64 levels deep",
    ),
    Hostile("restore-utf16", restore(H.backup(H.utf16_without_bom(H.town_line()))), 3, "looks like UTF-16 LE"),
    Hostile(
        "restore-broken-line", restore(H.backup(H.town_line() + "{nope\n")), 3, "towns.jsonl, line 2: not valid JSON"
    ),
]

# --- the tables people write (townpaths table import) ----------------------------------------------


def table_file(table: str, rows: list[list[object]], *, name: str = "t.csv", data: bytes | None = None) -> Build:
    content = data if data is not None else (H.xlsx(rows) if name.endswith(".xlsx") else H.csv_bytes(rows))
    return command("table", "import", table, file=name, data=content, extra=("--town", "velenje", "--replace"))


TABLES = [
    Hostile("random-bytes", table_file("symbols", [], data=H.random_bytes()), 3, "t.csv: binary data, not text"),
    Hostile(
        "utf16-without-bom",
        table_file("symbols", [], data=H.utf16_without_bom("external_id,name_en\nx,y\n")),
        3,
        "without a byte-order mark",
    ),
    Hostile("empty", table_file("dualities", [], data=b""), 3, "t.csv: the file is empty"),
    Hostile("unknown-table", table_file("passwords", [["x"], ["y"]]), 5, "unknown table 'passwords'"),
    Hostile(
        "unknown-column",
        table_file("dualities", [["no", "one_hand_en", "secret"], ["1", "x", "y"]]),
        3,
        "row 1, column 'secret': unknown column",
    ),
    Hostile(
        "key-too-long",
        table_file("symbol_categories", [["key", "name_en"], ["k" * 81, "x"]]),
        3,
        "row 2, column 'key', value 'kkkkk",
        pg=True,
    ),
    Hostile(
        "number-beyond-64-bits",
        table_file("symbol_types", [["no", "category", "name_en"], ["9" * 30, "townscape", "x"]]),
        3,
        "row 2, column 'no', value '999999999999999999999999999999': must be a whole number from",
        pg=True,
    ),
    Hostile(
        "nan",
        table_file("facts", [["key", "subject", "text_en", "value"], ["f", "s", "t", "nan"]]),
        3,
        "row 2, column 'value', value 'nan': not a finite number",
        pg=True,
    ),
    Hostile(
        "impossible-date",
        table_file("symbols", [["external_id", "type", "name_en", "surveyed_on"], ["x", "1", "y", "2024-02-30"]]),
        3,
        "row 2, column 'surveyed_on', value '2024-02-30': a date is written YYYY-MM-DD",
    ),
    Hostile(
        "deep-json",
        table_file("innovations", [["no", "type_en", "name_en", "criteria"], ["99", "t", "n", "[" * 100 + "]" * 100]]),
        3,
        "row 2, column 'criteria'",
    ),
    Hostile(
        "xlsx-random",
        table_file("dualities", [], name="t.xlsx", data=H.random_bytes()),
        3,
        "t.xlsx",
    ),
    Hostile(
        "replace-with-nothing-but-a-header",  # every narrative period would go: narratives refer to them
        table_file("periods", [["scheme", "no"]]),
        3,
        "narratives: 18 refer to them (delete or change these first)",
        pg=True,
    ),
]

# --- the database -----------------------------------------------------------------------------------


def db_is(make: Callable[[Path], str], *words: str) -> Build:
    def build(folder: Path) -> list[str]:
        return [*words, "--db", make(folder)]

    return build


DATABASES = [
    Hostile(
        "db-random-bytes",
        db_is(lambda f: str(put(f, "x.sqlite3", H.random_bytes())), "towns"),
        4,
        "x.sqlite3: file is not a database",
    ),
    Hostile("db-folder", db_is(str, "towns"), 4, "it is a folder, not a database file"),
    Hostile("db-dev-zero", db_is(lambda f: "/dev/zero", "towns"), 4, "/dev/zero: not a regular file"),
    Hostile(
        "db-mysql",
        db_is(lambda f: "mysql://u@localhost/x", "towns"),
        4,
        "not a database URL townpaths can use (SQLite or PostgreSQL): 'mysql://***@localhost/x'",
    ),
    Hostile("db-unknown-scheme", db_is(lambda f: "nosuch://x", "towns"), 4, "nosuch"),
    Hostile("db-missing-folder", db_is(lambda f: str(f / "nope" / "x.sqlite3"), "towns"), 4, "does not exist"),
]

#: A town of one's own: creating one, its settings, coding from the command line, adopting narratives.
TOWNS = [
    Hostile("create-nul", command("towns", "create", "Brd\x00o"), 3, "NUL character", pg=True),
    Hostile("create-bad-slug", command("towns", "create", "Brdo", extra=("--slug", "Brdo Town")), 3, "a slug is"),
    Hostile("create-taken", command("towns", "create", "Velenje"), 2, "a town 'velenje' exists already", pg=True),
    Hostile(
        "create-backwards",
        command("towns", "create", "Brdo", extra=("--study-start", "2030", "--study-end", "2020")),
        3,
        "field 'study_end_year', value 2020: the study ends before it starts",
    ),
    Hostile("create-language", command("towns", "create", "Brdo", extra=("--languages", "de")), 3, "unknown language"),
    Hostile(
        "create-long-title",
        command("towns", "create", "Brdo", extra=("--title-en", "x" * 501)),
        3,
        "a name is at most 500 characters",
    ),
    Hostile(
        "edit-year",
        command("towns", "edit", "velenje", extra=("--study-start", "soon")),
        3,
        "value 'soon': not a number",
    ),
    Hostile("edit-unknown", command("towns", "edit", "brdo", extra=("--country", "SI")), 5, "unknown town 'brdo'"),
    Hostile(
        "adopt-period",
        command("narratives", "adopt", "--town", "velenje", "--period", "9", "--status", "dominant"),
        5,
        "no narrative period 9 in velenje",
        pg=True,
    ),
    Hostile(
        "adopt-status",
        command("narratives", "adopt", "--town", "velenje", "--period", "1", "--status", "main"),
        3,
        "a status is one of: dominant, alternative",
    ),
    Hostile(
        "adopt-category",
        command("narratives", "adopt", "--town", "velenje", "--period", "1", "--status", "dominant", "--code", "x/y"),
        5,
        "no codable code 'x/y'",
        pg=True,
    ),
    Hostile(
        "code-no-passage",
        command(
            "qda", "code", "--town", "velenje", "--interview", "2", "--code", "active youth sector", "--text", "zzz"
        ),
        5,
        "does not have the passage 'zzz'",
        pg=True,
    ),
    Hostile(
        "code-category",
        command("qda", "code", "--town", "velenje", "--interview", "2", "--code", "dominant", "--text", "a"),
        3,
        "codes match",
        pg=True,
    ),
    Hostile(
        "codebook-path-orphan",
        command("qda", "codebook", "import", "--town", "velenje", file="codes.csv", data="path\nA/B\n"),
        3,
        "codes.csv, row 2, column 'path', value 'A': no code of the file has the path above this one",
    ),
]

ALL = [
    *[(f"towns/{c.name}", c) for c in TOWNS],
    *[(f"symbols/{c.name}", c) for c in SYMBOLS],
    *[(f"documents/{c.name}", c) for c in DOCUMENTS],
    *[(f"qda/{c.name}", c) for c in QDA],
    *[(f"innovations/{c.name}", c) for c in INNOVATIONS],
    *[(f"scores/{c.name}", c) for c in SCORES],
    *[(f"case/{c.name}", c) for c in CASES],
    *[(f"people/{c.name}", c) for c in PEOPLE],
    *[(f"backup/{c.name}", c) for c in RESTORES],
    *[(f"tables/{c.name}", c) for c in TABLES],
]

runner = CliRunner()


def check(result: object, case: Hostile, error_log: Path) -> None:
    __tracebackhide__ = True
    output = result.output  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    detail = (result.exit_code, stderr[:2000], result.exception)  # type: ignore[attr-defined]
    assert "Traceback" not in output, detail
    assert not error_log.exists(), error_log.read_text()[-3000:]
    assert result.exit_code == case.code, detail  # type: ignore[attr-defined]
    assert result.stdout == "", detail  # type: ignore[attr-defined]
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), detail
    assert case.says in lines[0], detail


PARAMS = [on(kind, case, id=name) for kind in KINDS for name, case in ALL if kind == "sqlite" or case.pg]


@pytest.mark.parametrize("workbench, case", PARAMS, indirect=["workbench"])
def test_hostile_input_is_refused_cleanly_and_changes_nothing(
    case: Hostile, workbench: Workbench, fuzz_db: Database, tmp_path: Path, error_log: Path
) -> None:
    args = case.build(tmp_path)
    result = runner.invoke(app, [*args, "--db", fuzz_db.url])
    check(result, case, error_log)
    assert workbench.changes(fuzz_db) == []


@pytest.mark.parametrize("case", BALLOTS, ids=[c.name for c in BALLOTS])
def test_hostile_ballots_are_refused_cleanly(case: Hostile, tmp_path: Path, error_log: Path) -> None:
    check(runner.invoke(app, case.build(tmp_path)), case, error_log)


@pytest.mark.parametrize("case", DATABASES, ids=[c.name for c in DATABASES])
def test_a_database_that_cannot_be_used_is_one_line(case: Hostile, tmp_path: Path, error_log: Path) -> None:
    result = runner.invoke(app, case.build(tmp_path))
    check(result, case, error_log)
    assert os.listdir(tmp_path) in ([], ["x.sqlite3"])  # nothing created beside it
