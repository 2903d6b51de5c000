"""Values checked against their column before they are written, so SQLite and PostgreSQL give the
same answer: text without NUL characters or lone surrogates (PostgreSQL refuses them) and within
the column's length (SQLite would store longer text), integers within 64 bits, finite floats,
JSON without unstorable text or non-finite numbers. Errors name the place (file, row) and the
field as the user knows it (``fields`` maps column names to those, e.g. ``period_of_origin`` ->
``period``)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, String, Table, inspect

from townpaths.core.errors import InputError
from townpaths.core.values import MAX_INT64, MIN_INT64, check_json_text, check_text


def check_values(
    table: Table,
    values: Mapping[str, Any],
    *,
    file: str | None = None,
    row: int | str | None = None,
    fields: Mapping[str, str] | None = None,
) -> None:
    """Refuse the first value of ``values`` (column name -> value) its column of ``table`` cannot hold."""
    for name, value in values.items():
        if value is None or name not in table.c:
            continue
        kind = table.c[name].type
        field = (fields or {}).get(name, name)
        if isinstance(value, str):
            check_text(
                value, max_chars=kind.length if isinstance(kind, String) else None, file=file, row=row, field=field
            )
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and isinstance(kind, Integer):
            if not MIN_INT64 <= value <= MAX_INT64:
                raise InputError("a whole number beyond 64 bits", file=file, row=row, field=field, value=value)
        elif isinstance(value, float) and isinstance(kind, Float | Integer):
            if not math.isfinite(value):
                raise InputError("not a finite number", file=file, row=row, field=field, value=value)
        elif isinstance(kind, JSON):
            check_json_text(value, file=file, row=row, field=field)


#: The Python values each kind of column takes (anything for JSON).
_KINDS: tuple[tuple[type, tuple[type, ...], str], ...] = (
    (Boolean, (bool,), "true or false"),
    (Integer, (int,), "a whole number"),
    (Float, (int, float), "a number"),
    (String, (str,), "text"),
    (DateTime, (dt.datetime,), "a date and time"),
    (Date, (dt.date,), "a date"),
    (LargeBinary, (bytes,), "a file"),
)


def check_types(
    table: Table,
    values: Mapping[str, Any],
    *,
    file: str | None = None,
    row: int | str | None = None,
) -> None:
    """Refuse a value of the wrong kind for its column (text in a number column: SQLite would store
    it as it is, PostgreSQL refuse it), then :func:`check_values`."""
    for name, value in values.items():
        if value is None or name not in table.c:
            continue
        kind = table.c[name].type
        for column_kind, accepted, what in _KINDS:
            if isinstance(kind, column_kind):
                wrong = not isinstance(value, accepted) or (isinstance(value, bool) and bool not in accepted)
                if wrong:
                    raise InputError(f"expected {what}", file=file, row=row, field=name, value=value)
                break
    check_values(table, values, file=file, row=row)


def check_object(
    obj: object, *, file: str | None = None, row: int | str | None = None, fields: Mapping[str, str] | None = None
) -> None:
    """:func:`check_values` for a mapped object (a row about to be added or changed)."""
    mapper = inspect(obj).mapper
    table = mapper.local_table
    assert isinstance(table, Table)
    values = {column.name: getattr(obj, mapper.get_property_by_column(column).key, None) for column in mapper.columns}
    check_values(table, values, file=file, row=row, fields=fields)
