"""Codebooks as CSV (or XLSX) through the shared table reader and the formula-safe writer."""

from __future__ import annotations

from townpaths.core.errors import InputError
from townpaths.formats.tables import csv_text, normalise_header, read_sheets_bytes, records
from townpaths.studies.qda.core.codebook import CSV_COLUMNS, csv_rows, from_rows
from townpaths.studies.qda.core.project import CodeNode


def to_csv(roots: list[CodeNode], names_sl: dict[str, str | None] | None = None) -> str:
    """The codebook as CSV text; text a spreadsheet would run as a formula is guarded (and
    unguarded again when townpaths reads it)."""
    return csv_text(list(CSV_COLUMNS), csv_rows(roots, names_sl))


def read_codebook_csv(data: bytes, where: str) -> tuple[list[CodeNode], dict[str, str | None]]:
    """Codes and GUID -> Slovene name from a codebook table (columns as
    :data:`~townpaths.studies.qda.core.codebook.CSV_COLUMNS`; a ``name`` or a ``path`` column
    required: the hierarchy comes from ``parent_guid`` or from ``path``)."""
    sheets = read_sheets_bytes(data, where, first_only=True)
    rows = sheets[0].rows if sheets else []
    header = [normalise_header(h) for h in (rows[0] if rows else [])]
    if "name" not in header and "path" not in header:
        raise InputError("a codebook table needs a 'name' or a 'path' column", file=where, row=1)
    unknown = [h for h in header if h and h not in CSV_COLUMNS]
    if unknown:
        raise InputError(
            f"unknown column (the columns of a codebook: {', '.join(CSV_COLUMNS)})", file=where, row=1, field=unknown[0]
        )
    return from_rows(records(rows, where), where)
