"""``townpaths economy``: import employment, print the indicators."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.studies.economy.test_economy_service import CSV
from tests.support.cli import run
from townpaths.formats.tables import write_rows
from townpaths.storage import Database


def test_xlsx_import_and_indicators_json(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    xlsx = write_rows(
        tmp_path / "emp.xlsx",
        ["year", "firm", "employees"],
        [[2018, "Big", 70], [2018, "Mid", 20], [2018, "Small", 10]],
    )
    out = run("economy", "import", xlsx, *db)
    assert out.output == "Imported 3 employment rows into velenje (years 2018); 2 evidence items.\n"
    data = json.loads(run("economy", "indicators", *db, "--format", "json").output)
    c = data["years"]["2018"]["concentration"]
    assert c["top2"] == ["Big", "Mid"] and c["top2_share"] == pytest.approx(0.9)
    assert c["hhi"] == pytest.approx(0.54)
    assert [e["key"] for e in data["evidence"]] == ["economy-top2-share-2018", "economy-hhi-2018"]
    text = run("economy", "indicators", *db).output.splitlines()
    assert text[0] == "2018: 100 employees"
    assert text[1] == "  top-2 firm share 90.0 % (Big, Mid); HHI 0.5400, normalised 0.3100 over 3 units"
    bad = run("economy", "import", tmp_path / "missing.csv", *db, code=3)
    assert "missing.csv: file not found" in bad.output
    again = run("economy", "import", xlsx, *db, "--format", "csv").output
    assert again == "town,imported,years,evidence\nvelenje,3,2018,economy-top2-share-2018; economy-hhi-2018\n"


def test_text_and_csv_with_national_reference(velenje_sqlite: Database, tmp_path: Path) -> None:
    db = ["--db", velenje_sqlite.url]
    path = tmp_path / "employment.csv"
    path.write_text(CSV, encoding="utf-8")
    run("economy", "import", path, *db)
    lines = run("economy", "indicators", *db).output.splitlines()
    assert lines == [
        "2019: 100 employees",
        "  top-2 firm share 80.0 % (Firm A, Firm B); HHI 0.3800, normalised 0.0700 over 3 units",
        "  variety (bits): total 1.4855 = related 0.0000 + unrelated 1.4855",
        "  LQ of the largest sector C27.51: 5.000; highest: C27.51 5.000, B05.20 3.000, G47.11 0.250 "
        "(all in --format json)",
        "evidence economy-top2-share-2019 [lock_in]: In 2019 the two largest employers (Firm A, Firm B) held 80.0 % "
        "of the town's employment (lock-in at 40.0 % or more).",
        "evidence economy-hhi-2019 [lock_in]: In 2019 the Herfindahl-Hirschman index of employment by firm was 0.380 "
        "(normalised 0.070; highly concentrated at 0.25 or more).",
        "evidence economy-variety-2019 [path_renewal]: In 2019 the town's total variety was 1.485 bits (related "
        "0.000, unrelated 1.485), at or above the national 0.922.",
        "evidence economy-lq-2019 [lock_in]: In 2019 the town's largest sector C27.51 had a location quotient of "
        "5.00 against the national reference (over-specialised at 2.0 or more).",
    ]
    rows = list(csv.DictReader(io.StringIO(run("economy", "indicators", *db, "--format", "csv").output)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["town"], row["year"], row["total_employees"], row["concentration.top2"]) == (
        "velenje",
        "2019",
        "100.0",
        "Firm A; Firm B",
    )
    assert (row["location_quotients.C27.51"], row["location_quotients.G47.11"], row["largest_sector"]) == (
        "5.0",
        "0.25",
        "C27.51",
    )
