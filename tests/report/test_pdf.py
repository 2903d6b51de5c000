"""The report as PDF, in both languages, read back with Debian's poppler-utils: Tables 1-4 with all
their rows, Figure 8 drawn as vectors, table headers on every page a table runs over, page numbers,
and no table wider than the page (the pages rendered to PNG by pdftoppm, their margins measured)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from townpaths.cases.case import open_case
from townpaths.cases.towns import load_velenje
from townpaths.present import document
from townpaths.report.build import render_report, write_report
from townpaths.report.pdf import html_to_pdf
from townpaths.storage import Database

pytestmark = pytest.mark.slow

HEADINGS = {
    "en": {
        "table1": "Table 1: Symbols of industry and socialism",
        "map": "Map of the symbols",
        "table2": "Table 2: Dominant and alternative narratives by period",
        "table3": "Table 3: Social innovations",
        "table4": "Table 4: Ranking of the town's problems",
        "figure8": "Figure 8: Ideas for the main development problems",
        "dualities": "Dualities",
        "cite": "How to cite",
        "coding": "Table 2 from the coded interviews†",
    },
    "sl": {
        "table1": "Preglednica 1: Simboli industrije ter socializma",
        "map": "Zemljevid simbolov",
        "table2": "Preglednica 2: Prevladujoče in alternativne pripovedi po obdobjih",
        "table3": "Preglednica 3: Družbene inovacije",
        "table4": "Preglednica 4: Razvrstitev problemov mesta",
        "figure8": "Slika 8: Zamisli za reševanje glavnih razvojnih vprašanj",
        "dualities": "Dvojnosti",
        "cite": "Kako citirati",
        "coding": "Preglednica 2 iz kodiranih intervjujev†",
    },
}
#: A row's number at the start of a line, laid out as printed (not a page's number, "5 / 11").
ROW_NUMBER = r"^\s*(\d{1,2}) +(?!/)\S"
#: A4 at the resolution the pages are rendered at, and the side margins of the print styles (16 mm).
DPI = 36
MARGIN_MM = 16


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: install Debian's poppler-utils (scripts/test.sh does)")
    return found


def squash(text: str) -> str:
    """Text without spaces, line breaks and hyphens (PDF lines break and hyphenate words)."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def pages_of(pdf: Path, *options: str) -> list[str]:
    out = subprocess.run([_tool("pdftotext"), *options, str(pdf), "-"], check=True, capture_output=True, text=True)
    return out.stdout.split("\f")[:-1]


def numbers(text: str, pattern: str) -> list[int]:
    """The numbers ``pattern`` finds on the lines of a page laid out as printed, top to bottom:
    the numbers in a table's first column are its rows, in order."""
    return [int(n) for n in re.findall(pattern, text, re.M)]


def words_of(text: str) -> list[str]:
    return [squash(w) for w in re.findall(r"[^\s;,()«»\"'–]+", text) if squash(w)]


class Report:
    """A PDF report read back: its pages as text in reading order and laid out as printed."""

    def __init__(self, lang: str, pdf: Path, html: str) -> None:
        self.lang, self.pdf, self.html = lang, pdf, html
        self.pages = pages_of(pdf)
        self.text = "\n".join(self.pages)
        self.layout = "\n".join(pages_of(pdf, "-layout"))
        self.tables = document.tables(html)

    def heading(self, key: str) -> re.Pattern[str]:
        """A heading (a key of HEADINGS, or its text) as printed: as a line of its own, or broken
        over lines; a running head at the top of a page is on one line with the town's name."""
        words = HEADINGS[self.lang].get(key, key).split()
        return re.compile(r"(?:^|\n\n)\s*" + r"\s+".join(re.escape(w) for w in words) + r"\s*\n")

    def section(self, start: str, end: str, *, layout: bool = False) -> str:
        """The text from one heading to the next one named."""
        text = self.layout if layout else self.text
        first = self.heading(start).search(text)
        assert first is not None, start
        last = self.heading(end).search(text, first.end())
        assert last is not None, end
        return text[first.start() : last.start()]

    def page_of(self, key: str) -> int:
        """The page a heading is on."""
        return next(i for i, page in enumerate(self.pages) if self.heading(key).search(page))

    def column(self, table: str, column: int) -> list[str]:
        """The texts of a column of a table of the HTML report (a cell spanning rows counted in each)."""
        return [str(row[column]) for row in self.tables[table].values()[1:]]

    def shows(self, texts: list[str], section: str) -> list[str]:
        """The texts whose every word is in ``section``: whole, or hyphenated at the end of a line
        (where the other half may follow after other cells' text)."""
        found = set(words_of(section))
        halves = {words_of(w)[-1] for w in re.findall(r"(\S+)[\u2010\u00ad]\s", section) if words_of(w)}

        def present(word: str) -> bool:
            return word in found or any(word[:i] in halves and word[i:] in found for i in range(1, len(word)))

        return [t for t in texts if all(present(w) for w in words_of(t))]


@pytest.fixture(scope="module")
def velenje_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database(tmp_path_factory.mktemp("pdf") / "velenje.sqlite3")
    load_velenje(db)
    yield db
    db.dispose()


@pytest.fixture(scope="module", params=["en", "sl"])
def report(request: pytest.FixtureRequest, velenje_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Report:
    lang = request.param
    case = open_case("velenje", velenje_db)
    pdf = write_report(case, tmp_path_factory.mktemp(lang) / "report.pdf", lang)
    return Report(lang, pdf, render_report(case, lang))


def test_tables_1_to_4_with_every_row(report: Report) -> None:
    heads = HEADINGS[report.lang]
    for key in ("table1", "table2", "table3", "table4", "figure8", "dualities", "cite"):
        assert heads[key] in report.text, key
    # Table 1: the 16 types, numbered in order down the pages
    types = report.column("table1-1", 1)
    assert len(types) == 16
    assert report.shows(types, report.section("table1", "map")) == types
    assert numbers(report.section("table1", "map", layout=True), r"(?:^|\s)(\d{1,2})\. \S") == list(range(1, 17))
    # Table 2: three periods, 18 narratives
    periods = report.column("table2-1", 0)
    assert len(periods) == 3
    table2 = report.section("table2", report.tables["coding-1"].caption)
    assert report.shows(periods, table2) == periods
    assert numbers(report.section("table2", "table3", layout=True), r"^\s*(\d)\. \S") == [1, 2, 3]
    narratives = [
        document.plain(p) for row in report.tables["table2-1"].rows[1:] for cell in row[1:] for p in cell.paragraphs
    ]
    assert len(narratives) == 18
    assert report.shows(narratives, table2) == narratives
    assert report.section("table2", report.tables["coding-1"].caption, layout=True).count("•") == 18
    # Table 3: 21 social innovations
    innovations = report.column("table3-1", 2)
    assert len(innovations) == 21
    table3 = report.section("table3", report.tables["table3-2"].caption)
    assert report.shows(innovations, table3) == innovations
    table3_layout = report.section("table3", report.tables["table3-2"].caption, layout=True)
    assert numbers(table3_layout, ROW_NUMBER) == list(range(1, 22))
    # Table 4: ten problems by rank
    problems = report.column("table4-1", 1)
    assert len(problems) == 10
    assert report.shows(problems, report.section("table4", "figure8")) == problems
    assert numbers(report.section("table4", "figure8", layout=True), ROW_NUMBER) == list(range(1, 11))


def test_figure_8_is_drawn_as_vectors(report: Report) -> None:
    figure8 = report.section("figure8", "dualities")
    pairs = list(zip(report.column("figure8-1", 0), report.column("figure8-1", 1), strict=True))
    assert len(pairs) == 3
    assert report.shows([p for pair in pairs for p in pair], figure8) == [p for pair in pairs for p in pair]
    boxes = figure8[: figure8.index(report.tables["figure8-1"].rows[0][0].text)]  # the figure, before its table
    for problem, solution in pairs:  # each box of the figure drawn as text
        assert squash(problem) in squash(boxes) and squash(solution) in squash(boxes), (problem, solution)
    images = subprocess.run([_tool("pdfimages"), "-list", str(report.pdf)], check=True, capture_output=True, text=True)
    assert len(images.stdout.strip().splitlines()) == 2  # the heading of the list, and no picture at all


def test_table_headers_repeat_on_every_page_a_table_runs_over(report: Report) -> None:
    # Table 1 and Table 2 run over pages (Table 3 may fit on one, as it does in English)
    for table, column, start, end in (("table1-1", 1, "table1", "map"), ("table2-1", 0, "table2", "coding")):
        header = [c.text for c in report.tables[table].rows[0]]
        first, last = report.page_of(start), report.page_of(end)
        rows = [squash(text) for text in report.column(table, column)]
        spanned = [i for i in range(first, last + 1) if any(r[:12] in squash(report.pages[i]) for r in rows)]
        assert len(spanned) >= 2, (table, spanned)  # the table does run over pages
        for i in spanned:
            assert all(squash(h) in squash(report.pages[i]) for h in header), (table, i + 1)


def test_every_page_is_numbered(report: Report) -> None:
    total = len(report.pages)
    assert total >= 8
    for n, page in enumerate(report.pages, start=1):
        assert f"\n{n} / {total}\n" in f"\n{page}\n", n
    contents = report.pages[0]
    assert re.search(rf"{re.escape(HEADINGS[report.lang]['cite'])}\s*\.+\s*{total}", contents.replace("\n", " "))


# --- no table wider than the page ------------------------------------------------------------------


def ink_in_the_margins(png: Path) -> list[tuple[int, int]]:
    """Pixels that are not white in the left or right page margin (anything a table pushed there)."""
    image = Image.open(png).convert("L")
    width, height = image.size
    margin = round(MARGIN_MM / 25.4 * DPI) - 2  # a little inside the margin: anti-aliasing of the edge
    pixels = image.load()
    return [
        (x, y)
        for y in range(height)
        for x in (*range(margin), *range(width - margin, width))
        if pixels[x, y] < 235  # type: ignore[index]
    ]


def rendered_pages(pdf: Path, folder: Path) -> list[Path]:
    subprocess.run([_tool("pdftoppm"), "-r", str(DPI), "-png", str(pdf), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def test_no_table_is_wider_than_the_page(report: Report, tmp_path: Path) -> None:
    pages = rendered_pages(report.pdf, tmp_path)
    assert len(pages) == len(report.pages)
    sizes = {Image.open(p).size for p in pages}
    assert sizes == {(298, 421), (421, 298)}  # A4, and A4 landscape for the wide tables
    for page in pages:
        assert ink_in_the_margins(page) == [], page.name


def test_the_margin_check_sees_a_table_too_wide(tmp_path: Path) -> None:
    cells = "".join(f'<td style="white-space: nowrap">column {n} of a table that cannot wrap</td>' for n in range(8))
    pdf = tmp_path / "wide.pdf"
    pdf.write_bytes(html_to_pdf(f"<style>@page {{ size: A4; margin: 16mm }}</style><table><tr>{cells}</tr></table>"))
    (page,) = rendered_pages(pdf, tmp_path)
    assert ink_in_the_margins(page) != []
