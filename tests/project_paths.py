"""Paths of the checkout the tests run in, and the check that the npm libraries are there (a module
of its own: conftest names clash across folders)."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "data" / "source" / "tildelingsbrev-2023-direktoratet-for-e-helse.txt"
#: Supplements in the genre, with their hand-modelled graphs (``*.ttl``) and truths.
SUPPLEMENTS = ROOT / "tests" / "fixtures" / "supplements"


def amended_data_root(root: Path) -> Path:
    """``root`` made a data root: the shipped ontology, shapes and reference data (linked), the 2023
    letter and its two hand-modelled supplements (Tillegg nr. 3 and nr. 5, copied)."""
    for folder in ("ontology", "shapes"):
        (root / folder).symlink_to(ROOT / folder)
    (root / "data" / "letters").mkdir(parents=True)
    (root / "data" / "reference").symlink_to(ROOT / "data" / "reference")
    shutil.copy(ROOT / "data" / "letters" / "2023-hod-ehelse.ttl", root / "data" / "letters")
    for supplement in SUPPLEMENTS.glob("*.ttl"):
        shutil.copy(supplement, root / "data" / "letters")
    return root


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
