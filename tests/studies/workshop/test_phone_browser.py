"""The phone in Debian's Chromium with touch events on a 390x844 screen: a swipe on the list scrolls
the page without moving a problem; a drag by a problem's handle moves the 10th problem to 1st (the
page scrolling by itself near the edge); Submit stays in reach; reopening the join link is the same
participant. And a worksheet edited by two group mates at once, with a save made offline."""

from __future__ import annotations

import re

import pytest

from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import states

pytestmark = pytest.mark.browser

TIMEOUT = 10_000
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


def _phone(browser, url: str, code: str, nickname: str):
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    page.goto(f"{url}/join?code={code}")
    page.fill("input[name=nickname]", nickname)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/room/"))
    page.wait_for_function("() => document.getElementById('conn').dataset.ok === '1'", timeout=TIMEOUT)
    return ctx, page


def _order(page) -> list[int]:
    return [int(x) for x in page.locator("#order li").evaluate_all("els => els.map(e => e.dataset.problem)")]


def _touch(cdp, kind: str, x: float, y: float) -> None:
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def _slide(cdp, x: float, y0: float, y1: float, steps: int, hold: int = 0, page=None) -> None:
    """A finger down at (x, y0), moved to (x, y1) in ``steps`` steps, held there ``hold`` frames, lifted."""
    _touch(cdp, "touchStart", x, y0)
    for k in range(1, steps + 1):
        _touch(cdp, "touchMove", x, y0 + (y1 - y0) * k / steps)
    for _ in range(hold):
        page.wait_for_timeout(50)
        _touch(cdp, "touchMove", x, y1)
    _touch(cdp, "touchEnd", x, y1)


def _settle(page) -> None:
    """Wait until the page has not scrolled for a few frames."""
    page.wait_for_function(
        """() => new Promise((done) => {
             let last = -1, still = 0;
             const look = () => { if (window.scrollY === last && ++still > 5) done(true);
                                  else { if (window.scrollY !== last) still = 0; last = window.scrollY;
                                         requestAnimationFrame(look); } };
             look(); })""",
        timeout=TIMEOUT,
    )


def test_swipe_scrolls_and_the_handle_drags(browser, live_server, velenje_sqlite) -> None:
    db = velenje_sqlite
    created = service.create_workshop(db, "velenje", rounds="individual,plenary")
    ctx, page = _phone(browser, live_server.url, created.room_code, "Ana")
    service.open_round(db, created.workshop_id, 1)
    page.wait_for_function("() => document.querySelectorAll('#order li').length === 10", timeout=TIMEOUT)
    start = _order(page)
    cdp = ctx.new_cdp_session(page)

    # Submit is in reach on the first screen, before any scrolling
    submit = page.locator("#submit").bounding_box()
    assert submit["y"] >= 0 and submit["y"] + submit["height"] <= 844

    # a swipe up on a problem's text scrolls the page; nothing moves in the list
    text = page.locator("#order li").nth(4).locator(".text").bounding_box()
    assert page.evaluate("window.scrollY") == 0
    _slide(cdp, text["x"] + 20, 700, 300, steps=12)
    page.wait_for_function("() => window.scrollY > 100", timeout=TIMEOUT)
    assert _order(page) == start
    assert page.locator("#room").get_attribute("data-draft") == "new"
    submit = page.locator("#submit").bounding_box()
    assert submit["y"] + submit["height"] <= 844  # still in reach, the bar stays at the bottom

    # a drag by the 10th problem's handle, up past the top edge: the page scrolls back, the problem lands first
    _settle(page)  # the swipe's fling has stopped
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    _settle(page)
    handle = page.locator("#order li").nth(9).locator(".handle").bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    _slide(cdp, x, y, 10, steps=20, hold=40, page=page)
    page.wait_for_function("() => document.getElementById('room').dataset.draft === 'dirty'", timeout=TIMEOUT)
    assert _order(page) == [start[9], *start[:9]]
    assert page.evaluate("window.scrollY") == 0  # it scrolled up by itself while the finger held the edge
    page.click("#submit")
    page.wait_for_function("() => document.getElementById('room').dataset.draft === 'sent'", timeout=TIMEOUT)
    pid = int(page.locator("#room").get_attribute("data-pid"))
    assert states.participant_state(db, created.workshop_id, pid)["ballot"]["tiers"][0] == [start[9]]

    # reopening the join link: straight back to the room, the same participant
    page.goto(f"{live_server.url}/join?code={created.room_code}")
    page.wait_for_url(re.compile(r"/room/"))
    assert int(page.locator("#room").get_attribute("data-pid")) == pid
    assert states.public_state(db, created.workshop_id)["participants"] == 1
    ctx.close()


def test_two_group_mates_edit_the_worksheet_at_once(browser, live_server, velenje_sqlite) -> None:
    db = velenje_sqlite
    created = service.create_workshop(db, "velenje", rounds="individual,worksheet:1")
    wid = created.workshop_id
    (actx, ana), (bctx, bor) = (_phone(browser, live_server.url, created.room_code, n) for n in ("Ana", "Bor"))
    service.open_round(db, wid, 1)
    ids = [p["id"] for p in states.public_state(db, wid)["problems"]]
    for page in (ana, bor):
        pid = int(page.locator("#room").get_attribute("data-pid"))
        service.submit_ballot(db, wid, pid, ids, f"ballot-of-{pid}")
    service.close_round(db, wid, 1)
    service.open_round(db, wid, 2)
    for page in (ana, bor):
        page.wait_for_function("() => document.getElementById('sheet-problem').textContent !== ''", timeout=TIMEOUT)
    title = "[data-field='card.title']"
    ana.fill(title, "Fish farm")
    bor.fill(title, "Trout farm")
    ana.click("#save-sheet")
    ana.wait_for_function("() => document.getElementById('room').dataset.sheetSaved === '1'", timeout=TIMEOUT)
    bor.click("#save-sheet")
    # Bor sees both texts side by side, and keeps both
    box = bor.locator("[data-conflict='card.title']")
    box.wait_for(timeout=TIMEOUT)
    assert box.locator(".theirs").inner_text() == "Fish farm"
    assert box.locator(".mine").inner_text() == "Trout farm"
    assert "Ana" in box.inner_text()
    box.locator("[data-choice=both]").click()
    assert bor.input_value(title) == "Fish farm\nTrout farm"
    bor.click("#save-sheet")
    bor.wait_for_function("() => document.getElementById('room').dataset.sheetConflicts === '0'", timeout=TIMEOUT)
    bor.wait_for_function("() => document.getElementById('room').dataset.sheetSaved === '1'", timeout=TIMEOUT)
    pid = int(ana.locator("#room").get_attribute("data-pid"))
    assert states.participant_state(db, wid, pid)["sheet"]["sheet"]["card"]["title"] == "Fish farm\nTrout farm"
    ana.wait_for_function(
        f"() => document.querySelector(\"{title}\").value === 'Fish farm\\nTrout farm'", timeout=TIMEOUT
    )

    # Ana types while offline and saves: kept on the phone, through a reload, and sent when the network returns
    actx.set_offline(True)
    ana.fill("[data-field='card.jobs']", "up to 80")
    ana.click("#save-sheet")
    ana.wait_for_function(
        "() => document.getElementById('sheet-ack').textContent.includes('No network')", timeout=TIMEOUT
    )
    assert states.participant_state(db, wid, pid)["sheet"]["sheet"]["card"]["jobs"] == ""
    actx.set_offline(False)
    ana.reload()
    ana.wait_for_function("() => document.getElementById('room').dataset.sheetEdits === '0'", timeout=TIMEOUT)
    assert states.participant_state(db, wid, pid)["sheet"]["sheet"]["card"]["jobs"] == "up to 80"
    assert ana.input_value("[data-field='card.jobs']") == "up to 80"
    actx.close()
    bctx.close()
