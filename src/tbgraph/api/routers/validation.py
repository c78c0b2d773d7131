"""``POST /api/validate``: validate RDF against the shapes, together with the reference data."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import rdflib
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ...loader import REFERENCE_GRAPH
from ...rdfio import MEDIA_TYPES, RdfSyntaxError, parse_graph
from ..deps import StateDep
from ..errors import BadRequest, Busy, NotAcceptable, UnsupportedMediaType
from ..models import ErrorBody, ValidationResult
from ..negotiation import choose

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["validation"])

_ACCEPTED = (
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
    "application/n-quads",
    "application/trig",
)


def _reference(state: StateDep) -> rdflib.Graph:
    def load() -> rdflib.Graph:
        graph = rdflib.Graph()
        for source in state.sources:
            if source.graph == REFERENCE_GRAPH:
                graph += parse_graph(source.path)
        return graph

    return state.memo.get(("reference-graph",), load)


@contextlib.asynccontextmanager
async def _turn(state: StateDep) -> AsyncIterator[None]:
    """Wait for a turn to parse and validate, up to the query time limit.

    Without it every upload took a thread of its own: forty 1 MiB uploads at once (about 4 s of
    pySHACL each, all holding the GIL in turn) slowed every other request of the process for
    minutes. Now they queue, and past the limit the client is told to come back.
    """
    gate = state.validation_turn()
    limit = state.settings.query_timeout
    try:
        await asyncio.wait_for(gate.acquire(), limit)
    except TimeoutError:
        raise Busy(
            f"other uploads have been validated for {limit:g} s and this one is still waiting its turn "
            f"({state.settings.validations_at_once} at a time); try again later",
            headers={"Retry-After": "5"},
        ) from None
    try:
        yield
    finally:
        gate.release()


@router.post(
    "/validate",
    response_model=ValidationResult,
    responses={
        200: {
            "content": {"text/turtle": {}},
            "description": "The SHACL report (JSON, or Turtle on request).",
        },
        400: {"model": ErrorBody, "description": "The body is not valid RDF; the message names the line."},
        415: {"model": ErrorBody},
        503: {"model": ErrorBody, "description": "Other uploads were being validated for too long; retry later."},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                t: {"schema": {"type": ["object", "array"]} if t == "application/ld+json" else {"type": "string"}}
                for t in _ACCEPTED
            },
        }
    },
    summary="Validate RDF against the shapes",
)
async def validate_rdf(request: Request, state: StateDep) -> ValidationResult | Response:
    """The body (Turtle, JSON-LD, N-Triples …, by Content-Type) is validated with the shipped reference data
    (organisations, solutions, legal sources) added, since letters point into it. The report is JSON, or the
    W3C SHACL report graph as Turtle with ``Accept: text/turtle``. A report that does not conform is still a
    200: the request succeeded."""
    from ...validation import validate

    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"cannot validate a body of type {content_type or '(none)'!r}; send one of {', '.join(_ACCEPTED)}"
        )
    wanted = choose(request.headers.get("accept"), ("application/json", "text/turtle"))
    if wanted is None:
        raise NotAcceptable("the report is written as application/json or text/turtle")
    body = await request.body()
    if not body.strip():
        raise BadRequest("the body is empty: send the RDF to validate")
    async with _turn(state):
        try:
            data = await run_in_threadpool(parse_graph, body, content_type, name="body")
        except RdfSyntaxError as error:
            raise BadRequest(f"the body is not valid {content_type}: {error}") from None
        reference = await run_in_threadpool(_reference, state)
        report = await run_in_threadpool(validate, data + reference)
    if wanted == "text/turtle":
        return Response(report.to_turtle().encode(), media_type="text/turtle")
    document = report.to_json()
    return ValidationResult(
        conforms=document["conforms"],
        violations=document["violations"],
        warnings=document["warnings"],
        results=document["results"],
        triples=len(data),
    )
