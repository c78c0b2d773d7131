"""Every operation of the OpenAPI document, fuzzed by schemathesis: no 5xx, and every response as
documented (status code, media type, headers, JSON body against its schema).

Requests are generated from the document itself, valid ones and invalid ones (schemathesis's
negative mode: a request that violates the document must be refused with a 4xx).

Not checked: "a request valid by the document is accepted" (schemathesis's positive-data check).
The parameters name things in the data — actor keys, assignment IDs, IRIs under /id/ — or are
SPARQL queries and RDF documents, none of which a JSON schema can describe, so a schema-valid
``agency=x`` or ``query=0`` is rightly a 404, 422 or 400.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from fuzz_support import DERANDOMIZE, EXAMPLES, fuzz_app  # type: ignore[import-not-found]
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

# Built at import, but nothing runs until the first request: then schemathesis starts the
# application's lifespan (loading the data, starting the query workers) once for the session.
APP = fuzz_app()
# A SPARQL query and the line- and text-based RDF syntaxes are text, sent as they are.
schemathesis.serializer.alias(
    ["application/sparql-query", "application/n-triples", "application/n-quads", "application/trig"], "text/plain"
)
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP

TEXT_BODIES = {
    "application/sparql-query",
    "text/turtle",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
}

#: The RDF validation runs pySHACL on every example (about 0.3 s each): fewer of those.
SLOW_OPERATIONS = {("POST", "/api/validate"): max(4, EXAMPLES // 3)}


def test_the_document_covers_the_api() -> None:
    operations = {(o.ok().method.upper(), o.ok().path) for o in schema.get_all_operations()}
    for expected in [
        ("GET", "/sparql"),
        ("POST", "/sparql"),
        ("POST", "/api/validate"),
        ("GET", "/api/assignments/{id}"),
        ("GET", "/id/{path}"),
        ("GET", "/api/graph/collaboration"),
        ("GET", "/health"),
    ]:
        assert expected in operations


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case: Any) -> None:
    limit = SLOW_OPERATIONS.get((case.method.upper(), case.path))
    if limit is not None:
        # hypothesis has no per-operation budget: skip the rest of the examples of a slow one
        counts = _seen.setdefault((case.method.upper(), case.path), [0])
        counts[0] += 1
        if counts[0] > limit:
            return
    excluded = [positive_data_acceptance]
    if case.media_type in TEXT_BODIES and not isinstance(case.body, str | bytes):
        # A "wrong type" (say an object) for a text body arrives as text all the same — "{}" is a
        # valid, empty TriG document — so the server cannot be expected to refuse it.
        excluded.append(negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)


_seen: dict[tuple[str, str], list[int]] = {}
