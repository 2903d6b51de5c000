"""Every link is built from a route name: no template writes a path by hand, every route has a
name, and with the app served under a prefix (a proxy's root path) every page links inside it."""

from __future__ import annotations

import ast
import re
from importlib import resources
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.support.people import sign_in
from townpaths.studies.workshop import service
from townpaths.web.app import Settings, create_app

WEB = Path(str(resources.files("townpaths") / "web"))
#: An attribute whose value is a path written by hand (links built with url_for start with "{{").
HAND_WRITTEN = re.compile(r'\b(href|src|action|data-[a-z-]+)="/')
ROUTE_METHODS = {"get", "post", "put", "patch", "delete"}
PREFIX = "/tp"
URLS = re.compile(r'\b(href|src|action|data-api|data-events)="([^"]*)"')


def test_no_template_writes_a_path_by_hand() -> None:
    found = [
        f"{p.relative_to(WEB)}:{n}: {m.group(0)}"
        for p in sorted((WEB / "templates").rglob("*.html"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        for m in HAND_WRITTEN.finditer(line)
    ]
    assert found == []
    assert (
        len(list((WEB / "templates").rglob("*.html"))) == 48
    )  # 33 + the tables pages' row form and delete confirmation, the pager, the search snippet, the
    # workshop's end and delete confirmations and runs, the comparison of towns, the uploads' page
    # and form, a table's import and a ballot file's ranking; a town's form; the codebook and its
    # delete confirmation


def test_every_route_declares_its_name() -> None:
    unnamed = []
    for module in sorted((WEB / "routes").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for deco in node.decorator_list:
                    if (
                        isinstance(deco, ast.Call)
                        and isinstance(deco.func, ast.Attribute)
                        and deco.func.attr in ROUTE_METHODS
                        and not any(k.arg == "name" for k in deco.keywords)
                    ):
                        unnamed.append(f"{module.name}: {node.name}")
    assert unnamed == []


def test_route_names_are_unique(client) -> None:
    from fastapi.routing import iter_route_contexts  # the app's routes, with those of included routers

    routes = [
        c.original_route
        for c in iter_route_contexts(client.app.router.routes)
        if isinstance(c.original_route, APIRoute)
    ]
    names = [r.name for r in routes]
    assert len(routes) >= 45 and sorted(names) == sorted(set(names))


@pytest.fixture
def prefixed(velenje_sqlite, owner):
    """The app as a proxy serves it under /tp (uvicorn --root-path /tp): the browser asks for /tp/...
    (the owner of Velenje signed in, so every page opens)."""
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="test-secret"))
    with TestClient(app, root_path=PREFIX, base_url=f"http://testserver{PREFIX}/") as c:
        yield sign_in(c, owner)


def _urls(html: str) -> list[str]:
    return [m.group(2) for m in URLS.finditer(html) if m.group(2).startswith("/")]


def test_every_page_links_inside_the_root_path(prefixed, velenje_sqlite) -> None:
    c = prefixed
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual,worksheet:1")
    wid, code = created.workshop_id, created.room_code
    admin = c.get(f"/workshops/{wid}/admin?key={created.facilitator_key('test-secret')}", follow_redirects=False)
    assert admin.headers["location"] == f"{PREFIX}/workshops/{wid}/console"
    assert f"Path={PREFIX}" in admin.headers["set-cookie"]
    join_page = c.get(f"/join?code={code}")
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', join_page.text).group(1)
    joined = c.post("/join", data={"csrf": token, "code": code}, follow_redirects=False)
    assert joined.headers["location"] == f"{PREFIX}/room/{code}"
    pages = [
        "/",
        "/sign-in",
        "/account",
        "/towns/velenje/people",
        "/towns/velenje/settings",
        "/towns/velenje",
        "/towns/velenje/tables/problems",
        "/towns/velenje/symbols",
        "/towns/velenje/symbols/6",
        "/towns/velenje/symbols/6/edit",
        "/towns/velenje/documents",
        "/towns/velenje/qda",
        "/towns/velenje/qda?q=mentaliteta",
        "/towns/velenje/qda/interviews/2",
        "/towns/velenje/qda/agreement",
        "/towns/velenje/qda/table2",
        "/towns/velenje/qda/codebook",
        "/towns/velenje/qda/consent",
        "/towns/velenje/audit",
        "/towns/velenje/innovations",
        "/towns/velenje/innovations/propose",
        "/towns/velenje/innovations/moderation",
        "/towns/velenje/innovations/5/edit",
        "/towns/velenje/sustainability",
        "/towns/velenje/workshops/new",
        "/compare",
        f"/workshops/{wid}/created",
        f"/workshops/{wid}/console",
        f"/workshops/{wid}/report",
        f"/join?code={code}",
        f"/room/{code}",
        f"/room/{code}/screen",
    ]
    links: set[str] = set()
    for path in pages:
        r = c.get(path)
        assert r.status_code == 200, path
        urls = _urls(r.text)
        assert urls, path
        outside = [u for u in urls if not u.startswith(PREFIX + "/")]
        assert outside == [], path
        links.update(
            m.group(2) for m in URLS.finditer(r.text) if m.group(1) in ("href", "src") and m.group(2).startswith("/")
        )
    assert f"{PREFIX}/static/townpaths.css" in links and f"{PREFIX}/room/{code}/screen" in links
    room = c.get(f"/room/{code}").text
    assert f'data-api="{PREFIX}/api/workshops/{wid}"' in room
    assert f'data-events="{PREFIX}/api/workshops/{wid}/events?me=1"' in room
    # every link of every page works (form actions are posted by the tests of each study)
    broken = {u: s for u in sorted(links) if (s := c.get(u[len(PREFIX) :]).status_code) != 200}
    assert broken == {}
    # the error page too
    missing = c.get("/towns/zwickau")
    assert missing.status_code == 404 and f'href="{PREFIX}/"' in missing.text
    # share links carry the prefix
    console = c.get(f"/workshops/{wid}/console").text
    assert f'href="http://testserver{PREFIX}/join?code={code}"' in console


def test_share_links_use_the_public_address(velenje_sqlite, owner) -> None:
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="k", base_url="https://towns.example.org/tp"))
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    # an https public address makes every cookie Secure: the browser talks https
    with TestClient(app, root_path=PREFIX, base_url=f"https://testserver{PREFIX}/") as c:
        sign_in(c, owner, "k")
        screen = c.get(f"/room/{created.room_code}/screen").text
        assert f"<strong>https://towns.example.org/tp/join?code={created.room_code}</strong>" in screen
        page = c.get("/towns/velenje/workshops/new").text
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        made = c.post("/towns/velenje/workshops", data={"csrf": token, "rounds": "individual"})
        assert re.search(
            r'id="admin-link" href="https://towns\.example\.org/tp/workshops/\d+/admin\?key=[0-9a-f]{40}"',
            made.text,
        )
