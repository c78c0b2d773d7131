#!/usr/bin/env bash
# Installs what the Virtuoso tests (tests/test_remote_virtuoso.py) need: Debian's Virtuoso Open
# Source 7 (virtuoso-t, isql-vt). The package's own service is not started: the tests start their
# own server on free loopback ports (tests/virtuoso_server.py). Quiet, and nothing to do when it is
# there. Where this user cannot install packages (or there is no apt) the tests skip, saying why;
# where it could install and apt fails, it fails, so that the test command does not skip in silence.
#   bash scripts/install-virtuoso.sh
set -uo pipefail

if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-virtuoso.sh: virtuoso-opensource is missing and this user cannot install packages; the Virtuoso tests will skip" >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-virtuoso.sh: no apt-get here; the Virtuoso tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d-less machines would start the packaged service on port 1111/8890: keep it stopped.
if [ ! -e /usr/sbin/policy-rc.d ] && [ -z "$SUDO" ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && REMOVE_POLICY=1
fi
if ! { $SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null 2>&1 \
       || { $SUDO apt-get update -qq >/dev/null 2>&1 \
            && $SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null 2>&1; }; }; then
  if [ "${REMOVE_POLICY:-0}" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  # This user may install packages and apt is here: a failure is a fault to see (as in CI), not a
  # reason for the Virtuoso tests to skip in silence.
  echo "install-virtuoso.sh: apt-get could not install virtuoso-opensource (run it by hand to see why)" >&2
  exit 1
fi
if [ "${REMOVE_POLICY:-0}" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
command -v virtuoso-t >/dev/null 2>&1 && echo "virtuoso: $(virtuoso-t -? 2>&1 | grep -m1 Version || echo installed)"
exit 0
