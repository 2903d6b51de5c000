"""Employment tables (CSV/XLSX) in: ``year``, ``area`` (town or national), ``firm``, ``nace``,
``employees``. Rows are numbered as a spreadsheet shows them: the header is row 1."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from townpaths.core.errors import InputError
from townpaths.formats.tables import raise_all, read_table

EMPLOYMENT_COLUMNS = ("year", "area", "firm", "nace", "employees")


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
