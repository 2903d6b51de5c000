"""The report as a Word document, in both languages, read back with python-docx: Tables 1-4 as real
Word tables with all their rows, Figure 8 as a picture with its caption and its table, headings,
header rows repeated on each page, wide tables on landscape pages, page numbers in the footer."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from PIL import Image

from townpaths.cases.case import open_case
from townpaths.cases.towns import load_velenje
from townpaths.report.build import write_report
from townpaths.storage import Database

pytestmark = pytest.mark.slow

CAPTIONS = {
    "en": {
        "table1": "Table 1: Symbols of industry and socialism",
        "map": "Map of the symbols",
        "table2": "Table 2: Dominant and alternative narratives by period",
        "table3": "Table 3: Social innovations",
        "table3-2": "Social innovations by type and period†",  # † computed by townpaths
        "table4": "Table 4: Ranking of the town's problems",
        "figure8": "Figure 8: Ideas for the main development problems",
        "figure8-title": "Ideas for the main development problems",
        "cite": "How to cite",
    },
    "sl": {
        "table1": "Preglednica 1: Simboli industrije ter socializma",
        "map": "Zemljevid simbolov",
        "table2": "Preglednica 2: Prevladujoče in alternativne pripovedi po obdobjih",
        "table3": "Preglednica 3: Družbene inovacije",
        "table3-2": "Družbene inovacije po vrsti in obdobju†",
        "table4": "Preglednica 4: Razvrstitev problemov mesta",
        "figure8": "Slika 8: Zamisli za reševanje glavnih razvojnih vprašanj",
        "figure8-title": "Zamisli za reševanje glavnih razvojnih vprašanj",
        "cite": "Kako citirati",
    },
}
#: Figure 8's three problems and their solutions, as the article's figure gives them.
FIGURE8 = {
    "en": [
        ("bipolar and vulnerable economy", "fish farm in the lakes area"),
        (
            "possible social problems after the coal mine closes",
            "strengthening and professionalisation of the NGO sector",
        ),
        ("emigration of educated young people", "mentoring scheme"),
    ],
    "sl": [
        ("bipolarno in ranljivo gospodarstvo", "ribogojnica na območju jezer"),
        ("možna socialna vprašanja po zaprtju premogovnika", "krepitev in profesionalizacija nevladnega sektorja"),
        ("izseljevanje izobraženih mladih", "mentorska shema"),
    ],
}
#: The first problem of Table 4, the workshop's ranking.
FIRST_PROBLEM = {
    "en": "vulnerable economy resting on two companies",
    "sl": "ranljivo, na dveh podjetjih temelječe gospodarstvo",
}
PICTURE = qn("pic:pic")


@dataclass
class Block:
    """A paragraph or a table of the document's body, in order."""

    paragraph: Paragraph | None = None
    table: Table | None = None

    @property
    def pictures(self) -> int:
        return 0 if self.paragraph is None else len(self.paragraph._p.findall(f".//{PICTURE}"))


class WordReport:
    def __init__(self, lang: str, path: Path) -> None:
        self.lang = lang
        self.document: Document = docx.Document(str(path))
        self.blocks = [
            Block(paragraph=Paragraph(el, self.document))
            if el.tag == qn("w:p")
            else Block(table=Table(el, self.document))
            for el in self.document.element.body.iterchildren()
            if el.tag in (qn("w:p"), qn("w:tbl"))
        ]

    def at(self, key: str, style: str = "Heading") -> int:
        """Where the paragraph of ``key``'s caption is (its style starting with ``style``)."""
        text = CAPTIONS[self.lang][key]
        found = [
            i
            for i, b in enumerate(self.blocks)
            if b.paragraph is not None and b.paragraph.text == text and b.paragraph.style.name.startswith(style)
        ]
        assert len(found) == 1, (key, found)
        return found[0]

    def table_after(self, key: str) -> Table:
        """The first table after the heading of ``key``."""
        return next(b.table for b in self.blocks[self.at(key) :] if b.table is not None)


def column(table: Table, n: int) -> list[str]:
    """The texts of column ``n`` below the header row (a merged cell read once per row it spans)."""
    return [row.cells[n].text for row in table.rows[1:]]


@pytest.fixture(scope="module")
def velenje_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database(tmp_path_factory.mktemp("docx") / "velenje.sqlite3")
    load_velenje(db)
    yield db
    db.dispose()


@pytest.fixture(scope="module", params=["en", "sl"])
def report(
    request: pytest.FixtureRequest, velenje_db: Database, tmp_path_factory: pytest.TempPathFactory
) -> WordReport:
    lang = request.param
    path = write_report(open_case("velenje", velenje_db), tmp_path_factory.mktemp(lang) / "report.docx", lang)
    return WordReport(lang, path)


def test_the_document_in_its_language(report: WordReport) -> None:
    props = report.document.core_properties
    assert (props.title, props.language) == ("Velenje", report.lang)
    headings = [
        b.paragraph.text for b in report.blocks if b.paragraph is not None and b.paragraph.style.name == "Heading 1"
    ]
    captions = CAPTIONS[report.lang]
    for key in ("table1", "table2", "table3", "table4", "figure8", "cite"):
        assert captions[key] in headings, key
    assert headings.index(captions["table1"]) < headings.index(captions["table2"]) < headings.index(captions["table4"])


def test_table_1_has_6_categories_and_16_types(report: WordReport) -> None:
    table = report.table_after("table1")
    assert (len(table.rows), len(table.columns)) == (17, 5)
    categories = column(table, 0)
    assert len(dict.fromkeys(categories)) == 6  # a category's cell is merged over the rows of its types
    types = column(table, 1)
    assert [t.split(". ")[0] for t in types] == [str(n) for n in range(1, 17)]
    first = table.rows[1].cells[0]._tc
    assert first.vMerge == "restart"  # a real merged cell, not a repeated text


def test_table_2_has_3_periods_and_18_narratives(report: WordReport) -> None:
    table = report.table_after("table2")
    assert (len(table.rows), len(table.columns)) == (4, 3)
    assert [p.split(". ")[0] for p in column(table, 0)] == ["1", "2", "3"]
    narratives = [p.text for row in table.rows[1:] for cell in row.cells[1:] for p in cell.paragraphs if p.text]
    assert len(narratives) == 18
    assert len(set(narratives)) == 18


def test_table_3_has_21_innovations_and_table_4_10_problems(report: WordReport) -> None:
    table3 = report.table_after("table3")
    assert (len(table3.rows), len(table3.columns)) == (22, 4)
    assert column(table3, 0) == [str(n) for n in range(1, 22)]
    assert all(column(table3, 2))
    table4 = report.table_after("table4")
    assert (len(table4.rows), len(table4.columns)) == (11, 2)
    assert column(table4, 0) == [str(n) for n in range(1, 11)]
    assert column(table4, 1)[0] == FIRST_PROBLEM[report.lang]


def test_figure_8_is_a_picture_with_its_caption_and_table(report: WordReport, tmp_path: Path) -> None:
    start = report.at("figure8")
    picture, caption = report.blocks[start + 1], report.blocks[start + 2]
    assert picture.pictures == 1
    assert caption.paragraph is not None and caption.paragraph.style.name == "Caption"
    assert caption.paragraph.text == CAPTIONS[report.lang]["figure8-title"]
    table = report.table_after("figure8")
    assert list(zip(column(table, 0), column(table, 1), strict=True)) == FIGURE8[report.lang]
    # the picture: a PNG drawn from the figure (not blank), 16 cm wide
    shape = next(s for s in report.document.inline_shapes if s._inline.graphic.graphicData.pic is not None)
    assert round(shape.width.cm, 1) == 16.0
    blips = {s._inline.graphic.graphicData.pic.blipFill.blip.embed for s in report.document.inline_shapes}
    images = [report.document.part.related_parts[rid] for rid in blips]
    assert len(images) == 4  # the map, the two innovation charts, Figure 8
    assert {i.content_type for i in images} == {"image/png"}
    for part in images:
        image = Image.open(io.BytesIO(part.blob)).convert("L")
        assert image.width >= 1000
        assert image.getextrema()[0] < 100  # something is drawn in a dark colour


def test_header_rows_repeat_and_wide_tables_lie_on_landscape_pages(report: WordReport) -> None:
    tables = [b.table for b in report.blocks if b.table is not None]
    assert len(tables) == 8
    for table in tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    orientations = [s.orientation for s in report.document.sections]
    portrait, landscape = WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE
    # two tables of 7 columns (the coded interviews, the innovations by type and period) turn the page
    assert orientations == [portrait, landscape, portrait, landscape, portrait]
    for section in report.document.sections:
        assert (section.page_width > section.page_height) == (section.orientation == landscape)
    assert len(report.table_after("table3-2").columns) == 7
    # no table wider than the page it lies on: the narrow ones on portrait pages, the wide ones on landscape
    usable = {s.orientation: s.page_width - s.left_margin - s.right_margin for s in report.document.sections}
    for table in tables:
        page = landscape if len(table.columns) >= 7 else portrait
        assert sum(c.width for c in table.columns) <= usable[page], [c.text for c in table.rows[0].cells]


def test_every_page_is_numbered(report: WordReport) -> None:
    for section in report.document.sections:
        footer = section.footer
        fields = footer._element.findall(f".//{qn('w:fldSimple')}")
        assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]
