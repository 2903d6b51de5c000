"""Employment tables (CSV/XLSX) in, and the small CSV/XLSX reader/writer shared by the register,
the sustainability scores and the economy.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from pathlib import Path
from typing import Any

from townpaths.io.sheets import unguard, write_rows
from townpaths.errors import InputError

MAX_FILE_BYTES = 50 * 1024**2
MAX_XLSX_UNPACKED = 200 * 1024**2
EMPLOYMENT_COLUMNS = ("year", "area", "firm", "nace", "employees")


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


def write_table(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    """Write ``rows`` under ``header`` as .csv (UTF-8) or .xlsx by the file's suffix."""
    return write_rows(path, header, rows)


def raise_all(errors: list[InputError], file: str) -> None:
    """Raise one :class:`InputError` listing every row-level error (at most 50 shown)."""
    if not errors:
        return
    lines = [e.message for e in errors[:50]]
    more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
    exc = InputError(f"{len(errors)} error(s):\n" + "\n".join(lines) + more, file=file)
    exc.errors = errors  # type: ignore[attr-defined]
    raise exc


def parse_employment(path: Path) -> list[dict[str, Any]]:
    """Employment rows (``year``, ``area`` town|national, ``firm``, ``nace``, ``employees``);
    every bad row is reported, nothing is returned if any row is bad."""
    rows = read_table(path)
    if rows:
        missing = [c for c in ("year", "employees") if c not in rows[0][1]]
        if missing:
            raise InputError(f"missing column(s): {', '.join(missing)}", file=str(path))
    out, errors = [], []
    for n, r in rows:
        try:
            out.append(_employment_row(r, n))
        except InputError as exc:
            errors.append(exc)
    raise_all(errors, str(path))
    return out


def _employment_row(r: dict[str, Any], n: int) -> dict[str, Any]:
    year = _number(r.get("year"))
    if year is None or year != int(year) or not 1800 <= year <= 2200:
        raise InputError("year must be a whole number", row=n, field="year", value=r.get("year"))
    employees = _number(r.get("employees"))
    if employees is None or employees < 0:
        raise InputError("employees must be a number >= 0", row=n, field="employees", value=r.get("employees"))
    area = (str(r.get("area") or "town")).strip().lower()
    if area not in ("town", "national"):
        raise InputError("area must be town or national", row=n, field="area", value=r.get("area"))
    firm = str(r["firm"]).strip() if r.get("firm") not in (None, "") else None
    nace = str(r["nace"]).strip().upper() if r.get("nace") not in (None, "") else None
    if not firm and not nace:
        raise InputError("give a firm or a NACE code", row=n, field="firm")
    if nace and len(nace) > 10:
        raise InputError("a NACE code is at most 10 characters", row=n, field="nace", value=nace)
    if area == "national" and not nace:
        raise InputError("the national reference is by NACE code", row=n, field="nace")
    return {"year": int(year), "area": area, "firm": firm, "nace": nace, "employees": employees}


def _number(value: Any) -> float | None:
    try:
        number = float(str(value).replace(",", ".")) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is None or math.isfinite(number) else None
