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
        assert len(links) == 24  # report, 6 study pages, 15 tables, the owner's people page, the audit log
        assert {link: client.get(link).status_code for link in links} == dict.fromkeys(links, 200)


def test_long_lists_and_tables_are_paged(client, velenje_sqlite) -> None:
    """130 more innovations, 120 more symbols and a transcript of 5,000 characters: the tables, the
    register and the symbols list show 100 rows a page, a table's cell 1,000 characters."""
    from sqlalchemy import func, select

    from townpaths.storage.models import Innovation, Symbol
    from townpaths.storage.towns import find_town
    from townpaths.studies.qda import service as qda

    town_id = find_town(velenje_sqlite, "velenje").id
    with velenje_sqlite.transaction() as s:
        first = s.scalars(select(Symbol).where(Symbol.town_id == town_id).order_by(Symbol.id)).first()
        symbols = s.scalar(select(func.count()).select_from(Symbol).where(Symbol.town_id == town_id))
        s.add_all(Innovation(town_id=town_id, no=100 + n, type_en="Social", name_en=f"Extra {n}") for n in range(130))
        s.add_all(Symbol(town_id=town_id, type_id=first.type_id, name=f"Extra symbol {n:03d}") for n in range(120))
    text = "".join(f"Vrstica {n:04d} o rudniku.\n" for n in range(200))  # 5,000 characters
    qda.add_interview(velenje_sqlite, "velenje", "t.txt", text.encode(), sector="economy")
    table = client.get("/towns/velenje/tables/innovations").text
    assert '<span class="count">151</span>' in table and "Rows 1 to 100 of 151" in table
    assert table.count("<tr><td>") == 100 and re.search(r'<a rel="next" href="[^"]*\?page=2">Next</a>', table)
    last = client.get("/towns/velenje/tables/innovations?page=2").text
    assert "Rows 101 to 151 of 151" in last and last.count("<tr><td>") == 51 and "Extra 129" in last
    assert "Extra 129" not in table
    register = client.get("/towns/velenje/innovations?page=2").text
    assert "Rows 101 to 151 of 151" in register and register.count('<tr id="innovation-') == 51
    listed = client.get("/towns/velenje/symbols?page=2").text
    total = symbols + 120
    assert f"Rows 101 to {total} of {total}" in listed and "Extra symbol 119" in listed
    assert listed.count("<tr data-id=") == total - 100
    transcripts = client.get("/towns/velenje/tables/interviews").text
    assert text[:1000] + "…</td>" in transcripts and text[:1001] not in transcripts
    assert client.get("/towns/velenje/innovations?lang=sl").text.count('<tr id="innovation-') == 100
