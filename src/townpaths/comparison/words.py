"""The numbers and statements of a comparison as a reader reads them, in Slovene or English: numbers
by a column's format (decimal comma in Slovene), each summary statement filled in from a template
with the measure, the towns and their numbers (no other words)."""

from __future__ import annotations

import math
from typing import Any

from townpaths.comparison.summary import Statement
from townpaths.core.comparison import RELATIVE, SHARE, TAU, Measure
from townpaths.core.i18n import Translator


def _decimal(text: str, lang: str) -> str:
    """English 1,234.5 -> Slovene 1.234,5."""
    if lang != "sl":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(value: Any, fmt: str, lang: str) -> str:
    """A value shown in a cell of ``fmt`` (:data:`townpaths.core.comparison.CELL_FORMATS`)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if fmt == "count":
        return _decimal(f"{value:,.0f}", lang) if isinstance(value, int | float) else str(value)
    if fmt == "share":
        return _decimal(f"{value * 100:.1f}", lang) + " %"
    if fmt == "rate":
        return _decimal(f"{value:,.1f}", lang)
    if fmt == "coefficient":
        return _decimal(f"{value:.3f}", lang)
    if fmt == "number":
        return _decimal(f"{value:,.2f}", lang)
    if fmt == "year":
        return str(value)
    return str(value)


def measure_format(measure: Measure) -> str:
    """How a measure's values are shown: its own format, else a share as a percentage, a tau with
    three decimals, other values with two."""
    if measure.format:
        return measure.format
    return {SHARE: "share", TAU: "coefficient"}.get(measure.scale, "number")


def measure_label(statement: Statement, tr: Translator) -> str:
    measure = statement.measure
    name = measure.name or {}
    found = name.get(tr.lang) or name.get("en") or name.get("sl") or ""
    return tr.gettext(measure.label, name=found) if "%(name)s" in measure.label else tr.gettext(measure.label)


def statement_text(statement: Statement, town_a: str, town_b: str, tr: Translator) -> str:
    """The statement: the measure, the two towns with their values and how far apart they are."""
    lang = tr.lang
    label = measure_label(statement, tr)
    scale = statement.measure.scale
    fmt = measure_format(statement.measure)
    if scale == TAU:
        return tr.gettext(
            "%(measure)s over the %(n)s problems both rank: tau-b = %(tau)s.",
            measure=label,
            n=statement.count or 0,
            tau=number(statement.value_a, fmt, lang),
        )
    assert statement.value_b is not None
    a = number(statement.value_a, fmt, lang)
    b = number(statement.value_b, fmt, lang)
    if scale == SHARE and fmt != "share":
        return tr.gettext(
            "%(measure)s: %(town_a)s %(a)s, %(town_b)s %(b)s (%(difference)s apart).",
            measure=label,
            town_a=town_a,
            a=a,
            town_b=town_b,
            b=b,
            difference=number(statement.distance, fmt, lang),
        )
    if scale == SHARE:
        return tr.gettext(
            "%(measure)s: %(town_a)s %(a)s, %(town_b)s %(b)s (%(points)s percentage points apart).",
            measure=label,
            town_a=town_a,
            a=a,
            town_b=town_b,
            b=b,
            points=_decimal(f"{abs(statement.value_a - statement.value_b) * 100:.1f}", lang),
        )
    assert scale == RELATIVE
    return tr.gettext(
        "%(measure)s: %(town_a)s %(a)s, %(town_b)s %(b)s (%(percent)s apart, of the larger).",
        measure=label,
        town_a=town_a,
        a=a,
        town_b=town_b,
        b=b,
        percent=number(statement.distance, "share", lang),
    )
