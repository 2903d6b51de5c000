"""The scan's lexicon as a table (CSV or XLSX: ``group,category,lang,term``), read through
:mod:`townpaths.formats.tables`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from townpaths.formats.tables import Sheet, csv_text, normalise_header, read_sheets, read_sheets_bytes, records
from townpaths.studies.documents.core.lexicon import LEXICON_COLUMNS, Term, terms_from_rows


def _terms(sheets: list[Sheet], file: str) -> list[Term]:
    rows = sheets[0].rows if sheets else []
    header = [normalise_header(h) for h in (rows[0] if rows else [])]
    return terms_from_rows(header, records(rows, file) if rows else [], file)


def read_terms(path: Path | str) -> list[Term]:
    """The terms of a lexicon file, every row checked."""
    return _terms(read_sheets(path, first_only=True), str(path))


def read_terms_bytes(data: bytes, name: str) -> list[Term]:
    """:func:`read_terms` for an upload (``name`` gives the format and names it in messages)."""
    return _terms(read_sheets_bytes(data, name, first_only=True), name)


def terms_csv(terms: list[Term]) -> str:
    """The lexicon as CSV (``group,category,lang,term``) through the formula-safe writer."""
    return csv_text(list(LEXICON_COLUMNS), [[t.group, t.category, t.lang, t.text] for t in terms])


def default_terms() -> list[Term]:
    """The lexicon shipped with townpaths."""
    ref = resources.files("townpaths") / "data" / "symbols" / "lexicon.csv"
    return read_terms_bytes(ref.read_bytes(), "lexicon.csv")
