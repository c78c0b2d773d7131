"""Fuzzing the HTTP API: schema-driven (schemathesis) and property-based (hypothesis).

Bounded so that the whole folder stays near a minute on two cores: ``TBGRAPH_FUZZ_EXAMPLES``
(default 25) sets how many examples each generated test tries; raise it for a longer hunt, e.g.
``TBGRAPH_FUZZ_EXAMPLES=500 .venv/bin/pytest tests/fuzz``. Under CI (``CI`` set) the examples are
derandomised, so a run is repeatable; locally each run explores new ones.

The application under test is built from :class:`tbgraph.api.Settings` as ``tbgraph serve`` would
(with a short time limit and a small row cap) and called in-process, its lifespan (data, query
workers) started once for the session.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")

from fastapi.testclient import TestClient  # noqa: E402
from fuzz_support import Listener, fuzz_app  # noqa: E402


@pytest.fixture(scope="session")
def fuzz_client() -> Iterator[TestClient]:
    with TestClient(fuzz_app(), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.close()
