"""Security headers on every response (pages, JSON, static files, error pages, a crash), cookies
HttpOnly + SameSite everywhere and Secure behind HTTPS, no inline script in any template, the API's
description off by default."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from townpaths.studies.workshop import service
from townpaths.web import access
from townpaths.web.app import Settings, create_app
from townpaths.web.security import CSP, SECURITY_HEADERS, harden_cookie

WEB = Path(str(resources.files("townpaths") / "web"))
REPORT = Path(str(resources.files("townpaths") / "report" / "templates"))
EXPECTED = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def _secured(response) -> dict[str, str]:
    return {name: response.headers.get(name) for name in EXPECTED}


def test_the_policy() -> None:
    assert dict(SECURITY_HEADERS) == EXPECTED and EXPECTED["content-security-policy"] == CSP


def test_every_kind_of_response_carries_the_headers(velenje_sqlite) -> None:
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="k"))

    @app.get("/crash", name="crash")
    def crash() -> None:
        raise RuntimeError("a bug")

    access.allow(app, "crash", access.ANYONE)

    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    with TestClient(app, raise_server_exceptions=False) as c:
        joined = c.post(f"/api/rooms/{created.room_code}/join", json={}).json()
        responses = {
            "page": c.get("/towns/velenje"),
            "report": c.get("/towns/velenje/report"),
            "json": c.get(
                f"/api/workshops/{created.workshop_id}/state", headers={"X-Participant-Token": joined["token"]}
            ),
            "static": c.get("/static/townpaths.css"),
            "404 page": c.get("/towns/zwickau"),
            "404 json": c.get("/api/nothing"),
            "401": c.get(f"/api/workshops/{created.workshop_id}/state"),
            "403": c.post("/join", data={"code": "x"}),
            "redirect": c.get(f"/room/{created.room_code}", follow_redirects=False),
            "500": c.get("/crash"),
        }
    assert {k: r.status_code for k, r in responses.items()} == {
        "page": 200,
        "report": 200,
        "json": 200,
        "static": 200,
        "404 page": 404,
        "404 json": 404,
        "401": 401,
        "403": 403,
        "redirect": 303,
        "500": 500,
    }
    assert {k: _secured(r) for k, r in responses.items()} == dict.fromkeys(responses, EXPECTED)
    assert "a bug" not in responses["500"].text and "Traceback" not in responses["500"].text
    assert responses["500"].headers.get("server") is None


def test_cookies_are_http_only_same_site_and_secure_behind_https(velenje_sqlite) -> None:
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="k", forwarded_allow_ips=("10.0.0.1",)))
    with TestClient(app, client=("10.0.0.1", 4000)) as proxy:
        direct = proxy.get("/towns/velenje?lang=sl")  # the lang cookie, set by the page itself
        assert direct.headers.get_list("set-cookie") == ["lang=sl; Path=/; SameSite=lax; HttpOnly"]
        tls = proxy.get(f"/join?code={created.room_code}", headers={"x-forwarded-proto": "https"})
        cookies = tls.headers.get_list("set-cookie")
        assert [c.split("=")[0] for c in cookies] == ["tp_session", "tp_device"]
        assert all(c.endswith("; HttpOnly; SameSite=Lax; Secure") for c in cookies)
        screen = proxy.get(f"/room/{created.room_code}/screen", headers={"x-forwarded-proto": "https"})
        viewer = screen.headers.get_list("set-cookie")[-1]
        assert viewer.startswith(f"tpws_v_{created.workshop_id}=") and viewer.endswith("; SameSite=lax; Secure")
        assert "HttpOnly" in viewer
    # X-Forwarded-Proto from a client that is not a trusted proxy changes nothing
    with TestClient(app, client=("192.0.2.7", 4000)) as stranger:
        plain = stranger.get(f"/join?code={created.room_code}", headers={"x-forwarded-proto": "https"})
        assert not any("Secure" in c for c in plain.headers.get_list("set-cookie"))
    # an https public address makes every cookie Secure whatever the request's scheme
    public = create_app(Settings(db=velenje_sqlite.url, secret_key="k", base_url="https://towns.example.org"))
    with TestClient(public) as c:
        assert all(x.endswith("; Secure") for x in c.get("/join").headers.get_list("set-cookie"))


@pytest.mark.parametrize(
    ("cookie", "secure", "hardened"),
    [
        ("a=1; Path=/", False, "a=1; Path=/; HttpOnly; SameSite=Lax"),
        ("a=1; Path=/; SameSite=strict; httponly", True, "a=1; Path=/; SameSite=strict; httponly; Secure"),
        ("a=1; Secure; HttpOnly; SameSite=None", True, "a=1; Secure; HttpOnly; SameSite=None"),
    ],
)
def test_harden_cookie(cookie: str, secure: bool, hardened: str) -> None:
    assert harden_cookie(cookie, secure) == hardened


#: A script element that runs code written in the page (a JSON data block and a module file are fine).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"javascript:", re.I)


def test_no_template_has_inline_script_or_handlers() -> None:
    templates = sorted((WEB / "templates").rglob("*.html")) + sorted(REPORT.rglob("*.html"))
    found = [
        f"{p.name}:{n}: {m.group(0)}"
        for p in templates
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL)
        for m in pattern.finditer(line)
    ]
    assert found == []
    assert len(templates) > 27


def test_api_docs_are_off_by_default_and_shipped_when_on(velenje_sqlite) -> None:
    with TestClient(create_app(Settings(db=velenje_sqlite.url, secret_key="k"))) as c:
        assert [c.get(p).status_code for p in ("/api/docs", "/api/openapi.json", "/api/redoc", "/docs")] == [404] * 4
    with TestClient(create_app(Settings(db=velenje_sqlite.url, secret_key="k", api_docs=True))) as c:
        docs = c.get("/api/docs")
        assert docs.status_code == 200 and docs.headers["content-security-policy"] == CSP
        assert "<code>POST</code></td><td><code>/api/rooms/{code}/join</code>" in docs.text
        assert '<a href="/api/openapi.json">openapi.json</a>' in docs.text
        assert "<script" not in docs.text and "cdn" not in docs.text
        assert (
            c.get("/api/openapi.json").json()["paths"]["/api/workshops/{wid}/state"]["get"]["summary"]
            == "Workshop Api State"
        )
