"""The comparison benchmark at a hundredth of its size (``--scale 0.01``), so the script keeps
running: it builds the towns with the large town's builder, loads the comparison page through a
real server and writes the comparison report as HTML and PDF in both languages."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "compare.py"

pytestmark = pytest.mark.slow


def _bench():
    spec = importlib.util.spec_from_file_location("compare_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["compare_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_the_bench_runs_small(tmp_path: Path) -> None:
    bench = _bench()
    result = bench.run(0.01, 3, 2, tmp_path, log=lambda _line: None)
    assert result["towns"] == ["town1", "town2", "town3"]
    assert result["rows_per_town"] == {
        "symbols": 100,
        "interviewees": 4,
        "interviews": 10,
        "coded_segments": 500,
        "innovations": 20,
        "employment": 10 * (10 + 528),  # 10 firms and a national reference of 528 classes, 10 years
        "narratives": 2,
        "problems": 2,
        "evidence": 2,
        "documents": 2,
        "sustainability_scores": 4,
    }
    assert [(p["lang"], p["loads"], p["status"]) for p in result["pages"]] == [("sl", 2, 200), ("en", 2, 200)]
    assert all(p["cpu_s"] > 0 and p["kb"] > 20 for p in result["pages"])
    reports = [(r["format"], r["lang"]) for r in result["reports"]]
    assert reports == [("html", "sl"), ("html", "en"), ("pdf", "sl"), ("pdf", "en")]
    assert all(r["kb"] > 20 and r["peak_mb"] > 0 and r["cpu_s"] > 0 for r in result["reports"])
    assert (tmp_path / "comparison-sl.pdf").read_bytes().startswith(b"%PDF")
    assert "Mesto 1" in (tmp_path / "comparison-sl.html").read_text(encoding="utf-8")
    assert "Town 3" in (tmp_path / "comparison-en.html").read_text(encoding="utf-8")
    lines = list(bench.summary(result))
    assert lines[-1].startswith("targets: page ")
    assert sum(line.startswith("| the page") for line in lines) == 2
    assert sum(line.startswith("| `townpaths compare") for line in lines) == 4
