"""Paths of the checkout the tests run in (a module of its own: conftest names clash across folders)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "data" / "source" / "tildelingsbrev-2023-direktoratet-for-e-helse.txt"
