"""What a table's form offers to choose: the rows a reference column may name and the records
an evidence item may link to, each as (key, label) pairs, and the links picked in a form added
to what its links field holds. A table with more than :data:`MAX_OPTIONS` rows is not listed (its
keys are typed); its rows are counted by the database before any key is built."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townpaths.cases.tables.columns import REFERENCE
from townpaths.cases.tables.engine import _columns, authorable_layout
from townpaths.cases.tables.keys import KeyIndex
from townpaths.registry import Registry, default_registry
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.studies.spec import Reference

#: A reference is chosen from a list in forms when the other table has at most this many rows.
MAX_OPTIONS = 200


def reference_options(
    db: Database, town: str | None, table: str, lang: str, registry: Registry | None = None
) -> dict[str, list[tuple[str, str]] | None]:
    """For each reference column of ``table``: the rows it may name, as (key, label) pairs, or None
    when there are more than :data:`MAX_OPTIONS` (the form asks for the key as text then)."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    found = find_town(db, town)
    with db.transaction() as session:
        index = KeyIndex(session, registry, found.id)
        return {
            col.name: _listed(session, registry, index, col.reference, found.id, lang)
            for col in lay.columns
            if col.kind == REFERENCE and col.reference is not None
        }


def _listed(
    session: Session, registry: Registry, index: KeyIndex, ref: Reference, town_id: int, lang: str
) -> list[tuple[str, str]] | None:
    """The rows ``ref`` may name as (key, "key: label") pairs, or None over :data:`MAX_OPTIONS`
    (counted by the database first: a large table's keys are never built for a form)."""
    if _keyed_count(session, registry, ref, town_id) > MAX_OPTIONS:
        return None
    keys = index.keys(ref.table, ref.within)
    if len(keys) > MAX_OPTIONS:
        return None
    label = registry.labels().get(ref.table)
    t = registry.table(ref.table)
    found_rows = session.execute(
        select(*_columns(t)).where(t.c.town_id == town_id, t.c.id.in_(list(keys.values())))
    ).mappings()
    rows = {r["id"]: dict(r) for r in found_rows}
    options = []
    for key, rid in keys.items():
        text = label(rows[rid], lang) if label is not None and rid in rows else ""
        options.append((key, f"{key}: {text}" if text and text != key else key))
    return options


def _keyed_count(session: Session, registry: Registry, ref: Reference, town_id: int) -> int:
    """How many rows a reference may name at most: the town's rows of the other table whose key
    columns (and references) have values and whose ``within`` columns hold the reference's values."""
    t = registry.table(ref.table)
    auth = registry.authoring(ref.table)
    query = select(func.count()).select_from(t).where(t.c.town_id == town_id)
    for name in auth.key:
        inner = auth.reference(name)
        if inner is not None:
            query = query.where(t.c[inner.fk].is_not(None))
        elif name in t.c:
            query = query.where(t.c[name].is_not(None))
    for name, value in ref.within.items():
        if name in t.c:
            query = query.where(t.c[name] == value)
    return int(session.scalar(query) or 0)


#: The suffix of the form fields that pick records for a links column (``links__pick``).
PICK = "__pick"


def link_options(
    db: Database, town: str | None, table: str, lang: str, registry: Registry | None = None
) -> dict[str, list[tuple[str, str]]]:
    """For a table with links (evidence): the records a form may pick, by table, as
    (``table:key``, label) pairs: every table with a key, except those with more than
    :data:`MAX_OPTIONS` rows (their keys are typed into the links field) and the links' own tables."""
    registry = registry or default_registry()
    lay = authorable_layout(registry, table)
    if lay.authoring.links is None:
        return {}
    found = find_town(db, town)
    out: dict[str, list[tuple[str, str]]] = {}
    with db.transaction() as session:
        index = KeyIndex(session, registry, found.id)
        for other in registry.keyed():
            if other == "narrative_segments":
                continue
            options = _listed(session, registry, index, Reference("", "", other), found.id, lang)
            if options:
                out[other] = [(f"{other}:{key}", text) for key, text in options]
    return out


def with_picks(
    registry: Registry, table: str, form: Mapping[str, Any], picks: Mapping[str, list[str]]
) -> dict[str, Any]:
    """A form's fields with the records picked for its links column (``<column>__pick``, several
    values) added to what the links field holds (written ``table:key``, separated by ``;``)."""
    lay = authorable_layout(registry, table)
    spec = lay.authoring.links
    out = dict(form)
    if spec is None:
        return out
    picked = [p.strip() for p in picks.get(spec.column + PICK, []) if p.strip()]
    if picked:
        typed = str(out.get(spec.column) or "").strip().rstrip(";")
        out[spec.column] = "; ".join([*([typed] if typed else []), *picked])
    return out
