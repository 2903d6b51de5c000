"""Employment import, indicators and the computed evidence on SQLite and PostgreSQL, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from townpaths.cases.case import open_case
from townpaths.cli.main import app
from townpaths.studies.economy.service import import_employment, indicators
from townpaths.core.errors import InputError
from townpaths.formats.tables import write_rows
from townpaths.studies.synthesis.service import case_evidence
from townpaths.cases.towns import load_velenje

CSV = """year,area,firm,nace,employees
2019,town,Firm A,C27.51,50
2019,town,Firm B,B05.20,30
2019,town,Firm C,G47.11,20
2019,national,,C27.51,10
2019,national,,B05.20,10
2019,national,,G47.11,80
"""


def test_import_indicators_and_evidence(velenje, tmp_path: Path) -> None:
    path = tmp_path / "employment.csv"
    path.write_text(CSV, encoding="utf-8")
    result = import_employment(velenje, "velenje", path)
    assert (result["imported"], result["years"]) == (6, [2019])
    assert [(e["key"], e["kind"], e["records"]) for e in result["evidence"]] == [
        ("economy-top2-share-2019", "lock_in", 3), ("economy-hhi-2019", "lock_in", 3),
        ("economy-variety-2019", "path_renewal", 6), ("economy-lq-2019", "lock_in", 6)]
    again = indicators(velenje, "velenje")
    assert again["years"]["2019"]["concentration"]["top2_share"] == pytest.approx(0.8)
    case = open_case("velenje", velenje)
    computed = [e for e in case.records("evidence") if e["origin"] == "computed"]
    assert [e["key"] for e in computed] == ["economy-top2-share-2019", "economy-hhi-2019", "economy-variety-2019",
                                            "economy-lq-2019"]
    assert computed[0]["position"] == max(e["position"] for e in case.records("evidence") if e["origin"] == "study") + 1
    employment_ids = {r["id"] for r in case.records("employment")}
    links = [link for link in case.records("evidence_links") if link["evidence_id"] == computed[0]["id"]]
    assert {link["record_table"] for link in links} == {"employment"}
    assert {link["record_id"] for link in links} <= employment_ids
    lock_in = case_evidence(case)["lock_in"]
    assert lock_in[3]["key"] == "economy-top2-share-2019"
    assert [r["table"] for r in lock_in[3]["rests_on"]] == ["employment"] * 3
    # re-import replaces the year's rows and refreshes the evidence: no duplicates, no dangling links
    import_employment(velenje, "velenje", path)
    case = open_case("velenje", velenje)
    assert len(case.records("employment")) == 6
    assert len([e for e in case.records("evidence") if e["origin"] == "computed"]) == 4
    ids = {r["id"] for r in case.records("employment")}
    assert all(link["record_id"] in ids for link in case.records("evidence_links")
               if link["record_table"] == "employment")


def test_row_level_errors_write_nothing(velenje_sqlite, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("year,area,firm,nace,employees\n2019,town,A,,10\n20x9,town,B,,5\n2019,region,C,,5\n"
                    "2019,town,,,5\n2019,town,D,,-3\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        import_employment(velenje_sqlite, None, path)
    assert exc.value.message.splitlines()[1:] == [
        "row 3, column 'year', value '20x9': year must be a whole number",
        "row 4, column 'area', value 'region': area must be town or national",
        "row 5, column 'firm': give a firm or a NACE code",
        "row 6, column 'employees', value '-3': employees must be a number >= 0",
    ]
    assert [e.row for e in exc.value.errors] == [3, 4, 5, 6]
    assert open_case("velenje", velenje_sqlite).records("employment") == []


def test_cli_xlsx_import_and_indicators_json(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "e.sqlite3")
    from townpaths.storage import Database

    database = Database(db)
    load_velenje(database)
    database.dispose()
    xlsx = write_rows(tmp_path / "emp.xlsx", ["year", "firm", "employees"],
                       [[2018, "Big", 70], [2018, "Mid", 20], [2018, "Small", 10]])
    out = runner.invoke(app, ["economy", "import", str(xlsx), "--db", db])
    assert out.exit_code == 0, out.output
    assert out.output == "Imported 3 employment rows into velenje (years 2018); 2 evidence items.\n"
    out = runner.invoke(app, ["economy", "indicators", "--db", db, "--format", "json"])
    data = json.loads(out.output)
    c = data["years"]["2018"]["concentration"]
    assert c["top2"] == ["Big", "Mid"] and c["top2_share"] == pytest.approx(0.9)
    assert c["hhi"] == pytest.approx(0.54)
    assert [e["key"] for e in data["evidence"]] == ["economy-top2-share-2018", "economy-hhi-2018"]
    text = runner.invoke(app, ["economy", "indicators", "--db", db]).output.splitlines()
    assert text[0] == "2018: 100 employees"
    assert text[1] == "  top-2 firm share 90.0 % (Big, Mid); HHI 0.5400, normalised 0.3100 over 3 units"
    bad = runner.invoke(app, ["economy", "import", str(tmp_path / "missing.csv"), "--db", db])
    assert bad.exit_code == 3
    assert "missing.csv: file not found" in bad.output


def test_bundle_round_trip_keeps_evidence_links_to_employment(velenje_sqlite, tmp_path: Path) -> None:
    from townpaths.cases.towns import export_case, import_case

    path = tmp_path / "employment.csv"
    path.write_text(CSV, encoding="utf-8")
    import_employment(velenje_sqlite, "velenje", path)
    export_case(velenje_sqlite, "velenje", tmp_path / "bundle.zip")
    import_case(velenje_sqlite, tmp_path / "bundle.zip", slug="copy")
    copy = open_case("copy", velenje_sqlite)
    ids = {r["id"] for r in copy.records("employment")}
    links = [link for link in copy.records("evidence_links") if link["record_table"] == "employment"]
    assert len(links) == 18 and all(link["record_id"] in ids for link in links)
    assert len(copy.records("innovation_actors")) == 9
    assert len(copy.records("sustainability_indicators")) == 4
    again = indicators(velenje_sqlite, "copy")
    assert [e["key"] for e in again["evidence"]][0] == "economy-top2-share-2019"


def test_cli_text_with_national_reference(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "n.sqlite3")
    from townpaths.storage import Database

    database = Database(db)
    load_velenje(database)
    database.dispose()
    path = tmp_path / "employment.csv"
    path.write_text(CSV, encoding="utf-8")
    assert runner.invoke(app, ["economy", "import", str(path), "--db", db]).exit_code == 0
    lines = runner.invoke(app, ["economy", "indicators", "--db", db]).output.splitlines()
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
