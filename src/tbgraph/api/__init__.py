"""The HTTP side of tbgraph: a SPARQL 1.1 Protocol endpoint, a REST API and dereferenceable IRIs.

One FastAPI application, built by :func:`create_app` from :class:`Settings`::

    from tbgraph.api import Settings, create_app
    app = create_app(Settings(query_timeout=5))

``tbgraph serve`` runs it under uvicorn. The names are imported lazily so that the query worker
processes (:mod:`tbgraph.sandbox.worker`) start without importing FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Settings", "create_app"]

if TYPE_CHECKING:
    from tbgraph.api.app import create_app
    from tbgraph.api.settings import Settings


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from tbgraph.api.app import create_app

        return create_app
    if name == "Settings":
        from tbgraph.api.settings import Settings

        return Settings
    raise AttributeError(name)
