"""Shared fixtures: the shipped dataset loaded once per engine."""

from __future__ import annotations

import pytest

from tbgraph.dataset import open_dataset
from tbgraph.store import Store

from project_paths import LETTER


@pytest.fixture(scope="session")
def store() -> Store:
    """The shipped data in Oxigraph, the engine tbgraph serves with."""
    return open_dataset().store


@pytest.fixture(scope="session", params=["oxigraph", "rdflib"])
def any_store(request: pytest.FixtureRequest) -> Store:
    """The shipped data in each engine: answers must not depend on the engine."""
    return open_dataset(engine=request.param).store


@pytest.fixture(scope="session")
def letter_lines() -> list[str]:
    return LETTER.read_text(encoding="utf-8").splitlines()
