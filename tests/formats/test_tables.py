"""CSV/XLSX writing is safe to open in a spreadsheet and round-trips through townpaths; reading takes
every encoding and delimiter people send, and refuses hostile or broken files with one clean line."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from townpaths.core.errors import InputError
from townpaths.formats.tables import (
    TableLimits,
    column_letter,
    guard,
    iter_csv,
    raise_all,
    read_sheets,
    read_table,
    read_table_bytes,
    records,
    sniff_delimiter,
    unguard,
    write_rows,
)
from townpaths.studies.innovations.formats.sheets import read_innovations, write_innovations

EVIL = '=HYPERLINK("http://example.invalid","click")'


@pytest.mark.parametrize("value", [EVIL, "+1", "-1 day", "@SUM(A1)", "\tx"])
def test_guard_and_unguard(value: str) -> None:
    assert guard(value) == "'" + value
    assert unguard(guard(value)) == value


def test_plain_values_pass() -> None:
    assert [guard(v) for v in (None, 3, -2.5, "Velenje", "'quoted")] == ["", 3, -2.5, "Velenje", "'quoted"]
    assert unguard("'quoted") == "'quoted"


def test_csv_and_xlsx_cells(tmp_path: Path) -> None:
    write_rows(tmp_path / "t.csv", ["name", "n"], [[EVIL, -3], ["ok", None]])
    assert list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8"))) == [
        ["name", "n"],
        ["'" + EVIL, "-3"],
        ["ok", ""],
    ]
    write_rows(tmp_path / "t.xlsx", ["name"], [[EVIL]], sheet="s")
    cell = load_workbook(tmp_path / "t.xlsx")["s"]["A2"]
    assert (cell.value, cell.data_type) == (EVIL, "s")
    assert read_table(tmp_path / "t.csv") == [(2, {"name": EVIL, "n": "-3"}), (3, {"name": "ok", "n": ""})]
    with pytest.raises(InputError, match=re.escape("use a .csv or .xlsx file")):
        write_rows(tmp_path / "t.ods", ["x"], [])


def test_innovation_with_formula_text_round_trips(tmp_path: Path) -> None:
    record = {"no": 1, "type_en": "new practice", "name_en": EVIL, "name_sl": "=1+1", "year": 2001, "actors": []}
    write_innovations(tmp_path / "i.csv", [record], "velenje")
    assert "'=HYPERLINK" in (tmp_path / "i.csv").read_text(encoding="utf-8")
    back = read_innovations(tmp_path / "i.csv")
    assert (back[0]["name_en"], back[0]["name_sl"], back[0]["year"]) == (EVIL, "=1+1", 2001)


# --- reading: encodings, delimiters, limits ------------------------------------------------------

SLOVENE = "šđčćž ŠĐČĆŽ"
ROWS = [(2, {"ime": SLOVENE, "kraj": "Velenje"}), (3, {"ime": "Šoštanj", "kraj": "Šalek"})]


def _csv(sep: str = ",") -> str:
    return f"ime{sep}kraj\r\n{SLOVENE}{sep}Velenje\r\nŠoštanj{sep}Šalek\r\n"


@pytest.mark.parametrize(
    "data",
    [
        _csv(";").encode("cp1250"),
        _csv("\t").encode("cp1250"),
        _csv().encode("utf-8"),
        b"\xef\xbb\xbf" + _csv(";").encode("utf-8"),
        b"\xff\xfe" + _csv().encode("utf-16-le"),
        b"\xfe\xff" + _csv("\t").encode("utf-16-be"),
    ],
    ids=["cp1250-semicolon", "cp1250-tab", "utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"],
)
def test_encodings_and_delimiters_read_the_same_rows(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "t.csv").write_bytes(data)
    assert read_table(tmp_path / "t.csv") == ROWS
    assert read_table_bytes(data, "upload.csv") == ROWS


@pytest.mark.parametrize(
    "data, message",
    [
        (
            _csv().encode("utf-16-le"),
            "looks like UTF-16 LE text without a byte-order mark (BOM); save the file as "
            "UTF-8 (or as UTF-16 with a BOM)",
        ),
        (
            _csv().encode("utf-16-be"),
            "looks like UTF-16 BE text without a byte-order mark (BOM); save the file as "
            "UTF-8 (or as UTF-16 with a BOM)",
        ),
        (
            b"\xff\xfe\x00\xd8" + "ime".encode("utf-16-le"),
            "not valid UTF-16 LE text (bad bytes at offset 2); save the file as UTF-8",
        ),
        (b"\xff\xfe\x00\x00i\x00\x00\x00", "UTF-32 text is not supported; save the file as UTF-8"),
        (
            bytes(range(1, 256)) * 4,
            "neither UTF-8 nor Windows-1250 text (byte 0x80 at offset 127 is not UTF-8, and "
            "read as Windows-1250 the text makes no sense); save the file as UTF-8",
        ),
        (b"ime,kraj\n\x00\x01\x02\xff", "binary data, not text (a NUL byte at offset 9)"),
        (
            "ime\nÅ¡olski center\n".encode(),
            "line 2: the text was decoded with the wrong encoding before it was saved "
            "('Å¡' stands for 'š'); restore the original file and save it as UTF-8",
        ),
        ("ime\nšola\x1b\n".encode(), "line 2: control character U+001B in the text: not a plain text file"),
    ],
    ids=["utf16le-no-bom", "utf16be-no-bom", "utf16-broken", "utf32", "random-bytes", "binary", "mojibake", "control"],
)
def test_text_that_is_not_plain_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_table_bytes(data, "t.csv")
    assert err.value.message == f"t.csv, {message}" if message.startswith("line") else f"t.csv: {message}"


def test_random_bytes_are_refused_cleanly() -> None:
    import random

    rng = random.Random(20240611)
    for _ in range(50):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
        with pytest.raises(InputError):
            read_table_bytes(data, "random.csv")


def test_windows_1250_only_when_plausible() -> None:
    assert read_table_bytes("a\n»Šola« – 5 €\n".encode("cp1250"), "t.csv") == [(2, {"a": "»Šola« – 5 €"})]
    # an isolated letter between spaces, or a caron on its own, is not Slovene text
    with pytest.raises(InputError, match="neither UTF-8 nor Windows-1250"):
        read_table_bytes(b"a\nx \xe8 y\n", "t.csv")
    with pytest.raises(InputError, match="neither UTF-8 nor Windows-1250"):
        read_table_bytes(b"a\nx\xa1y\n", "t.csv")


def test_header_normalised_and_rows_numbered_as_a_spreadsheet(tmp_path: Path) -> None:
    data = '\ufeff Name  EN ,YEAR,\n"two\nlines",2001,ignored\n,,\n   ,\nlast,1999\n'.encode()
    assert read_table_bytes(data, "t.csv") == [
        (2, {"name en": "two\nlines", "year": "2001"}),
        (5, {"name en": "last", "year": "1999"}),
    ]
    assert records([["A", "b"], [" x ", 3]], "f") == [(2, {"a": "x", "b": 3})]
    with pytest.raises(InputError) as err:
        read_table_bytes(b"name,Name \n1,2\n", "t.csv")
    assert err.value.message == "t.csv, row 1, column 'name': the same column twice in the header"
    with pytest.raises(InputError) as err:
        read_table_bytes(b"", "t.csv")
    assert err.value.message == "t.csv: the file is empty"
    with pytest.raises(InputError) as err:
        read_table_bytes(b"a", "t.ods")
    assert err.value.message == "t.ods, value '.ods': use a .csv or .xlsx file"
    with pytest.raises(InputError) as err:
        read_table(tmp_path / "missing.csv")
    assert err.value.message == f"{tmp_path / 'missing.csv'}: file not found"


def test_a_10_mb_cell_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("name,text\nok,short\nbig," + "x" * (10 * 1024**2) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(path)
    assert err.value.message == f"{path}, row 3: a cell is longer than 32767 characters"
    quoted = b'name,text\nok,"' + b"y" * 40_000 + b'"\n'
    with pytest.raises(InputError) as err:
        read_table_bytes(quoted, "q.csv")
    assert err.value.message == "q.csv, row 2, column 'B': a cell is longer than 32767 characters"


def test_limits_are_checked_before_the_work(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"\x00" * 64)  # would be refused as binary if it were read
    with pytest.raises(InputError) as err:
        read_table(path, limits=TableLimits(file_bytes=10))
    assert err.value.message == f"{path}: file larger than 10 bytes (64 bytes)"
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:  # sparse: 51 MB that are never read
        fh.truncate(51 * 1024**2)
    with pytest.raises(InputError) as err:
        read_table(big)
    assert err.value.message == f"{big}: file larger than 50 MB (53477376 bytes)"
    rows = b"n\n1\n2\n3\n"
    assert read_table_bytes(rows, "t.csv", limits=TableLimits(rows=3)) == [
        (2, {"n": "1"}),
        (3, {"n": "2"}),
        (4, {"n": "3"}),
    ]
    with pytest.raises(InputError) as err:
        read_table_bytes(rows, "t.csv", limits=TableLimits(rows=2))
    assert err.value.message == "t.csv, row 4: more than 2 rows"
    with pytest.raises(InputError) as err:
        read_table_bytes(b"a,b,c\n", "t.csv", limits=TableLimits(columns=2))
    assert err.value.message == "t.csv, row 1: more than 2 columns"


def test_iter_csv_gives_rows_and_lines() -> None:
    text = 'a,b\n\n"x\ny",1\nz,2\n'
    assert [tuple(r) for r in iter_csv(text, "t.csv")] == [
        (1, 1, ["a", "b"]),
        (2, 2, []),
        (3, 3, ["x\ny", "1"]),
        (4, 5, ["z", "2"]),
    ]
    with pytest.raises(InputError) as err:
        list(iter_csv("a\n\n" + "x" * 40_000 + "\n", "b.csv", line_offset=2))
    assert err.value.message == "b.csv, line 5, column 'A': a cell is longer than 32767 characters"
    assert [r.cells for r in iter_csv("'=1\n", "t.csv")] == [["=1"]]
    assert [r.cells for r in iter_csv("'=1\n", "t.csv", unguard_cells=False)] == [["'=1"]]
    assert [sniff_delimiter(t) for t in ("a,b;c;d", "a\tb", '"x;y",z', "single", "\n\na;b")] == [
        ";",
        "\t",
        ",",
        ",",
        ";",
    ]
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


# --- XLSX ----------------------------------------------------------------------------------------


def _workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def _cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def test_xlsx_rows(tmp_path: Path) -> None:
    data = _workbook([["Ime", "Leto"], ["Šoštanj", 2020], [None, None], ["x", 1.5]])
    (tmp_path / "t.xlsx").write_bytes(data)
    expected = [(2, {"ime": "Šoštanj", "leto": 2020}), (4, {"ime": "x", "leto": 1.5})]
    assert read_table(tmp_path / "t.xlsx") == expected
    assert read_table_bytes(data, "t.xlsx") == expected
    sheets = read_sheets(tmp_path / "t.xlsx")
    assert [(s.name, s.rows) for s in sheets] == [("Sheet", [["Ime", "Leto"], ["Šoštanj", 2020], [], ["x", 1.5]])]


def test_xlsx_is_read_whole_even_when_its_stored_range_is_wrong() -> None:
    sheet = (
        SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:A1"/><sheetData>')
        + b'<row r="1">'
        + _cell("A1", "a")
        + _cell("C1", "c")
        + b'</row><row r="3"><c r="C3"><v>5</v></c></row>'
        + b"</sheetData></worksheet>"
    )
    data = _replace_member(_workbook([["x"]]), SHEET, sheet)
    assert read_table_bytes(data, "t.xlsx") == [(3, {"a": None, "c": 5})]


@pytest.mark.parametrize(
    "sheet, message",
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            + SHEET_HEAD
            + b'<row r="1">'
            + _cell("A1", "&xxe;")
            + b"</row></sheetData></worksheet>",
            "unsafe XML in the workbook refused (EntitiesForbidden)",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + SHEET_HEAD
            + b'<row r="1">'
            + _cell("A1", "&b;")
            + b"</row></sheetData></worksheet>",
            "unsafe XML in the workbook refused (EntitiesForbidden)",
        ),
        (SHEET_HEAD + b'<row r="1">' + _cell("A1", "a"), "not a readable .xlsx workbook (ParseError)"),
        (
            SHEET_HEAD
            + b'<row r="1">'
            + _cell("A1", "name")
            + b'</row><row r="2">'
            + _cell("A2", "x" * 40_000)
            + b"</row></sheetData></worksheet>",
            "row 2, column 'A': a cell is longer than 32767 characters",
        ),
        (
            SHEET_HEAD
            + b'<row r="1">'
            + _cell("A1", "name")
            + b'</row><row r="2">'
            + _cell("A2", "Ä\u008d")
            + b"</row></sheetData></worksheet>",
            "row 2, column 'A': the text was decoded with the wrong encoding before "
            "it was saved ('Ä\\x8d' stands for 'č')",
        ),
        (
            SHEET_HEAD
            + b'<row r="1">'
            + _cell("A1", "name")
            + b'</row><row r="1000000"><c r="A1000000"><v>5</v></c>'
            + b"</row></sheetData></worksheet>",
            "row 100002: more than 100000 rows",
        ),
        (
            SHEET_HEAD
            + b'<row r="1">'
            + _cell("A1", "name")
            + _cell("XFD1", "far")
            + b"</row></sheetData></worksheet>",
            "row 1: more than 1000 columns",
        ),
    ],
    ids=["external-entity", "entity-expansion", "broken-xml", "long-cell", "mojibake", "row-limit", "column-limit"],
)
def test_hostile_workbooks_are_clean_errors(sheet: bytes, message: str) -> None:
    data = _replace_member(_workbook([["x"]]), SHEET, sheet)
    with pytest.raises(InputError) as err:
        read_table_bytes(data, "w.xlsx")
    assert err.value.message == (f"w.xlsx, {message}" if message.startswith("row") else f"w.xlsx: {message}")


def test_openpyxl_parses_through_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_workbook_archive_is_checked_first() -> None:
    bomb = _replace_member(_workbook([["x"]]), SHEET, SHEET_HEAD + b" " * (20 * 1024**2) + b"</sheetData></worksheet>")
    packed = zipfile.ZipFile(io.BytesIO(bomb)).getinfo(SHEET).compress_size
    with pytest.raises(InputError) as err:
        read_table_bytes(bomb, "bomb.xlsx")
    assert err.value.message == (
        f"bomb.xlsx, value '{SHEET}': suspicious compression ratio in the workbook "
        f"(zip bomb?): 20971632 bytes packed into {packed}"
    )
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../../evil.xml", b"<x/>")
    with pytest.raises(InputError) as err:
        read_table_bytes(evil.getvalue(), "evil.xlsx")
    assert err.value.message == (
        "evil.xlsx, value '../../evil.xml': unsafe path in the workbook (path traversal or absolute path)"
    )
    with pytest.raises(InputError) as err:
        read_table_bytes(b"PK\x03\x04 not really", "junk.xlsx")
    assert err.value.message == "junk.xlsx: not a workbook (not a ZIP file)"
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("hello.txt", b"hi")
    with pytest.raises(InputError) as err:
        read_table_bytes(plain.getvalue(), "plain.xlsx")
    assert err.value.message == "plain.xlsx: not a readable .xlsx workbook (KeyError)"


def test_raise_all_lists_every_bad_row() -> None:
    errors = [InputError("bad year", row=3, column="year", value="19x7"), InputError("required", row=5, field="name")]
    with pytest.raises(InputError) as err:
        raise_all(errors, "t.csv")
    assert err.value.message == (
        "t.csv: 2 error(s):\nrow 3, column 'year', value '19x7': bad year\nrow 5, column 'name': required"
    )
    assert err.value.errors == errors  # type: ignore[attr-defined]
    raise_all([], "t.csv")
