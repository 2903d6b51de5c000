"""Register page, public proposal form and moderation over real HTTP; abuse: oversized fields,
HTML/script in fields, forged or missing CSRF, flooding."""

from __future__ import annotations

import re

from tests.support.people import person, sign_in
from townpaths.cases.case import open_case

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _form(client, **fields):
    page = client.get("/towns/velenje/innovations/propose")
    data = {"csrf": _token(page.text), "name": "Repair café", "description": "People mend things together.", **fields}
    return client.post("/towns/velenje/innovations/propose", data=data)


def test_register_page(anonymous) -> None:
    client = anonymous  # the register is public in Velenje; a visitor sees no edit links
    html = client.get("/towns/velenje/innovations").text
    assert html.count('<tr id="innovation-') == 21 and "/edit" not in html
    assert (
        '<td>new practice</td><td class="num">3</td><td class="num">0</td><td class="num">1</td>'
        '<td class="num">3</td><td class="num">1</td><td class="num">8</td>' in html
    )
    assert "<svg" in html and "1940–1949" in html
    sl = client.get("/towns/velenje/innovations?lang=sl").text
    assert "Družbene inovacije" in sl and "udarniško delo" in sl and "nova praksa" in sl


MODERATION = "/towns/velenje/innovations/moderation"


def test_proposal_waits_then_is_accepted(client, anonymous, velenje_sqlite) -> None:
    response = _form(client, year="2019", type="new practice", proposer="Ana")
    assert response.status_code == 200 and "Repair café" in response.text
    case = open_case("velenje", velenje_sqlite)
    waiting = [i for i in case.records("innovations") if i["status"] == "proposed"]
    assert [(i["name_en"], i["year"], i["found_by"], i["type_en"]) for i in waiting] == [
        ("Repair café", 2019, "workshop", "new practice")
    ]
    # only the town's researchers and owners moderate: a visitor is sent to sign in, a viewer finds nothing
    denied = anonymous.get(MODERATION, follow_redirects=False)
    assert denied.status_code == 303
    assert denied.headers["location"] == "/sign-in?next=%2Ftowns%2Fvelenje%2Finnovations%2Fmoderation"
    viewer = person(velenje_sqlite, "viewer@velenje.example", "Vera Viewer", {"velenje": "viewer"})
    assert sign_in(anonymous, viewer).get(MODERATION).status_code == 404
    queue = client.get(MODERATION)
    assert queue.status_code == 200 and "Repair café" in queue.text
    forged = client.post(
        f"/towns/velenje/innovations/moderation/{waiting[0]['id']}", data={"csrf": "x", "action": "accept"}
    )
    assert forged.status_code == 403
    done = client.post(
        f"/towns/velenje/innovations/moderation/{waiting[0]['id']}",
        data={"csrf": _token(queue.text), "action": "accept"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    accepted = [i for i in open_case("velenje", velenje_sqlite).records("innovations") if i["status"] == "accepted"]
    assert (len(accepted), accepted[-1]["no"], accepted[-1]["name_en"]) == (22, 22, "Repair café")


def test_merge_and_reject(client, velenje_sqlite) -> None:
    _form(client, name="Eco movement", year="1987", social_need="clean air")
    _form(client, name="Spam")
    items = open_case("velenje", velenje_sqlite).records("innovations")
    eco, spam = items[-2], items[-1]
    token = _token(client.get(MODERATION).text)
    target = next(i for i in items if i["no"] == 6)  # Pika festival, no description yet
    client.post(
        f"/towns/velenje/innovations/moderation/{eco['id']}",
        data={"csrf": token, "action": "merge", "target": str(target["id"])},
    )
    client.post(f"/towns/velenje/innovations/moderation/{spam['id']}", data={"csrf": token, "action": "reject"})
    after = {i["id"]: i for i in open_case("velenje", velenje_sqlite).records("innovations")}
    assert after[eco["id"]]["status"] == "merged" and after[eco["id"]]["extra"]["merged_into"] == target["id"]
    assert after[target["id"]]["description"] == "People mend things together."
    assert after[target["id"]]["year"] == 1989  # kept, only empty fields are filled
    assert after[spam["id"]]["status"] == "rejected"
    assert sum(i["status"] == "accepted" for i in after.values()) == 21


def test_html_and_script_are_escaped_everywhere(client) -> None:
    response = _form(client, name=SCRIPT, description=SCRIPT, social_need=SCRIPT, actors=SCRIPT, proposer=SCRIPT)
    assert response.status_code == 200
    pages = [
        response.text,
        client.get(MODERATION).text,
        client.get("/towns/velenje/tables/innovations").text,
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html
    # an error page echoes the values escaped too
    bad = _form(client, name=SCRIPT, description="")
    assert bad.status_code == 400 and "<script>alert" not in bad.text and "&lt;script&gt;" in bad.text


def test_oversized_fields_and_bodies(client, velenje_sqlite) -> None:
    too_long = _form(client, name="x" * 201)
    assert too_long.status_code == 400 and "Name: at most 200 characters" in too_long.text
    huge = _form(client, description="y" * 20000)
    assert huge.status_code == 413 and "The proposal is too long." in huge.text
    bad_year = _form(client, year="19999")
    assert bad_year.status_code == 400
    assert not [i for i in open_case("velenje", velenje_sqlite).records("innovations") if i["status"] == "proposed"]


def test_csrf_required(client) -> None:
    client.get("/towns/velenje/innovations/propose")
    no_token = client.post("/towns/velenje/innovations/propose", data={"name": "a", "description": "b"})
    assert no_token.status_code == 403 and "The form expired" in no_token.text
    other_browser = client.get("/towns/velenje/innovations/propose")
    token = _token(other_browser.text)
    client.cookies.clear()
    client.cookies.set("tp_session", "attacker")
    stolen = client.post("/towns/velenje/innovations/propose", data={"csrf": token, "name": "a", "description": "b"})
    assert stolen.status_code == 403


def test_flooding_is_rate_limited(client, velenje_sqlite) -> None:
    statuses = [_form(client, name=f"p{n}").status_code for n in range(7)]
    assert statuses == [200, 200, 200, 200, 200, 429, 429]
    assert sum(i["status"] == "proposed" for i in open_case("velenje", velenje_sqlite).records("innovations")) == 5


def test_researcher_edits_the_assessment(client, anonymous, velenje_sqlite) -> None:
    case = open_case("velenje", velenje_sqlite)
    eco = next(i for i in case.records("innovations") if i["no"] == 5)
    url = f"/towns/velenje/innovations/{eco['id']}/edit"
    assert anonymous.get(url, follow_redirects=False).status_code == 303  # to the sign-in page
    assert f'href="{url}"' not in anonymous.get("/towns/velenje/innovations").text
    coder = person(velenje_sqlite, "coder@velenje.example", "Cene Coder", {"velenje": "coder"})
    assert sign_in(anonymous, coder).get(url).status_code == 404
    assert f'href="{url}"' in client.get("/towns/velenje/innovations").text
    form = client.get(url)
    assert "Šaleško ekološko društvo | civil_society | founded 1988 in Zavodnje" in form.text
    sl = client.get(url + "?lang=sl").text  # "workshop" as who found it, not the event (msgctxt "found by")
    assert '<option value="workshop" >udeleženec delavnice</option>' in sl
    client.get(url + "?lang=en")
    data = {
        "csrf": _token(form.text),
        "name_en": eco["name_en"],
        "name_sl": eco["name_sl"],
        "type_en": eco["type_en"],
        "year": "1987",
        "end_year": "",
        "found_by": "researchers",
        "collaboration": "yes",
        "collaboration_rationale": "many actors",
        "social_issue": "yes",
        "social_issue_rationale": "",
        "local_context": "partly",
        "local_context_rationale": "<b>test</b>",
        "actors": "Šaleško ekološko društvo | civil_society | founded 1988",
        "outcomes": "people at the rally | 15000 | people | 1987 | article",
    }
    saved = client.post(url, data=data, follow_redirects=False)
    assert saved.status_code == 303
    after = next(i for i in open_case("velenje", velenje_sqlite).records("innovations") if i["no"] == 5)
    assert after["criteria"] == {
        "collaboration": {"met": True, "rationale": "many actors"},
        "social_issue": {"met": True, "rationale": None},
        "local_context": {"met": "partly", "rationale": "<b>test</b>"},
    }
    assert (
        len(
            [
                a
                for a in open_case("velenje", velenje_sqlite).records("innovation_actors")
                if a["innovation_id"] == eco["id"]
            ]
        )
        == 1
    )
    assert "&lt;b&gt;test&lt;/b&gt;" in client.get("/towns/velenje/innovations").text
    bad = client.post(url, data={**data, "csrf": _token(client.get(url).text), "year": "1987", "end_year": "1900"})
    assert bad.status_code == 400 and "end year is before the year of emergence 1987" in bad.text
    assert client.post(url, data={**data, "csrf": "forged"}).status_code == 403
