"""``townpaths formats``: the export formats of the registry the CLI was built with."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from tests.cli import toy_study
from tests.support.cli import run
from townpaths.cli.main import build_cli
from townpaths.registry import default_registry


def test_lists_every_registered_export_format() -> None:
    data = json.loads(run("formats", "--format", "json").output)
    assert [f["name"] for f in data] == [
        "symbols.geojson",
        "symbols.csv",
        "symbols.xlsx",
        "qda.qdpx",
        "qda.qdc",
        "qda.codebook-csv",
        "qda.segments-csv",
        "qda.segments-xlsx",
        "qda.matrix-csv",
        "qda.matrix-xlsx",
        "innovations.csv",
        "innovations.xlsx",
        "innovations.json",
        "sustainability.csv",
        "sustainability.xlsx",
        "workshop.csv",
        "workshop.preflib",
        "workshop.json",
    ]
    assert data[0] == {
        "name": "symbols.geojson",
        "study": "symbols",
        "scope": "town",
        "suffixes": [".geojson"],
        "description": "symbols as a GeoJSON FeatureCollection (QGIS)",
    }
    assert data[-1]["scope"] == "workshop" and data[-1]["suffixes"] == []
    rows = list(csv.DictReader(io.StringIO(run("formats", "--format", "csv").output)))
    assert rows[3] == {
        "name": "qda.qdpx",
        "study": "qda",
        "scope": "town",
        "suffixes": ".qdpx",
        "description": "REFI-QDA project (ATLAS.ti, MAXQDA, NVivo, QualCoder)",
    }
    text = run("formats").output.splitlines()
    assert len(text) == 18
    assert text[0].split() == [
        "symbols.geojson",
        ".geojson",
        "symbols",
        "as",
        "a",
        "GeoJSON",
        "FeatureCollection",
        "(QGIS)",
    ]
    assert text[-2].startswith("workshop.preflib") and "(folder; choose with --as)" in text[-2]


def test_a_plug_in_format_is_listed_and_used() -> None:
    cli = build_cli(default_registry().with_studies(toy_study.STUDY))
    data = json.loads(CliRunner().invoke(cli, ["formats", "--format", "json"]).output)
    assert data[-1] == {
        "name": "toy.txt",
        "study": "toy",
        "scope": "town",
        "suffixes": [".txt"],
        "description": "a toy text file",
    }
