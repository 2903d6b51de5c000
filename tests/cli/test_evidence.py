"""``townpaths evidence``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.support.cli import run


def test_evidence_json_text_and_csv(tmp_path: Path) -> None:
    db = str(tmp_path / "e.sqlite3")
    run("demo", "--db", db, "--output", str(tmp_path / "r.html"))
    data = json.loads(run("evidence", "--db", db, "--format", "json").output)
    assert [len(data["lock_in"]), len(data["path_renewal"])] == [3, 6]
    assert data["lock_in"][2]["rests_on"] == [
        {
            "table": "problems",
            "id": data["lock_in"][2]["rests_on"][0]["id"],
            "label": "vulnerable economy resting on two companies",
        },
        {
            "table": "problems",
            "id": data["lock_in"][2]["rests_on"][1]["id"],
            "label": "uncertain future after the coal mine closes",
        },
    ]
    sl = run("evidence", "--db", db, "--lang", "sl").output.splitlines()
    assert sl[0] == "Učinek zaklepanja (3)"
    assert sl[1].startswith("  1. Učinek zaklepanja najdemo v Velenju že v analizi simbolov mesta, najbolj očiten pa")
    rows = list(csv.DictReader(io.StringIO(run("evidence", "--db", db, "--format", "csv").output)))
    assert [r["kind"] for r in rows] == ["lock_in"] * 3 + ["path_renewal"] * 6
    links = data["lock_in"][2]["rests_on"]
    assert rows[2]["rests_on"] == (
        f"problems #{links[0]['id']}: vulnerable economy resting on two companies; "
        f"problems #{links[1]['id']}: uncertain future after the coal mine closes"
    )
    assert rows[2]["statement"] == data["lock_in"][2]["statement"]
    assert run("evidence", "--db", db, "--lang", "de", code=2).stderr.startswith("Error: unknown language 'de'")
