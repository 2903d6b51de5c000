#!/usr/bin/env bash
# All quality gates and all tests on a fresh Debian machine (as root): installs python3-venv,
# chromium, postgresql, nodejs and poppler-utils (pdftotext and pdftoppm read the PDF report) if
# missing, the libraries of the PDF report (scripts/_setup.sh), and the test dependencies into .venv, then runs, in
# this order and stopping at the first that fails:
#   1. ruff check            (lint: the rule set in pyproject.toml)
#   2. ruff format --check   (formatting)
#   3. mypy                  (types: strict for the pure cores, ranking, storage and the registry)
#   4. lint-imports          (the architecture contracts in pyproject.toml)
#   5. pytest with statement coverage of at least 90 % (SQLite, a throwaway PostgreSQL cluster,
#      real HTTP, Debian's Chromium through Playwright, and the JavaScript unit tests with
#      `node --test` through tests/js/test_node.py).
# Extra args go to pytest (for a focused run: `bash scripts/test.sh --no-cov tests/ranking`).
set -euo pipefail
source "$(dirname "$0")/_setup.sh" test chromium postgresql nodejs poppler-utils

CODE=(src tests bench scripts)

gate() {  # gate NAME COMMAND...: run one gate; stop the run with a clear message when it fails
  local name="$1"
  shift
  echo "=== gate: $name"
  if ! "$@"; then
    echo "=== FAILED gate: $name (command: $*); fix it before the tests run" >&2
    exit 1
  fi
}

gate "ruff check" .venv/bin/ruff check "${CODE[@]}"
gate "ruff format --check" .venv/bin/ruff format --check "${CODE[@]}"
gate "mypy" .venv/bin/mypy
gate "lint-imports" .venv/bin/lint-imports
echo "=== gate: pytest with statement coverage (at least 90 %)"
exec .venv/bin/python -m pytest --cov=townpaths --cov-report=term-missing:skip-covered --cov-fail-under=90 "$@"
