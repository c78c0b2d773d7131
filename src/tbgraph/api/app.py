"""The application factory: :func:`create_app` builds one FastAPI app from :class:`Settings`.

The lifespan runs the start-up sequence (:mod:`tbgraph.api.startup.sequence`: open the data, take or make
the SHACL verdict, start the query workers), refusing to start with a message naming the problems,
and puts the :class:`~tbgraph.api.state.ServerState` on ``app.state.tbgraph``, which every route
reads through the dependencies in :mod:`tbgraph.api.deps`. No app is built at import time.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from tbgraph.api.errors import PayloadTooLarge, error_response, install_error_handlers
from tbgraph.api.middleware.head import HeadAsGet
from tbgraph.api.middleware.hosts import RelativeRedirects, allowed_hosts
from tbgraph.api.middleware.observability import Observability
from tbgraph.api.middleware.response_cache import ResponseCache
from tbgraph.api.middleware.security import SecurityHeaders
from tbgraph.api.remote_store import install_remote_store
from tbgraph.api.routers import docs, health, resources, rest, sparql, static
from tbgraph.api.settings import Settings
from tbgraph.api.startup import sequence as startup
from tbgraph.api.state import StartupRefused
from tbgraph.api.templating import STATIC_DIR
from tbgraph.model.version import __version__
from tbgraph.web.routes import router as web_router
from tbgraph.web.templating import site_templates
from tbgraph.web.warm import start as start_warming

__all__ = ["create_app", "create_app_from_env", "StartupRefused"]

log = logging.getLogger("tbgraph.api")

DESCRIPTION = """\
Norwegian government allocation letters (tildelingsbrev) as a validated knowledge graph.

* **`/sparql`** — a read-only SPARQL 1.1 Protocol endpoint (GET, POST form, POST
  `application/sparql-query`); results as SPARQL JSON/XML, CSV, TSV, graphs as Turtle, JSON-LD,
  N-Triples, RDF/XML. A browser gets a query editor.
* **`/api/…`** — the competency questions as typed JSON: actors, assignments, goals, budget,
  deadlines (also as an iCalendar feed), validation of your own RDF.
* **`/id/…`, `/def/…`, `/ontology`, `/graph/…`** — every IRI the dataset mints
  (`https://w3id.org/tbgraph/…`) resolves here by path, as Turtle, JSON-LD or HTML.
"""

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` (413), by Content-Length or while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        message = f"the request body is larger than the limit of {limit} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_large = int(value) > limit
                except ValueError:
                    too_large = False
                if too_large:
                    response = error_response(PayloadTooLarge(message))
                    await response(scope, receive, send)
                    return
        received = 0

        async def limited() -> MutableMapping[str, Any]:
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > limit:
                    raise PayloadTooLarge(message)
            return event

        await self.app(scope, limited, send)


class StashSparqlQueryString:
    """Hand GET /sparql's query string to the route undecoded.

    FastAPI decodes the whole query string of every request while solving dependencies, even for a
    route that declares no query parameters; a SPARQL query in a URL is long and decoding it
    cost more than answering from the cache. The route (which documents its parameters in the
    OpenAPI document) decodes it itself, through a cache, from ``scope["tbgraph.query_string"]``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/sparql") and scope.get("query_string"):
            # In place, not a copy: the layers outside read the route the router sets on this scope.
            scope["tbgraph.query_string"] = scope["query_string"]
            scope["query_string"] = b""
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new application; nothing is loaded until its lifespan starts."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            state = await startup.start(settings)
        except StartupRefused as error:
            log.error("tbgraph refuses to start: %s", error)
            raise
        executor = state.executor
        assert executor is not None
        app.state.tbgraph = state
        log.info(
            "tbgraph ready: %s triples, data version %s, %d query workers (network walls: %s)",
            f"{state.void.triples:,}",
            state.data_version,
            executor.size,
            executor.walls,
        )
        try:
            yield
        finally:
            await executor.close()
            if state.dump_dir is not None:
                state.dump_dir.cleanup()

    app = FastAPI(
        title="tbgraph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        root_path=settings.root_path,
        docs_url=None,  # served by routers.docs from the npm install, not from a CDN
        redoc_url=None,
        openapi_tags=[
            {"name": "SPARQL", "description": "SPARQL 1.1 Protocol query endpoint."},
            {"name": "actors", "description": "Agencies and other actors the letters name."},
            {
                "name": "assignments",
                "description": "Assignments (oppdrag) and their roles, deadlines, links.",
            },
            {"name": "letters", "description": "Goals, budget and deadlines of the letters."},
            {"name": "questions", "description": "The named competency questions."},
            {"name": "validation", "description": "Validate RDF against the shapes."},
            {"name": "linked data", "description": "Every minted IRI, dereferenced."},
        ],
    )
    install_error_handlers(app)
    install_remote_store(app, settings)
    # Innermost: inside CORS and the security headers, which every answer gets on the way out.
    app.add_middleware(
        ResponseCache,
        max_bytes=settings.api_cache_bytes,
        wait_seconds=settings.query_timeout + 1,
        application=app,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],  # reads only: every POST route changes nothing
        allow_headers=["*"],
        allow_credentials=False,
        expose_headers=["X-SPARQL-MaxRows", "Content-Type", "X-Total-Count", "Link"],
        max_age=3600,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(StashSparqlQueryString)
    app.add_middleware(RelativeRedirects)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))
    app.add_middleware(Observability, application=app, json_log=settings.access_log_json, metrics=settings.metrics)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(rest.router)
    app.include_router(static.router)
    app.include_router(docs.router)
    app.mount("/static/tbgraph", StaticFiles(directory=STATIC_DIR), name="tbgraph-static")
    app.include_router(web_router)  # the site's pages, the front page among them
    app.include_router(resources.router)
    site_templates().on_render = start_warming  # the first page starts computing the others' answers
    return app


def create_app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` and worker processes: settings from ``TBGRAPH_*`` variables."""
    return create_app(Settings())
