#!/usr/bin/env bash
# The one run command (README.md): installs tbgraph (only what changed, scripts/install.sh) and
# starts the server on the shipped data.
#   bash scripts/serve.sh [--host H] [--port P] [other "tbgraph serve" options]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
printf '==> starting the server: .venv/bin/tbgraph serve %s\n' "$*" >&2
exec .venv/bin/tbgraph serve "$@"
