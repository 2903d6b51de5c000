"""Plain spreadsheets of symbols: the blank field template and the CSV/XLSX export."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from townpaths.formats.files import atomic_write
from townpaths.formats.tables import write_rows
from townpaths.studies.symbols.core.form import FormSpec
from townpaths.studies.symbols.core.records import FIELDS

TEMPLATE_HELP = {
    "id": "your own identifier of the record (re-importing the same id does not duplicate it)",
    "surveyor": "who recorded the symbol",
    "date": "YYYY-MM-DD",
    "category": "see the lists sheet",
    "type": "type number, t<no> or the type's name (required)",
    "name": "name of the symbol (required)",
    "theme": "industry, coal mining, socialism or mixed",
    "tangible": "tangible or intangible",
    "visible": "visible or invisible",
    "latitude": "decimal degrees (WGS84)",
    "longitude": "decimal degrees (WGS84)",
    "address": "street address",
    "period": "period of origin",
    "message": "what it tells newcomers",
    "narrative": "see the lists sheet",
    "repetition": "see the lists sheet",
    "preservation": "see the lists sheet",
    "attitude": "see the lists sheet",
    "photo": "not read from the template: attach photos in the web app",
    "note": "anything else",
    "source": "fieldwork, desk or kobo (default fieldwork)",
}


def template_bytes(spec: FormSpec) -> bytes:
    """An XLSX with a ``symbols`` sheet to fill, a ``lists`` sheet of allowed values, a ``help`` sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "symbols"
    ws.append(list(FIELDS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    lists = wb.create_sheet("lists")
    lists.append(["list", "value", "label (en)", "label (sl)"])
    for c in spec.choices:
        lists.append([c.list_name, c.name, c.labels.get("en", ""), c.labels.get("sl", "")])
    helps = wb.create_sheet("help")
    helps.append(["column", "what to enter"])
    for f in FIELDS:
        helps.append([f, TEMPLATE_HELP.get(f, "")])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def write_template(spec: FormSpec, output: Path) -> Path:
    """The blank template (:func:`template_bytes`) written to ``output``."""
    return atomic_write(Path(output), template_bytes(spec))


def write_table(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str], output: Path, fmt: str) -> Path:
    """Rows as CSV (UTF-8, comma) or XLSX."""
    return write_rows(
        Path(output), list(columns), [[r.get(k) for k in columns] for r in rows], sheet="symbols", fmt=fmt
    )
