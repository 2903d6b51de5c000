"""A sheet of problems typed in for a workshop (``townpaths workshop create --problems FILE``): a
CSV or XLSX file (read by :mod:`townpaths.formats.tables`, with its limits and encodings) whose
columns are ``text_en`` and ``text_sl``, one problem a row in the order the workshop lists them.
Every row needs its English text (the Slovene may be left empty); an unknown column is an error;
empty rows are skipped; every bad row is reported at once."""

from __future__ import annotations

from pathlib import Path

from townpaths.core.errors import InputError
from townpaths.formats.tables import normalise_header, raise_all, read_sheets, records

#: The columns of a problems sheet.
COLUMNS = ("text_en", "text_sl")


def read_problems(path: Path | str) -> list[tuple[str, str | None]]:
    """(English, Slovene or None) of each problem of the sheet, in its order."""
    name = str(path)
    sheets = read_sheets(path, first_only=True)
    raw = sheets[0].rows if sheets else []
    if not raw:
        raise InputError(f"the file is empty (write the header row: {', '.join(COLUMNS)})", file=name)
    header = [normalise_header(h) for h in raw[0]]
    errors = [
        InputError(f"unknown column (the columns: {', '.join(COLUMNS)})", file=name, row=1, column=h)
        for h in header
        if h and h not in COLUMNS
    ]
    if "text_en" not in header:
        errors.append(InputError("the column text_en is missing", file=name, row=1, column="text_en"))
    raise_all(errors, name)
    out: list[tuple[str, str | None]] = []
    for row_no, row in records(raw, name):
        en = str(row.get("text_en") or "").strip()
        sl = str(row.get("text_sl") or "").strip() or None
        if not en and sl is None:
            continue
        if not en:
            errors.append(InputError("a problem needs its English text", file=name, row=row_no, column="text_en"))
            continue
        out.append((en, sl))
    raise_all(errors, name)
    return out
