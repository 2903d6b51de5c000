"""The shared rendering (table, JSON, CSV), option parsing and choice of an export format."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import toy_study
from townpaths.cli.common import OutputFormat, emit, flatten, key_values, pick_export
from townpaths.core.errors import InputError
from townpaths.registry import default_registry


def test_flatten_nests_with_dots_and_joins_plain_lists() -> None:
    assert flatten({"a": 1, "b": {"c": True, "d": {"e": None}}, "f": ["x", 2], "g": [{"h": 1}], "i": False}) == {
        "a": 1,
        "b.c": "true",
        "b.d.e": None,
        "f": "x; 2",
        "g": '[{"h": 1}]',
        "i": "false",
    }


def test_emit_in_the_three_formats(capsys: pytest.CaptureFixture[str]) -> None:
    data = [{"name": "=cmd", "n": 1, "sub": {"x": 0.5}}, {"name": "Šoštanj", "n": 2, "extra": "late"}]
    emit(OutputFormat.json, data, "never shown")
    assert capsys.readouterr().out == (
        '[\n  {\n    "name": "=cmd",\n    "n": 1,\n    "sub": {\n      "x": 0.5\n    }\n'
        '  },\n  {\n    "name": "Šoštanj",\n    "n": 2,\n    "extra": "late"\n  }\n]\n'
    )
    emit(OutputFormat.csv, data, "never shown")
    # every column of every row, in order of first appearance; formula-like text guarded
    assert capsys.readouterr().out == "name,n,sub.x,extra\n'=cmd,1,0.5,\nŠoštanj,2,,late\n"
    emit(OutputFormat.table, data, (f"{r['name']}: {r['n']}" for r in data))
    assert capsys.readouterr().out == "=cmd: 1\nŠoštanj: 2\n"
    emit(OutputFormat.csv, {"one": 1}, "one row")
    assert capsys.readouterr().out == "one\n1\n"
    emit(OutputFormat.csv, [], "nothing", columns=["slug", "name"])
    assert capsys.readouterr().out == "slug,name\n"
    emit(OutputFormat.table, {}, lambda: print("printed by the command"))
    assert capsys.readouterr().out == "printed by the command\n"


def test_key_values() -> None:
    assert key_values(["age group=60+", " sex = f ", "empty="], "--attribute") == {
        "age group": "60+",
        "sex": "f",
        "empty": "",
    }
    with pytest.raises(InputError) as exc:
        key_values(["age"], "--attribute")
    assert exc.value.message == "field '--attribute', value 'age': use --attribute KEY=VALUE"


def test_pick_export_by_suffix_or_by_name() -> None:
    registry = default_registry().with_studies(toy_study.STUDY)
    assert pick_export(registry, "symbols", Path("out/S.GeoJSON")).name == "geojson"
    assert pick_export(registry, "qda", Path("codes.csv"), among=("qdc", "codebook-csv")).name == "codebook-csv"
    assert pick_export(registry, "toy", Path("t.txt")).description == "a toy text file"
    assert pick_export(registry, "workshop", Path("."), kind="preflib").scope == "workshop"
    with pytest.raises(InputError) as exc:
        pick_export(registry, "symbols", Path("s.kml"))
    assert exc.value.message == "s.kml: cannot tell the file format from the suffix (use .geojson, .csv, .xlsx)"
    with pytest.raises(InputError) as exc:
        pick_export(registry, "workshop", Path("."), kind="xml")
    assert exc.value.message == "field '--kind', value 'xml': unknown format (use csv, preflib, json)"
    with pytest.raises(InputError) as exc:
        pick_export(registry, "qda", Path("codes.xlsx"), among=("qdc", "codebook-csv"))
    assert exc.value.message == "codes.xlsx: cannot tell the file format from the suffix (use .qdc, .csv)"
