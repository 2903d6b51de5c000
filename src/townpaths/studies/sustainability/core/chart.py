"""One SVG chart per dimension: for each group (rater group, workshop, year) the range of scores
(min-max line), the mean ± standard deviation (band) and the mean (dot), on the 0-1 scale."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from townpaths.present.charts import PALETTE


def dimension_chart(
    dimension: dict[str, Any], *, title: str, group_label: Callable[[object], str] = str, width: int = 640
) -> str:
    """``dimension`` as :func:`townpaths.studies.sustainability.core.aggregate.by_dimension` returns it."""
    rows = [g for g in dimension["groups"] if g["normalised"]["n"]]
    left, right, top, row_h = 180, 30, 28, 30
    height = top + row_h * max(len(rows), 1) + 30
    plot = width - left - right

    def x(v: float) -> float:
        return left + v * plot

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart dimension">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<line x1="{x(tick):.1f}" y1="{top - 10}" x2="{x(tick):.1f}" y2="{height - 26}" stroke="#d9dee7"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{height - 10}" text-anchor="middle" font-size="11">{tick:g}</text>')
    for i, g in enumerate(rows):
        s = g["normalised"]
        cy = top + i * row_h + row_h / 2
        colour = PALETTE[i % len(PALETTE)]
        out.append(
            f'<text x="{left - 8}" y="{cy + 4:.1f}" text-anchor="end" font-size="12">'
            f"{escape(group_label(g['group']))}</text>"
        )
        out.append(
            f'<line x1="{x(s["min"]):.1f}" y1="{cy:.1f}" x2="{x(s["max"]):.1f}" y2="{cy:.1f}" '
            f'stroke="{colour}" stroke-width="2" class="range"/>'
        )
        if s["sd"] is not None:
            lo, hi = max(0.0, s["mean"] - s["sd"]), min(1.0, s["mean"] + s["sd"])
            out.append(
                f'<rect x="{x(lo):.1f}" y="{cy - 6:.1f}" width="{x(hi) - x(lo):.1f}" height="12" '
                f'fill="{colour}" fill-opacity="0.25" class="sd"/>'
            )
        out.append(
            f'<circle cx="{x(s["mean"]):.1f}" cy="{cy:.1f}" r="6" fill="{colour}" class="mean">'
            f"<title>{escape(group_label(g['group']))}: {s['mean']:.2f} (n={s['n']})</title></circle>"
        )
    out.append("</svg>")
    return "\n".join(out)
