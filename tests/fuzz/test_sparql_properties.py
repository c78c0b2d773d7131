"""Property-based fuzzing of SPARQL text: generated from a small grammar, and mutated named queries.

Whatever the text, ``/sparql`` answers 200 (a parseable document), 400 (the parser's or the
checks' message), 406 or a documented 503 (the time limit, or every worker busy); never 500, and
no query worker dies other than by being stopped at the time limit. The checks in
:mod:`tbgraph.sandbox.check` are also run on their own, many more times: they raise nothing but a
refusal with its reason.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fuzz_support import DERANDOMIZE, EXAMPLES  # type: ignore[import-not-found]
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tbgraph.model.prefixes import sparql_prologue
from tbgraph.questions.named import named_queries
from tbgraph.sandbox.check import Refused, check

FUZZ = settings(
    max_examples=EXAMPLES * 8,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# -- a small SPARQL grammar --------------------------------------------------------------------

VARIABLES = st.sampled_from(["?s", "?p", "?o", "?x", "?label", "$y", "?assignment", "?g"])
IRIS = st.sampled_from(
    [
        "<https://w3id.org/tbgraph/id/org/nhn>",
        "<https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-01>",
        "tb:Assignment",
        "tb:involves",
        "rdfs:label",
        "dcterms:title",
        "skos:notation",
        "a",
        "<http://example.org/x>",
        "<>",
        "<relative/iri>",
        "undeclared:name",
    ]
)


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


LITERALS = st.one_of(
    st.integers(-(10**9), 10**9).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(max_size=24).map(_string),
    st.tuples(
        st.text(max_size=10).map(_string),
        st.sampled_from(["@nb", "@en", "@x-weird", "^^xsd:integer", "^^xsd:date", "^^<http://e.org/t>"]),
    ).map("".join),
    st.sampled_from(["true", "false", '""', "'''x'''"]),
)
TERMS = st.one_of(VARIABLES, IRIS, LITERALS)
TRIPLE = st.tuples(
    st.one_of(VARIABLES, IRIS),
    st.one_of(VARIABLES, IRIS, st.just("rdfs:label|skos:prefLabel"), st.just("tb:partOf*"), st.just("^tb:involves")),
    TERMS,
).map(lambda t: " ".join(t) + " .")
OPERATORS = st.sampled_from(["=", "!=", "<", ">", "<=", ">=", "&&", "||", "+", "-", "*", "/"])
FUNCTIONS = st.sampled_from(
    [
        "STR",
        "LANG",
        "BOUND",
        "REGEX",
        "CONCAT",
        "COALESCE",
        "IF",
        "STRLEN",
        "UCASE",
        "ISIRI",
        "DATATYPE",
        "ABS",
        "SUBSTR",
        "CONTAINS",
        "YEAR",
        "NOW",
        "RAND",
        "SHA256",
        "IRI",
        "LANGMATCHES",
    ]
)
EXPRESSIONS = st.recursive(
    st.one_of(VARIABLES, LITERALS),
    lambda inner: st.one_of(
        st.tuples(inner, OPERATORS, inner).map(" ".join),
        st.tuples(FUNCTIONS, st.lists(inner, min_size=0, max_size=3)).map(lambda f: f"{f[0]}({', '.join(f[1])})"),
        inner.map(lambda e: f"({e})"),
        inner.map(lambda e: f"!{e}"),
        st.tuples(inner, st.lists(LITERALS, max_size=4)).map(lambda t: f"{t[0]} IN ({', '.join(t[1])})"),
    ),
    max_leaves=10,
)
PATTERNS = st.recursive(
    st.lists(TRIPLE, min_size=1, max_size=2).map(" ".join),
    lambda inner: st.one_of(
        inner.map(lambda p: "{ " + p + " }"),
        st.tuples(inner, inner).map(lambda t: "{ " + t[0] + " } UNION { " + t[1] + " }"),
        st.tuples(inner, inner).map(lambda t: t[0] + " OPTIONAL { " + t[1] + " }"),
        st.tuples(inner, inner).map(lambda t: t[0] + " MINUS { " + t[1] + " }"),
        st.tuples(inner, EXPRESSIONS).map(lambda t: t[0] + " FILTER(" + t[1] + ")"),
        st.tuples(inner, EXPRESSIONS).map(lambda t: t[0] + " BIND(" + t[1] + " AS ?bound)"),
        st.tuples(inner, inner).map(lambda t: t[0] + " FILTER NOT EXISTS { " + t[1] + " }"),
        inner.map(lambda p: "GRAPH ?g { " + p + " }"),
        inner.map(lambda p: "VALUES ?x { 1 2 <http://e.org/v> } " + p),
        inner.map(lambda p: "{ SELECT * WHERE { " + p + " } LIMIT 3 }"),
    ),
    max_leaves=5,
)
FORMS = st.sampled_from(
    [
        "SELECT *",
        "SELECT DISTINCT ?s ?o",
        "SELECT (COUNT(*) AS ?n)",
        "SELECT ?s (SAMPLE(?o) AS ?one)",
        "ASK",
        "CONSTRUCT { ?s ?p ?o }",
        "DESCRIBE ?s",
        "SELECT",
        "CONSTRUCT",
    ]
)
MODIFIERS = st.sampled_from(["", " GROUP BY ?s", " ORDER BY ?s", " ORDER BY DESC(?o)", " OFFSET 2", " HAVING(true)"])


@st.composite
def grammar_queries(draw: Any) -> str:
    prologue = draw(
        st.sampled_from(["", sparql_prologue(), "BASE <https://w3id.org/tbgraph/id/> ", "PREFIX : <http://e.org/> "])
    )
    form = draw(FORMS)
    where = draw(st.sampled_from(["WHERE ", ""]))
    modifier = draw(MODIFIERS)
    limit = draw(st.integers(0, 20))
    return f"{prologue}{form} {where}{{ {draw(PATTERNS)} }}{modifier} LIMIT {limit}"


# -- mutating the named queries ------------------------------------------------------------------

SEEDS = [q.text for q in named_queries().values()]
INSERTIONS = st.sampled_from(
    [
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        '"',
        "'",
        "<",
        ">",
        "#",
        "\\",
        ".",
        ";",
        ",",
        "?",
        "$",
        "^^",
        "@",
        "SERVICE <http://127.0.0.1:9/>",
        "LOAD",
        "FROM",
        "INSERT DATA",
        "GRAPH",
        "UNION",
        "OPTIONAL",
        "FILTER",
        "\x00",
        "\u202e",
        "\ufeff",
        "ø",
        "𝔘",
        "\n",
        "'''",
        '"""',
        "\\u0022",
        "\\U0001F600",
        "*",
        "+",
        "||",
    ]
)


@st.composite
def mutated_queries(draw: Any) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 40)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "truncate", "swap"]))
        if op == "delete":
            text = text[:start] + text[end:]
        elif op == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif op == "insert":
            text = text[:start] + draw(INSERTIONS) + text[start:]
        elif op == "replace":
            text = text[:start] + draw(st.characters(exclude_categories=("Cs",))) + text[start + 1 :]
        elif op == "truncate":
            text = text[:start]
        else:
            other = draw(st.integers(0, len(text) - 1))
            a, b = sorted((start, other))
            text = text[:a] + text[b:] + text[a:b]
    return text


ACCEPTS = st.sampled_from(
    [
        None,
        "application/sparql-results+json",
        "text/csv",
        "text/turtle",
        "application/ld+json",
        "text/html",
        "application/rdf+xml;q=0.5, */*;q=0.1",
        "image/png",
        "*/*",
        "garbage;;q=x",
        "text/*",
    ]
)


def _send(client: TestClient, how: str, query: str, accept: str | None) -> Any:
    headers = {"Accept": accept} if accept else {}
    if how == "get":
        return client.get("/sparql", params={"query": query}, headers=headers)
    if how == "form":
        return client.post("/sparql", data={"query": query}, headers=headers)
    return client.post(
        "/sparql",
        content=query.encode("utf-8", "surrogatepass"),
        headers={**headers, "Content-Type": "application/sparql-query"},
    )


def _check(client: TestClient, response: Any) -> None:
    status = response.status_code
    event(f"status {status}")
    assert status in (200, 400, 406, 503), (status, response.text[:300])
    if status == 503:
        assert re.search(r"time limit|busy", response.text), response.text[:300]
    if status == 200:
        media = response.headers["content-type"].split(";")[0]
        if media in ("application/sparql-results+json", "application/ld+json"):
            json.loads(response.content)
    executor = client.app.state.tbgraph.executor  # type: ignore[attr-defined]
    assert executor.replaced == executor.timeouts, "a query worker died other than by the time limit"


@FUZZ
@given(query=grammar_queries(), how=st.sampled_from(["get", "form", "body"]), accept=ACCEPTS)
def test_generated_queries(fuzz_client: TestClient, query: str, how: str, accept: str | None) -> None:
    _check(fuzz_client, _send(fuzz_client, how, query, accept))


@FUZZ
@given(query=mutated_queries(), how=st.sampled_from(["get", "form", "body"]), accept=ACCEPTS)
def test_mutated_named_queries(fuzz_client: TestClient, query: str, how: str, accept: str | None) -> None:
    _check(fuzz_client, _send(fuzz_client, how, query, accept))


@FUZZ
@given(query=mutated_queries(), junk=st.binary(min_size=1, max_size=4), at=st.integers(0, 10_000))
def test_invalid_utf8_in_a_query_body(fuzz_client: TestClient, query: str, junk: bytes, at: int) -> None:
    raw = query.encode()
    at = at % (len(raw) + 1)
    body = raw[:at] + b"\xff" + junk + raw[at:]
    response = fuzz_client.post("/sparql", content=body, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400
    assert "not UTF-8" in response.text


@settings(
    max_examples=EXAMPLES * 20,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(query=st.one_of(grammar_queries(), mutated_queries(), st.text(max_size=300)))
def test_the_checks_raise_only_endpoint_errors(query: str) -> None:
    try:
        info = check(query)
    except Refused as refusal:
        assert refusal.kind in ("syntax", "update", "service", "depth") and refusal.message
        return
    assert info.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_the_seeds_run(fuzz_client: TestClient, seed: str) -> None:
    """The mutations start from queries that work."""
    assert fuzz_client.post("/sparql", data={"query": seed}).status_code == 200
