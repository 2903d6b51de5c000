"""One row of a file or a form, read into the values of its table's columns.

Reading a row checks every cell (its type, its choices, that a reference names a row of the town)
and collects every problem instead of stopping at the first, so a file's every bad row is reported
at once. Filling a row (:func:`fill`) then gives the columns left empty their value: the next
number, a key made from the row's name, the column's default, or an error when a value is needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from townpaths.cases.tables.columns import (
    EMPTY,
    LINKS,
    REFERENCE,
    TREE,
    VALUE,
    Layout,
    column_default,
    parse_cell,
    text_of,
)
from townpaths.cases.tables.keys import KeyIndex, escape, split_items
from townpaths.core.errors import InputError
from townpaths.core.keys import slug, unique_key
from townpaths.core.values import check_text
from townpaths.core.vocab import INFERRED, PROVENANCE


@dataclass
class Row:
    """A row as read: ``values`` by table column (:data:`EMPTY` for an empty cell), its tree path,
    its links (None when the file has no links column), its key per key column (escaped text,
    None when empty) and the problems found."""

    number: int | None
    raw: Mapping[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    path: list[str] | None = None
    links: list[tuple[str, int]] | None = None
    key_parts: dict[str, str | None] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)
    #: the row of the table this row updates (None: a new row)
    existing: int | None = None
    #: the table columns whose cells were refused (not reported again as missing)
    refused: set[str] = field(default_factory=set)

    @property
    def key(self) -> str | None:
        """The row's key text, or None while a part of it is empty."""
        parts = list(self.key_parts.values())
        return None if not parts or any(p is None for p in parts) else "|".join(p for p in parts if p is not None)

    def refuse(self, file: str | None, column: str, reason: str, value: Any = None) -> None:
        self.errors.append(InputError(reason, file=file, row=self.number, field=column, value=value))


def read_row(
    lay: Layout, index: KeyIndex, raw: Mapping[str, Any], *, file: str | None = None, number: int | None = None
) -> Row:
    """Check the cells of ``raw`` (file column -> cell) against ``lay``'s columns."""
    row = Row(number, raw)
    auth = lay.authoring
    for col in lay.columns:
        if col.name not in raw:
            continue
        cell = raw[col.name]
        text = text_of(cell) if not isinstance(cell, str) else cell.strip()
        if col.kind == VALUE:
            assert col.column is not None
            try:
                value = parse_cell(col, cell, file=file, row=number)
            except InputError as exc:
                row.errors.append(exc)
                row.refused.add(col.column.name)
                continue
            row.values[col.column.name] = value
            if col.key:
                row.key_parts[col.name] = None if value is EMPTY else escape(text_of(value))
        elif col.kind == REFERENCE:
            assert col.column is not None and col.reference is not None
            ref = col.reference
            if not text:
                row.values[col.column.name] = EMPTY
                if col.key:
                    row.key_parts[col.name] = None
                continue
            target = index.find(ref.table, text, ref.within)
            if target is None:
                row.refuse(file, col.name, f"no row of {ref.table} has this key in the town", cell)
                row.refused.add(col.column.name)
                continue
            row.values[col.column.name] = target
            if col.key:
                row.key_parts[col.name] = index.text(ref.table, target, ref.within)
        elif col.kind == TREE:
            assert auth.tree is not None
            names = [n.strip() for n in text.split(auth.tree.separator)] if text else []
            if not names:
                row.key_parts[col.name] = None
                continue
            if any(not n for n in names):
                row.refuse(file, col.name, f"a path is names joined by {auth.tree.separator} (no empty name)", cell)
                continue
            try:
                check_text(text, file=file, row=number, field=col.name)
            except InputError as exc:
                row.errors.append(exc)
                continue
            row.path = names
            if col.key:
                row.key_parts[col.name] = escape(auth.tree.separator.join(names))
        elif col.kind == LINKS:
            row.links = _links(row, index, text, file, col.name)
    for name in auth.key:  # a key column the file does not have is empty
        row.key_parts.setdefault(name, None)
    row.key_parts = {name: row.key_parts[name] for name in auth.key}
    return row


def _links(row: Row, index: KeyIndex, text: str, file: str | None, column: str) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    keyed = index.registry.keyed()
    for item in split_items(text):
        table, sep, key = item.partition(":")
        table, key = table.strip(), key.strip()
        if not sep or not key:
            row.refuse(file, column, "write each link as table:key (e.g. symbols:gorenje), separated by ;", item)
        elif table not in keyed:
            row.refuse(file, column, f"records of {table!r} cannot be linked (tables: {', '.join(keyed)})", item)
        else:
            target = index.find(table, key)
            if target is None:
                row.refuse(file, column, f"no row of {table} has this key in the town", item)
            elif (table, target) not in found:
                found.append((table, target))
    return found


def fill(
    lay: Layout,
    row: Row,
    current: Mapping[str, Any] | None,
    taken: dict[str, dict[tuple[Any, ...], set[Any]]],
    *,
    file: str | None = None,
) -> dict[str, Any]:
    """The values ``row`` writes: for a new row (``current`` None) every column, the empty ones
    numbered, made from the name or defaulted; for an update the columns the row has. ``taken``
    holds the values of numbered and keyed columns in use (by the other key columns' values) and
    is updated with what this row takes. Problems are added to ``row.errors``."""
    auth = lay.authoring
    out: dict[str, Any] = {}
    for col in lay.columns:
        if col.column is None or col.kind == TREE:
            continue
        name = col.column.name
        if name not in row.values:
            if current is None and name not in row.refused:
                out[name] = EMPTY
            continue
        out[name] = row.values[name]
    for name, value in list(out.items()):
        if value is not EMPTY:
            continue
        col = next(c for c in lay.columns if c.column is not None and c.column.name == name)
        if current is not None and (name in auth.numbered or name in auth.key):
            out[name] = current.get(name)  # a number or key already given stays
            continue
        if name in auth.numbered:
            out[name] = _next_number(lay, name, out, taken)
        elif auth.key_from is not None and name in auth.key and col.kind == VALUE:
            source = out.get(auth.key_from)
            base = slug(text_of(source if source is not EMPTY else None))
            out[name] = unique_key(base, taken.get(name, {}).get(key_group(lay, name, out), set()))
        elif col.required:
            row.refuse(file, col.name, "a value is needed")
            out[name] = None
        else:
            has_default, default = column_default(col.column) if col.column is not None else (False, None)
            out[name] = default if has_default else None
    for name in (*auth.numbered, *(k for k in auth.key if k in lay.table.c)):
        if name in out and out[name] is not None:
            taken.setdefault(name, {}).setdefault(key_group(lay, name, out), set()).add(out[name])
    if row.path is not None and auth.tree is not None:
        out[auth.tree.name] = row.path[-1]
    return out


def key_group(lay: Layout, name: str, values: Mapping[str, Any]) -> tuple[Any, ...]:
    """The values of the other plain key columns (a period's number counts within its scheme)."""
    if name not in lay.authoring.key:
        return ()
    return tuple(text_of(values.get(k)) for k in lay.authoring.key if k != name and k in lay.table.c and k in values)


def _next_number(
    lay: Layout, name: str, values: Mapping[str, Any], taken: dict[str, dict[tuple[Any, ...], set[Any]]]
) -> int:
    used = [v for v in taken.get(name, {}).get(key_group(lay, name, values), set()) if isinstance(v, int)]
    return max(used, default=0) + 1


def check_row(lay: Layout, row: Row, merged: Mapping[str, Any], *, file: str | None = None) -> None:
    """The checks of a whole row: its provenance (an ``inferred`` row gives its reason) and the
    table's own checks (:attr:`Authoring.check`)."""
    if "provenance" in merged and "provenance" in lay.table.c:
        value = merged.get("provenance")
        if value not in PROVENANCE:
            row.refuse(file, "provenance", f"not one of: {', '.join(PROVENANCE)}", value)
        elif value == INFERRED and not (merged.get("provenance_note") or "").strip():
            row.refuse(file, "provenance_note", "an inferred record needs the reason in provenance_note")
    if lay.authoring.check is not None:
        for column, reason in lay.authoring.check(dict(merged)):
            row.refuse(file, column, reason, merged.get(column))
