"""Natural keys: how files name a row, never by its database id.

A row's key is the values of its table's key columns (:attr:`Authoring.key`) as text, joined by
``|``: ``3`` (a symbol type), ``narratives|2`` (a period), ``5|Lake tour`` (a solution: its
problem's key, then its title). A reference to a row of another table is that row's key, the parts
fixed by the reference's ``within`` left out (a narrative's period is ``2``, among the narrative
periods). A key column that is itself a reference contributes the parts of the row it names, and a
tree's column the row's path (``Narratives/Dominant``). Inside a part, ``\\``, ``|`` and ``;`` are
written ``\\\\``, ``\\|`` and ``\\;``. Links name their records as ``table:key``, separated by ``;``
(or a new line).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from townpaths.cases.tables.columns import text_of
from townpaths.core.errors import NotFound
from townpaths.registry import Registry
from townpaths.studies.spec import Authoring

SEPARATOR = "|"
ITEMS = ";"
SPECIAL = "\\|;"


def escape(part: str) -> str:
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in part)


def join_key(parts: Iterable[str]) -> str:
    return SEPARATOR.join(escape(p) for p in parts)


def split_items(text: str) -> list[str]:
    """The items of a links cell: split at each ``;`` or new line that is not escaped; each item
    stripped, escapes kept (they are compared with keys written the same way)."""
    items, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch in (ITEMS, "\n", "\r"):
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [i.strip() for i in items if i.strip()]


class KeyIndex:
    """The natural keys of one town's rows, table by table (built when first asked for, in the
    session's transaction): ``text(table, id)`` and ``find(table, text, within)``."""

    def __init__(self, session: Session, registry: Registry, town_id: int) -> None:
        self.session = session
        self.registry = registry
        self.town_id = town_id
        self._parts: dict[str, dict[int, list[list[str]] | None]] = {}
        self._found: dict[tuple[str, tuple[tuple[str, Any], ...]], dict[str, int]] = {}
        #: Keys of some rows of tables not read whole (:meth:`prefetch`).
        self._some: dict[str, dict[int, list[list[str]] | None]] = {}

    def authoring(self, table: str) -> Authoring:
        return self.registry.authoring(table)

    # --- a row's key ----------------------------------------------------------------------------

    def parts(self, table: str, row_id: int) -> list[list[str]] | None:
        """The key of a row, per key column (each one or more parts); None for a row without a
        complete key (an innovation waiting for moderation has no number)."""
        some = self._some.get(table)
        if table not in self._parts and some is not None and row_id in some:
            return some[row_id]
        return self._table_parts(table).get(row_id)

    def path(self, table: str, row_id: int) -> str | None:
        """The path of a row of a tree (``Narratives/Dominant``), not escaped."""
        auth = self.authoring(table)
        parts = self.parts(table, row_id)
        if parts is None or auth.tree is None:
            return None
        return parts[auth.key.index(auth.tree.column)][0]

    def text(self, table: str, row_id: int | None, within: Mapping[str, Any] | None = None) -> str | None:
        """The key text of a row, the key columns fixed by ``within`` left out."""
        if row_id is None:
            return None
        parts = self.parts(table, row_id)
        if parts is None:
            return None
        key = self.authoring(table).key
        return join_key(
            p for name, column in zip(key, parts, strict=True) if name not in (within or {}) for p in column
        )

    def find(self, table: str, text: str, within: Mapping[str, Any] | None = None) -> int | None:
        """The id of the row whose key text (the ``within`` columns left out) is ``text``."""
        return self.keys(table, within).get(text)

    def keys(self, table: str, within: Mapping[str, Any] | None = None) -> dict[str, int]:
        """key text -> id of every row of ``table`` with a key (and the ``within`` values)."""
        wanted = tuple(sorted((within or {}).items()))
        found = self._found.get((table, wanted))
        if found is None:
            found = {}
            fixed = dict(wanted)
            rows = self._table_rows(table)
            for row_id, parts in self._table_parts(table).items():
                if parts is None or any(text_of(rows[row_id].get(c)) != text_of(v) for c, v in fixed.items()):
                    continue
                text = self.text(table, row_id, fixed)
                if text is not None:
                    found[text] = row_id
            self._found[(table, wanted)] = found
        return found

    # --- reading the rows -------------------------------------------------------------------------

    def texts(self, table: str, ids: Collection[int]) -> dict[int, str | None]:
        """The key texts of a few rows of ``table``: only those rows are read (and the tables
        their keys refer to), unless the table is a tree or is read already."""
        self.prefetch(table, ids)
        return {i: self.text(table, i) for i in ids}

    def prefetch(self, table: str, ids: Collection[int]) -> None:
        """Read the keys of a few rows of ``table`` now, so that :meth:`text` of those rows reads
        nothing more (a form's row and what it links to, not the whole table)."""
        auth = self._authoring(table)
        if table in self._parts or auth.tree is not None:
            return
        known = self._some.setdefault(table, {})
        wanted = [i for i in ids if i not in known]
        if wanted:
            found = self._compute(auth, self._table_rows(table, among=wanted))
            known.update({i: found.get(i) for i in wanted})

    def _table_rows(self, table: str, among: Collection[int] | None = None) -> dict[int, dict[str, Any]]:
        t = self.registry.table(table)
        auth = self.authoring(table)
        names = {"id", *(k for k in auth.key if k in t.c), *(r.fk for r in auth.references)}
        if auth.tree is not None:
            names |= {auth.tree.parent, auth.tree.name}
        query = select(*(t.c[n] for n in sorted(names))).where(t.c.town_id == self.town_id)
        if among is not None:
            query = query.where(t.c.id.in_(list(among)))
        return {r["id"]: dict(r) for r in self.session.execute(query).mappings()}

    def _authoring(self, table: str) -> Authoring:
        try:
            return self.authoring(table)
        except NotFound:
            raise NotFound(f"records of {table!r} cannot be named in a file (the table has no natural key)") from None

    def _table_parts(self, table: str) -> dict[int, list[list[str]] | None]:
        if table in self._parts:
            return self._parts[table]
        auth = self._authoring(table)
        out: dict[int, list[list[str]] | None] = {}
        self._parts[table] = out  # a tree's rows are found while this fills
        self._compute(auth, self._table_rows(table), out)
        return out

    def _compute(
        self,
        auth: Authoring,
        rows: dict[int, dict[str, Any]],
        out: dict[int, list[list[str]] | None] | None = None,
    ) -> dict[int, list[list[str]] | None]:
        """The key parts of ``rows`` of ``table`` (filling ``out`` as it goes, for a tree)."""
        out = {} if out is None else out
        references = {name: auth.reference(name) for name in auth.key}

        def path(row_id: int, seen: frozenset[int] = frozenset()) -> str | None:
            assert auth.tree is not None
            row = rows.get(row_id)
            if row is None or row_id in seen:
                return None
            name = text_of(row[auth.tree.name])
            parent = row[auth.tree.parent]
            if parent is None:
                return name
            above = path(parent, seen | {row_id})
            return None if above is None else f"{above}{auth.tree.separator}{name}"

        def key_of(row_id: int, row: Mapping[str, Any]) -> list[list[str]] | None:
            parts: list[list[str]] = []
            for name in auth.key:
                ref = references[name]
                if ref is not None:
                    target = row[ref.fk]
                    inner = self.parts(ref.table, target) if target is not None else None
                    if inner is None:
                        return None
                    key = self.authoring(ref.table).key
                    parts.append([p for n, col in zip(key, inner, strict=True) if n not in ref.within for p in col])
                elif auth.tree is not None and name == auth.tree.column:
                    found = path(row_id)
                    if found is None:
                        return None
                    parts.append([found])
                else:
                    value = row[name]
                    if value is None or value == "":
                        return None
                    parts.append([text_of(value)])
            return parts

        for row_id, row in rows.items():
            out[row_id] = key_of(row_id, row)
        return out
