"""Pages of bounded size: long lists and tables are shown :data:`PAGE_ROWS` rows at a time, long
texts (a transcript) :data:`PAGE_CHARS` characters at a time, cut at a line end or between words,
so no page holds more than a set amount whatever the size of what it shows. Pure."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

#: Rows of a list or table on one page.
PAGE_ROWS = 100
#: Characters of a long text (a transcript) on one page, at most.
PAGE_CHARS = 20_000
#: Characters of one cell on a tables page (the whole text is on the record's own page).
CELL_CHARS = 1_000

T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Page ``number`` (1-based) of ``count`` pages holding ``total`` items, ``size`` a page: items
    ``start`` to ``end`` (end excluded)."""

    number: int
    count: int
    total: int
    size: int

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size

    @property
    def end(self) -> int:
        return min(self.start + self.size, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    def slice(self, items: Sequence[T]) -> Sequence[T]:
        return items[self.start : self.end]

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers a navigation shows: the first, the last and ``around`` either side of this
        one; None where numbers are left out."""
        shown = sorted({1, self.count, *range(max(1, self.number - around), min(self.count, self.number + around) + 1)})
        out: list[int | None] = []
        for n in shown:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


def page_number(requested: object) -> int:
    """The page a request asks for: a whole number written with ASCII digits, else 1 (a page
    number is a link the app made; anything else shows the first page)."""
    text = str(requested or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return 1
    return max(1, int(text))


def pager(total: int, requested: object = None, size: int = PAGE_ROWS) -> Pager:
    """The page of ``total`` items a request asks for (``?page=``), clamped to the pages there are."""
    count = max(1, -(-total // size))
    return Pager(min(page_number(requested), count), count, total, size)


def text_pages(text: str, size: int = PAGE_CHARS) -> list[int]:
    """Where each page of ``text`` starts (code point offsets; the first is 0). A page holds at most
    ``size`` characters and ends after a line break in its second half, else after a space or
    another whitespace character there, else (one word longer than half a page) at ``size``."""
    starts = [0]
    start, n = 0, len(text)
    while n - start > size:
        limit, half = start + size, start + size // 2
        cut = text.rfind("\n", half, limit) + 1
        if not cut:
            cut = max(text.rfind(c, half, limit) for c in (" ", "\t", "\u00a0", "\u2028", "\u2029")) + 1
        if cut <= half:
            cut = limit
        starts.append(cut)
        start = cut
    return starts


@dataclass(frozen=True)
class TextPage:
    """Page ``pager.number`` of a text: code points ``start`` to ``end`` (end excluded)."""

    pager: Pager
    start: int
    end: int


def text_page(text_length: int, starts: list[int], requested: object = None, at: object = None) -> TextPage:
    """The page ``?page=`` asks for, or, with ``?at=`` (a code point offset, e.g. a search hit), the
    page holding that offset."""
    count = len(starts)
    number = page_number(requested)
    offset = str(at or "").strip()
    if offset.isascii() and offset.isdigit() and len(offset) <= 9:
        number = bisect_right(starts, min(int(offset), max(text_length - 1, 0)))
    number = min(number, count)
    end = starts[number] if number < count else text_length
    return TextPage(Pager(number, count, count, 1), starts[number - 1], end)
