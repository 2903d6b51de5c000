"""A whole live workshop in Debian's Chromium: a facilitator, six phones, a projector."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.support.people import browser_sign_in, person
from townpaths.cases.case import open_case
from townpaths.storage.models import Ballot

pytestmark = pytest.mark.browser

TIMEOUT = 10_000


def _create(page, url: str, rounds: str) -> tuple[str, str]:
    page.goto(f"{url}/towns/velenje/workshops/new")
    page.fill("input[name=rounds]", rounds)
    page.click("button[type=submit]")
    code = page.locator("#room-code").inner_text()
    admin = page.locator("#admin-link").get_attribute("href")
    page.goto(admin)
    assert page.url.endswith("/console")
    return code, admin


def _join(browser, url: str, code: str, nickname: str, sector: str):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{url}/join?code={code}")
    page.fill("input[name=nickname]", nickname)
    page.select_option("select[name=sector]", sector)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/room/"))
    return ctx, page


def _round(console, no: int, action: str) -> None:
    console.click(f"#round-{no} button.{action}-round")
    console.wait_for_load_state()


def _wait_round(page, no: int) -> None:
    page.wait_for_function(f"() => document.getElementById('room').dataset.round === '{no}'", timeout=TIMEOUT)


def _wait_sent(page) -> None:
    page.wait_for_function("() => document.getElementById('room').dataset.draft === 'sent'", timeout=TIMEOUT)


def _order(page) -> list[int]:
    return [int(x) for x in page.locator("#order li").evaluate_all("els => els.map(e => e.dataset.problem)")]


def _projected(screen) -> list[int]:
    return [int(x) for x in screen.locator("#consensus li").evaluate_all("els => els.map(e => e.dataset.problem)")]


def test_whole_workshop(browser, live_server, velenje_sqlite) -> None:
    url = live_server.url
    fran = person(velenje_sqlite, "fac@velenje.example", "Fran Facilitator", {"velenje": "facilitator"})
    fac_ctx = browser.new_context()
    browser_sign_in(fac_ctx, url, fran)
    console = fac_ctx.new_page()
    code, _admin = _create(console, url, "individual,pair,plenary,worksheet:3")
    assert console.locator(".qr svg").count() == 1
    screen = fac_ctx.new_page()
    screen.goto(f"{url}/room/{code}/screen")
    sectors = ["economy", "municipality", "civil_society", "science_culture", "economy", "municipality"]
    phones = [_join(browser, url, code, f"P{i}", sectors[i]) for i in range(6)]
    screen.wait_for_function("() => document.getElementById('screen').dataset.seq > 0", timeout=TIMEOUT)
    ids = [int(x) for x in range(1, 11)]

    # round 1, individuals: everyone moves the last problem up one place (tap or keyboard)
    _round(console, 1, "open")
    for n, (_ctx, page) in enumerate(phones):
        _wait_round(page, 1)
        last = page.locator("#order li").nth(9)
        if n % 2:
            last.focus()
            page.keyboard.press("ArrowUp")
        else:
            last.locator("button.up").click()
        page.click("#submit")
        _wait_sent(page)
    screen.wait_for_function("() => document.getElementById('screen').dataset.count === '6'", timeout=TIMEOUT)
    assert _projected(screen) == [1, 2, 3, 4, 5, 6, 7, 8, 10, 9]
    assert screen.locator("#kendall-w").inner_text() == "1.000"
    _round(console, 1, "close")

    # round 2, pairs: one member hands in the pair's ranking, the other sees it
    _round(console, 2, "open")
    for _ctx, page in phones:
        _wait_round(page, 2)
    pairs: dict[str, list] = {}
    for _ctx, page in phones:
        page.wait_for_function("() => !document.getElementById('group').hidden", timeout=TIMEOUT)
        label = page.locator("#group").inner_text().split("(")[1].split(")")[0]
        pairs.setdefault(label, []).append(page)
    assert sorted(len(v) for v in pairs.values()) == [2, 2, 2]
    for first, second in pairs.values():
        first.locator("#order li").nth(1).locator("button.up").click()
        first.click("#submit")
        _wait_sent(first)
        second.wait_for_function("() => document.querySelector('#order li').dataset.problem === '2'", timeout=TIMEOUT)
    screen.wait_for_function("() => document.getElementById('screen').dataset.count === '3'", timeout=TIMEOUT)
    assert _projected(screen) == [2, 1, 3, 4, 5, 6, 7, 8, 9, 10]
    _round(console, 2, "close")

    # round 3, plenary: everyone ranks again (one by dragging the first problem to third place); the case order wins
    _round(console, 3, "open")
    for n, (_ctx, page) in enumerate(phones):
        _wait_round(page, 3)
        if n == 0:
            page.locator("#order").scroll_into_view_if_needed()
            first, third = (page.locator("#order li").nth(i).bounding_box() for i in (0, 2))
            page.mouse.move(first["x"] + 20, first["y"] + first["height"] / 2)
            page.mouse.down()
            page.mouse.move(first["x"] + 20, third["y"] + third["height"] * 0.75, steps=8)
            page.mouse.up()
            assert _order(page) == [2, 3, 1, 4, 5, 6, 7, 8, 9, 10]
        page.click("#submit")
        _wait_sent(page)
    screen.wait_for_function("() => document.getElementById('screen').dataset.count === '6'", timeout=TIMEOUT)
    assert _projected(screen) == ids
    assert screen.locator("#moves polyline.move").count() == 10
    _round(console, 3, "close")

    # worksheet for the top 3 problems
    _round(console, 4, "open")
    page = phones[0][1]
    _wait_round(page, 4)
    page.wait_for_function("() => document.getElementById('sheet-problem').textContent !== ''", timeout=TIMEOUT)
    problem = page.locator("#sheet-problem").inner_text()
    page.fill("[data-core=core]", "economy resting on two companies")
    page.fill("[data-card=title]", "fish farm in the lakes area")
    page.fill("[data-card=jobs]", "up to 80")
    page.fill("[data-actor=economy]", "the coal mine")
    page.click("#save-sheet")
    page.wait_for_function("() => document.getElementById('room').dataset.sheetSaved === '1'", timeout=TIMEOUT)
    page.fill("#idea-text", "<b>fish</b> farm")
    page.click("#idea-form button")
    page.locator("#ideas li button.dot").first.wait_for(timeout=TIMEOUT)
    assert page.locator("#ideas li .text").first.inner_text() == "<b>fish</b> farm"  # escaped, not HTML
    page.locator("#ideas li button.dot").first.click()
    page.wait_for_function(
        "() => document.querySelector('#ideas li button.dot').textContent === '● 1'", timeout=TIMEOUT
    )
    console.on("dialog", lambda d: d.accept())
    console.click("#end-workshop")
    console.wait_for_load_state()

    case = open_case("velenje", velenje_sqlite)
    ranks = {p["id"]: p["rank"] for p in case.records("problems")}
    assert ranks == {i: i for i in ids}
    problems = {p["text_en"]: p["id"] for p in case.records("problems")}
    solutions = [s for s in case.records("solutions") if s["card"].get("source") == "workshop"]
    assert len(solutions) == 1
    assert solutions[0]["problem_id"] == problems[problem]
    assert solutions[0]["title_en"] == "fish farm in the lakes area"
    assert solutions[0]["card"]["jobs"] == "up to 80"
    assert solutions[0]["card"]["actors"] == {"economy": "the coal mine"}
    assert solutions[0]["card"]["ideas"] == [{"text": "<b>fish</b> farm", "dots": 1}]
    with velenje_sqlite.transaction() as s:
        assert s.scalar(select(Ballot.id).where(Ballot.voter == "p1").limit(1)) is not None
    # the room code expired with the workshop
    phones[1][1].goto(f"{url}/join?code={code}")
    phones[1][1].fill("input[name=nickname]", "late")
    phones[1][1].click("button[type=submit]")
    assert "no open workshop" in phones[1][1].content()
    for ctx, _page in phones:
        ctx.close()
    fac_ctx.close()
