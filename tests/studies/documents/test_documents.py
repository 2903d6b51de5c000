"""Official documents: the four formats in, the lexicon scan, the lock-in evidence, the page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.studies.documents import files as F
from townpaths.core.errors import InputError
from townpaths.formats.tables import write_rows
from townpaths.storage.models import DocumentScan, Evidence, EvidenceLink
from townpaths.studies.documents import service
from townpaths.studies.documents.core.lexicon import Term
from townpaths.studies.documents.core.scan import Scanner, highlight, summarise

STRATEGY = [
    "Trajnostna urbana strategija Mestne obcine Velenje.",
    "Velenje bo zeleno, pametno in inovativno mesto za mlade.",
    "Mesto je odprto za investitorje in nova podjetja.",
]
TOURISM = [
    "Strategija razvoja turizma.",
    "Turisti obiscejo Muzej premogovništva Slovenije in spoznajo rudarsko tradicijo.",
    "Socialistična tura po mestu predstavi Titov trg in spomenik.",
]


def _add_all(db, tmp_path):
    F.pdf(tmp_path / "tus.pdf", STRATEGY, title="Trajnostna urbana strategija")
    F.docx(tmp_path / "turizem.docx", TOURISM, title="Strategija turizma")
    F.html(
        tmp_path / "plan.html",
        "Občinski prostorski načrt",
        ["Prostorski načrt ureja gradnjo in zelene površine.", "Smart city projects attract young people."],
    )
    (tmp_path / "vizija.txt").write_text(
        "Vizija Velenja\n\nVelenje je mesto z rudarsko in industrijsko dediščino. Coal mining shaped the town.\n",
        encoding="utf-8",
    )
    out = [
        service.add_document(db, "velenje", tmp_path / "tus.pdf", genre="strategy", year=2016),
        service.add_document(db, "velenje", tmp_path / "turizem.docx", genre="tourism strategy", year=2017),
        service.add_document(db, "velenje", tmp_path / "plan.html", genre="spatial plan", year=2019),
        service.add_document(db, "velenje", tmp_path / "vizija.txt", genre="vision", year=2020),
    ]
    return out


def test_add_four_formats_scan_and_lock_in_evidence(velenje, tmp_path):
    added = _add_all(velenje, tmp_path)
    assert [(a["title"], a["language"]) for a in added] == [
        ("Trajnostna urbana strategija", "sl"),
        ("Strategija turizma", "sl"),
        ("Občinski prostorski načrt", "sl"),
        ("Vizija Velenja", "sl"),
    ]
    results = service.scan_documents(velenje, "velenje")
    by_title = {r["title"]: r for r in results}
    tus = by_title["Trajnostna urbana strategija"]
    assert tus["words"] == 23 and tus["lock_in"] is True and tus["heritage_mentions"] == 0
    assert {c: v["mentions"] for c, v in tus["categories"].items()} == {
        "industry": 0,
        "coal_mining": 0,
        "socialism": 0,
        "heritage": 0,
        "green": 2,
        "smart": 1,
        "innovative": 1,
        "young": 1,
    }
    assert tus["categories"]["green"]["per_1000"] == 86.957
    tourism = by_title["Strategija turizma"]
    assert tourism["lock_in"] is False
    assert {c: v["mentions"] for c, v in tourism["categories"].items() if v["mentions"]} == {
        "coal_mining": 2,
        "socialism": 2,
        "heritage": 3,
    }
    plan = by_title["Občinski prostorski načrt"]
    assert plan["lock_in"] is True  # the script's "premog" is not text
    assert {c: v["mentions"] for c, v in plan["categories"].items() if v["mentions"]} == {
        "green": 1,
        "smart": 1,
        "young": 1,
    }
    assert by_title["Vizija Velenja"]["lock_in"] is False

    with velenje.transaction() as s:
        items = s.scalars(select(Evidence).where(Evidence.provenance == "computed").order_by(Evidence.key)).all()
        assert [(e.kind, e.key) for e in items] == [
            ("lock_in", f"documents-no-heritage-{tus['id']}"),
            ("lock_in", f"documents-no-heritage-{plan['id']}"),
        ]
        assert items[0].statement_en == (
            "The strategy \u201cTrajnostna urbana strategija\u201d (2016) never mentions "
            "industrial, coal-mining or socialist heritage (23 words scanned)."
        )
        links = s.scalars(select(EvidenceLink).where(EvidenceLink.evidence_id == items[0].id)).all()
        assert [(link.record_table, link.record_id) for link in links] == [("documents", tus["id"])]
        n_scans = len(s.scalars(select(DocumentScan)).all())
    assert n_scans == 4 * 8
    # a second scan refreshes, never duplicates
    service.scan_documents(velenje, "velenje")
    with velenje.transaction() as s:
        assert len(s.scalars(select(Evidence).where(Evidence.provenance == "computed")).all()) == 2
        assert len(s.scalars(select(EvidenceLink).where(EvidenceLink.record_table == "documents")).all()) == 2
        assert len(s.scalars(select(DocumentScan)).all()) == 32


def test_evidence_disappears_when_the_lexicon_finds_heritage(velenje_sqlite, tmp_path):
    F.pdf(tmp_path / "tus.pdf", STRATEGY)
    doc = service.add_document(velenje_sqlite, None, tmp_path / "tus.pdf", genre="strategy", year=2016)
    service.scan_documents(velenje_sqlite, None)
    lexicon = tmp_path / "lex.csv"
    lexicon.write_text(
        "group,category,lang,term\nheritage,industry,sl,podjetje\nbranding,green,sl,zelen*\n", encoding="utf-8"
    )
    assert service.set_lexicon(velenje_sqlite, None, lexicon) == 2
    results = service.scan_documents(velenje_sqlite, None)
    assert results[0]["categories"]["industry"]["mentions"] == 1 and results[0]["lock_in"] is False
    with velenje_sqlite.transaction() as s:
        assert s.scalars(select(Evidence).where(Evidence.key == f"documents-no-heritage-{doc['id']}")).all() == []


def test_refuses_bad_files(velenje_sqlite, tmp_path):
    (tmp_path / "x.odt").write_bytes(b"x")
    with pytest.raises(InputError, match="unsupported document type"):
        service.add_document(velenje_sqlite, None, tmp_path / "x.odt", genre="plan", year=2020)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    with pytest.raises(InputError, match="PDF"):
        service.add_document(velenje_sqlite, None, tmp_path / "broken.pdf", genre="plan", year=2020)
    (tmp_path / "a.txt").write_text("Velenje je zeleno mesto.", encoding="utf-8")
    service.add_document(velenje_sqlite, None, tmp_path / "a.txt", genre="plan", year=2020)
    with pytest.raises(InputError, match="already document"):
        service.add_document(velenje_sqlite, None, tmp_path / "a.txt", genre="plan", year=2020)
    bad = tmp_path / "lex.csv"
    bad.write_text("group,category,lang,term\nheritage,industry,de,Industrie\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        service.set_lexicon(velenje_sqlite, None, bad)
    assert (info.value.row, info.value.field, info.value.value) == (2, "lang", "de")


def test_scanner_offsets_multiword_and_overlap():
    scanner = Scanner(
        [
            Term("heritage", "coal_mining", "en", "coal"),
            Term("heritage", "coal_mining", "en", "coal mining"),
            Term("heritage", "heritage", "sl", "industrijska dediščina"),
            Term("heritage", "industry", "sl", "industrijski"),
            Term("branding", "innovative", "sl", "inovativ*"),
        ]
    )
    text = "Coal mining built it. Industrijske dediščine ni. Inovativnega mesta pa."
    words, hits = scanner.scan(text, "sl")
    assert words == 10
    assert [(h.category, h.term, text[h.start : h.end]) for h in hits] == [
        ("coal_mining", "coal mining", "Coal mining"),
        ("heritage", "industrijska dediščina", "Industrijske dediščine"),
        ("industry", "industrijski", "Industrijske"),
        ("innovative", "inovativ*", "Inovativnega"),
    ]
    summary = summarise(text, words, hits, scanner.categories, scanner.group_of)
    ev = summary["heritage"]["evidence"][0]
    assert ev["sentence"] == "Industrijske dediščine ni."
    assert highlight(ev["sentence"], ev["spans"]) == [("Industrijske dediščine", True), (" ni.", False)]
    assert summary["coal_mining"]["per_1000"] == 100.0


def test_documents_page_highlights_matches(client, tmp_path):
    db = client.app.state.db
    F.docx(tmp_path / "t.docx", TOURISM, title="Strategija turizma")
    F.pdf(tmp_path / "s.pdf", STRATEGY, title="TUS")
    service.add_document(db, None, tmp_path / "t.docx", genre="tourism strategy", year=2017)
    service.add_document(db, None, tmp_path / "s.pdf", genre="strategy", year=2016)
    service.scan_documents(db, None)
    page = client.get("/towns/velenje/documents?lang=en")
    assert page.status_code == 200
    html = page.text
    assert '<tr id="document-2" data-lock-in="true">' in html and '<tr id="document-1" data-lock-in="false">' in html
    assert "<mark>premogovništva</mark>" in html and "<mark>rudarsko</mark>" in html and "<mark>zeleno</mark>" in html
    sl = client.get("/towns/velenje/documents?lang=sl").text
    assert "nikjer ne omenja dediščine" in sl
    file = client.get("/towns/velenje/documents/1/file")
    assert file.status_code == 200 and file.content == (tmp_path / "t.docx").read_bytes()


def test_search_finds_every_form_of_a_word(velenje, tmp_path):
    _add_all(velenje, tmp_path)

    def titles(query):
        return sorted(h["title"] for h in service.search_documents(velenje, "velenje", query))

    for form in ("mesto", "mesta", "mestu", "Mesto", "mestom"):
        assert titles(form) == ["Strategija turizma", "Trajnostna urbana strategija", "Vizija Velenja"], form
    for form in ("dediščina", "dediščine", "dediščino"):
        assert titles(form) == ["Vizija Velenja"], form
    assert titles("Velenja") == ["Trajnostna urbana strategija", "Vizija Velenja"]
    assert titles("investitorje") == ["Trajnostna urbana strategija"]  # the exact word
    assert titles("mining") == ["Vizija Velenja"] and titles("kolesarnica") == []
    [hit] = service.search_documents(velenje, "velenje", "dediščina")
    marked = [hit["snippet"][a - hit["start"] : b - hit["start"]] for a, b in hit["marks"]]
    assert marked == ["dediščino"]
    with pytest.raises(InputError, match="empty search"):
        service.search_documents(velenje, "velenje", "…")
    with pytest.raises(InputError, match="a limit is 1 to 1000"):
        service.search_documents(velenje, "velenje", "mesto", limit=0)


def test_documents_page_searches_with_marks(client, tmp_path):
    db = client.app.state.db
    F.docx(tmp_path / "t.docx", TOURISM, title="Strategija turizma")
    service.add_document(db, None, tmp_path / "t.docx", genre="tourism strategy", year=2017)
    html = client.get("/towns/velenje/documents", params={"q": "mesto", "lang": "sl"}).text
    assert "1 zadetek" in html and "po <mark>mestu</mark> predstavi" in html
    assert "Iskanje po dokumentih" in html and 'name="q" value="mesto"' in html
    assert "0 hits" in client.get("/towns/velenje/documents", params={"q": "zwickau", "lang": "en"}).text


@pytest.mark.parametrize("name", ["lex.csv", "lex.xlsx"])
def test_lexicon_from_windows_csv_or_xlsx(velenje_sqlite, tmp_path, name):
    rows = [
        ["Group", "Category", "Lang", "Term"],
        ["heritage", "coal_mining", "sl", "premogovništvo"],
        ["heritage", "socialism", "sl", "socialistična tura"],
    ]
    if name.endswith(".csv"):  # as Slovene Excel saves it: Windows-1250, semicolons
        (tmp_path / name).write_bytes("\r\n".join(";".join(r) for r in rows).encode("cp1250"))
    else:
        write_rows(tmp_path / name, rows[0], rows[1:])
    assert service.set_lexicon(velenje_sqlite, None, tmp_path / name) == 2
    assert [(t.category, t.text) for t in service.lexicon(velenje_sqlite, None)] == [
        ("coal_mining", "premogovništvo"),
        ("socialism", "socialistična tura"),
    ]


def test_documents_in_other_encodings_and_broken_ones(velenje_sqlite, tmp_path):
    text = "Strategija\nMuzej premogovništva in Šaleška dolina."
    (tmp_path / "win.txt").write_bytes(text.encode("cp1250"))
    (tmp_path / "utf16.txt").write_bytes(b"\xff\xfe" + (text + "\n").encode("utf-16-le"))
    first = service.add_document(velenje_sqlite, None, tmp_path / "win.txt", genre="plan", year=2020)
    second = service.add_document(velenje_sqlite, None, tmp_path / "utf16.txt", genre="plan", year=2020)
    assert (first["title"], first["characters"], second["characters"]) == ("Strategija", len(text), len(text))
    (tmp_path / "bin.txt").write_bytes(bytes(range(1, 256)))
    with pytest.raises(InputError) as err:
        service.add_document(velenje_sqlite, None, tmp_path / "bin.txt", genre="plan", year=2020)
    assert err.value.message == (
        f"{tmp_path / 'bin.txt'}: neither UTF-8 nor Windows-1250 text (byte 0x80 at offset "
        "127 is not UTF-8, and read as Windows-1250 the text makes no sense); save the file "
        "as UTF-8"
    )
