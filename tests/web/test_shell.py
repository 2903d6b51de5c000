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
        # report, 6 study pages, 15 tables, the owner's settings and people pages, the audit log
        assert len(links) == 25
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
