"""An offline map of the symbols as inline SVG: points in Web Mercator, labels, a legend and a
scale bar. No tiles, no script, no network: it renders the same in the report and the web app."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import Any

THEME_COLOURS = {
    "industry": "#1f6fb2",
    "coal mining": "#3a3a3a",
    "socialism": "#c0392b",
    "mixed": "#8e44ad",
    None: "#7f8c8d",
}
EARTH = 6_378_137.0


def mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator metres (EPSG:3857)."""
    lat = max(min(lat, 85.05112878), -85.05112878)
    return EARTH * math.radians(lon), EARTH * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _nice(metres: float) -> float:
    exp = 10.0 ** math.floor(math.log10(metres))
    for m in (5, 2, 1):
        if m * exp <= metres:
            return m * exp
    return exp


def points(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What :func:`map_svg` needs of symbol rows (export rows, keyed by ``record_id``)."""
    return [
        {
            "id": r["record_id"],
            "name_en": r["name_en"],
            "name_sl": r.get("name_sl"),
            "theme": r["theme"],
            "latitude": r["latitude"],
            "longitude": r["longitude"],
        }
        for r in rows
    ]


#: Points named beside them on the map, at most.
MAX_LABELLED = 200
#: Symbols a page's map shows at once, at most (more: the symbols of the page the list shows).
MAX_MAP_POINTS = 1000


def map_svg(
    symbols: list[dict[str, Any]],
    *,
    width: int = 720,
    height: int = 480,
    lang: str = "en",
    title: str | None = None,
    link: Callable[[dict[str, Any]], str | None] | None = None,
    theme_labels: dict[str | None, str] | None = None,
    empty_text: str = "No symbol has coordinates yet.",
    labels: bool = True,
) -> str:
    """The symbols that have coordinates, as an ``<svg>`` string (escaped, safe to embed).

    ``symbols`` are dicts with ``latitude``, ``longitude``, ``name_en`` (and ``name_sl``: a point
    is named in ``lang``, in English where the Slovene name is missing), ``theme`` and ``id``;
    ``link(symbol)`` gives an optional URL per point. Points are named beside them up to
    :data:`MAX_LABELLED` points (more would cover each other); each keeps its name as a tooltip."""
    pts = [s for s in symbols if s.get("latitude") is not None and s.get("longitude") is not None]
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="symbol-map" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" data-points="{len(pts)}" lang="{escape(lang)}">'
    )
    parts = [
        head,
        f"<title>{escape(title or 'Symbols')}</title>",
        f'<rect width="{width}" height="{height}" fill="#f4f1ea" stroke="#c8c2b4"/>',
    ]
    if not pts:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="14" '
            f'fill="#555">{escape(empty_text)}</text></svg>'
        )
        return "".join(parts)
    xy = [mercator(float(s["latitude"]), float(s["longitude"])) for s in pts]
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 400.0)  # at least ~400 m across
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    margin, legend_h = 40, 28
    scale = min((width - 2 * margin - 140) / span, (height - 2 * margin - legend_h) / span)

    def px(x: float, y: float) -> tuple[float, float]:
        return (round((width - 140) / 2 + (x - cx) * scale, 1), round((height - legend_h) / 2 - (y - cy) * scale, 1))

    parts.append('<g class="points" font-family="sans-serif" font-size="11">')
    for s, (x, y) in sorted(zip(pts, xy, strict=True), key=lambda p: -p[1][1]):
        sx, sy = px(x, y)
        colour = THEME_COLOURS.get(s.get("theme"), THEME_COLOURS[None])
        name = escape(str(s.get(f"name_{lang}") or s.get("name_en") or s.get("name") or ""))
        point = (
            f'<circle cx="{sx}" cy="{sy}" r="6" fill="{colour}" stroke="#fff" stroke-width="1.5">'
            f"<title>{name}</title></circle>"
        )
        if labels and len(pts) <= MAX_LABELLED:
            point += f'<text x="{sx + 9}" y="{sy + 4}" fill="#222">{name}</text>'
        href = link(s) if link else None
        if href:
            point = f'<a href="{escape(href)}" data-symbol-id="{s.get("id")}">{point}</a>'
        else:
            point = f'<g data-symbol-id="{s.get("id")}">{point}</g>'
        parts.append(point)
    parts.append("</g>")
    # legend (themes present) on the right
    themes = list(dict.fromkeys(s.get("theme") for s in pts))
    lx = width - 130
    parts.append('<g class="legend" font-family="sans-serif" font-size="11">')
    for i, theme in enumerate(themes):
        label = (theme_labels or {}).get(theme, theme or "?")
        parts.append(
            f'<circle cx="{lx}" cy="{margin + i * 18}" r="5" fill="{THEME_COLOURS.get(theme, THEME_COLOURS[None])}"/>'
            f'<text x="{lx + 10}" y="{margin + i * 18 + 4}">{escape(str(label))}</text>'
        )
    parts.append("</g>")
    # scale bar: ground metres at the centre latitude (Mercator stretches by 1/cos(lat))
    lat0 = sum(float(s["latitude"]) for s in pts) / len(pts)
    ground_per_px = 1 / scale * math.cos(math.radians(lat0))
    metres = _nice(ground_per_px * 120)
    bar = metres / ground_per_px
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    y0 = height - 14
    parts.append(
        f'<g class="scalebar" font-family="sans-serif" font-size="11"><line x1="{margin}" y1="{y0}" '
        f'x2="{round(margin + bar, 1)}" y2="{y0}" stroke="#222" stroke-width="3"/>'
        f'<text x="{round(margin + bar + 6, 1)}" y="{y0 + 4}">{label}</text></g>'
    )
    parts.append("</svg>")
    return "".join(parts)
