"""Paths of the checkout the tests run in (a module of its own: conftest names clash across folders)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "data" / "source" / "tildelingsbrev-2023-direktoratet-for-e-helse.txt"


def require_web_libraries(path: Path) -> None:
    """Skip a test whose browser library (``npm ci --prefix web``) is missing — except under the
    test command (scripts/test.sh sets TBGRAPH_REQUIRE_BROWSER), which installs them, so that a
    failed install fails the run instead of silently skipping what it should have tested."""
    import os

    import pytest

    if path.exists():
        return
    message = f"the browser libraries are not installed (npm ci --prefix web): {path} is missing"
    if os.environ.get("TBGRAPH_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)
