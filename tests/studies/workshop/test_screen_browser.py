"""The projection screen in Debian's Chromium with 12 problems at 1280x720 and 1920x1080: every
problem's box, the chart and its labels lie inside the screen, the text is at least 24 px at 1080p,
each rank is numbered once, and a full-screen button is there. Screenshots are kept beside the test
run (``tmp_path``)."""

from __future__ import annotations

import pytest

from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import states

pytestmark = pytest.mark.browser

TIMEOUT = 10_000
#: Long problem names, as a town hall types them.
TWELVE = [
    f"Problem {n}: " + text
    for n, text in enumerate(
        [
            "a vulnerable economy resting on two large companies and their suppliers",
            "young and educated people leave the town for the capital and abroad",
            "air and soil polluted by decades of lignite mining and the power station",
            "subsidence of the land above the mine and the lakes it left behind",
            "too few jobs for women and for people with a university degree",
            "an ageing population and too few places in homes for the elderly",
            "weak public transport between the valley's towns and villages",
            "the town centre empties in the evening and at weekends",
            "a housing stock built in the 1960s that needs renovating",
            "little trust between the municipality, companies and civil society",
            "the end of coal: the power station closes within twenty years",
            "people from other republics of former Yugoslavia not integrated",
        ],
        start=1,
    )
]


def _boxes(page) -> list[dict]:
    return page.locator("#consensus li").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); const t = e.querySelector('.text');"
        " return {x: r.left, y: r.top, right: r.right, bottom: r.bottom, rank: e.querySelector('.rank').textContent,"
        " text: e.innerText, size: parseFloat(getComputedStyle(e).fontSize), marker: getComputedStyle(e).listStyleType,"
        " lines: Math.round(t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight))}; })"
    )


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_twelve_problems_and_the_chart_fit_the_screen(browser, live_server, velenje_sqlite, tmp_path, width, height):
    db = velenje_sqlite
    created = service.create_workshop(db, "velenje", rounds="individual,plenary", problems=TWELVE)
    wid = created.workshop_id
    people = [service.join(db, wid, f"P{n}") for n in range(5)]
    ids = [p["id"] for p in states.public_state(db, wid)["problems"]]
    service.open_round(db, wid, 1)
    for n, p in enumerate(people):
        service.submit_ballot(db, wid, p, ids[n:] + ids[:n], f"round-1-{p}")
    service.close_round(db, wid, 1)
    service.open_round(db, wid, 2)
    for n, p in enumerate(people):
        service.submit_ballot(db, wid, p, ids[::-1] if n < 3 else ids, f"round-2-{p}")
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.goto(f"{live_server.url}/room/{created.room_code}/screen?lang=en")
    page.wait_for_function("() => document.getElementById('screen').dataset.count === '5'", timeout=TIMEOUT)
    page.wait_for_function("() => document.querySelectorAll('#moves polyline.move').length === 12", timeout=TIMEOUT)
    page.screenshot(path=str(tmp_path / f"screen-{width}x{height}.png"))

    boxes = _boxes(page)
    assert len(boxes) == 12
    outside = [b for b in boxes if b["x"] < 0 or b["y"] < 0 or b["right"] > width or b["bottom"] > height]
    assert outside == []
    # and none cut off by the list's own box (it hides what does not fit)
    shown = page.locator("#consensus").evaluate(
        "e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; }"
    )
    assert [b["text"][:12] for b in boxes if b["y"] < shown[0] - 0.5 or b["bottom"] > shown[1] + 0.5] == []
    # each rank once: the list draws no numbers of its own, the rank is the first thing in the line
    assert {b["marker"] for b in boxes} == {"none"}
    assert [b["rank"] for b in boxes][:2] == ["1", "2"] and all(b["text"].startswith(b["rank"]) for b in boxes)
    assert not any(b["text"].startswith(b["rank"] + ". " + b["rank"]) for b in boxes)
    if height == 1080:
        assert min(b["size"] for b in boxes) >= 24
        smallest = page.evaluate(
            "() => Math.min(...[...document.querySelectorAll('.screen-head p, .screen h2, #moves text')]"
            ".map(e => e.getBoundingClientRect().height ? parseFloat(getComputedStyle(e).fontSize) *"
            " (e.ownerSVGElement ? e.ownerSVGElement.getScreenCTM().a : 1) : 99))"
        )
        assert smallest >= 24
    # the chart and every label of it inside the screen
    chart = page.locator("#moves").bounding_box()
    assert chart["x"] >= 0 and chart["y"] >= 0 and chart["x"] + chart["width"] <= width
    assert chart["y"] + chart["height"] <= height and chart["height"] > height / 3
    labels = page.locator("#moves text.move-label").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
    )
    assert len(labels) == 12
    assert [b for b in labels if b[0] < chart["x"] or b[1] < 0 or b[2] > width or b[3] > height] == []
    # no scroll bars, and the full-screen button
    assert page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]") == [
        width,
        height,
    ]
    button = page.locator("#fullscreen")
    assert button.is_visible() and button.inner_text() == "Full screen"
    ctx.close()
