"""Inline SVG charts (pure functions returning markup; no I/O, no JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#b5502d", "#2e6b3f", "#3b5b92", "#8c6d1f", "#7a3b69", "#2f7f86", "#8c2f39", "#5b6577")


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def timeline(
    points: Sequence[tuple[int | None, str, str]],
    types: Sequence[tuple[str, str]],
    *,
    title: str,
    unknown_label: str = "year unknown",
    width: int = 900,
) -> str:
    """Dots by year (x) and type (row). ``points``: (year or None, type key, label);
    ``types``: (type key, row label) in row order."""
    row_h, left, right, top = 34, 230, 30, 30
    years = [p[0] for p in points if p[0] is not None]
    lo, hi = (min(years), max(years)) if years else (2000, 2001)
    lo, hi = (lo // 10) * 10, ((hi // 10) + 1) * 10
    has_unknown = any(p[0] is None for p in points)
    plot_w = width - left - right - (110 if has_unknown else 0)
    height = top + row_h * len(types) + 40

    def x(year: int) -> float:
        return left + (year - lo) / (hi - lo) * plot_w

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart timeline">',
        f"<title>{escape(title)}</title>",
    ]
    for decade in range(lo, hi + 1, 10):
        out.append(
            f'<line x1="{x(decade):.1f}" y1="{top - 8}" x2="{x(decade):.1f}" y2="{height - 30}" stroke="#d9dee7"/>'
        )
        out.append(f'<text x="{x(decade):.1f}" y="{height - 12}" text-anchor="middle" font-size="12">{decade}</text>')
    if has_unknown:
        ux = left + plot_w + 65
        out.append(
            f'<text x="{ux}" y="{height - 12}" text-anchor="middle" font-size="11">{escape(unknown_label)}</text>'
        )
    for row, (kind, row_label) in enumerate(types):
        cy = top + row * row_h + row_h / 2
        colour = PALETTE[row % len(PALETTE)]
        out.append(
            f'<text x="{left - 10}" y="{cy + 4:.1f}" text-anchor="end" font-size="12">{escape(row_label)}</text>'
        )
        out.append(f'<line x1="{left}" y1="{cy:.1f}" x2="{left + plot_w}" y2="{cy:.1f}" stroke="#eee"/>')
        same_year: dict[int | None, int] = {}
        for year, ptype, label in points:
            if ptype != kind:
                continue
            k = same_year.get(year, 0)
            same_year[year] = k + 1
            cx = (x(year) if year is not None else left + plot_w + 65) + k * 7
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy - 0:.1f}" r="6" fill="{colour}" fill-opacity="0.85" '
                f'class="dot"><title>{escape(label)}{f" ({year})" if year else ""}</title></circle>'
            )
    out.append("</svg>")
    return "\n".join(out)


def bars(values: Sequence[tuple[str, float]], *, title: str, width: int = 900, unit: str = "") -> str:
    """Horizontal bars, one per (label, value)."""
    row_h, left, right, top = 26, 320, 60, 10
    height = top + row_h * len(values) + 10
    peak = max((v for _, v in values), default=1) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart bars">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(values):
        y = top + i * row_h
        w = (width - left - right) * value / peak
        out.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="12">{escape(label)}</text>')
        out.append(f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{PALETTE[0]}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + 17}" font-size="12">{value:g}{escape(unit)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def problem_solution(pairs: Sequence[tuple[str, str]], *, title: str, width: int = 900) -> str:
    """Figure 8: each problem box with an arrow to its solution box."""
    box_w, gap, line_h, pad = 330, 140, 16, 10
    blocks = []
    y = 10
    for problem, solution in pairs:
        pl, sl = _wrap(problem, 40), _wrap(solution, 40)
        h = max(len(pl), len(sl)) * line_h + 2 * pad
        blocks.append((y, h, pl, sl))
        y += h + 20
    height = y
    x2 = 20 + box_w + gap
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart figure8">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#1d2430"/></marker></defs>',
    ]
    for y, h, pl, sl in blocks:
        out.append(f'<rect x="20" y="{y}" width="{box_w}" height="{h}" rx="8" fill="#f6e3dc" stroke="#b5502d"/>')
        out.append(f'<rect x="{x2}" y="{y}" width="{box_w}" height="{h}" rx="8" fill="#e1efe4" stroke="#2e6b3f"/>')
        out.append(
            f'<line x1="{20 + box_w}" y1="{y + h / 2}" x2="{x2 - 4}" y2="{y + h / 2}" stroke="#1d2430" '
            'stroke-width="2" marker-end="url(#arrow)"/>'
        )
        for i, text in enumerate(pl):
            out.append(
                f'<text x="{20 + pad}" y="{y + pad + 12 + i * line_h}" font-size="13" class="problem">'
                f"{escape(text)}</text>"
            )
        for i, text in enumerate(sl):
            out.append(
                f'<text x="{x2 + pad}" y="{y + pad + 12 + i * line_h}" font-size="13" class="solution">'
                f"{escape(text)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out)
