"""The social-sustainability assessments of two or more towns side by side (pure): each dimension's
scores (normalised to 0-1 by each indicator's scale) with their spread.

Each town comes as a mapping: ``town`` (its slug), ``indicators`` and ``scores`` (rows of
``sustainability_indicators`` and ``sustainability_scores``). Dimensions match across towns by their
key, or by the compare key a researcher gave a dimension's indicators to confirm that two
differently named dimensions are the same (``compare_key`` wins over ``dimension_key``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from townpaths.core.comparison import SHARE, Comparison, Measure, Record
from townpaths.studies.sustainability.core.aggregate import by_dimension

Town = Mapping[str, Any]


def match_key(indicators: Sequence[Record], dimension: str) -> str:
    """The key a town's dimension is matched by: the first compare key among its indicators (by id),
    else the dimension's own key."""
    mine = sorted((i for i in indicators if i["dimension_key"] == dimension), key=lambda i: i.get("id", 0))
    return next((i["compare_key"] for i in mine if i.get("compare_key")), dimension)


def dimensions(towns: Sequence[Town]) -> Comparison:
    rows: list[Record] = []
    for t in towns:
        for dim in by_dimension(t["indicators"], t["scores"]):
            spread = dim["groups"][0]["normalised"]
            rows.append(
                {
                    "town": t["town"],
                    "key": match_key(t["indicators"], dim["key"]),
                    "dimension_key": dim["key"],
                    "name_en": dim["name_en"],
                    "name_sl": dim.get("name_sl"),
                    "n": spread["n"],
                    "mean": spread["mean"],
                    "sd": spread["sd"],
                    "min": spread["min"],
                    "max": spread["max"],
                }
            )
    means: dict[str, dict[str, float]] = {}
    names: dict[str, dict[str, str | None]] = {}
    for r in rows:
        if r["mean"] is not None:
            means.setdefault(r["key"], {})[r["town"]] = r["mean"]
            names.setdefault(r["key"], {"en": r["name_en"], "sl": r["name_sl"]})
    measures = tuple(
        Measure(
            f"dimension:{key}",
            "mean score of the dimension %(name)s (0-1)",
            SHARE,
            key,
            values=values,
            name=names[key],
            format="coefficient",
        )
        for key, values in means.items()
        if len(values) >= 2
    )
    return Comparison(
        key="sustainability-dimensions",
        title="Social sustainability by dimension",
        columns=("town", "key", "dimension_key", "name", "n", "mean", "sd", "min", "max"),
        rows=tuple(rows),
        labels=("name",),
        values=("n", "mean", "sd", "min", "max"),
        headers={
            "name": "Dimension",
            "dimension_key": "Dimension key",
            "n": "Scores",
            "mean": "Mean",
            "sd": "SD",
            "min": "Min",
            "max": "Max",
        },
        formats={"n": "count", "mean": "coefficient", "sd": "coefficient", "min": "coefficient", "max": "coefficient"},
        notes=(
            (
                "Scores normalised to 0-1 by each indicator's scale. Dimensions match by key, or by a compare "
                "key a researcher gave them; a dimension only one town has is listed, not compared.",
                {},
            ),
        ),
        measures=measures,
    )


def compare(towns: Sequence[Town]) -> list[Comparison]:
    return [dimensions(towns)]
