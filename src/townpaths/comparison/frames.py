"""A comparison as pandas DataFrames: one per comparison table (its rows, texts in the reader's
language with the language each text is in) and one of the pair summaries (every statement with the
numbers it rests on and the table and row that show them)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from townpaths.comparison.build import ComparisonResult
from townpaths.comparison.localize import localize
from townpaths.comparison.words import measure_label, statement_text
from townpaths.core.comparison import Comparison
from townpaths.core.i18n import Translator, check_language

if TYPE_CHECKING:
    import pandas as pd

SUMMARY = "summary"
SUMMARY_COLUMNS = (
    "town_a",
    "town_b",
    "kind",
    "comparison",
    "row",
    "measure",
    "label",
    "scale",
    "value_a",
    "value_b",
    "count",
    "distance",
    "statement",
)


def columns_of(comparison: Comparison, rows: list[dict[str, Any]]) -> list[str]:
    """The frame's columns: the comparison's, each text followed by its language."""
    out: list[str] = []
    for name in comparison.columns:
        out.append(name)
        if any(f"{name}_lang" in r for r in rows):
            out.append(f"{name}_lang")
    return out


def table_of(comparison: Comparison, lang: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The frame's columns and its rows, texts in ``lang``."""
    rows = [localize(dict(r), lang) for r in comparison.rows]
    columns = columns_of(comparison, rows)
    return columns, [{c: r.get(c) for c in columns} for r in rows]


def rows_of(comparison: Comparison, lang: str) -> list[dict[str, Any]]:
    """The rows, texts in ``lang``, with exactly the frame's columns."""
    return table_of(comparison, lang)[1]


def statement_rows(result: ComparisonResult, lang: str) -> list[dict[str, Any]]:
    """Every statement of every pair's summary, with its numbers."""
    tr = Translator(lang)
    out = []
    for pair in result.summaries:
        a, b = result.town(pair.town_a).label(lang), result.town(pair.town_b).label(lang)
        for s in (*pair.alike, *pair.differ):
            out.append(
                {
                    "town_a": pair.town_a,
                    "town_b": pair.town_b,
                    "kind": s.kind,
                    "comparison": s.comparison,
                    "row": s.row,
                    "measure": s.measure.key,
                    "label": measure_label(s, tr),
                    "scale": s.measure.scale,
                    "value_a": s.value_a,
                    "value_b": s.value_b,
                    "count": s.count,
                    "distance": s.distance,
                    "statement": statement_text(s, a, b, tr),
                }
            )
    return out


def frames(result: ComparisonResult, lang: str = "en") -> dict[str, pd.DataFrame]:
    """Every comparison table as a DataFrame by its key, and the pair summaries as ``summary``."""
    import pandas as pd

    lang = check_language(lang)
    out: dict[str, pd.DataFrame] = {}
    for comparison in result.comparisons:
        columns, rows = table_of(comparison, lang)
        out[comparison.key] = pd.DataFrame.from_records(rows, columns=columns)
    out[SUMMARY] = pd.DataFrame.from_records(statement_rows(result, lang), columns=list(SUMMARY_COLUMNS))
    return out


def jsonable(result: ComparisonResult, lang: str) -> dict[str, Any]:
    """The comparison as JSON-ready data (``--format json``), texts in ``lang``."""
    return {
        "towns": [asdict(t) | {"languages": list(t.languages)} for t in result.towns],
        "lang": lang,
        "studies": [
            {
                "study": s.study,
                "towns": list(s.towns),
                "hidden": list(s.hidden),
                "comparisons": [
                    {"key": c.key, "title": c.title, "columns": list(c.columns), "rows": rows_of(c, lang)}
                    for c in s.comparisons
                ],
            }
            for s in result.sections
        ],
        "summary": statement_rows(result, lang),
    }
