"""The report read back from its HTML as a sequence of blocks: headings, paragraphs, lists, tables
and figures. The DOCX, the spreadsheet of each table and the file of each figure are made of these
blocks, so every output shows exactly what the HTML report shows, from the same rendered sections.

Names. Every table and every figure (a top-level ``<svg>``) gets a name, ``<section>-<n>``: the
``data-section`` of the element it sits in (the key of a report section) and its place among the
tables, or the figures, of that section (``table1-1`` is the first table of the Table 1 section;
``figure8-1`` its first figure). Outside any section the prefix is ``report``.

Only the HTML the report's templates write is read: well-formed, every element closed; void
elements (``<br>``, ``<meta>``) need no end tag. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements without content or end tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
#: Elements whose content is never shown as text.
HIDDEN = frozenset({"head", "title", "style", "script", "template", "nav"})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: Elements that start a new paragraph inside a cell or a list item.
BREAKING = frozenset({"p", "div", "li", "ul", "ol", "br", "section", "figure", "table", "tr"})
#: Elements that hold blocks (besides the breaking ones).
CONTAINERS = frozenset(
    {"html", "body", "main", "header", "footer", "article", "aside", "blockquote", "svg", "dl", "figcaption"}
)
BOLD = frozenset({"strong", "b", "th"})
SPACE = re.compile(r"\s+")


# --- a light tree of the HTML, with the source offsets of each element -----------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    start: int
    end: int = -1
    children: list[Node | str] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name) or default

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(self.get("class").split())

    def iter(self, tag: str) -> Iterator[Node]:
        """Descendants with ``tag`` (not below an element of the same tag)."""
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    yield child
                else:
                    yield from child.iter(tag)


class _TreeBuilder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.lines = [0]
        for match in re.finditer("\n", source):
            self.lines.append(match.end())
        self.root = Node("#root", {}, 0, len(source))
        self.stack = [self.root]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self._offset())
        self.stack[-1].children.append(node)
        if tag in VOID:
            node.end = node.start + len(self.get_starttag_text() or "")
        else:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self._offset())
        node.end = node.start + len(self.get_starttag_text() or "")
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        if not any(n.tag == tag for n in self.stack[1:]):
            return  # a stray end tag
        start = self._offset()
        end = self.source.find(">", start) + 1 or len(self.source)
        while self.stack[-1].tag != tag:
            self.stack.pop().end = start
        self.stack.pop().end = end

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    """The element tree of ``html`` (a root node holding the top-level nodes)."""
    builder = _TreeBuilder(html)
    builder.feed(html)
    builder.close()
    while len(builder.stack) > 1:
        builder.stack.pop().end = len(html)
    return builder.root


# --- the blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


#: A paragraph: runs of text.
Runs = tuple[Run, ...]


def plain(runs: Runs) -> str:
    return "".join(r.text for r in runs)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    runs: Runs
    classes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return plain(self.runs)


@dataclass(frozen=True)
class ListBlock:
    """A list: each item is one or more paragraphs (an evidence item and the records it rests on)."""

    items: tuple[tuple[Runs, ...], ...]
    ordered: bool = False


@dataclass(frozen=True)
class Cell:
    paragraphs: tuple[Runs, ...]
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    numeric: bool = False

    @property
    def text(self) -> str:
        """The cell's text, its paragraphs on separate lines."""
        return "\n".join(plain(p) for p in self.paragraphs)

    def value(self) -> str | int | float | None:
        """What a spreadsheet cell holds: a number for a numeric cell that reads as one, else the text."""
        text = self.text
        if not text:
            return None
        if self.numeric:
            number = text.replace("\u2009", "").replace(" ", "")
            if re.fullmatch(r"-?\d+", number):
                return int(number)
            if re.fullmatch(r"-?\d+\.\d+", number):
                return float(number)
        return text


@dataclass(frozen=True)
class Table:
    name: str
    rows: tuple[tuple[Cell, ...], ...]
    head_rows: int = 0
    #: The heading the table sits under (what it is called in the report).
    caption: str = ""

    @property
    def columns(self) -> int:
        grid = self.grid()
        return len(grid[0]) if grid else 0

    def grid(self) -> list[list[tuple[Cell, bool] | None]]:
        """The table as a rectangle: each position holds ``(cell, origin)`` (``origin``: the
        cell's top-left position, else a position it spans), or None where no cell reaches."""
        out: list[list[tuple[Cell, bool] | None]] = []
        spanned: dict[tuple[int, int], Cell] = {}  # positions covered by a cell above or to the left
        for r, row in enumerate(self.rows):
            line: list[tuple[Cell, bool] | None] = []
            queue = list(row)
            while queue or (r, len(line)) in spanned:
                c = len(line)
                if (r, c) in spanned:
                    line.append((spanned.pop((r, c)), False))
                    continue
                cell = queue.pop(0)
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if dr or dc:
                            spanned[(r + dr, c + dc)] = cell
                line.append((cell, True))
            out.append(line)
        width = max((len(line) for line in out), default=0)
        return [line + [None] * (width - len(line)) for line in out]

    def values(self) -> list[list[str | int | float | None]]:
        """Every row as spreadsheet values; a cell spanning rows or columns repeats its value in each."""
        return [[None if pos is None else pos[0].value() for pos in line] for line in self.grid()]


@dataclass(frozen=True)
class Figure:
    name: str
    svg: str
    title: str = ""


Block = Heading | Paragraph | ListBlock | Table | Figure


# --- from the tree to blocks ----------------------------------------------------------------------


def _inline(node: Node | str, bold: bool, out: list[list[Run]]) -> None:
    """Add ``node``'s text to the paragraphs ``out`` (a new paragraph at each block boundary)."""
    if isinstance(node, str):
        text = SPACE.sub(" ", node)
        if text:
            out[-1].append(Run(text, bold))
        return
    if node.tag in HIDDEN or node.tag == "svg":
        return
    breaks = node.tag in BREAKING
    if breaks and out[-1]:
        out.append([])
    for child in node.children:
        _inline(child, bold or node.tag in BOLD, out)
    if breaks and out[-1]:
        out.append([])


def paragraphs(node: Node, bold: bool = False) -> tuple[Runs, ...]:
    """The paragraphs of ``node``'s text, spaces collapsed and trimmed, empty ones left out."""
    out: list[list[Run]] = [[]]
    for child in node.children:
        _inline(child, bold, out)
    return tuple(p for p in (_trim(runs) for runs in out) if p)


def _trim(runs: list[Run]) -> Runs:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].bold == run.bold:
            merged[-1] = Run(merged[-1].text + run.text, run.bold)
        else:
            merged.append(run)
    merged = [r for r in merged if r.text]
    while merged and not merged[0].text.strip():
        merged.pop(0)
    while merged and not merged[-1].text.strip():
        merged.pop()
    if merged:
        merged[0] = Run(merged[0].text.lstrip(), merged[0].bold)
        merged[-1] = Run(merged[-1].text.rstrip(), merged[-1].bold)
    return tuple(r for r in merged if r.text)


def text_of(node: Node) -> str:
    return " ".join(plain(p) for p in paragraphs(node))


def _span(value: str) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _table(node: Node, name: str, caption: str) -> Table:
    rows: list[tuple[Cell, ...]] = []
    head_rows = 0
    for part in node.children:
        if not isinstance(part, Node):
            continue
        trs = [part] if part.tag == "tr" else list(part.iter("tr")) if part.tag in ("thead", "tbody", "tfoot") else []
        for tr in trs:
            cells = tuple(
                Cell(
                    paragraphs(td),
                    header=td.tag == "th",
                    rowspan=_span(td.get("rowspan")),
                    colspan=_span(td.get("colspan")),
                    numeric="num" in td.classes,
                )
                for td in tr.children
                if isinstance(td, Node) and td.tag in ("td", "th")
            )
            rows.append(cells)
            if part.tag == "thead":
                head_rows += 1
    return Table(name, tuple(rows), head_rows, caption)


def _svg_title(node: Node) -> str:
    for child in node.children:
        if isinstance(child, Node) and child.tag == "title":
            return text_of(child)
    return node.get("aria-label")


def _introduction(lead: list[Node]) -> int | None:
    """Where the heading (and the paragraphs after it) that introduce the next block start."""
    for node in reversed(lead):
        if node.tag in HEADINGS:
            return node.start
    return None


class _Walker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.counts: dict[tuple[str, str], int] = {}
        self.caption = ""
        self.blocks: list[Block] = []
        #: (start offset, end offset, block) of every named table and figure, in order; the start is
        #: that of the heading introducing it, if one does.
        self.named: list[tuple[int, int, Table | Figure]] = []

    def name(self, kind: str, section: str) -> str:
        key = (kind, section)
        self.counts[key] = self.counts.get(key, 0) + 1
        return f"{section}-{self.counts[key]}"

    def walk(self, node: Node, section: str) -> None:
        pending: list[Node | str] = []
        #: The headings and paragraphs right before the current block (what introduces it).
        lead: list[Node] = []

        def flush() -> None:
            holder = Node("#inline", {}, 0, 0, list(pending))
            for runs in paragraphs(holder):
                self.blocks.append(Paragraph(runs, node.classes))
            pending.clear()

        for child in node.children:
            if isinstance(child, str) or not self.is_block(child):
                pending.append(child)
                if not isinstance(child, str) or child.strip():
                    lead.clear()
                continue
            flush()
            self.block(child, child.get("data-section", section), _introduction(lead))
            if child.tag in HEADINGS or child.tag == "p":
                lead.append(child)
            else:
                lead.clear()
        flush()

    @staticmethod
    def is_block(node: Node) -> bool:
        return node.tag in HEADINGS or node.tag in HIDDEN or node.tag in BREAKING or node.tag in CONTAINERS

    def block(self, node: Node, section: str, lead: int | None = None) -> None:
        tag = node.tag
        if tag in HIDDEN:
            return
        if tag in HEADINGS:
            text = text_of(node)
            self.caption = text
            self.blocks.append(Heading(HEADINGS[tag], text, node.get("id")))
        elif tag == "p":
            for runs in paragraphs(node):
                self.blocks.append(Paragraph(runs, node.classes))
        elif tag in ("ul", "ol"):
            items = tuple(paragraphs(li) for li in node.iter("li"))
            self.blocks.append(ListBlock(tuple(i for i in items if i), ordered=tag == "ol"))
        elif tag == "table":
            table = _table(node, self.name("table", section), self.caption)
            self.blocks.append(table)
            self.named.append((node.start if lead is None else lead, node.end, table))
        elif tag == "svg":
            name = self.name("figure", section)
            figure = Figure(name, self.source[node.start : node.end], _svg_title(node))
            self.blocks.append(figure)
            self.named.append((node.start if lead is None else lead, node.end, figure))
        else:
            self.walk(node, section)


def _walk(html: str) -> _Walker:
    walker = _Walker(html)
    walker.walk(parse(html), "report")
    return walker


def blocks(html: str) -> list[Block]:
    """The blocks of a rendered report, in order."""
    return _walk(html).blocks


def tables(html: str) -> dict[str, Table]:
    return {b.name: b for b in blocks(html) if isinstance(b, Table)}


def figures(html: str) -> dict[str, Figure]:
    return {b.name: b for b in blocks(html) if isinstance(b, Figure)}


def wrap(html: str, around: Callable[[Table | Figure], tuple[str, str]]) -> str:
    """``html`` with the markup ``around(block)`` gives, ``(before, after)``, put around each named
    table and figure with the heading that introduces it (links to download them after each; a
    landscape page around a wide table and its heading)."""
    out, last = [], 0
    for start, end, block in _walk(html).named:
        before, after = around(block)
        out += [html[last:start], before, html[start:end], after]
        last = end
    out.append(html[last:])
    return "".join(out)


# --- a figure as a file of its own ----------------------------------------------------------------


def _viewbox_size(tag: str) -> tuple[float, float] | None:
    found = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"', tag)
    return (float(found.group(1)), float(found.group(2))) if found else None


def standalone_svg(figure: Figure, font_family: str = "DejaVu Sans, Arial, sans-serif") -> str:
    """The figure as an SVG file: the namespace, a size (from its viewBox when it has none) and a
    font (the report's stylesheet gives it one)."""
    svg = figure.svg
    head_end = svg.index(">") + 1
    head, body = svg[:head_end], svg[head_end:]
    extra = []
    if "xmlns=" not in head:
        extra.append('xmlns="http://www.w3.org/2000/svg"')
    size = _viewbox_size(head)
    if size and not re.search(r"\swidth=", head):
        extra.append(f'width="{size[0]:g}" height="{size[1]:g}"')
    if "font-family=" not in head:
        extra.append(f'font-family="{font_family}"')
    if extra:
        closing = "/>" if head.endswith("/>") else ">"
        head = head[: -len(closing)].rstrip() + " " + " ".join(extra) + closing
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + head + body + "\n"
