"""The fixed vocabularies of a symbol record and the defaults a study may override.

Themes, narratives, sources and the yes/no axes are part of the method; the ordinal scales
(preservation, attitude, repetition) and the typology are defaults a study can replace.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypedDict

from townpaths.core.errors import InputError
from townpaths.core.values import check_name

#: Characters of a scale level's key (the column holds 40) and of its labels.
MAX_LEVEL_KEY = 40
MAX_LABEL = 200


@dataclass(frozen=True)
class Choice:
    key: str
    label_en: str
    label_sl: str

    def label(self, lang: str) -> str:
        return self.label_sl if lang == "sl" and self.label_sl else self.label_en


THEMES = (
    Choice("industry", "industry", "industrija"),
    Choice("coal mining", "coal mining", "premogovništvo"),
    Choice("socialism", "socialism", "socializem"),
    Choice("mixed", "mixed", "mešano"),
)
NARRATIVES = (
    Choice("socialist_nostalgia", "socialist nostalgia", "socialistična nostalgija"),
    Choice("industrial", "industrial", "industrijska"),
    Choice("post_industrial", "post-industrial image", "postindustrijska podoba"),
    Choice("other", "other", "drugo"),
)
SOURCES = (
    Choice("fieldwork", "fieldwork", "terensko delo"),
    Choice("desk", "desk research", "kabinetno delo"),
    Choice("kobo", "KoboToolbox", "KoboToolbox"),
)
TANGIBLE = (Choice("tangible", "tangible", "otipljiv"), Choice("intangible", "intangible", "neotipljiv"))
VISIBLE = (Choice("visible", "visible", "viden"), Choice("invisible", "invisible", "neviden"))

#: Default ordinal scales, lowest level first.
DEFAULT_SCALES: dict[str, tuple[Choice, ...]] = {
    "preservation": (
        Choice("ruined", "ruined or lost", "uničen ali izgubljen"),
        Choice("poor", "poor", "slabo ohranjen"),
        Choice("fair", "fair", "delno ohranjen"),
        Choice("good", "good", "dobro ohranjen"),
        Choice("very_good", "very good", "zelo dobro ohranjen"),
    ),
    "attitude": (
        Choice("very_negative", "very negative", "zelo odklonilen"),
        Choice("negative", "negative", "odklonilen"),
        Choice("neutral", "neutral or indifferent", "nevtralen ali brezbrižen"),
        Choice("positive", "positive", "naklonjen"),
        Choice("very_positive", "very positive", "zelo naklonjen"),
    ),
    "repetition": (
        Choice("single", "single occurrence", "enkraten"),
        Choice("several", "several occurrences", "večkraten"),
        Choice("pervasive", "recurs throughout the town", "ponavlja se po vsem mestu"),
    ),
}
SCALES = tuple(DEFAULT_SCALES)

YES = {"1", "true", "yes", "y", "da", "x"}
NO = {"0", "false", "no", "n", "ne"}


def keys(choices: tuple[Choice, ...] | list[Choice]) -> list[str]:
    return [c.key for c in choices]


def match_choice(value: str, choices: tuple[Choice, ...] | list[Choice]) -> str | None:
    """The key of the choice named by ``value`` (key or label in either language, any case)."""
    wanted = " ".join(value.strip().lower().replace("_", " ").split())
    for c in choices:
        names = {c.key.lower().replace("_", " "), c.label_en.lower(), (c.label_sl or "").lower()}
        if wanted in names:
            return c.key
    return None


class TypeDef(TypedDict):
    """A symbol type of ``data/symbols/typology.json``."""

    no: int
    name_en: str
    name_sl: str


class CategoryDef(TypedDict):
    """A category of ``data/symbols/typology.json`` with its types."""

    key: str
    name_en: str
    name_sl: str
    types: list[TypeDef]


class TypologyDef(TypedDict):
    categories: list[CategoryDef]


@lru_cache(maxsize=1)
def default_typology() -> TypologyDef:
    """Table 1's 6 categories and 16 types (bilingual), the default typology of a new study."""
    ref = resources.files("townpaths") / "data" / "symbols" / "typology.json"
    typology: TypologyDef = json.loads(ref.read_text(encoding="utf-8"))
    return typology


def parse_level(text: str, scale: str) -> tuple[str, str, str | None]:
    """A scale level as a researcher writes it, ``key=English label[=Slovene label]`` -> (key,
    English label, Slovene label or ``None``)."""
    parts = [p.strip() for p in text.split("=")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise InputError("a level is key=English label[=Slovene label]", field=scale, value=text)
    key = check_name(parts[0], max_chars=MAX_LEVEL_KEY, field=scale)
    labels = [check_name(p, max_chars=MAX_LABEL, field=scale) for p in parts[1:3] if p]
    return key, labels[0], labels[1] if len(labels) > 1 else None
