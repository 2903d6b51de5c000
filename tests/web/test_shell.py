"""The web shell over real HTTP, in-process."""

from __future__ import annotations

import re


def test_home_lists_towns(client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert '<a href="/towns/velenje">Velenje</a>' in r.text
    assert re.search(r"<td>23</td><td>18</td><td>21</td><td>10</td>", r.text)


def test_home_in_slovene_sets_cookie(client) -> None:
    r = client.get("/?lang=sl")
    assert "<h1>Mesta</h1>" in r.text and r.cookies.get("lang") == "sl"
    assert "<h1>Mesta</h1>" in client.get("/").text  # the cookie keeps the language
    assert "<h1>Towns</h1>" in client.get("/?lang=en").text


def test_accept_language(client) -> None:
    client.cookies.clear()
    assert "<h1>Mesta</h1>" in client.get("/", headers={"accept-language": "sl-SI,sl;q=0.9"}).text


def test_town_overview_and_tables(client) -> None:
    r = client.get("/towns/velenje?lang=en")
    assert r.status_code == 200
    assert re.search(r'/towns/velenje/tables/innovations">social innovations</a> <span class="count">21</span>', r.text)
    t = client.get("/towns/velenje/tables/problems")
    assert t.text.count("<tr><td>") == 10
    assert "vulnerable economy resting on two companies" in t.text


def test_report_page(client) -> None:
    r = client.get("/towns/velenje/report?lang=sl")
    assert r.status_code == 200
    assert 'id="table4" data-problems="10"' in r.text
    assert "Preglednica 2: Prevladujoče in alternativne pripovedi po obdobjih" in r.text
    assert '<th class="num">Odlomki</th>' in r.text  # "Segments" in the report (msgctxt "report")


def test_unknown_town_and_table_are_404(client) -> None:
    r = client.get("/towns/zwickau")
    assert r.status_code == 404
    assert "unknown town &#39;zwickau&#39;" in r.text
    assert client.get("/towns/velenje/tables/passwords").status_code == 404


def test_every_link_of_the_town_page_works_in_both_languages(client) -> None:
    for lang in ("en", "sl"):
        html = client.get(f"/towns/velenje?lang={lang}").text
        links = sorted(set(re.findall(r'href="(/towns/velenje/[^"]+)"', html)))
        assert "/towns/velenje/workshops/new" in links and "/towns/velenje/qda" in links
        # report, 6 study pages, 16 tables (ranking runs too), the owner's people page, the audit log
        assert len(links) == 25
        assert {link: client.get(link).status_code for link in links} == dict.fromkeys(links, 200)
