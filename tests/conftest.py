"""Shared fixtures: the shipped dataset loaded once per engine."""

from __future__ import annotations

import os
import tempfile

import pytest

from project_paths import LETTER
from tbgraph.dataset.opening import open_dataset
from tbgraph.store.base import Store

# Letters a developer loaded with "tbgraph load" live in $TBGRAPH_HOME and join every dataset;
# the tests answer from the shipped data alone, so they get an empty home of their own.
os.environ["TBGRAPH_HOME"] = tempfile.mkdtemp(prefix="tbgraph-test-home-")
# Starlette's TestClient asks for the host "testserver"; a server answers only the names it is
# allowed (tbgraph.api.middleware.hosts). tests/api/test_hardening.py tests the defaults without this.
os.environ.setdefault(
    "TBGRAPH_ALLOWED_HOSTS",
    '["testserver", "localhost", "127.0.0.1", "::1", "[::1]", "one.example", "two.example", "data.example.org"]',
)


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
