"""The social-sustainability framework and scores as CSV/XLSX: one row per score (or per indicator
when it has no score yet), the indicator defined on the row.

Columns: ``dimension_key, dimension_en, dimension_sl, indicator, name_en, name_sl, scale_min,
scale_max, rater_group, workshop, year, score``. ``workshop`` is the title of a workshop of the
town (or empty)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from townpaths.core.errors import InputError
from townpaths.core.values import check_name, finite_number, whole_number
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
#: Years a score may be given for.
MIN_YEAR, MAX_YEAR = 1800, 2200


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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
            if _blank(r.get("score")):
                continue
            score = finite_number(
                r.get("score"),
                low=ind["scale_min"],
                high=ind["scale_max"],
                row=n,
                field="score",
                reason=f"score must be a number from {ind['scale_min']:g} to {ind['scale_max']:g}",
            )
            year = (
                None
                if _blank(r.get("year"))
                else whole_number(
                    r.get("year"),
                    low=MIN_YEAR,
                    high=MAX_YEAR,
                    row=n,
                    field="year",
                    reason=f"year must be a whole number from {MIN_YEAR} to {MAX_YEAR}",
                )
            )
            group = str(r.get("rater_group") or "").strip() or None
            if group:
                group = check_name(group, max_chars=80, row=n, field="rater_group")
            workshop = str(r.get("workshop") or "").strip() or None
            scores.append(
                {
                    "indicator": key,
                    "score": score,
                    "year": year,
                    "rater_group": group,
                    "workshop": workshop,
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
