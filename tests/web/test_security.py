"""The one security layer: CSRF tokens bound to the session cookie on every unsafe request, the
Origin/Referer check, body limits and the rate limiter (over real HTTP, in-process)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from townpaths.studies.workshop import service
from townpaths.web.app import Settings, create_app
from townpaths.web.security import DEVICE_COOKIE, SESSION_COOKIE, MemoryRateStore

JOIN = "/join"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', html).group(1)


def _join_form(client, velenje_sqlite):
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    page = client.get(f"/join?code={created.room_code}")
    return created, page


def test_a_form_page_starts_a_session_and_its_token_is_bound_to_it(anonymous, velenje_sqlite) -> None:
    client = anonymous  # the join form is public (a signed-in browser's cookies are tested in tests/web/test_access.py)
    created, page = _join_form(client, velenje_sqlite)
    session, device = page.headers.get_list("set-cookie")  # the join page also gives the phone a device id
    assert re.fullmatch(rf"{SESSION_COOKIE}=[\w-]{{24}}; Path=/; HttpOnly; SameSite=Lax", session)
    assert re.fullmatch(rf"{DEVICE_COOKIE}=[\w-]{{22}}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax", device)
    token = _csrf(page.text)
    assert _csrf(client.get("/join").text) == token  # one token per session, no new cookie
    assert "set-cookie" not in client.get("/join").headers
    ok = client.post(JOIN, data={"csrf": token, "code": created.room_code}, follow_redirects=False)
    assert ok.status_code == 303
    # the same token with another session cookie, or no cookie, is refused
    client.cookies.set(SESSION_COOKIE, "another-session")
    assert client.post(JOIN, data={"csrf": token, "code": created.room_code}).status_code == 403
    client.cookies.clear()
    assert client.post(JOIN, data={"csrf": token, "code": created.room_code}).status_code == 403


def test_token_in_a_header_and_missing_token(client, velenje_sqlite) -> None:
    created, page = _join_form(client, velenje_sqlite)
    token = _csrf(page.text)
    assert client.post(JOIN, data={"code": created.room_code}).status_code == 403
    by_header = client.post(
        JOIN, data={"code": created.room_code}, headers={"X-CSRF-Token": token}, follow_redirects=False
    )
    assert by_header.status_code == 303
    # a text body (what <form enctype="text/plain"> sends) or no body at all needs the token too
    assert client.post(JOIN, content=b"code=X", headers={"content-type": "text/plain"}).status_code == 403
    assert client.post(f"/workshops/{created.workshop_id}/end").status_code == 403


def test_foreign_origin_is_refused(client, velenje_sqlite) -> None:
    created, page = _join_form(client, velenje_sqlite)
    form = {"csrf": _csrf(page.text), "code": created.room_code}
    evil = client.post(JOIN, data=form, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403 and "This request came from another site." in evil.text
    assert client.post(JOIN, data=form, headers={"origin": "null"}).status_code == 403
    assert client.post(JOIN, data=form, headers={"referer": "https://evil.example/page"}).status_code == 403
    # JSON needs no token (a CORS preflight guards it) but a foreign origin is refused all the same
    api = f"/api/rooms/{created.room_code}/join"
    assert client.post(api, json={}, headers={"origin": "https://evil.example"}).json() == {
        "error": "This request came from another site."
    }
    assert client.post(api, json={}, headers={"origin": "http://testserver"}).status_code == 200
    same = client.post(
        JOIN,
        data=form,
        headers={"origin": "http://testserver", "referer": "https://evil.example/"},
        follow_redirects=False,
    )
    assert same.status_code == 303  # the Origin decides when there is one


def test_public_address_and_proxy_host_count_as_same_origin(velenje_sqlite) -> None:
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="k", base_url="https://towns.example.org/tp"))
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    with TestClient(app, base_url="https://testserver") as c:  # https public address: Secure cookies
        form = {"csrf": _csrf(c.get("/join").text), "code": created.room_code}
        assert (
            c.post(JOIN, data=form, headers={"origin": "https://towns.example.org"}, follow_redirects=False).status_code
            == 303
        )
        assert (
            c.post(
                JOIN,
                data=form,
                headers={"origin": "https://proxy.example", "x-forwarded-host": "proxy.example"},
                follow_redirects=False,
            ).status_code
            == 303
        )
        assert c.post(JOIN, data=form, headers={"origin": "https://towns.example.org.evil.example"}).status_code == 403


def test_body_limits(client, velenje_sqlite) -> None:
    created, page = _join_form(client, velenje_sqlite)
    big = client.post(JOIN, data={"csrf": _csrf(page.text), "code": created.room_code, "nickname": "x" * 1_100_000})
    assert big.status_code == 413 and "The request is too large." in big.text
    huge_json = client.post(
        "/towns/velenje/qda/api/segments",
        content=b"[" + b"1," * 600_000 + b"1]",
        headers={"content-type": "application/json"},
    )
    assert huge_json.status_code == 413 and huge_json.json() == {"error": "The request is too large."}

    def chunks():  # no Content-Length: counted while it is read
        for _ in range(40):
            yield b"x" * 32_768

    streamed = client.post(
        "/towns/velenje/qda/api/segments", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413


def test_memory_rate_store_sliding_window() -> None:
    now = [0.0]
    store = MemoryRateStore(clock=lambda: now[0])
    assert [store.hit("a", 2, 10), store.hit("a", 2, 10), store.hit("a", 2, 10), store.hit("b", 2, 10)] == [
        0.0,
        0.0,
        10.0,
        0.0,
    ]
    now[0] = 4.0
    assert store.hit("a", 2, 10) == 6.0  # refused hits are not counted
    now[0] = 10.5
    assert store.hit("a", 2, 10) == 0.0


class CountingStore:
    """A store standing in for a shared one: counts a key once; a later hit of a counted key is
    refused (with nothing of its call counted)."""

    def __init__(self) -> None:
        self.counted: list[str] = []
        self.calls: list[list[str]] = []
        self.checked: list[list[str]] = []

    def hit(self, key: str, hits: int, seconds: float) -> float:
        return self.hit_all([(key, hits, seconds)])

    def wait(self, key: str, hits: int, seconds: float) -> float:
        return self.wait_all([(key, hits, seconds)])

    def hit_all(self, limits) -> float:
        keys = [key for key, _hits, _seconds in limits]
        self.calls.append(keys)
        if any(k in self.counted for k in keys):
            return 42.5
        self.counted.extend(keys)
        return 0.0

    def wait_all(self, limits) -> float:
        self.checked.append([key for key, _hits, _seconds in limits])
        return 0.0


def test_rate_limits_use_the_configured_store(velenje_sqlite) -> None:
    store = CountingStore()
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="k", rate_store=store))
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    wid = created.workshop_id
    with TestClient(app) as c:
        assert c.post(f"/api/rooms/{created.room_code}/join", json={}).status_code == 200
        second = c.post(f"/api/rooms/{created.room_code}/join", json={})  # the same device (no cookie: its address)
        assert second.status_code == 429 and second.headers["retry-after"] == "43"
        assert second.json() == {"error": "Too many requests: wait a moment and try again."}
        form = c.get("/join?lang=sl")
        device = c.cookies[DEVICE_COOKIE]
        page = c.post(JOIN, data={"csrf": _csrf(form.text), "code": created.room_code})
        assert page.status_code == 429 and "Preveč zahtev: počakajte trenutek in poskusite znova." in page.text
    # a join counts against its device and its room together, all or nothing
    assert store.calls == [
        ["workshop-join-device:ip:testclient", f"workshop-join-room:{wid}"],
        ["workshop-join-device:ip:testclient", f"workshop-join-room:{wid}"],
        [f"workshop-join-device:device:{device}", f"workshop-join-room:{wid}"],
    ]
    assert store.counted == ["workshop-join-device:ip:testclient", f"workshop-join-room:{wid}"]
    # before each lookup of a room code: is the address (and the device) over its wrong codes?
    assert store.checked == [
        ["room-code-miss:ip:testclient"],
        ["room-code-miss:ip:testclient"],
        ["room-code-miss:ip:testclient", f"room-code-miss:device:{device}"],
    ]


def test_memory_store_counts_several_keys_all_or_nothing() -> None:
    now = [0.0]
    store = MemoryRateStore(clock=lambda: now[0])
    assert store.hit_all([("a", 1, 10), ("b", 2, 10)]) == 0.0
    assert store.hit_all([("b", 2, 10), ("a", 1, 10)]) == 10.0  # "a" is full: "b" is not counted either
    assert store.wait_all([("b", 2, 10)]) == 0.0 and store.wait_all([("b", 2, 10), ("a", 1, 10)]) == 10.0
    now[0] = 3.0
    assert store.hit("b", 2, 10) == 0.0 and store.wait("b", 2, 10) == 7.0
