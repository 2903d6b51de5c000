"""The shipped Velenje default case holds exactly the article's findings."""

from __future__ import annotations

import csv

from townpaths.cases.case import open_case
from townpaths.storage import Database
from townpaths.studies.innovations.core.tables import table3
from townpaths.studies.symbols.core.table1 import base_table1
from townpaths.studies.synthesis.core import tables as T
from townpaths.studies.synthesis.service import label_of


def test_velenje_counts_match_the_article(velenje: Database) -> None:
    case = open_case("velenje", velenje)
    counts = case.counts()
    assert counts["symbol_categories"] == 6
    assert counts["symbol_types"] == 16
    assert counts["narratives"] == 18
    assert counts["innovations"] == 21
    assert counts["problems"] == 10
    assert counts["solutions"] == 3
    assert counts["dualities"] == 5
    assert T.interviewees_by_sector(case.records("interviewees")) == [
        ("economy", 13),
        ("science_culture", 4),
        ("municipality", 3),
        ("civil_society", 3),
    ]


def test_velenje_rows_equal_the_study_csv(velenje: Database, shared_dir) -> None:
    case = open_case("velenje", velenje)
    with open(shared_dir / "study" / "velenje" / "innovations.csv", encoding="utf-8") as fh:
        article = [(r["name_en"], r["type_en"], int(r["year"]) if r["year"] else None) for r in csv.DictReader(fh)]
    ours = [(i["name_en"], i["type_en"], i["year"]) for i in table3(case.records("innovations"))]
    assert ours == article
    assert ours[-1] == ("free premises for associations", "new practice", None)
    with open(shared_dir / "study" / "velenje" / "problems.csv", encoding="utf-8") as fh:
        ranks = [(int(r["rank"]), r["problem_en"]) for r in csv.DictReader(fh)]
    assert [(p["rank"], p["text_en"]) for p in T.table4(case.records("problems"))] == ranks


def test_table2_periods_and_status(velenje: Database) -> None:
    case = open_case(None, velenje)
    rows = T.table2(case.records("periods"), case.records("narratives"))
    assert [(p["no"], len(p["dominant"]), len(p["alternative"])) for p in rows] == [(1, 5, 3), (2, 2, 2), (3, 4, 2)]
    assert rows[0]["start_year"] == 1945 and rows[0]["end_year"] == 1991
    assert rows[2]["end_year"] is None and rows[2]["open_ended"] is True
    assert rows[2]["alternative"][1]["text_sl"] == "»knapovska« mentaliteta"


def test_table1_types_by_category(velenje: Database) -> None:
    case = open_case("Velenje", velenje)
    rows = base_table1(case.records("symbol_categories"), case.records("symbol_types"), case.records("symbols"))
    assert [(c["key"], c["type_count"]) for c in rows] == [
        ("townscape", 5),
        ("heritage_institutions", 1),
        ("tourism_hospitality", 3),
        ("cultural_activities", 4),
        ("town_symbols_names", 2),
        ("professional_texts", 1),
    ]
    townscape = rows[0]
    assert [s["name_en"] for s in townscape["types"][3]["symbols"]] == [
        "Tito monument",
        "Miner (Rudar) monument",
        "Nestl Žgank memorial",
    ]
    assert rows[5]["finding_en"] == (
        "Strategic, development and sectoral documents hardly mention industry or "
        "socialism. The exception is the tourism strategy."
    )


def test_figure8_and_evidence_links(velenje: Database) -> None:
    case = open_case("velenje", velenje)
    pairs = T.figure8(case.records("problems"), case.records("solutions"))
    assert [(p["problem"]["rank"], p["solution"]["title_en"]) for p in pairs] == [
        (1, "fish farm in the lakes area"),
        (2, "strengthening and professionalisation of the NGO sector"),
        (3, "mentoring scheme"),
    ]
    records = {
        name: case.records(name)
        for name in ("symbols", "symbol_types", "narratives", "problems", "innovations", "solutions")
    }
    ev = T.evidence(case.records("evidence"), case.records("evidence_links"), records)
    assert [len(ev["lock_in"]), len(ev["path_renewal"])] == [3, 6]
    first = ev["lock_in"][0]
    assert [
        (link["table"], label_of(case.labels(), link["table"], link["record"], "en")) for link in first["links"]
    ] == [
        ("symbols", "strategic, development and sectoral documents"),
        ("symbol_types", "strategies, documents, spatial and other municipal plans"),
    ]
    assert all(link["record"] is not None for item in ev["lock_in"] + ev["path_renewal"] for link in item["links"])


def test_dataframes(velenje: Database) -> None:
    case = open_case("velenje", velenje)
    df = case.dataframe("innovations")
    assert len(df) == 21
    assert df.loc[df["no"] == 5, "name_en"].item() == "ecological movement of the late 1980s"
    assert int(df["year"].min()) == 1945
    empty = case.dataframe("ballots")
    assert len(empty) == 0 and "tiers" in empty.columns
