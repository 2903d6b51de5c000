"""A fictional town filled through the browser (Debian's Chromium): its tables uploaded as files on
each table's page, a transcript (a large one, sent with its progress shown) and a document
uploaded on their study pages, a bad file refused row by row, then its report opened: exactly the
rows uploaded.

The town itself is created through the library: the "New town" page is not on main yet."""

from __future__ import annotations

import re

import pytest

from tests.support.people import browser_sign_in, person
from townpaths.storage import Database
from townpaths.storage.models import Interview, Town

pytestmark = pytest.mark.browser

SLUG = "rudnikovo"
#: Records what the transcripts form's progress line says while its files are sent.
WATCH = """() => { window.seen = []; const line = document.querySelector('#upload-transcripts .progress-text');
  new MutationObserver(() => window.seen.push(line.textContent)).observe(line, {childList: true, subtree: true}); }"""
TABLES = {
    "symbol_categories": "key,position,name_en,name_sl\n"
    "mining,1,Mining heritage,Rudarska dediščina\nhousing,2,Workers' housing,Delavska stanovanja\n",
    "symbol_types": "no,category,name_en,name_sl\n1,mining,Headframes,Izvozni stolpi\n2,housing,Colonies,Kolonije\n",
    "symbols": "external_id,type,name_en,name_sl\n"
    "shaft-1,1,Old shaft tower,Stari izvozni stolp\nshaft-2,1,Pit wheel,Jamsko kolo\n"
    "colony-1,2,Miners' colony,Rudarska kolonija\n",
    "problems": "position,rank,text_en,text_sl\n1,2,The mine closes,Rudnik se zapira\n"
    "2,1,Young people leave,Mladi odhajajo\n",
}


def upload_table(page, url: str, table: str, content: str) -> None:
    page.goto(f"{url}/towns/{SLUG}/tables/{table}")
    page.click("#import-table summary")
    page.set_input_files(
        "#upload-table #u-file", files=[{"name": f"{table}.csv", "mimeType": "text/csv", "buffer": content.encode()}]
    )
    page.click("#upload-table button[type=submit]")
    page.wait_for_selector(".upload-done, .upload-errors")


def summary(page) -> list[tuple[str, str]]:
    terms = page.locator("dl.summary dt").all_inner_texts()
    return list(zip(terms, page.locator("dl.summary dd").all_inner_texts(), strict=True))


def test_a_fictional_town_filled_through_the_browser(live_server, browser, velenje_sqlite: Database) -> None:
    url, db = live_server.url, velenje_sqlite
    with db.transaction() as session:
        session.add(Town(slug=SLUG, name="Rudnikovo", name_sl="Rudnikovo", country="Nowhere", public_parts=["join"]))
    owner = person(db, "olga@rudnikovo.example", "Olga", {SLUG: "owner"})
    context = browser.new_context(locale="en-GB")
    browser_sign_in(context, url, owner)
    page = context.new_page()
    page.set_default_timeout(20_000)

    # the town's tables, one file each, in the order their references need
    for table, content in TABLES.items():
        upload_table(page, url, table, content)
        rows = content.count("\n") - 1
        assert summary(page) == [
            ("Rows added", str(rows)),
            ("Rows updated", "0"),
            ("Rows unchanged", "0"),
            ("Rows deleted", "0"),
        ], table

    # a bad file changes nothing and says where, row by row
    upload_table(page, url, "symbols", "external_id,type,name_en\nshaft-3,9,Lamp room\nshaft-4,x,\n")
    refused = [r.locator("td").all_inner_texts() for r in page.locator("tr.refused").all()]
    assert [r[:3] for r in refused] == [
        ["symbols.csv", "2", "type"],
        ["symbols.csv", "3", "type"],
        ["symbols.csv", "3", "name_en"],
    ]
    assert page.locator(".upload-errors p.error").inner_text() == "Nothing was imported: 3 problems."

    # a large transcript is sent with its progress shown; the answer replaces the page
    page.goto(f"{url}/towns/{SLUG}/qda")
    page.click("#add-transcripts summary")
    words = ("V: Kako je bilo v rudniku? O: Težko, a lepo. " * 30_000).encode()  # about 1.4 MB
    page.set_input_files("#u-files", files=[{"name": "intervju-ana.txt", "mimeType": "text/plain", "buffer": words}])
    page.select_option("#u-transcripts-sector", "civil_society")
    page.evaluate(WATCH)
    page.click("#upload-transcripts button[type=submit]")
    page.wait_for_selector(".upload-done")
    seen = page.evaluate("window.seen")
    assert re.fullmatch(r"Sent [\d.]+ (KB|MB) of 1\.3 MB \(\d+ %\)", seen[0]) and seen[-1] == "Sent; reading the files…"
    assert summary(page) == [("Transcripts added", "1")]
    assert page.locator("table.transcripts-added tbody tr td").all_inner_texts()[:2] == ["intervju-ana.txt", "C01"]
    assert page.url == f"{url}/towns/{SLUG}/uploads/transcripts"
    with db.transaction() as session:
        town_id = session.query(Town.id).filter(Town.slug == SLUG).scalar()
        texts = [len(t) for (t,) in session.query(Interview.text).filter(Interview.town_id == town_id)]
    assert texts == [len(words.decode())]  # stored whole, as the command stores it

    # a document on the documents page (a small file: a plain form post)
    page.goto(f"{url}/towns/{SLUG}/documents")
    page.click("#add-documents summary")
    document = "<html><title>Razvojna strategija</title><p>Rudnik in dediščina.</p></html>".encode()
    page.set_input_files(
        "#upload-documents #u-file", files=[{"name": "strategija.html", "mimeType": "text/html", "buffer": document}]
    )
    page.fill("#u-documents-genre", "strategy")
    page.click("#upload-documents button[type=submit]")
    page.wait_for_selector(".upload-done")
    assert dict(summary(page))["Document"] == "Razvojna strategija"

    # the report holds exactly the uploaded rows
    page.goto(f"{url}/towns/{SLUG}/report")
    types = page.locator("#table1 tr.type")
    assert types.count() == 2
    assert page.locator("#table1 th.category").all_inner_texts() == ["Mining heritage", "Workers' housing"]
    assert page.locator("#table1 tr.type td:nth-child(2)").all_inner_texts()[:1] == ["1. Headframes"]
    assert page.locator("#table1 span.symbol").all_inner_texts() == ["Old shaft tower", "Pit wheel", "Miners' colony"]
    problems = page.locator("#table4 tr.problem")
    assert [r.locator("td").all_inner_texts() for r in problems.all()] == [
        ["1", "Young people leave"],
        ["2", "The mine closes"],
    ]
    page.goto(f"{url}/towns/{SLUG}/report?lang=sl")
    assert page.locator("#table1 span.symbol").all_inner_texts() == [
        "Stari izvozni stolp",
        "Jamsko kolo",
        "Rudarska kolonija",
    ]
    context.close()
