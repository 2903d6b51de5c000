"""A second, fictional town built only through the browser (Debian's Chromium), beside Velenje in
the same database, as ``tests/cli/test_new_town.py`` builds one on the command line: an
administrator creates it on the "New town" page (it starts with the method's defaults, and its
creator owns it), its tables are uploaded as files on each table's page (a bad file refused row by
row), transcripts (a large one, sent with its progress shown) and a document uploaded on their
study pages, a code made on the codebook page, a passage coded on the transcript's page, the code
adopted as a narrative on "Table 2 from coding", evidence typed in with the record picker and
uploaded with links by key; then both reports hold exactly that town's rows and no Velenje text."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.cli.test_new_town import velenje_only_texts
from tests.studies.qda.test_browser import SELECT
from tests.support.people import browser_sign_in, person
from townpaths.people.service import town_people
from townpaths.storage import Database
from townpaths.storage.models import Code, CodedSegment, Interview, SymbolCategory, SymbolType, Town

pytestmark = pytest.mark.browser

SLUG = "rudnikovo"
#: Records what the transcripts form's progress line says while its files are sent.
WATCH = """() => { window.seen = []; const line = document.querySelector('#upload-transcripts .progress-text');
  new MutationObserver(() => window.seen.push(line.textContent)).observe(line, {childList: true, subtree: true}); }"""
#: The New town page's fields as typed (the languages are left as offered: both).
SETTINGS = {
    "name": "Rudnikovo",
    "slug": SLUG,
    "name_sl": "Rudnikovo pod Goro",
    "country": "Nowhere",
    "title_en": "Coal and what came after",
    "title_sl": "Premog in kar je prišlo potem",
    "citation": "Rudnikovo: a fictional study typed in the browser (2026).",
    "study_start_year": "2024",
    "study_end_year": "2026",
    "population": "12500",
    "population_year": "2025",
}
#: One file per table, in the order their references need: the defaults are there (6 categories,
#: 16 types), so the town's own category and type come after them.
TABLES = {
    "symbol_categories": "key,position,name_en,name_sl\nmining,7,Mining heritage,Rudarska dediščina\n",
    "symbol_types": "no,category,name_en,name_sl\n17,mining,Headframes,Izvozni stolpi\n",
    "symbols": "external_id,type,name_en,name_sl\n"
    "shaft-1,17,Old shaft tower,Stari izvozni stolp\nshaft-2,17,Pit wheel,Jamsko kolo\n"
    "colony-1,2,Miners' colony,Rudarska kolonija\n",
    "periods": "scheme,no,name_en,name_sl,start_year,end_year,open_ended\n"
    "narratives,1,mining town,rudarsko mesto,1950,1995,false\n"
    "narratives,2,after the mine,po rudniku,1996,,true\n",
    "narratives": "position,period,status,text_en,text_sl\n"
    "1,2,alternative,a town of small firms,mesto malih podjetij\n",
    # ranks a file gives, not a workshop's (provenance "study" would claim the method's rounds)
    "problems": "position,rank,text_en,text_sl,provenance,provenance_note\n"
    "1,2,The mine closes,Rudnik se zapira,fictional,e2e\n2,1,Young people leave,Mladi odhajajo,fictional,e2e\n",
    "solutions": "problem,title_en,title_sl,detail_en,detail_sl\n"
    "2,a youth workshop,mladinska delavnica,in the old lamp room,v stari svetilkarni\n",
    "dualities": "no,one_hand_en,one_hand_sl,other_hand_en,other_hand_sl\n"
    "1,the mine gave work,rudnik je dal delo,the mine took the land,rudnik je vzel zemljo\n",
    "facts": "key,subject,value,unit,year,text_en,text_sl\n"
    'miners-1980,miners,3100,people,1980,"3,100 miners worked underground in 1980.",'
    "Leta 1980 je pod zemljo delalo 3100 rudarjev.\n",
}
#: The transcript that is coded (a small one: the large one only shows the upload's progress).
TRANSCRIPT = "The mine feeds us all, my father said.\nNow the young go away to the capital.\n"
#: Evidence uploaded as a file, its links named by the records' keys.
EVIDENCE = (
    "key,kind,statement_en,statement_sl,links\n"
    "workshop,path_renewal,The youth workshop keeps the young.,Mladinska delavnica zadrži mlade.,"
    '"solutions:2|a youth workshop; dualities:1"\n'
)


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


def added(rows: int) -> list[tuple[str, str]]:
    return [("Rows added", str(rows)), ("Rows updated", "0"), ("Rows unchanged", "0"), ("Rows deleted", "0")]


def create_the_town(page, url: str) -> None:
    """The New town page, reached from the home page, filled in and sent."""
    page.goto(url)
    page.click("#new-town")
    assert page.url == f"{url}/new-town"
    for name, value in SETTINGS.items():
        page.fill(f"#f-{name}", value)
    page.click("form.town-settings button[type=submit]")
    page.wait_for_url(f"{url}/towns/{SLUG}")
    assert page.locator("p.subtitle").inner_text() == SETTINGS["title_en"]
    assert page.locator("#town-settings").count() == 1  # the creator owns it


def upload_transcripts(page, url: str) -> list[str]:
    """A large transcript (its progress shown) and the small one that is coded, in one upload;
    returns what the progress line said."""
    page.goto(f"{url}/towns/{SLUG}/qda")
    page.click("#add-transcripts summary")
    words = ("V: Kako je bilo v rudniku? O: Težko, a lepo. " * 30_000).encode()  # about 1.4 MB
    page.set_input_files(
        "#u-files",
        files=[
            {"name": "intervju-ana.txt", "mimeType": "text/plain", "buffer": words},
            {"name": "interview-bor.txt", "mimeType": "text/plain", "buffer": TRANSCRIPT.encode()},
        ],
    )
    page.select_option("#u-transcripts-sector", "civil_society")
    page.evaluate(WATCH)
    page.click("#upload-transcripts button[type=submit]")
    page.wait_for_selector(".upload-done")
    assert summary(page) == [("Transcripts added", "2")]
    rows = [r.locator("td").all_inner_texts() for r in page.locator("table.transcripts-added tbody tr").all()]
    assert [r[:2] for r in rows] == [["intervju-ana.txt", "C01"], ["interview-bor.txt", "C02"]]
    assert page.url == f"{url}/towns/{SLUG}/uploads/transcripts"
    return page.evaluate("window.seen")


def make_the_code(page, url: str) -> None:
    """On the codebook page: a period under the default 'dominant' category, a code under it."""
    page.goto(f"{url}/towns/{SLUG}/qda")
    page.click("#edit-codebook")
    assert page.locator("#codes tbody tr").evaluate_all("rows => rows.map(r => r.dataset.path)") == [
        "dominant",
        "alternative",
    ]
    form = page.locator("#new-code")
    form.locator("input[name=name]").fill("1. mining town")
    form.locator("input[name=name_sl]").fill("1. rudarsko mesto")
    form.locator("select[name=parent]").select_option(label="Narratives (default): dominant")
    form.locator("input[name=codable]").uncheck()  # a category
    form.locator("button[type=submit]").click()
    page.wait_for_selector('tr[data-path="dominant/1. mining town"]')
    form = page.locator("#new-code")
    form.locator("input[name=name]").fill("the mine feeds us")
    form.locator("input[name=name_sl]").fill("rudnik nas hrani")
    form.locator("select[name=parent]").select_option(label="Narratives (default): dominant/1. mining town")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('tr[data-path="dominant/1. mining town/the mine feeds us"]')


def code_a_passage(page, url: str) -> None:
    """On the transcript's page: select a passage and press the key of the only codable code."""
    page.goto(f"{url}/towns/{SLUG}/qda")
    page.click("text=interview-bor.txt")
    page.wait_for_load_state()  # the page's script listens for the keys
    assert page.locator("#code option").all_inner_texts() == ["1 · the mine feeds us"]
    start = TRANSCRIPT.index("The mine feeds us all")
    assert page.evaluate(SELECT, [start, start + 21]) == "The mine feeds us all"
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("1")
    page.wait_for_selector("#segments .segment")
    assert page.locator("#segments .segment blockquote").all_inner_texts() == ["The mine feeds us all"]


def adopt_the_narrative(page, url: str) -> None:
    """On "Table 2 from coding": the code's place is read from its path; adopt it there."""
    page.goto(f"{url}/towns/{SLUG}/qda/table2")
    row = page.locator("tr[id^=adopt-code-]")
    path = "dominant/1. mining town/the mine feeds us"
    assert row.locator("td").all_inner_texts()[:3] == [path, "1", "not adopted yet"]
    assert row.locator("select[name=period]").input_value() == "1"
    assert row.locator("select[name=status]").input_value() == "dominant"
    row.locator("button").click()
    page.wait_for_url(f"{url}/towns/{SLUG}/qda/table2#narrative-2")
    adopted = page.locator("tr#narrative-2 td").all_inner_texts()
    assert adopted[:2] == ["dominant the mine feeds us", "1"]
    assert page.locator("tr[id^=adopt-code-] td").all_inner_texts()[2] == "adopted"


def link_evidence(page, url: str) -> None:
    """The evidence table's row form: the records picked from the list, one key typed in."""
    page.goto(f"{url}/towns/{SLUG}/tables/evidence")
    page.click("#add-row")
    page.select_option("#f-kind", "lock_in")
    page.fill("#f-statement_en", "The old shaft tower stands for the mine that closed.")
    page.fill("#f-statement_sl", "Stari izvozni stolp stoji za rudnik, ki se je zaprl.")
    page.fill("#f-links", "facts:miners-1980")
    picker = page.locator("#f-links-pick")
    groups = picker.locator("optgroup").evaluate_all("groups => groups.map(g => [g.label, g.children.length])")
    assert groups == [
        ["symbol categories", 7],
        ["symbol types", 17],
        ["symbols", 3],
        ["documents", 1],
        ["interviewees", 2],
        ["interviews", 2],
        ["codebooks", 1],
        ["codes", 4],
        ["coded segments", 1],
        ["sustainability indicators", 4],
        ["periods", 2],
        ["narratives", 2],
        ["problems", 2],
        ["solutions", 1],
        ["dualities", 1],
        ["facts", 1],
    ]
    assert picker.locator("option[value='narratives:2']").inner_text() == "2: the mine feeds us"
    code = picker.locator("option[value='codes:Narratives (default)|dominant/1. mining town/the mine feeds us']")
    assert code.inner_text() == "Narratives (default)|dominant/1. mining town/the mine feeds us: the mine feeds us"
    picker.select_option(["symbols:shaft-1", "narratives:2", "problems:1"])
    page.click("form.table-row button[type=submit]")
    page.wait_for_url(re.compile(rf"{url}/towns/{SLUG}/tables/evidence#row-\d+"))
    upload_table(page, url, "evidence", EVIDENCE)
    assert summary(page) == added(1)


def test_a_fictional_town_built_through_the_browser(live_server, browser, velenje_sqlite: Database) -> None:
    url, db = live_server.url, velenje_sqlite
    admin = person(db, "ada@towns.example", "Ada Admin", admin=True)
    context = browser.new_context(locale="en-GB")
    browser_sign_in(context, url, admin)
    page = context.new_page()
    page.set_default_timeout(20_000)

    create_the_town(page, url)
    assert town_people(db, SLUG)["people"][0]["role"] == "owner"
    with db.transaction() as session:
        town = session.scalar(select(Town).where(Town.slug == SLUG))
        assert (town.name_sl, town.population, town.languages) == ("Rudnikovo pod Goro", 12500, ["en", "sl"])
        types = session.scalar(select(func.count()).select_from(SymbolType).where(SymbolType.town_id == town.id))
        categories = session.scalar(
            select(func.count()).select_from(SymbolCategory).where(SymbolCategory.town_id == town.id)
        )
        codes = session.scalars(select(Code.name).where(Code.town_id == town.id).order_by(Code.id)).all()
    assert (categories, types, codes) == (6, 16, ["dominant", "alternative"])

    # the town's tables, one file each, in the order their references need
    for table, content in TABLES.items():
        upload_table(page, url, table, content)
        assert summary(page) == added(content.count("\n") - 1), table

    # a bad file changes nothing and says where, row by row
    upload_table(page, url, "symbols", "external_id,type,name_en\nshaft-3,99,Lamp room\nshaft-4,x,\n")
    refused = [r.locator("td").all_inner_texts() for r in page.locator("tr.refused").all()]
    assert [r[:3] for r in refused] == [
        ["symbols.csv", "2", "type"],
        ["symbols.csv", "3", "type"],
        ["symbols.csv", "3", "name_en"],
    ]
    assert page.locator(".upload-errors p.error").inner_text() == "Nothing was imported: 3 problems."

    # a large transcript is sent with its progress shown; the answer replaces the page
    seen = upload_transcripts(page, url)
    assert re.fullmatch(r"Sent [\d.]+ (KB|MB) of 1\.3 MB \(\d+ %\)", seen[0]) and seen[-1] == "Sent; reading the files…"
    with db.transaction() as session:
        texts = session.scalars(select(Interview.text).where(Interview.town_id == town.id).order_by(Interview.id))
        assert [len(t) for t in texts] == [30_000 * 45, len(TRANSCRIPT)]  # stored whole, as the command stores them

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

    # coded, adopted, linked
    make_the_code(page, url)
    code_a_passage(page, url)
    with db.transaction() as session:
        segments = session.execute(
            select(CodedSegment.start, CodedSegment.end, CodedSegment.coder).where(CodedSegment.town_id == town.id)
        ).all()
    assert [tuple(s) for s in segments] == [(0, 21, "Ada Admin")]
    adopt_the_narrative(page, url)
    link_evidence(page, url)

    # both reports hold exactly what was typed and uploaded, and no Velenje text
    page.goto(f"{url}/towns/{SLUG}/report")
    assert page.locator("h1").first.inner_text() == "Rudnikovo"
    assert page.locator("p.subtitle").inner_text() == "Coal and what came after"
    assert page.locator("p.cite.study").inner_text() == SETTINGS["citation"]
    assert page.locator("#table1 th.category").count() == 7  # the six defaults and the town's own
    assert page.locator("#table1 tr.type").count() == 17
    assert page.locator("#table1 span.symbol").all_inner_texts() == ["Miners' colony", "Old shaft tower", "Pit wheel"]
    assert [r.locator("td").all_inner_texts() for r in page.locator("#table4 tr.problem").all()] == [
        ["1", "Young people leave fictional"],
        ["2", "The mine closes fictional"],
    ]
    assert "Ranks as the researchers entered them (1 = most pressing)." in page.locator("#table4").inner_text()
    assert page.locator("#table2 li.narrative").evaluate_all(
        "items => items.map(i => [i.className, i.textContent])"
    ) == [["narrative dominant", "the mine feeds us‡"], ["narrative alternative", "a town of small firms"]]
    assert page.locator("#table2 li.dominant sup.provenance.inferred").get_attribute("title") == (
        "inferred: adopted from coding"
    )
    evidence = page.locator("#evidence li.evidence-item")
    assert evidence.count() == 2
    assert page.locator("#evidence .kind-lock_in li .links .link").all_inner_texts() == [
        "facts: 3,100 miners worked underground in 1980.",
        "symbols: Old shaft tower",
        "narratives: the mine feeds us",
        "problems: The mine closes",
    ]
    assert page.locator("#evidence .kind-path_renewal li .links .link").all_inner_texts() == [
        "solutions: a youth workshop",
        "dualities: the mine gave work",
    ]
    assert page.locator("#evidence ul.facts li").all_inner_texts() == ["3,100 miners worked underground in 1980."]
    english = page.content()

    page.goto(f"{url}/towns/{SLUG}/report?lang=sl")
    assert page.locator("p.subtitle").inner_text() == "Premog in kar je prišlo potem"
    assert page.locator("h1").first.inner_text() == "Rudnikovo pod Goro"  # its Slovene name
    assert page.locator("p.cite.study").inner_text() == SETTINGS["citation"]
    assert page.locator("#evidence li.evidence-item").all_inner_texts() == [
        "Stari izvozni stolp stoji za rudnik, ki se je zaprl.\nTemelji na: dejstva: Leta 1980 je pod zemljo delalo "
        "3100 rudarjev.; simboli: Stari izvozni stolp; pripovedi: rudnik nas hrani; problemi: Rudnik se zapira",
        "Mladinska delavnica zadrži mlade.\nTemelji na: rešitve: mladinska delavnica; dvojnosti: rudnik je dal delo",
    ]
    slovene = page.content()
    for lang, text in (("en", english), ("sl", slovene)):
        leaked = [t for t in velenje_only_texts() if t in text]
        assert leaked == [], lang
    context.close()
