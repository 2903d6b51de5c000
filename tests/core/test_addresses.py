"""Tile server URLs for the symbol map: checked, with the one origin the pages may load pictures from."""

from __future__ import annotations

import pytest

from townpaths.core.addresses import tile_url
from townpaths.core.errors import InputError


def test_a_tile_url_and_its_origin() -> None:
    assert tile_url(" https://tiles.example.org/{z}/{x}/{y}.png ") == (
        "https://tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.example.org",
    )
    assert tile_url("http://127.0.0.1:8080/osm/{z}/{x}/{y}.png?key=abc") == (
        "http://127.0.0.1:8080/osm/{z}/{x}/{y}.png?key=abc",
        "http://127.0.0.1:8080",
    )
    assert tile_url("http://[::1]:81/{z}/{x}/{y}") == ("http://[::1]:81/{z}/{x}/{y}", "http://[::1]:81")
    assert tile_url("/tiles/{z}/{x}/{y}.png") == ("/tiles/{z}/{x}/{y}.png", None)  # this server's own


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "https://tiles.example.org/{z}/{x}.png",
            "field '--map-tiles', value 'https://tiles.example.org/{z}/{x}.png': "
            "a tile URL needs {y} (e.g. https://host/{z}/{x}/{y}.png)",
        ),
        (
            "https://{s}.tile.example.org/{z}/{x}/{y}.png",
            "field '--map-tiles', value "
            "'https://{s}.tile.example.org/{z}/{x}/{y}.png': one tile host only: name it instead of {s}",
        ),
        (
            "ftp://tiles.example.org/{z}/{x}/{y}.png",
            "field '--map-tiles', value 'ftp://tiles.example.org/{z}/{x}/{y}.png': "
            "not a tile URL: use http(s)://host[:port]/...{z}/{x}/{y}... or /path/{z}/{x}/{y}",
        ),
        (
            "//tiles.example.org/{z}/{x}/{y}.png",
            "field '--map-tiles', value '//tiles.example.org/{z}/{x}/{y}.png': "
            "not a tile URL: use http(s)://host[:port]/...{z}/{x}/{y}... or /path/{z}/{x}/{y}",
        ),
        (
            "https://a.org;img-src */{z}/{x}/{y}",
            "field '--map-tiles', value 'https://a.org;img-src */{z}/{x}/{y}': "
            "not a tile URL: use http(s)://host[:port]/...{z}/{x}/{y}... or /path/{z}/{x}/{y}",
        ),
        (
            "https://user:pw@a.org/{z}/{x}/{y}",
            "field '--map-tiles', value 'https://user:pw@a.org/{z}/{x}/{y}': "
            "not a tile URL: use http(s)://host[:port]/...{z}/{x}/{y}... or /path/{z}/{x}/{y}",
        ),
    ],
)
def test_what_is_refused(value: str, message: str) -> None:
    with pytest.raises(InputError) as exc:
        tile_url(value)
    assert str(exc.value) == message
