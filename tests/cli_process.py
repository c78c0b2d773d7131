"""The ``tbgraph`` command run as a user runs it: a process of its own, with a TBGRAPH_HOME of the
test's, wide columns (tables not wrapped), from the checkout's root.

One helper for the tests that load letters and supplements into a home and ask about them; tests
that need something else (stdin, a terminal, no TBGRAPH_* variables) keep their own runner.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from project_paths import ROOT

__all__ = ["tbgraph"]


def tbgraph(home: Path | None, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``tbgraph ARGS`` with ``home`` as TBGRAPH_HOME (none: the environment's); never raises on
    a failing exit, the test reads ``returncode``, ``stdout`` and ``stderr``."""
    env = {**os.environ, "COLUMNS": "200"}
    if home is not None:
        env["TBGRAPH_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "tbgraph.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )
