"""``POST /api/validate``: validate RDF against the shapes, together with the reference data."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tbgraph.api import validation_process
from tbgraph.api.deps import StateDep
from tbgraph.api.errors import BadRequest, Busy, NotAcceptable, PayloadTooLarge, UnsupportedMediaType
from tbgraph.api.formats.negotiation import choose
from tbgraph.api.models import ErrorBody, ValidationResult
from tbgraph.dataset.loader import REFERENCE_GRAPH
from tbgraph.model.rdfio import MEDIA_TYPES

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


def _reference(state: StateDep) -> list[Path]:
    """The shipped reference data's files (organisations, solutions, legal sources)."""
    return [Path(source.path) for source in state.sources if source.graph == REFERENCE_GRAPH]


@contextlib.asynccontextmanager
async def _turn(state: StateDep) -> AsyncIterator[None]:
    """Wait for a turn to parse and validate, up to the query time limit.

    Uploads queue instead of being validated all at once, which starved every other request of
    the process (docs/decisions/0007-validation-speed.md); past the limit the client is told to
    come back.
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
        413: {"model": ErrorBody, "description": "The validation needed more memory than a validation may use."},
        503: {
            "model": ErrorBody,
            "description": "The validation ran past the time limit, or other uploads kept it waiting; retry later.",
        },
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
            status, report, triples = await validation_process.validate_upload(
                body,
                content_type,
                _reference(state),
                turtle=wanted == "text/turtle",
                seconds=state.settings.query_timeout,
                memory_limit_mb=state.settings.worker_memory_mb,
            )
        except validation_process.ValidationTimedOut as error:
            raise Busy(str(error)) from None
        except validation_process.ValidationFailed as error:
            raise PayloadTooLarge(str(error)) from None
    if status == "syntax":
        raise BadRequest(f"the body is not valid {content_type}: {report}")
    if wanted == "text/turtle":
        return Response(str(report).encode(), media_type="text/turtle")
    return ValidationResult(
        conforms=report["conforms"],
        violations=report["violations"],
        warnings=report["warnings"],
        results=report["results"],
        triples=triples,
        left_out=report.get("left_out", 0),
    )
