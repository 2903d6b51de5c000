"""The report and its parts as files to download: the whole report (HTML, PDF, DOCX), each figure
(SVG, PNG) and each table (XLSX), named as :mod:`townpaths.present.document` names them
(``table1-1``, ``figure8-1``)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from townpaths.cases.case import Case
from townpaths.core.errors import NotFound
from townpaths.core.i18n import check_language
from townpaths.formats.tables import write_rows
from townpaths.present import document
from townpaths.present.raster import svg_to_png
from townpaths.report.build import DOWNLOADS, REPORT_FORMATS, render_report, report_bytes

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "svg": "image/svg+xml",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    filename: str


def report_file(case: Case, kind: str, lang: str = "en") -> Download:
    """The whole report as ``kind`` (``html``, ``pdf`` or ``docx``)."""
    lang = check_language(lang)
    if kind not in set(REPORT_FORMATS.values()):
        raise NotFound(f"no report format {kind!r} (formats: html, pdf, docx)")
    return Download(report_bytes(case, kind, lang), MEDIA_TYPES[kind], f"{case.town.slug}-report-{lang}.{kind}")


def figure_file(case: Case, name: str, kind: str, lang: str = "en") -> Download:
    """The report's figure ``name`` as ``kind`` (``svg`` or ``png``)."""
    lang = check_language(lang)
    if kind not in DOWNLOADS["figure"]:
        raise NotFound(f"no figure format {kind!r} (formats: {', '.join(DOWNLOADS['figure'])})")
    figure = document.figures(render_report(case, lang)).get(name)
    if figure is None:
        raise NotFound(f"the report has no figure {name!r}")
    svg = document.standalone_svg(figure)
    content = svg.encode("utf-8") if kind == "svg" else svg_to_png(svg)
    return Download(content, MEDIA_TYPES[kind], f"{case.town.slug}-{name}-{lang}.{kind}")


def table_xlsx(table: document.Table) -> bytes:
    """A table of the report as a workbook: its rows as the report shows them (a cell that spans
    rows or columns repeated in each), numbers as numbers, text never run as a formula."""
    with tempfile.TemporaryDirectory(prefix="townpaths-") as folder:
        path = write_rows(Path(folder) / "table.xlsx", None, table.values(), sheet=table.name)
        return path.read_bytes()


def table_file(case: Case, name: str, kind: str = "xlsx", lang: str = "en") -> Download:
    """The report's table ``name`` as a workbook."""
    lang = check_language(lang)
    if kind not in DOWNLOADS["table"]:
        raise NotFound(f"no table format {kind!r} (formats: {', '.join(DOWNLOADS['table'])})")
    table = document.tables(render_report(case, lang)).get(name)
    if table is None:
        raise NotFound(f"the report has no table {name!r}")
    return Download(table_xlsx(table), MEDIA_TYPES[kind], f"{case.town.slug}-{name}-{lang}.{kind}")
