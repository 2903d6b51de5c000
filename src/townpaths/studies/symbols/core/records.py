"""One symbol row (from a form export or the template) -> a validated symbol record. No I/O.

Rows arrive as ``{canonical field: raw value}``; :func:`parse_row` returns the values for a
:class:`~townpaths.storage.models.Symbol` or the list of problems (field, value, message), so an
importer can report every rejected cell before writing anything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from townpaths.core.errors import InputError
from townpaths.core.values import text_problem
from townpaths.studies.symbols.core.vocab import (
    NARRATIVES,
    NO,
    SOURCES,
    TANGIBLE,
    THEMES,
    VISIBLE,
    YES,
    Choice,
    match_choice,
)

#: Canonical fields of a symbol row, in template order (also the XLSForm question names).
FIELDS = (
    "id",
    "surveyor",
    "date",
    "category",
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
    "photo",
    "note",
    "source",
)
REQUIRED = ("type", "name")
#: Characters of a record's own identifier (``id``); it is kept as ``id:<id>`` in a 120-character column.
MAX_ID_CHARS = 100


@dataclass
class Problem:
    field: str
    value: Any
    message: str


@dataclass
class Typology:
    """Lookup of a study's categories and types (ids from the database)."""

    categories: list[dict[str, Any]]
    types: list[dict[str, Any]]
    _by_name: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for t in self.types:
            for name in (str(t["no"]), f"t{t['no']}", t["name_en"], t.get("name_sl") or ""):
                if name:
                    self._by_name.setdefault(_norm(name), t)

    def find_type(self, value: str) -> dict[str, Any] | None:
        return self._by_name.get(_norm(value))

    def find_category(self, value: str) -> dict[str, Any] | None:
        wanted = _norm(value)
        for c in self.categories:
            if wanted in {_norm(c["key"]), _norm(c["name_en"]), _norm(c.get("name_sl") or "")}:
                return c
        return None


def _norm(value: str) -> str:
    return " ".join(str(value).strip().lower().replace("_", " ").split())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_number(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _text(value)
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    return float(text)


def parse_geopoint(value: str) -> tuple[float, float]:
    """ODK/Kobo geopoint ``"lat lon [alt [acc]]"`` -> (lat, lon)."""
    parts = value.split()
    if len(parts) < 2 or len(parts) > 4:
        raise ValueError("a geopoint is 'latitude longitude [altitude [accuracy]]'")
    return parse_number(parts[0]), parse_number(parts[1])


_DMY = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    m = _DMY.match(text)
    if m:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return dt.date.fromisoformat(text[:10])


def parse_flag(value: str, choices: tuple[Choice, ...]) -> bool:
    """``tangible``/``intangible`` (or yes/no, da/ne) -> True/False."""
    key = match_choice(value, choices)
    if key is not None:
        return key == choices[0].key
    low = value.strip().lower()
    if low in YES:
        return True
    if low in NO:
        return False
    raise ValueError(f"expected {choices[0].key} or {choices[1].key}")


def parse_row(
    raw: dict[str, Any], typology: Typology, scales: dict[str, list[Choice]], *, default_source: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate one row. Returns the Symbol column values and the problems found (all of them)."""
    values: dict[str, Any] = {"extra": {}}
    problems: list[Problem] = []
    text = {k: _text(v) for k, v in raw.items()}
    for name in list(text):
        problem = text_problem(text[name])
        if problem is not None:
            problems.append(Problem(name, raw.get(name), problem))
            text[name] = ""
    if len(text.get("id", "")) > MAX_ID_CHARS:
        problems.append(Problem("id", raw.get("id"), f"an id is at most {MAX_ID_CHARS} characters"))

    for name in REQUIRED:
        if not text.get(name):
            problems.append(Problem(name, raw.get(name), "required value is missing"))
    type_row = None
    if text.get("type"):
        type_row = typology.find_type(text["type"])
        if type_row is None:
            problems.append(
                Problem("type", raw.get("type"), "unknown symbol type (use a type number, t<no> or its name)")
            )
        else:
            values["type_id"] = type_row["id"]
    if text.get("category"):
        cat = typology.find_category(text["category"])
        if cat is None:
            problems.append(Problem("category", raw.get("category"), "unknown category"))
        elif type_row is not None and type_row["category_id"] != cat["id"]:
            problems.append(Problem("category", raw.get("category"), "the type belongs to another category"))
    values["name_en"] = text.get("name") or None

    for fname, choices, column in (
        ("theme", THEMES, "theme"),
        ("narrative", NARRATIVES, "narrative"),
        ("source", SOURCES, "source"),
    ):
        if text.get(fname):
            key = match_choice(text[fname], choices)
            if key is None:
                problems.append(
                    Problem(fname, raw.get(fname), f"unknown {fname} (one of: {', '.join(c.key for c in choices)})")
                )
            values[column] = key
    values["source"] = values.get("source") or default_source
    for scale in ("preservation", "attitude", "repetition"):
        if text.get(scale):
            key = match_choice(text[scale], scales[scale])
            if key is None:
                problems.append(
                    Problem(
                        scale,
                        raw.get(scale),
                        f"not a level of the {scale} scale ({', '.join(c.key for c in scales[scale])})",
                    )
                )
            values[scale] = key
    for fname, flag_choices in (("tangible", TANGIBLE), ("visible", VISIBLE)):
        if text.get(fname):
            try:
                values[fname] = parse_flag(text[fname], flag_choices)
            except ValueError as exc:
                problems.append(Problem(fname, raw.get(fname), str(exc)))

    lat_raw, lon_raw = text.get("latitude"), text.get("longitude")
    if lat_raw or lon_raw:
        try:
            lat, lon = parse_number(lat_raw), parse_number(lon_raw)
            if not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
                raise ValueError
            values["latitude"], values["longitude"] = lat, lon
        except (TypeError, ValueError):
            bad = "latitude" if not _valid(lat_raw, 90) else "longitude"
            problems.append(
                Problem(bad, raw.get(bad), "not a coordinate (decimal degrees, latitude -90..90, longitude -180..180)")
            )
    if text.get("date"):
        try:
            values["surveyed_on"] = parse_date(raw["date"])
        except ValueError:
            problems.append(Problem("date", raw.get("date"), "not a date (YYYY-MM-DD or D. M. YYYY)"))
    for fname, column in (
        ("surveyor", "surveyor"),
        ("address", "address"),
        ("period", "period_of_origin"),
        ("message", "message"),
        ("note", "note_en"),
    ):
        if text.get(fname):
            values[column] = text[fname]
    if values.get("period_of_origin") and len(values["period_of_origin"]) > 80:
        problems.append(Problem("period", raw.get("period"), "longer than 80 characters"))
    return values, problems


def _valid(value: str | None, limit: float) -> bool:
    try:
        return -limit <= parse_number(value) <= limit
    except (TypeError, ValueError):
        return False


class RejectedRows(InputError):
    """Every rejected cell of an import, each with its file, row, column and value."""

    def __init__(self, file: str, problems: list[dict[str, Any]]) -> None:
        self.problems = problems
        if len(problems) == 1:
            p = problems[0]
            where = f"{file} [{p['sheet']}]" if p.get("sheet") else file
            super().__init__(p["message"], file=where, row=p["row"], field=p["column"], value=p["value"])
            return
        lines = [
            f"row {p['row']}, column {p['column']!r}, value {p['value']!r}: {p['message']}"
            + (f" [{p['sheet']}]" if p.get("sheet") else "")
            for p in problems
        ]
        super().__init__(f"{len(problems)} problem(s), nothing imported:\n  " + "\n  ".join(lines), file=file)


#: Columns of the CSV/XLSX export (a superset of the template's, so an export can be re-imported).
EXPORT_COLUMNS = (
    "record_id",
    "external_id",
    "category",
    "type_no",
    "type",
    "name",
    "theme",
    "tangible",
    "visible",
    "status",
    "latitude",
    "longitude",
    "address",
    "period",
    "message",
    "narrative",
    "repetition",
    "preservation",
    "attitude",
    "source",
    "surveyor",
    "date",
    "photos",
    "note",
)


def export_rows(
    categories: list[dict[str, Any]],
    types: list[dict[str, Any]],
    symbols: list[dict[str, Any]],
    photo_counts: dict[int, int],
) -> list[dict[str, Any]]:
    """Symbols as flat rows (booleans as tangible/intangible, visible/invisible)."""
    cat = {c["id"]: c for c in categories}
    typ = {t["id"]: t for t in types}
    out = []
    for s in sorted(symbols, key=lambda s: (typ[s["type_id"]]["no"], s["id"])):
        t = typ[s["type_id"]]
        out.append(
            {
                "record_id": s["id"],
                "external_id": s.get("external_id"),
                "category": cat[t["category_id"]]["key"],
                "type_no": t["no"],
                "type": t["name_en"],
                "type_en": t["name_en"],
                "type_sl": t.get("name_sl"),
                "name": s["name_en"],
                "name_en": s["name_en"],
                "name_sl": s.get("name_sl"),
                "theme": s.get("theme"),
                "tangible": None if s.get("tangible") is None else ("tangible" if s["tangible"] else "intangible"),
                "visible": None if s.get("visible") is None else ("visible" if s["visible"] else "invisible"),
                "status": s.get("status"),
                "latitude": s.get("latitude"),
                "longitude": s.get("longitude"),
                "address": s.get("address"),
                "period": s.get("period_of_origin"),
                "message": s.get("message"),
                "narrative": s.get("narrative"),
                "repetition": s.get("repetition"),
                "preservation": s.get("preservation"),
                "attitude": s.get("attitude"),
                "source": s.get("source"),
                "surveyor": s.get("surveyor"),
                "date": s["surveyed_on"].isoformat() if s.get("surveyed_on") else None,
                "photos": photo_counts.get(s["id"], 0),
                "note": s.get("note_en"),
                "provenance": s.get("provenance"),
                "provenance_note": s.get("provenance_note"),
            }
        )
    return out
