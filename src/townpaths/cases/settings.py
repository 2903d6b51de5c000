"""A town's settings as people type them (the command line, the New town and settings pages):
checked here, once, before anything is written.

The settings are the town's names (its own name, and its Slovene name where it differs), its
country, a description and the study's title in each language (the report's subtitle), the study's
citation and period, the languages its texts are written in, and its population (inhabitants in a
given year: the comparisons of towns give rates per 10,000 inhabitants)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from townpaths.core.errors import InputError
from townpaths.core.i18n import LANGUAGES
from townpaths.core.values import SLUG_CHARS, check_name, check_slug, check_text, whole_number

#: The settings in the order forms and listings show them.
SETTINGS = (
    "name",
    "name_sl",
    "country",
    "description_en",
    "description_sl",
    "title_en",
    "title_sl",
    "citation",
    "study_start_year",
    "study_end_year",
    "languages",
    "population",
    "population_year",
)
#: One-line settings and the characters they hold (the columns' limits, or a sensible one).
NAMES = {"name": 200, "name_sl": 200, "country": 100, "title_en": 500, "title_sl": 500}
#: Settings that may run over several lines.
TEXTS = {"description_en": 5000, "description_sl": 5000, "citation": 2000}
YEARS = ("study_start_year", "study_end_year")
#: A town's population: at most this many inhabitants (the largest cities have tens of millions).
MAX_POPULATION = 100_000_000
#: The years a population figure may be of.
POPULATION_YEARS = (1000, 2200)
#: The years a study's period may name.
FIRST_YEAR, LAST_YEAR = 1000, 2999


def slug_from(name: str) -> str:
    """A slug made from a town's name: ``Žalec ob Savinji`` -> ``zalec-ob-savinji``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:SLUG_CHARS].strip("-")
    if not slug:
        raise InputError("cannot make a slug from the name: give one with --slug", field="slug", value=name)
    return slug


def check_languages(value: Any) -> list[str]:
    """The languages of a town's texts: ``sl,en`` (text) or a list, at least one, no repeats."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    wanted = [str(item).strip().lower() for item in items if str(item).strip()]
    unknown = [item for item in wanted if item not in LANGUAGES]
    if unknown:
        raise InputError(f"unknown language (use {', '.join(LANGUAGES)})", field="languages", value=", ".join(unknown))
    if not wanted:
        raise InputError("a town's texts are written in at least one language", field="languages")
    return list(dict.fromkeys(wanted))


def check_settings(values: Mapping[str, Any], *, new: bool) -> dict[str, Any]:
    """The settings of ``values`` checked and cleaned (a setting ``values`` lacks is left out; an
    empty one becomes ``None``). A new town needs its name; the study's period ends no earlier than
    it starts (both checked when both are given)."""
    unknown = sorted(set(values) - set(SETTINGS))
    if unknown:
        raise InputError(f"unknown setting (settings: {', '.join(SETTINGS)})", field=unknown[0])
    out: dict[str, Any] = {}
    for name, value in values.items():
        text = value.strip() if isinstance(value, str) else value
        if name == "languages":
            out[name] = check_languages(value)
        elif text is None or text == "":
            if name == "name":
                raise InputError("a town needs a name", field="name")
            out[name] = None
        elif name in NAMES:
            out[name] = check_name(str(text), max_chars=NAMES[name], field=name)
        elif name in TEXTS:
            out[name] = check_text(str(text), max_chars=TEXTS[name], field=name)
        elif name == "population":
            out[name] = whole_number(text, low=0, high=MAX_POPULATION, field=name)
        elif name == "population_year":
            out[name] = whole_number(text, low=POPULATION_YEARS[0], high=POPULATION_YEARS[1], field=name)
        else:  # a year
            out[name] = whole_number(text, low=FIRST_YEAR, high=LAST_YEAR, field=name)
    if new and not out.get("name"):
        raise InputError("a town needs a name", field="name")
    start, end = out.get("study_start_year"), out.get("study_end_year")
    if start is not None and end is not None and end < start:
        raise InputError("the study ends before it starts", field="study_end_year", value=end)
    return out


def check_new_slug(slug: str | None, name: str) -> str:
    """The slug of a new town: the one given (checked), else one made from its name."""
    return check_slug(slug.strip()) if slug is not None and slug.strip() else slug_from(name)
