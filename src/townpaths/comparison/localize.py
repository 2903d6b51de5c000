"""Texts of a comparison in the reader's language (pure): a row's ``name_en`` and ``name_sl``
become ``name`` (the reader's language, else the other) and ``name_lang`` (the language the text
is in, None when there is none), so a text a town never translated is shown, and marked."""

from __future__ import annotations

from typing import Any

#: The language suffixes of the texts of a row.
SUFFIXES = {"_en": "en", "_sl": "sl"}


def bilingual(keys: list[str]) -> list[str]:
    """The names written in two languages among ``keys`` (``name`` for ``name_en``)."""
    out: list[str] = []
    for key in keys:
        for suffix in SUFFIXES:
            if key.endswith(suffix) and key[: -len(suffix)] not in out:
                out.append(key[: -len(suffix)])
    return out


def text(record: dict[str, Any], name: str, lang: str) -> tuple[Any, str | None]:
    """``(text, language)`` of ``name`` in ``lang``, else in another language, else ``(None, None)``."""
    own = record.get(f"{name}_{lang}")
    if own not in (None, ""):
        return own, lang
    for suffix, other in SUFFIXES.items():
        value = record.get(f"{name}{suffix}")
        if other != lang and value not in (None, ""):
            return value, other
    return None, None


def localize(value: Any, lang: str) -> Any:
    """``value`` with every pair of texts in two languages (in dicts, lists of dicts too) replaced by
    the text in ``lang`` and its language, in the place of the pair."""
    if isinstance(value, list):
        return [localize(v, lang) for v in value]
    if not isinstance(value, dict):
        return value
    names = bilingual(list(value))
    out: dict[str, Any] = {}
    for key, item in value.items():
        base = next((key[: -len(s)] for s in SUFFIXES if key.endswith(s) and key[: -len(s)] in names), None)
        if base is None:
            out[key] = localize(item, lang)
        elif base not in out:
            out[base], out[f"{base}_lang"] = text(value, base, lang)
    return out
