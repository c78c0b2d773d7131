"""The HTTP side, tested through FastAPI's TestClient on the shipped data.

One application is started per test session (loading, validating and starting the query workers
takes a few seconds); tests that need other settings (a short time limit, a small row cap, a
broken dataset) build their own with :func:`make_client`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")

from fastapi.testclient import TestClient  # noqa: E402

from tbgraph.api import Settings, create_app  # noqa: E402


@contextmanager
def make_client(**settings: Any) -> Iterator[TestClient]:
    """A TestClient on a fresh application with these settings (the lifespan runs inside)."""
    app = create_app(Settings(**settings))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The application as ``tbgraph serve`` runs it, with the default settings."""
    with make_client() as client:
        yield client


@pytest.fixture(scope="session")
def strict_client() -> Iterator[TestClient]:
    """A second application with a short time limit and a small row cap, for the safety tests."""
    with make_client(query_timeout=2.0, max_rows=5, query_workers=2, validate_on_start=False) as client:
        yield client


@pytest.fixture
def client_with() -> Any:
    """``with client_with(setting=value) as client:`` — an application with other settings."""
    return make_client
