"""Codebooks from CSV (or XLSX) through the shared table reader."""

from __future__ import annotations

from townpaths.core.errors import InputError
from townpaths.formats.tables import normalise_header, read_sheets_bytes, records
from townpaths.studies.qda.core.codebook import from_rows
from townpaths.studies.qda.core.project import CodeNode


def read_codebook_csv(data: bytes, where: str) -> tuple[list[CodeNode], dict[str, str | None]]:
    """Codes and GUID -> Slovene name from a codebook table (columns as
    :data:`~townpaths.studies.qda.core.codebook.CSV_COLUMNS`, ``name`` required)."""
    sheets = read_sheets_bytes(data, where, first_only=True)
    rows = sheets[0].rows if sheets else []
    if "name" not in [normalise_header(h) for h in (rows[0] if rows else [])]:
        raise InputError("codebook CSV needs a 'name' column", file=where, row=1)
    return from_rows(records(rows, where), where)
