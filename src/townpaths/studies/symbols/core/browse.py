"""Filtering the symbol list (pure)."""

from __future__ import annotations

from typing import Any

FILTERS = ("category", "type_no", "theme", "tangible", "visible", "narrative", "source", "q")


def clean_filters(params: dict[str, Any]) -> dict[str, str]:
    return {k: str(params[k]).strip() for k in FILTERS if params.get(k) not in (None, "")}


def filter_rows(rows: list[dict[str, Any]], filters: dict[str, str]) -> list[dict[str, Any]]:
    """Rows of :func:`townpaths.studies.symbols.core.records.export_rows` matching every filter."""
    out = []
    q = filters.get("q", "").lower()
    for r in rows:
        if any(str(r.get(k) if r.get(k) is not None else "") != v for k, v in filters.items() if k != "q"):
            continue
        if q and not any(q in str(r.get(k) or "").lower() for k in ("name", "message", "address", "note", "type")):
            continue
        out.append(r)
    return out
