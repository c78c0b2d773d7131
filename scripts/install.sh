#!/usr/bin/env bash
# Installs what tbgraph needs to run (and with "test", to be tested), saying what it does, and only
# what changed since the last install:
#   - .venv with tbgraph from PyPI packages (pip install -e '.[EXTRA]'): redone when pyproject.toml,
#     the extra or the Python changes (stamp: .venv/.tbgraph-install)
#   - the browser libraries the pages serve, from npm (npm ci --prefix web): redone when
#     web/package-lock.json changes (stamp: web/node_modules/.tbgraph-install)
#   bash scripts/install.sh [EXTRA]      e.g. bash scripts/install.sh test
# Run by scripts/serve.sh and scripts/test.sh; TBGRAPH_REINSTALL=1 installs again regardless.
set -euo pipefail
cd "$(dirname "$0")/.."

EXTRA=${1:-}
PYTHON=${PYTHON:-python3}
say() { printf '==> %s\n' "$*" >&2; }

fingerprint() {  # the hash of the given files' contents and of the words after them
  local files=() words=()
  for arg in "$@"; do if [ -f "$arg" ]; then files+=("$arg"); else words+=("$arg"); fi; done
  { cat "${files[@]}"; printf '%s\n' "${words[@]}"; } | sha256sum | cut -d' ' -f1
}

current() {  # current STAMP FINGERPRINT: the stamp file holds this fingerprint
  [ "${TBGRAPH_REINSTALL:-0}" != 1 ] && [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}

# pip prints a line per package; keep the ones that show progress, and every error (stderr).
progress() { grep --line-buffered -E '^(Collecting|Installing|Successfully|Obtaining|Building)' >&2 || true; }

# -- Python -----------------------------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment .venv ($("$PYTHON" --version 2>&1))"
  "$PYTHON" -m venv .venv
fi
python_stamp=.venv/.tbgraph-install
python_print=$(fingerprint pyproject.toml "extra=$EXTRA" "$(.venv/bin/python --version 2>&1)")
if current "$python_stamp" "$python_print" && [ -x .venv/bin/tbgraph ]; then
  say "Python packages up to date (.venv; pyproject.toml unchanged)"
else
  target=.${EXTRA:+[$EXTRA]}
  say "installing tbgraph${EXTRA:+ with its $EXTRA extra} and its dependencies from PyPI into .venv (a first install takes about a minute)"
  started=$SECONDS
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --progress-bar off -e "$target" | progress
  echo "$python_print" > "$python_stamp"
  say "Python packages installed in $((SECONDS - started)) s"
fi

# -- the query workers' network wall ----------------------------------------------------------------
# pyseccomp loads Debian's libseccomp2 (docs/security.md); without it (and without CAP_SYS_ADMIN)
# the server refuses to run untrusted queries.
if ! ldconfig -p 2>/dev/null | grep -q 'libseccomp\.so\.2'; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's libseccomp2 (the query workers' seccomp filter)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libseccomp2 >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libseccomp2 >/dev/null; }
  else
    say "libseccomp2 is not installed: install it (apt-get install libseccomp2), or the server refuses to" \
        "run SPARQL queries unless started with --allow-unisolated-queries (docs/security.md)"
  fi
fi

# -- the browser libraries ------------------------------------------------------------------------
web_stamp=web/node_modules/.tbgraph-install
web_print=$(fingerprint web/package-lock.json)
if current "$web_stamp" "$web_print"; then
  say "browser libraries up to date (web/node_modules; web/package-lock.json unchanged)"
elif ! command -v npm >/dev/null 2>&1; then
  say "npm is not installed: the pages /docs and /explore need the browser libraries;" \
      "install Node.js with npm, then run: npm ci --prefix web"
  [ "$EXTRA" != test ] || exit 1  # the browser tests need them
else
  say "installing the browser libraries from npm into web/node_modules (npm ci --prefix web)"
  started=$SECONDS
  npm ci --prefix web --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$web_print" > "$web_stamp"
  say "browser libraries installed in $((SECONDS - started)) s"
fi

say "ready: run .venv/bin/tbgraph, or 'source .venv/bin/activate' once and then tbgraph (README.md: Running tbgraph)"
