"""The large-town benchmark at a hundredth of its size (``--scale 0.01``), so the script keeps
running: it builds the town, finds every page of the town in the app's router, loads each through
a real server and writes the report in both languages."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from townpaths.web.access import app_routes
from townpaths.web.app import Settings, create_app

BENCH = Path(__file__).resolve().parents[2] / "bench" / "large_town.py"

pytestmark = pytest.mark.slow


def _bench():
    spec = importlib.util.spec_from_file_location("large_town", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["large_town"] = module
    spec.loader.exec_module(module)
    return module


def test_the_bench_runs_small(tmp_path: Path) -> None:
    bench = _bench()
    result = bench.run(0.01, 2, None, tmp_path, log=lambda _line: None)
    assert result["rows"] == {
        "symbols": 100,
        "interviewees": 4,
        "interviews": 10,
        "coded_segments": 500,
        "innovations": 20,
    }
    pages = {p["route"] for p in result["pages"]}
    skipped = {s["route"].split(" ")[0] for s in result["skipped"]}
    # every GET route of a town or a workshop is loaded, or skipped with a reason
    app = create_app(Settings(db=f"sqlite:///{tmp_path / 'other.sqlite3'}", secret_key="x"))
    town_routes = {
        r.name
        for r in app_routes(app)
        if isinstance(r, APIRoute) and "GET" in r.methods and re.search(r"{(slug|wid)}", r.path)
    }
    assert town_routes <= pages | skipped
    assert {"town", "table", "symbols", "symbol", "qda_coding", "innovations", "report", "table_row_edit"} <= pages
    assert all(p["status"] == 200 and p["loads"] == 2 for p in result["pages"])
    table_pages = [p for p in result["pages"] if p["route"] == "table"]
    assert any(p["label"] == "table symbols (123 rows)" for p in table_pages)  # Velenje's 23 and 100 more
    reports = {r["lang"]: r for r in result["reports"]}
    assert set(reports) == {"en", "sl"} and all(r["kb"] > 10 for r in reports.values())
    assert result["server_peak_mb"] > 0 and result["ok"]["memory"]
    lines = list(bench.summary(result))
    assert lines[-1].startswith("targets: pages ")


def test_the_quick_pages_show_what_they_showed_on_a_generated_town(tmp_path: Path) -> None:
    """On a small generated town (two coders, many symbols and innovations): the symbol list, the
    register, moderation, the QDA home and the kept coding results equal the Python computation
    they replaced."""
    from tests.support.slow_pages import check_innovations, check_qda, check_symbols
    from townpaths.storage import Database
    from townpaths.studies.innovations import service as innovations

    bench = _bench()
    url = f"sqlite:///{tmp_path / 'small.sqlite3'}"
    db = Database(url)
    bench.build(url, 0.03, log=lambda _line: None)
    form = {"name": "Repair café", "type": "social", "year": "2019", "description": "x", "social_need": "y"}
    innovations.propose(db, bench.SLUG, form)
    check_symbols(db, bench.SLUG)
    check_innovations(db, bench.SLUG)
    check_qda(db, bench.SLUG)
    db.dispose()
