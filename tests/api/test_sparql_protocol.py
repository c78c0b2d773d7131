"""The SPARQL 1.1 Protocol query operation: methods, media types, content negotiation, errors.

Expectations about the data come from the letter (data/source/tildelingsbrev-2023-direktoratet-for-
e-helse.txt): TB2023-01 "Innføring av nasjonale e-helseløsninger" (section 2.1.1, lines 364-374).
"""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient

TB01 = "https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-01"
SELECT_TB01 = f"""PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?title WHERE {{ <{TB01}> dcterms:title ?title FILTER(LANG(?title) = "nb") }}"""
ASK_TB01 = f"ASK {{ <{TB01}> a <https://w3id.org/tbgraph/ontology#Assignment> }}"
CONSTRUCT_TB01 = f"CONSTRUCT {{ <{TB01}> ?p ?o }} WHERE {{ <{TB01}> ?p ?o }}"
DESCRIBE_TB01 = f"DESCRIBE <{TB01}>"
TITLE = "Innføring av nasjonale e-helseløsninger"  # line 364
LETTER_GRAPH = "https://w3id.org/tbgraph/graph/letter/ehelse/2023"
REFERENCE_GRAPH = "https://w3id.org/tbgraph/graph/reference"
SRJ = "application/sparql-results+json"
SRX = "application/sparql-results+xml"


def titles_from_json(body: bytes) -> list[str]:
    return [b["title"]["value"] for b in json.loads(body)["results"]["bindings"]]


# -- the three ways to send a query ------------------------------------------------------------


def test_get(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT_TB01})
    assert response.status_code == 200
    assert response.headers["content-type"] == SRJ
    assert titles_from_json(response.content) == [TITLE]


def test_post_form(client: TestClient) -> None:
    response = client.post("/sparql", data={"query": SELECT_TB01})
    assert response.status_code == 200
    assert titles_from_json(response.content) == [TITLE]


def test_post_sparql_query(client: TestClient) -> None:
    response = client.post(
        "/sparql",
        content=SELECT_TB01.encode(),
        headers={"Content-Type": "application/sparql-query; charset=utf-8"},
    )
    assert response.status_code == 200
    assert titles_from_json(response.content) == [TITLE]


# -- result formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (SRJ, SRJ),
        (SRX, SRX),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("application/json", "application/json"),
        ("*/*", SRJ),
        (None, SRJ),
    ],
)
def test_select_formats(client: TestClient, accept: str | None, content_type: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": SELECT_TB01}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert "accept" in response.headers["vary"].lower()
    body = response.content
    if content_type.startswith("text/csv"):
        assert list(csv.reader(io.StringIO(body.decode()))) == [["title"], [TITLE]]
    elif content_type.startswith("text/tab"):
        assert body.decode().splitlines() == ["?title", f'"{TITLE}"@nb']
    elif content_type == SRX:
        root = ET.fromstring(body)
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        assert [e.text for e in root.iterfind(".//s:literal", ns)] == [TITLE]
    else:
        assert titles_from_json(body) == [TITLE]


@pytest.mark.parametrize("accept", [SRJ, SRX, "text/csv", "text/tab-separated-values"])
def test_ask_formats(client: TestClient, accept: str) -> None:
    response = client.get("/sparql", params={"query": ASK_TB01}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    if accept == "text/csv":  # lossy, so Oxigraph writes but does not read it
        assert response.text.strip() == "true"
        return
    parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(accept))
    assert bool(parsed) is True


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
@pytest.mark.parametrize("query", [CONSTRUCT_TB01, DESCRIBE_TB01])
def test_graph_formats(client: TestClient, query: str, accept: str, rdflib_format: str) -> None:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert (rdflib.URIRef(TB01), rdflib.namespace.DCTERMS.title, rdflib.Literal(TITLE, lang="nb")) in graph


def test_construct_defaults_to_turtle(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT_TB01})
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"


def test_q_values_decide(client: TestClient) -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, application/sparql-results+xml;q=0.1"
    response = client.get("/sparql", params={"query": SELECT_TB01}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/csv")
    accept = "text/turtle;q=0.2, application/ld+json"
    response = client.get("/sparql", params={"query": CONSTRUCT_TB01}, headers={"Accept": accept})
    assert response.headers["content-type"] == "application/ld+json"


def test_q_zero_refuses_and_wildcards_match(client: TestClient) -> None:
    accept = "application/sparql-results+json;q=0, text/*;q=0.5"
    response = client.get("/sparql", params={"query": SELECT_TB01}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/csv")


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT_TB01, "format": "csv"}, headers={"Accept": SRJ})
    assert response.headers["content-type"].startswith("text/csv")
    response = client.get("/sparql", params={"query": CONSTRUCT_TB01, "format": "json-ld"})
    assert response.headers["content-type"] == "application/ld+json"


def test_not_acceptable(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT_TB01}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


# -- the dataset -------------------------------------------------------------------------------

COUNT_TB01_TITLES = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{TB01}> <http://purl.org/dc/terms/title> ?t }}"


def count(response_body: bytes) -> int:
    return int(json.loads(response_body)["results"]["bindings"][0]["n"]["value"])


def test_default_graph_is_the_union(client: TestClient) -> None:
    assert count(client.get("/sparql", params={"query": COUNT_TB01_TITLES}).content) == 2  # nb and en


def test_default_graph_uri_is_honoured(client: TestClient) -> None:
    in_letter = client.get("/sparql", params={"query": COUNT_TB01_TITLES, "default-graph-uri": LETTER_GRAPH})
    in_reference = client.get("/sparql", params={"query": COUNT_TB01_TITLES, "default-graph-uri": REFERENCE_GRAPH})
    assert count(in_letter.content) == 2
    assert count(in_reference.content) == 0


def test_named_graph_uri_is_honoured(client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.post("/sparql", data={"query": query, "named-graph-uri": [LETTER_GRAPH, REFERENCE_GRAPH]})
    graphs = {b["g"]["value"] for b in json.loads(response.content)["results"]["bindings"]}
    assert graphs == {LETTER_GRAPH, REFERENCE_GRAPH}


def test_from_naming_an_own_graph_is_honoured(client: TestClient) -> None:
    query = COUNT_TB01_TITLES.replace("WHERE", f"FROM <{REFERENCE_GRAPH}> WHERE")
    assert count(client.get("/sparql", params={"query": query}).content) == 0
    query = COUNT_TB01_TITLES.replace("WHERE", f"FROM <{LETTER_GRAPH}> WHERE")
    assert count(client.get("/sparql", params={"query": query}).content) == 2


def test_graph_outside_the_dataset_is_an_empty_graph(client: TestClient) -> None:
    """SPARQL 1.1 Protocol: a dataset naming a graph the store does not hold is answered on that
    graph, empty (never fetched), as Oxigraph's own server does; FROM the same."""
    response = client.get("/sparql", params={"query": COUNT_TB01_TITLES, "default-graph-uri": "http://example.org/g"})
    assert response.status_code == 200
    assert count(response.content) == 0
    query = COUNT_TB01_TITLES.replace("WHERE", "FROM <http://example.org/g> WHERE")
    assert count(client.get("/sparql", params={"query": query}).content) == 0


def test_protocol_dataset_overrides_from(client: TestClient) -> None:
    """§2.1.4: default-graph-uri/named-graph-uri replace the query's FROM/FROM NAMED."""
    query = COUNT_TB01_TITLES.replace("WHERE", f"FROM <{REFERENCE_GRAPH}> WHERE")
    response = client.get("/sparql", params={"query": query, "default-graph-uri": LETTER_GRAPH})
    assert count(response.content) == 2


def test_relative_iris_resolve_against_the_endpoint(client: TestClient) -> None:
    """A query without BASE: relative IRIs resolve against the endpoint's URL (the W3C protocol
    suite's CONSTRUCT { <s> <p> 1 } WHERE {})."""
    response = client.get(
        "/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200, response.text
    assert response.text.startswith("<http://testserver/s> <http://testserver/p> ")


def test_options_without_origin(client: TestClient) -> None:
    response = client.options("/sparql")
    assert response.status_code in (200, 204)
    assert "POST" in response.headers["allow"] and "GET" in response.headers["allow"]


# -- errors ------------------------------------------------------------------------------------


def test_malformed_query_gives_the_parser_message_and_position(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert "malformed query" in response.text
    assert "line 2, column 3" in response.text  # the triple pattern that has no object


def test_no_query(client: TestClient) -> None:
    response = client.post("/sparql", data={"default-graph-uri": LETTER_GRAPH})
    assert response.status_code == 400
    assert "no query" in response.text
    response = client.get("/sparql", headers={"Accept": SRJ})
    assert response.status_code == 400


def test_two_queries(client: TestClient) -> None:
    response = client.get("/sparql", params=[("query", ASK_TB01), ("query", SELECT_TB01)])
    assert response.status_code == 400
    assert "2 queries" in response.text
    response = client.post(
        "/sparql?query=ASK%20%7B%7D", content=b"ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400


def test_unsupported_body_type(client: TestClient) -> None:
    response = client.post("/sparql", content=SELECT_TB01.encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
        {"data": {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
        {"content": b"DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-update"}},
        {"data": {"query": "DROP ALL"}},
        {"data": {"query": "LOAD <http://example.org/data.ttl>"}},
    ],
)
def test_update_is_refused(client: TestClient, request_kwargs: dict[str, object]) -> None:
    response = client.post("/sparql", **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert "read-only" in response.text
    still = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert json.loads(still.content)["boolean"] is True


def test_service_is_refused(client: TestClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "SERVICE is not allowed" in response.text


def test_keyword_in_a_string_is_not_refused(client: TestClient) -> None:
    query = 'SELECT ?service WHERE { BIND("SERVICE and LOAD and FROM <http://x>" AS ?service) } # SERVICE'
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200


def test_request_body_limit(client: TestClient) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2_000_000
    response = client.post("/sparql", data={"query": big})
    assert response.status_code == 413


def test_cors(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": ASK_TB01}, headers={"Origin": "https://elsewhere.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


# -- limits ------------------------------------------------------------------------------------


def test_result_rows_are_capped_and_flagged(strict_client: TestClient) -> None:
    response = strict_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert response.headers["x-sparql-maxrows"] == "5"
    assert len(json.loads(response.content)["results"]["bindings"]) == 5
    triples = strict_client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert triples.headers["x-sparql-maxrows"] == "5"
    assert len(triples.text.strip().splitlines()) == 5
    small = strict_client.get("/sparql", params={"query": ASK_TB01})
    assert "x-sparql-maxrows" not in small.headers


def test_answers_are_cached(client: TestClient) -> None:
    state = client.app.state.tbgraph  # type: ignore[attr-defined]
    query = SELECT_TB01 + " # cache probe"
    before = state.cache.hits
    first = client.get("/sparql", params={"query": query})
    second = client.get("/sparql", params={"query": query})
    assert first.content == second.content
    assert state.cache.hits == before + 1


# -- service description and editor -----------------------------------------------------------

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("*/*", "turtle"),
    ],
)
def test_service_description(client: TestClient, accept: str, fmt: str) -> None:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    endpoint = rdflib.URIRef("http://testserver/sparql")
    assert (endpoint, rdflib.RDF.type, SD.Service) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    dataset = graph.value(endpoint, SD.defaultDataset)
    triples = int(graph.value(dataset, VOID.triples))
    assert triples == client.get("/health").json()["triples"]
    names = {str(n) for n in graph.objects(None, SD.name)}
    assert LETTER_GRAPH in names and REFERENCE_GRAPH in names
    classes = {str(graph.value(p, VOID["class"])) for p in graph.objects(dataset, VOID.classPartition)}
    assert "https://w3id.org/tbgraph/ontology#Assignment" in classes


def test_query_editor_for_a_browser(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = html.unescape(response.text)
    assert "static/vendor/codemirror/lib/codemirror.js" in page
    assert "static/vendor/codemirror/mode/sparql/sparql.js" in page
    assert "PREFIX tb: <https://w3id.org/tbgraph/ontology#>" in page  # prefixes filled in
    assert "assignments-involving" in page  # the named questions as examples
    assert "https://cdn" not in page and "//unpkg" not in page  # works offline
    for asset in ("static/tbgraph/sparql-editor.js", "static/tbgraph/tbgraph.css"):
        assert client.get("/" + asset).status_code == 200


def test_browser_with_a_query_gets_the_editor_running_it(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT_TB01}, headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-autorun="true"' in response.text


def test_vendor_files_by_allow_list(client: TestClient) -> None:
    from project_paths import require_web_libraries
    from tbgraph.api.routers.static import vendor_dir

    require_web_libraries(vendor_dir(None) / "codemirror")
    response = client.get("/static/vendor/codemirror/mode/sparql/sparql.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "sparql" in response.text
    for path in (
        "codemirror/package.json",
        "codemirror/../../../pyproject.toml",
        "../package.json",
        "codemirror/lib/%2e%2e/%2e%2e/package.json",
    ):
        assert client.get("/static/vendor/" + path).status_code == 404
