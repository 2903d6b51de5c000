"""Tables in and out: CSV and XLSX read into numbered rows, and written safe to open in a spreadsheet.

Reading (:func:`read_table`, :func:`read_table_bytes`; :func:`read_sheets` keeps every sheet and
the raw header): CSV in UTF-8 (with or without a BOM), UTF-16 with a BOM or Windows-1250 (see
:mod:`townpaths.formats.encoding`), separated by ``,``, ``;`` or tab (found from the header
line); XLSX through openpyxl in read-only mode, after :class:`~townpaths.formats.archive.SafeZip`
has checked the archive and with openpyxl parsing the sheets through defusedxml. The file size
is checked before reading, the number of rows and columns and the length of each cell while
reading, before any row reaches an importer. Every problem is one :class:`InputError` naming the
file, row, column and value; no ``csv``, ``zipfile``, XML or openpyxl error escapes.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.

Text typed by people can start like a formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``). A
spreadsheet would run it when the CSV is opened (CSV injection), so such text cells are written
with a leading apostrophe in CSV, and as text-typed cells in XLSX. :func:`unguard` undoes the
apostrophe when townpaths reads CSV back, so a round trip keeps the text as it was.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from townpaths.core.errors import InputError, TownpathsError
from townpaths.formats.archive import SafeZip, ZipLimits
from townpaths.formats.encoding import decode_text, mojibake
from townpaths.formats.files import atomic_path, check_size, read_file

MAX_FILE_BYTES = 50 * 1024**2
MAX_XLSX_UNPACKED = 200 * 1024**2
MAX_XLSX_PART = 100 * 1024**2  # one XML part of a workbook (a sheet, the shared strings)
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 32_767  # what a spreadsheet cell holds
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class TableLimits:
    """Limits of one table file: its size, the unpacked size of a workbook and of one XML part of
    it, the number of records (the header not counted), of columns, and the characters of one cell."""

    file_bytes: int = MAX_FILE_BYTES
    unpacked_bytes: int = MAX_XLSX_UNPACKED
    part_bytes: int = MAX_XLSX_PART
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS
    cell_chars: int = MAX_CELL_CHARS


LIMITS = TableLimits()


@dataclass
class Sheet:
    """The raw rows of a sheet (``rows[0]`` is spreadsheet row 1); ``name`` is ``None`` for CSV."""

    name: str | None
    rows: list[list[Any]] = field(default_factory=list)


class CsvRow(NamedTuple):
    row: int  # the record's number, as a spreadsheet shows it
    line: int  # the line of the text it starts on
    cells: list[str]


# --- the formula guard ---------------------------------------------------------------------------


def _escaped(value: str) -> bool:
    """Text that starts with an apostrophe :func:`unguard` would take away (``'=``, ``''``)."""
    return len(value) > 1 and value[0] == "'" and value[1] in (*TRIGGERS, "'")


def guard(value: Any) -> Any:
    """A CSV cell: ``None`` -> ``""``; formula-like text gets a leading apostrophe (and so does
    text that starts with an apostrophe :func:`unguard` would take away, so every cell reads back
    as it was written)."""
    if value is None:
        return ""
    if isinstance(value, str) and (value.startswith(TRIGGERS) or _escaped(value)):
        return "'" + value
    return value


def unguard(value: Any) -> Any:
    """The inverse of :func:`guard` for a cell read from CSV."""
    if isinstance(value, str) and _escaped(value):
        return value[1:]
    return value


def guard_row(row: list[Any]) -> list[Any]:
    return [guard(v) for v in row]


# --- writing --------------------------------------------------------------------------------------


def csv_text(header: list[str] | None, rows: list[list[Any]]) -> str:
    """``rows`` (under ``header`` when given) as CSV text, every cell through :func:`guard` like
    :func:`write_rows`'s files (for a download answered from memory, the codebook, the lexicon)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    if header is not None:
        writer.writerow(header)
    writer.writerows(guard_row(list(r)) for r in rows)
    return buffer.getvalue()


def write_rows(
    path: Path, header: list[str] | None, rows: list[list[Any]], *, sheet: str = "data", fmt: str | None = None
) -> Path:
    """Write ``rows`` (under ``header`` when given) as CSV (UTF-8) or XLSX: ``fmt`` (``csv`` or
    ``xlsx``), else by the file's suffix. Written beside ``path`` and moved into place (see
    :func:`~townpaths.formats.files.atomic_path`)."""
    path = Path(path)
    suffix = f".{fmt}" if fmt else path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError("use a .csv or .xlsx file", file=str(path), value=suffix)
    with atomic_path(path) as temporary:
        _write_table(temporary, suffix, header, rows, sheet)
    return path


def _write_table(path: Path, suffix: str, header: list[str] | None, rows: list[list[Any]], sheet: str) -> None:
    table = ([list(header)] if header is not None else []) + [list(r) for r in rows]
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            if header is not None:
                writer.writerow(header)
            writer.writerows(guard_row(r) for r in rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        ws = book.active
        ws.title = sheet[:31]
        for n, r in enumerate(table, start=1):
            for col, value in enumerate(r, start=1):
                cell = ws.cell(row=n, column=col, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text typed by people is never a formula
        out = io.BytesIO()  # built in memory: a failing disk never meets a half-written workbook
        book.save(out)
        path.write_bytes(out.getvalue())


# --- reading --------------------------------------------------------------------------------------


def read_table(path: Path | str, *, limits: TableLimits = LIMITS) -> list[tuple[int, dict[str, Any]]]:
    """``[(row number, {header: value})]`` from the first sheet of a .csv or .xlsx file (see
    :func:`records`)."""
    sheets = read_sheets(path, limits=limits, first_only=True)
    return records(sheets[0].rows if sheets else [], str(path))


def read_table_bytes(data: bytes, name: str, *, limits: TableLimits = LIMITS) -> list[tuple[int, dict[str, Any]]]:
    """:func:`read_table` for an upload: ``name`` gives the format (by its suffix) and names the file."""
    sheets = read_sheets_bytes(data, name, limits=limits, first_only=True)
    return records(sheets[0].rows if sheets else [], name)


def read_sheets(path: Path | str, *, limits: TableLimits = LIMITS, first_only: bool = False) -> list[Sheet]:
    """The raw sheets of a .csv (one sheet named ``None``) or .xlsx file, the first one first."""
    path = Path(path)
    _format(path.name, str(path))
    return read_sheets_bytes(read_file(path, limits.file_bytes), str(path), limits=limits, first_only=first_only)


def read_sheets_bytes(data: bytes, name: str, *, limits: TableLimits = LIMITS, first_only: bool = False) -> list[Sheet]:
    """:func:`read_sheets` for an upload."""
    kind = _format(name, name)
    check_size(len(data), limits.file_bytes, name)
    if kind == "csv":
        return [Sheet(None, [r.cells for r in iter_csv(decode_text(data, name), name, limits=limits)])]
    return _xlsx_sheets(data, name, limits, first_only)


def _format(name: str, file: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise InputError("use a .csv or .xlsx file", file=file, value=suffix or name)


def normalise_header(value: Any) -> str:
    """A column name as importers look it up: text, NFC, spaces collapsed, lower case."""
    text = "" if value is None else str(value)
    return " ".join(unicodedata.normalize("NFC", text.replace("\ufeff", "")).split()).lower()


def records(rows: list[list[Any]], file: str) -> list[tuple[int, dict[str, Any]]]:
    """``[(row number, {header: value})]`` from raw rows whose first row is the header: header
    names normalised (:func:`normalise_header`), text values stripped, empty rows skipped,
    columns without a header left out. The same column twice is an error."""
    if not rows:
        raise InputError("the file is empty", file=file)
    header = [normalise_header(h) for h in rows[0]]
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            raise InputError("the same column twice in the header", file=file, row=1, column=h)
        seen.add(h)
    out = []
    for n, values in enumerate(rows[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        record = {h: (values[i] if i < len(values) else None) for i, h in enumerate(header) if h}
        out.append((n, {k: (v.strip() if isinstance(v, str) else v) for k, v in record.items()}))
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA``: a column as a spreadsheet names it."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


# --- CSV ------------------------------------------------------------------------------------------


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one found most often (outside quotes) in the first non-empty line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def iter_csv(
    text: str,
    file: str,
    *,
    delimiter: str | None = None,
    limits: TableLimits = LIMITS,
    unguard_cells: bool = True,
    line_offset: int | None = None,
) -> Iterator[CsvRow]:
    """The records of CSV text with their row and line numbers; cells unguarded
    (:func:`unguard`) unless ``unguard_cells`` is false. Limits are checked as rows are read.
    Errors name the row, or ``line N`` (the record's first line plus ``line_offset``) when
    ``line_offset`` is given, for files that are read by lines."""
    delimiter = delimiter or sniff_delimiter(text)
    cell_limit = min(limits.cell_chars, csv.field_size_limit())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    n = line = 0

    def where(row: int) -> int | str:
        return row if line_offset is None else f"line {line_offset + line + 1}"

    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputError(
                    f"a cell is longer than {cell_limit} characters", file=file, row=where(n + 1)
                ) from None
            raise InputError(f"not a readable CSV file ({exc})", file=file, row=where(n + 1)) from None
        n += 1
        _check_row(where(n), cells, file, limits, cell_limit, count=n)
        yield CsvRow(n, line + 1, [unguard(c) for c in cells] if unguard_cells else cells)
        line = reader.line_num


def _check_row(
    where: int | str, cells: list[Any] | tuple[Any, ...], file: str, limits: TableLimits, cell_limit: int, *, count: int
) -> None:
    if count > limits.rows + 1:
        raise InputError(f"more than {limits.rows} rows", file=file, row=where)
    if len(cells) > limits.columns:
        raise InputError(f"more than {limits.columns} columns", file=file, row=where)
    for i, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > cell_limit:
            raise InputError(
                f"a cell is longer than {cell_limit} characters", file=file, row=where, column=column_letter(i)
            )


# --- XLSX -----------------------------------------------------------------------------------------


def _xlsx_sheets(data: bytes, file: str, limits: TableLimits, first_only: bool) -> list[Sheet]:
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise TownpathsError(
            "reading .xlsx files needs the defusedxml package (it keeps hostile XML out); "
            "install it, and do not set OPENPYXL_DEFUSEDXML=False"
        )
    with SafeZip(
        data,
        file,
        kind="workbook",
        limits=ZipLimits(member_bytes=min(limits.part_bytes, limits.unpacked_bytes), total_bytes=limits.unpacked_bytes),
    ):
        pass  # the archive is sound; openpyxl reads it from the same bytes
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise _workbook_error(exc, file) from None
    try:
        sheets = []
        for index, ws in enumerate(book.worksheets[:1] if first_only else book.worksheets):
            where = file if index == 0 else f"{file} [{ws.title}]"
            sheets.append(Sheet(ws.title, _sheet_rows(ws, where, limits)))
        return sheets
    except InputError:
        raise
    except Exception as exc:
        raise _workbook_error(exc, file) from None
    finally:
        book.close()


def _workbook_error(exc: BaseException, file: str) -> InputError:
    cause: BaseException | None = exc
    while cause is not None:  # openpyxl wraps what the XML parser raised
        if cause.__class__.__module__.startswith("defusedxml"):
            return InputError(f"unsafe XML in the workbook refused ({cause.__class__.__name__})", file=file)
        cause = cause.__cause__ or cause.__context__
    return InputError(f"not a readable .xlsx workbook ({exc.__class__.__name__})", file=file)


def _sheet_rows(ws: Any, where: str, limits: TableLimits) -> list[list[Any]]:
    ws.reset_dimensions()  # the stored used range may be wrong; never cut rows or columns to it
    rows: list[list[Any]] = []
    for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
        row = list(values)
        while row and row[-1] is None:
            row.pop()
        _check_row(n, row, where, limits, limits.cell_chars, count=n)  # stops at the first row past the limit
        for i, cell in enumerate(row):
            if isinstance(cell, str) and not cell.isascii():
                found = mojibake(cell)
                if found:
                    raise InputError(
                        f"the text was decoded with the wrong encoding before it was saved "
                        f"({found[1]!r} stands for {found[2]!r})",
                        file=where,
                        row=n,
                        column=column_letter(i),
                    )
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def raise_all(errors: list[InputError], file: str) -> None:
    """Raise one :class:`InputError` for the row-level errors of ``file``: a single error as one
    line naming the file, several as a first line counting them and one line each (at most 50)."""
    if not errors:
        return
    if len(errors) == 1:
        e = errors[0]
        raise InputError(e.reason, file=file if e.file is None else e.file, row=e.row, field=e.field, value=e.value)
    lines = [e.message for e in errors[:50]]
    more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
    exc = InputError(f"{len(errors)} error(s):\n" + "\n".join(lines) + more, file=file)
    exc.errors = errors  # type: ignore[attr-defined]
    raise exc
