"""The engine interface behaves the same on Oxigraph and rdflib."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from tbgraph.dataset.loader import LETTER_GRAPH_PREFIX, REFERENCE_GRAPH
from tbgraph.store.base import AskResult, GraphResult, QuerySyntaxError, SelectResult, Store
from tbgraph.store.engines import open_store

NHN = URIRef("https://w3id.org/tbgraph/id/org/nhn")


def test_each_letter_and_the_reference_data_have_their_own_graph(any_store: Store) -> None:
    graphs = any_store.graphs()
    assert REFERENCE_GRAPH in graphs
    assert LETTER_GRAPH_PREFIX + "ehelse/2023" in graphs


def test_default_graph_is_the_union_unless_graphs_are_named(any_store: Store) -> None:
    query = "ASK { ?s <https://w3id.org/tbgraph/ontology#orgNumber> ?n }"
    assert any_store.query(query) == AskResult(True)
    letter_only = any_store.query(query, default_graphs=[LETTER_GRAPH_PREFIX + "ehelse/2023"])
    assert letter_only == AskResult(False)  # organisation numbers live in the reference graph


def test_bindings_are_values_not_text(any_store: Store) -> None:
    query = "SELECT ?n ?org WHERE { ?org <https://w3id.org/tbgraph/ontology#orgNumber> ?n }"
    result = any_store.query(query, bindings={"org": NHN})
    assert isinstance(result, SelectResult)
    assert [str(r["n"]) for r in result.rows] == ["994598759"]
    # A value that looks like SPARQL stays a value.
    hostile = any_store.query(
        "SELECT ?label ?x WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(?label = ?x) }",
        bindings={"x": Literal('x" } ?s ?p ?o { "')},
    )
    assert isinstance(hostile, SelectResult) and hostile.rows == []


def test_malformed_query_raises_a_syntax_error_with_a_position(any_store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        any_store.query("SELECT ?s WHERE { ?s ?p }")
    assert any(ch.isdigit() for ch in str(caught.value))


def test_construct_gives_a_graph_with_usual_prefixes(store: Store) -> None:
    result = store.query(f"CONSTRUCT WHERE {{ <{NHN}> ?p ?o }}")
    assert isinstance(result, GraphResult)
    turtle = result.serialize("text/turtle").decode()
    assert "Norsk helsenett SF" in turtle and "@prefix tb:" in turtle


@pytest.mark.parametrize(
    "media_type",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_select_results_serialise_in_the_w3c_formats(store: Store, media_type: str) -> None:
    result = store.query(f"SELECT ?n WHERE {{ <{NHN}> <https://w3id.org/tbgraph/ontology#orgNumber> ?n }}")
    body = result.serialize(media_type).decode()
    assert "994598759" in body
    if media_type.endswith("json"):
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "994598759"


def test_typed_literals_survive_the_engine(store: Store) -> None:
    result = store.query("SELECT ?d WHERE { ?x <http://www.w3.org/2006/time#inXSDDate> ?d } ORDER BY ?d LIMIT 1")
    assert isinstance(result, SelectResult)
    assert result.rows[0]["d"].datatype == XSD.date


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        open_store("virtuoso")
