"""Values checked by type before they reach a database, markup or a spreadsheet. Pure.

Every check raises :class:`~townpaths.core.errors.InputError` naming the place (file, row,
field) it is given, so an importer, a service and a command-line option all refuse the same
value with the same reason:

* text: no NUL character and no lone surrogate (PostgreSQL cannot store either; SQLite would, so
  both refuse), at most as many characters as the column holds;
* names (a town, a pseudonym, a coder, a title): text on one line, no control characters;
* slugs: lower-case letters, digits and hyphens, at most :data:`SLUG_CHARS` characters;
* numbers: finite (no ``nan``, ``inf``, ``1e999``), whole numbers within the column's range
  (64 bits, or tighter where the domain says so, such as years); a number written with more than
  :data:`MAX_DIGITS` digits is refused before Python converts it;
* colours: ``#rrggbb`` (``#rgb`` is expanded), nothing else reaches a ``style`` attribute;
* tags: short theme keys (lower-case letters, digits, ``-`` and ``_``, at most :data:`TAG_CHARS`
  characters), at most :data:`MAX_TAGS` on a record, written ``a; b; c``.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from townpaths.core.errors import InputError

#: The largest integer a column holds on SQLite and PostgreSQL (64 bits, signed).
MAX_INT64 = 2**63 - 1
MIN_INT64 = -(2**63)
#: Digits of a number read from text; longer numbers are refused before they are converted.
MAX_DIGITS = 40
#: Characters of a town's slug (the column holds 80).
SLUG_CHARS = 80

#: Characters of a tag, and tags on one record.
TAG_CHARS = 40
MAX_TAGS = 20

_TAG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_TAG_SEPARATORS = re.compile(r"[;,\n]")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COLOUR = re.compile(r"#([0-9A-Fa-f]{6})")
_SHORT_COLOUR = re.compile(r"#([0-9A-Fa-f]{3})")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _where(file: str | None, row: int | str | None, field: str | None) -> dict[str, Any]:
    return {"file": file, "row": row, "field": field}


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text in both databases, or ``None``."""
    match = _UNSTORABLE.search(value)
    if match is None:
        return None
    ch = match.group()
    if ch == "\x00":
        return f"NUL character (U+0000) at character {match.start() + 1}: not storable text"
    return f"lone surrogate U+{ord(ch):04X} at character {match.start() + 1}: not valid Unicode text"


def check_text(
    value: str,
    *,
    max_chars: int | None = None,
    file: str | None = None,
    row: int | str | None = None,
    field: str | None = None,
) -> str:
    """``value`` when both databases store it as it is (and it fits ``max_chars``), else an
    :class:`InputError` naming the place."""
    problem = text_problem(value)
    if problem is not None:
        raise InputError(problem, **_where(file, row, field))
    if max_chars is not None and len(value) > max_chars:
        raise InputError(f"longer than {max_chars} characters ({len(value)})", value=value, **_where(file, row, field))
    return value


def check_json_text(
    value: Any, *, file: str | None = None, row: int | str | None = None, field: str | None = None
) -> Any:
    """:func:`check_text` on every text (keys and values) inside a JSON-like value (iteratively:
    any depth), and every number finite."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            check_text(item, file=file, row=row, field=field)
        elif isinstance(item, float) and not math.isfinite(item):
            raise InputError("not a finite number", value=item, **_where(file, row, field))
        elif isinstance(item, dict):
            for key, inner in item.items():
                if isinstance(key, str):
                    check_text(key, file=file, row=row, field=field)
                stack.append(inner)
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return value


def check_name(
    value: str,
    *,
    max_chars: int,
    file: str | None = None,
    row: int | str | None = None,
    field: str | None = None,
) -> str:
    """A name typed by people (a town, a pseudonym, a coder, a title): stripped, not empty, on one
    line without control characters, at most ``max_chars`` characters."""
    text = value.strip()
    if not text:
        raise InputError("a name cannot be empty", value=value, **_where(file, row, field))
    check_text(text, file=file, row=row, field=field)
    match = _CONTROL.search(text)
    if match is not None:
        raise InputError(
            f"control character U+{ord(match.group()):04X} in a name (a name is one line of text)",
            value=value,
            **_where(file, row, field),
        )
    if len(text) > max_chars:
        raise InputError(
            f"a name is at most {max_chars} characters ({len(text)})", value=value, **_where(file, row, field)
        )
    return text


def check_slug(value: str, *, file: str | None = None, field: str | None = "slug") -> str:
    """A town's slug (the part of its web address): lower-case letters ``a-z``, digits and single
    hyphens between them, at most :data:`SLUG_CHARS` characters."""
    if len(value) > SLUG_CHARS:
        raise InputError(
            f"a slug is at most {SLUG_CHARS} characters ({len(value)})", file=file, field=field, value=value
        )
    if not _SLUG.fullmatch(value):
        raise InputError(
            "a slug is lower-case letters a-z, digits and single hyphens between them (e.g. velenje-2024)",
            file=file,
            field=field,
            value=value,
        )
    return value


def check_tag(value: str, *, file: str | None = None, row: int | str | None = None, field: str | None = "tags") -> str:
    """One tag, trimmed and lower-cased: lower-case letters, digits, ``-`` and ``_`` (starting with a
    letter or digit), at most :data:`TAG_CHARS` characters."""
    tag = value.strip().lower()
    if len(tag) > TAG_CHARS:
        raise InputError(
            f"a tag is at most {TAG_CHARS} characters ({len(tag)})", value=value, **_where(file, row, field)
        )
    if not _TAG.fullmatch(tag):
        raise InputError(
            "a tag is lower-case letters, digits, - and _ (e.g. one-company-town); tags are separated by ;",
            value=value,
            **_where(file, row, field),
        )
    return tag


def tag_list(
    value: object, *, file: str | None = None, row: int | str | None = None, field: str | None = "tags"
) -> list[str]:
    """Tags written ``a; b; c`` (``,`` and new lines separate too) or given as a list: each checked
    (:func:`check_tag`), repeats dropped, in the order given, at most :data:`MAX_TAGS`."""
    if value is None:
        return []
    if isinstance(value, str):
        parts = _TAG_SEPARATORS.split(value)
    elif isinstance(value, list | tuple):
        parts = [p if isinstance(p, str) else str(p) for p in value]
    else:
        raise InputError("write tags as a; b; c", value=value, **_where(file, row, field))
    tags = list(dict.fromkeys(check_tag(p, file=file, row=row, field=field) for p in parts if p.strip()))
    if len(tags) > MAX_TAGS:
        raise InputError(f"at most {MAX_TAGS} tags ({len(tags)})", value=value, **_where(file, row, field))
    return tags


def colour_or_none(value: object) -> str | None:
    """``#rrggbb`` for a colour written ``#rrggbb`` or ``#rgb`` (any case), else ``None``."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _COLOUR.fullmatch(text)
    if match is not None:
        return "#" + match.group(1).upper()
    short = _SHORT_COLOUR.fullmatch(text)
    if short is not None:
        return "#" + "".join(c * 2 for c in short.group(1)).upper()
    return None


def check_colour(
    value: object, *, file: str | None = None, row: int | str | None = None, field: str | None = "colour"
) -> str:
    """A colour as ``#RRGGBB`` (``#rgb`` expanded); anything else (a name, ``url(...)``, CSS) refused."""
    colour = colour_or_none(value)
    if colour is None:
        raise InputError("a colour is written #rrggbb (e.g. #2E6B3F)", value=value, **_where(file, row, field))
    return colour


def _number_text(value: str, where: dict[str, Any]) -> str:
    text = value.strip().replace("\u2212", "-")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise InputError("not a finite number", value=value, **where)
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        raise InputError(f"a number of more than {MAX_DIGITS} digits", value=value, **where)
    if not _NUMBER.fullmatch(text):
        raise InputError("not a number", value=value, **where)
    return text


def finite_number(
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    file: str | None = None,
    row: int | str | None = None,
    field: str | None = None,
    reason: str | None = None,
) -> float:
    """A finite number from a cell (a number, or text such as ``1.5``, ``1,5`` or ``2e3``) within
    ``low``..``high`` when given; ``nan``, ``inf`` and numbers too large for a float refused.
    ``reason`` replaces the message of every refusal (an importer's own wording)."""
    try:
        return _finite(value, low, high, _where(file, row, field))
    except InputError:
        if reason is None:
            raise
        raise InputError(reason, value=value, **_where(file, row, field)) from None


def _finite(value: Any, low: float | None, high: float | None, where: dict[str, Any]) -> float:
    if isinstance(value, bool):
        raise InputError("not a number", value=value, **where)
    if isinstance(value, int):
        if abs(value) > 10**MAX_DIGITS:
            raise InputError(f"a number of more than {MAX_DIGITS} digits", value=value, **where)
        number = float(value)
    elif isinstance(value, float):
        number = value
    elif isinstance(value, Decimal):
        number = float(value) if value.is_finite() else math.nan
    elif isinstance(value, str):
        text = _number_text(value, where)
        try:
            number = float(text)
        except (ValueError, OverflowError):
            raise InputError("not a number", value=value, **where) from None
    else:
        raise InputError("not a number", value=value, **where)
    if not math.isfinite(number):
        raise InputError("not a finite number", value=value, **where)
    if (low is not None and number < low) or (high is not None and number > high):
        raise InputError(f"must be a number from {_g(low)} to {_g(high)}", value=value, **where)
    return number


def whole_number(
    value: Any,
    *,
    low: int = MIN_INT64,
    high: int = MAX_INT64,
    file: str | None = None,
    row: int | str | None = None,
    field: str | None = None,
    reason: str | None = None,
) -> int:
    """A whole number from a cell (``12``, ``12.0``, ``1.2e1``) within ``low``..``high`` (by default
    the 64 bits a column holds); fractions, ``nan``, ``inf`` and longer numbers refused. ``reason``
    replaces the message of every refusal."""
    try:
        return _whole(value, low, high, _where(file, row, field))
    except InputError:
        if reason is None:
            raise
        raise InputError(reason, value=value, **_where(file, row, field)) from None


def _whole(value: Any, low: int, high: int, where: dict[str, Any]) -> int:
    if isinstance(value, bool):
        raise InputError("not a whole number", value=value, **where)
    if isinstance(value, int):
        number = value
    else:
        if isinstance(value, float):
            if not math.isfinite(value) or not value.is_integer():
                raise InputError("not a whole number", value=value, **where)
            exact = Decimal(value)
        elif isinstance(value, str):
            try:
                exact = Decimal(_number_text(value, where))
            except InvalidOperation:
                raise InputError("not a whole number", value=value, **where) from None
        elif isinstance(value, Decimal):
            exact = value
        else:
            raise InputError("not a whole number", value=value, **where)
        if not exact.is_finite() or exact != exact.to_integral_value():
            raise InputError("not a whole number", value=value, **where)
        if exact.adjusted() > MAX_DIGITS:
            raise InputError(f"a number of more than {MAX_DIGITS} digits", value=value, **where)
        number = int(exact)
    if not low <= number <= high:
        raise InputError(f"must be a whole number from {low} to {high}", value=value, **where)
    return number


def _g(bound: float | None) -> str:
    return "any" if bound is None else f"{bound:g}"
