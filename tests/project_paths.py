"""Paths of the checkout the tests run in, and the check that the npm libraries are there (a module
of its own: conftest names clash across folders)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "data" / "source" / "tildelingsbrev-2023-direktoratet-for-e-helse.txt"


def require_web_libraries(path: Path) -> None:
    """Skip a test whose browser library (``npm ci --prefix web``) is missing — except under the
    test command (scripts/test.sh sets TBGRAPH_REQUIRE_BROWSER), which installs them, so that a
    failed install fails the run instead of silently skipping what it should have tested."""
    if path.exists():
        return
    message = f"the browser libraries are not installed (npm ci --prefix web): {path} is missing"
    if os.environ.get("TBGRAPH_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)
