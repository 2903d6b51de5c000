"""The JavaScript unit tests (tests/js/**/*.test.mjs, the browser modules under
src/townpaths/web/static) run with Node's built-in test runner, so `pytest` runs them too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def _node() -> str:
    node = os.environ.get("TOWNPATHS_NODE") or shutil.which("node") or shutil.which("nodejs")
    if not node or not Path(node).exists():
        pytest.fail("node not found: install Debian's nodejs package (scripts/test.sh does)")
    return node


def test_javascript_unit_tests_pass() -> None:
    files = sorted(HERE.rglob("*.test.mjs"))
    assert files, "no JavaScript tests found"
    declared = sum(len(re.findall(r"^test\(", f.read_text(encoding="utf-8"), re.M)) for f in files)
    result = subprocess.run(
        [_node(), "--test", "--test-reporter=tap", *(str(f.relative_to(REPO)) for f in files)],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"node --test failed (exit {result.returncode}):\n{output}", pytrace=False)
    counts = dict(re.findall(r"^# (pass|fail) (\d+)$", result.stdout, re.M))
    assert counts == {"pass": str(declared), "fail": "0"}, output
