"""Pseudonymisation: replace names in transcripts consistently (same name -> same pseudonym)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from townpaths.core.errors import InputError


def pseudonyms(
    names: list[str], prefix: str = "Person", taken: set[str] | frozenset[str] = frozenset()
) -> dict[str, str]:
    """``["Ana Novak", "Marko"]`` -> ``{"Ana Novak": "Person A", "Marko": "Person B"}`` (first-seen
    order), skipping pseudonyms already ``taken``."""
    out: dict[str, str] = {}
    n = 0
    for name in names:
        if name in out:
            continue
        while True:
            letters = string.ascii_uppercase[n % 26] * (n // 26 + 1)
            n += 1
            if f"{prefix} {letters}" not in taken:
                break
        out[name] = f"{prefix} {letters}"
    return out


def redaction_map(entries: Iterable[str], prefix: str = "Person") -> dict[str, str]:
    """Names to redact as a researcher gives them, ``NAME`` or ``NAME=PSEUDONYM``, -> name ->
    pseudonym. A name without a pseudonym gets the next free one (``Person A``, ``Person B``...,
    in first-seen order), never one given explicitly; an explicit pseudonym wins."""
    explicit: dict[str, str] = {}
    plain: list[str] = []
    for entry in entries:
        name, sep, pseudonym = entry.partition("=")
        name, pseudonym = name.strip(), pseudonym.strip()
        if not name or (sep and not pseudonym):
            raise InputError("a name to redact is NAME or NAME=PSEUDONYM", field="redact", value=entry)
        if sep:
            explicit[name] = pseudonym
        else:
            plain.append(name)
    return {**pseudonyms([n for n in plain if n not in explicit], prefix, taken=set(explicit.values())), **explicit}


def redact(text: str, mapping: dict[str, str]) -> tuple[str, dict[str, int]]:
    """Replace each name (whole words, any letter case, longest name first) by its pseudonym.
    Returns the text and how many times each name was replaced."""
    names = sorted((n for n in mapping if n.strip()), key=len, reverse=True)
    if not names:
        return text, {}
    lookup = {n.casefold(): n for n in names}
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
    counts = dict.fromkeys(mapping, 0)

    def replace(match: re.Match[str]) -> str:
        name = lookup[match.group(0).casefold()]
        counts[name] += 1
        return mapping[name]

    return pattern.sub(replace, text), counts
