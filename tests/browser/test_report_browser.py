"""A real browser (Debian's Chromium via Playwright) shows the report and the web pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from townpaths.cases.case import open_case
from townpaths.report.build import write_report
from townpaths.storage import Database

pytestmark = pytest.mark.browser


def test_report_file_opens_offline(browser, velenje_sqlite: Database, tmp_path: Path) -> None:
    path = write_report(open_case("velenje", velenje_sqlite), tmp_path / "report.html", "en")
    context = browser.new_context()
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert page.title().startswith("Velenje")
    assert page.locator("#table1 tr.type").count() == 16
    assert page.locator("#table1 th.category").count() == 6
    assert page.locator("#table2 li.narrative").count() == 18
    assert page.locator("#table2 tr.period").count() == 3
    assert page.locator("#table3 tr.innovation").count() == 21
    assert page.locator("#table3 svg.timeline circle.dot").count() == 21
    problems = page.locator("#table4 tr.problem td:nth-child(2)").all_inner_texts()
    assert problems[0] == "vulnerable economy resting on two companies"
    assert problems[-1] == "Albanian community not integrated"
    assert page.locator("#figure8 svg text.solution").first.text_content() == "fish farm in the lakes area"
    assert page.locator("#dualities tr.duality").count() == 5
    assert page.locator("[data-kind=lock_in] li.evidence-item").count() == 3
    # every evidence link points at a record shown in the report
    targets = page.locator("#evidence a.link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(targets) == 42
    assert all(page.locator(t).count() == 1 for t in set(targets))
    page.locator("#evidence a.link[href='#problems-5']").click()
    assert page.evaluate("location.hash") == "#problems-5"
    assert "miners' mentality" in page.locator("#problems-5").inner_text()
    # every request stayed inside the file: no network
    assert all(url.startswith("file://") for url in requests), requests
    box = page.locator("#table3 svg.timeline").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    context.close()


def test_web_pages_in_slovene(browser, live_server) -> None:
    context = browser.new_context(locale="sl-SI")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Mesta"
    page.get_by_role("link", name="Velenje").click()
    page.get_by_role("link", name="Odpri poročilo").click()
    assert page.locator("#table4 h2").inner_text() == "Preglednica 4: Razvrstitev problemov mesta"
    assert page.locator("#table4 tr.problem").count() == 10
    page.goto(f"{live_server.url}/?lang=en")
    assert page.locator("h1").inner_text() == "Towns"
    context.close()


def test_no_table_is_wider_than_the_page_on_screen(browser, velenje_sqlite: Database, tmp_path: Path) -> None:
    path = write_report(open_case("velenje", velenje_sqlite), tmp_path / "report.html", "en")
    for width in (1300, 800):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(path.as_uri())
        boxes = page.locator("table").evaluate_all(
            "ts => ts.map(t => [t.getBoundingClientRect().right, t.parentElement.getBoundingClientRect().right,"
            " t.scrollWidth - t.clientWidth])"
        )
        assert len(boxes) == 8
        assert all(right <= within + 0.5 and hidden == 0 for right, within, hidden in boxes), (width, boxes)
        assert page.evaluate("document.documentElement.scrollWidth") == width  # nothing scrolls sideways
        page.close()
