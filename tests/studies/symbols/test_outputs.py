"""XLSForm (pyxform), GeoJSON (RFC 7946), CSV/XLSX export, Table 1 and the offline map."""

from __future__ import annotations

import csv
import re

import pytest

from tests.studies.symbols import kobo_data as K
from townpaths.cases.case import open_case
from townpaths.studies.symbols import service
from townpaths.studies.symbols.core.map import map_svg
from townpaths.studies.symbols.core.table1 import scale_records, table1


def test_xlsform_converts_with_pyxform(velenje_sqlite, tmp_path):
    from pyxform.xls2xform import convert

    path = service.write_xlsform(velenje_sqlite, None, tmp_path / "form.xlsx")
    warnings: list[str] = []
    result = convert(str(path), warnings=warnings)
    assert warnings == []
    xform = result.xform
    assert 'type="geopoint"' in xform and 'nodeset="/data/location"' in xform
    assert 'mediatype="image/*"' in xform and 'ref="/data/more_photos/extra_photo"' in xform
    assert "instance('type')/root/item[category= /data/category ]" in xform
    types = re.findall(r"<name>(t\d+)</name><category>(\w+)</category>", xform)
    assert len(types) == 16 and types[0] == ("t1", "townscape") and types[-1] == ("t16", "professional_texts")
    for list_name in ("category", "type", "theme", "narrative", "preservation", "attitude", "repetition"):
        assert f'<instance id="{list_name}">' in xform


def test_csv_and_xlsx_export(velenje_sqlite, tmp_path):
    from openpyxl import load_workbook

    service.export_symbols(velenje_sqlite, None, "csv", tmp_path / "s.csv")
    rows = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8")))
    assert len(rows) == 23
    assert (rows[0]["category"], rows[0]["type_no"], rows[0]["name"], rows[0]["theme"]) == (
        "townscape",
        "1",
        "Gorenje (factory buildings)",
        "industry",
    )
    service.export_symbols(velenje_sqlite, None, "xlsx", tmp_path / "s.xlsx")
    ws = load_workbook(tmp_path / "s.xlsx")["symbols"]
    assert ws.max_row == 24 and ws.cell(1, 1).value == "record_id"


def test_velenje_table1_matches_the_article(velenje_sqlite, shared_dir):
    case = open_case("velenje", velenje_sqlite)
    rows = table1(
        case.records("symbol_categories"),
        case.records("symbol_types"),
        case.records("symbols"),
        scale_records(case.records("symbol_scales")),
    )
    assert [r["key"] for r in rows] == [
        "townscape",
        "heritage_institutions",
        "tourism_hospitality",
        "cultural_activities",
        "town_symbols_names",
        "professional_texts",
    ]
    assert [r["type_count"] for r in rows] == [5, 1, 3, 4, 2, 1]
    assert [r["symbol_count"] for r in rows] == [8, 2, 3, 4, 4, 2]
    with (shared_dir / "study" / "velenje" / "symbol_types.csv").open(encoding="utf-8") as fh:
        article = list(csv.DictReader(fh))
    assert [(t["no"], t["name_en"]) for r in rows for t in r["types"]] == [
        (int(a["type_no"]), a["type_en"]) for a in article
    ]
    findings = {a["category_id"]: a["finding_en"] for a in article if a["finding_en"]}
    assert {r["key"]: r["finding_en"] for r in rows} == findings
    assert rows[0]["themes"] == {"industry": 2, "coal mining": 4, "socialism": 2}
    professional = rows[5]
    assert [s["name_en"] for t in professional["types"] for s in t["symbols"]] == [
        "strategic, development and sectoral documents",
        "municipal tourism strategy",
    ]
    # the article gives no assessments: nothing is invented
    assert all(r["preservation"]["assessed"] == 0 and r["narratives"]["assessed"] == 0 for r in rows)


def test_table1_distributions_after_fieldwork(velenje_sqlite, tmp_path):
    service.import_symbols(velenje_sqlite, None, K.write_csv(tmp_path / "s.csv", sep=",", labels=False))
    case = open_case("velenje", velenje_sqlite)
    rows = {
        r["key"]: r
        for r in table1(case.records("symbol_categories"), case.records("symbol_types"), case.records("symbols"))
    }
    town = rows["townscape"]
    assert town["symbol_count"] == 9
    assert [(lv["key"], lv["count"]) for lv in town["preservation"]["levels"]] == [
        ("ruined", 0),
        ("poor", 0),
        ("fair", 0),
        ("good", 0),
        ("very_good", 1),
    ]
    assert (town["preservation"]["assessed"], town["preservation"]["not_assessed"]) == (1, 8)
    shares = {s["key"]: s["share"] for s in town["narratives"]["shares"]}
    assert shares == {"socialist_nostalgia": 1.0, "industrial": 0.0, "post_industrial": 0.0, "other": 0.0}
    culture = rows["cultural_activities"]
    assert [(lv["key"], lv["count"]) for lv in culture["attitude"]["levels"]][-1] == ("very_positive", 1)
    assert (culture["intangible"], culture["invisible"]) == (1, 1)


def test_map_svg_projects_lon_lat_and_escapes():
    svg = map_svg(
        [
            {"id": 1, "name": "West <b>", "theme": "socialism", "latitude": 46.36, "longitude": 15.10},
            {"id": 2, "name": "East", "theme": "industry", "latitude": 46.36, "longitude": 15.12},
            {"id": 3, "name": "North", "theme": None, "latitude": 46.37, "longitude": 15.11},
            {"id": 4, "name": "Nowhere", "theme": None, "latitude": None, "longitude": None},
        ],
        link=lambda s: f"/s/{s['id']}",
    )
    assert 'data-points="3"' in svg and "West &lt;b&gt;" in svg and "<b>" not in svg
    xs = {m[0]: float(m[1]) for m in re.findall(r'data-symbol-id="(\d)"><circle cx="([\d.]+)"', svg)}
    ys = {m[0]: float(m[1]) for m in re.findall(r'data-symbol-id="(\d)"><circle cx="[\d.]+" cy="([\d.]+)"', svg)}
    assert xs["1"] < xs["3"] < xs["2"]
    assert ys["3"] < ys["1"] == ys["2"]  # north is up
    assert 'href="/s/2"' in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    empty = map_svg([], empty_text="No symbol has coordinates yet.")
    assert 'data-points="0"' in empty and "No symbol has coordinates yet." in empty


def test_report_helpers(velenje_sqlite, tmp_path):
    from townpaths.studies.symbols.sections import case_map_svg, case_table1

    case = open_case("velenje", velenje_sqlite)
    assert 'data-points="0"' in case_map_svg(case, "sl") and "Noben simbol še nima koordinat." in case_map_svg(
        case, "sl"
    )
    service.import_symbols(velenje_sqlite, None, K.write_csv(tmp_path / "s.csv", sep=",", labels=False))
    svg = case_map_svg(case, "en")
    assert 'data-points="2"' in svg and 'href="#symbols-24"' in svg
    assert [r["symbol_count"] for r in case_table1(case)] == [9, 2, 3, 5, 5, 2]


def test_odk_central_csv(velenje_sqlite, tmp_path):
    path = tmp_path / "odk.csv"
    path.write_text(
        "SubmissionDate,surveyor,category,type,name,location-Latitude,location-Longitude,"
        "location-Altitude,location-Accuracy,meta-instanceID,KEY\n"
        "2018-05-03T10:00:00Z,Ana,townscape,t4,Miner monument,46.3601,15.1120,380,5,"
        "uuid:11111111-2222,uuid:11111111-2222\n",
        encoding="utf-8",
    )
    result = service.import_symbols(velenje_sqlite, None, path)
    assert (result["kind"], result["imported"]) == ("kobo", 1)
    rows = [r for r in service.symbol_rows(velenje_sqlite, None) if r["external_id"] == "kobo:11111111-2222"]
    assert [(r["name"], r["latitude"], r["longitude"], r["type_no"]) for r in rows] == [
        ("Miner monument", 46.3601, 15.112, 4)
    ]


def test_typology_is_extensible_per_study(velenje_sqlite, tmp_path):
    from pyxform.xls2xform import convert

    from townpaths.core.errors import InputError

    added = service.add_type(
        velenje_sqlite,
        None,
        "soundscape",
        "sirens and mine whistles",
        "sirene in rudniške piščalke",
        category_en="soundscape",
        category_sl="zvočna pokrajina",
    )
    assert added == {"category": "soundscape", "no": 17, "name_en": "sirens and mine whistles"}
    assert service.add_type(velenje_sqlite, None, "townscape", "slag heaps")["no"] == 18
    with pytest.raises(InputError) as err:
        service.add_type(velenje_sqlite, None, "smells", "coal smoke")
    assert err.value.field == "category" and "give --category-en" in err.value.message
    xform = convert(str(service.write_xlsform(velenje_sqlite, None, tmp_path / "f.xlsx"))).xform
    assert "<name>t17</name><category>soundscape</category>" in xform
    assert "<name>t18</name><category>townscape</category>" in xform
    path = tmp_path / "t.csv"
    path.write_text("type,name\nsirens and mine whistles,Noon siren\n", encoding="utf-8")
    assert service.import_symbols(velenje_sqlite, None, path)["imported"] == 1


def test_define_scale_from_typed_levels(velenje_sqlite, tmp_path):
    from openpyxl import load_workbook

    from townpaths.core.errors import InputError

    assert service.define_scale(
        velenje_sqlite, None, "attitude", [" no = rejects it = ga zavrača", "yes=values it"]
    ) == {"scale": "attitude", "levels": ["no", "yes"]}
    for levels, bad in ((["yes=values it", "maybe"], "maybe"), (["=x"], "=x"), (["a= "], "a= ")):
        with pytest.raises(InputError) as exc:
            service.define_scale(velenje_sqlite, None, "attitude", levels)
        assert exc.value.message == f"field 'attitude', value {bad!r}: a level is key=English label[=Slovene label]"
    out = service.write_xlsform(velenje_sqlite, None, tmp_path / "f.xlsx")
    choices = [r for r in load_workbook(out)["choices"].iter_rows(values_only=True) if r[0] == "attitude"]
    assert [(r[1], r[2], r[3]) for r in choices] == [
        ("no", "rejects it", "ga zavrača"),
        ("yes", "values it", "values it"),
    ]  # English stands in
