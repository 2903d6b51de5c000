"""The innovation register as CSV/XLSX (one row per innovation, flat) and JSON (nested).

Flat cells: ``actors`` holds ``name | sector | role`` items, ``outcomes`` holds
``description | value | unit | year | source`` items, one item per line (or separated by ``;`` when
the cell is a single line), each followed by its Slovene texts where a case has them in both
languages (``| name_sl | role_sl``, ``| description_sl``); each criterion has a ``<key>`` column
(yes, no, partly or empty), a ``<key>_rationale`` column and a ``<key>_rationale_sl`` column. The
social need has ``social_need`` and ``social_need_sl``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from townpaths.core.errors import InputError
from townpaths.formats.files import atomic_write, read_file
from townpaths.formats.jsonsafe import load_json
from townpaths.formats.tables import MAX_FILE_BYTES as MAX_JSON_BYTES
from townpaths.formats.tables import TableLimits, raise_all, read_table, write_rows
from townpaths.studies.innovations.core.record import CRITERIA_KEYS, clean

FORMAT = "townpaths-innovations"
BASE_COLUMNS = [
    "no",
    "type_en",
    "type_sl",
    "name_en",
    "name_sl",
    "year",
    "end_year",
    "description",
    "social_need",
    "social_need_sl",
    "initiator",
    "stage",
    "heritage_value",
    "found_by",
    "status",
]
#: An assessment's columns: whether the criterion is met, why, and why in Slovene.
CRITERIA_COLUMNS = [c for k in CRITERIA_KEYS for c in (k, f"{k}_rationale", f"{k}_rationale_sl")]
#: The parts of a line of the actors and of the outcomes cells ("|" between them; the Slovene texts
#: last and only when there are any).
ACTOR_FIELDS = ("name", "sector", "role", "name_sl", "role_sl")
OUTCOME_FIELDS = ("description", "value", "unit", "year", "source", "description_sl")
COLUMNS = [*BASE_COLUMNS, *CRITERIA_COLUMNS, "actors", "outcomes"]
MAX_ROWS = 10000
#: Nesting of a register in JSON (a document, its list, an innovation, its lists and objects).
MAX_JSON_DEPTH = 8


def _met(value: Any) -> str:
    return {True: "yes", False: "no", "partly": "partly"}.get(value, "")


def flatten(record: dict[str, Any]) -> list[Any]:
    criteria = record.get("criteria") or {}
    row = [record.get(c) for c in BASE_COLUMNS]
    for k in CRITERIA_KEYS:
        c = criteria.get(k) or {}
        row += [_met(c.get("met")), c.get("rationale") or "", c.get("rationale_sl") or ""]
    row.append("\n".join(_line(a, ACTOR_FIELDS, 3) for a in record.get("actors") or []))
    row.append("\n".join(_line(o, OUTCOME_FIELDS, 5) for o in record.get("outcomes") or []))
    return row


def _line(item: dict[str, Any], fields: tuple[str, ...], always: int) -> str:
    """One actor or outcome as a line of ``fields`` joined by " | ": the first ``always`` fields,
    and the (Slovene) ones after them only up to the last that has a value."""
    values = ["" if item.get(f) is None else str(item.get(f)) for f in fields]
    while len(values) > always and not values[-1]:
        values.pop()
    return " | ".join(values)


def _split(cell: Any, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    if cell in (None, ""):
        return []
    out = []
    text = str(cell)
    for item in text.splitlines() if "\n" in text else text.split(";"):
        if not item.strip():
            continue
        parts = [p.strip() for p in item.split("|")]
        out.append({f: (parts[i] if i < len(parts) and parts[i] else None) for i, f in enumerate(fields)})
    return out


def unflatten(row: dict[str, Any]) -> dict[str, Any]:
    data = {c: row.get(c) for c in BASE_COLUMNS}
    data["criteria"] = {
        k: {
            "met": str(row.get(k) or "").strip(),
            "rationale": row.get(f"{k}_rationale"),
            "rationale_sl": row.get(f"{k}_rationale_sl"),
        }
        for k in CRITERIA_KEYS
        if row.get(k) not in (None, "") or row.get(f"{k}_rationale") or row.get(f"{k}_rationale_sl")
    }
    data["actors"] = _split(row.get("actors"), ACTOR_FIELDS)
    data["outcomes"] = _split(row.get("outcomes"), OUTCOME_FIELDS)
    return data


def _present(row: dict[str, Any]) -> set[str]:
    keys = set(row) & {*BASE_COLUMNS, "actors", "outcomes"}
    if set(row) & set(CRITERIA_COLUMNS):
        keys.add("criteria")
    return keys


def read_innovations(path: Path) -> list[dict[str, Any]]:
    """Clean innovations from a .csv, .xlsx or .json file; every bad row is reported at once. Each
    record's ``present`` lists the fields the file gives (an update leaves the others alone)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        doc = load_json(read_file(path, MAX_JSON_BYTES), str(path), max_depth=MAX_JSON_DEPTH)
        items = doc.get("innovations") if isinstance(doc, dict) else doc
        if not isinstance(items, list):
            raise InputError("expected a list of innovations", file=str(path))
        rows = [(n, item) for n, item in enumerate(items, 1)]
        present = [set(item) if isinstance(item, dict) else set() for item in items]
        label = "innovation {}"
    else:
        rows = read_table(path, limits=TableLimits(rows=MAX_ROWS))
        if rows and not ({"name_en", "name_sl"} & set(rows[0][1])):
            raise InputError("missing column name_en (or name_sl)", file=str(path))
        present = [_present(r) for _, r in rows]
        rows = [(n, unflatten(r)) for n, r in rows]
        label = None
    if len(rows) > MAX_ROWS:
        raise InputError(f"more than {MAX_ROWS} rows", file=str(path))
    out, errors = [], []
    for (n, data), keys in zip(rows, present, strict=True):
        try:
            if not isinstance(data, dict):
                raise InputError("expected an object", row=label.format(n) if label else n)
            out.append({**clean(data, row=label.format(n) if label else n), "present": keys})
        except InputError as exc:
            errors.append(exc)
    raise_all(errors, str(path))
    return out


def write_innovations(path: Path, records: list[dict[str, Any]], town: str) -> Path:
    """Write the register (records with ``actors``) as .csv, .xlsx or .json by the suffix."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        keep = [*BASE_COLUMNS, "criteria", "outcomes", "actors"]
        doc = {
            "format": FORMAT,
            "version": 1,
            "town": town,
            "innovations": [{k: r.get(k) for k in keep} for r in records],
        }
        return atomic_write(path, json.dumps(doc, ensure_ascii=False, indent=2))
    return write_rows(path, COLUMNS, [flatten(r) for r in records])
