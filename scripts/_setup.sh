#!/usr/bin/env bash
# Shared set-up: system packages (as root on Debian), a virtualenv in .venv, townpaths installed.
# Usage: source scripts/_setup.sh [extra] [apt packages...]
# Always: Pango, HarfBuzz and the DejaVu fonts (with their italics) for the PDF report (WeasyPrint), Cairo for PNG
# figures (CairoSVG).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
EXTRA="${1:-}"; shift || true
APT=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 fonts-dejavu-core fonts-dejavu-extra "$@")
missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv python3-pip)
for pkg in "${APT[@]}"; do
  case "$pkg" in
    chromium) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
    postgresql) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql) ;;
    nodejs) command -v node >/dev/null 2>&1 || missing+=(nodejs) ;;
    *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages: ${missing[*]} (install them, or run this script as root on Debian)" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ -n "$EXTRA" ]; then
  .venv/bin/python -m pip install -q -e ".[$EXTRA]"
else
  .venv/bin/python -m pip install -q -e .
fi
