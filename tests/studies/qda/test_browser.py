"""The coding page in a real browser: select text, apply a code by keyboard and by mouse, edit,
filter by coder, delete (the coder is the signed-in account)."""

from __future__ import annotations

from tests.support.people import browser_sign_in, person
from townpaths.studies.qda import service
from townpaths.studies.qda.core.text import normalise
from townpaths.studies.qda.service.seed import example_data

SELECT = """([start, end]) => {
  // select the transcript text from code point start to end (the text has no astral characters)
  const root = document.getElementById('transcript');
  const spans = [...root.querySelectorAll('span[data-start]')];
  const locate = (pos) => {
    let span = spans.filter(s => Number(s.dataset.start) <= pos).pop();
    return [span.firstChild, pos - Number(span.dataset.start)];
  };
  const range = document.createRange();
  range.setStart(...locate(start));
  range.setEnd(...locate(end));
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return sel.toString();
}"""


def _coder_page(browser, live_server, db):
    coder = person(db, "coder@velenje.example", "Browser Coder", {"velenje": "coder"})
    context = browser.new_context()
    browser_sign_in(context, live_server.url, coder)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_code_text_in_the_browser(live_server, browser, velenje_sqlite) -> None:
    page = _coder_page(browser, live_server, velenje_sqlite)
    try:
        page.goto(f"{live_server.url}/towns/velenje/qda/interviews/3?lang=en")
        assert page.locator("#segments .segment").count() == 9
        assert page.locator("#segments .segment .delete").count() == 0  # a coder changes only their own
        text = service.list_interviews(velenje_sqlite, "velenje")[2]
        assert text["title"] == "FICTIONAL example 3: association volunteer"
        assert page.locator("#coder").inner_text() == "Browser Coder"
        # keyboard: select "money started to decide everything" and press 1 (the first codable code)
        full = normalise(example_data()["interviews"][2]["text"])
        start = full.index("money started")
        assert start == 156
        selected = page.evaluate(SELECT, [start, start + 34])
        assert selected == "money started to decide everything"
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("1")
        page.wait_for_selector("#segments .segment >> nth=9")
        rows = service.segments_by_code(velenje_sqlite, "velenje", "values of socialism", coder="Browser Coder")
        assert [(r["start"], r["end"], r["quote"]) for r in rows] == [(156, 190, "money started to decide everything")]
        # keyboard only: focus the transcript, Shift + arrows from the start, then the key of the second code
        page.focus("#transcript")
        for _ in range(9):
            page.keyboard.press("Shift+ArrowRight")
        assert page.evaluate("getSelection().toString()") == "FICTIONAL"
        page.keyboard.press("2")
        page.wait_for_selector("#segments .segment >> nth=10")
        rows = service.segments_by_code(velenje_sqlite, "velenje", "modern social practices", coder="Browser Coder")
        assert [(r["start"], r["end"], r["quote"]) for r in rows] == [(0, 9, "FICTIONAL")]
        # mouse: drag-select a word and click "Apply code" with another code chosen
        page.select_option("#code", label="quality living environment")
        box = page.evaluate("""() => {
            const r = document.createRange(); const root = document.getElementById('transcript');
            const span = [...root.querySelectorAll('span[data-start]')].find(s => s.textContent.includes('Tourism'));
            span.scrollIntoView({block: 'center'}); const i = span.textContent.indexOf('Tourism');
            r.setStart(span.firstChild, i); r.setEnd(span.firstChild, i + 7);
            const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }""")
        page.mouse.move(box[0] + 1, (box[1] + box[3]) / 2)
        page.mouse.down()
        page.mouse.move(box[2] - 1, (box[1] + box[3]) / 2, steps=5)
        page.mouse.up()
        assert page.evaluate("getSelection().toString()") == "Tourism"
        page.click("#apply")
        page.wait_for_selector("#segments .segment >> nth=11")
        rows = service.segments_by_code(velenje_sqlite, "velenje", "quality living environment", coder="Browser Coder")
        assert [r["quote"] for r in rows] == ["Tourism"]
        # the margin shows the new segment; edit its memo
        item = page.locator(f"#segment-{rows[0]['id']}")
        assert item.locator("blockquote").inner_text() == "Tourism"
        assert "Browser Coder" in item.locator(".coder").inner_text()
        item.locator("summary").click()
        item.locator(".edit-memo").fill("typed in the browser")
        item.locator(".save").click()
        page.wait_for_selector("text=typed in the browser")
        assert (
            service.segments_by_code(velenje_sqlite, "velenje", "quality living", coder="Browser Coder")[0]["memo"]
            == "typed in the browser"
        )
        # filter by coder
        page.select_option("#filter", "Browser Coder")
        page.wait_for_url("**coder=Browser+Coder**")
        assert page.locator("#segments .segment").count() == 3
        # delete
        page.locator(f"#segment-{rows[0]['id']} .delete").click()
        page.wait_for_function("() => document.querySelectorAll('#segments .segment').length === 2")
        assert service.segments_by_code(velenje_sqlite, "velenje", "quality living", coder="Browser Coder") == []
    finally:
        page.context.close()


def test_positions_are_code_points_in_the_browser(live_server, browser, velenje_sqlite) -> None:
    added = service.add_interview(
        velenje_sqlite,
        "velenje",
        "emoji.txt",
        "A: 🙂🙂 rudnik, Čas je zlato.\r\n".encode(),
        sector="economy",
        fictional=True,
        title="FICTIONAL emoji test",
    )
    page = _coder_page(browser, live_server, velenje_sqlite)
    try:
        page.goto(f"{live_server.url}/towns/velenje/qda/interviews/{added['id']}?lang=en")
        page.evaluate("""() => { const span = document.querySelector('#transcript span[data-start]');
            const i = span.textContent.indexOf('Čas');  // UTF-16 offset: 2 more than the code point offset
            const r = document.createRange(); r.setStart(span.firstChild, i); r.setEnd(span.firstChild, i + 3);
            getSelection().removeAllRanges(); getSelection().addRange(r); }""")
        page.click("#apply")
        page.wait_for_selector("#segments .segment")
        [row] = service.segments_by_code(velenje_sqlite, "velenje", "values of socialism", coder="Browser Coder")
        assert (row["start"], row["end"], row["quote"]) == (14, 17, "Čas")
    finally:
        page.context.close()
