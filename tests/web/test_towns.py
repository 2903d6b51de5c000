"""The New town page (the server's administrators) and a town's settings page (its owners): the same
checks as ``townpaths towns create/edit``, errors shown by their field, nothing written until the
whole form is right; the new town starts with the method's defaults, marked as such."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.support.people import person, sign_in
from townpaths.cases.towns import list_towns
from townpaths.people.service import town_people
from townpaths.storage import Database
from townpaths.storage.models import SymbolType, Town
from townpaths.web.app import Settings, create_app


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found is not None
    return found.group(1)


def test_an_administrator_creates_a_town_with_the_methods_defaults(velenje_sqlite: Database) -> None:
    admin = person(velenje_sqlite, "admin@towns.example", "Ada Admin", admin=True)
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="test-secret"))
    with TestClient(app) as c:
        sign_in(c, admin)
        home = c.get("/")
        assert '<a class="button" id="new-town" href="/new-town">New town</a>' in home.text
        form = c.get("/new-town")
        assert form.status_code == 200 and 'action="/new-town"' in form.text
        token = csrf(form.text)
        data = {
            "csrf": token,
            "name": "Hrastnik",
            "slug": "",
            "country": "SI",
            "title_en": "Glass and coal",
            "title_sl": "Steklo in premog",
            "study_start_year": "2026",
            "study_end_year": "2024",
            "languages": ["sl", "en"],
        }
        bad = c.post("/new-town", data=data)
        assert bad.status_code == 400
        assert re.findall(r'data-field="(\w+)">([^<]*)<', bad.text) == [
            ("study_end_year", "the study ends before it starts")
        ]
        assert 'value="Glass and coal"' in bad.text  # what was typed is kept
        assert [t["slug"] for t in list_towns(velenje_sqlite)] == ["velenje"]
        made = c.post("/new-town", data={**data, "study_end_year": "2027"}, follow_redirects=False)
        assert (made.status_code, made.headers["location"]) == (303, "/towns/hrastnik")
        again = c.post("/new-town", data={**data, "study_end_year": "2027"})
        assert again.status_code == 409 and "a town &#39;hrastnik&#39; exists already" in again.text
        page = c.get("/towns/hrastnik")
        assert '<p class="subtitle">Glass and coal</p>' in page.text
        assert '<a href="/towns/hrastnik/settings" id="town-settings">' in page.text  # the creator owns it
        types = c.get("/towns/hrastnik/tables/symbol_types")
        assert types.text.count("<td>default</td>") == 16
    assert town_people(velenje_sqlite, "hrastnik")["people"][0]["role"] == "owner"
    with velenje_sqlite.transaction() as s:
        town = s.scalar(select(Town).where(Town.slug == "hrastnik"))
        assert (town.study_start_year, town.study_end_year, town.languages) == (2026, 2027, ["sl", "en"])
        assert s.scalar(select(func.count()).select_from(SymbolType).where(SymbolType.town_id == town.id)) == 16


def test_an_owner_changes_the_towns_settings(client, velenje_sqlite: Database) -> None:
    form = client.get("/towns/velenje/settings")
    assert form.status_code == 200
    assert 'name="citation" rows="3" maxlength="2000">»Industrija in socializem' in form.text
    token = csrf(form.text)
    values = {
        "csrf": token,
        "name": "Velenje",
        "name_sl": "Velenje",
        "title_en": "Industry and socialism: obstacles or drivers of the future development of Velenje",
        "title_sl": "Industrija in socializem: oviri ali gonili prihodnjega razvoja Velenja",
        "study_start_year": "2017",
        "study_end_year": "2020",
        "languages": ["sl", "en"],
    }
    bad = client.post("/towns/velenje/settings", data={**values, "languages": []})
    assert bad.status_code == 400
    assert re.findall(r'data-field="(\w+)">([^<]*)<', bad.text) == [
        ("languages", "a town&#39;s texts are written in at least one language")
    ]
    saved = client.post("/towns/velenje/settings", data=values, follow_redirects=False)
    assert (saved.status_code, saved.headers["location"]) == (303, "/towns/velenje")
    report = client.get("/towns/velenje/report?lang=sl")
    assert (
        '<p class="subtitle">Industrija in socializem: oviri ali gonili prihodnjega razvoja Velenja</p>' in report.text
    )
    with velenje_sqlite.transaction() as s:
        town = s.scalar(select(Town).where(Town.slug == "velenje"))
        assert town.title_en == "Industry and socialism: obstacles or drivers of the future development of Velenje"
        assert town.country is None  # the form left it empty: cleared
