"""One error format: ``{"error": message}`` for API requests and the HTML error page for the others,
with the right status, a readable message naming the field, and never a traceback."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from townpaths.studies.workshop import service
from townpaths.web.access import ANYONE, allow
from townpaths.web.app import Settings, create_app
from townpaths.web.errors import INTERNAL


def test_api_errors_are_json_with_the_message(client, velenje_sqlite) -> None:
    missing = client.post("/api/rooms/NOPE99/join", json={})
    assert missing.status_code == 404 and missing.json() == {"error": "no open workshop with this room code"}
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual,worksheet:1")
    joined = client.post(f"/api/rooms/{created.room_code}/join", json={}).json()
    forged = client.post(
        f"/api/workshops/{created.workshop_id}/ballot", json={"ranking": []}, headers={"X-Participant-Token": "forged"}
    )
    assert forged.status_code == 401
    assert forged.json() == {"error": "Not a participant of this workshop: join with the room code."}
    service.open_round(velenje_sqlite, created.workshop_id, 1)
    wrong_round = client.post(
        f"/api/workshops/{created.workshop_id}/sheet", json={}, headers={"X-Participant-Token": joined["token"]}
    )
    assert wrong_round.status_code == 409 and wrong_round.json() == {"error": "the open round is not a worksheet round"}
    assert client.get("/api/no/such/thing").json() == {"error": "Not Found"}
    assert client.get("/api/workshops/x/state").status_code == 400


def test_html_errors_are_the_error_page(client) -> None:
    unknown = client.get("/towns/zwickau?lang=sl")
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/html")
    assert (
        '<p class="error" role="alert">unknown town &#39;zwickau&#39; (towns in this database: velenje)</p>'
        in unknown.text
    )
    assert "<h1>Napaka</h1>" in unknown.text
    nowhere = client.get("/no/such/page")
    assert nowhere.status_code == 404 and '<p class="error" role="alert">Ni najdeno</p>' in nowhere.text
    not_a_number = client.get("/towns/velenje/symbols/six?lang=en")
    assert not_a_number.status_code == 400
    assert "field &#39;symbol_id&#39;, value &#39;six&#39;: Input should be a valid integer" in not_a_number.text
    assert client.post("/").status_code == 405


def test_a_page_asking_for_json_gets_json(client) -> None:
    r = client.get("/towns/zwickau", headers={"accept": "application/json"})
    assert r.status_code == 404 and r.json() == {"error": "unknown town 'zwickau' (towns in this database: velenje)"}


@pytest.fixture
def failing(velenje_sqlite):
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="test-secret"))

    def boom() -> None:
        raise RuntimeError("secret detail of the bug")

    app.add_api_route("/towns/{slug}/boom", boom, name="boom")
    app.add_api_route("/api/boom", boom, name="api_boom")
    allow(app, "boom", ANYONE)
    allow(app, "api_boom", ANYONE)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_unexpected_errors_are_500_without_traceback_and_logged(failing, caplog, monkeypatch) -> None:
    # a logging.config call elsewhere in the test session (import-linter's) may have disabled the logger
    monkeypatch.setattr(logging.getLogger("townpaths.web"), "disabled", False)
    with caplog.at_level(logging.ERROR, logger="townpaths.web"):
        page = failing.get("/towns/velenje/boom")
    assert page.status_code == 500 and INTERNAL in page.text
    assert "Traceback" not in page.text and "secret detail" not in page.text and "RuntimeError" not in page.text
    assert any(r.exc_info and "secret detail of the bug" in str(r.exc_info[1]) for r in caplog.records)
    api = failing.get("/api/boom")
    assert api.status_code == 500 and api.json() == {"error": INTERNAL}
    sl = failing.get("/towns/velenje/boom?lang=sl")
    assert "Prišlo je do notranje napake" in sl.text
