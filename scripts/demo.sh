#!/usr/bin/env bash
# The main job on a fresh Debian machine (as root): install townpaths, build the Velenje case
# from the article's findings and write report.html and report.pdf (English), report-sl.html and
# report-sl.pdf (Slovene).
set -euo pipefail
source "$(dirname "$0")/_setup.sh" ""
.venv/bin/townpaths demo --output report.html "$@"
.venv/bin/townpaths report --lang sl --output report-sl.html
.venv/bin/townpaths report --output report.pdf
.venv/bin/townpaths report --lang sl --output report-sl.pdf
echo "Open report.html or report.pdf (English), report-sl.html or report-sl.pdf (Slovene); browse with: .venv/bin/townpaths serve"
