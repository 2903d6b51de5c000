"""Untrusted JSON (case bundles, innovation registers): limits checked before it is parsed.

:func:`load_json` reads JSON text (UTF-8 with or without a BOM, UTF-16 with a BOM: see
:mod:`townpaths.formats.encoding`) and refuses, each with one
:class:`InputError` naming the file: more than ``max_bytes``, nesting deeper than ``max_depth``
(measured by a linear scan before parsing, so 100,000 nested brackets never reach the parser),
``NaN``/``Infinity`` and numbers too large for a float (``1e999``), integers of more than
:data:`MAX_INT_DIGITS` digits and the same key twice in one object. (Text a database cannot
store is refused where each value is checked, naming its place.)"""

from __future__ import annotations

import json
import re
from typing import Any

from townpaths.core.errors import InputError
from townpaths.formats.encoding import decode_text
from townpaths.formats.files import check_size

MAX_DEPTH = 64
MAX_INT_DIGITS = 40
MAX_JSON_BYTES = 256 * 1024**2


class _Refused(ValueError):
    def __init__(self, reason: str, value: object = None) -> None:
        super().__init__(reason)
        self.reason, self.value = reason, value


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str, limit: int) -> int | None:
    """The line where ``text`` nests deeper than ``limit`` arrays and objects, else ``None``
    (brackets inside strings do not count; strings never span lines in JSON)."""
    bare = _STRING.sub('""', text)
    depth = 0
    for match in _BRACKET.finditer(bare):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return bare.count("\n", 0, match.start()) + 1
        else:
            depth -= 1
    return None


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number JSON allows (a finite number is expected)", name)


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused("a number too large (not finite)", text)
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"a number of more than {MAX_INT_DIGITS} digits", text)
    return int(text)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused("the same key twice in one object", key)
        out[key] = value
    return out


def load_json(data: bytes, file: str, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """The value of a JSON document, within the limits above."""
    check_size(len(data), max_bytes, file)
    return parse_json(decode_text(data, file), file, max_depth=max_depth)


def parse_json(text: str, file: str, *, line: int | None = None, max_depth: int = MAX_DEPTH) -> Any:
    """The value of JSON text (already decoded), within the limits above; ``line`` is the line of
    ``file`` the text is (one record of a JSON Lines file), for messages."""
    deep = json_depth(text, max_depth)
    if deep is not None:
        where = line if line is not None else deep
        raise InputError(f"JSON nested more than {max_depth} levels deep", file=file, row=f"line {where}")
    try:
        return json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int, object_pairs_hook=_pairs)
    except _Refused as exc:
        row = None if line is None else f"line {line}"
        raise InputError(exc.reason, file=file, row=row, value=exc.value) from None
    except json.JSONDecodeError as exc:
        where = exc.lineno if line is None else line
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", file=file, row=f"line {where}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not valid JSON ({exc.__class__.__name__}: {exc})", file=file) from None
