"""Finding a record's Slovene text in the article's text (``../shared/study/article-sl.txt``).

The article's text was extracted from its printed pages: words are split at line ends with a
hyphen ("soli-\\ndarnost"; a real hyphen at a line end is doubled: "družbeno-\\n-kulturne"), table
cells run into each other with or without a space ("strategije,dokumenti"), footnote numbers
stick to the word or the punctuation mark before them ("premogovnika46 (", "1987,37 ki"), and a
page's footnotes and its running head sit between the last line of a page and the first of the
next ("… brezposelnih prek" [footnote 46] "prostovoljstva, …").

:func:`article_text` reads the article without the footnotes and running heads (a footnote runs
from a line starting with its number and a tab to the next page's first line, which the
extraction indents by one space). Both sides are then compared after :func:`normalise`:
hyphenation across line breaks joined, footnote markers dropped (the article's side only), every
whitespace character dropped, case folded. A quotation may leave out a part of the article (a
figure printed in the middle of a sentence) where it says so with an ellipsis "…": every part
between ellipses must then be found (:func:`missing_parts`).
"""

from __future__ import annotations

import re
from pathlib import Path

#: A word broken at a line end: the hyphen, the spaces after it, the line break and the indent.
HYPHENATION = re.compile(r"-[ \t]*\n\s*")
#: A footnote number stuck to the letter or punctuation mark before it, followed by a space or a
#: punctuation mark ("premogovnika46 (", "1987,37 ki", "Sloveniji.49 Lokalne").
FOOTNOTE_AFTER_LETTER = re.compile(r"(?<=[^\W\d_])\d{1,2}(?=[\s,.;:)])")
FOOTNOTE_AFTER_MARK = re.compile(r"(?<=[,.;:»«)])\d{1,2}(?=\s)")
#: The first line of a footnote: its number and a tab.
FOOTNOTE_START = re.compile(r"^\d{1,2}\t")
#: The running head of a page: its number alone, then the journal's issue.
RUNNING_HEAD = re.compile(r"^(\d{1,3} \t|ŠR \d+/\d{4}: ZBORNIK \d{4})\s*$")
WHITESPACE = re.compile(r"\s+")
ELLIPSIS = "…"


def without_footnotes(text: str) -> str:
    """The article's running text: footnotes (from a line starting with a number and a tab to
    the next line that starts with a space or a running head) and running heads left out."""
    kept: list[str] = []
    in_note = False
    for line in text.split("\n"):
        if FOOTNOTE_START.match(line):
            in_note = True
            continue
        if RUNNING_HEAD.match(line):
            in_note = False
            continue
        if in_note and line.startswith(" "):
            in_note = False
        if not in_note:
            kept.append(line)
    return "\n".join(kept)


def normalise(text: str, *, footnotes: bool = False) -> str:
    """``text`` without hyphenation across line breaks, whitespace and case (with ``footnotes``,
    also without footnote markers: only for the article's side)."""
    text = HYPHENATION.sub("", text)
    if footnotes:
        text = FOOTNOTE_AFTER_MARK.sub("", FOOTNOTE_AFTER_LETTER.sub("", text))
    return WHITESPACE.sub("", text).casefold()


def article_text(path: Path) -> str:
    """The article, normalised for :func:`missing_parts`: its running text and, separately, its
    footnotes (a record may quote either)."""
    raw = path.read_text(encoding="utf-8")
    return normalise(without_footnotes(raw), footnotes=True) + "\n" + normalise(raw, footnotes=True)


def missing_parts(text: str, article: str) -> list[str]:
    """The parts of ``text`` (split at "…") not found in ``article`` (from :func:`article_text`);
    empty when the whole quotation is found."""
    parts = [p.strip() for p in text.split(ELLIPSIS)]
    return [p for p in parts if p and normalise(p) not in article]
