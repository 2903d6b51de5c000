"""Tables in and out: CSV and XLSX read into numbered rows, and written safe to open in a spreadsheet.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.

Text typed by people can start like a formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``). A
spreadsheet would run it when the CSV is opened (CSV injection), so such text cells are written
with a leading apostrophe in CSV, and as text-typed cells in XLSX. :func:`unguard` undoes the
apostrophe when townpaths reads its own CSV back, so a round trip keeps the text as it was.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from townpaths.core.errors import InputError

MAX_FILE_BYTES = 50 * 1024**2
MAX_XLSX_UNPACKED = 200 * 1024**2
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def guard(value: Any) -> Any:
    """A CSV cell: ``None`` -> ``""``; formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def unguard(value: Any) -> Any:
    """The inverse of :func:`guard` for a cell read from CSV."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def guard_row(row: list[Any]) -> list[Any]:
    return [guard(v) for v in row]


def write_rows(path: Path, header: list[str] | None, rows: list[list[Any]], *, sheet: str = "data",
               fmt: str | None = None) -> Path:
    """Write ``rows`` (under ``header`` when given) as CSV (UTF-8) or XLSX: ``fmt`` (``csv`` or
    ``xlsx``), else by the file's suffix."""
    path = Path(path)
    suffix = f".{fmt}" if fmt else path.suffix.lower()
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
        book.save(path)
    else:
        raise InputError("use a .csv or .xlsx file", file=str(path), value=suffix)
    return path


def read_table(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """``[(row number, {header: value})]`` from a .csv (UTF-8, comma or semicolon) or .xlsx file
    (first sheet). Header names are stripped and lower-cased; empty rows are skipped."""
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"file larger than {MAX_FILE_BYTES // 1024**2} MB", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", file=str(path)) from None
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = [[unguard(c) for c in r] for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        raise InputError("use a .csv or .xlsx file", file=str(path))
    if not rows:
        raise InputError("the file is empty", file=str(path))
    header = [str(h or "").strip().lower() for h in rows[0]]
    out = []
    for n, values in enumerate(rows[1:], start=2):
        if all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        record = {h: (values[i] if i < len(values) else None) for i, h in enumerate(header) if h}
        out.append((n, {k: (v.strip() if isinstance(v, str) else v) for k, v in record.items()}))
    return out


def _xlsx_rows(path: Path) -> list[list[Any]]:
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.filename.startswith("/") or ".." in info.filename.split("/"):
                    raise InputError("unsafe path inside the workbook", file=str(path), value=info.filename)
            if sum(i.file_size for i in zf.infolist()) > MAX_XLSX_UNPACKED:
                raise InputError("workbook too large when unpacked", file=str(path))
    except zipfile.BadZipFile:
        raise InputError("not an .xlsx workbook", file=str(path)) from None
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = wb.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        wb.close()


def raise_all(errors: list[InputError], file: str) -> None:
    """Raise one :class:`InputError` listing every row-level error (at most 50 shown)."""
    if not errors:
        return
    lines = [e.message for e in errors[:50]]
    more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
    exc = InputError(f"{len(errors)} error(s):\n" + "\n".join(lines) + more, file=file)
    exc.errors = errors  # type: ignore[attr-defined]
    raise exc
