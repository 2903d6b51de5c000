"""The public proposal form in a real browser (Chromium): a participant proposes, HTML in the
fields stays text, a signed-in researcher sees it in the moderation queue and accepts it."""

from __future__ import annotations

from tests.support.people import browser_sign_in, person


def test_propose_in_browser_and_moderate(live_server, browser, velenje_sqlite) -> None:
    dialogs: list[str] = []
    context = browser.new_context(locale="sl-SI")
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server.url}/towns/velenje/innovations/propose")
    assert page.locator("h1").inner_text() == "Predlagajte družbeno inovacijo"
    page.fill("input[name=name]", 'Popravljalnica <script>alert("x")</script>')
    page.select_option("select[name=type]", "new practice")
    page.fill("input[name=year]", "2019")
    page.fill("textarea[name=description]", "Ljudje skupaj popravljajo stvari. <img src=x onerror=alert(1)>")
    page.fill("input[name=proposer]", "Ana")
    assert page.locator("input[name=name]").get_attribute("maxlength") == "200"
    page.click("button[type=submit]")
    assert page.locator("#thanks").inner_text() == (
        'Vaš predlog »Popravljalnica <script>alert("x")</script>« čaka na pregled raziskovalcev.'
    )
    researcher = person(velenje_sqlite, "rea@velenje.example", "Rea Researcher", {"velenje": "researcher"})
    browser_sign_in(context, live_server.url, researcher)
    page.goto(f"{live_server.url}/towns/velenje/innovations/moderation")
    card = page.locator(".proposal-card")
    assert card.count() == 1
    assert card.locator("h2").inner_text() == 'Popravljalnica <script>alert("x")</script>'
    assert page.locator(".proposal-card img").count() == 0
    card.locator("button[value=accept]").click()
    page.wait_for_url(f"{live_server.url}/towns/velenje/innovations/moderation")
    assert page.locator(".proposal-card").count() == 0
    page.goto(f"{live_server.url}/towns/velenje/innovations")
    assert page.locator("#table3 tbody tr").count() == 22
    assert page.locator("#table3 tbody tr").nth(20).locator("td").nth(2).inner_text() == (
        'Popravljalnica <script>alert("x")</script>'
    )
    assert dialogs == []
    context.close()


def test_browser_validation_and_server_limit(live_server, browser) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/towns/velenje/innovations/propose?lang=en")
    page.fill("input[name=name]", "A name")
    page.click("button[type=submit]")  # description is required: the browser blocks the submit
    assert page.url.endswith("/innovations/propose?lang=en")
    # bypass the browser's maxlength: the server still refuses
    page.evaluate("document.querySelector('input[name=name]').removeAttribute('maxlength')")
    page.fill("input[name=name]", "x" * 300)
    page.fill("textarea[name=description]", "d")
    page.click("button[type=submit]")
    assert page.locator("#form-error").inner_text() == "Name: at most 200 characters"
    page.close()
