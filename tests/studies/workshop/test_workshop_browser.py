"""A whole live workshop in Debian's Chromium: a facilitator, six phones, a projector. The workshop
starts every list alphabetically (the random start is the default; its seeded orders are tested in
tests/studies/workshop/service), and its end leaves the case's ranking and solutions as they were,
storing a ranking run instead."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.support.people import browser_sign_in, person
from townpaths.cases.case import open_case
from townpaths.storage.models import Ballot
from townpaths.studies.workshop import service

pytestmark = pytest.mark.browser

TIMEOUT = 10_000


def _create(page, url: str, rounds: str, start: str = "random") -> tuple[str, str]:
    page.goto(f"{url}/towns/velenje/workshops/new")
    page.fill("input[name=rounds]", rounds)
    page.select_option("select[name=start]", start)
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


def _study(db) -> tuple[dict[int, int], list[tuple]]:
    case = open_case("velenje", db)
    solutions = sorted((s["id"], s["problem_id"], s["title_en"]) for s in case.records("solutions"))
    return {p["id"]: p["rank"] for p in case.records("problems")}, solutions


def test_whole_workshop(browser, live_server, velenje_sqlite) -> None:
    url = live_server.url
    study = _study(velenje_sqlite)
    fran = person(velenje_sqlite, "fac@velenje.example", "Fran Facilitator", {"velenje": "facilitator"})
    fac_ctx = browser.new_context()
    browser_sign_in(fac_ctx, url, fran)
    console = fac_ctx.new_page()
    code, _admin = _create(console, url, "individual,pair,plenary,worksheet:3", start="alphabetical")
    assert console.locator(".qr svg").count() == 1
    screen = fac_ctx.new_page()
    screen.goto(f"{url}/room/{code}/screen")
    sectors = ["economy", "municipality", "civil_society", "science_culture", "economy", "municipality"]
    phones = [_join(browser, url, code, f"P{i}", sectors[i]) for i in range(6)]
    screen.wait_for_function("() => document.getElementById('screen').dataset.seq > 0", timeout=TIMEOUT)
    # the console follows the joins live, without a reload
    console.wait_for_function("() => document.getElementById('participants').textContent === '6'", timeout=TIMEOUT)

    # round 1, individuals: every list starts alphabetically; everyone moves the last problem up one place
    _round(console, 1, "open")
    alphabetical: list[int] = []
    names: list[str] = []
    for n, (_ctx, page) in enumerate(phones):
        _wait_round(page, 1)
        page.wait_for_function("() => document.querySelectorAll('#order li').length === 10", timeout=TIMEOUT)
        if n == 0:
            alphabetical = _order(page)
            names = [page.locator("#order li .text").nth(i).inner_text() for i in range(10)]
            assert names == sorted(names, key=str.casefold)
        assert _order(page) == alphabetical
        last = page.locator("#order li").nth(9)
        if n % 2:
            last.focus()
            page.keyboard.press("ArrowUp")
        else:
            last.locator("button.up").click()
        page.click("#submit")
        _wait_sent(page)
    first_round = [*alphabetical[:8], alphabetical[9], alphabetical[8]]
    screen.wait_for_function("() => document.getElementById('screen').dataset.count === '6'", timeout=TIMEOUT)
    assert _projected(screen) == first_round
    assert screen.locator("#kendall-w").inner_text() == "1.000"
    ballots_shown = "() => document.querySelector('#round-1 .round-ballots').textContent === '6'"
    console.wait_for_function(ballots_shown, timeout=TIMEOUT)  # live on the console too
    _round(console, 1, "close")

    # round 2, pairs: a pair starts from its members' consensus; one member hands in, the other sees it
    _round(console, 2, "open")
    for _ctx, page in phones:
        _wait_round(page, 2)
    pairs: dict[str, list] = {}
    for _ctx, page in phones:
        page.wait_for_function("() => !document.getElementById('group').hidden", timeout=TIMEOUT)
        label = page.locator("#group").inner_text().split("(")[1].split(")")[0]
        pairs.setdefault(label, []).append(page)
        page.wait_for_function("() => document.querySelectorAll('#order li').length === 10", timeout=TIMEOUT)
        assert _order(page) == first_round
    assert sorted(len(v) for v in pairs.values()) == [2, 2, 2]
    for first, second in pairs.values():
        first.locator("#order li").nth(1).locator("button.up").click()
        first.click("#submit")
        _wait_sent(first)
        second.wait_for_function(
            f"() => document.querySelector('#order li').dataset.problem === '{first_round[1]}'", timeout=TIMEOUT
        )
    screen.wait_for_function("() => document.getElementById('screen').dataset.count === '3'", timeout=TIMEOUT)
    assert _projected(screen) == [first_round[1], first_round[0], *first_round[2:]]
    _round(console, 2, "close")

    # round 3, plenary: everyone starts alphabetically again; one drags the first problem to third place
    _round(console, 3, "open")
    for n, (_ctx, page) in enumerate(phones):
        _wait_round(page, 3)
        page.wait_for_function("() => document.querySelectorAll('#order li').length === 10", timeout=TIMEOUT)
        if n == 0:
            page.locator("#order").scroll_into_view_if_needed()
            handle = page.locator("#order li").nth(0).locator(".handle")
            grip, third = handle.bounding_box(), page.locator("#order li").nth(2).bounding_box()
            page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
            page.mouse.down()
            page.mouse.move(grip["x"] + grip["width"] / 2, third["y"] + third["height"] * 0.75, steps=8)
            page.mouse.up()
            assert _order(page) == [alphabetical[1], alphabetical[2], alphabetical[0], *alphabetical[3:]]
        page.click("#submit")
        _wait_sent(page)
    screen.wait_for_function("() => document.getElementById('screen').dataset.count === '6'", timeout=TIMEOUT)
    assert _projected(screen) == alphabetical
    assert screen.locator("#moves polyline.move").count() == 10
    _round(console, 3, "close")

    # worksheet for the top 3 problems
    _round(console, 4, "open")
    page = phones[0][1]
    _wait_round(page, 4)
    page.wait_for_function("() => document.getElementById('sheet-problem').textContent !== ''", timeout=TIMEOUT)
    problem = page.locator("#sheet-problem").inner_text()
    page.fill("[data-field='core.core']", "economy resting on two companies")
    page.fill("[data-field='card.title']", "fish farm in the lakes area")
    page.fill("[data-field='card.jobs']", "up to 80")
    page.fill("[data-field='actors.economy']", "the coal mine")
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
    # End asks first and shows what it will save
    console.click("#end-workshop")
    console.wait_for_url(re.compile(r"/end$"))
    assert console.locator("#end-ranking tr.problem").count() == 10
    assert console.locator("#end-solutions li").inner_text() == "fish farm in the lakes area"
    console.click("#end-confirm")
    console.wait_for_url(re.compile(r"/console$"))

    assert _study(velenje_sqlite) == study  # the case's ranking and solutions are as they were
    [run] = service.town_runs(velenje_sqlite, "velenje")["runs"]
    ranked = sorted(run["items"], key=lambda i: i["rank"])
    assert [i["text_en"] for i in ranked] == [names[alphabetical.index(pid)] for pid in alphabetical]
    [solution] = run["solutions"]
    assert solution["problem_as_worked_on"] == "economy resting on two companies"
    assert next(i["text_en"] for i in run["items"] if i["position"] == solution["item"]) == problem
    assert (solution["title"], solution["card"]["jobs"]) == ("fish farm in the lakes area", "up to 80")
    assert solution["card"]["actors"] == {"economy": "the coal mine"}
    assert solution["card"]["ideas"] == [{"text": "<b>fish</b> farm", "dots": 1}]
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
