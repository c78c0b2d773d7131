"""The W3C SPARQL 1.1 Protocol test suite, test by test, against ``/sparql``.

One test per entry of the suite's manifest (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl,
34 entries), named after it, with its ``mf:name`` quoted in the docstring. The manifest's
``/sparql/`` path is replaced by this endpoint's ``/sparql``, as the manifest's comment asks.

**Data.** The suite loads data1.nt, data2.nt and data3.nt (``<dataN.rdf> a foaf:Document``, each in
the graph ``http://kasei.us/2009/09/sparql/data/dataN.rdf``); this endpoint cannot load data over
HTTP, so the dataset tests use graphs the shipped data holds, with a resource that plays the part of
``<dataN.rdf>``:

* data1 -> the letter graph ``…/graph/letter/ehelse/2023``; ``…/id/source/tildelingsbrev-2023-
  direktoratet-for-e-helse`` ``a tb:SourceText`` there (data/letters/2023-hod-ehelse.ttl: the text
  of the letter, data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt) and in no other graph;
* data2 -> the reference graph ``…/graph/reference``; ``…/id/source/reference/organisations``
  ``a tb:SourceText`` there (data/reference/organisations.ttl) and in no other graph;
* data3 -> the ontology graph ``…/graph/ontology``; ``<https://w3id.org/tbgraph/ontology> a
  owl:Ontology`` there (ontology/tbgraph.ttl). No type is shared by three graphs of the shipped
  data (checked: ``SELECT ?t WHERE { GRAPH ?g { ?s a ?t } } GROUP BY ?t HAVING (COUNT(DISTINCT ?g)
  > 2)`` is empty), so data3's fact has a type of its own.

The graph data0.rdf the suite names but never loads stays as it is: a graph the store does not
hold, which must be answered as an empty graph and never fetched. Each dataset test also asks the
same question of a smaller dataset, where the answer must be false: the suite's own ASK would still
be true if the endpoint ignored the protocol's dataset and answered on the union of all graphs.

**Expected answers** were checked by hand with pyoxigraph directly on the shipped files, every graph
loaded as the server loads it (``s = ox.Store(); for f in tbgraph.dataset.loader.default_sources():
s.load(path=str(f.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f.graph))``) and each
query run with ``s.query(q, default_graph=[…] or [ox.DefaultGraph()], named_graphs=[…])``: the ASKs
below true/false as asserted, ``DESCRIBE`` of the letter's source text 6 triples in the letter
graph, the letter graph 5,103 triples and the reference graph 1,407.

**Read-only.** The endpoint answers queries only. The suite's seven update tests (``update_*``)
expect a 2xx and then a changed store; here the right answer is a refusal, 400 naming the endpoint as
read-only, with the store unchanged afterwards: the expected deviation, asserted as such (not as
xfail). The ``bad_update_*`` tests expect a 4xx and get one, some for the read-only refusal rather
than for the fault the suite means (``bad_update_syntax``, ``bad_multiple_updates``,
``bad_update_dataset_conflict``); each docstring says which.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import quote

import rdflib
from fastapi.testclient import TestClient
from httpx import Response

from loopback import Listener

ENDPOINT = "/sparql"
BASE = "http://testserver/sparql"  # the endpoint's URL under TestClient: the base of relative IRIs

GRAPHS = "https://w3id.org/tbgraph/graph/"
DATA1 = GRAPHS + "letter/ehelse/2023"  # plays data1.rdf's graph
DATA2 = GRAPHS + "reference"  # plays data2.rdf's graph
DATA3 = GRAPHS + "ontology"  # plays data3.rdf's graph
DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"  # named by the suite, held by no store here
DOC1 = "https://w3id.org/tbgraph/id/source/tildelingsbrev-2023-direktoratet-for-e-helse"  # in DATA1 only
DOC2 = "https://w3id.org/tbgraph/id/source/reference/organisations"  # in DATA2 only
DOC3 = "https://w3id.org/tbgraph/ontology"  # in DATA3 only
OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"

SRJ = "application/sparql-results+json"
SRX = "application/sparql-results+xml"
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
BOOLEAN_TYPES = (SRJ, SRX, "application/json")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
SRX_NS = "{http://www.w3.org/2005/sparql-results#}"

# The suite's queries, with the adapted resources in place of <dataN.rdf>.
ASK_TWO_DEFAULT = f"ASK {{ <{DOC1}> a ?type . <{DOC2}> a ?type . }}"
ASK_TWO_NAMED = f"ASK {{ GRAPH ?g1 {{ <{DOC1}> a ?type }} GRAPH ?g2 {{ <{DOC2}> a ?type }} }}"
ASK_FULL = f"""ASK {{
  <{DOC3}> a <{OWL_ONTOLOGY}>
  GRAPH ?g1 {{ <{DOC1}> a ?type }}
  GRAPH ?g2 {{ <{DOC2}> a ?type }}
}}"""
COUNT_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _graph_size(graph: str) -> int:
    """Triples in one graph of the shipped data, read with pyoxigraph from the files the loader puts
    there (not through the server): what the store must still hold after a refused update."""
    import pyoxigraph as ox

    from tbgraph.dataset.loader import default_sources

    store = ox.Store()
    for source in default_sources():
        if source.graph == graph:
            fmt = ox.RdfFormat.from_media_type(source.media_type)
            store.load(path=str(source.path), format=fmt, to_graph=ox.NamedNode(graph))
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


LETTER_TRIPLES = _graph_size("https://w3id.org/tbgraph/graph/letter/ehelse/2023")
REFERENCE_TRIPLES = _graph_size("https://w3id.org/tbgraph/graph/reference")


def q(value: str) -> str:
    """A URL-encoded parameter value, as the manifest writes them (%20 for spaces)."""
    return quote(value, safe="")


def ok(response: Response) -> None:
    """``mf:expectedStatus hts:StatusCode2xx, hts:StatusCode3xx``."""
    assert 200 <= response.status_code < 400, (response.status_code, response.text)


def media_type(response: Response) -> str:
    return response.headers["content-type"].split(";")[0].strip().lower()


def boolean(response: Response) -> bool:
    """``mf:expectedFormat "boolean"``: the ASK answer, in SPARQL results JSON or XML."""
    ok(response)
    kind = media_type(response)
    assert kind in BOOLEAN_TYPES, kind
    if kind == SRX:
        element = ET.fromstring(response.content).find(f"{SRX_NS}boolean")
        assert element is not None and element.text in ("true", "false"), response.text
        return element.text == "true"
    value = json.loads(response.content)["boolean"]
    assert isinstance(value, bool)
    return value


def count(response: Response) -> int:
    """The ``?n`` of a one-row SELECT answered in SPARQL results JSON."""
    ok(response)
    assert media_type(response) == SRJ
    return int(json.loads(response.content)["results"]["bindings"][0]["n"]["value"])


def rdf(response: Response) -> rdflib.Graph:
    """``mf:expectedFormat "RDF"``: the answer parsed in the RDF syntax its Content-Type names."""
    ok(response)
    kind = media_type(response)
    assert kind in RDF_TYPES, kind
    return rdflib.Graph().parse(data=response.content, format=RDF_TYPES[kind], publicID=BASE)


def refused(response: Response, status: int, *words: str) -> None:
    """``mf:expectedStatus hts:StatusCode4xx``, with a plain message naming the problem."""
    assert response.status_code == status, (response.status_code, response.text)
    assert 400 <= status < 500
    assert "Traceback" not in response.text
    for word in words:
        assert word in response.text, (word, response.text)


def ask_get(client: TestClient, query: str, **dataset: list[str]) -> bool:
    """An ASK by GET with the protocol's dataset (``default``/``named`` graph IRIs)."""
    params = [("query", query)]
    params += [("default-graph-uri", g) for g in dataset.get("default", [])]
    params += [("named-graph-uri", g) for g in dataset.get("named", [])]
    return boolean(client.get(ENDPOINT, params=params))


def graph_sizes(client: TestClient) -> tuple[int, int]:
    """Triples in the letter and reference graphs now, past the answer cache (a fresh query text)."""
    fresh = f"# {uuid.uuid4()}\n"
    sizes = []
    for graph in (DATA1, DATA2):
        query = f"{fresh}SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        sizes.append(count(client.get(ENDPOINT, params={"query": query})))
    return sizes[0], sizes[1]


def read_only(response: Response, client: TestClient) -> None:
    """The expected deviation for an update: refused as read-only, the store unchanged."""
    refused(response, 400, "read-only", "SPARQL Update")
    assert graph_sizes(client) == (LETTER_TRIPLES, REFERENCE_TRIPLES)


# -- queries: the three ways to send one ---------------------------------------------------------


def test_query_get(client: TestClient) -> None:
    """W3C: "query via GET" — ``ASK {}`` with the default graph data0.rdf: true.

    data0.rdf is a graph this store does not hold: it is an empty default graph (nothing in it)
    and is never fetched (a graph on a local listener, named the same way, receives nothing)."""
    response = client.get(f"{ENDPOINT}?query=ASK%20%7B%7D&default-graph-uri={q(DATA0)}")
    assert boolean(response) is True
    assert ask_get(client, "ASK { ?s ?p ?o }", default=[DATA0]) is False
    listener = Listener()
    try:
        assert ask_get(client, "ASK { ?s ?p ?o }", default=[f"{listener.url}/data0.rdf"]) is False
        assert listener.settle() == []
    finally:
        listener.close()


def test_query_post_form(client: TestClient) -> None:
    """W3C: "query via URL-encoded POST" — ``query=ASK%20%7B%7D`` in the body, data0.rdf as the
    default graph in the URL: true (the URL's and the body's parameters are one request)."""
    response = client.post(
        f"{ENDPOINT}?default-graph-uri={q(DATA0)}", content=b"query=ASK%20%7B%7D", headers={"Content-Type": FORM}
    )
    assert boolean(response) is True
    response = client.post(
        f"{ENDPOINT}?default-graph-uri={q(DATA0)}",
        content=b"query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
        headers={"Content-Type": FORM},
    )
    assert boolean(response) is False  # data0.rdf is empty: the URL's dataset was used


def test_query_post_direct(client: TestClient) -> None:
    """W3C: "query via POST directly" — ``ASK {}`` as an application/sparql-query body: true."""
    response = client.post(ENDPOINT, content=b"ASK {}", headers={"Content-Type": SPARQL_QUERY})
    assert boolean(response) is True


# -- queries: the protocol's dataset ------------------------------------------------------------


def test_query_dataset_default_graphs_get(client: TestClient) -> None:
    """W3C: "GET query with protocol-specified default graph" — two default-graph-uri (data1, data2),
    ``ASK { <data1.rdf> a ?type . <data2.rdf> a ?type . }``: true, the two graphs merged."""
    url = f"{ENDPOINT}?query={q(ASK_TWO_DEFAULT)}&default-graph-uri={q(DATA1)}&default-graph-uri={q(DATA2)}"
    assert boolean(client.get(url)) is True
    assert ask_get(client, ASK_TWO_DEFAULT, default=[DATA1]) is False
    assert ask_get(client, ASK_TWO_DEFAULT, default=[DATA2]) is False


def test_query_dataset_default_graphs_post(client: TestClient) -> None:
    """W3C: "POST query with protocol-specified default graphs" — the same ASK as a direct POST, the two
    default-graph-uri in the URL: true."""
    url = f"{ENDPOINT}?default-graph-uri={q(DATA1)}&default-graph-uri={q(DATA2)}"
    response = client.post(url, content=ASK_TWO_DEFAULT.encode(), headers={"Content-Type": SPARQL_QUERY})
    assert boolean(response) is True
    response = client.post(
        f"{ENDPOINT}?default-graph-uri={q(DATA1)}",
        content=ASK_TWO_DEFAULT.encode(),
        headers={"Content-Type": SPARQL_QUERY},
    )
    assert boolean(response) is False


def test_query_dataset_named_graphs_post(client: TestClient) -> None:
    """W3C: "POST query with protocol-specified named graphs" — two named-graph-uri (data1, data2),
    ``ASK { GRAPH ?g1 { <data1.rdf> a ?type } GRAPH ?g2 { <data2.rdf> a ?type } }``: true.

    With named graphs only, the default graph is empty (SPARQL 1.1 Query §13.2)."""
    url = f"{ENDPOINT}?named-graph-uri={q(DATA1)}&named-graph-uri={q(DATA2)}"
    response = client.post(url, content=ASK_TWO_NAMED.encode(), headers={"Content-Type": SPARQL_QUERY})
    assert boolean(response) is True
    response = client.post(
        f"{ENDPOINT}?named-graph-uri={q(DATA1)}", content=ASK_TWO_NAMED.encode(), headers={"Content-Type": SPARQL_QUERY}
    )
    assert boolean(response) is False
    response = client.post(url, content=COUNT_DEFAULT.encode(), headers={"Content-Type": SPARQL_QUERY})
    assert count(response) == 0


def test_query_dataset_named_graphs_get(client: TestClient) -> None:
    """W3C: "GET query with protocol-specified named graphs" — the same ASK by GET: true.

    A named graph the store does not hold is there, empty: ``GRAPH ?g {}`` lists it."""
    url = f"{ENDPOINT}?query={q(ASK_TWO_NAMED)}&named-graph-uri={q(DATA1)}&named-graph-uri={q(DATA2)}"
    assert boolean(client.get(url)) is True
    assert ask_get(client, ASK_TWO_NAMED, named=[DATA2]) is False
    assert ask_get(client, ASK_TWO_NAMED, default=[DATA1, DATA2]) is False  # no named graphs at all
    listing = client.get(
        ENDPOINT,
        params=[("query", "SELECT ?g WHERE { GRAPH ?g {} }"), ("named-graph-uri", DATA1), ("named-graph-uri", DATA0)],
    )
    ok(listing)
    graphs = {b["g"]["value"] for b in json.loads(listing.content)["results"]["bindings"]}
    assert graphs == {DATA1, DATA0}
    assert ask_get(client, "ASK { GRAPH ?g { ?s ?p ?o } }", named=[DATA0]) is False


def test_query_dataset_full(client: TestClient) -> None:
    """W3C: "query with protocol-specified dataset (both named and default graphs)" — default graph
    data3, named graphs data1 and data2; data3's fact in the default graph, data1's and data2's
    in GRAPH ?g1 and ?g2: true."""
    url = f"{ENDPOINT}?default-graph-uri={q(DATA3)}&named-graph-uri={q(DATA1)}&named-graph-uri={q(DATA2)}"
    response = client.post(url, content=ASK_FULL.encode(), headers={"Content-Type": SPARQL_QUERY})
    assert boolean(response) is True
    assert ask_get(client, ASK_FULL, default=[DATA2], named=[DATA1, DATA2]) is False
    assert ask_get(client, ASK_FULL, default=[DATA3], named=[DATA1]) is False


def test_query_multiple_dataset(client: TestClient) -> None:
    """W3C: "query specifying dataset in both query string and protocol; test for use of
    protocol-specified dataset" — ``ASK FROM <data3.rdf> { GRAPH ?g1 {…} GRAPH ?g2 {…} }`` with
    named-graph-uri data1 and data2: true (the protocol's named graphs, not the query's FROM).

    The protocol's dataset replaces the query's wholly (SPARQL 1.1 Protocol §2.1.4): with named
    graphs only in the request, the query's FROM is dropped and the default graph is empty."""
    query = f"ASK FROM <{DATA3}> {{ GRAPH ?g1 {{ <{DOC1}> a ?type }} GRAPH ?g2 {{ <{DOC2}> a ?type }} }}"
    url = f"{ENDPOINT}?named-graph-uri={q(DATA1)}&named-graph-uri={q(DATA2)}"
    response = client.post(url, content=query.encode(), headers={"Content-Type": SPARQL_QUERY})
    assert boolean(response) is True
    assert ask_get(client, query) is False  # the query's own dataset: data3, no named graphs
    from_data2 = f"ASK FROM <{DATA2}> {{ <{DOC2}> a ?type }}"
    assert ask_get(client, from_data2) is True
    assert ask_get(client, from_data2, named=[DATA1]) is False
    assert ask_get(client, from_data2, default=[DATA1]) is False


# -- queries: the answer's media type ------------------------------------------------------------


def test_query_content_type_select(client: TestClient) -> None:
    """W3C: "query appropriate content type (expect one of: XML, JSON, CSV, TSV)" — ``SELECT (1 AS
    ?value) {}`` posted directly: a results table, here one row, ?value = 1 (xsd:integer)."""
    response = client.post(
        f"{ENDPOINT}?default-graph-uri={q(DATA0)}",
        content=b"SELECT (1 AS ?value) {}",
        headers={"Content-Type": SPARQL_QUERY},
    )
    ok(response)
    assert media_type(response) in TABULAR_TYPES
    assert media_type(response) == SRJ  # no Accept beyond */*: JSON
    answer = json.loads(response.content)
    assert answer["head"]["vars"] == ["value"]
    assert answer["results"]["bindings"] == [
        {"value": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}
    ]


def test_query_content_type_ask(client: TestClient) -> None:
    """W3C: "query appropriate content type (expect one of: XML, JSON)" — ``ASK {}``: a boolean answer,
    true, in JSON by default and in XML when asked."""
    url = f"{ENDPOINT}?default-graph-uri={q(DATA0)}"
    response = client.post(url, content=b"ASK {}", headers={"Content-Type": SPARQL_QUERY})
    assert media_type(response) == SRJ
    assert boolean(response) is True
    response = client.post(url, content=b"ASK {}", headers={"Content-Type": SPARQL_QUERY, "Accept": SRX})
    assert media_type(response) == SRX
    assert boolean(response) is True


def test_query_content_type_describe(client: TestClient) -> None:
    """W3C: "query appropriate content type (expect one of: RDF/XML, Turtle, N-Triples, RDFa)" —
    ``DESCRIBE <http://example.org/>`` on data0.rdf: an RDF answer, empty (nothing is known of it).

    The same form on a resource of the data: the letter's source text, 6 triples in its graph."""
    response = client.post(
        f"{ENDPOINT}?default-graph-uri={q(DATA0)}",
        content=b"DESCRIBE <http://example.org/>",
        headers={"Content-Type": SPARQL_QUERY},
    )
    assert len(rdf(response)) == 0
    response = client.post(
        f"{ENDPOINT}?default-graph-uri={q(DATA1)}",
        content=f"DESCRIBE <{DOC1}>".encode(),
        headers={"Content-Type": SPARQL_QUERY},
    )
    described = rdf(response)
    assert len(described) == 6
    assert set(described.subjects()) == {rdflib.URIRef(DOC1)}


def test_query_content_type_construct(client: TestClient) -> None:
    """W3C: "query appropriate content type (expect one of: RDF/XML, Turtle, N-Triples, RDFa)" —
    ``CONSTRUCT { <s> <p> 1 } WHERE {}``: one triple, its relative IRIs resolved against the
    endpoint's URL (the base the service defines)."""
    response = client.post(
        f"{ENDPOINT}?default-graph-uri={q(DATA0)}",
        content=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"Content-Type": SPARQL_QUERY},
    )
    triples = set(rdf(response))
    assert triples == {
        (rdflib.URIRef("http://testserver/s"), rdflib.URIRef("http://testserver/p"), rdflib.Literal(1)),
    }


# -- queries: faults ----------------------------------------------------------------------------


def test_bad_query_method(client: TestClient) -> None:
    """W3C: "invoke query operation with a method other than GET or POST" — PUT: 4xx (405, with the
    methods the endpoint allows)."""
    response = client.put(f"{ENDPOINT}?query=ASK%20%7B%7D&default-graph-uri={q(DATA0)}", headers={"Content-Type": FORM})
    refused(response, 405)
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert "PUT" not in allowed


def test_bad_multiple_queries(client: TestClient) -> None:
    """W3C: "invoke query operation with more than one query string" — two ``query`` parameters: 4xx."""
    response = client.get(f"{ENDPOINT}?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    refused(response, 400, "2 queries")


def test_bad_query_wrong_media_type(client: TestClient) -> None:
    """W3C: "invoke query operation with a POST with media type that's not url-encoded or
    application/sparql-query" — text/plain: 4xx (415, naming the two types accepted)."""
    response = client.post(ENDPOINT, content=b"ASK {}", headers={"Content-Type": "text/plain"})
    refused(response, 415, "text/plain", FORM, SPARQL_QUERY)


def test_bad_query_missing_form_type(client: TestClient) -> None:
    """W3C: "invoke query operation with url-encoded body, but without application/x-www-form-urlencoded
    media type" — no Content-Type: 4xx (415)."""
    response = client.post(ENDPOINT, content=b"query=ASK%20%7B%7D")
    assert "content-type" not in response.request.headers
    refused(response, 415, "(none)", FORM)


def test_bad_query_missing_direct_type(client: TestClient) -> None:
    """W3C: "invoke query operation with SPARQL body, but without application/sparql-query media type"
    — no Content-Type: 4xx (415)."""
    response = client.post(ENDPOINT, content=b"ASK {}")
    assert "content-type" not in response.request.headers
    refused(response, 415, "(none)", SPARQL_QUERY)


def test_bad_query_non_utf8(client: TestClient) -> None:
    """W3C: "invoke query operation with direct POST, but with a non-UTF8 encoding (UTF-16)" — 4xx."""
    response = client.post(
        ENDPOINT,
        content="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    refused(response, 400, "UTF-8")


def test_bad_query_syntax(client: TestClient) -> None:
    """W3C: "invoke query operation with invalid query syntax (4XX result)" — ``ASK {``: 4xx (400 with
    the parser's message)."""
    response = client.get(f"{ENDPOINT}?query=ASK%20%7B")
    refused(response, 400, "malformed query")


# -- updates: the expected deviation, a read-only endpoint --------------------------------------


def test_update_dataset_default_graph(client: TestClient) -> None:
    """W3C: "update with protocol-specified default graph" — CLEAR ALL, INSERT DATA and INSERT … WHERE
    with using-graph-uri data1, then an ASK for the inserted triple. Suite: 2xx, then true.
    Here (read-only): 400, nothing cleared, and the ASK false."""
    update = """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document
    }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}"""
    url = f"{ENDPOINT}?using-graph-uri={q('http://kasei.us/2009/09/sparql/data/data1.rdf')}"
    read_only(client.post(url, content=update.encode(), headers={"Content-Type": SPARQL_UPDATE}), client)
    check = """ASK {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource>
    }
}"""
    response = client.post(ENDPOINT, content=check.encode(), headers={"Content-Type": SPARQL_QUERY})
    assert boolean(response) is False


def _insert_three(target: str, where: str) -> str:
    """The suite's DROP ALL; INSERT DATA (data1-3); INSERT { GRAPH <target> … } WHERE … update."""
    data = "\n".join(
        f"    GRAPH <http://kasei.us/2009/09/sparql/data/data{n}.rdf> "
        f"{{ <http://kasei.us/2009/09/sparql/data/data{n}.rdf> a foaf:Document }}"
        for n in (1, 2, 3)
    )
    return f"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {{
{data}
}} ;
INSERT {{
    GRAPH <{target}> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{
    {where}
}}"""


def _kasei(n: int) -> str:
    return q(f"http://kasei.us/2009/09/sparql/data/data{n}.rdf")


def _check_two_not_three(target: str) -> str:
    """The suite's follow-up ASK: data1 and data2 in the target graph, data3 not."""
    doc = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
    bib = "<http://purl.org/dc/terms/BibliographicResource>"
    return f"""ASK {{
    GRAPH <{target}> {{ <{doc.format(1)}> a {bib} . <{doc.format(2)}> a {bib} . }}
    FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{doc.format(3)}> a {bib} . }} }}
}}"""


def test_update_dataset_default_graphs(client: TestClient) -> None:
    """W3C: "update with protocol-specified default graphs" — DROP ALL, INSERT DATA, INSERT … WHERE with
    using-graph-uri data1 and data2, then an ASK. Suite: 2xx, then true. Here (read-only): 400,
    nothing dropped, the ASK false."""
    target = "http://example.org/protocol-update-dataset-graphs-test/"
    update = _insert_three(target, "?s a foaf:Document")
    url = f"{ENDPOINT}?using-graph-uri={_kasei(1)}&using-graph-uri={_kasei(2)}"
    read_only(client.post(url, content=update.encode(), headers={"Content-Type": SPARQL_UPDATE}), client)
    check = _check_two_not_three(target)
    assert boolean(client.post(ENDPOINT, content=check.encode(), headers={"Content-Type": SPARQL_QUERY})) is False


def test_update_dataset_named_graphs(client: TestClient) -> None:
    """W3C: "update with protocol-specified named graphs" — the same with using-named-graph-uri data1
    and data2 and ``GRAPH ?g { ?s a foaf:Document }``. Suite: 2xx, then true. Here (read-only):
    400, nothing dropped, the ASK false."""
    target = "http://example.org/protocol-update-dataset-named-graphs-test/"
    update = _insert_three(target, "GRAPH ?g {\n        ?s a foaf:Document\n    }")
    url = f"{ENDPOINT}?using-named-graph-uri={_kasei(1)}&using-named-graph-uri={_kasei(2)}"
    read_only(client.post(url, content=update.encode(), headers={"Content-Type": SPARQL_UPDATE}), client)
    check = _check_two_not_three(target)
    assert boolean(client.post(ENDPOINT, content=check.encode(), headers={"Content-Type": SPARQL_QUERY})) is False


def test_update_dataset_full(client: TestClient) -> None:
    """W3C: "update with protocol-specified dataset (both named and default graphs)" — using-graph-uri
    data1 and using-named-graph-uri data2. Suite: 2xx, then true. Here (read-only): 400, nothing
    dropped, the ASK false."""
    target = "http://example.org/protocol-update-dataset-full-test/"
    where = """{
        GRAPH ?g { ?s a foaf:Document }
        BIND(?g AS ?in)
    }
    UNION
    {
        ?s a foaf:Document .
        BIND("default" AS ?in)
    }"""
    update = _insert_three(target, where).replace("?s a dc:BibliographicResource", "?s <http://example.org/in> ?in")
    url = f"{ENDPOINT}?using-graph-uri={_kasei(1)}&using-named-graph-uri={_kasei(2)}"
    read_only(client.post(url, content=update.encode(), headers={"Content-Type": SPARQL_UPDATE}), client)
    doc = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
    check = f"""ASK {{
    GRAPH <{target}> {{
        <{doc.format(1)}> <http://example.org/in> "default" .
        <{doc.format(2)}> <http://example.org/in> <{doc.format(2)}> .
    }}
    FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{doc.format(3)}> ?p ?o }} }}
}}"""
    assert boolean(client.post(ENDPOINT, content=check.encode(), headers={"Content-Type": SPARQL_QUERY})) is False
    written = f"ASK {{ GRAPH <{target}> {{ ?s <http://example.org/in> ?in }} }}"
    assert boolean(client.post(ENDPOINT, content=written.encode(), headers={"Content-Type": SPARQL_QUERY})) is False


def test_update_post_form(client: TestClient) -> None:
    """W3C: "update via URL-encoded POST" — ``update=CLEAR+ALL``. Suite: 2xx. Here (read-only): 400, and
    every graph still whole."""
    response = client.post(ENDPOINT, content=b"update=CLEAR+ALL", headers={"Content-Type": FORM})
    read_only(response, client)


def test_update_post_direct(client: TestClient) -> None:
    """W3C: "update via POST directly" — ``CLEAR ALL`` as application/sparql-update. Suite: 2xx. Here
    (read-only): 400, and every graph still whole."""
    response = client.post(ENDPOINT, content=b"CLEAR ALL", headers={"Content-Type": SPARQL_UPDATE})
    read_only(response, client)


def test_update_base_uri(client: TestClient) -> None:
    """W3C: "test for service-defined BASE URI ("which MAY be the service endpoint")" — INSERT DATA of
    ``<test>``, then an ASK that it became an absolute IRI. Suite: 2xx, then true. Here (read-only):
    400 and nothing inserted; the point of the test, a base the service defines, holds for a
    query: ``<test>`` is the endpoint's URL resolved, an IRI whose string is not "test"."""
    update = """CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;
INSERT DATA { GRAPH <http://example.org/protocol-base-test/> {
    <http://example.org/s> <http://example.org/p> <test> } }"""
    read_only(client.post(ENDPOINT, content=update.encode(), headers={"Content-Type": SPARQL_UPDATE}), client)
    check = """ASK {
    GRAPH <http://example.org/protocol-base-test/> {
        <http://example.org/s> <http://example.org/p> ?o
        FILTER (isIRI(?o) && STR(?o) != "test")
    }
}"""
    assert boolean(client.post(ENDPOINT, content=check.encode(), headers={"Content-Type": SPARQL_QUERY})) is False
    in_a_query = 'SELECT ?o WHERE { BIND(<test> AS ?o) FILTER (isIRI(?o) && STR(?o) != "test") }'
    response = client.post(ENDPOINT, content=in_a_query.encode(), headers={"Content-Type": SPARQL_QUERY})
    ok(response)
    assert json.loads(response.content)["results"]["bindings"] == [
        {"o": {"type": "uri", "value": "http://testserver/test"}}
    ]


# -- updates: faults (4xx expected, and given) ---------------------------------------------------


def test_bad_update_get(client: TestClient) -> None:
    """W3C: "invoke update operation with GET" — ``?update=CLEAR%20ALL``: 4xx (400, read-only)."""
    read_only(client.get(f"{ENDPOINT}?update=CLEAR%20ALL"), client)


def test_bad_multiple_updates(client: TestClient) -> None:
    """W3C: "invoke update operation with more than one update string" — two ``update`` parameters:
    4xx. Refused as read-only (any update is), not for the count."""
    response = client.post(
        ENDPOINT, content=b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", headers={"Content-Type": FORM}
    )
    read_only(response, client)


def test_bad_update_wrong_media_type(client: TestClient) -> None:
    """W3C: "invoke update operation with a POST with media type that's not url-encoded or
    application/sparql-update" — text/plain: 4xx (415)."""
    response = client.post(ENDPOINT, content=b"CLEAR NAMED", headers={"Content-Type": "text/plain"})
    refused(response, 415, "text/plain")
    assert graph_sizes(client) == (LETTER_TRIPLES, REFERENCE_TRIPLES)


def test_bad_update_missing_form_type(client: TestClient) -> None:
    """W3C: "invoke update operation with url-encoded body, but without application/x-www-form-urlencoded
    media type" — no Content-Type: 4xx (415)."""
    response = client.post(ENDPOINT, content=b"update=CLEAR%20NAMED")
    assert "content-type" not in response.request.headers
    refused(response, 415, "(none)")
    assert graph_sizes(client) == (LETTER_TRIPLES, REFERENCE_TRIPLES)


def test_bad_update_non_utf8(client: TestClient) -> None:
    """W3C: "invoke update operation with direct POST, but with a non-UTF8 encoding" — UTF-16: 4xx
    (400, the body is not UTF-8)."""
    response = client.post(
        ENDPOINT,
        content="CLEAR NAMED".encode("utf-16"),
        headers={"Content-Type": "application/sparql-update; charset=UTF-16"},
    )
    refused(response, 400, "UTF-8")
    assert graph_sizes(client) == (LETTER_TRIPLES, REFERENCE_TRIPLES)


def test_bad_update_syntax(client: TestClient) -> None:
    """W3C: "invoke update operation with invalid update syntax" — ``update=CLEAR%20XYZ``: 4xx. Refused
    as read-only before any parse (an update is never parsed here)."""
    response = client.post(ENDPOINT, content=b"update=CLEAR%20XYZ", headers={"Content-Type": FORM})
    read_only(response, client)


def test_bad_update_dataset_conflict(client: TestClient) -> None:
    """W3C: "invoke update with both using-graph-uri/using-named-graph-uri parameter and USING/WITH
    clause" — using-named-graph-uri in the URL and WITH in the update: 4xx. Refused as read-only,
    not for the conflict."""
    update = """PREFIX foaf:  <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE {
    ?person foaf:givenName 'Bill'
}"""
    url = f"{ENDPOINT}?using-named-graph-uri={q('http://example/people')}"
    read_only(client.post(url, content=update.encode(), headers={"Content-Type": SPARQL_UPDATE}), client)


def test_every_manifest_entry_has_its_test() -> None:
    """The module covers the manifest's 34 entries, one test each, named after them."""
    entries = MANIFEST_ENTRIES.split()
    assert len(entries) == len(set(entries)) == 34
    tests = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert set(entries) <= tests


MANIFEST_ENTRIES = """
query_post_form query_dataset_default_graphs_get query_dataset_default_graphs_post
query_dataset_named_graphs_post query_dataset_named_graphs_get query_dataset_full query_multiple_dataset
query_get query_content_type_select query_content_type_ask query_content_type_describe
query_content_type_construct update_dataset_default_graph update_dataset_default_graphs
update_dataset_named_graphs update_dataset_full update_post_form update_post_direct update_base_uri
query_post_direct bad_query_method bad_multiple_queries bad_query_wrong_media_type
bad_query_missing_form_type bad_query_missing_direct_type bad_query_non_utf8 bad_query_syntax
bad_update_get bad_multiple_updates bad_update_wrong_media_type bad_update_missing_form_type
bad_update_non_utf8 bad_update_syntax bad_update_dataset_conflict
"""
