"""Whole-town operations: list, create a town with the method's defaults and change its settings,
load the Velenje default, export and import bundles, delete."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from townpaths.cases.bundle import BundleReader, dump_town, load_town, write_bundle
from townpaths.cases.settings import SETTINGS, check_new_slug, check_settings
from townpaths.core.errors import Conflict
from townpaths.people.core.roles import OWNER
from townpaths.registry import Registry, default_registry
from townpaths.storage import Database, audit, search
from townpaths.storage.models import Town, TownRole
from townpaths.storage.towns import find_town

VELENJE = "velenje"
#: Actions of the audit entries of whole-town operations.
LOAD_VELENJE, DELETE_TOWN, IMPORT_BUNDLE, CREATE_TOWN = "load velenje", "delete town", "import bundle", "create town"
#: Row counts shown beside each town in lists.
COUNTED = ("symbols", "narratives", "innovations", "problems")


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


def town_settings(town: Town) -> dict[str, Any]:
    """A town's slug and settings (:data:`townpaths.cases.settings.SETTINGS`)."""
    return {"slug": town.slug, **{name: getattr(town, name) for name in SETTINGS}}


def create_town(
    db: Database,
    name: str,
    *,
    slug: str | None = None,
    registry: Registry | None = None,
    owner_id: int | None = None,
    **settings: Any,
) -> dict[str, Any]:
    """A new town with the method's defaults (each study's ``defaults``: the typology, the
    codebook, the sustainability framework, marked provenance ``default``), in one transaction.
    ``settings`` are those of :data:`townpaths.cases.settings.SETTINGS`; all are checked before
    anything is written. ``owner_id``: the account that becomes the town's owner (the
    administrator who creates it in the browser). Returns the town's settings and what each
    default table holds."""
    registry = registry or default_registry()
    values = check_settings({"name": name, **settings}, new=True)
    new_slug = check_new_slug(slug, values["name"])
    with db.transaction() as session:
        if session.scalar(select(Town.id).where(Town.slug == new_slug)) is not None:
            raise Conflict(f"a town {new_slug!r} exists already (choose another slug with --slug)")
        if session.scalar(select(Town.id).where(func.lower(Town.name) == values["name"].lower())) is not None:
            raise Conflict(f"a town named {values['name']!r} exists already (towns are named by their names too)")
        with audit.bulk(session, CREATE_TOWN, note=new_slug) as entry:
            town = Town(slug=new_slug, extra={}, **values)
            session.add(town)
            session.flush()
            entry.town = town
            for study in registry.defaults():
                assert study.defaults is not None
                study.defaults(session, town)
                session.flush()
        if owner_id is not None:
            session.add(TownRole(user_id=owner_id, town_id=town.id, role=OWNER))
            session.flush()
        counts = {
            t.name: n
            for t in registry.tables
            if (n := session.scalar(select(func.count()).select_from(t).where(t.c.town_id == town.id)))
        }
        return {**town_settings(town), "defaults": counts}


def edit_town(db: Database, town: str, **settings: Any) -> dict[str, Any]:
    """Change the settings given (those of :data:`townpaths.cases.settings.SETTINGS`; an empty
    text clears one), all checked first; the town's other settings stay."""
    values = check_settings(settings, new=False)
    found = find_town(db, town)
    with db.transaction() as session:
        row = session.get_one(Town, found.id)
        merged = check_settings(
            {"study_start_year": row.study_start_year, "study_end_year": row.study_end_year, **values}, new=False
        )
        if values.get("name") and values["name"].lower() != row.name.lower():
            taken = session.scalar(
                select(Town.id).where(func.lower(Town.name) == values["name"].lower(), Town.id != row.id)
            )
            if taken is not None:
                raise Conflict(f"a town named {values['name']!r} exists already")
        for key in values:
            setattr(row, key, merged[key])
        session.flush()
        return town_settings(row)


def velenje_bundle() -> dict[str, Any]:
    """The shipped Velenje default case (facts from the article, nothing invented), with the
    settings of ``data/velenje/settings.json`` its bundle does not give (the article's title)."""
    folder = resources.files("townpaths") / "data" / "velenje"
    bundle: dict[str, Any] = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))
    settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    for key, value in settings.items():
        bundle["town"].setdefault(key, value)
    return bundle


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
