"""The API's errors: a small hierarchy, each class one HTTP status and one kind of problem.

Handlers raise these; :func:`install_error_handlers` turns them into responses. The SPARQL
endpoint answers errors as plain text (what SPARQL clients show their users); the REST API as
JSON in FastAPI's own shape (``{"detail": …}``), with ``near`` listing the closest matches when a
key or ID is unknown. Anything else that escapes a handler is a bug and stays a 500, never
disguised as a client error.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match, Mount

from tbgraph.sandbox import errors as sandbox_errors

__all__ = [
    "ApiError",
    "NotFound",
    "BadRequest",
    "InvalidParameter",
    "NotAcceptable",
    "Busy",
    "UnsupportedMediaType",
    "PayloadTooLarge",
    "QueryError",
    "QuerySyntaxInvalid",
    "QueryRefused",
    "UpdateRefused",
    "QueryTooDeep",
    "QueryTimeout",
    "QueryWorkerFailed",
    "ServiceBusy",
    "SparqlProtocolError",
    "SparqlNotAcceptable",
    "SparqlUnsupportedMediaType",
    "error_response",
    "from_sandbox",
    "install_error_handlers",
]

log = logging.getLogger("tbgraph.api")


class ApiError(Exception):
    """Base class: ``status_code`` and a sentence saying what was expected and what was found."""

    status_code = 500
    plain_text = False

    def __init__(
        self,
        message: str,
        *,
        near: list[dict[str, Any]] | None = None,
        field: tuple[str, ...] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.near = near
        self.field = field
        self.headers = headers or {}


class NotFound(ApiError):
    """No resource has this key, ID or IRI."""

    status_code = 404


class BadRequest(ApiError):
    status_code = 400


class InvalidParameter(ApiError):
    """A parameter's value is malformed or names nothing; ``field`` says which (like FastAPI's 422)."""

    status_code = 422


class NotAcceptable(ApiError):
    status_code = 406


class UnsupportedMediaType(ApiError):
    status_code = 415


class PayloadTooLarge(ApiError):
    status_code = 413


class Busy(ApiError):
    """A JSON route cannot take the request now (503); ``Retry-After`` says when to come back."""

    status_code = 503


class QueryError(ApiError):
    """An error of the SPARQL protocol endpoint: answered as text/plain."""

    status_code = 400
    plain_text = True


class QuerySyntaxInvalid(QueryError):
    """The query does not parse; the message is the parser's, with line and column."""


class QueryRefused(QueryError):
    """The query parses but asks for something this endpoint never does (SERVICE, remote FROM …)."""


class UpdateRefused(QueryError):
    """SPARQL Update sent to the read-only query endpoint."""


class QueryTooDeep(QueryRefused):
    """The query nests (or chains) deeper than the engine can parse and plan without crashing."""


class AnswerTooLarge(QueryError):
    """One row of the answer is larger than the bytes an answer may carry."""

    status_code = 413


class QueryTimeout(QueryError):
    status_code = 503


class QueryWorkerFailed(QueryError):
    status_code = 503


class ServiceBusy(QueryError):
    status_code = 503


class SparqlProtocolError(QueryError):
    """The request is not a well-formed SPARQL protocol request (no query, two queries …)."""


class SparqlNotAcceptable(QueryError):
    status_code = 406


class SparqlUnsupportedMediaType(QueryError):
    status_code = 415


def from_sandbox(error: sandbox_errors.SandboxError) -> QueryError:
    """The endpoint's error for why the query pool could not answer (all of them 503)."""
    kind: type[QueryError] = {
        sandbox_errors.QueryTimeout: QueryTimeout,
        sandbox_errors.QueryWorkerFailed: QueryWorkerFailed,
    }.get(type(error), ServiceBusy)
    return kind(error.message, headers=error.headers)


def error_response(error: ApiError) -> Response:
    headers = dict(error.headers)
    if error.plain_text:
        return PlainTextResponse(error.message + "\n", status_code=error.status_code, headers=headers)
    body: dict[str, Any]
    if error.field is not None:
        body = {"detail": [{"loc": list(error.field), "msg": error.message, "type": "value_error"}]}
    else:
        body = {"detail": error.message}
    if error.near is not None:
        body["near"] = error.near
    return JSONResponse(body, status_code=error.status_code, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    async def handle(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        if error.near:
            state = getattr(request.app.state, "tbgraph", None)
            configured = getattr(getattr(state, "settings", None), "public_base_url", None)
            base = configured or str(request.base_url)
            base = base if base.endswith("/") else base + "/"
            for item in error.near:
                href = item.get("href")
                if isinstance(href, str) and not href.startswith(("http://", "https://", "/")):
                    item["href"] = base + href
        if error.status_code >= 500:
            log.warning("%s %s -> %s: %s", request.method, request.url.path, error.status_code, error.message)
        return error_response(error)

    app.add_exception_handler(ApiError, handle)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ClientDisconnect, _client_gone)


async def _client_gone(request: Request, error: Exception) -> Response:
    """A client that went away mid-body: nobody is left to answer, and nothing is wrong here, so
    the log says it in one debug line, not a traceback."""
    log.debug("%s %s: the client went away before its request body ended", request.method, request.url.path)
    return Response(status_code=400)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


async def _http_error(request: Request, error: Exception) -> Response:
    """FastAPI's own answer, but a 405's ``Allow`` lists every method of the path.

    Starlette names the methods of the first route whose path matches only, so ``PUT /sparql``
    answered ``Allow: GET`` although ``POST /sparql`` exists (RFC 9110 §10.2.1 wants them all).
    """
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 405:
        routes = [r for r in request.app.router.routes if not isinstance(r, Mount)]  # a mount says itself
        methods = {
            method
            for method in _METHODS
            if any(r.matches({**request.scope, "method": method})[0] == Match.FULL for r in routes)
        }
        if "GET" in methods:
            methods.add("HEAD")  # answered as GET by tbgraph.api.middleware.head
        if methods:
            error.headers = {**(error.headers or {}), "Allow": ", ".join(sorted(methods))}
    return await http_exception_handler(request, error)
