"""Words of a text for search: the forms it contains, their lemmas, and where a query's words are.

A *word* is a run of letters and digits (``[^\\W_]+``), as the full-text indexes split text
(SQLite FTS5's ``unicode61`` tokenizer, PostgreSQL's ``simple`` configuration), compared in lower
case; diacritics count (Slovene ``č`` is not ``c``). A *lemma* is the dictionary form of a word
(simplemma, offline: ``socializma`` -> ``socializem``), so that a query word can stand for every
form of its lemma found in a town's texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+")
#: Languages lemmatised (simplemma's dictionaries); text of unknown language tries Slovene first.
LANGUAGES = ("sl", "en")
#: A word longer than this is not a word a dictionary knows: it is found as written only.
MAX_WORD = 60
#: Forms a query word may stand for (the most frequent lemmas, such as "biti", have dozens).
MAX_FORMS = 200
#: Code points of context before and after the first hit in a snippet.
BEFORE, AFTER = 60, 140


def languages(language: str | None) -> tuple[str, ...]:
    """The dictionaries to lemmatise a text in: its own language, else Slovene then English."""
    code = (language or "").strip().lower()[:2]
    return (code,) if code in LANGUAGES else LANGUAGES


def lemma(word: str, langs: Sequence[str]) -> str:
    """The lemma of ``word`` (as written: case tells ``Gorenje`` the firm from ``gorenje``), in
    lower case; the word itself when no dictionary knows it."""
    import simplemma

    return simplemma.lemmatize(word, lang=tuple(langs)).lower()


def forms(text: str) -> set[str]:
    """The distinct words of ``text`` as written (case kept, for :func:`lemma`)."""
    found: set[str] = set()
    mixed = []
    for chunk in set(text.split()):  # most chunks between spaces are one word: no pattern needed
        if chunk.isalnum():  # exactly the characters of [^\W_]
            found.add(chunk)
        else:
            mixed.append(chunk)
    found.update(WORD.findall(" ".join(mixed)))
    return found if all(len(w) <= MAX_WORD for w in found) else {w for w in found if len(w) <= MAX_WORD}


def vocabulary(texts: Iterable[tuple[str, str | None]]) -> set[tuple[str, str]]:
    """``(form, lemma)`` pairs, both lower case, of the words of ``texts`` (``(text, language)``)."""
    written: dict[tuple[str, ...], set[str]] = {}
    for text, language in texts:
        written.setdefault(languages(language), set()).update(forms(text))
    out: set[tuple[str, str]] = set()
    for langs, words in written.items():
        for word in words:
            out.add((word.lower(), lemma(word, langs)[:MAX_WORD]))
    return out


def query_words(query: str) -> list[str]:
    """The words of a search query, in order, each once."""
    return list(dict.fromkeys(WORD.findall(query)))


def query_lemmas(word: str) -> set[str]:
    """The lemmas a query word may have: in Slovene and in English, lemmatised as typed (a capital
    tells the firm ``Gorenje`` from the verb ``goreti``), and the word itself."""
    return {word.lower(), *(lemma(word, (lang,)) for lang in LANGUAGES)}


@dataclass(frozen=True)
class Snippet:
    """A passage of a text around the first hit: ``text[start:end]``, with the hits in it as
    ``marks`` (``[start, end)`` offsets in the whole text, code points)."""

    start: int
    end: int
    text: str
    marks: tuple[tuple[int, int], ...]

    def pieces(self) -> list[tuple[str, bool]]:
        """The snippet as ``(piece, is_hit)`` pairs, for a template to wrap hits in ``<mark>``."""
        return pieces(self.text, self.start, self.marks)


def pieces(snippet: str, start: int, marks: Iterable[Sequence[int]]) -> list[tuple[str, bool]]:
    """A snippet starting at offset ``start`` of its text as ``(piece, is_hit)`` pairs, the hits
    being ``marks`` (``[start, end)`` offsets in the whole text, in order, not overlapping)."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for mark_start, mark_end in marks:
        a, b = mark_start - start, mark_end - start
        if a > pos:
            out.append((snippet[pos:a], False))
        out.append((snippet[a:b], True))
        pos = b
    if pos < len(snippet):
        out.append((snippet[pos:], False))
    return out


@dataclass(frozen=True)
class Matcher:
    """Finds any of a set of word forms as whole words, in any case."""

    forms: tuple[str, ...]
    pattern: re.Pattern[str]

    def first(self, text: str) -> int | None:
        """Where the first hit starts: found by plain substring search of each form in lower case,
        capitalised and upper case (fast, whole words checked), else by the pattern (any case)."""
        best: int | None = None
        for form in self.forms:
            for variant in {form, form.capitalize(), form.upper()}:
                pos = text.find(variant)
                while pos != -1 and (best is None or pos < best):
                    end = pos + len(variant)
                    if (pos == 0 or not _word_char(text[pos - 1])) and (end == len(text) or not _word_char(text[end])):
                        best = pos
                        break
                    pos = text.find(variant, pos + 1)
        if best is not None:
            return best
        found = self.pattern.search(text)
        return found.start() if found else None


def _word_char(char: str) -> bool:
    return char.isalnum()


def matcher(forms_: Iterable[str]) -> Matcher | None:
    """A :class:`Matcher` of ``forms_``, or None if there are none."""
    alternatives = sorted({f.lower() for f in forms_ if f}, key=lambda f: (-len(f), f))
    if not alternatives:
        return None
    body = "|".join(re.escape(f) for f in alternatives)
    return Matcher(tuple(alternatives), re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])", re.IGNORECASE))


def snippet(text: str, matcher_: Matcher | None, before: int = BEFORE, after: int = AFTER) -> Snippet:
    """The passage around the first word ``matcher_`` finds (the text's beginning if none), cut
    at spaces, with every hit inside it marked."""
    first = matcher_.first(text) if matcher_ is not None else None
    anchor = first if first is not None else 0
    start = max(0, anchor - before)
    if start > 0:
        space = text.find(" ", start, anchor)
        start = space + 1 if space != -1 else start
    end = min(len(text), anchor + after)
    if end < len(text):
        space = text.rfind(" ", anchor + 1, end)
        end = space if space > 0 else end
    marks: list[tuple[int, int]] = []
    for found in matcher_.pattern.finditer(text, start, end) if matcher_ is not None and first is not None else ():
        cut_word = found.end() == end < len(text) and _word_char(text[end])  # the window ends inside a word
        if not cut_word:
            marks.append((found.start(), found.end()))
    return Snippet(start, end, text[start:end], tuple(marks))
