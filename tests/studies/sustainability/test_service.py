"""Framework and scores import/export (CSV/XLSX) on SQLite and PostgreSQL; the page."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from townpaths.cases.case import open_case
from townpaths.core.errors import InputError
from townpaths.formats.tables import read_table, write_rows
from townpaths.storage.models import Workshop
from townpaths.studies.sustainability.service import assessment, export_assessment, import_assessment

GROUPS = ("economy", "civil_society", "municipality")


def generated(path: Path, seed: int = 7) -> Path:
    """Generated (not real) scores for the four default indicators, three rater groups, two years."""
    rng = random.Random(seed)
    keys = ["amenities_overall", "social_cultural_life_overall", "voice_influence_overall", "space_to_grow_overall"]
    rows = [[k, g, y, rng.randint(1, 5)] for y in (2018, 2020) for g in GROUPS for k in keys for _ in range(3)]
    return write_rows(path, ["indicator", "rater_group", "year", "score"], rows)


def test_velenje_ships_the_framework_and_no_scores(velenje) -> None:
    case = open_case("velenje", velenje)
    assert [i["key"] for i in case.records("sustainability_indicators")] == [
        "amenities_overall",
        "social_cultural_life_overall",
        "voice_influence_overall",
        "space_to_grow_overall",
    ]
    assert case.records("sustainability_scores") == []


def test_import_generated_scores_and_aggregate(velenje, tmp_path: Path) -> None:
    path = generated(tmp_path / "scores.xlsx")
    assert import_assessment(velenje, "velenje", path) == {
        "town": "velenje",
        "indicators_added": 0,
        "indicators_updated": 0,
        "scores": 72,
    }
    raw = read_table(path)
    expected = [r for _, r in raw if r["indicator"] == "amenities_overall" and r["rater_group"] == "economy"]
    data = assessment(velenje, "velenje", "rater_group")
    amen = data["dimensions"][0]
    eco = next(g for g in amen["groups"] if g["group"] == "economy")
    assert eco["scale"]["n"] == 6
    assert eco["scale"]["mean"] == pytest.approx(sum(r["score"] for r in expected) / 6)
    assert data["by_year"]["columns"] == ["2018", "2020"]
    # re-import replaces the same (year, workshop, group): still 72 scores
    import_assessment(velenje, "velenje", path)
    assert len(open_case("velenje", velenje).records("sustainability_scores")) == 72


def test_round_trip_with_new_indicator_and_workshop(velenje_sqlite, tmp_path: Path) -> None:
    with velenje_sqlite.transaction() as session:
        town = open_case("velenje", velenje_sqlite).town
        session.add(Workshop(town_id=town.id, title="Workshop 1", kind="sustainability"))
    src = tmp_path / "in.csv"
    src.write_text(
        "dimension_key,dimension_en,indicator,name_en,scale_min,scale_max,rater_group,workshop,year,score\n"
        "voice_influence,voice and influence,trust_council,trust in the town council,0,10,youth,"
        "Workshop 1,2019,7\n,,trust_council,,,,elders,Workshop 1,2019,3\n",
        encoding="utf-8",
    )
    r = import_assessment(velenje_sqlite, None, src)
    assert (r["indicators_added"], r["scores"]) == (1, 2)
    out = tmp_path / "out.csv"
    assert export_assessment(velenje_sqlite, None, out)["scores"] == 2
    rows = [r for _, r in read_table(out)]
    assert len(rows) == 6  # 4 unscored default indicators + 2 scores
    assert rows[4]["indicator"] == "trust_council" and rows[4]["workshop"] == "Workshop 1" and rows[4]["score"] == "7.0"
    voice = next(
        d for d in assessment(velenje_sqlite, None, "workshop_id")["dimensions"] if d["key"] == "voice_influence"
    )
    assert voice["scale"] is None  # 1-5 and 0-10 indicators mixed
    assert voice["groups"][0]["normalised"]["mean"] == pytest.approx(0.5)


def test_row_level_errors(velenje_sqlite, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator,rater_group,year,score\namenities_overall,a,2019,6\nnope,a,2019,3\n"
        "voice_influence_overall,a,20x,3\nvoice_influence_overall,a,2019,4\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        import_assessment(velenje_sqlite, None, bad)
    assert exc.value.message.splitlines()[1:] == [
        "row 2, column 'score', value '6': score must be a number from 1 to 5",
        "row 3, column 'indicator', value 'nope': unknown indicator: define it on the row (dimension_key, "
        "dimension_en, name_en)",
        "row 4, column 'year', value '20x': year must be a whole number from 1800 to 2200",
    ]
    assert open_case("velenje", velenje_sqlite).records("sustainability_scores") == []


def test_page_without_scores_in_slovene(client) -> None:
    page = client.get("/towns/velenje/sustainability?lang=sl")
    assert page.status_code == 200 and "Družbena trajnostnost" in page.text and 'id="no-scores"' in page.text
    assert "storitve in družbena infrastruktura" in page.text


def test_page_with_scores_charts_and_town_comparison(client, velenje_sqlite, tmp_path: Path) -> None:
    from townpaths.people.service import grant
    from townpaths.storage.models import Town

    import_assessment(velenje_sqlite, "velenje", generated(tmp_path / "g.csv"))
    with velenje_sqlite.transaction() as session:
        session.add(Town(slug="zwickau", name="Zwickau"))
    src = tmp_path / "z.csv"
    src.write_text(
        "dimension_key,dimension_en,indicator,name_en,rater_group,year,score\n"
        "amenities,amenities and social infrastructure,amenities_overall,overall,<i>x</i>,2019,5\n",
        encoding="utf-8",
    )
    import_assessment(velenje_sqlite, "zwickau", src)
    # the comparison shows only the towns the reader may see
    assert "<th>zwickau</th>" not in client.get("/towns/velenje/sustainability").text
    grant(velenje_sqlite, "owner@velenje.example", "zwickau", "viewer")
    html = client.get("/towns/velenje/sustainability").text
    assert html.count('class="chart dimension"') == 4
    assert html.count('class="mean"') == 12  # 3 rater groups x 4 dimensions
    assert '<table class="data" id="by-year">' in html and "<th>2018</th><th>2020</th>" in html
    assert "<th>velenje</th><th>zwickau</th>" in html
    z = client.get("/towns/zwickau/sustainability").text
    assert "<i>x</i>" not in z and "&lt;i&gt;x&lt;/i&gt;" in z
    assert client.get("/towns/velenje/sustainability?by=year").text.count('class="mean"') == 8
