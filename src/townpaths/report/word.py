"""The report as a Word document (DOCX, python-docx), made of the blocks of the HTML report
(:mod:`townpaths.present.document`): headings as Word headings, real Word tables (merged cells
where the report's cells span rows or columns, header rows repeated on each page, wide tables on
landscape pages), numbered and bulleted lists, and each figure as a PNG picture with its title as
the caption. Page numbers in the footer."""

from __future__ import annotations

import io
from typing import Any

from townpaths.present import document as D
from townpaths.present.raster import svg_to_png

#: Tables with at least this many columns get a landscape page (as in the PDF).
WIDE_TABLE_COLUMNS = 7
#: Width of a figure on a portrait A4 page with 2 cm margins.
FIGURE_WIDTH_CM = 16.0
TABLE_FONT_PT = 8.5
#: EMU in a twip (a twentieth of a point), the unit Word stores widths in.
TWIP = 635


def _runs(paragraph: Any, runs: D.Runs, *, italic: bool = False, size: float | None = None) -> None:
    from docx.shared import Pt

    for r in runs:
        run = paragraph.add_run(r.text)
        run.bold = r.bold or None
        if italic:
            run.italic = True
        if size:
            run.font.size = Pt(size)


def _page_number_footer(section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)


def _orientation(doc: Any, landscape: bool) -> None:
    """Start a new section (on a new page) with the page turned as asked."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    previous = doc.sections[-1]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = previous.page_width, previous.page_height
    if landscape != (width > height):
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _restart_numbering(doc: Any, paragraph: Any) -> None:
    """Number this list from 1 (python-docx's "List Number" paragraphs otherwise count on across lists)."""
    style = doc.styles["List Number"]
    num_id = style.element.pPr.numPr.numId.val
    numbering = doc.part.numbering_part.element
    abstract = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num.numId


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def column_widths(grid: list[list[tuple[D.Cell, bool] | None]], usable: int) -> list[int]:
    """Each column's width (EMU, of ``usable``): room for its longest word, and the rest shared by
    how long its text runs (up to a point), from the cells that span one column."""
    from docx.shared import Cm

    columns = len(grid[0]) if grid else 0
    words, lengths = [4] * columns, [4] * columns
    for line in grid:
        for c, position in enumerate(line):
            if position is None or position[0].colspan > 1:
                continue
            text = position[0].text
            words[c] = max(words[c], max((len(w) for w in text.split()), default=0))
            lengths[c] = max(lengths[c], min(max((len(t) for t in text.splitlines()), default=0), 45))
    least = [int(Cm(0.2) * w + Cm(0.45)) for w in words]
    if sum(least) >= usable:
        widths = [int(usable * m / sum(least)) for m in least]
    else:
        rest = usable - sum(least)
        widths = [m + int(rest * n / sum(lengths)) for m, n in zip(least, lengths, strict=True)]
    return [w - w % TWIP for w in widths]  # Word keeps whole twips: rounded down, they still fit


def _table(doc: Any, table: D.Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = table.grid()
    if not grid or not grid[0]:
        return
    out = doc.add_table(rows=len(grid), cols=len(grid[0]))
    out.style = doc.styles["Table Grid"]
    out.autofit = False
    section = doc.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    for c, width in enumerate(column_widths(grid, usable)):
        out.columns[c].width = width
        for cell in out.columns[c].cells:
            cell.width = width
    # python-docx makes the list of a table's cells anew on every out.cell(r, c): read it once (a
    # merge changes only the cells it covers, which are never visited again)
    cells, width = out._cells, len(grid[0])
    for r, line in enumerate(grid):
        for c, position in enumerate(line):
            if position is None or not position[1]:
                continue
            cell = position[0]
            target = cells[r * width + c]
            if cell.rowspan > 1 or cell.colspan > 1:
                last_r = min(r + cell.rowspan, len(grid)) - 1
                last_c = min(c + cell.colspan, len(line)) - 1
                target = target.merge(cells[last_r * width + last_c])
            for i, runs in enumerate(cell.paragraphs or ((),)):
                paragraph = target.paragraphs[0] if i == 0 else target.add_paragraph()
                _runs(paragraph, tuple(D.Run(r.text, r.bold or cell.header) for r in runs), size=TABLE_FONT_PT)
                if cell.numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for r in range(min(table.head_rows, len(out.rows))):
        _repeat_header(out.rows[r])


def _figure(doc: Any, figure: D.Figure) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    png = svg_to_png(D.standalone_svg(figure))
    doc.add_picture(io.BytesIO(png), width=Cm(FIGURE_WIDTH_CM))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if figure.title:
        doc.add_paragraph(figure.title, style="Caption")


def _list(doc: Any, block: D.ListBlock) -> None:
    style = "List Number" if block.ordered else "List Bullet"
    for n, item in enumerate(block.items):
        for i, runs in enumerate(item):
            paragraph = doc.add_paragraph(style=style if i == 0 else "List Continue")
            if block.ordered and n == 0 and i == 0:
                _restart_numbering(doc, paragraph)
            _runs(paragraph, runs, italic=i > 0, size=9 if i > 0 else None)


def _landscape_runs(blocks: list[D.Block]) -> set[int]:
    """Where a landscape page starts: at each wide table, or at the heading (and the paragraphs
    after it) that introduces one."""
    starts = set()
    for n, block in enumerate(blocks):
        if isinstance(block, D.Table) and block.columns >= WIDE_TABLE_COLUMNS:
            start = n
            for m in range(n - 1, -1, -1):
                if isinstance(blocks[m], D.Heading):
                    start = m
                    break
                if not isinstance(blocks[m], D.Paragraph):
                    break
            starts.add(start)
    return starts


def blocks_to_docx(blocks: list[D.Block], *, lang: str = "en", title: str = "") -> bytes:
    """A Word document of ``blocks``, in ``lang`` (the document's language for spelling and
    hyphenation)."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.language = lang
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    _page_number_footer(section)
    landscape = _landscape_runs(blocks)
    for n, block in enumerate(blocks):
        if n in landscape:
            _orientation(doc, landscape=True)
        if isinstance(block, D.Heading):
            doc.add_heading(block.text, level=0 if block.level == 1 else min(block.level - 1, 9))
        elif isinstance(block, D.Paragraph):
            if "subtitle" in block.classes:
                doc.add_paragraph(block.text, style="Subtitle")
            else:
                _runs(doc.add_paragraph(), block.runs, italic="note" in block.classes or "meta" in block.classes)
        elif isinstance(block, D.ListBlock):
            _list(doc, block)
        elif isinstance(block, D.Table):
            _table(doc, block)
            if block.columns >= WIDE_TABLE_COLUMNS:
                _orientation(doc, landscape=False)
        else:
            _figure(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
