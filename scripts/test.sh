#!/usr/bin/env bash
# All tests on a fresh Debian machine (as root): installs python3-venv, chromium, postgresql and
# nodejs if missing, the test dependencies into .venv, then runs pytest (SQLite, a throwaway
# PostgreSQL cluster, real HTTP, Debian's Chromium through Playwright, and the JavaScript unit
# tests with `node --test` through tests/js/test_node.py). Extra args go to pytest.
set -euo pipefail
source "$(dirname "$0")/_setup.sh" test chromium postgresql nodejs
exec .venv/bin/python -m pytest "$@"
