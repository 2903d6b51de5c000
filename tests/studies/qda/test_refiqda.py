"""REFI-QDA: round trip, schema validity, vendor variants, hostile packages, the spec's example."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xmlschema

from townpaths.core.errors import InputError
from townpaths.storage import Database
from townpaths.studies.qda import service
from townpaths.studies.qda.formats import refiqda
from townpaths.studies.qda.service import exchange


def _qde(qdpx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(qdpx)) as zf:
        return zf.read("project.qde")


@pytest.fixture(scope="module")
def project_schema(shared_dir: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(shared_dir / "refi-qda" / "Project.xsd")


def test_round_trip_gives_the_same_project(project_db: Database, tmp_path: Path, project_schema) -> None:
    first = tmp_path / "first.qdpx"
    exchange.export_qdpx(project_db, "roundtrip", first)
    other = Database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    result = exchange.import_qdpx(other, first)
    assert result["town"] == "round-trip"
    assert result["imported"] == {
        "cases": 2,
        "codes": 4,
        "codings": 4,
        "notes": 1,
        "sources": 2,
        "users": 2,
        "variables": 4,
    }
    assert result["not_represented"] == []
    second = tmp_path / "second.qdpx"
    exchange.export_qdpx(other, "round-trip", second)
    assert _qde(second.read_bytes()) == _qde(first.read_bytes())
    assert second.read_bytes() == first.read_bytes()
    project_schema.validate(io.BytesIO(_qde(first.read_bytes())))
    # positions are code points of the normalised text, the same after the trip
    rows = service.segments_by_code(other, "round-trip", "Mining")
    assert [(r["start"], r["end"], r["coder"], r["quote"], r["memo"]) for r in rows] == [
        (22, 33, "Ana", "V rudniku 🙂", "nested in work"),
        (24, 44, "Bojan", "rudniku 🙂 v Velenju,", None),
    ]
    other.dispose()


def test_export_content(project_sqlite: Database, tmp_path: Path) -> None:
    out = tmp_path / "p.qdpx"
    exchange.export_qdpx(project_sqlite, "roundtrip", out)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        qde = zf.read("project.qde").decode()
        texts = [zf.read(n).decode("utf-8") for n in names if n.startswith("sources/")]
    assert names[0] == "project.qde" and all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    assert "V: Kje ste delali?\nO: V rudniku 🙂 v Velenju, trideset let.\nŠe danes pogrešam sodelavce.\n" in texts
    assert "\r" not in "".join(texts) and not any(t.startswith("\ufeff") for t in texts)
    assert 'startPosition="22" endPosition="33"' in qde
    assert '<Code guid="0A000000-0000-4000-8000-000000000001" name="Themes" isCodable="false" color="#4F6D8F">' in qde
    assert "<Description>nested in work</Description>" in qde
    assert qde.count("<Coding ") == 4 and qde.count("<User ") == 2


def test_codebook_qdc_is_valid_and_round_trips(project_sqlite: Database, tmp_path: Path, shared_dir: Path) -> None:
    out = tmp_path / "codes.qdc"
    exchange.export_codebook(project_sqlite, "roundtrip", out)
    xmlschema.XMLSchema(shared_dir / "refi-qda" / "Codebook.xsd").validate(str(out))
    codes, report = refiqda.read_qdc(out.read_bytes())
    assert [(d, c.name, c.codable) for root in codes for d, c in root.walk()] == [
        (0, "Themes", False),
        (1, "Work", True),
        (2, "Mining", True),
        (1, "Environment", True),
    ]
    assert refiqda.write_qdc(codes) == out.read_bytes()
    assert report.skipped == []


def test_velenje_export_is_schema_valid(velenje_sqlite: Database, tmp_path: Path, project_schema) -> None:
    out = tmp_path / "v.qdpx"
    summary = exchange.export_qdpx(velenje_sqlite, None, out)
    assert summary == {"file": str(out), "sources": 3, "codes": 27, "codings": 28, "users": 2, "cases": 26, "notes": 0}
    project_schema.validate(io.BytesIO(_qde(out.read_bytes())))


VENDOR_QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Vendor project" origin="SomeVendor 1.0">
  <Users><User guid="{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}" name="Maja"/></Users>
  <CodeBook><Codes>
    <Code guid="{85d17f60-7bb0-481e-b742-b4861dd669df}" name="Čas" isCodable="true" color="#F00082"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{17FB9CB8-7858-4291-A162-65424B9942EC}" name="Interview č.1"
                plainTextPath="internal://17FB9CB8-7858-4291-A162-65424B9942EC.txt">
      <PlainTextSelection guid="{2F24EA88-C6A7-482B-8F89-893EF66D7A21}" startPosition="11" endPosition="30"
                          creatingUser="{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}">
        <Coding guid="{445A6AEC-1400-4502-919D-0867832FF211}" creatingUser="{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}">
          <CodeRef targetGUID="{85D17F60-7BB0-481E-B742-B4861DD669DF}"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
    <PictureSource guid="02255470-09E6-400B-9E20-97D71FBEC65D" name="photo.jpg" path="internal://x.jpg"/>
  </Sources>
  <Sets><Set guid="C29B5DB8-2ED6-406B-BFD2-68E8E273C1E9" name="S"/></Sets>
</Project>
"""


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_vendor_variants_are_read(sqlite_db: Database, tmp_path: Path, project_schema) -> None:
    # "Sources/" and "Project.qde" spelled with capitals, GUIDs in braces, BOM and \r\n in the text
    raw = "\ufeffLine one.\r\nČas je zlato.\r\nEnd.\r\n"
    package = tmp_path / "vendor.qdpx"
    package.write_bytes(
        _zip(
            {
                "Project.qde": VENDOR_QDE.encode(),
                "Sources/17FB9CB8-7858-4291-A162-65424B9942EC.txt": raw.encode("utf-8"),
            }
        )
    )
    result = exchange.import_qdpx(sqlite_db, package)
    assert result["imported"] == {"codes": 1, "codings": 1, "sources": 1, "users": 1}
    assert result["not_represented"] == [
        "PictureSource 'photo.jpg': only text sources are represented",
        "Sets (1) are not represented",
    ]
    # raw positions 11..30 count the "\r"s: the same characters after normalising (minus the "\r")
    assert raw[1:][11:30] == "Čas je zlato.\r\nEnd."
    [row] = service.segments_by_code(sqlite_db, "vendor-project", "Čas")
    assert (row["start"], row["end"], row["quote"], row["coder"]) == (10, 28, "Čas je zlato.\nEnd.", "Maja")
    again = tmp_path / "again.qdpx"
    exchange.export_qdpx(sqlite_db, "vendor-project", again)
    qde = _qde(again.read_bytes()).decode()
    assert 'guid="2F24EA88-C6A7-482B-8F89-893EF66D7A21"' in qde and "{" not in qde
    project_schema.validate(io.BytesIO(qde.encode()))
    other = Database(tmp_path / "o.sqlite3")
    exchange.import_qdpx(other, again)
    third = tmp_path / "third.qdpx"
    exchange.export_qdpx(other, "vendor-project", third)
    assert third.read_bytes() == again.read_bytes()
    other.dispose()


def test_spec_example_imports_with_a_report(
    sqlite_db: Database, shared_dir: Path, tmp_path: Path, project_schema
) -> None:
    result = exchange.import_qdpx(sqlite_db, shared_dir / "refi-qda" / "examples" / "spec-example.qdpx")
    assert result["town"] == "atlas-ti-standard-project"
    assert result["imported"] == {"codes": 14, "notes": 2, "users": 3}
    skipped = result["not_represented"]
    assert len(skipped) == 19
    assert sum("missing from the package" in s for s in skipped) == 6
    assert sum("only text sources are represented" in s for s in skipped) == 6
    assert skipped[-3:] == [
        "Links (1) are not represented",
        "Sets (16) are not represented",
        "Graphs (1) are not represented",
    ]
    assert "TextSource 'Simon.docx': 3 coded selections left out with it" in skipped
    out = tmp_path / "again.qdpx"
    assert exchange.export_qdpx(sqlite_db, "atlas-ti-standard-project", out)["codes"] == 14
    qde = _qde(out.read_bytes())
    project_schema.validate(io.BytesIO(qde))
    assert b'<Code guid="0F8A1907-7E42-4739-8610-A676B4D1B69F" name="Feelings" isCodable="true" color="#F00082">' in qde


@pytest.mark.parametrize(
    "members, message",
    [
        ({"project.qde": VENDOR_QDE.encode(), "../evil.txt": b"x"}, "path traversal"),
        ({"project.qde": VENDOR_QDE.encode(), "/etc/evil": b"x"}, "path traversal"),
        ({"project.qde": b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project name="&a;"/>'}, "unsafe XML"),
        (
            {"project.qde": b'<?xml version="1.0"?><!DOCTYPE p SYSTEM "file:///etc/passwd"><Project name="x"/>'},
            "unsafe XML",
        ),
        ({"project.qde": b"<Project name='x'"}, "not well-formed"),
        ({"other.xml": b"<x/>"}, "no project.qde"),
        ({"project.qde": b"\0" * (3 * 1024 * 1024)}, "zip bomb"),
    ],
)
def test_hostile_packages_are_refused(members: dict[str, bytes], message: str) -> None:
    with pytest.raises(InputError, match=message):
        refiqda.read_qdpx(_zip(members), "bad.qdpx")


def test_source_text_files_are_decoded_strictly() -> None:
    name = "sources/17FB9CB8-7858-4291-A162-65424B9942EC.txt"
    text = "Line one.\nČas je zlato.\nEnd.\n"
    for raw in (text.encode("cp1250"), b"\xff\xfe" + text.encode("utf-16-le"), b"\xef\xbb\xbf" + text.encode()):
        project, _ = refiqda.read_qdpx(_zip({"project.qde": VENDOR_QDE.encode(), name: raw}), "v.qdpx")
        assert project.sources[0].text == "Line one.\nČas je zlato.\nEnd.\n"
    with pytest.raises(InputError) as err:
        refiqda.read_qdpx(_zip({"project.qde": VENDOR_QDE.encode(), name: text.encode("utf-16-le")}), "v.qdpx")
    assert err.value.message == (
        f"v.qdpx/{name}: looks like UTF-16 LE text without a byte-order mark (BOM); "
        "save the file as UTF-8 (or as UTF-16 with a BOM)"
    )


def test_not_a_zip_is_refused() -> None:
    with pytest.raises(InputError, match="not a ZIP"):
        refiqda.read_qdpx(b"hello", "bad.qdpx")


def test_importing_twice_as_a_new_town_is_refused(sqlite_db: Database, tmp_path: Path) -> None:
    qde = VENDOR_QDE.replace('name="Interview č.1"', 'name="Interview č.1"').encode()
    package = tmp_path / "v.qdpx"
    package.write_bytes(_zip({"project.qde": qde, "sources/17FB9CB8-7858-4291-A162-65424B9942EC.txt": b"short"}))
    exchange.import_qdpx(sqlite_db, package)  # the selection is outside the 5-character text: reported, not fatal
    with pytest.raises(Exception, match="already exists"):
        exchange.import_qdpx(sqlite_db, package)
    from townpaths.cases.towns import list_towns

    assert [t["slug"] for t in list_towns(sqlite_db)] == ["vendor-project"]


def test_case_bundles_keep_the_coding(velenje_sqlite: Database, tmp_path: Path) -> None:
    from townpaths.cases.towns import export_case, import_case

    export_case(velenje_sqlite, "velenje", tmp_path / "bundle.zip")
    import_case(velenje_sqlite, tmp_path / "bundle.zip", slug="velenje-copy")
    exchange.export_qdpx(velenje_sqlite, "velenje", tmp_path / "a.qdpx")
    exchange.export_qdpx(velenje_sqlite, "velenje-copy", tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()
    assert [h["id"] for h in service.search(velenje_sqlite, "velenje-copy", "mentaliteta")] == [5]


def test_import_into_an_existing_town_skips_what_is_there(sqlite_db: Database, tmp_path: Path) -> None:
    raw = "Line one.\r\nČas je zlato.\r\nEnd.\r\n"
    package = tmp_path / "vendor.qdpx"
    package.write_bytes(
        _zip(
            {
                "project.qde": VENDOR_QDE.encode(),
                "sources/17FB9CB8-7858-4291-A162-65424B9942EC.txt": raw.encode("utf-8"),
            }
        )
    )
    exchange.import_qdpx(sqlite_db, package)
    again = exchange.import_qdpx(sqlite_db, package, town="vendor-project")
    assert again["imported"] == {"codes already present": 1}
    assert again["not_represented"] == [
        "PictureSource 'photo.jpg': only text sources are represented",
        "Sets (1) are not represented",
        "source 'Interview č.1': already in this town (same GUID); skipped",
    ]


# ------------------------------------------------------------------ positions by exporting tool

#: Two transcripts as Windows tools store them: a BOM, CRLF line endings, Slovene letters and emoji
#: (outside the BMP), and the passages coded in them (as they read after normalising).
RAW_SOURCES = {
    "0B000000-0000-4000-8000-000000000001": (
        "\ufeffV: Kje ste delali?\r\nO: V rudniku 🙂 v Velenju, trideset let.\r\n"
        "Še danes pogrešam sodelavce; čas je bil lep.\r\n"
    ),
    "0B000000-0000-4000-8000-000000000002": (
        "\ufeffV: In zrak?\r\nO: Zdaj je čist 🌳. Včasih je bil žveplen.\r\n\r\nKonec.\r\n"
    ),
}
PASSAGES = [
    ("0B000000-0000-4000-8000-000000000001", "V rudniku 🙂 v Velenju"),
    ("0B000000-0000-4000-8000-000000000001", "trideset let.\nŠe danes pogrešam sodelavce"),
    ("0B000000-0000-4000-8000-000000000001", "čas je bil lep."),
    ("0B000000-0000-4000-8000-000000000002", "Zdaj je čist 🌳"),
    ("0B000000-0000-4000-8000-000000000002", "Včasih je bil žveplen.\n\nKonec."),
]
CODE_GUID = "0C000000-0000-4000-8000-000000000001"


def _normalised(guid: str) -> str:
    return RAW_SOURCES[guid][1:].replace("\r\n", "\n")


def _expected() -> list[tuple[int, int, str]]:
    """(start, end, quote) of every coded passage in the imported (normalised) text."""
    out = []
    for guid, passage in PASSAGES:
        start = _normalised(guid).index(passage)
        out.append((start, start + len(passage), passage))
    return sorted(out, key=lambda r: (list(RAW_SOURCES).index(_guid_of(r[2])), r[0]))


def _guid_of(passage: str) -> str:
    return next(g for g, p in PASSAGES if p == passage)


def _name(passage: str) -> str:
    """A selection named by its text, as ATLAS.ti names them (cut with an ellipsis when long)."""
    flat = " ".join(passage.split())
    return flat if len(flat) <= 20 else flat[:20] + "…"


def _vendor_project(origin: str, convention: str, *, names: bool) -> bytes:
    """A ``.qdpx`` written the way a tool writing ``convention`` positions writes it."""
    selections: dict[str, list[str]] = {guid: [] for guid in RAW_SOURCES}
    for n, (guid, passage) in enumerate(PASSAGES, 1):
        text = _normalised(guid)
        start, end = text.index(passage), text.index(passage) + len(passage)
        if convention == "stored":  # every line ending before a position is two characters as stored
            start, end = start + text[:start].count("\n"), end + text[:end].count("\n")
        name = f' name="{_name(passage)}"' if names else ""
        selections[guid].append(
            f'<PlainTextSelection guid="0D000000-0000-4000-8000-00000000000{n}"{name} '
            f'startPosition="{start}" endPosition="{end}">'
            f'<Coding guid="0E000000-0000-4000-8000-00000000000{n}"><CodeRef targetGUID="{CODE_GUID}"/></Coding>'
            "</PlainTextSelection>"
        )
    sources = "".join(
        f'<TextSource guid="{guid}" name="Intervju {i}" plainTextPath="internal://{guid}.txt">'
        + "".join(selections[guid])
        + "</TextSource>"
        for i, guid in enumerate(RAW_SOURCES, 1)
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="Vendor project" origin="{origin}">'
        f'<CodeBook><Codes><Code guid="{CODE_GUID}" name="Delo" isCodable="true"/></Codes></CodeBook>'
        f"<Sources>{sources}</Sources></Project>"
    )
    members = {"project.qde": qde.encode()}
    members.update({f"sources/{guid}.txt": raw.encode("utf-8") for guid, raw in RAW_SOURCES.items()})
    return _zip(members)


def _coded(db: Database, town: str) -> list[tuple[int, int, str]]:
    rows = service.segments_by_code(db, town, "Delo")
    return [(r["start"], r["end"], r["quote"]) for r in rows]


@pytest.mark.parametrize(
    "origin, convention, names, reason",
    [
        (
            "ATLAS.ti 23.2.1 (Windows)",
            "lf",
            True,
            "positions one character per line ending (a CRLF counts as one), from origin "
            "'ATLAS.ti 23.2.1 (Windows)'; confirmed by 2 selections quoting their text",
        ),
        (
            "MAXQDA 2022 (Release 22.7.0)",
            "stored",
            False,
            "positions as stored (a CRLF line ending counts as two characters), from origin "
            "'MAXQDA 2022 (Release 22.7.0)'",
        ),
        (
            "NVivo 14",
            "stored",
            True,
            "positions as stored (a CRLF line ending counts as two characters), from origin 'NVivo 14'; "
            "confirmed by 5 selections quoting their text",
        ),
    ],
)
def test_positions_are_read_in_the_exporting_tools_convention(
    db: Database, tmp_path: Path, project_schema, origin: str, convention: str, names: bool, reason: str
) -> None:
    data = _vendor_project(origin, convention, names=names)
    project_schema.validate(io.BytesIO(_qde(data)))
    package = tmp_path / "vendor.qdpx"
    package.write_bytes(data)
    result = exchange.import_qdpx(db, package)
    assert result["imported"] == {"codes": 1, "codings": 5, "sources": 2}
    assert result["positions"] == {"convention": convention, "reason": reason}
    assert _coded(db, "vendor-project") == _expected()
    # the sources are stored and exported LF-only, without the BOM, at the same positions
    out = tmp_path / "out.qdpx"
    exchange.export_qdpx(db, "vendor-project", out)
    with zipfile.ZipFile(out) as zf:
        texts = {n: zf.read(n).decode() for n in zf.namelist() if n.startswith("sources/")}
    assert texts == {f"sources/{g}.txt": _normalised(g) for g in RAW_SOURCES}
    again, report = refiqda.read_qdpx(out.read_bytes())
    assert report.positions["convention"] == "stored" and "no text has CRLF" in report.positions["reason"]
    passages = [s.text[sel.start : sel.end] for s in again.sources for sel in s.selections]
    assert sorted(passages) == sorted(p for _, p in PASSAGES)


def test_selection_names_overrule_the_origin(sqlite_db: Database, tmp_path: Path) -> None:
    # a tool that names no convention but counts like ATLAS.ti: the quoted names decide
    package = tmp_path / "v.qdpx"
    package.write_bytes(_vendor_project("Some converter 0.3", "lf", names=True))
    result = exchange.import_qdpx(sqlite_db, package)
    assert result["positions"] == {
        "convention": "lf",
        "reason": "positions one character per line ending (a CRLF counts as one): origin 'Some converter 0.3' "
        "suggests positions as stored, but 2 selections quote their text only this way",
    }
    assert _coded(sqlite_db, "vendor-project") == _expected()


def test_positions_can_be_overridden(sqlite_db: Database, tmp_path: Path) -> None:
    package = tmp_path / "v.qdpx"
    package.write_bytes(_vendor_project("ATLAS.ti 9", "lf", names=True))
    result = exchange.import_qdpx(sqlite_db, package, positions="stored")
    assert result["positions"] == {
        "convention": "stored",
        "reason": "positions as stored (a CRLF line ending counts as two characters), as asked "
        "(though 2 selections quote their text only the other way)",
    }
    # read as stored, every selection moves back one character per line ending before it
    # (a name quoting its text is compared without the whitespace at its ends: two still quote it)
    assert _coded(sqlite_db, "vendor-project") == [
        (21, 42, " V rudniku 🙂 v Velenj"),
        (44, 84, " trideset let.\nŠe danes pogrešam sodelav"),
        (86, 101, "; čas je bil le"),
        (14, 28, " Zdaj je čist "),
        (30, 58, " Včasih je bil žveplen.\n\nKon"),
    ]
    with pytest.raises(InputError, match="positions are stored or lf"):
        exchange.import_qdpx(sqlite_db, package, town="vendor-project", positions="crlf")


def test_code_names_are_unique_in_exports_and_come_back(
    velenje_sqlite: Database, tmp_path: Path, project_schema, shared_dir: Path
) -> None:
    import re

    out, qdc = tmp_path / "v.qdpx", tmp_path / "v.qdc"
    exchange.export_qdpx(velenje_sqlite, "velenje", out)
    exchange.export_codebook(velenje_sqlite, "velenje", qdc)
    project_schema.validate(io.BytesIO(_qde(out.read_bytes())))
    xmlschema.XMLSchema(shared_dir / "refi-qda" / "Codebook.xsd").validate(str(qdc))
    for data in (_qde(out.read_bytes()).decode(), qdc.read_text(encoding="utf-8")):
        names = re.findall(r'<Code guid="[^"]+" name="([^"]+)"', data)
        assert len(names) == 27 and len({n.casefold() for n in names}) == 27
        assert [n for n in names if n.startswith(("dominant", "alternative"))] == [
            "dominant (1. building of the modern socialist and industrial town)",
            "alternative (1. building of the modern socialist and industrial town)",
            "dominant (2. socio-economic transition and environmental remediation)",
            "alternative (2. socio-economic transition and environmental remediation)",
            "dominant (3. uncertain (post-)industrial future)",
            "alternative (3. uncertain (post-)industrial future)",
        ]
    # imported back, the codes have townpaths' names and tree again, and match the town's own codes
    copy = exchange.import_qdpx(velenje_sqlite, out, slug="copy")
    assert copy["imported"]["codes"] == 27 and copy["imported"]["code names without their parent's name"] == 6
    project, _ = refiqda.read_qdpx(out.read_bytes())
    original = [(d, c.guid, c.name) for root in project.codes for d, c in root.walk()]
    assert [name for _, _, name in original].count("dominant") == 3
    exchange.export_qdpx(velenje_sqlite, "copy", tmp_path / "copy.qdpx")
    assert _qde((tmp_path / "copy.qdpx").read_bytes()).count(b"<Code ") == 27
    again, _ = refiqda.read_qdpx((tmp_path / "copy.qdpx").read_bytes())
    assert [(d, c.guid, c.name) for root in again.codes for d, c in root.walk()] == original
    into = exchange.import_qdpx(velenje_sqlite, out, town="velenje")
    assert into["imported"]["codes already present"] == 27 and "codes" not in into["imported"]
    codes, report = refiqda.read_qdc(qdc.read_bytes())
    assert [(d, c.guid, c.name) for root in codes for d, c in root.walk()] == original
    assert report.counts == {"code names without their parent's name": 6}
