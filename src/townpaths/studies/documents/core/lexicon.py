"""The lexicon of the official-document scan: heritage terms and post-industrial branding terms.

A term is one or more words in English or Slovene, matched by lemma (simplemma, offline), so
``premogovnika`` matches ``premogovnik``; a word ending in ``*`` matches any word that starts
with it (for forms the lemmatiser does not know, e.g. ``inovativ*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from townpaths.core.errors import InputError

GROUPS = ("heritage", "branding")
#: categories in display order, with their group
CATEGORIES = {
    "industry": "heritage",
    "coal_mining": "heritage",
    "socialism": "heritage",
    "heritage": "heritage",
    "green": "branding",
    "smart": "branding",
    "innovative": "branding",
    "young": "branding",
}
CATEGORY_LABELS = {
    "industry": ("industry", "industrija"),
    "coal_mining": ("coal mining", "premogovništvo"),
    "socialism": ("socialism", "socializem"),
    "heritage": ("heritage", "dediščina"),
    "green": ("green", "zeleno"),
    "smart": ("smart", "pametno"),
    "innovative": ("innovative", "inovativno"),
    "young": ("young", "mlado"),
}
LANGS = ("en", "sl")
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    group: str
    category: str
    lang: str
    text: str


@dataclass(frozen=True)
class WordPattern:
    value: str
    prefix: bool

    def matches(self, token: str, lemma: str) -> bool:
        if self.prefix:
            return token.startswith(self.value) or lemma.startswith(self.value)
        return self.value in (lemma, token)


@dataclass(frozen=True)
class CompiledTerm:
    term: Term
    words: tuple[WordPattern, ...]


def lemma(word: str, lang: str) -> str:
    return _lemma(word.lower(), lang)


@lru_cache(maxsize=500_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang=lang).lower()


def compile_term(term: Term) -> CompiledTerm:
    """Each word of the term as its lemma, or as a prefix when it ends in ``*``."""
    words: list[WordPattern] = []
    for raw in term.text.lower().split():
        parts = WORD.findall(raw)
        for i, part in enumerate(parts):
            if raw.endswith("*") and i == len(parts) - 1:
                words.append(WordPattern(part, True))
            else:
                words.append(WordPattern(lemma(part, term.lang), False))
    if not words:
        raise InputError("empty term", field="term", value=term.text)
    return CompiledTerm(term, tuple(words))


LEXICON_COLUMNS = ("group", "category", "lang", "term")
#: Characters of a category (the column holds 40) and of a term.
MAX_CATEGORY = 40
MAX_TERM = 200


def terms_from_rows(header: list[str], rows: list[tuple[int, dict[str, Any]]], file: str) -> list[Term]:
    """Terms from a lexicon table's header and numbered rows (``group,category,lang,term``), as
    :func:`townpaths.formats.tables.read_table` gives them, checking every row."""
    missing = [c for c in LEXICON_COLUMNS if c not in header]
    if missing:
        raise InputError(f"missing column {missing[0]!r}", file=file, row=1, field=missing[0])
    terms = []
    for n, row in rows:
        group, category, lang, term = ("" if row.get(c) is None else str(row[c]).strip() for c in LEXICON_COLUMNS)
        if group not in GROUPS:
            raise InputError(f"group must be one of {', '.join(GROUPS)}", file=file, row=n, field="group", value=group)
        if lang not in LANGS:
            raise InputError(f"lang must be one of {', '.join(LANGS)}", file=file, row=n, field="lang", value=lang)
        if not category or not WORD.fullmatch(category):
            raise InputError(
                "category must be one word (letters, digits, _)", file=file, row=n, field="category", value=category
            )
        if len(category) > MAX_CATEGORY:
            raise InputError(
                f"a category is at most {MAX_CATEGORY} characters", file=file, row=n, field="category", value=category
            )
        if len(term) > MAX_TERM:
            raise InputError(f"a term is at most {MAX_TERM} characters", file=file, row=n, field="term", value=term)
        if not WORD.search(term):
            raise InputError("empty term", file=file, row=n, field="term", value=term)
        terms.append(Term(group, category, lang, term))
    return terms


_SL = frozenset(
    [
        "je",
        "za",
        "na",
        "se",
        "da",
        "so",
        "ki",
        "ter",
        "tudi",
        "od",
        "po",
        "pri",
        "kot",
        "ali",
        "bo",
        "smo",
        "bi",
        "ne",
        "iz",
    ]
)
_EN = frozenset(
    ["the", "and", "of", "to", "is", "for", "that", "with", "are", "be", "this", "from", "by", "on", "as", "an"]
)


def guess_language(text: str) -> str:
    """``sl`` or ``en`` by common function words in the first 20,000 characters."""
    words = WORD.findall(text[:20000].lower())
    sl = sum(1 for w in words if w in _SL)
    en = sum(1 for w in words if w in _EN)
    return "en" if en > sl else "sl"
