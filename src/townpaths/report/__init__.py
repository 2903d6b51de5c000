"""The publication-ready report: one self-contained HTML file (inline CSS and SVG)."""
