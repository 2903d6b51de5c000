"""HTTP: facilitator link, CSRF, privacy of ballots, rate limits, Slovene."""

from __future__ import annotations

import re
from typing import Any

import httpx

from townpaths.studies.workshop import service


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_facilitator_needs_the_secret_link_and_csrf(anonymous, velenje_sqlite) -> None:
    client = anonymous  # a guest facilitator: no account, only the secret link
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual,plenary")
    wid = created.workshop_id
    assert client.get(f"/workshops/{wid}/console", follow_redirects=False).status_code == 303  # to sign in
    assert client.get(f"/workshops/{wid}/admin?key=wrong", follow_redirects=False).status_code == 400
    r = client.get(f"/workshops/{wid}/admin?key={created.facilitator_key('test-secret')}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/workshops/{wid}/console"
    page = client.get(f"/workshops/{wid}/console")
    assert page.status_code == 200 and created.room_code in page.text and "<svg" in page.text
    assert client.post(f"/workshops/{wid}/rounds/1/open", data={"csrf": "forged"}).status_code == 403
    r = client.post(f"/workshops/{wid}/rounds/1/open", data={"csrf": _csrf(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/api/workshops/{wid}/state").json()["rounds"][0]["status"] == "open"
    assert client.get(f"/workshops/{wid}/export/ballots.csv").text.startswith("round,kind,voter")
    # move someone between groups of a pair round, then the workshop's report page
    pids = [service.join(velenje_sqlite, wid, f"n{i}") for i in range(4)]
    service.close_round(velenje_sqlite, wid, 1)
    created2 = service.create_workshop(velenje_sqlite, "velenje", rounds="pair,plenary")
    pids = [service.join(velenje_sqlite, created2.workshop_id, f"m{i}") for i in range(4)]
    service.open_round(velenje_sqlite, created2.workshop_id, 1)
    service.move_participant(velenje_sqlite, created2.workshop_id, 1, pids[0], "corner table")
    from townpaths.studies.workshop.service.states import facilitator_state

    groups = {p["id"]: p["group"] for p in facilitator_state(velenje_sqlite, created2.workshop_id)["participants"]}
    assert groups[pids[0]] == "corner table" and sorted(groups.values()).count("corner table") == 1
    report = client.get(f"/workshops/{wid}/report")
    assert report.status_code == 200 and "Round 1" in report.text


def test_participants_tokens_privacy_and_idempotency(client, anonymous, velenje_sqlite) -> None:
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual,plenary")
    wid = created.workshop_id
    a = client.post(f"/api/rooms/{created.room_code.lower()}/join", json={"nickname": "<script>x</script>"}).json()
    b = client.post(f"/api/rooms/{created.room_code}/join", json={"sector": "economy"}).json()
    assert client.post("/api/rooms/NOPE99/join", json={}).status_code == 404
    service.open_round(velenje_sqlite, wid, 1)
    ids = list(range(1, 11))

    def post(tok: str, body: dict[str, Any]) -> httpx.Response:
        return client.post(f"/api/workshops/{wid}/ballot", json=body, headers={"X-Participant-Token": tok})

    assert post("forged", {"ranking": ids, "client_token": "t" * 10}).status_code == 401
    assert post(a["token"], {"ranking": ids[:-1], "client_token": "t" * 10}).status_code == 400
    first = post(a["token"], {"ranking": ids, "client_token": "token-a-1"}).json()
    again = post(a["token"], {"ranking": ids, "client_token": "token-a-1"}).json()
    assert (first["status"], again["status"], again["count"]) == ("new", "duplicate", 1)
    post(b["token"], {"ranking": ids[::-1], "client_token": "token-b-1"})
    # the live state: for the workshop's phones and who runs it (the owner here), not for anyone else
    assert anonymous.get(f"/api/workshops/{wid}/state").status_code == 401
    as_a = {"X-Participant-Token": a["token"]}
    state = client.get(f"/api/workshops/{wid}/state", headers=as_a).json()
    assert state["live"]["count"] == 2 and state["ballots"] == []  # no individual ballot shown
    screen_html = client.get(f"/room/{created.room_code}/screen").text
    assert "<script>" not in screen_html
    qr = re.search(r'<div class="screen-qr"[^>]*>(.*?)</div>', screen_html, re.S).group(1)
    assert qr.lstrip().startswith("<svg") or qr.lstrip().startswith("<?xml")  # join QR code on the projector
    service.set_show_ballots(velenje_sqlite, wid, True)
    service.submit_ballot(velenje_sqlite, wid, b["participant_id"], ids, "token-b-2")
    shown = client.get(f"/api/workshops/{wid}/state", headers=as_a).json()["ballots"]
    assert [x["voter"] for x in shown] == ["<script>x</script>", ""]
    for n in range(29):  # 30 ballots a minute per participant
        post(a["token"], {"ranking": ids, "client_token": f"token-a-{n + 2:03d}"})
    assert post(a["token"], {"ranking": ids, "client_token": "token-a-999"}).status_code == 429


def test_join_form_and_slovene(client, velenje_sqlite) -> None:
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    form = client.get(f"/join?code={created.room_code}&lang=sl")
    assert "Pridruži se delavnici" in form.text
    assert client.post("/join", data={"csrf": "x", "code": created.room_code}).status_code == 403
    r = client.post(
        "/join",
        data={"csrf": _csrf(form.text), "code": created.room_code, "nickname": "Ana", "sector": "municipality"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/room/{created.room_code}"
    room = client.get(f"/room/{created.room_code}")
    assert "Oddaj" in room.text and 'data-token="' in room.text
    service.end_workshop(velenje_sqlite, created.workshop_id)
    assert client.get(f"/room/{created.room_code}").status_code == 404  # the room code expired
