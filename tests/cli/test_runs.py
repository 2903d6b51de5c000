"""``townpaths runs``: a town's ranking runs beside the study's, adopted, undone and deleted."""

from __future__ import annotations

import json

from tests.support.cli import run
from townpaths.core.errors import Conflict, NotFound
from townpaths.studies.workshop import service


def test_list_adopt_undo_delete(velenje_sqlite) -> None:
    db = ["--db", velenje_sqlite.url, "--town", "velenje"]
    analysis = {"method": "kemeny", "items": ["x", "y"], "tiers": [["y", "x"]], "ballots": 4, "kendall_w": 0.5}
    one = service.save_file_run(velenje_sqlite, "velenje", "First", analysis)
    two = service.save_file_run(velenje_sqlite, "velenje", "Second", analysis)
    text = run("runs", "list", *db).stdout
    assert f"Run {one}: First (file, " in text and "Current ranking: the study's" in text
    # problems the case does not have: one row each, both runs tie them
    assert text.endswith(" | 1= | 1= | x\n | 1= | 1= | y\n")
    assert json.loads(run("runs", "adopt", str(one), *db, "--format", "json").stdout) == {"current": one}
    assert "[current]" in run("runs", "list", *db).stdout
    run("runs", "adopt", str(two), *db)
    assert json.loads(run("runs", "undo", *db, "--format", "json").stdout) == {"undone": two, "current": one}
    assert "no longer current; the current ranking is the study's." in run("runs", "undo", *db).stdout
    run("runs", "undo", *db, code=Conflict.exit_code)
    assert json.loads(run("runs", "delete", str(two), *db, "--format", "json").stdout) == {"deleted": two}
    run("runs", "delete", "99", *db, code=NotFound.exit_code)
