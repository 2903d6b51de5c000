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
