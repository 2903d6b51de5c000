"""The lexicon scan of a document's text (pure: text in, mentions out).

One pass tokenises the text in C (``re.findall``); each distinct word is lemmatised once (cached);
only the words that can start a term become one alternation regex, so the text is searched a
second time for those few words only, whatever the size of the lexicon. Multi-word terms are
checked on the words that follow a hit. Within a category, overlapping terms count once (the
longest wins), so "coal mining" is one mention, not two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from townpaths.studies.documents.core.lexicon import WORD, CompiledTerm, Term, _lemma, compile_term

MAX_EVIDENCE = 25
MAX_SENTENCE = 400
_ENDS = re.compile(r"[.!?]\s|\n\s*\n")


@dataclass(frozen=True)
class Hit:
    group: str
    category: str
    term: str
    start: int
    end: int


class Scanner:
    """A compiled lexicon."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = [compile_term(t) for t in terms]
        self.first_exact: dict[str, list[CompiledTerm]] = {}
        self.first_prefix: list[tuple[str, CompiledTerm]] = []
        for ct in self.terms:
            first = ct.words[0]
            if first.prefix:
                self.first_prefix.append((first.value, ct))
            else:
                self.first_exact.setdefault(first.value, []).append(ct)
        self.max_words = max((len(ct.words) for ct in self.terms), default=1)
        self.categories = list(dict.fromkeys(ct.term.category for ct in self.terms))
        self.group_of = {ct.term.category: ct.term.group for ct in self.terms}
        # per language: words already classified, and those that can start a term (with the terms)
        self._seen: dict[str, set[str]] = {}
        self._triggers: dict[str, dict[str, list[CompiledTerm]]] = {}

    def _candidates(self, token: str, lemma: str) -> list[CompiledTerm]:
        out = list(self.first_exact.get(lemma, ()))
        if token != lemma:
            out += [ct for ct in self.first_exact.get(token, ()) if ct not in out]
        for prefix, ct in self.first_prefix:
            if token.startswith(prefix) or lemma.startswith(prefix):
                out.append(ct)
        return out

    def scan(self, text: str, lang: str) -> tuple[int, list[Hit]]:
        """(number of words, hits in text order)."""
        lower = text.lower()
        if len(lower) != len(text):  # rare case-folding that changes length: keep offsets exact
            lower = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        tokens = WORD.findall(lower)
        unique = set(tokens)
        seen = self._seen.setdefault(lang, set())
        known = self._triggers.setdefault(lang, {})
        for token in unique - seen:
            cands = self._candidates(token, _lemma(token, lang))
            if cands:
                known[token] = cands
        seen |= unique
        triggers = {t: known[t] for t in unique & known.keys()}
        if not triggers:
            return len(tokens), []
        alternation = "|".join(re.escape(t) for t in sorted(triggers, key=len, reverse=True))
        pattern = re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)")
        hits: list[Hit] = []
        taken: dict[str, int] = {}
        for m in pattern.finditer(lower):
            cands = triggers[m.group()]
            following: list[tuple[str, str, int]] | None = None
            best: dict[str, tuple[int, CompiledTerm]] = {}
            for ct in cands:
                end = m.end()
                if len(ct.words) > 1:
                    if following is None:
                        following = []
                        for w in WORD.finditer(lower, m.end()):
                            following.append((w.group(), _lemma(w.group(), lang), w.end()))
                            if len(following) >= self.max_words - 1:
                                break
                    if len(following) < len(ct.words) - 1:
                        continue
                    if not all(p.matches(tok, lem) for p, (tok, lem, _) in zip(ct.words[1:], following, strict=False)):
                        continue
                    end = following[len(ct.words) - 2][2]
                cat = ct.term.category
                if cat not in best or end > best[cat][0]:
                    best[cat] = (end, ct)
            for cat, (end, ct) in best.items():
                if m.start() < taken.get(cat, -1):
                    continue
                taken[cat] = end
                hits.append(Hit(ct.term.group, cat, ct.term.text, m.start(), end))
        return len(tokens), hits


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` (at most ``MAX_SENTENCE`` characters)."""
    lo = max(start - MAX_SENTENCE // 2, 0)
    left = lo
    for m in _ENDS.finditer(text, lo, start):
        left = m.end()
    stop = _ENDS.search(text, end, min(end + MAX_SENTENCE // 2, len(text)))
    right = stop.start() + 1 if stop else min(end + MAX_SENTENCE // 2, len(text))
    return left, right


def summarise(
    text: str, words: int, hits: list[Hit], categories: list[str], group_of: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """Per category: mentions, mentions per 1,000 words, and the matching sentences (evidence)
    with the matched spans relative to the sentence."""
    out: dict[str, dict[str, Any]] = {}
    for cat in categories:
        mine = [h for h in hits if h.category == cat]
        evidence: list[dict[str, Any]] = []
        last: tuple[int, int] | None = None
        for h in mine:
            bounds = sentence_bounds(text, h.start, h.end)
            if last == bounds and evidence:
                evidence[-1]["spans"].append([h.start - bounds[0], h.end - bounds[0]])
                evidence[-1]["terms"] = sorted(set(evidence[-1]["terms"]) | {h.term})
                continue
            if len(evidence) >= MAX_EVIDENCE:
                continue
            last = bounds
            evidence.append(
                {
                    "offset": bounds[0],
                    "sentence": text[bounds[0] : bounds[1]],
                    "spans": [[h.start - bounds[0], h.end - bounds[0]]],
                    "terms": [h.term],
                }
            )
        out[cat] = {
            "group": group_of.get(cat, ""),
            "mentions": len(mine),
            "per_1000": round(len(mine) * 1000 / words, 3) if words else 0.0,
            "evidence": evidence,
        }
    return out


def highlight(sentence: str, spans: list[list[int]]) -> list[tuple[str, bool]]:
    """A sentence as (piece, is_match) pairs for a template to wrap matches in ``<mark>``."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        if a > pos:
            pieces.append((sentence[pos:a], False))
        pieces.append((sentence[a:b], True))
        pos = b
    if pos < len(sentence):
        pieces.append((sentence[pos:], False))
    return pieces
