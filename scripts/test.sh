#!/usr/bin/env bash
# The one test command (README.md, .ci/run): installs everything the tests need, then runs them.
#   - a virtual environment in .venv with tbgraph and its test extra (from PyPI)
#   - the browser libraries the pages serve, from npm (web/package-lock.json)
#   - Debian's Chromium for the browser tests (scripts/install-browser.sh)
# Extra arguments go to pytest, e.g.  bash scripts/test.sh -k competency
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
npm ci --prefix web --ignore-scripts --no-audit --no-fund --loglevel=error
if [ -f scripts/install-browser.sh ]; then
  bash scripts/install-browser.sh
  export TBGRAPH_REQUIRE_BROWSER=1
fi
# The fuzzing tests draw the same examples on every run here (tests/fuzz/fuzz_support.py).
export TBGRAPH_FUZZ_DERANDOMIZE=${TBGRAPH_FUZZ_DERANDOMIZE:-1}
exec .venv/bin/python -m pytest "$@"
