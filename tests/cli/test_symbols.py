"""``townpaths symbols``: scale, xlsform, template, import, export (format from the suffix), add-type."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.studies.symbols import kobo_data as K
from tests.support.cli import run
from townpaths.storage import Database
from townpaths.studies.symbols import service


def test_xlsform_and_custom_scale(velenje_sqlite: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db = ["--db", velenje_sqlite.url]
    out = tmp_path / "F.xlsx"
    scale = run("symbols", "scale", "attitude", "no=rejects it=ga zavrača", "yes=values it=ga ceni", *db)
    assert scale.output == "Scale attitude: 2 level(s)\n"
    run("symbols", "xlsform", "--output", out, *db)
    choices = [r for r in load_workbook(out)["choices"].iter_rows(values_only=True) if r[0] == "attitude"]
    assert [(r[1], r[2], r[3]) for r in choices] == [
        ("no", "rejects it", "ga zavrača"),
        ("yes", "values it", "ga ceni"),
    ]
    bad = run("symbols", "scale", "attitude", "no=rejects it", "maybe", *db, code=3)
    assert bad.stderr == "Error: field 'attitude', value 'maybe': a level is key=English label[=Slovene label]\n"
    assert json.loads(
        run("symbols", "scale", "repetition", "once=once", "often=often", *db, "--format", "json").output
    ) == {"scale": "repetition", "levels": ["once", "often"]}
    template = run("symbols", "template", "--output", tmp_path / "T.xlsx", *db, "--format", "csv").output
    assert template == f"template\n{tmp_path / 'T.xlsx'}\n"


def test_geojson_follows_rfc7946(velenje_sqlite: Database, tmp_path: Path) -> None:
    service.import_symbols(velenje_sqlite, None, K.write_csv(tmp_path / "s.csv", sep=",", labels=False))
    out = tmp_path / "s.geojson"
    result = run("symbols", "export", "--output", out, "--db", velenje_sqlite.url)
    assert result.stdout.strip() == f"Wrote 26 symbol(s) (2 with coordinates) to {out}"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 26
    for f in data["features"]:
        assert f["type"] == "Feature" and set(f) == {"type", "id", "geometry", "properties"}
        assert f["geometry"] is None or f["geometry"]["type"] == "Point"
    points = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in data["features"] if f["geometry"]}
    assert points == {"Tito monument": [15.1106, 46.3594], "Rudarska cesta": [15.1149, 46.3621]}  # lon, lat
    for lon, lat in points.values():
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_export_format_from_the_suffix(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    summary = json.loads(run("symbols", "export", "-o", tmp_path / "s.csv", "--format", "json", *db).output)
    assert summary == {
        "output": str((tmp_path / "s.csv").resolve()),
        "format": "csv",
        "symbols": 23,
        "with_coordinates": 0,
    }
    rows = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8")))
    assert len(rows) == 23 and rows[0]["name"] == "Gorenje (factory buildings)"
    printed = run("symbols", "export", "-o", tmp_path / "s.xlsx", "--format", "csv", *db).output
    assert list(csv.DictReader(io.StringIO(printed))) == [
        {"output": str((tmp_path / "s.xlsx").resolve()), "format": "xlsx", "symbols": "23", "with_coordinates": "0"}
    ]
    wrong = run("symbols", "export", "-o", tmp_path / "s.kml", *db, code=3)
    assert (
        wrong.stderr == f"Error: {tmp_path / 's.kml'}: cannot tell the file format from the suffix "
        "(use .geojson, .csv, .xlsx)\n"
    )
    assert not (tmp_path / "s.kml").exists()
    old = run("symbols", "export", "--format", "geojson", "-o", tmp_path / "s.geojson", *db, code=2)
    assert "Invalid value for '--format'" in old.output and not (tmp_path / "s.geojson").exists()


def test_import_and_add_type(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    imported = run("symbols", "import", K.write_csv(tmp_path / "s.csv", sep=",", labels=False), *db)
    assert imported.output.startswith("Imported 3 symbol(s) and 0 photo(s) from ")
    added = run(
        "symbols",
        "add-type",
        "soundscape",
        "sirens and mine whistles",
        "--sl",
        "sirene in rudniške piščalke",
        "--category-en",
        "soundscape",
        "--category-sl",
        "zvočna pokrajina",
        "--format",
        "json",
        *db,
    )
    assert json.loads(added.stdout) == {"category": "soundscape", "no": 17, "name_en": "sirens and mine whistles"}
    assert run("symbols", "add-type", "townscape", "slag heaps", *db).output == "Type 18: slag heaps (townscape)\n"
    unknown = run("symbols", "add-type", "smells", "coal smoke", *db, code=3)
    assert unknown.stderr.startswith("Error: field 'category'") and "give --category-en" in unknown.stderr
