"""The facilitator's pages: the guest link shown again, links and QR codes with the server's public
address (a warning for an address phones cannot reach), End and Delete ask first and say what they
save and remove, archive; a phone that joins again is the same participant; the command line's
link uses the public address the server was started with."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.support.cli import run
from tests.support.people import sign_in
from townpaths.storage.site import PUBLIC_URL, setting
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import states
from townpaths.web.app import Settings, create_app


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize(
    ("public", "join", "warned"),
    [
        ("https://workshop.velenje.example/tp", "https://workshop.velenje.example/tp/join?code=", False),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/join?code=", True),
    ],
)
def test_links_and_qr_codes_use_the_public_address(velenje_sqlite, owner, public, join, warned) -> None:
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="test-secret", base_url=public))
    assert setting(velenje_sqlite, PUBLIC_URL) == public  # kept for the command line's links
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    with TestClient(app, root_path="/tp" if "/tp" in public else "") as client:
        sign_in(client, owner)
        console = client.get(f"/workshops/{created.workshop_id}/console").text
    assert f'<a id="join-url" href="{join}{created.room_code}">' in console
    assert ('id="local-only"' in console) is warned
    # the guest link is shown again on the console, with the same address
    link = re.search(r'<a id="admin-link" href="([^"]+)"', console).group(1)
    assert link == f"{public}/workshops/{created.workshop_id}/admin?key={created.facilitator_key('test-secret')}"


def test_the_command_line_links_with_the_stored_public_address(velenje_sqlite) -> None:
    db = ["--db", velenje_sqlite.url, "--secret-key", "k"]
    out = json.loads(run("workshop", "create", *db, "--format", "json", "--start", "alphabetical").stdout)
    assert out["facilitator_link"].startswith("http://127.0.0.1:8000/workshops/")
    create_app(Settings(db=velenje_sqlite.url, secret_key="k", base_url="https://ws.example"))
    out = json.loads(run("workshop", "create", *db, "--format", "json").stdout)
    assert out["facilitator_link"].startswith(f"https://ws.example/workshops/{out['id']}/admin?key=")
    assert json.loads(run("workshop", "create", *db, "--base-url", "http://x.test", "--format", "json").stdout)[
        "facilitator_link"
    ].startswith("http://x.test/")
    run("workshop", "create", *db, "--start", "published", code=3)


def test_end_asks_first_archive_and_delete(client, velenje_sqlite) -> None:
    db = velenje_sqlite
    created = service.create_workshop(db, "velenje", rounds="individual,plenary", title="Town hall")
    wid = created.workshop_id
    people = [service.join(db, wid, f"P{n}", sector) for n, sector in enumerate(["economy", "economy", None])]
    service.open_round(db, wid, 1)
    ids = [p["id"] for p in states.public_state(db, wid)["problems"]]
    for p in people:
        service.submit_ballot(db, wid, p, ids, f"ballot-{p}-xx")
    console = client.get(f"/workshops/{wid}/console").text
    assert f'href="/workshops/{wid}/end"' in console  # a link to the question, not a button that ends
    token = _csrf(console)
    # an open workshop cannot be archived
    assert client.post(f"/workshops/{wid}/archive", data={"csrf": token, "archived": "1"}).status_code == 409
    confirm = client.get(f"/workshops/{wid}/end?lang=en").text
    summary = re.search(r'<p id="end-summary">(.*?)</p>', confirm).group(1)
    assert summary.startswith("Town hall · ") and "round 1 · 3 ballots · Kendall's W = 1.000" in summary
    assert "economy 2, no sector 1" in confirm
    assert client.post(f"/workshops/{wid}/end", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert client.get(f"/workshops/{wid}/end").status_code == 409  # ended already
    # archived: out of the list of workshops, into the archive, and back
    assert client.post(f"/workshops/{wid}/archive", data={"csrf": token, "archived": "1"}).status_code == 200
    listing = client.get("/towns/velenje/workshops/new").text
    archive = listing[listing.index('<details class="archived">') :]
    assert f'id="workshop-{wid}"' in archive and f'id="workshop-{wid}"' not in listing[: listing.index("<details")]
    client.post(f"/workshops/{wid}/archive", data={"csrf": token, "archived": "0"})
    assert '<details class="archived">' not in client.get("/towns/velenje/workshops/new").text
    # delete: what goes and what stays, then gone
    page = client.get(f"/workshops/{wid}/delete?lang=en").text
    counts = re.findall(r"<li>([^<]+)</li>", page[page.index('id="delete-counts"') :])[:4]
    assert counts == ["3 participants", "3 ballots", "0 worksheets", "0 ideas"]
    assert "Its ranking run stays beside the study&#39;s findings" in page and "Town hall" in page
    gone = client.post(f"/workshops/{wid}/delete", data={"csrf": token}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/towns/velenje/workshops/new"
    assert client.get(f"/workshops/{wid}/console").status_code == 404
    assert [r["name"] for r in service.town_runs(db, "velenje")["runs"]] == ["Town hall"]  # the run stays
    # a workshop from the form with a bad one-time id
    bad = {"csrf": token, "rounds": "individual", "form_id": "<x>"}
    assert client.post("/towns/velenje/workshops", data=bad).status_code == 400


def test_a_phone_that_joins_again_is_the_same_participant(anonymous, velenje_sqlite) -> None:
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    first = anonymous.post(f"/api/rooms/{created.room_code}/join", json={"nickname": "Ana"}).json()
    again = anonymous.post(
        f"/api/rooms/{created.room_code}/join",
        json={"nickname": "Ana B.", "sector": "economy"},
        headers={"X-Participant-Token": first["token"]},
    ).json()
    assert again["participant_id"] == first["participant_id"]
    state = states.participant_state(velenje_sqlite, created.workshop_id, first["participant_id"])
    assert state["you"] == {"id": first["participant_id"], "nickname": "Ana B.", "sector": "economy"}
    assert states.public_state(velenje_sqlite, created.workshop_id)["participants"] == 1
    # the join page with the room's code takes a phone with the room's cookie straight back to the room
    form = anonymous.get(f"/join?code={created.room_code}")
    anonymous.post("/join", data={"csrf": _csrf(form.text), "code": created.room_code, "nickname": "Bor"})
    back = anonymous.get(f"/join?code={created.room_code.lower()}", follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == f"/room/{created.room_code}"
    assert states.public_state(velenje_sqlite, created.workshop_id)["participants"] == 2
    # someone joining during a pair round goes into its smallest group
    other = service.create_workshop(velenje_sqlite, "velenje", rounds="pair,plenary")
    pids = [service.join(velenje_sqlite, other.workshop_id, f"P{n}") for n in range(5)]
    service.open_round(velenje_sqlite, other.workshop_id, 1)
    late = service.join(velenje_sqlite, other.workshop_id, "late")
    groups = states.facilitator_state(velenje_sqlite, other.workshop_id)["groups"]
    assert sorted(g["members"] for g in groups) == [3, 3] and len(pids) == 5
    assert states.participant_state(velenje_sqlite, other.workshop_id, late)["group"]["label"].startswith("pair ")
