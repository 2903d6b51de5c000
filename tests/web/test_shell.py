"""The web shell over real HTTP, in-process."""

from __future__ import annotations

import io
import re

import pytest


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
        # report, 6 study pages, 16 tables (ranking runs too), the owner's settings and people pages,
        # the audit log, 6 uploads and a ballot file's ranking
        assert len(links) == 33
        assert {link: client.get(link).status_code for link in links} == dict.fromkeys(links, 200)


# --- the report's files -----------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_links(html: str) -> dict[str, str]:
    """The report page's links to files: ``table1-1.xlsx``, ``figure8-1.png``, ``report.pdf`` ->
    URL (with its language)."""
    links = re.findall(r'<a href="(/towns/velenje/report[^"]*)" download>', html)
    return {re.sub(r"\?.*", "", link.rsplit("/", 1)[1]): link.replace("&amp;", "&") for link in links}


@pytest.mark.slow
def test_the_report_page_links_every_table_figure_and_format(client) -> None:
    from openpyxl import load_workbook
    from PIL import Image

    from townpaths.present import document

    for lang in ("en", "sl"):
        html = client.get(f"/towns/velenje/report?lang={lang}").text
        links = download_links(html)
        tables, figures = document.tables(html), document.figures(html)
        assert len(tables) == 8 and len(figures) == 4
        assert sorted(links) == sorted(
            [f"{n}.xlsx" for n in tables]
            + [f"{n}.{kind}" for n in figures for kind in ("svg", "png")]
            + ["report.pdf", "report.docx"]
        )
        assert all(link.endswith(f"lang={lang}") for link in links.values())
        for name, table in tables.items():
            r = client.get(links[f"{name}.xlsx"])
            assert (r.status_code, r.headers["content-type"]) == (200, XLSX)
            assert r.headers["content-disposition"] == f'attachment; filename="velenje-{name}-{lang}.xlsx"'
            sheet = load_workbook(io.BytesIO(r.content), read_only=True).active
            assert [list(row) for row in sheet.iter_rows(values_only=True)] == table.values()
        for name, figure in figures.items():
            svg = client.get(links[f"{name}.svg"])
            assert svg.headers["content-type"] == "image/svg+xml"
            assert f"<title>{figure.title}</title>" in svg.text
            png = client.get(links[f"{name}.png"])
            assert png.headers["content-type"] == "image/png"
            assert Image.open(io.BytesIO(png.content)).format == "PNG"
        pdf = client.get(links["report.pdf"])
        assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
        docx = client.get(links["report.docx"])
        assert docx.headers["content-disposition"] == f'attachment; filename="velenje-report-{lang}.docx"'
    table4 = client.get("/towns/velenje/report/tables/table4-1.xlsx?lang=en")
    rows = list(load_workbook(io.BytesIO(table4.content), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 11 and rows[1] == (1, "vulnerable economy resting on two companies")


def test_what_is_not_in_the_report_is_not_found(client) -> None:
    registry = client.app.state.registry
    for table in sorted(registry.confidential()):  # people's data: never a file of the report
        assert client.get(f"/towns/velenje/report/tables/{table}.xlsx").status_code == 404
    for url in (
        "/towns/velenje/report/tables/table4-1.csv",
        "/towns/velenje/report/figures/figure8-1.gif",
        "/towns/velenje/report/figures/figure9-1.svg",
        "/towns/velenje/report.odt",
        "/towns/zwickau/report.pdf",
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_get_the_files_of_a_public_report_only(velenje_sqlite, anonymous) -> None:
    from townpaths.people.service import set_public_parts

    registry = anonymous.app.state.registry
    links = download_links(anonymous.get("/towns/velenje/report?lang=en").text)
    assert len(links) == 8 + 4 * 2 + 2
    assert anonymous.get(links["coding-1.xlsx"]).status_code == 200  # counts and consented quotes, as published
    for table in sorted(registry.confidential()):
        assert anonymous.get(f"/towns/velenje/report/tables/{table}.xlsx").status_code == 404, table
    set_public_parts(velenje_sqlite, "velenje", ["map"])
    for name, link in links.items():
        r = anonymous.get(link, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/sign-in"), name


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
        s.add_all(Symbol(town_id=town_id, type_id=first.type_id, name_en=f"Extra symbol {n:03d}") for n in range(120))
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
