#!/usr/bin/env bash
# Installs what the browser tests (tests/browser) need: Debian's Chromium, driven by Playwright
# for Python (installed by the test extra: pip install -e '.[test]'). Never `playwright install`:
# that downloads a browser build of its own, which this project does not use.
#   bash scripts/install-browser.sh
set -euo pipefail

if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-browser.sh: chromium is missing and this user cannot install packages (run as root)" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser.sh: chromium is missing and there is no apt-get; install Chromium and put it at /usr/bin/chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "chromium: $(/usr/bin/chromium --version)"
