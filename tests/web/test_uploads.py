"""Uploads in the browser: each kind of file the command line imports, sent as a multipart form to
the town's upload route, read by the same library function, all or nothing, the refused rows
listed on the page (file, row, column, value); the limits stated on the forms come from the
readers' own limits; a body larger than an upload allows is refused before it is read, and only a
signed-in person may send more than the app's usual body limit."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.studies.symbols.kobo_data import write_csv, write_media
from townpaths.cases.case import open_case
from townpaths.formats.tables import MAX_FILE_BYTES as MAX_TABLE_BYTES
from townpaths.storage import Database
from townpaths.storage.models import Document, Employment, Innovation, Interview, Symbol
from townpaths.studies.qda.formats.transcripts import MAX_TRANSCRIPT_BYTES
from townpaths.studies.symbols.formats.kobo import MAX_MEDIA_BYTES
from townpaths.web.security import MAX_BODY
from townpaths.web.uploads import UPLOADS, error_rows, safe_name, size_text


def csrf(text: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', text)
    assert found is not None
    return found.group(1)


def refused(text: str) -> list[tuple[str, ...]]:
    """The rows of the page's table of refused values: (file, row, column, value, problem)."""
    rows = re.findall(r'<tr class="refused">(.*?)</tr>', text, re.S)
    return [tuple(html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", r, re.S)) for r in rows]


def summary(text: str) -> list[tuple[str, str]]:
    return [(html.unescape(a), html.unescape(b)) for a, b in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", text)]


def count(db: Database, model: type) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_forms_state_the_readers_limits(client) -> None:
    page = client.get("/towns/velenje/uploads/symbols")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and 'name="csrf"' in page.text
    limits = re.findall(r'<p class="hint limit" data-limit="(\w+)">([^<]*)</p>', page.text)
    assert limits == [
        ("file", f".csv, .tsv, .txt, .xlsx, .xlsm; at most {size_text(MAX_TABLE_BYTES)} a file"),
        ("media", f".zip; at most {size_text(MAX_MEDIA_BYTES)} a file"),
        ("form", f".xlsx, .xlsm; at most {size_text(MAX_TABLE_BYTES)} a file"),
    ]
    assert (size_text(MAX_TABLE_BYTES), size_text(MAX_MEDIA_BYTES)) == ("50 MB", "4 GB")
    assert f'data-max-bytes="{MAX_MEDIA_BYTES}"' in page.text
    assert '<script type="module" src="/static/uploads/upload.js"></script>' in page.text
    transcripts = client.get("/towns/velenje/uploads/transcripts")
    assert f"at most {size_text(MAX_TRANSCRIPT_BYTES)} a file" in transcripts.text and " multiple" in transcripts.text
    assert client.get("/towns/velenje/uploads/nothing").status_code == 404
    sl = client.get("/towns/velenje/uploads/symbols?lang=sl").text
    assert "<h2>Uvozi simbole</h2>" in sl and ".zip; največ 4 GB na datoteko" in sl
    assert 'data-text-progress="Poslano %(done)s od %(total)s (%(percent)s %%)"' in sl


def test_each_study_page_has_its_form_for_editors(client) -> None:
    pages = {
        "transcripts": "/towns/velenje/qda",
        "documents": "/towns/velenje/documents",
        "symbols": "/towns/velenje/symbols",
        "innovations": "/towns/velenje/innovations",
        "scores": "/towns/velenje/sustainability",
    }
    for kind, path in pages.items():
        text = client.get(path).text
        assert f'<form class="edit upload" id="upload-{kind}" action="/towns/velenje/uploads/{kind}"' in text, kind
    town = client.get("/towns/velenje").text
    assert re.findall(r'href="/towns/velenje/uploads/(\w+)"', town) == list(UPLOADS)
    assert 'href="/towns/velenje/ranking"' in town
    table = client.get("/towns/velenje/tables/dualities").text
    assert 'action="/towns/velenje/tables/dualities/import"' in table
    assert 'href="/towns/velenje/tables/dualities/file.csv"' in table


def test_transcripts_are_added_like_the_command_adds_them(client, velenje_sqlite: Database) -> None:
    token = csrf(client.get("/towns/velenje/uploads/transcripts").text)
    files = [
        ("files", ("intervju-1.txt", "V: Kako ste prišli v Velenje?\r\nO: Z rudnikom.\r\n".encode(), "text/plain")),
        ("files", ("intervju-2.txt", "\ufeffO: Jezero je bilo rudnik.\n".encode(), "text/plain")),
    ]
    before = count(velenje_sqlite, Interview)
    done = client.post(
        "/towns/velenje/uploads/transcripts",
        data={"csrf": token, "sector": "civil_society", "language": "sl", "held_on": "2019-05-02"},
        files=files,
    )
    assert done.status_code == 200, done.text
    assert summary(done.text) == [("Transcripts added", "2")]
    rows = re.findall(
        r"<tr><td>(intervju-\d.txt)</td><td>(\w+)</td><td>[^<]*</td><td class=\"num\">(\d+)</td>", done.text
    )
    assert rows == [("intervju-1.txt", "C04", "45"), ("intervju-2.txt", "C05", "26")]
    assert count(velenje_sqlite, Interview) == before + 2
    with velenje_sqlite.transaction() as session:
        texts = list(session.scalars(select(Interview.text).order_by(Interview.id.desc()).limit(2)))
    assert texts == ["O: Jezero je bilo rudnik.\n", "V: Kako ste prišli v Velenje?\nO: Z rudnikom.\n"]


def test_a_bad_file_changes_nothing_and_is_named_as_chosen(client, velenje_sqlite: Database) -> None:
    token = csrf(client.get("/towns/velenje/uploads/transcripts").text)
    before = count(velenje_sqlite, Interview)
    bad = client.post(
        "/towns/velenje/uploads/transcripts",
        data={"csrf": token, "sector": "economy"},
        files=[
            ("files", ("good.txt", b"O: dobro.\n", "text/plain")),
            ("files", ("binary.txt", b"O: \x00\x01 ne\n", "text/plain")),
        ],
    )
    assert bad.status_code == 400
    assert refused(bad.text) == [("binary.txt", "", "", "", "binary data, not text (a NUL byte at offset 3)")]
    assert "townpaths-upload-" not in bad.text  # the temporary folder is never shown
    assert count(velenje_sqlite, Interview) == before
    wrong = client.post(
        "/towns/velenje/uploads/transcripts",
        data={"csrf": token, "sector": "economy"},
        files=[("files", ("notes.pdf", b"%PDF-1.4", "application/pdf"))],
    )
    assert wrong.status_code == 400
    assert refused(wrong.text) == [("notes.pdf", "", "", ".pdf", "not a file of this kind (use .txt, .docx, .odt)")]
    missing = client.post("/towns/velenje/uploads/transcripts", data={"csrf": token, "sector": "economy"})
    assert refused(missing.text) == [("", "", "files", "", "choose a file")]


def test_every_bad_row_of_a_sheet_is_listed(client, velenje_sqlite: Database) -> None:
    token = csrf(client.get("/towns/velenje/uploads/scores").text)
    sheet = (
        "indicator,rater_group,year,score\namenities_overall,a,2019,6\nnope,a,2019,3\n"
        "voice_influence_overall,a,20x,3\nvoice_influence_overall,a,2019,4\n"
    )
    bad = client.post(
        "/towns/velenje/uploads/scores", data={"csrf": token}, files={"file": ("scores.csv", sheet.encode())}
    )
    assert bad.status_code == 400
    assert refused(bad.text) == [
        ("scores.csv", "2", "score", "6", "score must be a number from 1 to 5"),
        (
            "scores.csv",
            "3",
            "indicator",
            "nope",
            "unknown indicator: define it on the row (dimension_key, dimension_en, name_en)",
        ),
        ("scores.csv", "4", "year", "20x", "year must be a whole number from 1800 to 2200"),
    ]
    assert open_case("velenje", velenje_sqlite).records("sustainability_scores") == []


def test_documents_innovations_employment_and_symbols(client, velenje_sqlite: Database, tmp_path: Path) -> None:
    token = csrf(client.get("/towns/velenje/uploads/documents").text)
    doc = client.post(
        "/towns/velenje/uploads/documents",
        data={"csrf": token, "genre": "strategy", "year": "2019", "language": "sl"},
        files={"file": ("strategija.html", b"<html><title>Strategija</title><p>Premog in jezero.</p></html>")},
    )
    assert doc.status_code == 200, doc.text
    assert summary(doc.text) == [
        ("Document", "Strategija"),
        ("Genre", "strategy"),
        ("Year", "2019"),
        ("Language", "sl"),
        ("Characters", "17"),
    ]
    assert count(velenje_sqlite, Document) == 1
    again = client.post(
        "/towns/velenje/uploads/documents",
        data={"csrf": token, "genre": "strategy"},
        files={"file": ("copy.html", b"<html><title>Strategija</title><p>Premog in jezero.</p></html>")},
    )
    assert refused(again.text) == [("copy.html", "", "", "", "this file is already document 1 (Strategija)")]

    sheet = "name_en,type_en,year\nRepair café,new practice,2018\nCommunity garden,new practice,2019\n"
    inn = client.post(
        "/towns/velenje/uploads/innovations", data={"csrf": token}, files={"file": ("new.csv", sheet.encode())}
    )
    assert inn.status_code == 200, inn.text
    assert summary(inn.text) == [("Innovations added", "2"), ("Innovations updated", "0")]
    with velenje_sqlite.transaction() as session:
        names = list(session.scalars(select(Innovation.name_en).order_by(Innovation.id.desc()).limit(2)))
    assert names == ["Community garden", "Repair café"]

    employment = (
        "year,area,firm,nace,employees\n2019,town,Firm A,C27.51,50\n2019,town,Firm B,B05.20,30\n"
        "2019,national,,C27.51,10\n2019,national,,B05.20,10\n"
    )
    emp = client.post(
        "/towns/velenje/uploads/employment", data={"csrf": token}, files={"file": ("jobs.csv", employment.encode())}
    )
    assert emp.status_code == 200, emp.text
    assert summary(emp.text)[:2] == [("Employment rows imported", "4"), ("Years", "2019")]
    assert count(velenje_sqlite, Employment) == 4

    export = write_csv(tmp_path / "kobo.csv", sep=",", labels=False)
    media = write_media(tmp_path / "media.zip")
    before = count(velenje_sqlite, Symbol)
    sym = client.post(
        "/towns/velenje/uploads/symbols",
        data={"csrf": token},
        files={"file": ("kobo.csv", export.read_bytes()), "media": ("media.zip", media.read_bytes())},
    )
    assert sym.status_code == 200, sym.text
    assert summary(sym.text) == [
        ("Symbols imported", "3"),
        ("Photos imported", "2"),
        ("Already imported (skipped)", "0"),
        ("Photo references not read (no media ZIP)", "0"),
    ]
    assert count(velenje_sqlite, Symbol) == before + 3


def test_a_table_file_round_trips_and_its_bad_rows_are_listed(client, velenje_sqlite: Database) -> None:
    exported = client.get("/towns/velenje/tables/dualities/file.csv")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"] == 'attachment; filename="velenje-dualities.csv"'
    text = exported.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("no,")
    token = csrf(client.get("/towns/velenje/tables/dualities").text)
    same = client.post(
        "/towns/velenje/tables/dualities/import", data={"csrf": token}, files={"file": ("d.csv", exported.content)}
    )
    assert same.status_code == 200, same.text
    assert summary(same.text) == [
        ("Rows added", "0"),
        ("Rows updated", "0"),
        ("Rows unchanged", "5"),
        ("Rows deleted", "0"),
    ]
    bad = text.replace("\n1,", "\none,", 1)
    wrong = client.post(
        "/towns/velenje/tables/dualities/import", data={"csrf": token}, files={"file": ("d.csv", bad.encode())}
    )
    assert wrong.status_code == 400
    assert refused(wrong.text)[0][:4] == ("d.csv", "2", "no", "one")
    xlsx = client.get("/towns/velenje/tables/dualities/file.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/towns/velenje/tables/dualities/file.json").status_code == 404


def test_a_ballot_file_is_ranked(client) -> None:
    token = csrf(client.get("/towns/velenje/ranking").text)
    ballots = "ranking,weight\na > b > c,3\nb > a > c,2\nc > a > b,1\n"
    done = client.post(
        "/towns/velenje/ranking",
        data={"csrf": token, "method": "kemeny"},
        files={"file": ("ballots.csv", ballots.encode())},
    )
    assert done.status_code == 200, done.text
    rows = re.findall(r'<tr class="consensus-row"><td class="num">([^<]*)</td><td>([^<]*)</td>', done.text)
    assert rows == [("1", "a"), ("2", "b"), ("3", "c")]


def test_bodies_over_the_usual_limit_only_for_signed_in_people(client, anonymous) -> None:
    big = b"O: " + b"a" * (MAX_BODY + 10) + b"\n"
    token = csrf(client.get("/towns/velenje/uploads/transcripts").text)
    ok = client.post(
        "/towns/velenje/uploads/transcripts",
        data={"csrf": token, "sector": "economy"},
        files=[("files", ("long.txt", big, "text/plain"))],
    )
    assert ok.status_code == 200, ok.text[:500]
    page = anonymous.get("/towns/velenje/report")
    refused_body = anonymous.post(
        "/towns/velenje/uploads/transcripts",
        data={"csrf": csrf(page.text) if 'name="csrf"' in page.text else "x", "sector": "economy"},
        files=[("files", ("long.txt", big, "text/plain"))],
    )
    assert refused_body.status_code == 413


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("C:\\Users\\ana\\intervju.txt", "intervju.txt"),
        ("../../etc/passwd", "passwd"),
        ("..", "fallback.txt"),
        ("a\x00b\u202e.txt", "ab.txt"),
        ("x" * 200 + ".docx", "x" * 115 + ".docx"),
    ],
)
def test_safe_names(name: str, expected: str) -> None:
    assert safe_name(name, "fallback.txt") == expected


def test_error_rows_of_one_error_and_of_many() -> None:
    from townpaths.core.errors import InputError

    one = InputError("not a year", file="/tmp/townpaths-upload-x/a.csv", row=3, field="year", value="nan")
    rows = error_rows(one, Path("/tmp/townpaths-upload-x"))
    assert [(r.file, r.row, r.column, r.value, r.message) for r in rows] == [
        ("a.csv", "3", "year", "nan", "not a year")
    ]
