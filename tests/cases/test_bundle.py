"""Lossless bundles: export -> import into an empty database gives identical content."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from townpaths.cases.case import open_case
from townpaths.cases.towns import export_case, import_case, load_velenje
from townpaths.core.errors import InputError, TownpathsError
from townpaths.storage import Database
from townpaths.storage.models import Symbol, SymbolPhoto


def _content(path: Path) -> dict:
    return json.loads((path / "case.json").read_text(encoding="utf-8"))


def test_round_trip_is_identical(velenje: Database, tmp_path: Path) -> None:
    with velenje.transaction() as session:
        symbol = session.query(Symbol).filter_by(name_en="Tito monument").one()
        session.add(
            SymbolPhoto(
                town_id=symbol.town_id,
                symbol_id=symbol.id,
                filename="tito.jpg",
                media_type="image/jpeg",
                sha256="x",
                content=b"\xff\xd8binary\x00photo",
            )
        )
    first = export_case(velenje, "velenje", tmp_path / "one")
    empty = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    town = import_case(empty, first)
    assert town.slug == "velenje"
    second = export_case(empty, "velenje", tmp_path / "two")
    assert _content(first) == _content(second)
    photo_files = list((second / "files").iterdir())
    assert len(photo_files) == 1 and photo_files[0].read_bytes() == b"\xff\xd8binary\x00photo"
    assert open_case("velenje", empty).counts() == open_case("velenje", velenje).counts()


def test_import_into_other_database_kind(velenje: Database, tmp_path: Path) -> None:
    """Bundles move between SQLite and PostgreSQL (the ``db`` fixture runs both ways)."""
    bundle = export_case(velenje, None, tmp_path / "v.zip")
    other = Database(tmp_path / "other.sqlite3")
    import_case(other, bundle, slug="velenje-copy")
    case = open_case("velenje-copy", other)
    assert [r["text_en"] for r in case.records("problems")][:2] == [
        "vulnerable economy resting on two companies",
        "uncertain future after the coal mine closes",
    ]
    export_case(other, "velenje-copy", tmp_path / "back")
    a, b = _content(tmp_path / "back"), json.loads(zipfile.ZipFile(bundle).read("case.json"))
    assert a["tables"] == b["tables"]
    assert a["town"]["slug"] == "velenje-copy"


def test_import_twice_is_refused_and_writes_nothing(velenje_sqlite: Database, tmp_path: Path) -> None:
    bundle = export_case(velenje_sqlite, None, tmp_path / "b")
    with pytest.raises(TownpathsError, match="town 'velenje' already exists"):
        import_case(velenje_sqlite, bundle)
    assert open_case("velenje", velenje_sqlite).counts()["innovations"] == 21


def test_bad_bundles_name_the_problem(sqlite_db: Database, tmp_path: Path) -> None:
    load_velenje(sqlite_db)
    bundle = export_case(sqlite_db, None, tmp_path / "b")
    data = _content(bundle)
    data["town"]["slug"] = "broken"
    data["tables"]["innovations"][3]["year"] = "1974?"
    (bundle / "case.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_case(sqlite_db, bundle)
    assert err.value.message.endswith(
        "case.json: tables.innovations[3], field 'year', value '1974?': expected a whole number"
    )
    data["tables"]["innovations"][3]["year"] = 1974
    data["tables"]["solutions"][0]["problem_id"] = 999
    (bundle / "case.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_case(sqlite_db, bundle)
    assert "tables.solutions[0]" in err.value.message and "'problem_id'" in err.value.message
    assert "refers to a missing problems row" in err.value.message and "999" in err.value.message
    # nothing of the broken town was written
    with pytest.raises(TownpathsError, match="unknown town 'broken'"):
        open_case("broken", sqlite_db)

    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="neither a folder nor a zip"):
        import_case(sqlite_db, tmp_path / "junk.zip")
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as zf:
        zf.writestr(
            "case.json",
            json.dumps(
                {
                    **data,
                    "tables": {
                        "symbol_photos": [
                            {
                                "id": 1,
                                "symbol_id": 1,
                                "filename": "x",
                                "sha256": "x",
                                "content": {"$file": "../../etc/passwd"},
                            }
                        ]
                    },
                }
            ),
        )
    with pytest.raises(InputError, match="unsafe path in bundle"):
        import_case(sqlite_db, tmp_path / "evil.zip")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "case.json").write_text('{"format": "something"}')
    with pytest.raises(InputError, match="not a townpaths bundle"):
        import_case(sqlite_db, tmp_path / "other")


def test_folder_bundles_read_only_regular_files_inside(tmp_path: Path) -> None:
    import os

    from townpaths.cases.bundle import BundleReader

    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    bundle = tmp_path / "b"
    (bundle / "files").mkdir(parents=True)
    (bundle / "files" / "photo").write_bytes(b"\xff\xd8photo")
    (bundle / "files" / "link").symlink_to(outside)
    (bundle / "linked").symlink_to(bundle / "files")
    os.mkfifo(bundle / "files" / "pipe")
    reader = BundleReader(bundle)
    assert reader.read("files/photo") == b"\xff\xd8photo"
    assert reader.read("./files//photo") == b"\xff\xd8photo"
    cases = {
        "files/link": "symbolic link in bundle refused",
        "linked/photo": "symbolic link in bundle refused",
        "files/pipe": "not a regular file in bundle (folder, device or pipe) refused",
        "files": "not a regular file in bundle (folder, device or pipe) refused",
        "files/missing": "file missing from bundle",
    }
    for name, reason in cases.items():
        with pytest.raises(InputError) as err:
            reader.read(name)
        assert err.value.message == f"{bundle}, value {name!r}: {reason}"
    for name in ("../secret.txt", "files/../../secret.txt", str(outside), "C:/x", ""):
        with pytest.raises(InputError) as err:
            reader.read(name)
        assert err.value.message == f"{bundle}, field '$file', value {name!r}: unsafe path in bundle"


def test_zipped_bundles_go_through_the_archive_guard(tmp_path: Path) -> None:
    from townpaths.cases.bundle import BundleReader

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("case.json", b"{}")
        zf.writestr("files/x", b"\0" * (2 * 1024**2))
    packed = zipfile.ZipFile(bomb).getinfo("files/x").compress_size
    with pytest.raises(InputError) as err:
        BundleReader(bomb)
    assert err.value.message == (
        f"{bomb}, value 'files/x': suspicious compression ratio in the bundle (zip bomb?): "
        f"2097152 bytes packed into {packed}"
    )
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../case.json", b"{}")
    with pytest.raises(InputError) as err:
        BundleReader(evil)
    assert (
        err.value.message
        == f"{evil}, value '../case.json': unsafe path in the bundle (path traversal or absolute path)"
    )
    ok = tmp_path / "ok.zip"
    with zipfile.ZipFile(ok, "w") as zf:
        zf.writestr("case.json", b'{"format": "townpaths-bundle", "version": 1}')
    with BundleReader(ok) as reader:
        assert reader.case() == {"format": "townpaths-bundle", "version": 1}
        with pytest.raises(InputError) as err:
            reader.read("files/none")
        assert err.value.message == f"{ok}, value 'files/none': file missing from bundle"
