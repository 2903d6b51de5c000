#!/usr/bin/env bash
# The main job on a fresh Debian machine (as root): install townpaths, build the Velenje case
# from the article's findings and write report.html (English) and report-sl.html (Slovene).
set -euo pipefail
source "$(dirname "$0")/_setup.sh" ""
.venv/bin/townpaths demo --output report.html "$@"
.venv/bin/townpaths report --lang sl --output report-sl.html
echo "Open report.html (English) or report-sl.html (Slovene); browse with: .venv/bin/townpaths serve"
