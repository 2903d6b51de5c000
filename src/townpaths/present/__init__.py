"""Presentation helpers shared by the report and the web app: palette, SVG charts, templating."""
