"""``townpaths rank``: table, JSON and CSV output, one-line errors naming the line (the real CLI)."""

from __future__ import annotations

import json

import pytest

from tests.ranking.helpers import ASPEN_MAYOR, needs_preflib
from tests.support.cli import run
from townpaths.cli.main import app


def test_main_app_registers_rank():
    assert "rank" in [c.name for c in app.registered_commands]


@pytest.fixture
def ballots(tmp_path):
    path = tmp_path / "ballots.csv"
    path.write_text(
        "# items: Housing | Jobs | Air | Transport\n"
        "ranking,weight,group\n"
        "Housing > Jobs = Transport,2,industry\n"
        "Jobs > Housing > Air,1,academia\n"
        "Housing > Air,1,civil\n",
        encoding="utf-8",
    )
    return path


def test_json_output(ballots):
    out = run("rank", ballots, "--method", "kemeny", "--format", "json")
    data = json.loads(out.stdout)
    assert data["method"] == "kemeny"
    # Air and Transport: 2 ballot-weights each way -> tied, two optimal orders
    assert data["tiers"] == [["Housing"], ["Jobs"], ["Air", "Transport"]]
    assert data["condorcet_winner"] == "Housing"
    assert data["kemeny"]["n_optimal"] == 2
    assert data["total_weight"] == 4.0
    assert set(data) >= {"scores", "kendall_w", "p_value", "cycles", "disagreement", "margins", "winners"}


def test_table_output_shows_ties(ballots):
    out = run("rank", ballots, "--method", "borda")
    assert "borda consensus of 3 ballots" in out.stdout
    assert "Condorcet winner: Housing" in out.stdout
    assert "Kendall's W" in out.stdout


def test_each_method_runs(ballots):
    for method in ("kemeny", "schulze", "copeland", "borda", "ranked-pairs", "mean-rank"):
        out = run("rank", ballots, "--method", method, "--format", "json")
        assert json.loads(out.stdout)["tiers"][0] == ["Housing"]


def test_bad_ballot_one_line_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("ranking,weight\nA > B,1\nA > C,x\n", encoding="utf-8")
    out = run("rank", path, code=3)
    assert out.stdout == ""
    assert out.stderr.strip() == f"Error: {path}, line 3, column 'weight', value 'x': bad weight: not a number"


@needs_preflib
def test_preflib_file():
    out = run("rank", ASPEN_MAYOR, "--method", "schulze", "--format", "json")
    data = json.loads(out.stdout)
    assert data["tiers"] == [["Mick Ireland"], ["Marilyn Marks"], ["Lj Erspamer"], ["Andrew Kole"], ["Write In"]]
    assert data["ballots"] == 112 and data["total_weight"] == 2527.0


def test_csv_output_is_the_consensus_order(ballots):
    out = run("rank", ballots, "--method", "kemeny", "--format", "csv")
    lines = out.stdout.splitlines()
    assert lines[0] == "rank,item,score,mean_rank,rank_sd,split"
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["1", "Housing"],
        ["2", "Jobs"],
        ["3", "Air"],
        ["3", "Transport"],
    ]


def test_save_keeps_the_consensus_as_a_run_beside_the_study(velenje_sqlite, tmp_path):
    """``--save NAME --town T``: the file's items matched to the town's problems by their English or
    Slovene text (case and spacing aside); the case's own ranks stay; ``runs list`` shows the run."""
    from townpaths.cases.case import open_case

    problems = sorted(open_case("velenje", velenje_sqlite).records("problems"), key=lambda p: p["rank"])
    first, second = problems[0], problems[1]
    path = tmp_path / "town-hall.csv"
    sl = "  ".join(second["text_sl"].upper().split(" ", 1))  # another case and spacing, in Slovene
    path.write_text(
        f"# items: {first['text_en']} | {sl} | A new problem\n"
        "ranking,weight,group\n"
        f"{sl} > A new problem > {first['text_en']},2,economy\n"
        f"{sl} > {first['text_en']} > A new problem,1,\n",
        encoding="utf-8",
    )
    db = ["--db", velenje_sqlite.url]
    out = json.loads(
        run(
            "rank", path, "--method", "borda", "--save", "Town hall", "--town", "velenje", *db, "--format", "json"
        ).stdout
    )
    assert out["run"] == 1 and out["tiers"][0] == [sl]
    listed = json.loads(run("runs", "list", "--town", "velenje", *db, "--format", "json").stdout)
    assert listed["current"] is None
    [saved] = listed["runs"]
    assert (saved["name"], saved["source"], saved["method"], saved["ballots"]) == ("Town hall", "file", "borda", 2)
    assert saved["sectors"] == {"economy": 2.0, "": 1.0}
    rows = {r["problem"]: r for r in listed["comparison"]}
    # Borda: the second problem 6 points, the new one 2, the first 1
    assert rows[first["text_en"]] == {"problem": first["text_en"], "study": 1, "run 1": "3 (-2)"}
    assert rows[second["text_en"]] == {"problem": second["text_en"], "study": 2, "run 1": "1 (+1)"}
    assert rows["A new problem"] == {"problem": "A new problem", "study": None, "run 1": "2"}
    assert {p["id"]: p["rank"] for p in open_case("velenje", velenje_sqlite).records("problems")} == {
        p["id"]: p["rank"] for p in problems
    }
    table = run("rank", path, "--save", "Again", "--town", "velenje", *db).stdout
    assert "Saved as run 2 (Again)" in table
    run("rank", path, "--save", " ", "--town", "velenje", *db, code=3)
