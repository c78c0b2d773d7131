"""Property-based fuzzing of RDF uploads: random bytes, invalid UTF-8, mutated Turtle, JSON-LD,
RDF/XML, N-Triples, TriG and N-Quads.

The parser every upload goes through (:func:`tbgraph.model.rdfio.parse_graph`) returns a graph or raises
:class:`~tbgraph.model.rdfio.RdfSyntaxError`, nothing else, and never takes the process down (it runs in
the server). Many examples go to the parser directly; fewer through ``POST /api/validate``, where
each one that parses also costs a SHACL validation (about a second): there the answer is 200 with
a report, or 400 naming the problem, never 5xx.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from fastapi.testclient import TestClient
from fuzz_support import DERANDOMIZE, EXAMPLES  # type: ignore[import-not-found]
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tbgraph.model.rdfio import MEDIA_TYPES, RdfSyntaxError, parse_graph
from tbgraph.model.resources import resource_root

PARSER = settings(
    max_examples=EXAMPLES * 12,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    suppress_health_check=list(HealthCheck),
)
HTTP = settings(
    max_examples=max(5, EXAMPLES // 2),
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    suppress_health_check=list(HealthCheck),
)

FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


def _seeds() -> dict[str, bytes]:
    """The first 40 triples of the shipped organisations, in every syntax accepted."""
    triples = list(
        ox.parse(path=str(resource_root() / "data/reference/organisations.ttl"), format=ox.RdfFormat.TURTLE)
    )[:40]
    graph = ox.NamedNode("https://w3id.org/tbgraph/graph/fuzz")
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    seeds = {}
    for media_type, fmt in FORMATS.items():
        data = quads if fmt.supports_datasets else triples
        seeds[media_type] = ox.serialize(data, format=fmt, prefixes={"tb": "https://w3id.org/tbgraph/ontology#"}) or b""
    return seeds


SEEDS = _seeds()
MEDIA = st.sampled_from(sorted(FORMATS))
SPECIAL = st.sampled_from(
    [
        b"\xff",
        b"\xc3",
        b"\xed\xa0\x80",
        b"\x00",
        b"<",
        b">",
        b'"',
        b"{",
        b"}",
        b"[",
        b"]",
        b"@prefix",
        b"@base",
        b'<!ENTITY x "y">',
        b"&x;",
        b"<!DOCTYPE r [",
        b"]>",
        b'"@context": "http://127.0.0.1:9/c"',
        b"\\u0000",
        b"\\U0010FFFF",
        b"_:b",
        b"^^",
        b"@nb",
        b"'''",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"<<",
        b">>",
        b"~",
        b"\\",
    ]
)


@st.composite
def mutated_documents(draw: Any) -> tuple[str, bytes]:
    media_type = draw(MEDIA)
    data = SEEDS[media_type]
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 60)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "flip", "truncate"]))
        if op == "delete":
            data = data[:start] + data[end:]
        elif op == "duplicate":
            data = data[:end] + data[start:end] + data[end:]
        elif op == "insert":
            data = data[:start] + draw(st.one_of(SPECIAL, st.binary(min_size=1, max_size=6))) + data[start:]
        elif op == "flip" and start < len(data):
            data = data[:start] + bytes([data[start] ^ draw(st.integers(1, 255))]) + data[start + 1 :]
        elif op == "truncate":
            data = data[:start]
    return media_type, data


def _parse(media_type: str, data: bytes) -> None:
    try:
        graph = parse_graph(data, media_type, name="body")
    except RdfSyntaxError:
        event("refused")
        return
    event("parsed")
    assert len(graph) >= 0


def test_the_seeds_parse() -> None:
    for media_type, data in SEEDS.items():
        assert len(parse_graph(data, media_type)) == 40, media_type


@PARSER
@given(media_type=st.sampled_from(sorted(MEDIA_TYPES)), data=st.binary(max_size=400))
def test_random_bytes_parse_or_raise_a_syntax_error(media_type: str, data: bytes) -> None:
    _parse(media_type, data)


@PARSER
@given(document=mutated_documents())
def test_mutated_documents_parse_or_raise_a_syntax_error(document: tuple[str, bytes]) -> None:
    _parse(*document)


@PARSER
@given(
    media_type=MEDIA,
    at=st.integers(0, 100_000),
    junk=st.sampled_from([b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]),
)
def test_invalid_utf8_is_a_syntax_error(media_type: str, at: int, junk: bytes) -> None:
    data = SEEDS[media_type]
    at = at % (len(data) + 1)
    corrupted = data[:at] + junk + data[at:]
    try:
        graph = parse_graph(corrupted, media_type)
    except RdfSyntaxError:
        event("refused")
        return
    # Accepted only where the bytes are never read as text (inside RDF/XML's <?xml ...?>
    # declaration): then they changed nothing — no replacement character got into the data.
    event("accepted, unchanged")
    assert len(graph) == len(parse_graph(data, media_type))
    assert not any("\ufffd" in str(term) for triple in graph for term in triple)


@HTTP
@given(document=mutated_documents())
def test_mutated_uploads_are_validated_or_400(fuzz_client: TestClient, document: tuple[str, bytes]) -> None:
    media_type, data = document
    response = fuzz_client.post("/api/validate", content=data, headers={"Content-Type": media_type})
    event(f"status {response.status_code}")
    assert response.status_code in (200, 400), response.text[:300]
    body = response.json()
    if response.status_code == 200:
        assert isinstance(body["conforms"], bool) and body["triples"] >= 0
    else:
        assert isinstance(body["detail"], str) and body["detail"]


@HTTP
@given(data=st.binary(max_size=300), media_type=st.sampled_from(sorted(MEDIA_TYPES)))
def test_random_uploads_are_validated_or_400(fuzz_client: TestClient, data: bytes, media_type: str) -> None:
    response = fuzz_client.post("/api/validate", content=data, headers={"Content-Type": media_type})
    assert response.status_code in (200, 400), response.text[:300]
