"""KoboToolbox/ODK and template imports: realistic exports in, exact records out; broken files
rejected with row, column and value, nothing written."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile

import pytest
from sqlalchemy import func, select

from tests.studies.symbols import kobo_data as K
from townpaths.core.errors import InputError
from townpaths.storage.models import Symbol, SymbolPhoto, SymbolType
from townpaths.studies.symbols import service
from townpaths.studies.symbols.core.records import RejectedRows


def _counts(db) -> tuple[int, int]:
    with db.transaction() as s:
        return (
            s.scalar(select(func.count()).select_from(Symbol)),
            s.scalar(select(func.count()).select_from(SymbolPhoto)),
        )


def _imported(db) -> dict[str, dict]:
    with db.transaction() as s:
        rows = s.execute(select(Symbol, SymbolType.no).join(SymbolType).where(Symbol.source == "kobo")).all()
        return {
            sym.name: {
                "type_no": no,
                "lat": sym.latitude,
                "lon": sym.longitude,
                "theme": sym.theme,
                "tangible": sym.tangible,
                "visible": sym.visible,
                "narrative": sym.narrative,
                "repetition": sym.repetition,
                "preservation": sym.preservation,
                "attitude": sym.attitude,
                "date": sym.surveyed_on,
                "surveyor": sym.surveyor,
                "ext": sym.external_id,
                "period": sym.period_of_origin,
                "address": sym.address,
                "photos": sorted(
                    p.filename for p in s.scalars(select(SymbolPhoto).where(SymbolPhoto.symbol_id == sym.id))
                ),
            }
            for sym, no in rows
        }


EXPECTED_TITO = {
    "type_no": 4,
    "lat": 46.3594,
    "lon": 15.1106,
    "theme": "socialism",
    "tangible": True,
    "visible": True,
    "narrative": "socialist_nostalgia",
    "repetition": "single",
    "preservation": "very_good",
    "attitude": "positive",
    "date": dt.date(2018, 5, 3),
    "surveyor": "Ana",
    "ext": f"kobo:{K.UUIDS[0]}",
    "period": "1977",
    "address": "Titov trg",
    "photos": ["1525334531000.jpg"],
}


def test_kobo_csv_xml_names_comma_with_media_on_both_databases(velenje, tmp_path):
    before = _counts(velenje)
    result = service.import_symbols(
        velenje,
        "velenje",
        K.write_csv(tmp_path / "s.csv", sep=",", labels=False),
        media=K.write_media(tmp_path / "m.zip"),
    )
    assert result == {
        "file": str(tmp_path / "s.csv"),
        "kind": "kobo",
        "rows": 3,
        "imported": 3,
        "skipped_duplicates": 0,
        "photos": 2,
        "photos_not_read": 0,
    }
    assert _counts(velenje) == (before[0] + 3, before[1] + 2)
    got = _imported(velenje)
    assert got["Tito monument"] == EXPECTED_TITO
    assert got["Rudarska cesta"]["type_no"] == 15 and got["Rudarska cesta"]["theme"] == "coal mining"
    songs = got["miners' songs"]
    assert (songs["tangible"], songs["visible"], songs["lat"], songs["preservation"], songs["attitude"]) == (
        False,
        False,
        None,
        None,
        "very_positive",
    )


def test_photo_checksum_and_exif_gps(sqlite_db, tmp_path):
    from townpaths.cases.towns import load_velenje

    load_velenje(sqlite_db)
    media = K.write_media(tmp_path / "m.zip")
    service.import_symbols(sqlite_db, None, K.write_csv(tmp_path / "s.csv", sep=",", labels=False), media=media)
    with zipfile.ZipFile(media) as zf:
        original = zf.read(f"ana/attachments/aKq8wX3nT5/{K.UUIDS[0]}/1525334531000.jpg")
    with sqlite_db.transaction() as s:
        photo = s.scalar(select(SymbolPhoto).where(SymbolPhoto.filename == "1525334531000.jpg"))
        assert photo.sha256 == hashlib.sha256(original).hexdigest()
        assert bytes(photo.content) == original
        assert photo.media_type == "image/jpeg"
        assert (round(photo.latitude, 4), round(photo.longitude, 4)) == (46.3594, 15.1106)
        other = s.scalar(select(SymbolPhoto).where(SymbolPhoto.filename == "1525338000000.jpg"))
        assert other.latitude is None


@pytest.mark.parametrize("sep", [";", ","])
def test_kobo_csv_label_headers_and_label_values(velenje_sqlite, tmp_path, sep):
    path = K.write_csv(tmp_path / "labels.csv", sep=sep, labels=True)
    result = service.import_symbols(velenje_sqlite, None, path, media=K.write_media(tmp_path / "m.zip"))
    assert (result["imported"], result["photos"]) == (3, 2)
    assert _imported(velenje_sqlite)["Tito monument"] == EXPECTED_TITO


@pytest.mark.parametrize("encoding, sep", [("cp1250", ";"), ("utf-16", "\t")])
def test_kobo_csv_from_windows_and_excel_encodings(velenje_sqlite, tmp_path, encoding, sep):
    """Slovene text reads the same from a Windows-1250 or a UTF-16 file."""
    path = K.write_csv(tmp_path / "labels.csv", sep=sep, labels=True)
    text = path.read_text(encoding="utf-8").replace("Titov trg", "Titov trg, Šaleška cesta (čđćž)")
    path.write_bytes(text.encode(encoding))
    result = service.import_symbols(velenje_sqlite, None, path, media=K.write_media(tmp_path / "m.zip"))
    assert (result["imported"], result["photos"]) == (3, 2)
    assert _imported(velenje_sqlite)["Tito monument"] == {**EXPECTED_TITO, "address": "Titov trg, Šaleška cesta (čđćž)"}


def test_kobo_csv_with_mojibake_is_refused(velenje_sqlite, tmp_path):
    path = K.write_csv(tmp_path / "labels.csv", sep=";", labels=True)
    text = path.read_text(encoding="utf-8").replace("Titov trg", "Titov trg, Šalek")
    path.write_bytes(text.encode("utf-8").decode("cp1252").encode("utf-8"))  # saved after a wrong decoding
    before = _counts(velenje_sqlite)
    with pytest.raises(InputError) as err:
        service.import_symbols(velenje_sqlite, None, path)
    assert err.value.message == (
        f"{path}, line 2: the text was decoded with the wrong encoding before it was saved "
        "('Å\\xa0' stands for 'Š'); restore the original file and save it as UTF-8"
    )
    assert _counts(velenje_sqlite) == before


@pytest.mark.parametrize("labels", [False, True])
def test_kobo_xlsx_with_repeat_sheet_and_media(velenje_sqlite, tmp_path, labels):
    path = K.write_xlsx(tmp_path / "export.xlsx", labels=labels)
    result = service.import_symbols(velenje_sqlite, None, path, media=K.write_media(tmp_path / "m.zip"))
    assert (result["imported"], result["photos"]) == (3, 4)
    got = _imported(velenje_sqlite)
    assert got["Tito monument"]["photos"] == ["1525334531000.jpg", "1525334600000.jpg", "1525334700000.jpg"]
    assert got["Tito monument"]["lat"] == 46.3594
    assert got["Rudarska cesta"]["photos"] == ["1525338000000.jpg"]


def test_reimport_does_not_duplicate(velenje_sqlite, tmp_path):
    media = K.write_media(tmp_path / "m.zip")
    service.import_symbols(velenje_sqlite, None, K.write_xlsx(tmp_path / "a.xlsx", labels=False), media=media)
    counts = _counts(velenje_sqlite)
    again = service.import_symbols(
        velenje_sqlite, None, K.write_csv(tmp_path / "b.csv", sep=";", labels=True), media=media
    )
    assert (again["imported"], again["skipped_duplicates"], again["photos"]) == (0, 3, 0)
    assert _counts(velenje_sqlite) == counts


def test_without_media_photos_are_reported_not_read(velenje_sqlite, tmp_path):
    result = service.import_symbols(velenje_sqlite, None, K.write_csv(tmp_path / "s.csv", sep=",", labels=False))
    assert (result["imported"], result["photos"], result["photos_not_read"]) == (3, 0, 2)


def _rejected(db, path, media=None) -> list[dict]:
    before = _counts(db)
    with pytest.raises(RejectedRows) as info:
        service.import_symbols(db, None, path, media=media)
    assert _counts(db) == before
    return info.value.problems


def test_broken_rows_are_all_reported_and_nothing_written(velenje_sqlite, tmp_path):
    subs = [dict(s) for s in K.SUBMISSIONS]
    subs[0]["lat"] = "146.5"  # bad coordinate (row 2)
    subs[1]["type"] = "t99"  # unknown type (row 3)
    subs[2]["attitude"] = "ecstatic"  # not on the scale (row 4)
    problems = _rejected(velenje_sqlite, K.write_csv(tmp_path / "bad.csv", sep=",", labels=False, submissions=subs))
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [
        (2, "_location_latitude", "146.5"),
        (3, "type", "t99"),
        (4, "attitude", "ecstatic"),
    ]
    assert "unknown symbol type" in problems[1]["message"]


def test_bad_raw_geopoint(velenje_sqlite, tmp_path):
    import csv

    path = tmp_path / "raw.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["type", "name", "location", "_uuid"])
        w.writerow(["t4", "Tito monument", "46.3594 15.1106 380 5", "u-1"])
        w.writerow(["t4", "Miner", "north of the square", "u-2"])
    problems = _rejected(velenje_sqlite, path)
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [(3, "location", "north of the square")]


def test_missing_column(velenje_sqlite, tmp_path):
    path = K.write_csv(tmp_path / "nocol.csv", sep=";", labels=True, drop="Type of symbol")
    before = _counts(velenje_sqlite)
    with pytest.raises(InputError) as info:
        service.import_symbols(velenje_sqlite, None, path)
    assert (info.value.row, info.value.field) == (1, "type")
    assert "missing column 'type'" in info.value.message
    assert _counts(velenje_sqlite) == before


def test_photo_missing_from_zip(velenje_sqlite, tmp_path):
    media = K.write_media(tmp_path / "m.zip", skip="1525334700000.jpg")
    problems = _rejected(velenje_sqlite, K.write_xlsx(tmp_path / "e.xlsx", labels=False), media=media)
    assert [(p["row"], p["column"], p["value"], p["sheet"]) for p in problems] == [
        (3, "extra_photo", "1525334700000.jpg", "more_photos")
    ]
    assert "not found in the media ZIP" in problems[0]["message"]


def test_zip_slip_refused(velenje_sqlite, tmp_path):
    bad = tmp_path / "evil.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../../etc/x.jpg", b"x")
    with pytest.raises(InputError, match="unsafe path"):
        service.import_symbols(velenje_sqlite, None, K.write_csv(tmp_path / "s.csv", sep=",", labels=False), media=bad)


def test_template_round_trip(velenje_sqlite, tmp_path):
    from openpyxl import load_workbook

    path = service.write_template(velenje_sqlite, None, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    ws = wb["symbols"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["id", "surveyor", "date", "category", "type", "name"]
    row = dict.fromkeys(header, None) | {
        "id": "F-1",
        "surveyor": "Boris",
        "date": "3. 5. 2018",
        "type": "6",
        "name": "Velenje Museum",
        "theme": "socialism",
        "tangible": "da",
        "visible": "visible",
        "latitude": "46,3582",
        "longitude": "15,1128",
        "preservation": "good",
    }
    ws.append([row[h] for h in header])
    wb.save(path)
    result = service.import_symbols(velenje_sqlite, None, path)
    assert (result["kind"], result["imported"]) == ("template", 1)
    with velenje_sqlite.transaction() as s:
        sym = s.scalar(select(Symbol).where(Symbol.external_id == "id:F-1"))
        assert (sym.source, sym.latitude, sym.longitude, sym.tangible, sym.surveyed_on, sym.preservation) == (
            "fieldwork",
            46.3582,
            15.1128,
            True,
            dt.date(2018, 5, 3),
            "good",
        )
    assert service.import_symbols(velenje_sqlite, None, path)["skipped_duplicates"] == 1


def test_photo_claiming_billions_of_pixels_is_refused():
    import struct
    import zlib

    from townpaths.studies.symbols.formats.photos import PhotoInfo, photo_info

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0))
        + chunk(b"IEND", b"")
    )
    with pytest.raises(InputError) as err:
        photo_info(png, "media.zip/p.png")
    assert err.value.message == "media.zip/p.png: an image of 10000000000 pixels (at most 89478485) refused"
    assert photo_info(b"not an image") == PhotoInfo(hashlib.sha256(b"not an image").hexdigest(), None)
