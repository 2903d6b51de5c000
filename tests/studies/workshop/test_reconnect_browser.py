"""A phone loses its connection mid-round: the draft and the live view come back, and no
submission is lost or doubled (also when the acknowledgement itself is lost)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from townpaths.storage.models import Ballot
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import states

pytestmark = pytest.mark.browser

TIMEOUT = 10_000


def _ballots(db, voter: str | None = None) -> list[tuple[str, list, str]]:
    with db.transaction() as s:
        q = select(Ballot.voter, Ballot.tiers, Ballot.client_token).order_by(Ballot.id)
        if voter:
            q = q.where(Ballot.voter == voter)
        return [tuple(r) for r in s.execute(q)]


def _order(page) -> list[int]:
    return [int(x) for x in page.locator("#order li").evaluate_all("els => els.map(e => e.dataset.problem)")]


def test_connection_drops_mid_round(browser, live_server, velenje_sqlite) -> None:
    db = velenje_sqlite
    created = service.create_workshop(db, "velenje", rounds="individual,plenary")
    wid = created.workshop_id
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{live_server.url}/join?code={created.room_code}")
    page.fill("input[name=nickname]", "Ana")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/room/"))
    page.wait_for_function("() => document.getElementById('conn').dataset.ok === '1'", timeout=TIMEOUT)
    pid = int(page.locator("#room").get_attribute("data-pid"))
    service.open_round(db, wid, 1)  # another process's change: reaches the phone through the event table
    page.wait_for_function("() => document.getElementById('room').dataset.round === '1'", timeout=TIMEOUT)

    # the list starts in the order drawn for this participant (seeded and recorded)
    page.wait_for_function("() => document.querySelectorAll('#order li').length === 10", timeout=TIMEOUT)
    start = _order(page)
    assert start == states.participant_state(db, wid, pid)["start"]["order"]
    # reorder, then the network goes away
    page.locator("#order li").nth(2).locator("button.up").click()
    expected = [start[0], start[2], start[1], *start[3:]]
    assert _order(page) == expected
    ctx.set_offline(True)
    page.evaluate("TPRoom.live.drop()")  # the stream dies with the network
    page.wait_for_function("() => document.getElementById('conn').dataset.ok === '0'", timeout=TIMEOUT)
    page.click("#submit")
    page.wait_for_function("() => document.getElementById('room').dataset.draft === 'pending'", timeout=TIMEOUT)
    assert _ballots(db) == []
    # the room moves on meanwhile
    other = service.join(db, wid, "Bor")
    service.submit_ballot(db, wid, other, start, "bor-token-1")

    # back online: the pending submission goes out once, the live view reconnects
    ctx.set_offline(False)
    page.wait_for_function("() => document.getElementById('room').dataset.draft === 'sent'", timeout=TIMEOUT)
    page.wait_for_function("() => document.getElementById('conn').dataset.ok === '1'", timeout=TIMEOUT)
    mine = _ballots(db, f"p{pid}")
    assert [(v, t) for v, t, _ in mine] == [(f"p{pid}", [[x] for x in expected])]
    # a refresh keeps the submitted draft and does not submit again
    page.reload()
    page.wait_for_function("() => document.getElementById('room').dataset.draft === 'sent'", timeout=TIMEOUT)
    assert _order(page) == expected
    assert len(_ballots(db)) == 2

    # round 2: the acknowledgement is lost on the way back; the retry counts once
    service.close_round(db, wid, 1)
    service.open_round(db, wid, 2)
    page.wait_for_function("() => document.getElementById('room').dataset.round === '2'", timeout=TIMEOUT)
    page.wait_for_function("() => document.getElementById('room').dataset.draft === 'new'", timeout=TIMEOUT)
    start2 = _order(page)
    assert start2 == states.participant_state(db, wid, pid)["start"]["order"] and start2 != start  # drawn per round
    page.locator("#order li").nth(9).focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expected2 = [*start2[:7], start2[9], start2[7], start2[8]]
    assert _order(page) == expected2
    # a refresh before submitting keeps the draft
    page.reload()
    page.wait_for_function("() => document.getElementById('room').dataset.draft === 'dirty'", timeout=TIMEOUT)
    assert _order(page) == expected2
    lost = {"n": 0}

    def drop_first_answer(route) -> None:
        if lost["n"] == 0:
            lost["n"] += 1
            route.fetch()  # the server takes the ballot...
            route.abort()  # ...but the phone never hears back
        else:
            route.continue_()

    page.route("**/ballot", drop_first_answer)
    page.click("#submit")
    page.wait_for_function("() => document.getElementById('room').dataset.draft === 'sent'", timeout=TIMEOUT)
    assert lost["n"] == 1
    with db.transaction() as s:
        r2 = s.scalars(select(Ballot).where(Ballot.voter == f"p{pid}")).all()
        assert sorted(len(b.tiers) for b in r2) == [10, 10]  # one ballot per round
        assert s.scalar(select(func.count()).select_from(Ballot)) == 3
    ctx.close()
