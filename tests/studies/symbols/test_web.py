"""Symbol pages over real HTTP: list with filters and the offline map, detail with photos, edit."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import select

from tests.studies.symbols import kobo_data as K
from townpaths.storage.models import Symbol
from townpaths.studies.symbols import service


def _ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'<tr data-id="(\d+)">', html)]


def test_list_filters_and_map(client, tmp_path):
    page = client.get("/towns/velenje/symbols?lang=en")
    assert page.status_code == 200
    assert len(_ids(page.text)) == 23 and 'data-points="0"' in page.text
    assert "No symbol shown has coordinates." in page.text
    socialism = client.get("/towns/velenje/symbols", params={"theme": "socialism"}).text
    assert len(_ids(socialism)) == 8
    assert len(_ids(client.get("/towns/velenje/symbols", params={"category": "tourism_hospitality"}).text)) == 3
    assert _ids(client.get("/towns/velenje/symbols", params={"q": "tito"}).text) == [6, 12]
    db = client.app.state.db
    service.import_symbols(
        db, None, K.write_csv(tmp_path / "s.csv", sep=",", labels=False), media=K.write_media(tmp_path / "m.zip")
    )
    page = client.get("/towns/velenje/symbols", params={"source": "kobo"}).text
    assert _ids(page) == [24, 26, 25] and 'data-points="2"' in page
    assert '<a href="/towns/velenje/symbols/24" data-symbol-id="24">' in page
    assert "tile" not in page.lower() and "https://" not in page
    sl = client.get("/towns/velenje/symbols?lang=sl").text
    assert "Simboli industrije in socializma" in sl and "mestna pokrajina" in sl
    geo = client.get("/towns/velenje/symbols.geojson").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 26


def test_detail_with_photos(client, tmp_path):
    db = client.app.state.db
    service.import_symbols(
        db, None, K.write_xlsx(tmp_path / "e.xlsx", labels=False), media=K.write_media(tmp_path / "m.zip")
    )
    page = client.get("/towns/velenje/symbols/24?lang=en").text
    assert "<h1>Tito monument</h1>" in page
    photo_ids = re.findall(r'<img src="/towns/velenje/symbol-photos/(\d+)"', page)
    assert len(photo_ids) == 3 and "GPS 46.35940, 15.11060" in page
    photo = client.get(f"/towns/velenje/symbol-photos/{photo_ids[0]}")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert photo.content[:2] == b"\xff\xd8"
    assert client.get("/towns/velenje/symbols/999").status_code == 404


def test_edit_form_saves_and_rejects(client):
    form = client.get("/towns/velenje/symbols/6/edit?lang=en").text
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)
    data = {
        "csrf": token,
        "name": "Tito monument",
        "type": "4",
        "theme": "socialism",
        "tangible": "tangible",
        "visible": "visible",
        "latitude": "46.3594",
        "longitude": "15.1106",
        "narrative": "socialist_nostalgia",
        "preservation": "very_good",
        "attitude": "positive",
        "repetition": "single",
        "date": "2018-05-03",
        "message": "",
        "address": "Titov trg",
        "period": "",
        "surveyor": "Ana",
        "note": "",
    }
    saved = client.post("/towns/velenje/symbols/6/edit", data=data, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/towns/velenje/symbols/6"
    db = client.app.state.db
    with db.transaction() as s:
        sym = s.get(Symbol, 6)
        assert (sym.name_en, sym.latitude, sym.longitude, sym.preservation, sym.address) == (
            "Tito monument",
            46.3594,
            15.1106,
            "very_good",
            "Titov trg",
        )
    bad = client.post("/towns/velenje/symbols/6/edit", data={**data, "latitude": "200"})
    assert bad.status_code == 400 and 'role="alert"' in bad.text and "not a coordinate" in bad.text
    forged = client.post("/towns/velenje/symbols/6/edit", data={**data, "csrf": "0" * 64, "name": "X"})
    assert forged.status_code == 403
    with db.transaction() as s:
        assert s.scalar(select(Symbol.name_en).where(Symbol.id == 6)) == "Tito monument"
        assert s.get(Symbol, 6).latitude == 46.3594


def test_the_map_has_tiles_only_when_configured(velenje_sqlite, owner, tmp_path):
    from fastapi.testclient import TestClient

    from tests.support.people import sign_in
    from townpaths.core.errors import InputError
    from townpaths.web.app import Settings, create_app
    from townpaths.web.security import CSP

    service.import_symbols(velenje_sqlite, None, K.write_csv(tmp_path / "s.csv", sep=",", labels=False))
    plain = create_app(Settings(db=velenje_sqlite.url, secret_key="test-secret"))
    with TestClient(plain) as c:
        page = sign_in(c, owner).get("/towns/velenje/symbols?lang=en")
    assert page.headers["content-security-policy"] == CSP and "img-src 'self' data:;" in CSP
    assert "data-tiles" not in page.text
    points = re.search(r"data-points='([^']*)'", page.text)
    assert points is not None and [p["id"] for p in json.loads(html.unescape(points.group(1)))] == [24, 25]
    tiled = create_app(
        Settings(
            db=velenje_sqlite.url,
            secret_key="test-secret",
            map_tiles="https://tiles.example.org/{z}/{x}/{y}.png",
            map_attribution='© "Tiles" <b>',
        )
    )
    with TestClient(tiled) as c:
        sign_in(c, owner)
        page = c.get("/towns/velenje/symbols?lang=en")
        report = c.get("/towns/velenje/report")
    assert "img-src 'self' data: https://tiles.example.org;" in page.headers["content-security-policy"]
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page.text
    assert 'data-attribution="© &#34;Tiles&#34; &lt;b&gt;"' in page.text
    assert report.headers["content-security-policy"] == CSP  # only the map's page allows the tiles
    with pytest.raises(InputError) as refused:
        create_app(Settings(db=velenje_sqlite.url, secret_key="test-secret", map_tiles="tiles.example.org"))
    assert str(refused.value) == (
        "field 'map_tiles', value 'tiles.example.org': a tile URL needs {z}, {x}, {y} (e.g. https://host/{z}/{x}/{y}.png)"
    )


def test_a_long_list_maps_the_symbols_of_its_page(client, velenje_sqlite):
    """Over MAX_MAP_POINTS matching symbols the map (drawn and interactive) shows the page's."""
    from sqlalchemy import insert

    from townpaths.studies.symbols.core.map import MAX_MAP_POINTS

    with velenje_sqlite.transaction() as session:
        town_id, type_id = session.execute(select(Symbol.town_id, Symbol.type_id).where(Symbol.id == 1)).one()
        session.execute(
            insert(Symbol),
            [
                {"town_id": town_id, "type_id": type_id, "name_en": f"Block {n}", "external_id": f"block-{n}"}
                | {"latitude": 46.36, "longitude": 15.1 + n / 10000, "provenance": "fictional", "extra": {}}
                for n in range(MAX_MAP_POINTS)
            ],
        )

    def page(path: str) -> tuple[list[int], list[int], str]:
        text = client.get(path).text
        rows = [int(r) for r in re.findall(r'<tr data-id="(\d+)"', text)]
        points = json.loads(html.unescape(re.search(r"data-points='([^']*)'", text).group(1)))
        return rows, [p["id"] for p in points], text

    rows, points, text = page("/towns/velenje/symbols")
    assert len(rows) == 100 and points == [r for r in rows if r > 23]  # Velenje's own have no coordinates
    assert 'class="note map-page"' in text and f"{MAX_MAP_POINTS + 23} match" in text
    assert f'height="480" role="img" data-points="{len(points)}"' in text  # the drawn map too
    rows, points, _ = page("/towns/velenje/symbols?page=11")
    assert len(rows) == 23 and points == [r for r in rows if r > 23] and len(points) == 3
    few = client.get("/towns/velenje/symbols?q=Block 99")
    assert 'class="note map-page"' not in few.text
