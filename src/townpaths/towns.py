"""Whole-town operations: list, load the Velenje default, export and import bundles, delete."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from townpaths.case import find_town
from townpaths.io.bundle import BundleReader, case_tables, dump_town, load_town, write_bundle
from townpaths.seeds import seed_velenje
from townpaths.storage import Database
from townpaths.storage.models import Town

VELENJE = "velenje"


def list_towns(db: Database) -> list[dict[str, Any]]:
    with db.transaction() as session:
        towns = list(session.scalars(select(Town).order_by(Town.slug)))
        out = []
        for town in towns:
            counts = {}
            for table in ("symbols", "narratives", "innovations", "problems"):
                t = _table(table)
                counts[table] = session.scalar(select(func.count()).select_from(t).where(t.c.town_id == town.id))
            out.append({"slug": town.slug, "name": town.name, "country": town.country,
                        "example": town.is_example, **counts})
        return out


def _table(name: str):  # noqa: ANN201 - tiny lookup helper
    return {t.name: t for t in case_tables()}[name]


def velenje_bundle() -> dict[str, Any]:
    """The shipped Velenje default case (facts from the article, nothing invented)."""
    ref = resources.files("townpaths") / "data" / "velenje" / "bundle.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def load_velenje(db: Database, *, replace: bool = True) -> Town:
    """Load (or reload) the Velenje default case in one transaction."""
    with db.transaction() as session:
        existing = session.scalar(select(Town).where(Town.slug == VELENJE))
        if existing is not None:
            if not replace:
                return existing
            _delete(session, existing)
        town = load_town(session, velenje_bundle(), source="velenje (shipped)")
        seed_velenje(session, town)
        return town


def _delete(session, town: Town) -> None:  # noqa: ANN001
    for table in reversed(case_tables()):
        session.execute(delete(table).where(table.c.town_id == town.id))
    session.delete(town)
    session.flush()


def delete_town(db: Database, town: str) -> str:
    found = find_town(db, town)
    with db.transaction() as session:
        _delete(session, session.get(Town, found.id))
    return found.slug


def export_case(db: Database, town: str | None, output: Path) -> Path:
    """Write the town as a lossless bundle (folder, or zip if ``output`` ends in .zip)."""
    found = find_town(db, town)
    with db.transaction() as session:
        data, files = dump_town(session, session.get(Town, found.id))
    return write_bundle(data, files, Path(output))


def import_case(db: Database, bundle: Path, *, slug: str | None = None) -> Town:
    """Import a bundle as a new town, all or nothing."""
    reader = BundleReader(Path(bundle))
    data = reader.case()
    with db.transaction() as session:
        return load_town(session, data, reader, slug=slug, source=str(bundle))
