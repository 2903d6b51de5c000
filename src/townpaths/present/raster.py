"""SVG figures as PNG pictures (for Word documents and downloads), drawn by CairoSVG offline.

CairoSVG needs Debian's Cairo library (``libcairo2``, which ``scripts/_setup.sh`` installs). The
figures are townpaths' own SVG; still, CairoSVG's safe mode is kept: nothing they might point at
is fetched (only ``data:`` URLs are read) and XML entities are never expanded.
"""

from __future__ import annotations

from types import ModuleType

from townpaths.core.errors import TownpathsError

#: Pixels per SVG unit: a 900-unit-wide chart becomes 1,800 pixels (sharp when printed 16 cm wide).
DEFAULT_SCALE = 2.0
SYSTEM_PACKAGES = "libcairo2"


def _cairosvg() -> ModuleType:
    try:
        import cairosvg
    except OSError as exc:  # the Cairo library is loaded when the package is imported
        raise TownpathsError(
            f"drawing figures as PNG needs the Cairo library ({exc}); on Debian: apt-get install "
            f"{SYSTEM_PACKAGES} (scripts/_setup.sh installs it)"
        ) from None
    return cairosvg


def svg_to_png(svg: str, *, scale: float = DEFAULT_SCALE, background: str = "white") -> bytes:
    """``svg`` (a standalone SVG document) drawn as PNG, ``scale`` pixels per SVG unit."""
    cairosvg = _cairosvg()
    return bytes(
        cairosvg.svg2png(
            bytestring=svg.encode("utf-8"),
            scale=scale,
            background_color=background,
            unsafe=False,  # no XML entities, nothing fetched but data: URLs
        )
    )
