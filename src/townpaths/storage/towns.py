"""Finding a town (a case) in the database by slug or name."""

from __future__ import annotations

from sqlalchemy import select

from townpaths.core.errors import NotFound, TownpathsError
from townpaths.storage.db import Database
from townpaths.storage.models import Town


def find_town(db: Database, town: str | None) -> Town:
    """The town named by slug or name; with ``None``, the only town in the database."""
    with db.transaction() as session:
        towns = list(session.scalars(select(Town).order_by(Town.slug)))
    if town is None:
        if len(towns) == 1:
            return towns[0]
        if not towns:
            raise NotFound(f"database {db.display_url} holds no town yet (run `townpaths demo` or import one)")
        raise TownpathsError(
            f"database holds {len(towns)} towns ({', '.join(t.slug for t in towns)}): choose one with --town"
        )
    wanted = town.strip().lower()
    by_slug = [t for t in towns if t.slug.lower() == wanted]
    by_name = [t for t in towns if t.name.lower() == wanted]
    if by_slug:  # a slug names one town; it wins over another town's display name
        return by_slug[0]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise TownpathsError(
            f"{len(by_name)} towns are named {town!r} ({', '.join(t.slug for t in by_name)}): use the slug"
        )
    known = ", ".join(t.slug for t in towns) or "none"
    raise NotFound(f"unknown town {town!r} (towns in this database: {known})")
