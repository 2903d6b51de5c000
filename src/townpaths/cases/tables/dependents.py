"""What depends on rows about to be deleted, found before anything is deleted.

Following the schema's foreign keys (within the town): a row that refers to a deleted row with
``ON DELETE CASCADE`` is deleted with it (and what depends on that row is followed in turn); one
with ``ON DELETE SET NULL`` loses its reference; any other reference blocks the deletion (delete
or change that row first). Links to records of any table (evidence) are not foreign keys: a link
to a deleted record is removed with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from townpaths.registry import Registry
from townpaths.studies.spec import Links

#: What happens to a dependent row.
DELETED, CLEARED, BLOCKS, UNLINKED = "deleted", "cleared", "blocks", "unlinked"
EFFECTS = (BLOCKS, DELETED, CLEARED, UNLINKED)


@dataclass(frozen=True)
class Dependent:
    """Rows of ``table`` that depend on the deleted rows: ``deleted`` with them, their reference
    ``cleared``, ``unlinked`` (a link of theirs removed), or that ``blocks`` the deletion."""

    table: str
    effect: str
    ids: tuple[int, ...]

    def as_dict(self) -> dict[str, object]:
        return {"table": self.table, "effect": self.effect, "rows": len(self.ids), "ids": list(self.ids)}


@dataclass(frozen=True)
class Deletion:
    """The rows a deletion removes (``doomed``: the rows asked for and those deleted with them, by
    table) and what else depends on them."""

    doomed: dict[str, frozenset[int]]
    dependents: tuple[Dependent, ...]

    @property
    def blocked(self) -> bool:
        return any(d.effect == BLOCKS for d in self.dependents)


def link_specs(registry: Registry) -> list[Links]:
    return [auth.links for auth in registry.keyed().values() if auth.links is not None]


def find_dependents(session: Session, registry: Registry, town_id: int, table: str, ids: Iterable[int]) -> Deletion:
    """What deleting the rows ``ids`` of ``table`` (of town ``town_id``) does to other rows."""
    doomed: dict[str, set[int]] = {table: set(ids)}
    #: How to select the doomed ids of each table in SQL: the ids themselves, or the query that found
    #: them (thousands of rows deleted with a codebook are never sent back as parameters).
    selects: dict[str, list[Any]] = {table: [sorted(doomed[table])]}
    found: dict[tuple[str, str], set[int]] = {}
    queue: list[tuple[str, Any]] = [(table, sorted(doomed[table]))]
    references = [(t, fk) for t in registry.tables for fk in t.foreign_keys]
    session.flush()  # (as the ORM's autoflush would) then ids read through Core: thrice as quick for many rows
    connection = session.connection()
    while queue:
        name, wanted = queue.pop()
        for t, fk in references:
            if fk.column.table.name != name:
                continue
            query = select(t.c.id).where(fk.parent.in_(wanted), t.c.town_id == town_id)
            referring = set(connection.scalars(query))
            new = referring - doomed.get(t.name, set())
            if not new:
                continue
            rule = (fk.ondelete or "").upper()
            if rule == "CASCADE":
                doomed.setdefault(t.name, set()).update(new)
                found.setdefault((t.name, DELETED), set()).update(new)
                chosen = query if new == referring else sorted(new)
                selects.setdefault(t.name, []).append(chosen)
                queue.append((t.name, chosen))
            else:
                found.setdefault((t.name, CLEARED if rule == "SET NULL" else BLOCKS), set()).update(new)
    for links in link_specs(registry):
        lt = registry.table(links.table)
        for name in doomed:
            target = lt.c[links.target_id]
            owners = connection.scalars(
                select(lt.c[links.owner]).where(
                    lt.c[links.target_table] == name,
                    or_(*(target.in_(chosen) for chosen in selects[name])),
                    lt.c.town_id == town_id,
                )
            )
            found.setdefault((_owner_table(registry, links), UNLINKED), set()).update(owners)
    dependents = []
    for (name, effect), rows in found.items():
        rest = rows - (doomed.get(name, set()) if effect != DELETED else set())
        if rest:
            dependents.append(Dependent(name, effect, tuple(sorted(rest))))
    dependents.sort(key=lambda d: (EFFECTS.index(d.effect), d.table))
    return Deletion({k: frozenset(v) for k, v in doomed.items()}, tuple(dependents))


def _owner_table(registry: Registry, links: Links) -> str:
    return next(name for name, auth in registry.keyed().items() if auth.links == links)


def remove_links(session: Session, registry: Registry, town_id: int, doomed: dict[str, frozenset[int]]) -> None:
    """Delete the links to rows that are being deleted (links are not foreign keys)."""
    for links in link_specs(registry):
        lt = registry.table(links.table)
        for name, ids in doomed.items():
            if ids:
                session.execute(
                    delete(lt).where(
                        lt.c[links.target_table] == name, lt.c[links.target_id].in_(ids), lt.c.town_id == town_id
                    )
                )


WORDS = {
    BLOCKS: "refer to them (delete or change these first)",
    DELETED: "deleted with them",
    CLEARED: "lose their reference",
    UNLINKED: "lose a link",
}


def describe(dependents: Iterable[Dependent]) -> str:
    """``symbols: 3 refer to them (delete or change these first); coded_segments: 5 deleted with them``."""
    return describe_rows(d.as_dict() for d in dependents)


def describe_rows(dependents: Iterable[Mapping[str, Any]]) -> str:
    """:func:`describe` for dependents as :meth:`Dependent.as_dict` gives them."""
    return "; ".join(f"{d['table']}: {d['rows']} {WORDS[str(d['effect'])]}" for d in dependents)
