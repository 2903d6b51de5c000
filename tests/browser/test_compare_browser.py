"""The comparison page in Debian's Chromium: a researcher chooses three towns on the form, reads
each pair's summary, follows a statement to the row of its numbers, reads the page in Slovene with
Kohlstadt's English texts marked; no request leaves the app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.people import browser_sign_in, person
from tests.support.server import LiveServer
from townpaths.storage import Database
from townpaths.web.app import Settings, create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def server(compared_sqlite: Database) -> Iterator[LiveServer]:
    live = LiveServer(create_app(Settings(db=compared_sqlite.url, secret_key="test-secret")))
    live.start()
    yield live
    live.stop()


def test_a_researcher_compares_three_towns_in_the_browser(server: LiveServer, browser, compared_sqlite) -> None:
    roles = {"velenje": "viewer", "kohlstadt": "researcher", "rudnik": "viewer"}
    account = person(compared_sqlite, "rita@towns.example", "Rita Researcher", roles)
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    browser_sign_in(context, server.url, account)
    requests: list[str] = []
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server.url}/")
    page.click("#compare-link")
    assert page.locator("h1").inner_text() == "Compare towns"
    for town in ("velenje", "kohlstadt", "rudnik"):
        page.check(f"input[name=towns][value={town}]")
    page.click("form.compare-picker button[type=submit]")
    page.wait_for_selector("#summary")
    # the towns in the form's order
    assert page.locator("h1").inner_text() == "Compare towns: Kohlstadt – Rudnik – Velenje"
    assert page.locator("#summary .pair h3").all_inner_texts() == [
        "Kohlstadt – Rudnik",
        "Kohlstadt – Velenje",
        "Rudnik – Velenje",
    ]
    # a statement of Kohlstadt and Rudnik: its link leads to the row that shows the two numbers
    statement = page.locator("#pair-kohlstadt-rudnik li[data-measure='dimension:voice_influence']")
    assert statement.inner_text().startswith("mean score of the dimension voice (0-1): Kohlstadt 0.167, Rudnik 0.750")
    target = statement.locator("a.numbers").get_attribute("href")
    statement.locator("a.numbers").click()
    assert page.evaluate("location.hash") == target
    row = page.locator(f"tbody{target}")  # each town's numbers on a line of its own under the dimension
    assert row.evaluate("r => r.matches(':target')")
    cells = row.locator("td").all_inner_texts()
    assert "0.167" in cells and "0.750" in cells
    box = row.bounding_box()
    assert box is not None and -1 <= box["y"] < 900  # scrolled into view (to the top, to the pixel)
    # the agreement of the rankings, in the table of the pairs
    tau = page.locator("table[data-comparison='problems-tau'] tbody tr").all_inner_texts()
    assert len(tau) == 3 and "0.527" in tau[0] and "0.667" in tau[1]
    # in Slovene, Kohlstadt's English texts are marked
    page.goto(page.url.split("#")[0].replace("lang=en", "lang=sl"))
    assert page.locator("h1").inner_text() == "Primerjava mest: Kohlstadt – Rudnik – Velenje"
    marked = page.locator(".untranslated[lang=en]")
    assert marked.count() > 10
    assert marked.first.locator(".mark").inner_text() == "[EN]"
    assert page.locator("p.legend").inner_text().startswith("[EN] označuje besedilo")
    # nothing was fetched from anywhere but the app
    assert requests and all(u.startswith(server.url) for u in requests), requests
    context.close()
