"""SVG figures drawn as PNG: the size from the scale, the colours where the shapes are, and nothing
fetched from anywhere."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from PIL import Image

from townpaths.present.raster import svg_to_png

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">'
    '<rect x="50" y="0" width="50" height="50" fill="#c0392b"/>'
    '<text x="5" y="30" font-size="12" font-family="DejaVu Sans">Velenje</text></svg>'
)


def test_drawn_at_the_scale_with_its_colours() -> None:
    image = Image.open(io.BytesIO(svg_to_png(SVG)))
    assert image.format == "PNG" and image.size == (200, 100)
    rgb = image.convert("RGB")
    assert rgb.getpixel((150, 50)) == (192, 57, 43)
    assert rgb.getpixel((95, 5)) == (255, 255, 255)  # the white background
    text = [rgb.getpixel((x, y)) for x in range(100) for y in range(30, 65)]
    assert min(sum(p) for p in text) < 200  # the label is drawn in black
    assert Image.open(io.BytesIO(svg_to_png(SVG, scale=1))).size == (100, 50)


class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_nothing_outside_the_figure_is_fetched() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/secret.png"
        dot = (
            "data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'%3E"
            "%3Crect width='10' height='10' fill='%232e6b3f'/%3E%3C/svg%3E"
        )
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="10">'
            f'<image x="0" y="0" width="10" height="10" xlink:href="{url}"/>'
            f'<image x="10" y="0" width="10" height="10" xlink:href="{dot}"/></svg>'
        )
        image = Image.open(io.BytesIO(svg_to_png(svg, scale=1))).convert("RGB")
    finally:
        server.shutdown()
        server.server_close()
    assert _Counter.hits == []
    assert image.getpixel((15, 5)) == (46, 107, 63)  # a data: URL is read
    assert image.getpixel((5, 5)) == (255, 255, 255)
