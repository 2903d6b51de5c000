"""The symbol inventory as the registry sees it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from townpaths.storage.db import Database
from townpaths.storage.models import Symbol, SymbolCategory, SymbolPhoto, SymbolScale, SymbolType
from townpaths.studies.spec import (
    Authoring,
    CompareSpec,
    ExportFormat,
    Page,
    Reference,
    ReportSection,
    Study,
    TableSpec,
    text_label,
)
from townpaths.studies.symbols import compare, sections, service
from townpaths.studies.symbols.core.vocab import NARRATIVES, SOURCES, THEMES


def _coordinates(row: dict[str, Any]) -> list[tuple[str, str]]:
    """A symbol's latitude and longitude: both or neither, in decimal degrees."""
    lat, lon = row.get("latitude"), row.get("longitude")
    problems = []
    if (lat is None) != (lon is None):
        problems.append(("latitude" if lat is None else "longitude", "give both latitude and longitude, or neither"))
    if lat is not None and not -90 <= lat <= 90:
        problems.append(("latitude", "a latitude is between -90 and 90"))
    if lon is not None and not -180 <= lon <= 180:
        problems.append(("longitude", "a longitude is between -180 and 180"))
    return problems


def _export_symbols(fmt: str) -> Callable[[Database, str | None, Path], dict[str, Any]]:
    def write(db: Database, town: str | None, output: Path) -> dict[str, Any]:
        return service.export_symbols(db, town, fmt, output)

    return write


STUDY = Study(
    name="symbols",
    title="Symbol inventory",
    order=10,
    tables=(
        TableSpec(
            SymbolCategory.__table__,
            text_label("name"),
            authoring=Authoring(key=("key",), numbered=("position",), key_from="name_en"),
        ),
        TableSpec(
            SymbolType.__table__,
            text_label("name"),
            anchored=True,
            authoring=Authoring(
                key=("no",),
                references=(Reference("category", "category_id", "symbol_categories"),),
                numbered=("no",),
            ),
        ),
        TableSpec(
            Symbol.__table__,
            text_label("name"),
            anchored=True,
            authoring=Authoring(
                key=("external_id",),
                references=(Reference("type", "type_id", "symbol_types"),),
                hidden=("extra",),
                key_from="name_en",
                choices={
                    "theme": tuple(c.key for c in THEMES),
                    "narrative": tuple(c.key for c in NARRATIVES),
                    "source": tuple(c.key for c in SOURCES),
                },
                check=_coordinates,
            ),
        ),
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
    defaults=service.defaults,
    templates=("townpaths.studies.symbols:templates",),
    # the report's Table 1 and the map show the same counts
    compare=CompareSpec(compare.compare, public=("report", "map")),
)
