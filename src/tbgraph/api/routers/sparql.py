"""``/sparql``: the SPARQL 1.1 Protocol query operation, its service description and query editor.

* ``GET /sparql?query=…``, ``POST`` as ``application/x-www-form-urlencoded`` (``query=…``) or as
  ``application/sparql-query`` (the query is the body); ``default-graph-uri`` and
  ``named-graph-uri`` choose graphs of this dataset.
* SELECT/ASK answer in SPARQL JSON (the default), XML, CSV or TSV; CONSTRUCT/DESCRIBE in Turtle
  (the default), JSON-LD, N-Triples or RDF/XML — chosen by ``Accept`` (q-values honoured) or by a
  ``format`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``json-ld`` …).
* ``GET /sparql`` without a query: the service description (Turtle, JSON-LD …) for an RDF client,
  the query editor for a browser.

Errors follow the protocol: 400 with the parser's message for a malformed query, or for none or
two queries; 415 for a body type other than the two above; 406 when no offered format is
acceptable; 503 when the query exceeds the time limit. Untrusted queries run in the worker
processes of :mod:`tbgraph.sandbox.pool`, after the checks of :mod:`tbgraph.sandbox.check`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tbgraph.api.deps import BaseUrlDep, ExecutorDep, StateDep
from tbgraph.api.errors import (
    AnswerTooLarge,
    QueryError,
    QueryRefused,
    QuerySyntaxInvalid,
    QueryTimeout,
    QueryTooDeep,
    SparqlNotAcceptable,
    SparqlProtocolError,
    SparqlUnsupportedMediaType,
    UpdateRefused,
    from_sandbox,
)
from tbgraph.api.formats.description import service_description
from tbgraph.api.formats.negotiation import GRAPH_MEDIA_TYPES, RESULTS_MEDIA_TYPES, canonical, choose, format_override
from tbgraph.api.middleware.cache import CachedAnswer
from tbgraph.api.middleware.compression import MIN_BYTES, accepts_gzip, compress, decompress
from tbgraph.api.state import ServerState
from tbgraph.api.templating import templates
from tbgraph.model.prefixes import sparql_prologue
from tbgraph.questions.named import named_queries
from tbgraph.sandbox.errors import SandboxError
from tbgraph.sandbox.worker import Job, Reply

__all__ = ["router"]

router = APIRouter(tags=["SPARQL"])

HTML = "text/html"
RESULT_OFFERS = tuple(RESULTS_MEDIA_TYPES)
GRAPH_OFFERS = tuple(GRAPH_MEDIA_TYPES)
_RESULT_OFFERS_HTML = RESULT_OFFERS + (HTML,)
_GRAPH_OFFERS_HTML = GRAPH_OFFERS + (HTML,)
_DESCRIPTION_OFFERS = (
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
    "application/x-turtle",
    HTML,
)
_RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The answer, in the negotiated format.",
        "content": {
            t: {}
            for t in (
                *dict.fromkeys(RESULTS_MEDIA_TYPES.values()),
                *dict.fromkeys(GRAPH_MEDIA_TYPES.values()),
                HTML,
            )
        },
    },
    400: {
        "description": "Malformed query (the parser's message, with line and column), no query, two "
        "queries, SPARQL Update, SERVICE, or a graph outside the dataset.",
        "content": {"text/plain": {}},
    },
    406: {
        "description": "None of the formats the client accepts fits the query.",
        "content": {"text/plain": {}},
    },
    413: {"description": "The request body is larger than the limit."},
    415: {
        "description": "POST body neither form-encoded nor application/sparql-query.",
        "content": {"text/plain": {}},
    },
    503: {
        "description": "The query exceeded the time limit, or every query worker stayed busy.",
        "content": {"text/plain": {}},
    },
}

_TIMED_OUT_MEMORY = 256


def _refuse_updates(updates: list[str]) -> None:
    if updates:
        raise UpdateRefused(
            "this endpoint is read-only: it does not accept SPARQL Update (the 'update' parameter or "
            "application/sparql-update). Send SELECT, ASK, CONSTRUCT or DESCRIBE as 'query'."
        )


def _one_query(queries: list[str]) -> str:
    if not queries:
        raise SparqlProtocolError(
            "no query: send the SPARQL query as the 'query' parameter or, with "
            "Content-Type: application/sparql-query, as the request body"
        )
    if len(queries) > 1:
        raise SparqlProtocolError(f"{len(queries)} queries in one request: send exactly one 'query'")
    return queries[0]


def _recent_timeout(state: ServerState, key: object) -> bool:
    timed_out: dict[object, float] = state.memo.get(("sparql-timeouts",), dict)
    when = timed_out.get(key)
    return when is not None and time.monotonic() - when < 6 * state.settings.query_timeout


def _remember_timeout(state: ServerState, key: object) -> None:
    timed_out: dict[object, float] = state.memo.get(("sparql-timeouts",), dict)
    if len(timed_out) >= _TIMED_OUT_MEMORY:
        timed_out.clear()
    timed_out[key] = time.monotonic()


def _negotiate(request: Request, format_names: list[str], graph: bool) -> str | None:
    """The media type to answer a query of this kind in (a client's name for it), or None."""
    for name in format_names:
        media = format_override(name, graph)
        if media:
            return media
    return choose(request.headers.get("accept"), _GRAPH_OFFERS_HTML if graph else _RESULT_OFFERS_HTML)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def _endpoint_iri(request: Request, base: str) -> str:
    """The endpoint's own URL, the base relative IRIs in a query resolve against."""
    return base.rstrip("/") + "/sparql"


async def answer(
    request: Request,
    state: ServerState,
    executor: ExecutorDep,
    base: str,
    *,
    queries: list[str],
    default_graph_uri: list[str],
    named_graph_uri: list[str],
    format_names: list[str],
) -> Response:
    """Negotiate, look up the cache, check and run in a worker: the protocol's query operation."""
    text = _one_query(queries)
    limit = state.settings.max_query_bytes
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        raise QueryRefused(
            f"the query is {len(text.encode('utf-8', 'surrogatepass')):,} bytes, more than this endpoint's limit "
            f"of {limit:,} bytes per query; split it, or bind long lists of values in several queries"
        )
    results_media = _negotiate(request, format_names, graph=False)
    graph_media = _negotiate(request, format_names, graph=True)
    if results_media == HTML:
        return editor_page(request, state, base, text)
    if results_media is None and graph_media in (None, HTML):
        accept = request.headers.get("accept")
        offered = ", ".join(dict.fromkeys([*RESULTS_MEDIA_TYPES.values(), *GRAPH_MEDIA_TYPES.values()]))
        raise SparqlNotAcceptable(
            f"none of the formats in Accept: {accept} fits a query; this endpoint writes {offered}"
        )
    written_results = canonical(results_media, False) if results_media not in (None, HTML) else None
    written_graph = canonical(graph_media, True) if graph_media not in (None, HTML) else None
    given = bool(default_graph_uri or named_graph_uri)
    default_graphs = tuple(default_graph_uri) if given else None
    named_graphs = tuple(named_graph_uri) if given else None
    base_iri = _endpoint_iri(request, base)
    query_key = (state.data_version, _digest(text), default_graphs, named_graphs, base_iri)
    key = (*query_key, written_results, written_graph)
    hit = state.cache.get(key)
    running: dict[object, asyncio.Event] = state.memo.get(("sparql-running",), dict)
    if hit is None and query_key in running:
        # The same query is running: wait for its fate rather than take another worker for it
        # (two copies of a runaway query held the whole pool until the first one timed out).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(running[query_key].wait(), state.settings.query_timeout + 1)
        hit = state.cache.get(key)
    if hit is None:
        if _recent_timeout(state, query_key):
            raise QueryTimeout(
                f"this query ran past the time limit of {state.settings.query_timeout:g} s a moment ago and "
                "would again; narrow it (more specific patterns, a LIMIT)"
            )
        done = running.setdefault(query_key, asyncio.Event())
        job = Job(text, written_results, written_graph, default_graphs, named_graphs, base_iri)
        try:
            try:
                reply = await executor.run(job)
            except SandboxError as error:
                raise from_sandbox(error) from None
        except QueryTimeout:
            _remember_timeout(state, query_key)
            raise
        finally:
            if running.get(query_key) is done:
                del running[query_key]
            done.set()
        _raise_for(reply, request)
        if len(reply.body) >= MIN_BYTES:
            body = await asyncio.to_thread(compress, reply.body)
            hit = CachedAnswer(body, reply.media_type, reply.truncated, reply.count, "gzip")
        else:
            hit = CachedAnswer(reply.body, reply.media_type, reply.truncated, reply.count)
        state.cache.put(key, hit)
    graph = hit.media_type in GRAPH_MEDIA_TYPES.values() and hit.media_type not in RESULTS_MEDIA_TYPES.values()
    media = graph_media if graph else results_media
    headers = {"Vary": "Accept, Accept-Encoding"}
    if hit.truncated == "rows":
        headers["X-SPARQL-MaxRows"] = str(state.settings.max_rows)
    elif hit.truncated == "bytes":
        headers["X-SPARQL-MaxBytes"] = str(state.settings.max_answer_bytes)
    if hit.truncated:
        headers["X-SPARQL-Truncated"] = hit.truncated
    body = hit.body
    if hit.encoding == "gzip":
        if accepts_gzip(request.headers.get("accept-encoding")):
            headers["Content-Encoding"] = "gzip"
        else:
            body = await asyncio.to_thread(decompress, body)
    return Response(body, media_type=media or hit.media_type, headers=headers)


_REFUSALS: dict[str, type[QueryError]] = {
    "syntax": QuerySyntaxInvalid,
    "update": UpdateRefused,
    "service": QueryRefused,
    "depth": QueryTooDeep,
}


def _raise_for(reply: Reply, request: Request) -> None:
    """The protocol's error for a reply that is not an answer."""
    if reply.status == "ok":
        return
    if reply.status == "refused":
        raise _REFUSALS.get(reply.kind, QueryRefused)(reply.message)
    if reply.status == "syntax":
        raise QuerySyntaxInvalid(f"malformed query: {reply.message}")
    if reply.status == "media":
        raise SparqlNotAcceptable(
            f"a {reply.form} query cannot be answered in any format of Accept: {request.headers.get('accept')}"
        )
    if reply.status == "too-large":
        raise AnswerTooLarge(reply.message)
    raise QueryError(f"the query could not be evaluated: {reply.message}")


def editor_page(request: Request, state: ServerState, base: str, query: str | None = None) -> HTMLResponse:
    examples = [
        {
            "name": q.name,
            "title": q.title_en,
            "title_nb": q.title_nb,
            "question": q.question_en,
            "text": q.text,
        }
        for q in named_queries().values()
    ]
    default = (
        sparql_prologue() + "\nSELECT ?id ?title WHERE {\n  ?a a tb:Assignment ; dcterms:identifier ?id ;\n"
        '     dcterms:title ?title .\n  FILTER(LANG(?title) = "nb")\n}\nORDER BY ?id\n'
    )
    return templates().TemplateResponse(
        request,
        "sparql.html",
        {
            "base": base,
            "query": query or default,
            "autorun": query is not None,
            "examples": examples,
            "prologue": sparql_prologue(),
            "settings": state.settings,
            "void": state.void,
            "data_version": state.data_version,
        },
        headers={"Vary": "Accept"},
    )


def description_response(request: Request, state: ServerState, base: str) -> Response:
    media = choose(request.headers.get("accept"), _DESCRIPTION_OFFERS)
    if media == HTML:
        return editor_page(request, state, base)
    if media is None:
        raise SparqlProtocolError(
            "no query given; GET /sparql without a query returns the service "
            "description (Turtle, JSON-LD, N-Triples, RDF/XML) or the query editor (HTML)"
        )
    written = GRAPH_MEDIA_TYPES[media]

    def build() -> bytes:
        return service_description(state, base).serialize(format=_RDFLIB_FORMATS[written], encoding="utf-8")

    body = state.memo.get(("service-description", base, written), build)
    return Response(body, media_type=media, headers={"Vary": "Accept"})


_GET_PARAMETERS = [
    {
        "name": "query",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "The SPARQL query (exactly one). Without it: the service description or the editor.",
    },
    {
        "name": "default-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "A graph of the default graph.",
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "A graph available to GRAPH.",
    },
    {
        "name": "format",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "Result format by name (json, xml, csv, tsv, turtle, json-ld, nt, rdf+xml) "
        "or media type; overrides Accept.",
    },
]


@lru_cache(maxsize=1024)
def _parse_query_string(raw: bytes) -> tuple[tuple[str, str], ...]:
    """The URL's parameters. Cached: a SPARQL query in a URL is long, and decoding it cost more than
    answering from the cache (the same clients send the same queries)."""
    return tuple(parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8"))


def _url_params(request: Request) -> tuple[tuple[str, str], ...]:
    raw: bytes = request.scope.get("tbgraph.query_string", request.scope.get("query_string", b""))
    if len(raw) > 4096:  # long ones are decoded each time: the cache's keys would hold them
        return tuple(parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8"))
    return _parse_query_string(raw)


@router.get(
    "/sparql",
    response_model=None,
    responses=_RESPONSES,
    summary="SPARQL query (GET), service description, query editor",
    openapi_extra={"parameters": _GET_PARAMETERS},
)
async def sparql_get(request: Request, state: StateDep, executor: ExecutorDep, base: BaseUrlDep) -> Response:
    """Run a query given in the URL; without one, describe the service (or show the editor)."""
    params = _url_params(request)
    _refuse_updates([v for k, v in params if k == "update"])
    queries = [v for k, v in params if k == "query"]
    if not queries:
        return description_response(request, state, base)
    return await answer(
        request,
        state,
        executor,
        base,
        queries=queries,
        default_graph_uri=[v for k, v in params if k == "default-graph-uri"],
        named_graph_uri=[v for k, v in params if k == "named-graph-uri"],
        format_names=[v for k, v in params if k in ("format", "output", "results")],
    )


@router.post(
    "/sparql",
    response_model=None,
    responses=_RESPONSES,
    summary="SPARQL query (POST, form-encoded or application/sparql-query)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                FORM: {
                    "schema": {
                        "type": "object",
                        "required": ["query"],
                        "properties": {
                            "query": {"type": "string"},
                            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        },
                    }
                },
                SPARQL_QUERY: {"schema": {"type": "string"}},
            },
        }
    },
)
async def sparql_post(request: Request, state: StateDep, executor: ExecutorDep, base: BaseUrlDep) -> Response:
    """Run a query sent in the body."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = list(_url_params(request))
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SparqlProtocolError(f"the request body is not UTF-8: {error}") from None
    if content_type == FORM:
        params = url_params + parse_qsl(text, keep_blank_values=True)
        queries = [v for k, v in params if k == "query"]
    elif content_type == SPARQL_QUERY:
        params = url_params
        queries = [text] + [v for k, v in params if k == "query"]
    elif content_type == SPARQL_UPDATE:
        _refuse_updates([text])
        raise AssertionError("unreachable")
    else:
        raise SparqlUnsupportedMediaType(
            f"unsupported request body type {content_type or '(none)'!r}: send the query as "
            f"{FORM} (query=…) or as {SPARQL_QUERY}"
        )
    _refuse_updates([v for k, v in params if k == "update"])
    return await answer(
        request,
        state,
        executor,
        base,
        queries=queries,
        default_graph_uri=[v for k, v in params if k == "default-graph-uri"],
        named_graph_uri=[v for k, v in params if k == "named-graph-uri"],
        format_names=[v for k, v in params if k in ("format", "output", "results")],
    )


@router.options("/sparql", include_in_schema=False)
async def sparql_options() -> Response:
    """What the endpoint allows (a CORS preflight, with ``Origin``, is answered by the CORS layer)."""
    return Response(status_code=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})
