"""The report as PDF: the HTML report with its print styles, laid out by WeasyPrint.

WeasyPrint lays out HTML and CSS itself (no browser) and draws the inline SVG figures as vectors;
the print styles (``report/print.css``) give A4 pages with page numbers, table headers repeated on
every page a table runs over, rows that never split, landscape pages for wide tables, and a table
of contents with page numbers. It needs Debian's Pango and HarfBuzz libraries (``libpango-1.0-0``,
``libpangoft2-1.0-0``, ``libharfbuzz-subset0``) and a font (``fonts-dejavu-core``), which
``scripts/_setup.sh`` installs. Nothing is fetched: the report is self-contained, and the fetcher
WeasyPrint gets refuses every URL but ``data:``.
"""

from __future__ import annotations

from types import ModuleType

from townpaths.core.errors import TownpathsError

#: What the PDF needs from the system, in the words of the one-line error when it is missing.
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"


def _weasyprint() -> ModuleType:
    try:
        import weasyprint
    except OSError as exc:  # the Pango libraries are loaded when the package is imported
        raise TownpathsError(
            f"writing PDF needs the Pango libraries ({exc}); on Debian: apt-get install {SYSTEM_PACKAGES} "
            "(scripts/_setup.sh installs them)"
        ) from None
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """Lay out ``html`` (self-contained: inline CSS and SVG) as PDF, offline."""
    weasyprint = _weasyprint()
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",), timeout=1)
    return bytes(weasyprint.HTML(string=html, url_fetcher=fetcher, media_type="print").write_pdf())
