"""Aggregates of social-sustainability scores with their spread, and comparisons between towns,
years, rater groups and workshops (pure).

Scores on indicators with different scales are compared on the 0-1 scale
(score - scale_min) / (scale_max - scale_min); each aggregate also gives the mean in the
indicator's own units when all its indicators share one scale."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from townpaths.studies.sustainability.core.framework import dimensions

Record = dict[str, Any]
GROUPINGS = ("rater_group", "workshop_id", "year")


def spread(values: Iterable[float]) -> dict[str, float | int | None]:
    """n, mean, sample standard deviation (None for n < 2), median, min, max."""
    xs = list(values)
    if not xs:
        return {"n": 0, "mean": None, "sd": None, "median": None, "min": None, "max": None}
    return {
        "n": len(xs),
        "mean": statistics.fmean(xs),
        "sd": statistics.stdev(xs) if len(xs) > 1 else None,
        "median": statistics.median(xs),
        "min": min(xs),
        "max": max(xs),
    }


def normalised(score: float, indicator: Record) -> float:
    low: float = indicator["scale_min"]
    high: float = indicator["scale_max"]
    return (score - low) / (high - low)


def by_dimension(indicators: list[Record], scores: list[Record], group: str | None = None) -> list[Record]:
    """Per dimension (framework order) and per group value (``rater_group``, ``workshop_id`` or
    ``year``; ``None`` = all scores together): the spread of normalised scores, the spread in scale
    units when the dimension has one scale, and each indicator's spread."""
    if group is not None and group not in GROUPINGS:
        raise ValueError(f"group by one of {', '.join(GROUPINGS)}")
    by_ind: dict[int, list[Record]] = defaultdict(list)
    for s in scores:
        by_ind[s["indicator_id"]].append(s)
    out = []
    for dim in dimensions(indicators):
        inds = dim["indicators"]
        mine = [(ind, s) for ind in inds for s in by_ind.get(ind["id"], [])]
        keys = sorted({s.get(group) if group else None for _, s in mine}, key=lambda v: (v is None, str(v)))
        one_scale = len({(i["scale_min"], i["scale_max"]) for i in inds}) == 1
        groups = []
        for key in keys or [None]:
            chosen = [(ind, s) for ind, s in mine if group is None or s.get(group) == key]
            groups.append(
                {
                    "group": key,
                    "normalised": spread(normalised(s["score"], ind) for ind, s in chosen),
                    "scale": spread(s["score"] for _, s in chosen) if one_scale else None,
                    "indicators": [
                        {
                            "key": ind["key"],
                            "name_en": ind["name_en"],
                            "name_sl": ind.get("name_sl"),
                            **spread(s["score"] for i2, s in chosen if i2["id"] == ind["id"]),
                        }
                        for ind in inds
                    ],
                }
            )
        out.append(
            {
                "key": dim["key"],
                "name_en": dim["name_en"],
                "name_sl": dim["name_sl"],
                "scale": (inds[0]["scale_min"], inds[0]["scale_max"]) if one_scale else None,
                "groups": groups,
            }
        )
    return out


def compare(series: dict[str, tuple[list[Record], list[Record]]]) -> dict[str, Any]:
    """Compare several assessments (e.g. towns, or one town's years): ``series`` maps a label to
    (indicators, scores). Dimensions are matched by key; each cell is the spread of normalised
    scores. Returns ``{"columns": [labels], "rows": [{"key", "name_en", "name_sl", "cells": [...]}]}``."""
    labels = list(series)
    rows: dict[str, Record] = {}
    for col, label in enumerate(labels):
        for dim in by_dimension(*series[label]):
            row = rows.setdefault(
                dim["key"],
                {
                    "key": dim["key"],
                    "name_en": dim["name_en"],
                    "name_sl": dim["name_sl"],
                    "cells": [spread([]) for _ in labels],
                },
            )
            row["cells"][col] = dim["groups"][0]["normalised"]
    return {"columns": labels, "rows": list(rows.values())}


def by_year(indicators: list[Record], scores: list[Record]) -> dict[str, Any]:
    """One town's assessments compared across years (scores without a year are left out)."""
    years = sorted({s["year"] for s in scores if s.get("year") is not None})
    return compare({str(y): (indicators, [s for s in scores if s.get("year") == y]) for y in years})
