"""The symbol inventory as the registry sees it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from townpaths.storage.db import Database
from townpaths.storage.models import Symbol, SymbolCategory, SymbolPhoto, SymbolScale, SymbolType
from townpaths.studies.spec import ExportFormat, Page, ReportSection, Study, TableSpec, text_label
from townpaths.studies.symbols import sections, service


def _export_symbols(fmt: str) -> Callable[[Database, str | None, Path], dict[str, Any]]:
    def write(db: Database, town: str | None, output: Path) -> dict[str, Any]:
        return service.export_symbols(db, town, fmt, output)

    return write


STUDY = Study(
    name="symbols",
    title="Symbol inventory",
    order=10,
    tables=(
        TableSpec(SymbolCategory.__table__, text_label("name")),
        TableSpec(SymbolType.__table__, text_label("name"), anchored=True),
        TableSpec(Symbol.__table__, text_label("name"), anchored=True),
        TableSpec(SymbolPhoto.__table__, overview=False),
        TableSpec(SymbolScale.__table__, overview=False),
    ),
    pages=(Page("symbols", "Symbol inventory"),),
    web=("townpaths.web.routes.symbols",),
    cli=("townpaths.cli.commands.symbols",),
    report=(ReportSection("table1", 10, "report/symbols.html", sections.table1, toc="Table 1"),),
    exports=tuple(
        ExportFormat(
            fmt,
            (f".{fmt}",),
            _export_symbols(fmt),
            description,
        )
        for fmt, description in (
            ("geojson", "symbols as a GeoJSON FeatureCollection (QGIS)"),
            ("csv", "symbols as CSV"),
            ("xlsx", "symbols as an Excel workbook"),
        )
    ),
    templates=("townpaths.studies.symbols:templates",),
)
