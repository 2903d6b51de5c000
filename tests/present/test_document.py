"""The report read back as blocks: headings, paragraphs, lists, tables with their spans, figures,
names by section, and markup put around tables and figures."""

from __future__ import annotations

from townpaths.present import document as D

HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Ignored</title><style>p { color: red }</style></head>
<body><main>
<h1 id="top">Velenje</h1>
<p class="meta">Made by <strong>townpaths</strong> 0.1.0.<br>Second line.</p>
<nav class="toc"><a href="#t1">Table 1</a></nav>
<div data-section="table1">
<section id="t1">
<h2>Table 1: Symbols</h2>
<table>
<thead><tr><th>Category</th><th>Type</th><th class="num">Symbols</th></tr></thead>
<tbody>
<tr><th rowspan="2">townscape</th><td>1. buildings</td><td class="num">3</td></tr>
<tr><td>2. ground plan</td><td class="num">0</td></tr>
<tr><td colspan="2">all</td><td class="num">3.5</td></tr>
</tbody>
</table>
<p class="note">2 types.</p>
<h3>Map</h3>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" class="chart"><title>Map of the symbols</title>
<rect width="200" height="100" fill="#f4f1ea"/></svg>
</section>
</div>
<div data-section="evidence">
<ol class="evidence"><li>First <em>item</em>.<div class="links">Rests on: a; b</div></li><li>Second.</li></ol>
<ul><li>fact</li></ul>
<table><tr><td>a</td><td><ul class="tight"><li>one</li><li>two</li></ul></td></tr></table>
</div>
<svg viewBox="0 0 10 10"><title>Outside</title></svg>
</main></body></html>"""


def test_blocks_in_order() -> None:
    blocks = D.blocks(HTML)
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == [
        "Heading",
        "Paragraph",
        "Paragraph",
        "Heading",
        "Table",
        "Paragraph",
        "Heading",
        "Figure",
        "ListBlock",
        "ListBlock",
        "Table",
        "Figure",
    ]
    h1, meta, second, h2 = blocks[:4]
    assert h1 == D.Heading(1, "Velenje", "top")
    assert meta == D.Paragraph((D.Run("Made by "), D.Run("townpaths", True), D.Run(" 0.1.0.")), ("meta",))
    assert second.text == "Second line."
    assert h2 == D.Heading(2, "Table 1: Symbols", "")


def test_tables_keep_their_spans_and_caption() -> None:
    table = D.tables(HTML)["table1-1"]
    assert (table.caption, table.head_rows, table.columns) == ("Table 1: Symbols", 1, 3)
    assert [c.text for c in table.rows[1]] == ["townscape", "1. buildings", "3"]
    assert table.rows[1][0].rowspan == 2 and table.rows[1][0].header
    assert table.rows[3][0].colspan == 2
    grid = table.grid()
    assert [[None if p is None else (p[0].text, p[1]) for p in line] for line in grid] == [
        [("Category", True), ("Type", True), ("Symbols", True)],
        [("townscape", True), ("1. buildings", True), ("3", True)],
        [("townscape", False), ("2. ground plan", True), ("0", True)],
        [("all", True), ("all", False), ("3.5", True)],
    ]
    assert table.values() == [
        ["Category", "Type", "Symbols"],
        ["townscape", "1. buildings", 3],
        ["townscape", "2. ground plan", 0],
        ["all", "all", 3.5],
    ]


def test_a_cell_with_a_list_has_a_paragraph_per_item() -> None:
    table = D.tables(HTML)["evidence-1"]
    assert table.caption == "Map"  # the last heading before it
    cell = table.rows[0][1]
    assert [D.plain(p) for p in cell.paragraphs] == ["one", "two"]
    assert cell.text == "one\ntwo" and cell.value() == "one\ntwo"
    assert D.Cell((), numeric=True).value() is None
    assert D.Cell(((D.Run("12 %"),),), numeric=True).value() == "12 %"


def test_list_items_keep_their_paragraphs() -> None:
    evidence, facts = (b for b in D.blocks(HTML) if isinstance(b, D.ListBlock))
    assert evidence.ordered and not facts.ordered
    assert [[D.plain(p) for p in item] for item in evidence.items] == [
        ["First item.", "Rests on: a; b"],
        ["Second."],
    ]


def test_figures_are_named_by_section_with_their_source() -> None:
    figures = D.figures(HTML)
    assert list(figures) == ["table1-1", "report-1"]
    assert figures["table1-1"].title == "Map of the symbols"
    assert figures["table1-1"].svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"')
    assert figures["table1-1"].svg.endswith("</svg>")


def test_a_standalone_svg_gets_namespace_size_and_font() -> None:
    outside = D.standalone_svg(D.figures(HTML)["report-1"])
    assert outside == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
        'font-family="DejaVu Sans, Arial, sans-serif"><title>Outside</title></svg>\n'
    )
    sized = D.Figure("x", '<svg xmlns="http://www.w3.org/2000/svg" width="5" height="6" font-family="serif"/>')
    assert D.standalone_svg(sized) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="5" height="6" font-family="serif"/>\n'
    )


def test_wrap_puts_markup_around_each_table_and_figure_with_its_heading() -> None:
    def around(block: D.Table | D.Figure) -> tuple[str, str]:
        return f"[{block.name}>", f"<{block.name}]"

    wrapped = D.wrap(HTML, around)
    assert "[table1-1><h2>Table 1: Symbols</h2>\n<table>" in wrapped
    assert "</table><table1-1]" in wrapped
    assert '[table1-1><h3>Map</h3>\n<svg xmlns="http://www.w3.org/2000/svg"' in wrapped
    assert "</svg><table1-1]" in wrapped
    assert "<ul><li>fact</li></ul>\n[evidence-1><table>" in wrapped  # no heading right before it
    assert wrapped.count("[") - HTML.count("[") == 4
    assert D.wrap(HTML, lambda b: ("", "")) == HTML


def test_loose_html_is_read_without_failing() -> None:
    root = D.parse("<p>one</span> two<br/><img src=x.png><div><p>three</div>")
    assert D.text_of(root) == "one two three"
    assert D.blocks("<td rowspan=x>") == []
    loose = D.tables("<table><tr><td rowspan='x' colspan='5000'>a</td></tr></table>")
    assert loose["report-1"].rows[0][0].colspan == 1000
