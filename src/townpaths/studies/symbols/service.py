"""Library functions of the symbol inventory that read and write the database.

Each takes a :class:`~townpaths.storage.Database` and a town (slug, name or ``None`` for the only
town) and runs in one transaction, so an import either writes every row or nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, NotFound
from townpaths.core.values import check_name
from townpaths.core.vocab import DEFAULT
from townpaths.present.paging import pager
from townpaths.storage import Database, audit
from townpaths.storage.models import Base, Symbol, SymbolCategory, SymbolPhoto, SymbolScale, SymbolType
from townpaths.storage.towns import find_town
from townpaths.studies.symbols.core import records as R
from townpaths.studies.symbols.core.browse import clean_filters, filter_rows
from townpaths.studies.symbols.core.form import FormSpec, symbol_form
from townpaths.studies.symbols.core.map import MAX_MAP_POINTS
from townpaths.studies.symbols.core.vocab import DEFAULT_SCALES, Choice, default_typology, parse_level
from townpaths.studies.symbols.formats import geojson, kobo, xlsform
from townpaths.studies.symbols.formats import sheets as symbol_sheets
from townpaths.studies.symbols.formats.photos import PhotoInfo, photo_info

#: Characters of a category key (the column holds 80) and of a type's or category's name.
MAX_KEY = 80
MAX_NAME = 200


def _dicts(
    session: Session, model: type[Base], town_id: int, skip: tuple[str, ...] = (), ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """The town's rows of ``model`` as dicts (without the columns ``skip``; those of ``ids`` only
    when given), fetched at once."""
    table = model.__table__
    columns = [c for c in table.c if c.name not in skip]
    names = [c.name for c in columns]
    query = select(*columns).where(table.c.town_id == town_id)
    if ids is not None:
        query = query.where(table.c.id.in_(ids))
    found = session.execute(query.order_by(table.c.id)).all()
    return [dict(zip(names, r, strict=True)) for r in found]


#: The provenance of the default typology a town without one gets.
TYPOLOGY = {"provenance": DEFAULT, "provenance_note": "the method's typology (its Table 1: 6 categories, 16 types)"}


def ensure_typology(session: Session, town_id: int) -> None:
    """Give a town without a typology the default one (Table 1's 6 categories and 16 types)."""
    if session.scalar(select(func.count()).select_from(SymbolCategory).where(SymbolCategory.town_id == town_id)):
        return
    for pos, cat in enumerate(default_typology()["categories"], 1):
        row = SymbolCategory(
            town_id=town_id, key=cat["key"], position=pos, name_en=cat["name_en"], name_sl=cat["name_sl"], **TYPOLOGY
        )
        session.add(row)
        session.flush()
        for t in cat["types"]:
            session.add(
                SymbolType(
                    town_id=town_id,
                    category_id=row.id,
                    no=t["no"],
                    name_en=t["name_en"],
                    name_sl=t["name_sl"],
                    **TYPOLOGY,
                )
            )
    session.flush()


def defaults(session: Session, town: Any) -> None:
    """A new town's typology: Table 1's 6 categories and 16 types, marked ``default``."""
    ensure_typology(session, town.id)


def typology(session: Session, town_id: int) -> R.Typology:
    return R.Typology(_dicts(session, SymbolCategory, town_id), _dicts(session, SymbolType, town_id))


def scales(session: Session, town_id: int) -> dict[str, list[Choice]]:
    """The study's ordinal scales; a scale the study has not defined uses the default."""
    rows = session.scalars(
        select(SymbolScale).where(SymbolScale.town_id == town_id).order_by(SymbolScale.scale, SymbolScale.position)
    ).all()
    out = {name: list(levels) for name, levels in DEFAULT_SCALES.items()}
    own: dict[str, list[Choice]] = {}
    for r in rows:
        own.setdefault(r.scale, []).append(Choice(r.key, r.label_en, r.label_sl or r.label_en))
    out.update(own)
    return out


def set_scale(db: Database, town: str | None, scale: str, levels: list[tuple[str, str, str | None]]) -> int:
    """Replace one scale of the study with ``levels`` (key, English label, Slovene label), lowest first."""
    if scale not in DEFAULT_SCALES:
        raise InputError(f"unknown scale (one of: {', '.join(DEFAULT_SCALES)})", field="scale", value=scale)
    if not levels:
        raise InputError("a scale needs at least one level", field=scale)
    found = find_town(db, town)
    with db.transaction() as session:
        for old in session.scalars(
            select(SymbolScale).where(SymbolScale.town_id == found.id, SymbolScale.scale == scale)
        ):
            session.delete(old)
        session.flush()
        for pos, (key, en, sl) in enumerate(levels, 1):
            session.add(SymbolScale(town_id=found.id, scale=scale, key=key, position=pos, label_en=en, label_sl=sl))
    return len(levels)


def define_scale(db: Database, town: str | None, scale: str, levels: Iterable[str]) -> dict[str, Any]:
    """Replace one scale of the study with levels written ``key=English label[=Slovene label]``,
    lowest first (all checked before anything is written)."""
    parsed = [parse_level(level, scale) for level in levels]
    set_scale(db, town, scale, parsed)
    return {"scale": scale, "levels": [key for key, _, _ in parsed]}


def _form(session: Session, town_id: int) -> FormSpec:
    ensure_typology(session, town_id)
    ty = typology(session, town_id)
    return symbol_form(ty.categories, ty.types, scales(session, town_id))


def write_xlsform(db: Database, town: str | None, output: Path) -> Path:
    """The inventory form of the study as an XLSForm for KoboToolbox / ODK Collect."""
    found = find_town(db, town)
    with db.transaction() as session:
        spec = _form(session, found.id)
    return xlsform.write_form(spec, output)


def write_template(db: Database, town: str | None, output: Path) -> Path:
    found = find_town(db, town)
    with db.transaction() as session:
        spec = _form(session, found.id)
    return symbol_sheets.write_template(spec, Path(output))


def _select_values(row: kobo.SourceRow, spec: FormSpec) -> dict[str, Any]:
    """Choice labels (label-header exports) -> choice names of the form."""
    values = dict(row.values)
    for q in spec.questions:
        if q.list_name and q.name in values and isinstance(values[q.name], str):
            name = spec.choice_name(q.list_name, values[q.name])
            if name is not None:
                values[q.name] = name
    return values


def _content_key(values: dict[str, Any]) -> str:
    payload = json.dumps({k: str(v) for k, v in sorted(values.items()) if k != "extra"}, sort_keys=True)
    return "row:" + hashlib.sha256(payload.encode()).hexdigest()[:32]


def import_symbols(
    db: Database, town: str | None, path: Path, *, media: Path | None = None, form: Path | None = None
) -> dict[str, Any]:
    """Import KoboToolbox/ODK submissions or a filled template, all or nothing.

    Every rejected cell is reported (:class:`RejectedRows`); submissions already imported (same
    ``_uuid``, or same template ``id``/content) are skipped, so re-importing does not duplicate."""
    found = find_town(db, town)
    media_zip = kobo.MediaZip(media) if media else None
    try:
        with db.transaction() as session:
            spec = xlsform.read_form(form) if form else _form(session, found.id)
            ensure_typology(session, found.id)
            subs = kobo.read_submissions(Path(path), spec)
            ty, sc = typology(session, found.id), scales(session, found.id)
            source = "kobo" if subs.kind == "kobo" else "fieldwork"
            known = set(
                session.scalars(
                    select(Symbol.external_id).where(Symbol.town_id == found.id, Symbol.external_id.is_not(None))
                )
            )
            problems: list[dict[str, Any]] = []
            planned: Planned = []
            skipped = 0
            for row in subs.rows:
                raw = _select_values(row, spec)
                geopoint = raw.pop("_geopoint", None)
                if geopoint is not None:
                    try:
                        raw["latitude"], raw["longitude"] = R.parse_geopoint(str(geopoint))
                    except ValueError as exc:
                        problems.append(
                            {"row": row.row, "column": row.columns["_geopoint"], "value": geopoint, "message": str(exc)}
                        )
                values, row_problems = R.parse_row(raw, ty, sc, default_source=source)
                for p in row_problems:
                    problems.append(
                        {
                            "row": row.row,
                            "column": row.columns.get(p.field, p.field),
                            "value": p.value,
                            "message": p.message,
                        }
                    )
                photos = []
                for ref in row.photos:
                    if media_zip is None:
                        continue
                    content = media_zip.find(ref.filename, row.uuid)
                    if content is None:
                        problems.append(
                            {
                                "row": ref.row,
                                "column": ref.column,
                                "value": ref.filename,
                                "sheet": ref.sheet if ref.sheet != subs.sheet else None,
                                "message": "photo not found in the media ZIP"
                                + (f" (under submission {row.uuid})" if row.uuid else ""),
                            }
                        )
                    else:
                        photos.append((ref, content, photo_info(content, str(media), ref.filename)))
                ext = (
                    f"kobo:{row.uuid}"
                    if row.uuid
                    else (f"id:{R._text(raw['id'])}" if R._text(raw.get("id")) else _content_key(values))
                )
                values["external_id"] = ext[:120]
                if ext in known:
                    skipped += 1
                    continue
                known.add(ext)
                planned.append((values, photos))
            if problems:
                raise R.RejectedRows(subs.file, problems)
            with audit.bulk(session, "import symbols", town=found.id, note=Path(path).name):
                photo_total = _store(session, found.id, planned)
            return {
                "file": subs.file,
                "kind": subs.kind,
                "rows": len(subs.rows),
                "imported": len(planned),
                "skipped_duplicates": skipped,
                "photos": photo_total,
                "photos_not_read": sum(len(r.photos) for r in subs.rows) if media_zip is None else 0,
            }
    finally:
        if media_zip is not None:
            media_zip.close()


#: Symbols about to be stored: their column values and their photos (reference, bytes, metadata).
Planned = list[tuple[dict[str, Any], list[tuple[kobo.PhotoRef, bytes, PhotoInfo]]]]


def _store(session: Session, town_id: int, planned: Planned) -> int:
    """Insert the planned symbols with their photos; returns the number of photos."""
    photo_total = 0
    for values, photos in planned:
        symbol = Symbol(town_id=town_id, **values)
        session.add(symbol)
        session.flush()
        for ref, content, info in photos:
            session.add(
                SymbolPhoto(
                    town_id=town_id,
                    symbol_id=symbol.id,
                    filename=ref.filename,
                    media_type=info.media_type,
                    sha256=info.sha256,
                    content=content,
                    latitude=info.latitude,
                    longitude=info.longitude,
                    taken_at=info.taken_at,
                )
            )
            photo_total += 1
            if symbol.latitude is None and info.latitude is not None:
                symbol.latitude, symbol.longitude = info.latitude, info.longitude
                symbol.extra = {**(symbol.extra or {}), "location_from": "photo EXIF"}
    return photo_total


def _export_data(session: Session, town_id: int, ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The town's symbols as export rows (those of ``ids`` only, when given)."""
    photos = select(SymbolPhoto.symbol_id, func.count()).where(SymbolPhoto.town_id == town_id)
    if ids is not None:
        photos = photos.where(SymbolPhoto.symbol_id.in_(ids))
    counts = dict(session.execute(photos.group_by(SymbolPhoto.symbol_id)).all())
    return R.export_rows(
        _dicts(session, SymbolCategory, town_id),
        _dicts(session, SymbolType, town_id),
        _dicts(session, Symbol, town_id, skip=("extra",), ids=ids),  # the rows hold no extra field
        counts,
    )


def export_symbols(db: Database, town: str | None, fmt: str, output: Path) -> dict[str, Any]:
    """Write the symbols as GeoJSON (lon/lat, FeatureCollection), CSV or XLSX."""
    found = find_town(db, town)
    with db.transaction() as session:
        rows = _export_data(session, found.id)
    if fmt == "geojson":
        geojson.write_geojson(geojson.feature_collection(rows, name=f"{found.slug} symbols"), output)
    elif fmt in ("csv", "xlsx"):
        symbol_sheets.write_table(rows, R.EXPORT_COLUMNS, output, fmt)
    else:
        raise InputError("unknown export format (geojson, csv or xlsx)", field="format", value=fmt)
    return {
        "output": str(Path(output).resolve()),
        "format": fmt,
        "symbols": len(rows),
        "with_coordinates": sum(1 for r in rows if r["latitude"] is not None),
    }


def symbol_rows(db: Database, town: str | None) -> list[dict[str, Any]]:
    found = find_town(db, town)
    with db.transaction() as session:
        return _export_data(session, found.id)


def browse(db: Database, town: str | None, params: dict[str, Any], page: object = None) -> dict[str, Any]:
    """The symbol list with filters from a query (``q``, ``category``, ``type_no``, ``theme``...):
    the page (``page``, :func:`townpaths.present.paging.pager`) of the matching rows (``rows``) and
    its ``pager``, the rows the map shows (``mapped``: every match, or the page's above
    :data:`~townpaths.studies.symbols.core.map.MAX_MAP_POINTS` matches; ``map_page`` says so), the
    town's number of symbols, the cleaned filters and the categories and types to choose from. The
    database filters and pages; only the rows shown are read whole."""
    filters = clean_filters(params)
    found = find_town(db, town)
    with db.transaction() as session:
        ids = _matching(session, found.id, filters)
        at = pager(len(ids), page)
        shown = list(at.slice(ids))
        mapped = _export_data(session, found.id, ids if len(ids) <= MAX_MAP_POINTS else shown)
        by_id = {r["record_id"]: r for r in mapped}
        used = (
            select(SymbolCategory.key, SymbolType.no, SymbolType.name_en)
            .join(SymbolType, SymbolType.category_id == SymbolCategory.id)
            .where(SymbolType.id.in_(select(Symbol.type_id).where(Symbol.town_id == found.id)))
        )
        kinds = session.execute(used).all()
        total = session.scalar(select(func.count()).where(Symbol.town_id == found.id)) or 0
    return {
        "rows": [by_id[i] for i in shown],
        "pager": at,
        "mapped": mapped,
        "map_page": len(mapped) < len(ids),
        "total": total,
        "filters": filters,
        "categories": sorted({k[0] for k in kinds}),
        "types": sorted({(k[1], k[2]) for k in kinds}),
    }


#: Filters on a column of its own: (the table, the column); ``tangible`` and ``visible`` are words
#: for a flag (:func:`townpaths.studies.symbols.core.records.export_rows`).
_FLAGS = {"tangible": ("tangible", "intangible"), "visible": ("visible", "invisible")}


def _matching(session: Session, town_id: int, filters: dict[str, str]) -> list[int]:
    """Ids of the town's symbols that match ``filters`` (as
    :func:`~townpaths.studies.symbols.core.browse.filter_rows` has it), in the list's order (type
    number, id): the database compares the fields, the text search (any case, any alphabet) runs
    here on the five columns it looks at."""
    query = (
        select(
            Symbol.id,
            Symbol.name_en.label("name"),
            Symbol.message,
            Symbol.address,
            Symbol.note_en.label("note"),
            SymbolType.name_en.label("type"),
        )
        .join(SymbolType, SymbolType.id == Symbol.type_id)
        .join(SymbolCategory, SymbolCategory.id == SymbolType.category_id)
        .where(Symbol.town_id == town_id)
        .order_by(SymbolType.no, Symbol.id)
    )
    for key, value in filters.items():
        if key == "q":
            continue
        if "\x00" in value:  # no field holds it (and PostgreSQL refuses it as a parameter)
            return []
        if key == "category":
            query = query.where(SymbolCategory.key == value)
        elif key == "type_no":
            if not value.isdecimal() or str(int(value)) != value:
                return []
            query = query.where(SymbolType.no == int(value))
        elif key in _FLAGS:
            if value not in _FLAGS[key]:
                return []
            query = query.where(getattr(Symbol, key).is_(value == _FLAGS[key][0]))
        else:
            query = query.where(getattr(Symbol, key) == value)
    if "q" in filters:
        rows = [dict(r) for r in session.execute(query).mappings()]
        return [r["id"] for r in filter_rows(rows, {"q": filters["q"]})]
    return list(session.connection().scalars(query.with_only_columns(Symbol.id)))


def get_photo(db: Database, town_id: int, photo_id: int) -> tuple[bytes, str]:
    with db.transaction() as session:
        photo = session.get(SymbolPhoto, photo_id)
        if photo is None or photo.town_id != town_id:
            raise NotFound(f"no photo {photo_id}")
        return bytes(photo.content), photo.media_type or "application/octet-stream"


EDITABLE = (
    "type",
    "name",
    "theme",
    "tangible",
    "visible",
    "latitude",
    "longitude",
    "address",
    "period",
    "message",
    "narrative",
    "repetition",
    "preservation",
    "attitude",
    "surveyor",
    "date",
    "note",
)


def symbol_detail(db: Database, town_id: int, symbol_id: int) -> dict[str, Any]:
    """One symbol as an export row, its photos (without content), its type and the edit choices."""
    with db.transaction() as session:
        symbol = session.get(Symbol, symbol_id)
        if symbol is None or symbol.town_id != town_id:
            raise NotFound(f"no symbol {symbol_id}")
        rows = _export_data(session, town_id, ids=[symbol_id])
        photos = [
            {
                "id": p.id,
                "filename": p.filename,
                "sha256": p.sha256,
                "latitude": p.latitude,
                "longitude": p.longitude,
                "taken_at": p.taken_at,
            }
            for p in session.scalars(
                select(SymbolPhoto).where(SymbolPhoto.symbol_id == symbol_id).order_by(SymbolPhoto.id)
            )
        ]
        ty = typology(session, town_id)
        return {
            "symbol": rows[0],
            "photos": photos,
            "types": sorted(ty.types, key=lambda t: t["no"]),
            "categories": ty.categories,
            "scales": scales(session, town_id),
        }


def update_symbol(db: Database, town_id: int, symbol_id: int, form: dict[str, Any]) -> None:
    """Validate an edit form with the import's rules and save it (all fields, one transaction)."""
    with db.transaction() as session:
        symbol = session.get(Symbol, symbol_id)
        if symbol is None or symbol.town_id != town_id:
            raise NotFound(f"no symbol {symbol_id}")
        raw = {k: form.get(k, "") for k in EDITABLE}
        values, problems = R.parse_row(
            raw, typology(session, town_id), scales(session, town_id), default_source=symbol.source or "fieldwork"
        )
        if problems:
            p = problems[0]
            raise InputError(p.message, field=p.field, value=p.value)
        for column in (
            "type_id",
            "name_en",
            "theme",
            "tangible",
            "visible",
            "latitude",
            "longitude",
            "address",
            "period_of_origin",
            "message",
            "narrative",
            "repetition",
            "preservation",
            "attitude",
            "surveyor",
            "surveyed_on",
            "note_en",
        ):
            setattr(symbol, column, values.get(column))


def add_type(
    db: Database,
    town: str | None,
    category: str,
    name_en: str,
    name_sl: str | None = None,
    *,
    category_en: str | None = None,
    category_sl: str | None = None,
) -> dict[str, Any]:
    """Extend the study's typology: a new type (numbered after the last) in an existing category,
    or in a new category when ``category_en`` names it."""
    if not name_en.strip():
        raise InputError("a type needs an English name", field="name_en", value=name_en)
    name_en = check_name(name_en, max_chars=MAX_NAME, field="name_en")
    name_sl = check_name(name_sl, max_chars=MAX_NAME, field="name_sl") if name_sl and name_sl.strip() else None
    category_en = check_name(category_en, max_chars=MAX_NAME, field="category_en") if category_en else None
    category_sl = check_name(category_sl, max_chars=MAX_NAME, field="category_sl") if category_sl else None
    key = category.strip().lower().replace(" ", "_")
    if not key or not key.replace("_", "").isalnum():
        raise InputError("a category key is one word (letters, digits, _)", field="category", value=category)
    if len(key) > MAX_KEY:
        raise InputError(f"a category key is at most {MAX_KEY} characters", field="category", value=category)
    found = find_town(db, town)
    with db.transaction() as session:
        ensure_typology(session, found.id)
        cat = session.scalar(
            select(SymbolCategory).where(SymbolCategory.town_id == found.id, SymbolCategory.key == key)
        )
        if cat is None:
            if not category_en:
                known = ", ".join(
                    session.scalars(
                        select(SymbolCategory.key)
                        .where(SymbolCategory.town_id == found.id)
                        .order_by(SymbolCategory.position)
                    )
                )
                raise InputError(
                    f"unknown category (known: {known}; give --category-en to create it)",
                    field="category",
                    value=category,
                )
            position = (
                session.scalar(select(func.max(SymbolCategory.position)).where(SymbolCategory.town_id == found.id)) or 0
            ) + 1
            cat = SymbolCategory(town_id=found.id, key=key, position=position, name_en=category_en, name_sl=category_sl)
            session.add(cat)
            session.flush()
        no = (session.scalar(select(func.max(SymbolType.no)).where(SymbolType.town_id == found.id)) or 0) + 1
        session.add(
            SymbolType(
                town_id=found.id,
                category_id=cat.id,
                no=no,
                name_en=name_en.strip(),
                name_sl=(name_sl or "").strip() or None,
            )
        )
        return {"category": cat.key, "no": no, "name_en": name_en.strip()}
