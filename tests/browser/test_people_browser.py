"""People in Debian's Chromium: a researcher signs in on the sign-in page, codes a passage (the
coder is the account), moderates a proposal and signs out; an anonymous visitor gets the sign-in
page or 404 for each of those."""

from __future__ import annotations

import pytest

from tests.support.people import person
from townpaths.cases.case import open_case
from townpaths.studies.innovations.service import propose
from townpaths.studies.qda import service as qda

pytestmark = pytest.mark.browser

PASSWORD = "a long pass phrase for Rea"
SELECT = """([start, end]) => {
  const spans = [...document.querySelectorAll('#transcript span[data-start]')];
  const locate = (pos) => { const s = spans.filter(x => Number(x.dataset.start) <= pos).pop();
                            return [s.firstChild, pos - Number(s.dataset.start)]; };
  const r = document.createRange(); r.setStart(...locate(start)); r.setEnd(...locate(end));
  getSelection().removeAllRanges(); getSelection().addRange(r); return getSelection().toString(); }"""


def test_researcher_signs_in_codes_and_moderates(live_server, browser, velenje_sqlite) -> None:
    url, db = live_server.url, velenje_sqlite
    person(db, "rea@velenje.example", "Rea Researcher", {"velenje": "researcher"}, password=PASSWORD)
    proposal = propose(db, "velenje", {"name": "Repair café", "description": "People mend things together."})
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    # the coding page sends a visitor to the sign-in page, which brings them back after signing in
    page.goto(f"{url}/towns/velenje/qda/interviews/3")
    assert page.url == f"{url}/sign-in?next=%2Ftowns%2Fvelenje%2Fqda%2Finterviews%2F3"
    page.fill("input[name=email]", "rea@velenje.example")
    page.fill("input[name=password]", "not the password")
    page.click("form.sign-in button[type=submit]")
    assert page.locator("#form-error").inner_text() == "Wrong e-mail address or password."
    page.fill("input[name=password]", PASSWORD)
    page.click("form.sign-in button[type=submit]")
    page.wait_for_url(f"{url}/towns/velenje/qda/interviews/3")
    assert page.locator("#account-link").inner_text() == "Rea Researcher"
    assert page.locator("#coder").inner_text() == "Rea Researcher"

    # code a passage: the segment's coder is the account
    assert page.evaluate(SELECT, [156, 190]) == "money started to decide everything"
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("1")
    page.wait_for_selector("#segments .segment >> nth=9")
    rows = qda.segments_by_code(db, "velenje", "values of socialism", coder="Rea Researcher")
    assert [(r["start"], r["end"], r["quote"]) for r in rows] == [(156, 190, "money started to decide everything")]
    assert qda.coder_people(db, "velenje")[-1] == {
        "name": "Rea Researcher",
        "email": "rea@velenje.example",
        "account": "Rea Researcher",
    }

    # moderate the proposal
    page.goto(f"{url}/towns/velenje/innovations/moderation")
    card = page.locator(".proposal-card")
    assert card.count() == 1 and card.locator("h2").inner_text() == "Repair café"
    card.locator("button[value=accept]").click()
    page.wait_for_url(f"{url}/towns/velenje/innovations/moderation")
    assert page.locator(".proposal-card").count() == 0
    accepted = {i["id"]: i for i in open_case("velenje", db).records("innovations")}[proposal]
    assert (accepted["status"], accepted["name_en"]) == ("accepted", "Repair café")

    # the account page, then signing out ends the session
    page.goto(f"{url}/account")
    assert page.locator("#towns td.role").inner_text() == "researcher"
    page.click("#sign-out")
    page.wait_for_url(f"{url}/")
    assert page.locator("#sign-in-link").count() == 1
    page.goto(f"{url}/towns/velenje/innovations/moderation")
    assert page.url.startswith(f"{url}/sign-in?next=")
    context.close()


def test_anonymous_visitor_gets_the_sign_in_page_or_404(live_server, browser, velenje_sqlite) -> None:
    url, db = live_server.url, velenje_sqlite
    proposal = propose(db, "velenje", {"name": "Repair café", "description": "People mend things together."})
    segments = len(qda.segments_by_code(db, "velenje", "values of socialism"))
    context = browser.new_context(locale="sl-SI")
    page = context.new_page()
    page.set_default_timeout(10_000)
    for path in ("/towns/velenje/qda/interviews/3", "/towns/velenje/innovations/moderation"):
        page.goto(url + path)
        assert page.locator("h1").inner_text() == "Prijava"
        assert page.locator("input[name=next]").get_attribute("value") == path
    # the coding API and the moderation form answer a visitor without doing anything
    coded = page.evaluate(
        """async (url) => { const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
             body: JSON.stringify({interview_id: 3, code_id: 3, start: 0, end: 9})});
           return [r.status, await r.json()]; }""",
        f"{url}/towns/velenje/qda/api/segments",
    )
    assert coded == [401, {"error": "Najprej se prijavite."}]
    decided = page.evaluate(
        """async (url) => { const r = await fetch(url, {method: 'POST', body: new URLSearchParams({action: 'accept'})});
           return r.status; }""",
        f"{url}/towns/velenje/innovations/moderation/{proposal}",
    )
    assert decided in (401, 403)  # refused before anything is done (no CSRF token or no account)
    assert {i["id"]: i["status"] for i in open_case("velenje", db).records("innovations")}[proposal] == "proposed"
    assert len(qda.segments_by_code(db, "velenje", "values of socialism")) == segments
    # a signed-in person without a role in the town finds nothing there
    person(db, "visitor@example.org", "Vid Visitor", password=PASSWORD)
    page.goto(f"{url}/sign-in")
    page.fill("input[name=email]", "visitor@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.sign-in button[type=submit]")
    page.wait_for_url(f"{url}/account")
    for path in ("/towns/velenje/qda/interviews/3", "/towns/velenje/innovations/moderation"):
        response = page.goto(url + path)
        assert response is not None and response.status == 404
        assert page.locator("p.error").inner_text() == "Ni najdeno"
    context.close()
