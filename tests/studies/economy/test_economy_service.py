"""Employment import, indicators and the computed evidence on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from townpaths.cases.case import open_case
from townpaths.core.errors import InputError
from townpaths.studies.economy.service import import_employment, indicators
from townpaths.studies.synthesis.service import case_evidence

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
        ("economy-top2-share-2019", "lock_in", 3),
        ("economy-hhi-2019", "lock_in", 3),
        ("economy-variety-2019", "path_renewal", 6),
        ("economy-lq-2019", "lock_in", 6),
    ]
    again = indicators(velenje, "velenje")
    assert again["years"]["2019"]["concentration"]["top2_share"] == pytest.approx(0.8)
    case = open_case("velenje", velenje)
    computed = [e for e in case.records("evidence") if e["provenance"] == "computed"]
    assert [e["key"] for e in computed] == [
        "economy-top2-share-2019",
        "economy-hhi-2019",
        "economy-variety-2019",
        "economy-lq-2019",
    ]
    assert (
        computed[0]["position"]
        == max(e["position"] for e in case.records("evidence") if e["provenance"] == "study") + 1
    )
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
    assert len([e for e in case.records("evidence") if e["provenance"] == "computed"]) == 4
    ids = {r["id"] for r in case.records("employment")}
    assert all(
        link["record_id"] in ids for link in case.records("evidence_links") if link["record_table"] == "employment"
    )


def test_row_level_errors_write_nothing(velenje_sqlite, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "year,area,firm,nace,employees\n2019,town,A,,10\n20x9,town,B,,5\n2019,region,C,,5\n"
        "2019,town,,,5\n2019,town,D,,-3\n",
        encoding="utf-8",
    )
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
    assert again["evidence"][0]["key"] == "economy-top2-share-2019"
