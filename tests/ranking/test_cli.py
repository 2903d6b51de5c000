"""``townpaths rank``: table and JSON output, one-line errors naming the line."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from townpaths.cli.commands import rank

from .helpers import ASPEN_MAYOR, needs_preflib


@pytest.fixture()
def app() -> typer.Typer:
    # a root with a callback, as in townpaths.cli.main once several commands are registered
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        pass

    rank.register(root)
    return root


def test_main_app_registers_rank():
    from townpaths.cli.main import app as main_app

    assert "rank" in [c.name for c in main_app.registered_commands]


@pytest.fixture()
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


def test_json_output(app, ballots):
    out = CliRunner().invoke(app, ["rank", str(ballots), "--method", "kemeny", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["method"] == "kemeny"
    # Air and Transport: 2 ballot-weights each way -> tied, two optimal orders
    assert data["tiers"] == [["Housing"], ["Jobs"], ["Air", "Transport"]]
    assert data["condorcet_winner"] == "Housing"
    assert data["kemeny"]["n_optimal"] == 2
    assert data["total_weight"] == 4.0
    assert set(data) >= {"scores", "kendall_w", "p_value", "cycles", "disagreement", "margins", "winners"}


def test_table_output_shows_ties(app, ballots):
    out = CliRunner().invoke(app, ["rank", str(ballots), "--method", "borda"])
    assert out.exit_code == 0, out.output
    assert "borda consensus of 3 ballots" in out.stdout
    assert "Condorcet winner: Housing" in out.stdout
    assert "Kendall's W" in out.stdout


def test_each_method_runs(app, ballots):
    for method in ("kemeny", "schulze", "copeland", "borda", "ranked-pairs", "mean-rank"):
        out = CliRunner().invoke(app, ["rank", str(ballots), "--method", method, "--format", "json"])
        assert out.exit_code == 0, (method, out.output)
        assert json.loads(out.stdout)["tiers"][0] == ["Housing"]


def test_bad_ballot_one_line_error(app, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("ranking,weight\nA > B,1\nA > C,x\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["rank", str(path)])
    assert out.exit_code == 3
    assert out.stderr.strip() == f"Error: {path}, line 3, column 'weight', value 'x': bad weight: not a number"


@needs_preflib
def test_preflib_file(app):
    out = CliRunner().invoke(app, ["rank", str(ASPEN_MAYOR), "--method", "schulze", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["tiers"] == [["Mick Ireland"], ["Marilyn Marks"], ["Lj Erspamer"], ["Andrew Kole"], ["Write In"]]
    assert data["ballots"] == 112 and data["total_weight"] == 2527.0
