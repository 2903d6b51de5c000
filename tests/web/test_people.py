"""People's pages over in-process HTTP: signing in and out, set-password links, the account page,
a town's people page, the workshop's guest link, and coding that belongs to people."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.support.people import person, sign_in
from townpaths.people import service as people
from townpaths.studies.qda import service as qda
from townpaths.studies.workshop import service as ws
from townpaths.web.access import ACCOUNT_COOKIE
from townpaths.web.app import Settings, create_app
from townpaths.web.security import SESSION_COOKIE

PASSWORD = "a long pass phrase"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', html).group(1)


def _sign_in(client, email: str, password: str, next_url: str = "", lang: str = "en"):
    page = client.get(f"/sign-in?lang={lang}")
    data = {"csrf": _csrf(page.text), "email": email, "password": password, "next": next_url}
    return client.post("/sign-in", data=data, follow_redirects=False)


def test_sign_in_and_out(anonymous, velenje_sqlite) -> None:
    client = anonymous
    person(velenje_sqlite, "rea@velenje.example", "Rea Researcher", {"velenje": "researcher"}, password=PASSWORD)
    wrong = _sign_in(client, "rea@velenje.example", "wrong password", lang="sl")
    assert wrong.status_code == 400 and "Napačen e-poštni naslov ali geslo." in wrong.text
    assert 'value="rea@velenje.example"' in wrong.text and ACCOUNT_COOKIE not in wrong.headers.get("set-cookie", "")
    old_session = client.cookies.get(SESSION_COOKIE)
    ok = _sign_in(client, "REA@velenje.example", PASSWORD, next_url="/towns/velenje/qda", lang="en")
    assert ok.status_code == 303 and ok.headers["location"] == "/towns/velenje/qda"
    cookies = ok.headers.get_list("set-cookie")
    assert any(
        re.fullmatch(rf"{ACCOUNT_COOKIE}=[\w.-]+; HttpOnly; Max-Age=1209600; Path=/; SameSite=lax", c) for c in cookies
    )
    new_session = re.search(rf"{SESSION_COOKIE}=([\w-]+);", " ".join(cookies)).group(1)
    assert new_session != old_session  # a session id planted before signing in is worthless after
    account = client.get("/account?lang=sl")
    assert account.status_code == 200 and "<h1>Rea Researcher</h1>" in account.text
    assert '<td class="role">raziskovalec</td>' in account.text
    copied = client.cookies.get(ACCOUNT_COOKIE)
    out = client.post("/sign-out", data={"csrf": _csrf(account.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/"
    # signing out ends the session everywhere: a copy of the cookie no longer works
    client.cookies.set(ACCOUNT_COOKIE, copied)
    assert client.get("/account", follow_redirects=False).headers["location"] == "/sign-in?next=%2Faccount"


def test_next_stays_on_this_site(anonymous, velenje_sqlite) -> None:
    person(velenje_sqlite, "rea@velenje.example", "Rea", {"velenje": "researcher"}, password=PASSWORD)
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
        r = _sign_in(anonymous, "rea@velenje.example", PASSWORD, next_url=target)
        assert r.headers["location"] == "/account", target
    form = anonymous.get("/sign-in?next=//evil.example")
    assert 'name="next" value=""' in form.text


def test_sign_ins_are_limited_per_address(velenje_sqlite) -> None:
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="k"))
    with TestClient(app) as client:
        statuses = [_sign_in(client, "x@velenje.example", "wrong password").status_code for _ in range(21)]
    assert statuses == [400] * 20 + [429]


def test_cookies_are_secure_behind_https(velenje_sqlite) -> None:
    person(velenje_sqlite, "rea@velenje.example", "Rea", {"velenje": "researcher"}, password=PASSWORD)
    app = create_app(Settings(db=velenje_sqlite.url, secret_key="k"))
    with TestClient(app, base_url="https://testserver") as client:
        r = _sign_in(client, "rea@velenje.example", PASSWORD)
    assert all("; Secure" in c for c in r.headers.get_list("set-cookie"))


def test_set_password_with_the_one_time_link(anonymous, velenje_sqlite) -> None:
    token = people.add_user(velenje_sqlite, "bor@velenje.example", "Bor Kos").token
    assert anonymous.get("/set-password?token=nope").status_code == 404
    page = anonymous.get(f"/set-password?token={token}&lang=sl")
    assert page.status_code == 200 and "Bor Kos · bor@velenje.example" in page.text
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "same-origin"
    data = {"csrf": _csrf(page.text), "token": token, "password": PASSWORD, "again": PASSWORD + "!"}
    differ = anonymous.post("/set-password?lang=sl", data=data)
    assert differ.status_code == 400 and "Gesli se razlikujeta." in differ.text
    weak = anonymous.post("/set-password?lang=sl", data={**data, "password": "short", "again": "short"})
    assert weak.status_code == 400 and "uporabite vsaj 10 znakov" in weak.text
    done = anonymous.post("/set-password", data={**data, "again": PASSWORD}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/account"
    assert "<h1>Bor Kos</h1>" in anonymous.get("/account").text
    assert anonymous.get(f"/set-password?token={token}").status_code == 404  # the link is used up


def test_the_owner_manages_people_and_public_parts(client, anonymous, velenje_sqlite) -> None:
    people.add_user(velenje_sqlite, "vera@velenje.example", "Vera")
    page = client.get("/towns/velenje/people?lang=sl")
    assert '<td class="role">lastnik</td>' in page.text and "zemljevid simbolov" in page.text
    token = _csrf(page.text)
    granted = client.post(
        "/towns/velenje/people", data={"csrf": token, "email": "vera@velenje.example", "role": "coder"}
    )
    assert granted.status_code == 200 and "<td>vera@velenje.example</td>" in granted.text
    assert people.list_users(velenje_sqlite)[-1]["roles"] == {"velenje": "coder"}
    mine = client.post(
        "/towns/velenje/people", data={"csrf": token, "email": "owner@velenje.example", "role": "viewer"}
    )
    assert mine.status_code == 400 and "you cannot change your own role here" in mine.text
    client.post("/towns/velenje/people/revoke", data={"csrf": token, "email": "vera@velenje.example"})
    assert people.list_users(velenje_sqlite)[-1]["roles"] == {}
    # the map becomes public, the report private
    assert anonymous.get("/towns/velenje/symbols", follow_redirects=False).status_code == 303
    client.post("/towns/velenje/public", data={"csrf": token, "part": ["map", "innovations", "join"]})
    assert people.public_parts(velenje_sqlite, "velenje")["public_parts"] == ["innovations", "map", "join"]
    assert anonymous.get("/towns/velenje/symbols").status_code == 200
    assert anonymous.get("/towns/velenje/report", follow_redirects=False).status_code == 303
    town = anonymous.get("/towns/velenje").text
    assert 'href="/towns/velenje/symbols"' in town and 'href="/towns/velenje/report"' not in town
    assert "/tables/" not in town and "/qda" not in town


def test_anonymous_visitors_see_only_public_towns(anonymous, velenje_sqlite) -> None:
    from townpaths.storage.models import Town

    with velenje_sqlite.transaction() as s:
        s.add(Town(slug="trbovlje", name="Trbovlje"))
    home = anonymous.get("/").text
    assert 'href="/towns/velenje"' in home and "trbovlje" not in home.lower()
    people.set_public_parts(velenje_sqlite, "velenje", ["join"])
    home = anonymous.get("/").text
    assert 'href="/towns/velenje"' not in home and 'id="sign-in-to-see"' in home


def test_the_created_page_keeps_the_link_and_the_console_replaces_it(client, anonymous, velenje_sqlite) -> None:
    new = client.get("/towns/velenje/workshops/new")
    made = client.post(
        "/towns/velenje/workshops", data={"csrf": _csrf(new.text), "rounds": "individual"}, follow_redirects=False
    )
    assert made.status_code == 303
    created = made.headers["location"]
    wid = int(created.split("/")[2])
    link = re.search(r'id="admin-link" href="([^"]+)"', client.get(created).text).group(1)
    sl = client.get(created + "?lang=sl").text  # switching the language keeps the page and its link
    assert "Delavnica je ustvarjena" in sl and f'id="admin-link" href="{link}"' in sl
    assert re.search(r'id="admin-link" href="([^"]+)"', client.get(f"/workshops/{wid}/console").text).group(1) == link
    # a guest facilitator opens the console with the link
    key = link.split("key=")[1]
    assert anonymous.get(f"/workshops/{wid}/admin?key={key}", follow_redirects=False).status_code == 303
    assert anonymous.get(f"/workshops/{wid}/console").status_code == 200
    # a new link revokes the old one and the guest's console session
    console = client.get(f"/workshops/{wid}/console")
    client.post(f"/workshops/{wid}/link", data={"csrf": _csrf(console.text)})
    new_link = re.search(r'id="admin-link" href="([^"]+)"', client.get(f"/workshops/{wid}/console").text).group(1)
    assert new_link != link
    assert anonymous.get(f"/workshops/{wid}/console", follow_redirects=False).status_code == 303
    assert anonymous.get(f"/workshops/{wid}/admin?key={key}").status_code == 400
    # the workshop is the owner's (its facilitator): on the account page with its console
    account = client.get("/account").text
    assert f'<tr data-id="{wid}">' in account and f'href="/workshops/{wid}/console"' in account


def test_a_coder_changes_only_their_own_segments(client, anonymous, velenje_sqlite) -> None:
    api = "/towns/velenje/qda/api/segments"
    cene = person(velenje_sqlite, "cene@velenje.example", "Coder A", {"velenje": "coder"})
    coder = sign_in(anonymous, cene)
    mine = coder.post(api, json={"interview_id": 1, "code_id": 3, "start": 0, "end": 9}).json()
    assert mine["coder"] == "Coder A #2"  # "Coder A" codes in the demo already: no one codes under another's name
    theirs = client.post(api, json={"interview_id": 1, "code_id": 3, "start": 10, "end": 17}).json()
    refused = coder.delete(f"{api}/{theirs['id']}")
    assert refused.status_code == 403
    assert refused.json() == {
        "error": "this segment was coded by someone else: only they or a researcher may change it"
    }
    assert coder.patch(f"{api}/{theirs['id']}", json={"memo": "mine now"}).status_code == 403
    demo = qda.segments_by_code(velenje_sqlite, "velenje", "values of socialism", coder="Coder A")[0]
    assert coder.delete(f"{api}/{demo['id']}").status_code == 403  # the demo's "Coder A" is not this account
    assert coder.patch(f"{api}/{mine['id']}", json={"memo": "checked"}).json()["memo"] == "checked"
    assert coder.delete(f"{api}/{mine['id']}").status_code == 204
    page = coder.get("/towns/velenje/qda/interviews/1").text
    assert '<strong id="coder">Coder A #2</strong>' in page and 'class="delete"' not in page
    assert client.delete(f"{api}/{theirs['id']}").status_code == 204  # the owner: anyone's
    assert 'class="delete"' in client.get("/towns/velenje/qda/interviews/1").text


def test_agreement_between_people(client, anonymous, velenje_sqlite) -> None:
    cene = person(velenje_sqlite, "cene@velenje.example", "Cene", {"velenje": "coder"})
    coder = sign_in(anonymous, cene)
    api = "/towns/velenje/qda/api/segments"
    for who in (client, coder):
        assert who.post(api, json={"interview_id": 2, "code_id": 3, "start": 0, "end": 20}).status_code == 201
    assert coder.post(api, json={"interview_id": 2, "code_id": 3, "start": 20, "end": 40}).status_code == 201
    page = client.get("/towns/velenje/qda/agreement", params={"a": "Olga Owner", "b": "Cene"}).text
    assert "Olga Owner · Cene" in page
    assert '<option value="Cene" selected>Cene (Cene, cene@velenje.example)</option>' in page
    by_mail = qda.agreement(velenje_sqlite, "velenje", "owner@velenje.example", "cene@velenje.example")
    length = qda.list_interviews(velenje_sqlite, "velenje")[1]["length"]
    assert by_mail["coders"] == ["Olga Owner", "Cene"]
    assert by_mail["overall"]["units"] == length
    assert by_mail["overall"]["agreement"] == pytest.approx((length - 20) / length)
    same = client.get("/towns/velenje/qda/agreement", params={"a": "Cene", "b": "Cene"})
    assert same.status_code == 400


@pytest.mark.parametrize("path", ["/towns/velenje/tables/interviews", "/towns/velenje/tables/coders"])
def test_confidential_tables_need_the_role(client, anonymous, velenje_sqlite, path: str) -> None:
    viewer = person(velenje_sqlite, "vera@velenje.example", "Vera", {"velenje": "viewer"})
    assert anonymous.get(path, follow_redirects=False).status_code == 303
    assert anonymous.get(path, headers={"accept": "application/json"}).json() == {"error": "Sign in first."}
    assert sign_in(anonymous, viewer).get(path).status_code == 404
    assert client.get(path).status_code == 200
    town = anonymous.get("/towns/velenje").text
    assert "tables/interviews" not in town and "tables/problems" in town  # a viewer sees the others


def test_tables_pages_hide_proposals_and_secrets(client, anonymous, velenje_sqlite) -> None:
    from townpaths.studies.innovations.service import propose

    propose(velenje_sqlite, "velenje", {"name": "Repair café", "description": "d", "proposer": "Ana Kralj"})
    room = ws.create_workshop(velenje_sqlite, "velenje", rounds="individual").room_code
    viewer = sign_in(anonymous, person(velenje_sqlite, "vera@velenje.example", "Vera", {"velenje": "viewer"}))
    seen = viewer.get("/towns/velenje/tables/innovations").text
    assert seen.count("<tr><td>") == 21 and "Ana Kralj" not in seen and "Repair café" not in seen
    assert (
        'tables/innovations">social innovations</a> <span class="count">21</span>' in viewer.get("/towns/velenje").text
    )
    edited = client.get("/towns/velenje/tables/innovations").text
    assert edited.count("<tr><td>") == 22 and "Repair café" in edited
    for who in (viewer, client):
        workshops = who.get("/towns/velenje/tables/workshops").text
        assert "secret_salt" not in workshops and "admin_secret_hash" not in workshops
        assert "room_code" not in workshops and room not in workshops  # the way into a room is on no list


def test_a_workshop_from_before_the_salts_keeps_its_guest_link(client, anonymous, velenje_sqlite) -> None:
    from townpaths.storage.models import Workshop
    from townpaths.studies.workshop.core.codes import hash_secret

    wid = ws.create_workshop(velenje_sqlite, "velenje", rounds="individual").workshop_id
    with velenje_sqlite.transaction() as s:  # as revision 0007 left it: a hashed secret, no salt
        w = s.get(Workshop, wid)
        w.secret_salt, w.admin_secret_hash = None, hash_secret("old-secret")
    assert anonymous.get(f"/workshops/{wid}/admin?key=old-secret", follow_redirects=False).status_code == 303
    assert ws.facilitator_key(velenje_sqlite, wid, "test-secret") is None
    console = client.get(f"/workshops/{wid}/console").text
    assert 'id="admin-link"' not in console and 'id="new-link"' in console  # cannot be shown, can be replaced
    assert anonymous.get(f"/workshops/{wid}/console").status_code == 200  # viewing it does not end the guest's
    client.post(f"/workshops/{wid}/link", data={"csrf": _csrf(console)})
    assert 'id="admin-link"' in client.get(f"/workshops/{wid}/console").text
    assert anonymous.get(f"/workshops/{wid}/console", follow_redirects=False).status_code == 303
    assert anonymous.get(f"/workshops/{wid}/admin?key=old-secret").status_code == 400


def test_a_refused_change_is_explained_in_slovene(client, anonymous, velenje_sqlite) -> None:
    theirs = client.post(
        "/towns/velenje/qda/api/segments", json={"interview_id": 1, "code_id": 3, "start": 0, "end": 9}
    )
    coder = sign_in(anonymous, person(velenje_sqlite, "cene@velenje.example", "Cene", {"velenje": "coder"}))
    refused = coder.delete(f"/towns/velenje/qda/api/segments/{theirs.json()['id']}", headers={"accept-language": "sl"})
    assert refused.json() == {"error": "ta odlomek je kodiral nekdo drug: spremeni ga lahko le on ali raziskovalec"}
