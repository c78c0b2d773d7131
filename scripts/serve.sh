#!/usr/bin/env bash
# The one run command (README.md): installs tbgraph and starts the server on the shipped data.
#   bash scripts/serve.sh [--host H] [--port P] [other "tbgraph serve" options]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
npm ci --prefix web --ignore-scripts --no-audit --no-fund --loglevel=error
exec .venv/bin/tbgraph serve "$@"
