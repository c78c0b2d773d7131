"""One test per bug found by fuzzing and by the load and fault tests, named after what broke."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib.plugins.sparql.parser import parseQuery

from tbgraph.sandbox.check import MAX_DEPTH, PARSER_RECURSION, check, tree_depth
from tbgraph.sandbox.worker import Job, WorkerSpec, launch

SPARQL = {"Content-Type": "application/sparql-query"}


def _lost(client: TestClient) -> int:
    executor = client.app.state.tbgraph.executor  # type: ignore[attr-defined]
    return int(executor.replaced - executor.timeouts)


# -- queries deep enough to overflow Oxigraph's stack killed the query worker ----------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
        "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
        "ASK { " + "FILTER EXISTS { " * 1_000 + "}" * 1_000 + " }",
    ],
    ids=["parentheses", "braces", "exists"],
)
def test_nested_query_gives_400_not_500(client: TestClient, query: str) -> None:
    """Was: 503 "the query worker stopped" — Oxigraph's parser overflowed the stack (SIGSEGV) at
    ~830 nested EXISTS, ~2 200 braces, ~4 600 parentheses, and a worker was lost each time."""
    before = _lost(client)
    response = client.post("/sparql", content=query.encode(), headers=SPARQL)
    assert response.status_code == 400
    assert f"limit {MAX_DEPTH}" in response.text
    assert _lost(client) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { BIND(" + "+".join(["1"] * 1_000) + " AS ?x) }",
        "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p 1 }"] * 1_000) + " }",
        "SELECT * WHERE { ?s ?p ?o " + " MINUS { ?s ?p 1 }" * 1_000 + " }",
    ],
    ids=["plus", "union", "minus"],
)
def test_long_chain_gives_400_not_a_dead_worker(client: TestClient, query: str) -> None:
    """Was: flat chains build left-deep trees, and 6 700 `+` or 6 300 UNION crashed a worker too; the
    check counts a chain's length as depth (a 1 000-long chain is refused in about a second of parsing;
    longer ones take the parser longer, up to the time limit, which replaces the worker)."""
    before = _lost(client)
    response = client.post("/sparql", content=query.encode(), headers=SPARQL)
    assert response.status_code == 400 and "nests or chains too deeply" in response.text
    assert _lost(client) == before


def test_worker_survives_nesting_past_the_limit() -> None:
    """Behind the check, the worker's big query stack: 3 000 nested EXISTS (which crashed an 8 MiB
    stack at 830) run in a worker whose checks are off."""
    process, conn = launch(WorkerSpec(check_queries=False))
    try:
        assert conn.recv()[0] == "ready"
        conn.send(Job("ASK { " + "FILTER EXISTS { " * 3_000 + "}" * 3_000 + " }"))
        assert conn.poll(60)
        reply = conn.recv()
        assert reply.status == "ok" and b"true" in reply.body  # the innermost {} has one solution
    finally:
        process.kill()
        process.wait()


DEEPEST_ACCEPTED = {
    "exists": lambda n: "ASK { " + "FILTER EXISTS { " * n + "}" * n + " }",
    "braces": lambda n: "SELECT * WHERE " + "{" * n + "}" * n,
    "parentheses": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "plus": lambda n: "SELECT * WHERE { BIND(" + "+".join(["1"] * n) + " AS ?x) }",
    "union": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p 1 }"] * n) + " }",
    "minus": lambda n: "SELECT * WHERE { ?s ?p ?o " + " MINUS { ?s ?p 1 }" * n + " }",
    "subselect": lambda n: "SELECT * WHERE { " + "{ SELECT * WHERE " * n + "{}" + " }" * n + " }",
    "not": lambda n: "SELECT * WHERE { BIND(" + "!(" * n + "true" + ")" * n + " AS ?x) }",  # !!x is not SPARQL 1.1
}


def _deepest(build: Any) -> str:
    """The deepest query of this kind the check accepts: the depth grows linearly with ``n``, so
    two small parses give the slope and the check confirms the edge."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(PARSER_RECURSION)  # as the check does: the parser recurses ~30 frames a level
    try:
        d10, d20 = tree_depth(parseQuery(build(10))), tree_depth(parseQuery(build(20)))
    finally:
        sys.setrecursionlimit(limit)
    n = 10 + (MAX_DEPTH - d10) * 10 // max(1, d20 - d10)
    while True:
        try:
            check(build(n))
            return str(build(n))
        except Exception:
            n -= 1


@pytest.mark.slow
def test_the_deepest_accepted_queries_run_even_on_a_small_stack() -> None:
    """The limit holds with a margin on its own: the deepest query of each kind the checks accept
    runs in plain Oxigraph on the main thread's 8 MiB stack (no big stack to help)."""
    code = (
        "import sys, pyoxigraph as ox\n"
        "s = ox.Store()\n"
        "for q in sys.stdin.read().split('\\n\\x00\\n'):\n"
        "    r = s.query(q, use_default_graph_as_union=True)\n"
        "    r if isinstance(r, ox.QueryBoolean) else list(r)\n"
    )
    queries = "\n\x00\n".join(_deepest(build) for build in DEEPEST_ACCEPTED.values())
    done = subprocess.run([sys.executable, "-c", code], input=queries.encode(), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-500:]


# -- uploads parsed in the server process ------------------------------------------------------------


def test_deep_jsonld_gives_400_not_a_dead_server(client: TestClient) -> None:
    """Was: 5 000 nested objects overflowed the JSON-LD parser's stack in the *server* process
    (and 3 000 took 2 s and 1.7 GB)."""
    body = b'{"@id":"http://e.org/a","http://e.org/p":' + b'{"http://e.org/p":' * 5_000 + b"1" + b"}" * 5_001
    response = client.post("/api/validate", content=body, headers={"Content-Type": "application/ld+json"})
    assert response.status_code == 400
    assert "deeper than 256" in response.json()["detail"]
    assert client.get("/health").status_code == 200


def test_billion_laughs_gives_400_not_3_gb(client: TestClient) -> None:
    """Was: 200 after 46 s, having expanded a 3 GB string in the server process."""
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE r [{entities}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e.org/">'
        '<rdf:Description rdf:about="http://e.org/a"><ex:p>&a9;</ex:p></rdf:Description></rdf:RDF>'
    )
    started = time.monotonic()
    response = client.post("/api/validate", content=body.encode(), headers={"Content-Type": "application/rdf+xml"})
    assert response.status_code == 400
    assert "3,000,000,000 characters" in response.json()["detail"]
    assert time.monotonic() - started < 2


def test_jsonld_that_is_not_an_object_gives_400_not_an_empty_report(client: TestClient) -> None:
    """Was: 200 "conforms" for the JSON string "AAA" (Oxigraph read it as no triples)."""
    for body in (b'"AAA"', b"0", b"null", b"true"):
        response = client.post("/api/validate", content=body, headers={"Content-Type": "application/ld+json"})
        assert response.status_code == 400, body


# -- responses not as documented -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/id/%22", "/def/%22", "/id/a%20b", "/id/%3C%3E", "/id/x%7By%7D", "/id/%5C"])
@pytest.mark.parametrize("accept", ["text/turtle", "text/html"])
def test_path_that_is_no_iri_gives_404_not_500(client: TestClient, path: str, accept: str) -> None:
    """Was: 500 — Oxigraph refused to build the IRI (ValueError: Invalid IRI code point '"')."""
    assert client.get(path, headers={"Accept": accept}).status_code == 404


def test_graph_filter_422_has_the_documented_shape(client: TestClient) -> None:
    """Was: {"detail": {"message", "near"}}, where the OpenAPI document promises FastAPI's list."""
    response = client.get("/api/graph/collaboration", params={"solution": "null"})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "solution"] and problem["type"] == "value_error"
    assert "unknown solution 'null'" in problem["msg"]
    assert isinstance(problem["ctx"]["near"], list)


@pytest.mark.parametrize(("path", "parameter"), [("/api/deadlines", "to"), ("/api/assignments", "due_to")])
@pytest.mark.parametrize("value", ["0", "2023", "1700000000", "2023-5-1"])
def test_date_that_is_not_yyyy_mm_dd_gives_422(client: TestClient, path: str, parameter: str, value: str) -> None:
    """Was: 200 — pydantic read "2023" as 2023 seconds after 1970, so to=2023 silently matched nothing."""
    response = client.get(path, params={parameter: value})
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.text
    assert client.get(path, params={parameter: "2023-12-31"}).status_code == 200


def test_empty_goal_filter_is_no_filter(client: TestClient) -> None:
    """Was: 422 "unknown main goal ''", while every other empty filter meant no filter."""
    everything = client.get("/api/assignments").json()
    assert client.get("/api/assignments", params={"goal": "", "agency": ""}).json() == everything


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/sparql", "GET, HEAD, OPTIONS, POST"),  # OPTIONS /sparql answers 204 with Allow
        ("DELETE", "/api/validate", "POST"),
        ("HEAD", "/api/validate", "POST"),
    ],
)
def test_405_allow_lists_every_method(client: TestClient, method: str, path: str, allow: str) -> None:
    """Was: `Allow: GET` for /sparql — Starlette names only the first route that matches the path."""
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow


def test_query_workers_see_the_meta_graph(client: TestClient) -> None:
    """Was: /health counted the meta graph's triples, SPARQL did not — the workers got them as
    N-Quads without a graph name, in the default graph, which the union default graph leaves out."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/tbgraph/graph/meta> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    # owl:versionInfo (the data version), dcterms:modified and void:triples (tbgraph.dataset.loader)
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == 3
    total = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert int(total.json()["results"]["bindings"][0]["n"]["value"]) == client.get("/health").json()["triples"]


def test_a_negative_decimal_in_a_query_is_answered(client: TestClient) -> None:
    """rdflib's grammar fails on ``-1.5`` (RDFLib/rdflib#2962: it negates a Decimal as if a float);
    the check must read it, not refuse a valid query. The 2023 letter's amounts are all positive
    (kap. 701 post 21: 70 727 thousand kroner, lines 51-55; "Sum kap. 701 91 147", line 63), so the
    count is that of every amount."""
    query = (
        "PREFIX tb: <https://w3id.org/tbgraph/ontology#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?post tb:amountNOK ?amount FILTER(?amount > -1.5 && ?amount > -0.0) }"
    )
    response = client.post("/sparql", content=query.encode(), headers={**SPARQL, "Accept": "application/json"})
    assert response.status_code == 200, response.text
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 0
