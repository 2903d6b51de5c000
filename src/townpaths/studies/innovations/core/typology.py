"""The study's typology of social innovations (extensible: any other type is kept as written)."""

from __future__ import annotations

from typing import Any

#: (English, Slovene) in the study's order (Table 3 of the article).
DEFAULT_TYPES: tuple[tuple[str, str], ...] = (
    ("new practice", "nova praksa"),
    ("new service", "nova storitev"),
    ("new product", "nov proizvod"),
    ("new rules/regulations", "nova pravila/predpisi"),
    ("new organisational form", "nova organizacijska oblika"),
    ("social movement", "družbeno gibanje"),
)

_SL = dict(DEFAULT_TYPES)
_EN = {sl: en for en, sl in DEFAULT_TYPES}


def slovene(type_en: str) -> str | None:
    """The Slovene name of a default type (``None`` for an added type)."""
    return _SL.get(type_en)


def normalise(type_en: str | None, type_sl: str | None = None) -> tuple[str, str | None]:
    """Clean a type pair: whitespace collapsed, English filled in from a known Slovene name
    and vice versa. Unknown types are kept (the typology is extensible)."""
    en = " ".join((type_en or "").split()).lower()
    sl = " ".join((type_sl or "").split()).lower() or None
    if not en and sl:
        en = _EN.get(sl, sl)
    if en and not sl:
        sl = _SL.get(en)
    return en, sl


def type_order(innovations: list[dict[str, Any]]) -> list[str]:
    """Types present in ``innovations``: the study's order first, added types alphabetically."""
    present = {i["type_en"] for i in innovations}
    known = [en for en, _ in DEFAULT_TYPES if en in present]
    return known + sorted(present - set(known))
