"""The social-sustainability framework and scores as CSV/XLSX: one row per score (or per indicator
when it has no score yet), the indicator defined on the row.

Columns: ``dimension_key, dimension_en, dimension_sl, indicator, name_en, name_sl, scale_min,
scale_max, rater_group, workshop, year, score``. ``workshop`` is the title of a workshop of the
town (or empty)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from townpaths.core.errors import InputError
from townpaths.formats.tables import TableLimits, raise_all, read_table, write_rows
from townpaths.studies.sustainability.core.framework import clean_indicator

COLUMNS = [
    "dimension_key",
    "dimension_en",
    "dimension_sl",
    "indicator",
    "name_en",
    "name_sl",
    "scale_min",
    "scale_max",
    "rater_group",
    "workshop",
    "year",
    "score",
]
MAX_ROWS = 100000


def _num(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def read_assessment(path: Path, known: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(indicator definitions, scores) from a file. ``known`` maps indicator keys already in the
    case to their definitions (a row may then give only ``indicator`` and ``score``)."""
    rows = read_table(Path(path), limits=TableLimits(rows=MAX_ROWS))
    if rows and "indicator" not in rows[0][1]:
        raise InputError("missing column indicator", file=str(path))
    if len(rows) > MAX_ROWS:
        raise InputError(f"more than {MAX_ROWS} rows", file=str(path))
    definitions: dict[str, dict[str, Any]] = {}
    scores, errors = [], []
    for n, r in rows:
        try:
            key = str(r.get("indicator") or "").strip()
            if r.get("name_en") or r.get("dimension_en"):
                definitions[key] = clean_indicator({**r, "key": key}, row=n)
            ind = definitions.get(key) or known.get(key)
            if ind is None:
                raise InputError(
                    "unknown indicator: define it on the row (dimension_key, dimension_en, name_en)",
                    row=n,
                    field="indicator",
                    value=key,
                )
            if r.get("score") in (None, ""):
                continue
            score = _num(r.get("score"))
            if score is None or not ind["scale_min"] <= score <= ind["scale_max"]:
                raise InputError(
                    f"score must be a number from {ind['scale_min']:g} to {ind['scale_max']:g}",
                    row=n,
                    field="score",
                    value=r.get("score"),
                )
            year = _num(r.get("year"))
            if r.get("year") not in (None, "") and (year is None or year != int(year)):
                raise InputError("year must be a whole number", row=n, field="year", value=r.get("year"))
            group = str(r.get("rater_group") or "").strip() or None
            if group and len(group) > 80:
                raise InputError("a rater group is at most 80 characters", row=n, field="rater_group")
            scores.append(
                {
                    "indicator": key,
                    "score": score,
                    "year": int(year) if year is not None else None,
                    "rater_group": group,
                    "workshop": str(r.get("workshop") or "").strip() or None,
                    "row": n,
                }
            )
        except InputError as exc:
            errors.append(exc)
    raise_all(errors, str(path))
    return list(definitions.values()), scores


def write_assessment(
    path: Path, indicators: list[dict[str, Any]], scores: list[dict[str, Any]], workshops: dict[int, str]
) -> Path:
    by_id = {i["id"]: i for i in indicators}
    scored = {s["indicator_id"] for s in scores}

    def base(i: dict[str, Any]) -> list[Any]:
        return [
            i["dimension_key"],
            i["dimension_en"],
            i.get("dimension_sl"),
            i["key"],
            i["name_en"],
            i.get("name_sl"),
            i["scale_min"],
            i["scale_max"],
        ]

    def workshop(s: dict[str, Any]) -> str | None:
        return None if s.get("workshop_id") is None else workshops.get(s["workshop_id"])

    rows = [[*base(i), None, None, None, None] for i in indicators if i["id"] not in scored]
    rows += [
        [
            *base(by_id[s["indicator_id"]]),
            s.get("rater_group"),
            workshop(s),
            s.get("year"),
            s["score"],
        ]
        for s in scores
    ]
    return write_rows(Path(path), COLUMNS, rows)
