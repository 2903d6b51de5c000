"""``townpaths evidence``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from townpaths.cli.main import app

runner = CliRunner()


def test_evidence_json_and_text(tmp_path: Path) -> None:
    db = str(tmp_path / "e.sqlite3")
    assert runner.invoke(app, ["demo", "--db", db, "--output", str(tmp_path / "r.html")]).exit_code == 0
    result = runner.invoke(app, ["evidence", "--db", db, "--format", "json"])
    data = json.loads(result.output)
    assert [len(data["lock_in"]), len(data["path_renewal"])] == [3, 6]
    assert data["lock_in"][2]["rests_on"] == [
        {"table": "problems", "id": data["lock_in"][2]["rests_on"][0]["id"],
         "label": "vulnerable economy resting on two companies"},
        {"table": "problems", "id": data["lock_in"][2]["rests_on"][1]["id"],
         "label": "uncertain future after the coal mine closes"}]
    sl = runner.invoke(app, ["evidence", "--db", db, "--lang", "sl"]).output.splitlines()
    assert sl[0] == "Učinek zaklepanja (3)"
    assert sl[1].startswith("  1. Odsotnost industrijske dediščine v uradnih občinskih dokumentih")
