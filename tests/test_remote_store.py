"""The remote engine against a real Oxigraph server (``oxigraph serve`` on a loopback port).

The shipped data is loaded into the server through ``open_dataset(engine="remote")`` over the Graph
Store Protocol. Every competency test of ``test_competency.py`` runs again here on the remote store
(they are imported below, and ``store``/``any_store`` are the remote store in this module), and
every named and internal query is compared record by record with the in-process Oxigraph store.
Then: bindings that try to break out of the query, syntax errors, a server that is not there, and
a server that holds other people's graphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.term import BNode, Literal, URIRef

from oxigraph_server import OxigraphServer, free_port
from tbgraph.dataset.loader import LETTER_GRAPH_PREFIX, META_GRAPH, DataFileError, SourceFile, default_sources
from tbgraph.dataset.opening import DatasetCheckError, open_dataset
from tbgraph.questions.named import get_query, named_queries, run_named, term_to_json
from tbgraph.sparql import load_query
from tbgraph.store.base import AskResult, GraphResult, QuerySyntaxError, SelectResult, Store, StoreUnavailableError
from tbgraph.store.remote import RemoteStore, RemoteStoreError, bind_values, sparql_term
from test_competency import *  # noqa: F403 - every competency test, run again on the remote store

ID = "https://w3id.org/tbgraph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
LETTER_GRAPH = LETTER_GRAPH_PREFIX + "ehelse/2023"


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db") as server:
        yield server


@pytest.fixture(scope="module")
def remote_store(oxigraph_server: OxigraphServer) -> Iterator[RemoteStore]:
    dataset = open_dataset(engine="remote", store_url=oxigraph_server.url)
    assert not dataset.reused
    assert isinstance(dataset.store, RemoteStore)
    yield dataset.store
    dataset.store.close()


@pytest.fixture(scope="module")
def any_store(remote_store: RemoteStore) -> Store:
    """test_competency's engine-independent tests, on the remote store."""
    return remote_store


@pytest.fixture(scope="module")
def store(remote_store: RemoteStore) -> Store:
    """test_competency's Oxigraph-only tests, on the remote store."""
    return remote_store


@pytest.fixture(scope="module")
def local_store() -> Store:
    return open_dataset().store


# --------------------------------------------------------------------------------------------
# The same answers
# --------------------------------------------------------------------------------------------


def _normalised(text: str, records: list[dict[str, Any]]) -> list[str]:
    """Records as a sorted list, GROUP_CONCAT values as sorted lists: SPARQL leaves to the engine the
    order of concatenated values and of rows that ORDER BY ranks equal (test_competency checks the
    orders the questions promise)."""
    concatenated = set(re.findall(r"GROUP_CONCAT\([^)]*\)\s+AS\s+\?(\w+)", text, flags=re.IGNORECASE))
    out = []
    for record in records:
        row = dict(record)
        for name in concatenated & row.keys():
            if isinstance(row[name], str):
                row[name] = sorted(row[name].split(", "))
        out.append(repr(sorted(row.items())))
    return sorted(out)


def _records(result: Any) -> list[dict[str, Any]]:
    assert isinstance(result, SelectResult)
    return [{k: term_to_json(row.get(k)) for k in result.variables} for row in result.rows]


PARAMETER_EXAMPLES: list[tuple[str, dict[str, str]]] = [
    ("assignments-involving", {"agency": "nhn"}),
    ("assignments-involving", {"agency": "Norsk helsenett SF", "role": "lead"}),
    ("collaborators", {"agency": "hdir"}),
    ("deadlines", {"from": "2023-06-01", "to": "2023-06-30"}),
    ("deadlines", {"to": "2023-01-31"}),
    ("dependencies", {"assignment": "TB2023-15"}),
    ("legal-basis", {"assignment": "TB2023-14"}),
    ("solutions", {"solution": "kjernejournal"}),
]


@pytest.mark.parametrize(
    ("name", "values"),
    [(name, {}) for name, q in sorted(named_queries().items()) if not any(p.required for p in q.parameters)]
    + PARAMETER_EXAMPLES,
    ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v.items()) or "-",
)
def test_named_query_gives_the_in_process_records(
    remote_store: RemoteStore, local_store: Store, name: str, values: dict[str, str]
) -> None:
    text = get_query(name).text
    remote = _normalised(text, run_named(remote_store, name, values).records())
    local = _normalised(text, run_named(local_store, name, values).records())
    assert remote, f"{name} answered nothing"
    assert remote == local


@pytest.mark.parametrize(
    ("name", "values"),
    PARAMETER_EXAMPLES,
    ids=[f"{n}:{','.join(f'{k}={x}' for k, x in v.items())}" for n, v in PARAMETER_EXAMPLES],
)
def test_the_written_in_text_is_standard_sparql_rdflib_answers_too(
    local_store: Store, name: str, values: dict[str, str]
) -> None:
    """What tbgraph sends a server (the values written in) is SPARQL 1.1 that rdflib evaluates, with
    the same records; rdflib once failed on the GROUP BY (<iri>) written into collaborators."""
    from tbgraph.questions.named import bind_parameters
    from tbgraph.store.base import RdflibStore
    from tbgraph.store.query_text import written_in

    query = get_query(name)
    text, left = written_in(query.text, bind_parameters(local_store, query, values))
    assert not left
    reference = RdflibStore()
    reference.load(local_store.dump("application/n-quads"), "application/n-quads", LETTER_GRAPH)
    rows = _normalised(query.text, _records(reference.query(text)))
    assert rows, f"{name} answered nothing"
    assert rows == _normalised(query.text, _records(local_store.query(text)))


def _iri(path: str) -> URIRef:
    return URIRef(ID + path)


INTERNAL_EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    ("agency-detail", {"agency_iri": _iri("org/nhn")}),
    ("assignment-deadlines", {"assignment": _iri("assignment/ehelse/TB2023-04")}),
    ("assignment-detail", {"assignment": _iri("assignment/ehelse/TB2023-15")}),
    ("assignment-involvements", {"assignment": _iri("assignment/ehelse/TB2023-10")}),
    ("inbound", {"resource": _iri("org/nhn")}),
    ("subjects-under", {"prefix": Literal(ID + "org/")}),
    ("graph-contents", {"graph": URIRef(LETTER_GRAPH)}),
    ("graph-assignments", {"goal_key": Literal("2")}),
    ("graph-actors", {}),
    ("graph-deadlines", {}),
    ("graph-dependencies", {}),
    ("graph-dependency-nodes", {}),
    ("lookup-agencies", {}),
    ("lookup-assignments", {}),
    ("void-classes", {}),
    ("void-graphs", {}),
    ("void-stats", {}),
    ("meta-data-version", {}),
]


@pytest.mark.parametrize(("name", "bindings"), INTERNAL_EXAMPLES, ids=[n for n, _ in INTERNAL_EXAMPLES])
def test_internal_query_gives_the_in_process_records(
    remote_store: RemoteStore, local_store: Store, name: str, bindings: dict[str, Any]
) -> None:
    text = load_query(name)
    remote = _normalised(text, _records(remote_store.query(text, bindings=bindings)))
    local = _normalised(text, _records(local_store.query(text, bindings=bindings)))
    assert remote, f"{name} answered nothing"
    assert remote == local


@pytest.mark.parametrize("resource", ["org/nhn", "assignment/ehelse/TB2023-15"])
def test_describe_and_construct_give_the_same_graphs(
    remote_store: RemoteStore, local_store: Store, resource: str
) -> None:
    for name in ("describe", "describe-labels"):
        remote = remote_store.query(load_query(name), bindings={"resource": _iri(resource)})
        local = local_store.query(load_query(name), bindings={"resource": _iri(resource)})
        assert isinstance(remote, GraphResult) and isinstance(local, GraphResult)
        assert len(remote.graph) > 0
        assert isomorphic(remote.graph, local.graph), name


def test_ask_and_the_protocol_dataset(remote_store: RemoteStore, local_store: Store) -> None:
    question = 'ASK { ?a <http://purl.org/dc/terms/identifier> "TB2023-15" }'
    for store_ in (remote_store, local_store):
        assert store_.query(question) == AskResult(True)
        # Only the ontology as the default graph: no assignments there; GRAPH still sees every graph.
        ontology = default_sources()[0].graph
        assert store_.query(question, default_graphs=[ontology]) == AskResult(False)
        in_letter = 'ASK { GRAPH ?g { ?a <http://purl.org/dc/terms/identifier> "TB2023-15" } }'
        assert store_.query(in_letter, default_graphs=[ontology]) == AskResult(True)
        assert store_.query(in_letter, default_graphs=[], named_graphs=[ontology]) == AskResult(False)
        assert store_.query(question, default_graphs=[LETTER_GRAPH], named_graphs=[]) == AskResult(True)


def test_open_dataset_reuses_a_loaded_store(oxigraph_server: OxigraphServer, remote_store: RemoteStore) -> None:
    again = open_dataset(engine="remote", store_url=oxigraph_server.url)
    try:
        assert again.reused
        assert again.report.triples == len(remote_store) > 9000
        assert set(again.report.graphs) == set(remote_store.graphs())
        assert META_GRAPH in remote_store.graphs()
    finally:
        again.store.close()


def test_dump_reads_the_graphs_back(remote_store: RemoteStore, local_store: Store) -> None:
    remote = rdflib.Graph().parse(data=remote_store.dump("text/turtle", LETTER_GRAPH), format="turtle")
    local = rdflib.Graph().parse(data=local_store.dump("text/turtle", LETTER_GRAPH), format="turtle")
    assert len(remote) > 1000
    assert isomorphic(remote, local)
    everything = rdflib.Dataset()
    everything.parse(data=remote_store.dump("application/n-quads"), format="nquads")
    assert {str(g.identifier) for g in everything.graphs() if len(g)} == set(remote_store.graphs())
    assert sum(len(g) for g in everything.graphs()) == len(remote_store)


# --------------------------------------------------------------------------------------------
# Parameters are data, never query text
# --------------------------------------------------------------------------------------------

HOSTILE_TEXT = [
    '" } ; DROP ALL ; #',
    "' } UNION { ?s ?p ?o } #",
    '"""\n} SELECT * WHERE { ?s ?p ?o } #',
    "\\u0022 } #",  # a codepoint escape of a quote, spelled out
    "\\\\u0022 } #",
    "back\\slash\\",
    "line\nbreak\r\ttab",
    "} } } ) ) ) > > <http://evil.example/>",
    "# not a comment",
    "nul\x00byte and ünïcødé ✓ 𝄞",
]


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_hostile_literal_round_trips_as_data(remote_store: RemoteStore, value: str) -> None:
    query = "SELECT ?value ?same WHERE { BIND(STRLEN(STR(?value)) AS ?same) }"
    for literal in (Literal(value), Literal(value, lang="nb"), Literal(value, datatype=URIRef(XSD + "token"))):
        result = remote_store.query(query, bindings={"value": literal})
        assert isinstance(result, SelectResult)
        assert len(result.rows) == 1
        assert result.rows[0]["value"] == literal
        assert int(result.rows[0]["same"]) == len(str(literal))


def test_hostile_value_in_a_named_query_filter_matches_nothing(remote_store: RemoteStore) -> None:
    text = load_query("subjects-under")
    before = len(remote_store)
    for value in HOSTILE_TEXT:
        result = remote_store.query(text, bindings={"prefix": Literal(value)})
        assert isinstance(result, SelectResult) and result.rows == []
    assert len(remote_store) == before


@pytest.mark.parametrize(
    "iri",
    [
        "https://example.org/> } SELECT * { ?s ?p ?o } #",
        "https://example.org/a b",
        'https://example.org/"quote',
        "https://example.org/{x}",
        "https://example.org/back\\slash",
        "https://example.org/\\u003e",
        "https://example.org/new\nline",
        "relative/path",
        "",
    ],
)
def test_iri_with_forbidden_characters_is_refused(remote_store: RemoteStore, iri: str) -> None:
    with pytest.raises(ValueError, match="IRI"):
        remote_store.query("SELECT ?x WHERE { }", bindings={"x": URIRef(iri)})


def test_values_are_written_in_where_a_constant_can_stand(
    remote_store: RemoteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server plans from a constant, not from a VALUES block (tbgraph.store.query_text.written_in)."""
    sent: list[str] = []
    original = remote_store._query_request

    def capture(text: str, params: list[tuple[str, Any]], timeout: float) -> httpx.Request:
        sent.append(text)
        return original(text, params, timeout)

    monkeypatch.setattr(remote_store, "_query_request", capture)
    # NHN takes part in TB2023-07 ("bistå Norsk helsenett SF", section 2, lines 520-524).
    rows = run_named(remote_store, "assignments-involving", {"agency": "nhn"}).rows
    assert "TB2023-07" in {str(row["id"]) for row in rows}
    assert "<https://w3id.org/tbgraph/id/org/nhn>" in sent[-1] and "?agency_iri" not in sent[-1].split("WHERE")[1]
    assert "VALUES (?agency_iri)" not in sent[-1]
    # Where a constant cannot stand (a VALUES list of its own) the value goes as a VALUES block.
    remote_store.query("SELECT ?o WHERE { VALUES ?x { <urn:a> } ?x ?p ?o }", bindings={"x": URIRef("urn:b")})
    assert "VALUES (?x) { (<urn:b>) }" in sent[-1]


def test_other_terms_that_cannot_be_sent_are_refused(remote_store: RemoteStore) -> None:
    with pytest.raises(ValueError, match="blank node"):
        remote_store.query("SELECT ?x WHERE { }", bindings={"x": BNode()})
    with pytest.raises(ValueError, match="variable"):
        remote_store.query("SELECT ?x WHERE { }", bindings={"x) } #": Literal("a")})
    with pytest.raises(ValueError, match="IRI"):
        remote_store.query("SELECT ?x WHERE { }", bindings={"x": Literal("1", datatype=URIRef("urn:a>b"))})


def test_serialised_terms() -> None:
    assert sparql_term(Literal('a"b\\c\nd')) == '"a\\"b\\\\c\\nd"'
    # a backslash before u: the u is written as a codepoint escape, so no parser reads \u as an escape
    assert sparql_term(Literal("\\u0022")) == '"\\\\\\u00750022"'
    assert (
        sparql_term(Literal("5", datatype=URIRef(XSD + "integer"))) == '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    )
    assert sparql_term(Literal("x", datatype=URIRef(XSD + "string"))) == '"x"'


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { VALUES (?x) { (<urn:v>) } ?x ?p ?o }"),
        ("SELECT * { ?x ?p ?o }", "SELECT * { VALUES (?x) { (<urn:v>) } ?x ?p ?o }"),
        (
            'SELECT (EXISTS { ?x ?p "}{" } AS ?e) # {\nWHERE { ?x <urn:{> ?o }',
            'SELECT (EXISTS { ?x ?p "}{" } AS ?e) # {\nWHERE { VALUES (?x) { (<urn:v>) } ?x <urn:{> ?o }',
        ),
        (
            "CONSTRUCT { ?x a ?t } WHERE { ?x a ?t }",
            "CONSTRUCT { ?x a ?t } WHERE { VALUES (?x) { (<urn:v>) } ?x a ?t }",
        ),
        ("CONSTRUCT WHERE { ?x a ?t }", "CONSTRUCT WHERE { ?x a ?t }\nVALUES (?x) { (<urn:v>) }\n"),
        ("DESCRIBE ?x", "DESCRIBE ?x\nVALUES (?x) { (<urn:v>) }\n"),
        (
            "PREFIX where: <urn:w#> ASK { ?x where:p ?o }",
            "PREFIX where: <urn:w#> ASK { VALUES (?x) { (<urn:v>) } ?x where:p ?o }",
        ),
    ],
)
def test_values_block_goes_first_in_the_where_group(query: str, expected: str) -> None:
    assert bind_values(query, {"x": URIRef("urn:v")}) == expected


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def test_syntax_error_carries_the_servers_message(remote_store: RemoteStore) -> None:
    with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
        remote_store.query("SELEC ?x WHERE { ?x ?p ?o }")
    with pytest.raises(QuerySyntaxError):
        remote_store.query("SELECT ?x WHERE { ?x ?p ?o ")


def test_a_server_that_is_not_there_is_unavailable() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    absent = RemoteStore(url, connect_timeout=1.0)
    with pytest.raises(StoreUnavailableError) as caught:
        absent.query("ASK {}")
    assert str(caught.value) == f"the SPARQL store at {url} is not reachable: connection refused"
    assert caught.value.location == url and not caught.value.timed_out
    with pytest.raises(StoreUnavailableError):
        open_dataset(engine="remote", store_url=url)
    with pytest.raises(StoreUnavailableError):
        absent.load(b"", "text/turtle", LETTER_GRAPH)


def test_wrong_endpoint_is_named(oxigraph_server: OxigraphServer) -> None:
    wrong = RemoteStore(oxigraph_server.url, query_endpoint=oxigraph_server.url + "/sparql-nowhere")
    with pytest.raises(RemoteStoreError, match="no query endpoint at .*/sparql-nowhere"):
        wrong.query("ASK {}")


def test_bad_data_is_a_data_file_error(remote_store: RemoteStore, tmp_path: Path) -> None:
    from tbgraph.dataset.loader import load_dataset

    broken = tmp_path / "2023-hod-broken.ttl"
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="2023-hod-broken.ttl"):
        load_dataset(remote_store, [SourceFile(broken, LETTER_GRAPH_PREFIX + "broken/2023")])
    remote_store.remove_graph(LETTER_GRAPH_PREFIX + "broken/2023")


def test_a_slow_query_times_out(tmp_path: Path) -> None:
    with OxigraphServer(tmp_path / "slow", timeout_s=3) as server:
        slow = RemoteStore(server.url)
        slow.load(
            b"".join(b"<urn:s%d> <urn:p> <urn:o%d> .\n" % (i, i) for i in range(300)),
            "application/n-triples",
            LETTER_GRAPH,
        )
        cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        with pytest.raises(StoreUnavailableError, match="did not answer within 0.5 s") as caught:
            slow.query(cross, timeout=0.5)
        assert caught.value.timed_out
        slow.close()


# --------------------------------------------------------------------------------------------
# A server that holds other data too
# --------------------------------------------------------------------------------------------


def test_other_graphs_on_the_server_are_left_alone(tmp_path: Path) -> None:
    with OxigraphServer(tmp_path / "shared") as server:
        other = "https://example.org/someone-elses-graph"
        response = httpx.post(
            f"{server.url}/store",
            params={"graph": other},
            content=b"<urn:x> <urn:y> <urn:z> .\n",
            headers={"Content-Type": "application/n-triples"},
        )
        assert response.status_code in (201, 204)
        sources = [s for s in default_sources() if not s.graph.endswith("shapes")]
        first = open_dataset(engine="remote", store_url=server.url, sources=sources)
        assert other not in first.store.graphs()
        # Different files: a new data version, so every tbgraph graph is dropped and loaded again.
        second = open_dataset(engine="remote", store_url=server.url)
        assert not second.reused
        with pytest.raises(ValueError, match="only writes graphs under"):
            second.store.remove_graph(other)
        check = RemoteStore(server.url, graph_prefix="")
        assert other in check.graphs()
        assert check.query("ASK { GRAPH <https://example.org/someone-elses-graph> { <urn:x> ?p ?o } }") == AskResult(
            True
        )
        for opened in (first, second):
            opened.store.close()  # type: ignore[attr-defined]
        check.close()


def test_a_server_whose_default_graph_is_not_the_union_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tbgraph.dataset.opening

    with OxigraphServer(tmp_path / "plain") as server:
        monkeypatch.setattr(
            tbgraph.dataset.opening, "open_store", lambda engine, *_, url, **__: RemoteStore(url, union_parameter=False)
        )
        with pytest.raises(DatasetCheckError, match="not the union"):
            open_dataset(engine="remote", store_url=server.url)
