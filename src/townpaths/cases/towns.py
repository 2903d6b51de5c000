"""Whole-town operations: list, load the Velenje default, change a town's settings, export and import
bundles, delete."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from townpaths.cases.bundle import BundleReader, dump_town, load_town, write_bundle
from townpaths.core.values import whole_number
from townpaths.registry import Registry, default_registry
from townpaths.storage import Database, audit, search
from townpaths.storage.models import Town
from townpaths.storage.towns import find_town

VELENJE = "velenje"
#: Actions of the audit entries of whole-town operations.
LOAD_VELENJE, DELETE_TOWN, IMPORT_BUNDLE = "load velenje", "delete town", "import bundle"
#: Row counts shown beside each town in lists.
COUNTED = ("symbols", "narratives", "innovations", "problems")
#: A town's population: at most this many inhabitants (the largest cities have tens of millions).
MAX_POPULATION = 100_000_000
#: The year of a population figure.
MIN_YEAR, MAX_YEAR = 1000, 2200


def list_towns(db: Database, registry: Registry | None = None) -> list[dict[str, Any]]:
    registry = registry or default_registry()
    counted = [registry.table(name) for name in COUNTED if name in registry.table_specs]
    with db.transaction() as session:
        towns = list(session.scalars(select(Town).order_by(Town.slug)))
        out = []
        for town in towns:
            counts = {
                t.name: session.scalar(select(func.count()).select_from(t).where(t.c.town_id == town.id))
                for t in counted
            }
            out.append(
                {"slug": town.slug, "name": town.name, "country": town.country, "example": town.is_example, **counts}
            )
        return out


def edit_town(
    db: Database, town: str, *, population: Any = None, population_year: Any = None, clear_population: bool = False
) -> dict[str, Any]:
    """Change a town's settings: its population (inhabitants, 0 to :data:`MAX_POPULATION`) and the
    year of that figure; ``clear_population`` removes both. Values are checked before anything is
    written; the change is recorded in the audit log. Returns the town's settings."""
    values: dict[str, int | None] = {}
    if clear_population:
        values = {"population": None, "population_year": None}
    if population is not None:
        values["population"] = whole_number(population, low=0, high=MAX_POPULATION, field="--population")
    if population_year is not None:
        values["population_year"] = whole_number(
            population_year, low=MIN_YEAR, high=MAX_YEAR, field="--population-year"
        )
    found = find_town(db, town)
    with db.transaction() as session:
        row = session.get_one(Town, found.id)
        for name, value in values.items():
            setattr(row, name, value)
        return town_settings(row)


def town_settings(town: Town) -> dict[str, Any]:
    """What ``towns edit`` shows of a town."""
    return {
        "town": town.slug,
        "name": town.name,
        "languages": list(town.languages or []),
        "population": town.population,
        "population_year": town.population_year,
    }


def velenje_bundle() -> dict[str, Any]:
    """The shipped Velenje default case: the article's findings, each record with its provenance
    (what the article states, and what is added, marked as inferred with the reason)."""
    ref = resources.files("townpaths") / "data" / "velenje" / "bundle.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def load_velenje(db: Database, *, replace: bool = True, registry: Registry | None = None) -> Town:
    """Load (or reload) the Velenje default case in one transaction: the shipped bundle, then the
    default data each study adds (in the registry's order)."""
    registry = registry or default_registry()
    with db.transaction() as session:
        existing = session.scalar(select(Town).where(Town.slug == VELENJE))
        if existing is not None:
            if not replace:
                return existing
            _delete(session, existing, registry)
        with audit.bulk(session, LOAD_VELENJE, note="velenje (shipped)") as entry:
            town = entry.town = load_town(session, velenje_bundle(), registry.tables, source="velenje (shipped)")
            for study in registry.seeds():
                assert study.seed_velenje is not None
                study.seed_velenje(session, town)
                session.flush()
            search.index_town(session, town.id)
        return town


def _delete(session: Session, town: Town, registry: Registry) -> None:
    """Delete the town and its rows (one audit entry, kept by the town's slug)."""
    with audit.bulk(session, DELETE_TOWN, town_slug=town.slug, note=town.name):
        for table in reversed(registry.tables):
            session.execute(delete(table).where(table.c.town_id == town.id))
        session.delete(town)


def delete_town(db: Database, town: str, registry: Registry | None = None) -> str:
    found = find_town(db, town)
    with db.transaction() as session:
        _delete(session, session.get_one(Town, found.id), registry or default_registry())
    return found.slug


def export_case(db: Database, town: str | None, output: Path, registry: Registry | None = None) -> Path:
    """Write the town as a lossless bundle (folder, or zip if ``output`` ends in .zip)."""
    found = find_town(db, town)
    with db.transaction() as session:
        data, files = dump_town(session, session.get_one(Town, found.id), (registry or default_registry()).tables)
    return write_bundle(data, files, Path(output))


def import_case(db: Database, bundle: Path, *, slug: str | None = None, registry: Registry | None = None) -> Town:
    """Import a bundle as a new town, all or nothing."""
    with BundleReader(Path(bundle)) as reader:
        data = reader.case()
        with db.transaction() as session, audit.bulk(session, IMPORT_BUNDLE, note=str(bundle)) as entry:
            town = entry.town = load_town(
                session, data, (registry or default_registry()).tables, reader, slug=slug, source=str(bundle)
            )
            search.index_town(session, town.id)
            return town
