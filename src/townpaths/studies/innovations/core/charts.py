"""The register's two charts, drawn once for the web page and the report: the timeline by type
and year, and the number of innovations per decade."""

from __future__ import annotations

from typing import Any

from townpaths.core.i18n import Translator
from townpaths.present import charts
from townpaths.studies.innovations.core.tables import per_decade, timeline_points


def timeline(innovations: list[dict[str, Any]], tr: Translator) -> str:
    """Accepted innovations as dots by year (x) and type (rows); empty when there are none."""
    points, types = timeline_points(innovations, tr.lang)
    if not points:
        return ""
    return charts.timeline(
        points, types, title=tr.gettext("Social innovations by type and year"), unknown_label=tr.gettext("year unknown")
    )


def decades(innovations: list[dict[str, Any]], tr: Translator) -> str:
    """Accepted innovations per decade as bars (unknown years last); empty when there are none."""
    counts = per_decade(innovations)
    if not counts:
        return ""
    return charts.bars(
        [(f"{d}–{d + 9}" if d is not None else tr.gettext("year unknown"), n) for d, n in counts],
        title=tr.gettext("Social innovations per decade"),
    )
