"""Writing tables as CSV or XLSX, safe to open in a spreadsheet.

Text typed by people can start like a formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``). A
spreadsheet would run it when the CSV is opened (CSV injection), so such text cells are written
with a leading apostrophe in CSV, and as text-typed cells in XLSX. :func:`unguard` undoes the
apostrophe when townpaths reads its own CSV back, so a round trip keeps the text as it was.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from townpaths.errors import InputError

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
