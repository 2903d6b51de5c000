"""The symbols page's interactive map in a real browser (Debian's Chromium via Playwright): without a
tile server, the symbols as points on a plane with a scale bar and not one request beyond the app;
with one configured, its tiles under the points, allowed by the page's Content-Security-Policy."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PIL import Image

from tests.studies.symbols import kobo_data as K
from tests.support.people import browser_sign_in
from tests.support.server import LiveServer
from townpaths.storage import Database
from townpaths.studies.symbols import service
from townpaths.web.app import Settings, create_app

pytestmark = pytest.mark.browser

#: The symbols of the Kobo survey that have coordinates (the Velenje case's 23 have none).
POINTS = {24, 25}


def _tile() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 230, 200)).save(out, format="PNG")
    return out.getvalue()


class TileServer(BaseHTTPRequestHandler):
    """A tile server on another port of this machine (another origin for the browser)."""

    hits: ClassVar[list[str]] = []
    TILE = _tile()

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("content-type", "image/png")
        self.send_header("content-length", str(len(self.TILE)))
        self.end_headers()
        self.wfile.write(self.TILE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tile_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), TileServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    TileServer.hits.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def with_points(velenje_sqlite: Database, tmp_path: Path) -> Database:
    csv = K.write_csv(tmp_path / "s.csv", sep=",", labels=False)
    service.import_symbols(velenje_sqlite, None, csv, media=K.write_media(tmp_path / "m.zip"))
    return velenje_sqlite


def serve(db: Database, **settings: Any) -> LiveServer:
    server = LiveServer(create_app(Settings(db=db.url, secret_key="test-secret", **settings)))
    server.start()
    return server


def open_map(browser: Any, server: LiveServer, owner: Any) -> tuple[Any, Any, list[str], list[str]]:
    """The symbols page in a new browser context, its requests and console messages recorded."""
    context = browser.new_context()
    browser_sign_in(context, server.url, owner)
    page = context.new_page()
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # the browser's own request for /favicon.ico (the app has none) is not the map's
    page.on(
        "console", lambda m: m.location.get("url", "").endswith("/favicon.ico") or console.append(f"{m.type}: {m.text}")
    )
    page.goto(f"{server.url}/towns/velenje/symbols?lang=en")
    page.wait_for_selector("#symbol-map[data-ready='1']")
    return context, page, requests, console


def markers(page: Any) -> set[int]:
    ids = page.locator("#symbol-map .symbol-marker").evaluate_all("els => els.map(e => e.dataset.symbolId)")
    return {int(i) for i in ids}


def test_points_on_a_plane_with_a_scale_bar_and_no_request_elsewhere(browser, with_points, owner) -> None:
    server = serve(with_points)
    try:
        context, page, requests, console = open_map(browser, server, owner)
        assert markers(page) == POINTS
        region = page.get_by_role("region", name="Interactive map of the symbols")
        box = region.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 200
        scale = page.locator("#symbol-map .leaflet-control-scale-line")
        assert scale.count() == 1 and scale.is_visible()
        assert scale.inner_text().endswith((" m", " km"))
        assert page.locator("#symbol-map .leaflet-tile").count() == 0
        assert page.locator("#symbol-map .leaflet-control-attribution").count() == 0
        # a point's popup leads to its page
        page.locator("#symbol-map .symbol-marker[data-symbol-id='24']").click()
        link = page.locator(".symbol-popup .name a")
        assert link.get_attribute("href") == "/towns/velenje/symbols/24"
        # every request went to the app itself: the page, its scripts, styles and Leaflet
        assert requests and all(url.startswith(server.url + "/") for url in requests), requests
        assert any(url.endswith("/vendor/leaflet/leaflet-src.esm.js") for url in requests)
        assert [m for m in console if m.startswith("error")] == []
        context.close()
    finally:
        server.stop()


def test_a_configured_tile_server_is_used_and_allowed(browser, with_points, owner, tile_server: str) -> None:
    server = serve(with_points, map_tiles=f"{tile_server}/{{z}}/{{x}}/{{y}}.png", map_attribution="© Test tiles")
    try:
        context, page, requests, console = open_map(browser, server, owner)
        assert markers(page) == POINTS
        page.wait_for_selector("#symbol-map img.leaflet-tile-loaded", timeout=10_000)  # (no eval: the page's CSP)
        loaded = page.locator("#symbol-map img.leaflet-tile-loaded").evaluate_all("els => els.map(e => e.src)")
        assert loaded and all(src.startswith(tile_server + "/") and src.endswith(".png") for src in loaded)
        assert TileServer.hits and all(hit.count("/") == 3 for hit in TileServer.hits)
        assert "© Test tiles" in page.locator("#symbol-map .leaflet-control-attribution").inner_text()
        assert page.locator("#symbol-map .leaflet-control-scale-line").is_visible()
        # requests only to the app and the tile server; nothing refused by the page's policy
        assert all(url.startswith((server.url + "/", tile_server + "/")) for url in requests), requests
        assert not [m for m in console if "Content Security Policy" in m or m.startswith("error")], console
        policy = page.evaluate("fetch(location.href).then(r => r.headers.get('content-security-policy'))")
        assert f"img-src 'self' data: {tile_server}" in policy
        # other pages allow no tile server
        other = page.evaluate("fetch('/towns/velenje/report').then(r => r.headers.get('content-security-policy'))")
        assert "img-src 'self' data:;" in other
        context.close()
    finally:
        server.stop()
