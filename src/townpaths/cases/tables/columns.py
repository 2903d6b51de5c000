"""The columns of a table as files and forms write them, made from the registry's declarations
(:class:`~townpaths.studies.spec.Authoring`), and one cell read or written per column.

A file column is one of four kinds: a column of the table (``value``), a reference written as the
natural key of the row it points to (``reference``), the path of a hierarchy (``tree``) or the
links of a row to records of any table (``links``). The natural key's columns come first, the
provenance columns last; ``id``, ``town_id``, hidden and binary columns are never in a file.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, LargeBinary, String, Table, Text

from townpaths.core.errors import InputError
from townpaths.core.values import check_text, finite_number, tag_list, whole_number
from townpaths.core.vocab import PROVENANCE
from townpaths.formats.jsonsafe import parse_json
from townpaths.registry import Registry
from townpaths.studies.spec import Authoring, Reference

VALUE, REFERENCE, TREE, LINKS = "value", "reference", "tree", "links"
#: The kinds of values a cell holds (what a form field asks for).
TEXT, INTEGER, NUMBER, BOOLEAN, DATE, DATETIME, JSON_VALUE, TAGS, KEY, PATH, LINK_LIST = (
    "text",
    "integer",
    "number",
    "boolean",
    "date",
    "datetime",
    "json",
    "tags",
    "key",
    "path",
    "links",
)
PROVENANCE_COLUMNS = ("provenance", "provenance_note")
LANGUAGE_SUFFIXES = {"_en": "en", "_sl": "sl"}
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "da", "d"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "ne"})


class Empty:
    """The value of an empty cell (distinct from a value that is ``None`` on purpose)."""

    def __repr__(self) -> str:
        return "EMPTY"


EMPTY = Empty()


@dataclass(frozen=True)
class FileColumn:
    """One column of a table's files and forms. ``column`` is the table's column it writes (for a
    reference, the foreign key; none for a tree's path or links); ``required``: a value is needed
    (on a new row: unless ``generated``, made by townpaths when left empty)."""

    name: str
    kind: str
    value_type: str
    column: Column[Any] | None = None
    reference: Reference | None = None
    required: bool = False
    generated: bool = False
    key: bool = False
    choices: tuple[str, ...] = ()
    max_chars: int | None = None
    multiline: bool = False

    @property
    def language(self) -> str | None:
        """``en`` or ``sl`` for a text column in one language (``name_en``), else None."""
        return next((lang for suffix, lang in LANGUAGE_SUFFIXES.items() if self.name.endswith(suffix)), None)

    @property
    def provenance(self) -> bool:
        return self.name in PROVENANCE_COLUMNS


@dataclass(frozen=True)
class Layout:
    """A table as people author it: its file columns in order (the file's header)."""

    name: str
    table: Table
    authoring: Authoring
    columns: tuple[FileColumn, ...]
    confidential: bool = False

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> FileColumn:
        return next(c for c in self.columns if c.name == name)

    @property
    def key_columns(self) -> list[FileColumn]:
        return [self.column(k) for k in self.authoring.key]


def value_type(column: Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, Boolean):
        return BOOLEAN
    if isinstance(kind, Integer):
        return INTEGER
    if isinstance(kind, Float):
        return NUMBER
    if isinstance(kind, DateTime):
        return DATETIME
    if isinstance(kind, Date):
        return DATE
    if isinstance(kind, JSON):
        return JSON_VALUE
    return TEXT


def column_default(column: Column[Any]) -> tuple[bool, Any]:
    """(whether ``column`` has a default townpaths can give, the default)."""
    default = column.default
    if default is None or (not getattr(default, "is_scalar", False) and not getattr(default, "is_callable", False)):
        return False, None
    if getattr(default, "is_callable", False):
        return True, default.arg(None)  # type: ignore[attr-defined]
    return True, default.arg  # type: ignore[attr-defined]


def layout(registry: Registry, name: str) -> Layout:
    """The file columns of the authorable (or only referred-to) table ``name``."""
    auth = registry.authoring(name)
    spec = registry.table_specs[name]
    table = spec.table
    refs = {r.fk: r for r in auth.references}
    tree = auth.tree
    skip = {"id", "town_id", *auth.hidden, *spec.secret}
    if tree is not None:
        skip |= {tree.parent, tree.name}
    made = {*auth.numbered, *auth.generated}
    keyed_from = set(auth.key) if auth.key_from is not None else set()
    found: list[FileColumn] = []
    for col in table.c:
        if col.name in skip or isinstance(col.type, LargeBinary):
            continue
        ref = refs.get(col.name)
        if ref is not None:
            found.append(
                FileColumn(ref.column, REFERENCE, KEY, col, ref, required=not col.nullable, key=ref.column in auth.key)
            )
            continue
        has_default, _ = column_default(col)
        generated = col.name in made or (col.name in keyed_from and value_type(col) == TEXT)
        required = col.name in auth.required or (
            not col.nullable and not has_default and col.server_default is None and not generated
        )
        if col.name in auth.key and not generated:
            required = True
        choices = auth.choices.get(col.name, PROVENANCE if col.name == "provenance" else ())
        kind = TAGS if col.name in auth.tags else value_type(col)
        found.append(
            FileColumn(
                col.name,
                VALUE,
                kind,
                col,
                required=required,
                generated=generated,
                key=col.name in auth.key,
                choices=tuple(choices),
                max_chars=col.type.length if isinstance(col.type, String) else None,
                multiline=isinstance(col.type, Text) or kind == JSON_VALUE,
            )
        )
    if tree is not None:
        found.append(FileColumn(tree.column, TREE, PATH, required=True, key=tree.column in auth.key))
    if auth.links is not None:
        found.append(FileColumn(auth.links.column, LINKS, LINK_LIST, multiline=True))

    def place(item: tuple[int, FileColumn]) -> tuple[int, int]:
        i, c = item
        if c.name in auth.key:
            return (0, auth.key.index(c.name))
        return (2, i) if c.provenance else (1, i)

    ordered = tuple(c for _, c in sorted(enumerate(found), key=place))
    return Layout(name, table, auth, ordered, spec.confidential)


# --- cells ----------------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    """A cell's value as text: whole numbers without ``.0`` (a spreadsheet's ``3.0`` is ``3``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def to_cell(col: FileColumn, value: Any) -> Any:
    """What a file's cell holds for ``value`` of a value column (references, paths and links are
    written by the engine, which knows the keys)."""
    if value is None:
        return ""
    if col.value_type == BOOLEAN:
        return "true" if value else "false"
    if col.value_type in (DATE, DATETIME):
        return value.isoformat()
    if col.value_type == JSON_VALUE:
        return "" if value in ({}, []) else json.dumps(value, ensure_ascii=False)
    if col.value_type == TAGS:
        return "; ".join(str(v) for v in value) if isinstance(value, list) else ""
    return value


def parse_cell(col: FileColumn, raw: Any, *, file: str | None = None, row: int | None = None) -> Any:
    """The value of a value column's cell (:data:`EMPTY` for an empty cell). Raises
    :class:`InputError` naming the file, row, column and value."""
    where: dict[str, Any] = {"file": file, "row": row, "field": col.name}

    def refuse(reason: str) -> InputError:
        return InputError(reason, value=raw, **where)

    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return EMPTY
    kind = col.value_type
    try:
        if kind == BOOLEAN:
            return _boolean(raw, refuse)
        if kind == INTEGER:
            return whole_number(raw, **where)
        if kind == NUMBER:
            return finite_number(raw, **where)
        if kind == DATE:
            return _date(raw, refuse)
        if kind == DATETIME:
            return _datetime(raw, refuse)
        if kind == JSON_VALUE:
            return _json(col, raw, refuse, where)
        if kind == TAGS:
            return tag_list(text_of(raw) if not isinstance(raw, str) else raw, **where)
    except InputError as exc:
        if exc.value is None:
            raise refuse(exc.reason) from None
        raise
    text = check_text(text_of(raw) if not isinstance(raw, str) else raw.strip(), max_chars=col.max_chars, **where)
    if col.choices and text not in col.choices:
        raise refuse(f"not one of: {', '.join(col.choices)}")
    return text


def _boolean(raw: Any, refuse: Callable[[str], InputError]) -> bool:
    if isinstance(raw, bool):
        return raw
    word = text_of(raw).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise refuse("write true or false")


def _date(raw: Any, refuse: Callable[[str], InputError]) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise refuse("a date is written YYYY-MM-DD") from None


def _datetime(raw: Any, refuse: Callable[[str], InputError]) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        return raw
    try:
        return dt.datetime.fromisoformat(str(raw).strip())
    except ValueError:
        raise refuse("a date and time is written YYYY-MM-DDTHH:MM") from None


def _json(col: FileColumn, raw: Any, refuse: Callable[[str], InputError], where: dict[str, Any]) -> Any:
    if not isinstance(raw, str):
        raise refuse("write JSON text (an object {...} or a list [...])")
    try:
        value = parse_json(raw, str(where.get("file") or col.name))
    except InputError as exc:
        raise refuse(f"not JSON ({exc.reason})") from None
    assert col.column is not None
    has_default, default = column_default(col.column)
    if has_default and isinstance(default, dict | list) and not isinstance(value, type(default)):
        raise refuse("write a JSON object {...}" if isinstance(default, dict) else "write a JSON list [...]")
    return value
