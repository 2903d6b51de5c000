"""The Content-Security-Policy in Debian's Chromium: the pages work under it (no violation reported
while a phone joins and the projector follows the room), and an inline script is refused."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from townpaths.studies.workshop import service

pytestmark = pytest.mark.browser

TIMEOUT = 10_000
PAGES = ("/", "/towns/velenje", "/towns/velenje/report", "/towns/velenje/innovations", "/towns/velenje/symbols")


def test_pages_run_under_the_policy_and_inline_script_is_refused(browser, live_server, velenje_sqlite) -> None:
    created = service.create_workshop(velenje_sqlite, "velenje", rounds="individual")
    url = live_server.url
    ctx = browser.new_context()
    violations: list[str] = []
    ctx.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page = ctx.new_page()
    for path in PAGES:
        response = page.goto(url + path)
        assert response.status == 200 and "frame-ancestors 'none'" in response.headers["content-security-policy"]
    screen = ctx.new_page()
    screen.goto(f"{url}/room/{created.room_code}/screen")
    page.goto(f"{url}/join?code={created.room_code}")
    page.fill("input[name=nickname]", "Ana")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/room/"))
    page.wait_for_function("() => document.getElementById('conn').dataset.ok === '1'", timeout=TIMEOUT)
    screen.wait_for_function("() => document.getElementById('count') !== null", timeout=TIMEOUT)
    screen.wait_for_function("() => document.getElementById('conn').dataset.ok === '1'", timeout=TIMEOUT)
    assert violations == []
    # what an injected inline script would be: refused, and reported
    with pytest.raises(PlaywrightError, match=r"Content Security Policy|Refused"):
        page.add_script_tag(content="document.body.dataset.injected = '1'")
    assert page.evaluate("() => document.body.dataset.injected") is None
    ctx.close()
