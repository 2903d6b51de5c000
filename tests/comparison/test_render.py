"""The comparison of Velenje and two fictional towns as HTML, PDF (read back with pdftotext) and
Word, in Slovene and English: the summary of each pair with every statement linked to the row that
shows its numbers, untranslated texts marked, each pair's summary on a page of its own."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

from tests.support import compared_towns as T
from townpaths.comparison.build import compare_towns
from townpaths.comparison.render import (
    Marks,
    anchors,
    comparison_bytes,
    list_cell,
    output_format,
    render_comparison,
    write_comparison,
)
from townpaths.core.errors import InputError
from townpaths.storage import Database

TOWNS = [T.VELENJE, T.KOHLSTADT, T.RUDNIK]


@pytest.fixture(scope="module")
def result(compared_towns_file: Path):
    db = Database(compared_towns_file)
    found = compare_towns(db, TOWNS)
    db.dispose()
    return found


def ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.parametrize("lang", ["en", "sl"])
def test_every_statement_links_to_the_row_of_its_numbers(result, lang: str) -> None:
    html = render_comparison(result, lang)
    targets = re.findall(r'<a class="numbers" href="#([^"]+)">', html)
    assert len(targets) == sum(len(p.alike) + len(p.differ) for p in result.summaries) > 10
    assert set(targets) <= ids(html)
    # the statement about Kohlstadt's and Rudnik's voice scores leads to the sustainability row
    row = anchors(result.comparison("sustainability-dimensions"))["voice_influence"]
    assert row in targets and f'<tbody id="{row}">' in html  # 5 numbers of 3 towns: each town a line
    assert html.count('<div class="pair"') == 3


def test_the_english_comparison(result) -> None:
    html = render_comparison(result, "en")
    assert "<h1>Towns compared: Velenje – Kohlstadt – Rudnik</h1>" in html
    assert "<h3>Velenje – Kohlstadt</h3>" in html and "<h4>Where they differ most</h4>" in html
    # every text has an English version: nothing is marked
    assert 'class="untranslated"' not in html and "legend" not in html
    assert re.search(r"<td class=\"num\">25,000 \(2021\)</td>", html)


def test_the_slovene_comparison_marks_what_a_town_never_translated(result) -> None:
    html = render_comparison(result, "sl")
    assert "<h1>Primerjava mest: Velenje – Kohlstadt – Rudnik</h1>" in html
    assert "V čem se najbolj razlikujeta" in html and "33.000 (2021)" in html
    # Kohlstadt writes in English only: its texts are shown in English and marked
    assert (
        '<span class="untranslated" lang="en">pride in the miners&#39; solidarity <span class="mark">[EN]</span></span>'
        in html
    )
    assert "[EN] označuje besedilo v jeziku njegovega mesta" in html
    # Velenje's and Rudnik's Slovene texts are not marked
    assert "mestna pokrajina" in html and "solidarnost rudarjev" in html
    assert 'lang="en">solidarnost' not in html


def _pdf_text(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "comparison.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


@pytest.mark.parametrize(
    ("lang", "title", "alike", "statement"),
    [
        ("en", "Towns compared", "Where they are alike", "agreement of the consensus rankings"),
        ("sl", "Primerjava mest", "V čem sta si podobni", "ujemanje soglasnih razvrstitev"),
    ],
)
def test_the_pdf_in_both_languages(result, tmp_path: Path, lang: str, title: str, alike: str, statement: str) -> None:
    data = comparison_bytes(result, "pdf", lang)
    assert data.startswith(b"%PDF")
    pages = _pdf_text(data, tmp_path)
    text = " ".join(" ".join(p.split()) for p in pages)
    assert title in text and alike in text and statement in text
    # each pair's summary starts a page of its own
    heads = {
        pair: next(n for n, p in enumerate(pages) if re.search(rf"^\s*{pair}\s*$", p, re.M))
        for pair in (
            "Velenje – Kohlstadt",
            "Velenje – Rudnik",
            "Kohlstadt – Rudnik",
        )
    }
    assert len(set(heads.values())) == 3
    # the tables are in the PDF with their numbers
    assert "Kendall" in text and ("0.667" in text if lang == "en" else "0,667" in text)


def test_the_word_document(result) -> None:
    from docx import Document

    document = Document(io.BytesIO(comparison_bytes(result, "docx", "sl")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Primerjava mest: Velenje – Kohlstadt – Rudnik"
    assert "Velenje – Kohlstadt" in headings and "Razvrstitve problemov" in headings
    assert len(document.tables) == 1 + len([c for c in result.comparisons if c.rows])
    assert document.core_properties.language == "sl"


def test_the_file_format_comes_from_the_suffix(result, tmp_path: Path) -> None:
    assert [output_format(f"x{s}") for s in (".html", ".PDF", ".docx")] == ["html", "pdf", "docx"]
    with pytest.raises(InputError, match="cannot tell the file format from the suffix"):
        output_format("comparison.odt")
    path = write_comparison(result, tmp_path / "c.html", "en")
    assert path.read_text(encoding="utf-8").startswith("<!doctype html>")
    with pytest.raises(InputError, match="unknown file format"):
        comparison_bytes(result, "odt")


def test_a_list_names_each_period_once() -> None:
    marks = Marks()
    items = [
        {"text": "coal", "period": "building the town"},
        {"text": "solidarity", "period": "building the town"},
        {"text": "lake", "text_lang": "en", "period": "transition"},
        {"text": "no period"},
    ]
    html = list_cell(items, "sl", marks)
    assert html == (
        '<ul class="tight"><li><span class="period">building the town:</span> coal; solidarity</li>'
        '<li><span class="period">transition:</span> <span class="untranslated" lang="en">lake '
        '<span class="mark">[EN]</span></span></li><li>no period</li></ul>'
    )
    assert marks.languages == {"en"}
    assert list_cell(["a", "b"], "en", Marks()) == '<ul class="tight"><li>a</li><li>b</li></ul>'
    assert list_cell([], "en", Marks()) == ""
