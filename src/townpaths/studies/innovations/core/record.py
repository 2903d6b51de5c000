"""An innovation record: the fields, the three characteristics of the study's definition, outcomes
and actors, and their validation (pure; errors are :class:`InputError` naming the field)."""

from __future__ import annotations

from typing import Any

from townpaths.core.errors import InputError
from townpaths.core.values import MAX_INT64, check_text, finite_number, whole_number
from townpaths.core.vocab import HELIX_SECTORS
from townpaths.studies.innovations.core.typology import normalise

Record = dict[str, Any]

#: The three characteristics of the study's definition of a social innovation.
CRITERIA: tuple[tuple[str, str, str], ...] = (
    (
        "collaboration",
        "collaboration and complex relations among the actors involved",
        "sodelovanje in kompleksni odnosi med vpletenimi akterji",
    ),
    ("social_issue", "a solution to a pressing social issue", "rešitev perečega družbenega vprašanja"),
    (
        "local_context",
        "rooted in the local geographic, political, cultural and historical context",
        "ukoreninjenost v lokalnem geografskem, političnem, kulturnem in zgodovinskem kontekstu",
    ),
)
CRITERIA_KEYS = tuple(k for k, _, _ in CRITERIA)

#: Quadruple-helix sectors of actors.
SECTORS = HELIX_SECTORS
FOUND_BY = ("researchers", "workshop")
STATUSES = ("proposed", "accepted", "rejected", "merged")
STAGES = ("idea", "pilot", "established", "ended")

TEXT_FIELDS = ("name_en", "name_sl", "description", "social_need", "social_need_sl", "initiator", "heritage_value")
MAX_TEXT = 4000
MIN_YEAR, MAX_YEAR = 1000, 2200
#: The largest number of an innovation in the register.
MAX_NUMBER = 1_000_000


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _year(value: Any, name: str, row: int | str | None) -> int | None:
    if _blank(value):
        return None
    finite_number(value, row=row, field=name, reason="not a year")
    return whole_number(
        value,
        low=MIN_YEAR,
        high=MAX_YEAR,
        row=row,
        field=name,
        reason=f"a year must be a whole number between {MIN_YEAR} and {MAX_YEAR}",
    )


def _text(value: Any, name: str | None = None, row: int | str | None = None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return check_text(text, row=row, field=name) or None


def _criterion(value: Any, key: str, row: int | str | None) -> Record:
    if value is None:
        return {"met": None, "rationale": None}
    if not isinstance(value, dict):
        raise InputError(
            "a criterion is {met: yes/no/partly/unknown, rationale: text}",
            row=row,
            field=f"criteria.{key}",
            value=value,
        )
    met = value.get("met")
    if isinstance(met, str):
        met = {
            "yes": True,
            "true": True,
            "da": True,
            "1": True,
            "no": False,
            "false": False,
            "ne": False,
            "0": False,
            "partly": "partly",
            "delno": "partly",
            "": None,
            "unknown": None,
        }.get(met.strip().lower(), met)
    if met not in (True, False, "partly", None):
        raise InputError("use yes, no, partly or leave empty", row=row, field=f"criteria.{key}", value=value.get("met"))
    out = {"met": met, "rationale": _text(value.get("rationale"), f"criteria.{key}", row)}
    return out | _slovene(value, ("rationale_sl",), f"criteria.{key}", row)


def _slovene(value: dict[str, Any], names: tuple[str, ...], field: str, row: int | str | None) -> Record:
    """The Slovene texts among ``names`` that ``value`` has (a case written in both languages keeps
    them; a record written in one language has none)."""
    return {name: text for name in names if (text := _text(value.get(name), field, row)) is not None}


def clean_outcome(value: Any, row: int | str | None = None) -> Record:
    """An outcome: ``description`` (required), ``value`` (number or empty), ``unit``, ``year``, ``source``."""
    if not isinstance(value, dict) or not _text(value.get("description")):
        raise InputError("an outcome needs a description", row=row, field="outcomes", value=value)
    raw = value.get("value")
    number: float | int | None = None
    if not _blank(raw):
        number = finite_number(raw, row=row, field="outcomes", reason="an outcome's value must be a finite number")
        number = int(number) if number.is_integer() and abs(number) <= MAX_INT64 else number
    return {
        "description": _text(value["description"], "outcomes", row),
        "value": number,
        "unit": _text(value.get("unit"), "outcomes", row),
        "year": _year(value.get("year"), "outcomes.year", row),
        "source": _text(value.get("source"), "outcomes", row),
    } | _slovene(value, ("description_sl",), "outcomes", row)


def clean_actor(value: Any, row: int | str | None = None) -> Record:
    """An actor: ``name`` (required), ``sector`` (a helix sector or empty), ``role``."""
    if not isinstance(value, dict) or not _text(value.get("name")):
        raise InputError("an actor needs a name", row=row, field="actors", value=value)
    sector = _text(value.get("sector"))
    if sector is not None and sector not in SECTORS:
        raise InputError(f"sector must be one of {', '.join(SECTORS)}", row=row, field="actors.sector", value=sector)
    return {
        "name": _text(value["name"], "actors", row),
        "sector": sector,
        "role": _text(value.get("role"), "actors", row),
    } | _slovene(value, ("name_sl", "role_sl"), "actors", row)


def clean(data: Record, row: int | str | None = None) -> Record:
    """Validate and normalise one innovation (a dict with the register's fields, ``criteria``,
    ``outcomes`` and ``actors``). Raises :class:`InputError` on the first bad field."""
    out: Record = {}
    for name in TEXT_FIELDS:
        out[name] = _text(data.get(name), name, row)
        if out[name] is not None and len(out[name]) > MAX_TEXT:
            raise InputError(f"longer than {MAX_TEXT} characters", row=row, field=name)
    if not out["name_en"] and not out["name_sl"]:
        raise InputError("a name (name_en or name_sl) is required", row=row, field="name_en")
    out["name_en"] = out["name_en"] or out["name_sl"]
    out["type_en"], out["type_sl"] = normalise(
        _text(data.get("type_en"), "type_en", row), _text(data.get("type_sl"), "type_sl", row)
    )
    if not out["type_en"]:
        raise InputError("a type is required", row=row, field="type_en")
    if len(out["type_en"]) > 80 or len(out["type_sl"] or "") > 80:
        raise InputError("a type is at most 80 characters", row=row, field="type_en")
    out["no"] = _int(data.get("no"), "no", row)
    out["year"] = _year(data.get("year"), "year", row)
    out["end_year"] = _year(data.get("end_year"), "end_year", row)
    if out["year"] is not None and out["end_year"] is not None and out["end_year"] < out["year"]:
        raise InputError(
            f"end year is before the year of emergence {out['year']}", row=row, field="end_year", value=out["end_year"]
        )
    out["stage"] = _text(data.get("stage"), "stage", row)
    if out["stage"] is not None and len(out["stage"]) > 40:
        raise InputError("a stage is at most 40 characters", row=row, field="stage", value=out["stage"])
    out["found_by"] = _text(data.get("found_by"))  # empty: not stated (e.g. a study that does not say)
    if out["found_by"] is not None and out["found_by"] not in FOUND_BY:
        raise InputError(
            f"found_by must be one of {', '.join(FOUND_BY)}", row=row, field="found_by", value=out["found_by"]
        )
    out["status"] = _text(data.get("status")) or "accepted"
    if out["status"] not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}", row=row, field="status", value=out["status"])
    criteria = data.get("criteria") or {}
    if not isinstance(criteria, dict):
        raise InputError("criteria must be an object", row=row, field="criteria", value=criteria)
    unknown = set(criteria) - set(CRITERIA_KEYS)
    if unknown:
        raise InputError(
            f"unknown criterion (use {', '.join(CRITERIA_KEYS)})", row=row, field="criteria", value=sorted(unknown)[0]
        )
    assessed = {k: _criterion(criteria[k], k, row) for k in CRITERIA_KEYS if k in criteria}
    out["criteria"] = {k: v for k, v in assessed.items() if v != {"met": None, "rationale": None}}
    out["outcomes"] = [clean_outcome(o, row) for o in (data.get("outcomes") or [])]
    out["actors"] = [clean_actor(a, row) for a in (data.get("actors") or [])]
    return out


def _int(value: Any, name: str, row: int | str | None) -> int | None:
    if _blank(value):
        return None
    return whole_number(
        value, low=1, high=MAX_NUMBER, row=row, field=name, reason=f"must be a whole number from 1 to {MAX_NUMBER}"
    )
