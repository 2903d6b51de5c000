"""Pages of bounded size: page numbers, the navigation's numbers, and pages of a long text cut at a
line end or between words."""

from __future__ import annotations

from itertools import pairwise

from townpaths.present.paging import PAGE_CHARS, Pager, page_number, pager, text_page, text_pages


def test_page_numbers_from_a_request() -> None:
    assert [page_number(v) for v in (None, "", "3", " 4 ", "0", "-2", "abc", "²", "1e3", "9" * 10)] == [
        1,
        1,
        3,
        4,
        1,
        1,
        1,
        1,
        1,
        1,
    ]


def test_a_pager_is_clamped_to_the_pages_there_are() -> None:
    assert pager(250, "2") == Pager(2, 3, 250, 100)
    assert (pager(250, "2").start, pager(250, "2").end) == (100, 200)
    last = pager(250, "99")
    assert (last.number, last.start, last.end, last.previous, last.next) == (3, 200, 250, 2, None)
    assert pager(0, "5") == Pager(1, 1, 0, 100)
    assert list(pager(250, "3").slice(list(range(250)))) == list(range(200, 250))


def test_the_navigation_shows_the_ends_and_the_pages_around() -> None:
    assert Pager(1, 3, 30, 10).numbers() == [1, 2, 3]
    assert Pager(50, 100, 1000, 10).numbers() == [1, None, 48, 49, 50, 51, 52, None, 100]
    assert Pager(2, 100, 1000, 10).numbers() == [1, 2, 3, 4, None, 100]


def test_text_pages_end_at_a_line_or_between_words() -> None:
    line = "Rudnik je bil vse. " * 30 + "\n"  # 571 characters a line
    text = line * 100
    starts = text_pages(text, 2000)
    ends = [*starts[1:], len(text)]
    assert starts[0] == 0 and all(0 < e - s <= 2000 for s, e in zip(starts, ends, strict=True))
    assert all(text[s - 1] == "\n" for s in starts[1:])  # each page ends with its last line
    assert "".join(text[s:e] for s, e in zip(starts, ends, strict=True)) == text
    words = "beseda " * 1000  # no line breaks: cut after a space
    cut = text_pages(words, 500)
    assert all(words[s - 1] == " " for s in cut[1:]) and max(b - a for a, b in pairwise(cut)) <= 500
    assert text_pages("x" * 1200, 500) == [0, 500, 1000]  # one long word: cut at the size
    assert text_pages("", 500) == [0] and text_pages("short", 500) == [0]


def test_the_page_of_an_offset() -> None:
    text = ("a" * 99 + "\n") * 1000  # 100,000 characters
    starts = text_pages(text)
    assert len(starts) == 5 and starts[1] == PAGE_CHARS  # 200 lines of 100 fit a page exactly
    second = text_page(len(text), starts, "2")
    assert (second.pager.number, second.pager.count, second.start, second.end) == (2, 5, 20_000, 40_000)
    assert text_page(len(text), starts, at="45000").start == 40_000
    assert text_page(len(text), starts, "1", at="45000").pager.number == 3  # the offset wins
    assert text_page(len(text), starts, at="99999999").pager.number == 5
    assert text_page(len(text), starts, "x", at="x").pager.number == 1
    assert text_page(len(text), starts, "77").pager.number == 5
