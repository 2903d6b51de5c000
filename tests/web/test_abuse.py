"""Abuse of a server put online, over HTTP: replayed and cross-origin form posts, X-Forwarded-For
from a client that is no trusted proxy, a room full of phones behind one address, guessing room
codes and counting workshop ids, NUL characters, over-long strings and ids beyond 64 bits. Where
the database matters (the shared rate limits, what a database refuses), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.support.people import person, sign_in
from tests.support.serve import Serve
from townpaths.cases.towns import load_velenje
from townpaths.people.core.roles import Account
from townpaths.storage import Database
from townpaths.studies.workshop import service
from townpaths.web.access import ACCOUNT_COOKIE
from townpaths.web.app import Settings, create_app
from townpaths.web.security import DEVICE_COOKIE, SESSION_COOKIE

BIG = str(2**64)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', html).group(1)


@pytest.fixture
def town(db: Database) -> Database:
    load_velenje(db)
    return db


@pytest.fixture
def app_client(town: Database) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=town.url, secret_key="abuse"))) as c:
        yield c


# --- forms ----------------------------------------------------------------------------------------


def test_replayed_and_cross_origin_form_posts_are_refused(client, velenje_sqlite) -> None:
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    wid = created.workshop_id
    client.get(f"/workshops/{wid}/admin?key={created.facilitator_key('test-secret')}")
    form = {"csrf": _csrf(client.get(f"/workshops/{wid}/console").text)}
    # the facilitator's form, replayed by another client with the facilitator cookie but its own session
    with TestClient(client.app) as other:
        other.cookies.set(f"tpws_admin_{wid}", client.cookies[f"tpws_admin_{wid}"])
        other.get("/join")  # a session of its own
        assert other.cookies[SESSION_COOKIE] != client.cookies[SESSION_COOKIE]
        replayed = other.post(f"/workshops/{wid}/rounds/1/open", data=form)
        assert replayed.status_code == 403 and "The form expired" in replayed.text
    # the same form from another site's page, with the facilitator's own cookies
    cross = client.post(f"/workshops/{wid}/rounds/1/open", data=form, headers={"origin": "https://evil.example"})
    assert cross.status_code == 403 and "This request came from another site." in cross.text
    assert service.list_workshops(velenje_sqlite, service.town_of(velenje_sqlite, wid).id)[0]["status"] == "draft"
    done = client.post(f"/workshops/{wid}/rounds/1/open", data=form, follow_redirects=False)
    assert done.status_code == 303  # the facilitator's own post goes through


# --- forwarded addresses ----------------------------------------------------------------------------


def _propose(client: httpx.Client, n: int, forwarded: str) -> int:
    page = client.get("/towns/velenje/innovations/propose", headers={"x-forwarded-for": forwarded})
    data = {"csrf": _csrf(page.text), "name": f"Repair café {n}", "description": "People mend things together."}
    headers = {"x-forwarded-for": forwarded}
    return client.post("/towns/velenje/innovations/propose", data=data, headers=headers).status_code


@pytest.mark.slow
def test_forwarded_for_from_an_untrusted_client_is_ignored(tmp_path: Path) -> None:
    """Eight proposals from eight invented addresses: a real `townpaths serve` counts them all under
    the one real address (5 per 10 minutes), unless the sender is a proxy it was told to trust."""
    db = Database(tmp_path / "a.sqlite3")
    load_velenje(db)
    db.dispose()
    for trusted, expected in (((), [200] * 5 + [429] * 3), (("--forwarded-allow-ips", "127.0.0.1"), [200] * 8)):
        server = Serve(tmp_path / "a.sqlite3", *trusted).start()
        try:
            with httpx.Client(base_url=server.url) as client:
                statuses = [_propose(client, n, f"203.0.113.{n}") for n in range(8)]
        finally:
            server.stop()
        assert statuses == expected, trusted


def test_forwarded_headers_are_read_from_trusted_proxies_only(velenje_sqlite) -> None:
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="k", forwarded_allow_ips=("10.0.0.0/8",)))
    with TestClient(app, client=("10.1.2.3", 1)) as proxy, TestClient(app, client=("198.51.100.9", 1)) as stranger:
        for c, forwarded in (
            (proxy, "203.0.113.5"),
            (proxy, "198.51.100.1, 203.0.113.6, 10.9.9.9"),  # the right-most address that is no proxy of ours
            (proxy, "not-an-address"),
            (stranger, "203.0.113.7"),
        ):
            r = c.post("/api/rooms/NOPE99/join", json={}, headers={"x-forwarded-for": forwarded})
            assert r.status_code == 404
    store = app.state.rate_store
    for address in ("203.0.113.5", "203.0.113.6", "10.1.2.3", "198.51.100.9"):
        assert store.wait(f"room-code-miss:ip:{address}", 1, 600) > 0, address  # each wrong code counted there
    assert store.wait("room-code-miss:ip:203.0.113.7", 1, 600) == 0  # never counted: a stranger's header
    assert store.wait("room-code-miss:ip:198.51.100.1", 1, 600) == 0


# --- a room of phones -------------------------------------------------------------------------------


def test_two_hundred_phones_behind_one_address_join_one_room(town: Database, app_client: TestClient) -> None:
    created = service.create_workshop(town, "velenje", rounds="individual")
    code = created.room_code
    for n in range(200):
        app_client.cookies.clear()  # another phone: its own cookies
        form = app_client.get(f"/join?code={code}")
        joined = app_client.post(
            "/join", data={"csrf": _csrf(form.text), "code": code, "nickname": f"p{n}"}, follow_redirects=False
        )
        assert joined.status_code == 303, (n, joined.text)
    assert len(service.list_workshops(town, service.town_of(town, created.workshop_id).id)) == 1
    from townpaths.studies.workshop.service.states import public_state

    assert public_state(town, created.workshop_id)["participants"] == 200
    # one phone joining again and again is one participant: it holds its participant token
    app_client.cookies.clear()
    token = _csrf(app_client.get(f"/join?code={code}").text)
    statuses = [
        app_client.post("/join", data={"csrf": token, "code": code}, follow_redirects=False).status_code
        for _ in range(11)
    ]
    assert statuses == [303] * 11
    assert public_state(town, created.workshop_id)["participants"] == 201
    # one phone that throws its participant token away each time is stopped at 10 joins a minute
    app_client.cookies.clear()
    token = _csrf(app_client.get(f"/join?code={code}").text)
    statuses = []
    for _ in range(11):
        app_client.cookies.delete(f"tpws_p_{created.workshop_id}")
        statuses.append(
            app_client.post("/join", data={"csrf": token, "code": code}, follow_redirects=False).status_code
        )
    assert statuses == [303] * 10 + [429]
    assert public_state(town, created.workshop_id)["participants"] == 211


def test_a_room_has_a_limit_of_its_own(town: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNPATHS_WORKSHOP_JOIN_LIMIT", "3")
    created = service.create_workshop(town, "velenje", rounds="individual")
    other = service.create_workshop(town, "velenje", rounds="individual")
    with TestClient(create_app(Settings(db=town.url, secret_key="k"))) as c:
        statuses = []
        for n in range(4):
            c.cookies.clear()
            c.get("/join")
            statuses.append(c.post(f"/api/rooms/{created.room_code}/join", json={"nickname": f"n{n}"}).status_code)
        assert statuses == [200, 200, 200, 429]
        assert c.post(f"/api/rooms/{other.room_code}/join", json={}).status_code == 200


# --- room codes ------------------------------------------------------------------------------------


def test_room_codes_cannot_be_enumerated(town: Database, app_client: TestClient) -> None:
    c = app_client
    a = service.create_workshop(town, "velenje", rounds="individual")
    b = service.create_workshop(town, "velenje", rounds="individual")
    # counting ids reveals nothing: no state, no event stream, the same answer for an id that does not exist
    for wid in (a.workshop_id, b.workshop_id):
        for path in (f"/api/workshops/{wid}/state", f"/api/workshops/{wid}/events"):
            r = c.get(path)
            assert (r.status_code, r.json()) == (
                401,
                {"error": "Not a participant of this workshop: join with the room code."},
            ), path
    assert c.get("/api/workshops/99/state").status_code == 404  # ids are no secret; room codes are
    # nor does the list of the town's workshops show their codes (to anyone: tests/web/test_people.py)
    listed = c.get("/towns/velenje/tables/workshops").text
    assert a.room_code not in listed and b.room_code not in listed
    token = c.post(f"/api/rooms/{a.room_code}/join", json={}).json()["token"]
    mine = c.get(f"/api/workshops/{a.workshop_id}/state", headers={"X-Participant-Token": token})
    assert mine.status_code == 200 and mine.json()["workshop"]["room_code"] == a.room_code
    assert c.get(f"/api/workshops/{b.workshop_id}/state", headers={"X-Participant-Token": token}).status_code == 401
    assert (
        b.room_code not in c.get(f"/api/workshops/{a.workshop_id}/state", headers={"X-Participant-Token": token}).text
    )
    # guessing codes: 20 wrong codes a device, then even the right code is refused for a while
    c.cookies.clear()
    c.get("/join")
    device = c.cookies[DEVICE_COOKIE]
    guesses = [c.post(f"/api/rooms/ZZZZ{n:02d}/join", json={}).status_code for n in range(21)]
    assert guesses == [404] * 20 + [429]
    refused = c.post(f"/api/rooms/{b.room_code}/join", json={})
    assert refused.status_code == 429
    assert refused.json() == {"error": "Too many wrong room codes: wait a few minutes and try again."}
    assert int(refused.headers["retry-after"]) > 0
    assert c.post(f"/api/rooms/{b.room_code}/join?lang=sl", json={}).json() == {
        "error": "Preveč napačnih kod sob: počakajte nekaj minut in poskusite znova."
    }
    assert c.get(f"/room/{b.room_code}/screen").status_code == 429  # every way to look a code up
    # a script that drops its cookies is counted by its address: 100 wrong codes in 10 minutes
    c.cookies.clear()
    statuses = [c.post(f"/api/rooms/YYYY{n:02d}/join", json={}).status_code for n in range(80)]
    assert statuses == [404] * 80  # 20 + 80 = 100 from this address
    assert c.post("/api/rooms/XXXX00/join", json={}).status_code == 429
    assert device  # the device that guessed had its own count


def test_the_projection_screen_gets_the_state_with_the_code(town: Database, app_client: TestClient) -> None:
    created = service.create_workshop(town, "velenje", rounds="individual")
    c = app_client
    assert c.get(f"/api/workshops/{created.workshop_id}/state").status_code == 401
    assert c.get(f"/room/{created.room_code}/screen").status_code == 200
    assert c.get(f"/api/workshops/{created.workshop_id}/state").json()["workshop"]["id"] == created.workshop_id


# --- values neither database can store ------------------------------------------------------------


def as_facilitator(c: TestClient, account: Account, path: str, form: dict[str, str]) -> httpx.Response:
    """A form posted by ``account`` signed in, then signed out again."""
    sign_in(c, account, "abuse")
    try:
        return c.post(path, data=form)
    finally:
        c.cookies.delete(ACCOUNT_COOKIE)


def test_nul_characters_long_strings_and_huge_ids_are_4xx(town: Database, app_client: TestClient) -> None:
    c = app_client
    facilitator = person(town, "fac@velenje.example", "Fran", {"velenje": "facilitator"})
    created = service.create_workshop(town, "velenje", rounds="individual")
    wid = created.workshop_id
    c.get(f"/workshops/{wid}/admin?key={created.facilitator_key('abuse')}")
    csrf = _csrf(c.get(f"/workshops/{wid}/console").text)
    token = c.post(f"/api/rooms/{created.room_code}/join", json={}).json()["token"]
    service.open_round(town, wid, 1)
    as_phone = {"X-Participant-Token": token}
    answers = {
        "nul in a form": c.post("/join", data={"csrf": csrf, "code": created.room_code, "nickname": "Ana\x00"}),
        "nul in json": c.post(f"/api/rooms/{created.room_code}/join", json={"nickname": "\x00"}),
        "nul in a json key": c.post(f"/api/workshops/{wid}/sheet", json={"core\x00": "x"}, headers=as_phone),
        "nul in the query": c.get("/towns/velenje/qda?q=a%00b"),
        "nul in the path": c.get("/towns/velen%00je"),
        "huge id in the path": c.get(f"/workshops/{BIG}/console"),
        "huge id of a symbol": c.get(f"/towns/velenje/symbols/{BIG}"),
        "huge id in the api": c.get(f"/api/workshops/{BIG}/state"),
        "huge id in json": c.post(
            f"/api/workshops/{wid}/ballot", json={"ranking": [2**70], "client_token": "token-0001"}, headers=as_phone
        ),
        "huge id in a form": c.post(
            f"/workshops/{wid}/move", data={"csrf": csrf, "round_no": BIG, "participant": "1", "group": "a"}
        ),
        "long nickname": c.post(f"/api/rooms/{created.room_code}/join", json={"nickname": "n" * 61}),
        "long title": as_facilitator(
            c, facilitator, "/towns/velenje/workshops", {"csrf": csrf, "title": "t" * 5000, "rounds": "individual"}
        ),
        "long problems": as_facilitator(
            c,
            facilitator,
            "/towns/velenje/workshops",
            {"csrf": csrf, "title": "ok", "rounds": "individual", "problems": "x" * 300_000},
        ),
        "deep json": c.post(
            f"/api/workshops/{wid}/sheet",
            content=b"[" * 100_000 + b"]" * 100_000,
            headers={**as_phone, "content-type": "application/json"},
        ),
    }
    statuses = {k: r.status_code for k, r in answers.items()}
    assert {k: s for k, s in statuses.items() if not 400 <= s < 500} == {}
    assert statuses["nul in json"] == statuses["nul in a form"] == 400
    assert answers["nul in json"].json() == {"error": "field 'nickname': NUL characters are not allowed"}
    assert answers["huge id in the api"].json() == {"error": f"field 'wid', value '{BIG}': number too large"}
    assert answers["huge id in json"].json() == {"error": f"field 'ranking[0]', value {2**70}: number too large"}
    assert "field &#39;q&#39;: NUL characters are not allowed" in answers["nul in the query"].text
    assert answers["long nickname"].json() == {"error": f"field 'nickname', value '{'n' * 61}': at most 60 characters"}
    assert "field &#39;title&#39;, value &#39;tttt" in answers["long title"].text
    from townpaths.studies.workshop.service.states import public_state

    assert public_state(town, wid)["participants"] == 1  # nothing written by any of them
