"""Authoring a town's tables in files and forms, from the registry's declarations only.

* :func:`list_tables`: the tables people write, with their columns and row counts;
* :func:`export_table`: one table to CSV or XLSX with exactly its file columns (references and
  links as natural keys, so the file imports into another town);
* :func:`import_table`: a CSV or XLSX file read with exactly those columns (an unknown column is
  an error): rows updated by their natural key, new rows added, and with ``replace`` the rows the
  file does not have deleted (what depends on them is found first: the import refuses, or with
  ``cascade`` deletes and unlinks what the schema says). All or nothing: every bad row is
  reported (file, row, column, value) and nothing is written;
* :func:`table_rows`, :func:`form_values`, :func:`save_row`, :func:`deletion`, :func:`delete_row`:
  the same for one row at a time, for the forms of each table's page.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import LargeBinary, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from townpaths.cases.tables.columns import (
    EMPTY,
    LINKS,
    REFERENCE,
    TREE,
    VALUE,
    Layout,
    column_default,
    layout,
    text_of,
    to_cell,
)
from townpaths.cases.tables.dependents import Deletion, describe, find_dependents, remove_links
from townpaths.cases.tables.keys import KeyIndex, escape
from townpaths.cases.tables.rows import Row, check_row, fill, key_group, read_row
from townpaths.core.errors import Conflict, InputError, NotFound, TownpathsError
from townpaths.formats.tables import normalise_header, raise_all, read_sheets, read_sheets_bytes, records, write_rows
from townpaths.registry import Registry, default_registry
from townpaths.storage import Database, audit
from townpaths.storage.models import Base
from townpaths.storage.towns import find_town

#: The audit log's action of a table imported from a file.
IMPORT_TABLE = "import table"
FILE_SUFFIXES = (".csv", ".xlsx")


def authorable_layout(registry: Registry, table: str) -> Layout:
    """The layout of a table people write (:class:`NotFound` for any other table)."""
    if table not in registry.authorable():
        raise NotFound(f"unknown table {table!r} (tables people write: {', '.join(registry.authorable())})")
    return layout(registry, table)


# --- reading rows -----------------------------------------------------------------------------------


def _columns(table: Table) -> list[Any]:
    return [c for c in table.c if not isinstance(c.type, LargeBinary)]


def _rows(
    session: Session, lay: Layout, town_id: int, *, scoped: bool = True, among: Collection[int] | None = None
) -> dict[int, dict[str, Any]]:
    """The town's rows of the table (those its files hold when ``scoped``), by id in id order;
    only those of the ids ``among`` when given (one row of a form, a page of a table)."""
    t = lay.table
    query = select(*_columns(t)).where(t.c.town_id == town_id)
    if among is not None:
        query = query.where(t.c.id.in_(list(among)))
    found = session.execute(query.order_by(t.c.id)).mappings()
    rows = {r["id"]: dict(r) for r in found}
    scope = lay.authoring.scope
    return {k: r for k, r in rows.items() if scope(r)} if scoped and scope is not None else rows


def _links(
    session: Session, registry: Registry, lay: Layout, town_id: int, owner: int | None = None
) -> dict[int, list[tuple[str, int]]]:
    """The links of the table's rows (of the row ``owner`` only, when given)."""
    links = lay.authoring.links
    if links is None:
        return {}
    lt = registry.table(links.table)
    out: dict[int, list[tuple[str, int]]] = {}
    query = select(lt.c[links.owner], lt.c[links.target_table], lt.c[links.target_id]).where(lt.c.town_id == town_id)
    if owner is not None:
        query = query.where(lt.c[links.owner] == owner)
    rows = session.execute(query.order_by(lt.c.id))
    for linking, table, target in rows:
        out.setdefault(linking, []).append((table, target))
    return out


def _cells(
    lay: Layout, index: KeyIndex, row: Mapping[str, Any], links: Mapping[int, list[tuple[str, int]]]
) -> list[Any]:
    """A row as its file writes it."""
    cells: list[Any] = []
    for col in lay.columns:
        if col.kind == VALUE:
            assert col.column is not None
            cells.append(to_cell(col, row[col.column.name]))
        elif col.kind == REFERENCE:
            assert col.column is not None and col.reference is not None
            ref = col.reference
            cells.append(index.text(ref.table, row[col.column.name], ref.within) or "")
        elif col.kind == TREE:
            cells.append(index.path(lay.name, row["id"]) or "")
        elif col.kind == LINKS:
            items = []
            for table, target in links.get(row["id"], []):
                key = index.text(table, target)
                if key is None:
                    raise TownpathsError(f"a row of {lay.name} links to a row of {table} that has no key (id {target})")
                items.append(f"{table}:{key}")
            cells.append("; ".join(items))
    return cells


def list_tables(db: Database, town: str | None, registry: Registry | None = None) -> list[dict[str, Any]]:
    """Every table people write, in the order to import them, with its columns and row count."""
    registry = registry or default_registry()
    found = find_town(db, town)
    out = []
    with db.transaction() as session:
        for name in registry.authorable():
            lay = layout(registry, name)
            if lay.authoring.scope is None:
                count = session.scalar(
                    select(func.count()).select_from(lay.table).where(lay.table.c.town_id == found.id)
                )
            else:
                count = len(_rows(session, lay, found.id))
            out.append(
                {
                    "table": name,
                    "rows": count or 0,
                    "key": list(lay.authoring.key),
                    "columns": lay.header,
                    "confidential": lay.confidential,
                }
            )
    return out


def table_rows(
    db: Database, town: str | None, table: str, registry: Registry | None = None
) -> tuple[Layout, list[tuple[int, list[Any]]]]:
    """A table's rows as its files write them, each with its id (for the links of a page)."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    found = find_town(db, town)
    with db.transaction() as session:
        index = KeyIndex(session, registry, found.id)
        links = _links(session, registry, lay, found.id)
        return lay, [(rid, _cells(lay, index, r, links)) for rid, r in _rows(session, lay, found.id).items()]


# --- export -----------------------------------------------------------------------------------------


def check_output(output: Path | str) -> str:
    suffix = Path(output).suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise InputError("write a .csv or .xlsx file", file=str(output), value=suffix or str(output))
    return suffix


def export_table(
    db: Database, town: str | None, table: str, output: Path | str, registry: Registry | None = None
) -> dict[str, Any]:
    """Write ``table`` of ``town`` to a CSV or XLSX file (by the suffix of ``output``)."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    check_output(output)
    _, rows = table_rows(db, town, table, registry)
    write_rows(Path(output), lay.header, [cells for _, cells in rows], sheet=table)
    return {
        "table": table,
        "town": find_town(db, town).slug,
        "rows": len(rows),
        "columns": lay.header,
        "file": str(output),
    }


# --- import -----------------------------------------------------------------------------------------


def _header(lay: Layout, raw_rows: list[list[Any]], file: str) -> list[InputError]:
    if not raw_rows:
        raise InputError("the file is empty (write the header row: " + ", ".join(lay.header) + ")", file=file)
    header = [normalise_header(h) for h in raw_rows[0]]
    errors = [
        InputError(f"unknown column (the columns of {lay.name}: {', '.join(lay.header)})", file=file, row=1, column=h)
        for h in header
        if h and h not in lay.header
    ]
    for col in lay.key_columns:
        if col.name not in header and not col.generated:
            errors.append(
                InputError("the file needs this column: it names each row (its key)", file=file, row=1, column=col.name)
            )
    return errors


def read_file_rows(lay: Layout, file: Path | str, data: bytes | None = None) -> list[tuple[int, dict[str, Any]]]:
    """The records of a table file, after its header is checked."""
    name = str(file)
    sheets = read_sheets_bytes(data, name, first_only=True) if data is not None else read_sheets(file, first_only=True)
    raw = sheets[0].rows if sheets else []
    raise_all(_header(lay, raw, name), name)  # a wrong header is refused before any row is read
    return records(raw, name)


def import_table(
    db: Database,
    town: str | None,
    table: str,
    file: Path | str,
    *,
    replace: bool = False,
    cascade: bool = False,
    data: bytes | None = None,
    registry: Registry | None = None,
) -> dict[str, Any]:
    """Import ``file`` (or an upload's ``data`` named ``file``) into ``table`` of ``town``, all or
    nothing. Returns the counts of rows added, updated, unchanged and deleted."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    name = str(file)
    found = find_town(db, town)
    rows = read_file_rows(lay, file, data)
    with db.transaction() as session, audit.bulk(session, IMPORT_TABLE, town=found.id, note=f"{table} from {name}"):
        result = _apply(session, registry, lay, found.id, rows, file=name, replace=replace, cascade=cascade)
    return {"table": table, "town": found.slug, "file": name, **result}


def _apply(
    session: Session,
    registry: Registry,
    lay: Layout,
    town_id: int,
    records_: list[tuple[int, dict[str, Any]]],
    *,
    file: str,
    replace: bool,
    cascade: bool,
) -> dict[str, Any]:
    auth = lay.authoring
    index = KeyIndex(session, registry, town_id)
    every = _rows(session, lay, town_id, scoped=False)
    current = _rows(session, lay, town_id)
    own = index.keys(lay.name)
    taken = _taken(lay, every.values())
    rows = [read_row(lay, index, raw, file=file, number=number) for number, raw in records_]
    for row in rows:  # the numbers and keys the file gives are taken before any is made
        _take(lay, row.values, taken)
    seen: dict[str, int | None] = {}
    for row in rows:
        _match(lay, row, own, current, seen, file)
    values: dict[int, dict[str, Any]] = {}
    for i, row in enumerate(rows):
        cur = current.get(row.existing) if row.existing is not None else None
        values[i] = fill(lay, row, cur, taken, file=file)
        if row.existing is None and row.key is None and not row.errors:
            _generated_key(lay, row, values[i])
            _match(lay, row, own, current, seen, file)
        check_row(lay, row, {**(cur or {}), **values[i]}, file=file)
    kept = {row.existing for row in rows if row.existing is not None}
    doomed = [rid for rid in current if rid not in kept] if replace else []
    parents = _parents(lay, rows, own, set(doomed), file) if auth.tree is not None else {}
    raise_all([e for row in rows for e in row.errors], file)
    deletion = find_dependents(session, registry, town_id, lay.name, doomed) if doomed else None
    if deletion is not None and deletion.dependents and (deletion.blocked or not cascade):
        how = "" if deletion.blocked else " (import with --cascade to delete or unlink them too)"
        raise InputError(
            f"replacing the table deletes {len(doomed)} row(s) of {lay.name} the file does not have, and other "
            f"records depend on them: {describe(deletion.dependents)}{how}",
            file=file,
        )
    if deletion is not None:
        _delete(session, registry, lay, town_id, deletion)
    counts = _write(session, registry, lay, town_id, rows, values, parents)
    del counts["ids"]
    counts["deleted"] = len(doomed)
    counts["dependents"] = [d.as_dict() for d in deletion.dependents] if deletion is not None else []
    return counts


def _taken(lay: Layout, rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[tuple[Any, ...], set[Any]]]:
    taken: dict[str, dict[tuple[Any, ...], set[Any]]] = {}
    for r in rows:
        _take(lay, r, taken)
    return taken


def _take(lay: Layout, values: Mapping[str, Any], taken: dict[str, dict[tuple[Any, ...], set[Any]]]) -> None:
    for name in (*lay.authoring.numbered, *(k for k in lay.authoring.key if k in lay.table.c)):
        value = values.get(name, EMPTY)
        if value is not EMPTY and value is not None:
            taken.setdefault(name, {}).setdefault(key_group(lay, name, values), set()).add(value)


def _match(
    lay: Layout,
    row: Row,
    own: Mapping[str, int],
    current: Mapping[int, Any],
    seen: dict[str, int | None],
    file: str,
) -> None:
    """Find the row a file row updates by its key (a key twice in the file is an error)."""
    key = row.key
    if key is None:
        return
    first = lay.authoring.key[0]
    if key in seen:
        row.refuse(file, first, f"the same key as row {seen[key]}", key)
        return
    seen[key] = row.number
    existing = own.get(key)
    if existing is not None and existing not in current:
        row.refuse(file, first, f"this key belongs to a row of {lay.name} that files do not hold", key)
        return
    row.existing = existing


def _generated_key(lay: Layout, row: Row, values: Mapping[str, Any]) -> None:
    """The key of a new row once its empty key columns were made."""
    for name, part in row.key_parts.items():
        if part is None and name in values and values[name] is not None:
            row.key_parts[name] = escape(text_of(values[name]))


def _parent_key(lay: Layout, row: Row) -> str | None:
    auth = lay.authoring
    assert auth.tree is not None and row.path is not None
    parts = dict(row.key_parts)
    parts[auth.tree.column] = escape(auth.tree.separator.join(row.path[:-1]))
    if any(p is None for p in parts.values()):
        return None
    return "|".join(p for p in parts.values() if p is not None)


def _parents(
    lay: Layout, rows: list[Row], own: Mapping[str, int], doomed: set[int], file: str | None
) -> dict[int, Row | int | None]:
    """The parent of each row with a path: another row of the file, a row of the town (not one
    being deleted), or None at the top. Keyed by the row's position in ``rows``."""
    in_file = {row.key: row for row in rows if row.key is not None}
    out: dict[int, Row | int | None] = {}
    assert lay.authoring.tree is not None
    column = lay.authoring.tree.column
    for i, row in enumerate(rows):
        if row.path is None:
            continue
        if len(row.path) == 1:
            out[i] = None
            continue
        key = _parent_key(lay, row)
        parent: Row | int | None = None
        if key is not None and key in in_file:
            parent = in_file[key]
        elif key is not None and key in own and own[key] not in doomed:
            parent = own[key]
        if parent is None or parent is row:
            above = lay.authoring.tree.separator.join(row.path[:-1])
            row.refuse(
                file, column, f"no row of the town or the file has the parent path {above!r}", row.raw.get(column)
            )
            continue
        out[i] = parent
    return out


def _model(table: Table) -> type[Any]:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    raise TownpathsError(f"table {table.name!r} has no model: people cannot write it")


def _delete(session: Session, registry: Registry, lay: Layout, town_id: int, deletion: Deletion) -> None:
    remove_links(session, registry, town_id, deletion.doomed)
    ids = deletion.doomed[lay.name]
    if lay.authoring.tree is not None:  # children before parents (the database cascades, but in order)
        session.execute(
            delete(lay.table).where(lay.table.c.id.in_(ids), lay.table.c[lay.authoring.tree.parent].is_not(None))
        )
    session.execute(delete(lay.table).where(lay.table.c.id.in_(ids)))


def _write(
    session: Session,
    registry: Registry,
    lay: Layout,
    town_id: int,
    rows: list[Row],
    values: Mapping[int, dict[str, Any]],
    parents: Mapping[int, Row | int | None],
) -> dict[str, Any]:
    auth = lay.authoring
    model = _model(lay.table)
    made: dict[int, Any] = {}  # id(row) -> object
    added = updated = unchanged = 0
    order = _parents_first(rows, parents)

    for i in order:
        row = rows[i]
        data = dict(values[i])
        if auth.tree is not None and i in parents:
            parent = parents[i]
            if isinstance(parent, Row):
                data[auth.tree.parent] = made[id(parent)].id if id(parent) in made else parent.existing
            else:
                data[auth.tree.parent] = parent
        if row.existing is None:
            for name, make in auth.generated.items():
                data.setdefault(name, make())
            obj = model(town_id=town_id, **_attributes(model, data))
            session.add(obj)
            session.flush()
            made[id(row)] = obj
            added += 1
            changed = _set_links(session, registry, lay, town_id, obj.id, row.links)
        else:
            obj = session.get_one(model, row.existing)
            made[id(row)] = obj
            changed = False
            for key, value in _attributes(model, data).items():
                if getattr(obj, key) != value:
                    setattr(obj, key, value)
                    changed = True
            session.flush()
            changed = _set_links(session, registry, lay, town_id, obj.id, row.links) or changed
            if changed:
                updated += 1
            else:
                unchanged += 1
    return {"added": added, "updated": updated, "unchanged": unchanged, "ids": [made[id(row)].id for row in rows]}


def _parents_first(rows: list[Row], parents: Mapping[int, Row | int | None]) -> list[int]:
    """The rows' positions in file order, a row of the file moved after its parent if it came first."""
    position = {id(row): i for i, row in enumerate(rows)}
    order: list[int] = []
    placed: set[int] = set()

    def place(i: int) -> None:
        if i in placed:
            return
        placed.add(i)
        parent = parents.get(i)
        if isinstance(parent, Row):
            place(position[id(parent)])
        order.append(i)

    for i in range(len(rows)):
        place(i)
    return order


def _attributes(model: type[Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """Column names -> the model's attribute names (they are the same in townpaths' models)."""
    mapper = model.__mapper__
    return {mapper.get_property_by_column(mapper.local_table.c[name]).key: value for name, value in data.items()}


def _set_links(
    session: Session, registry: Registry, lay: Layout, town_id: int, owner: int, links: list[tuple[str, int]] | None
) -> bool:
    """Make the row's links the given ones (None: leave them); whether they changed."""
    spec = lay.authoring.links
    if spec is None or links is None:
        return False
    lt = registry.table(spec.table)
    rows = session.execute(
        select(lt.c.id, lt.c[spec.target_table], lt.c[spec.target_id]).where(lt.c[spec.owner] == owner)
    ).all()
    now = {(r[1], r[2]): r[0] for r in rows}
    gone = [link_id for target, link_id in now.items() if target not in links]
    new = [target for target in links if target not in now]
    if gone:
        session.execute(delete(lt).where(lt.c.id.in_(gone)))
    if new:
        session.execute(
            insert(lt),
            [{"town_id": town_id, spec.owner: owner, spec.target_table: t, spec.target_id: i} for t, i in new],
        )
    return bool(gone or new)


# --- one row at a time (the forms of a table's page) -----------------------------------------------


def form_values(
    db: Database, town: str | None, table: str, row_id: int | None = None, registry: Registry | None = None
) -> dict[str, Any]:
    """The values a form shows: a row's cells as its file writes them, or a new row's defaults."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    found = find_town(db, town)
    if row_id is None:
        out: dict[str, Any] = {}
        for col in lay.columns:
            if col.kind == VALUE and col.column is not None and not col.generated:
                has, default = column_default(col.column)
                out[col.name] = to_cell(col, default) if has and default not in ({}, []) else ""
            else:
                out[col.name] = ""
        return out
    with db.transaction() as session:
        row = _rows(session, lay, found.id, among=[row_id]).get(row_id)
        if row is None:
            raise NotFound(f"no row {row_id} in {table}")
        index = KeyIndex(session, registry, found.id)
        links = _links(session, registry, lay, found.id, owner=row_id)
        targets: dict[str, set[int]] = {}
        for table_name, target in links.get(row_id, []):
            targets.setdefault(table_name, set()).add(target)
        for table_name, ids in targets.items():  # the keys of the linked rows, not of their whole tables
            index.prefetch(table_name, ids)
        for ref in lay.authoring.references:
            if row.get(ref.fk) is not None:
                index.prefetch(ref.table, [row[ref.fk]])
        return dict(zip(lay.header, _cells(lay, index, row, links), strict=True))


def save_row(
    db: Database,
    town: str | None,
    table: str,
    form: Mapping[str, Any],
    row_id: int | None = None,
    registry: Registry | None = None,
) -> int:
    """Add a row (``row_id`` None) or change one from a form's fields (the file's columns; a field
    the form leaves out is left as it is). Raises :class:`InputError` with ``errors`` (one per
    field) when anything is wrong; nothing is written then."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    found = find_town(db, town)
    raw = {k: v for k, v in form.items() if k in lay.header}
    with db.transaction() as session:
        index = KeyIndex(session, registry, found.id)
        current = _rows(session, lay, found.id)
        if row_id is not None and row_id not in current:
            raise NotFound(f"no row {row_id} in {table}")
        own = index.keys(lay.name)
        taken = _taken(lay, [r for rid, r in _rows(session, lay, found.id, scoped=False).items() if rid != row_id])
        row = read_row(lay, index, raw)
        row.existing = row_id
        cur = current.get(row_id) if row_id is not None else None
        values = fill(lay, row, cur, taken)
        if row.key is None and not row.errors:
            _generated_key(lay, row, values)
        first = lay.authoring.key[0]
        holder = own.get(row.key) if row.key is not None else None
        if holder is not None and holder != row_id:
            row.refuse(None, first, "another row of the table has this key", row.key)
        check_row(lay, row, {**(cur or {}), **values})
        parents: dict[int, Row | int | None] = {}
        if lay.authoring.tree is not None:
            parents = _parents(lay, [row], own, set(), None)
            parent = parents.get(0)
            if row_id is not None and isinstance(parent, int) and _descends(session, lay, parent, row_id):
                row.refuse(None, lay.authoring.tree.column, "a row cannot move under itself", raw.get("path"))
        raise_all(row.errors, table)
        return int(_write(session, registry, lay, found.id, [row], {0: values}, parents)["ids"][0])


def _descends(session: Session, lay: Layout, row_id: int, ancestor: int) -> bool:
    """Is ``row_id`` ``ancestor`` or below it in the tree?"""
    assert lay.authoring.tree is not None
    parent_col = lay.table.c[lay.authoring.tree.parent]
    seen: set[int] = set()
    current: int | None = row_id
    while current is not None and current not in seen:
        if current == ancestor:
            return True
        seen.add(current)
        current = session.scalar(select(parent_col).where(lay.table.c.id == current))
    return False


def deletion(
    db: Database, town: str | None, table: str, row_id: int, registry: Registry | None = None
) -> dict[str, Any]:
    """What deleting one row does: the row's key and what depends on it (with the keys of the
    dependent rows where their table has keys), and whether the deletion is blocked."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    found = find_town(db, town)
    with db.transaction() as session:
        if row_id not in _rows(session, lay, found.id, among=[row_id]):
            raise NotFound(f"no row {row_id} in {table}")
        index = KeyIndex(session, registry, found.id)
        found_deletion = find_dependents(session, registry, found.id, table, [row_id])
        keyed = registry.keyed()
        dependents = []
        for d in found_deletion.dependents:
            keys = list(index.texts(d.table, d.ids[:50]).values()) if d.table in keyed else []
            dependents.append({**d.as_dict(), "keys": [k for k in keys if k is not None]})
        return {
            "table": table,
            "id": row_id,
            "key": index.texts(table, [row_id])[row_id],
            "dependents": dependents,
            "blocked": found_deletion.blocked,
        }


def delete_row(db: Database, town: str | None, table: str, row_id: int, registry: Registry | None = None) -> dict:
    """Delete one row with what the schema deletes with it (refused while a row refers to it)."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    found = find_town(db, town)
    with db.transaction() as session:
        if row_id not in _rows(session, lay, found.id, among=[row_id]):
            raise NotFound(f"no row {row_id} in {table}")
        found_deletion = find_dependents(session, registry, found.id, table, [row_id])
        if found_deletion.blocked:
            raise Conflict(f"other records refer to this row: {describe(found_deletion.dependents)}")
        remove_links(session, registry, found.id, found_deletion.doomed)
        session.delete(session.get_one(_model(lay.table), row_id))
        return {"table": table, "id": row_id, "dependents": [d.as_dict() for d in found_deletion.dependents]}


def row_ids(
    db: Database,
    town: str | None,
    table: str,
    registry: Registry | None = None,
    among: Collection[int] | None = None,
) -> set[int]:
    """The ids of the rows files and forms may change (e.g. numbered innovations, not proposals),
    of the ids ``among`` when given (the rows a page shows)."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    found = find_town(db, town)
    with db.transaction() as session:
        return set(_rows(session, lay, found.id, among=among))
