#!/usr/bin/env bash
# The one test command (README.md, .ci/run): installs everything the tests need, then runs them.
#   - .venv with tbgraph and its test extra, and the browser libraries (scripts/install.sh: only
#     what changed since the last install)
#   - Debian's Chromium for the browser tests (scripts/install-browser.sh)
# Extra arguments go to pytest, e.g.  bash scripts/test.sh -k competency
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh test
if [ -f scripts/install-browser.sh ]; then
  bash scripts/install-browser.sh
  export TBGRAPH_REQUIRE_BROWSER=1
fi
bash scripts/install-virtuoso.sh  # Virtuoso for tests/test_remote_virtuoso.py (they skip where this user cannot install it)
# The fuzzing tests draw the same examples on every run here (tests/fuzz/fuzz_support.py).
export TBGRAPH_FUZZ_DERANDOMIZE=${TBGRAPH_FUZZ_DERANDOMIZE:-1}
printf '==> running the tests: pytest %s\n' "$*" >&2
exec .venv/bin/python -m pytest "$@"
