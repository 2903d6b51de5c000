"""The live-workshop load bench at a small size, so the script keeps working: 20 phones join,
follow the room live with a projector and the console, and hand in within a second (a few twice);
on SQLite with one worker and on PostgreSQL with two (the round opened by another process)."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.aio import run_apart

BENCH = Path(__file__).resolve().parents[2] / "bench" / "workshop_load.py"

pytestmark = pytest.mark.slow


def _bench():
    spec = importlib.util.spec_from_file_location("workshop_load", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["workshop_load"] = module
    spec.loader.exec_module(module)
    return module


def _run(db: str | None, workers: int) -> tuple[Any, dict[str, Any]]:
    bench = _bench()
    args = argparse.Namespace(
        participants=20, window=1.0, workers=workers, db=db, postgres=False, profile=None, profile_phase="submit"
    )
    return bench, run_apart(lambda: asyncio.wait_for(bench.run(args), 240))


def _checked(bench: Any, result: dict[str, Any], workers: int, database: str) -> None:
    assert bench.check(result) == []
    assert (result["participants"], result["workers"], result["database"]) == (20, workers, database)
    # none lost or doubled: one ballot a participant, each with the token its phone sent last
    assert result["ballots_in_db"] == result["distinct_voters"] == result["ballots_with_last_token"] == 20
    statuses = result["submit"]["statuses"]
    assert statuses["new"] == 20 and result["submit"]["requests"] == 20 + statuses.get("duplicate", 0)
    # every view (projector, console, 20 phones) got the final aggregate, the database's
    assert result["views"] == result["views_with_final"] == result["views_showing_db_aggregate"] == 22
    assert result["console"]["participants"] == result["console"]["connected"] == 20
    lags = result["lag_ms"]
    # measured from the moment the last ballot was sent: never negative
    assert 0 <= lags["projector"] <= lags["every_view_max"]
    assert 0 <= lags["phones_p50"] <= lags["phones_p95"] <= lags["every_view_max"]
    assert lags["last_ballot_latency"] >= 0
    assert result["submit"]["server_cpu_ms_per_submission"] > 0
    assert result["ratio_vs_5s_polling"] > 0


def test_the_bench_runs_small_on_sqlite() -> None:
    bench, result = _run(None, 1)
    _checked(bench, result, 1, "sqlite")


@pytest.mark.postgres
def test_the_bench_runs_small_on_postgresql_with_two_workers(pg_server) -> None:
    bench, result = _run(pg_server.create_database(), 2)
    _checked(bench, result, 2, "postgresql")
