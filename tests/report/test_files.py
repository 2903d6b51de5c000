"""The report's parts as files of their own: each table as a workbook with exactly its rows, each
figure as an SVG file and a PNG picture, the whole report in each format; unknown names and
formats are NotFound."""

from __future__ import annotations

import io
from collections.abc import Iterator

import defusedxml.ElementTree as ET
import pytest
from openpyxl import load_workbook
from PIL import Image

from townpaths.cases.case import Case, open_case
from townpaths.cases.towns import load_velenje
from townpaths.core.errors import NotFound
from townpaths.present import document
from townpaths.report.build import render_report
from townpaths.report.files import figure_file, report_file, table_file, table_xlsx
from townpaths.storage import Database

pytestmark = pytest.mark.slow

#: Each table of the report: rows (the header row included) and columns.
SHAPES = {
    "table1-1": (17, 5),
    "table2-1": (4, 3),
    "coding-1": (19, 7),
    "table3-1": (22, 4),
    "table3-2": (8, 7),
    "table4-1": (11, 2),
    "figure8-1": (4, 3),
    "dualities-1": (6, 2),
}
FIGURES = {
    "en": {
        "table1-1": "Map of the symbols",
        "table3-1": "Social innovations by type and year",
        "table3-2": "Social innovations per decade",
        "figure8-1": "Ideas for the main development problems",
    },
    "sl": {
        "table1-1": "Zemljevid simbolov",
        "table3-1": "Družbene inovacije po vrsti in letu",
        "table3-2": "Družbene inovacije po desetletjih",
        "figure8-1": "Zamisli za reševanje glavnih razvojnih vprašanj",
    },
}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    db = Database(tmp_path_factory.mktemp("files") / "velenje.sqlite3")
    load_velenje(db)
    yield open_case("velenje", db)
    db.dispose()


def rows_of(xlsx: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", ["en", "sl"])
def test_every_table_as_a_workbook_with_exactly_its_rows(case: Case, lang: str) -> None:
    tables = document.tables(render_report(case, lang))
    assert {name: (len(t.rows), t.columns) for name, t in tables.items()} == SHAPES
    for name, table in tables.items():
        made = table_file(case, name, "xlsx", lang)
        assert made.filename == f"velenje-{name}-{lang}.xlsx"
        assert made.media_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        rows = rows_of(made.content)
        assert rows == table.values(), name
        assert (len(rows), len(rows[0])) == SHAPES[name]


def test_table_4_read_back(case: Case) -> None:
    rows = rows_of(table_file(case, "table4-1", lang="en").content)
    assert rows[0] == ["Rank", "Problem"]
    assert [r[0] for r in rows[1:]] == list(range(1, 11))  # numbers stay numbers
    assert rows[1][1] == "vulnerable economy resting on two companies"
    sl = rows_of(table_file(case, "table4-1", lang="sl").content)
    assert sl[0] == ["Mesto", "Problem"] and sl[1][1] == "ranljivo, na dveh podjetjih temelječe gospodarstvo"
    # a category spanning rows in Table 1 is repeated in each of its rows
    table1 = rows_of(table_file(case, "table1-1", lang="en").content)
    assert len({r[0] for r in table1[1:]}) == 6
    assert [str(r[1]).split(".")[0] for r in table1[1:]] == [str(n) for n in range(1, 17)]


def test_text_is_never_a_formula() -> None:
    table = document.tables('<table><tr><th>a</th></tr><tr><td>=HYPERLINK("x")</td></tr></table>')["report-1"]
    book = load_workbook(io.BytesIO(table_xlsx(table)))
    cell = book.active["A2"]  # type: ignore[index]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")


@pytest.mark.parametrize("lang", ["en", "sl"])
def test_every_figure_as_svg_and_png(case: Case, lang: str) -> None:
    figures = document.figures(render_report(case, lang))
    assert {name: f.title for name, f in figures.items()} == FIGURES[lang]
    for name, title in FIGURES[lang].items():
        svg = figure_file(case, name, "svg", lang)
        assert (svg.media_type, svg.filename) == ("image/svg+xml", f"velenje-{name}-{lang}.svg")
        root = ET.fromstring(svg.content)
        assert root.tag == f"{SVG}svg"
        assert root.findtext(f"{SVG}title") == title
        width, height = float(root.get("width", 0)), float(root.get("height", 0))
        assert width > 0 and height > 0
        png = figure_file(case, name, "png", lang)
        assert (png.media_type, png.filename) == ("image/png", f"velenje-{name}-{lang}.png")
        image = Image.open(io.BytesIO(png.content))
        assert image.format == "PNG"
        assert image.size == (round(width * 2), round(height * 2))


def test_figure_8_as_svg_names_every_problem_and_solution(case: Case) -> None:
    svg = figure_file(case, "figure8-1", "svg", "sl").content.decode("utf-8")
    for text in ("bipolarno in ranljivo", "ribogojnica na", "mentorska", "izseljevanje izobraženih"):
        assert text in svg


def test_the_whole_report_in_each_format(case: Case) -> None:
    pdf = report_file(case, "pdf", "sl")
    assert (pdf.media_type, pdf.filename) == ("application/pdf", "velenje-report-sl.pdf")
    assert pdf.content.startswith(b"%PDF-")
    docx = report_file(case, "docx", "en")
    assert docx.filename == "velenje-report-en.docx" and docx.content.startswith(b"PK\x03\x04")
    html = report_file(case, "html", "en")
    assert html.media_type == "text/html; charset=utf-8"
    assert html.content.decode("utf-8") == render_report(case, "en")


def test_unknown_names_and_formats_are_not_found(case: Case) -> None:
    for call, message in (
        (lambda: report_file(case, "odt"), "no report format 'odt' (formats: html, pdf, docx)"),
        (lambda: figure_file(case, "figure8-1", "gif"), "no figure format 'gif' (formats: svg, png)"),
        (lambda: figure_file(case, "figure9-1", "svg"), "the report has no figure 'figure9-1'"),
        (lambda: table_file(case, "table4-1", "csv"), "no table format 'csv' (formats: xlsx)"),
        (lambda: table_file(case, "interviews", "xlsx"), "the report has no table 'interviews'"),
    ):
        with pytest.raises(NotFound) as exc:
            call()
        assert str(exc.value) == message
