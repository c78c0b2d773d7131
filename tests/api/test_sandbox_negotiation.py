"""The query checks and content negotiation on their own."""

from __future__ import annotations

import pytest

from tbgraph.api.errors import QueryRefused, UpdateRefused
from tbgraph.api.negotiation import choose, format_override
from tbgraph.api.sandbox import Dataset, analyse, plan_dataset

G = "https://w3id.org/tbgraph/graph/reference"
KNOWN = {G, "https://w3id.org/tbgraph/graph/letter/ehelse/2023"}


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("prefix x: <http://x/> ask { ?s x:p ?o }", "ASK"),
        ("# comment SELECT\nBASE <http://b/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://x>", "DESCRIBE"),
        ("NONSENSE", None),
    ],
)
def test_forms(query: str, form: str | None) -> None:
    assert analyse(query).form == form


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE' }",
        'SELECT * WHERE { ?s ?p """multi\nSERVICE <http://x> { }""" }',
        "SELECT ?service ?load ?from WHERE { ?service ?load ?from }",
        "SELECT * WHERE { ?s <http://ex/SERVICE> ?o } # SERVICE <http://x>",
        "PREFIX service: <http://x/> SELECT * WHERE { ?s service:load ?o }",
        'SELECT * WHERE { ?s ?p "x"@en }',
    ],
)
def test_keywords_elsewhere_are_harmless(query: str) -> None:
    assert analyse(query).form == "SELECT"


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("SELECT * { service <http://x> { ?s ?p ?o } }", QueryRefused),
        ("SELECT * { ?s ?p ?o OPTIONAL { SeRvIcE SILENT ?endpoint { ?s ?p ?o } } }", QueryRefused),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", UpdateRefused),
        ("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", UpdateRefused),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", UpdateRefused),
        ("CLEAR ALL", UpdateRefused),
        ("LOAD <http://x/data.ttl>", UpdateRefused),
    ],
)
def test_refused(query: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        analyse(query)


def test_from_graphs_resolved() -> None:
    info = analyse(
        f"PREFIX g: <https://w3id.org/tbgraph/graph/> SELECT * FROM g:reference FROM NAMED <{G}> "
        "WHERE { ?s ?p ?o }"
    )
    assert info.from_graphs == (G,) and info.from_named == (G,)
    assert analyse("BASE <https://w3id.org/tbgraph/graph/> ASK FROM <reference> {}").from_graphs == (G,)


def test_plan_dataset() -> None:
    plain = analyse("SELECT * WHERE { ?s ?p ?o }")
    assert plan_dataset(plain, [], [], KNOWN) == Dataset(None, None)
    assert plan_dataset(plain, [G], [], KNOWN) == Dataset((G,), ())
    assert plan_dataset(plain, [], [G], KNOWN) == Dataset((), (G,))
    with_from = analyse(f"SELECT * FROM <{G}> WHERE {{ ?s ?p ?o }}")
    assert plan_dataset(with_from, [], [], KNOWN) == Dataset((G,), ())
    # the protocol's dataset wins over the query's
    assert plan_dataset(with_from, [], [G], KNOWN) == Dataset((), (G,))
    with pytest.raises(QueryRefused):
        plan_dataset(plain, ["http://example.org/g"], [], KNOWN)
    with pytest.raises(QueryRefused):
        plan_dataset(analyse("SELECT * FROM <http://example.org/g> { ?s ?p ?o }"), [], [], KNOWN)


RESULTS = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/*", "text/csv"),
        ("application/sparql-results+xml;q=0.8, text/csv;q=0.9", "text/csv"),
        ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
        ("application/sparql-results+json;q=0, application/*", "application/sparql-results+xml"),
        ("image/png", None),
        ("garbage", "application/sparql-results+json"),
        ("TEXT/CSV", "text/csv"),
        ("text/csv;q=abc, application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_choose(accept: str | None, expected: str | None) -> None:
    assert choose(accept, RESULTS) == expected


def test_format_override() -> None:
    assert format_override("json", graph=False) == "application/sparql-results+json"
    assert format_override("json", graph=True) == "application/ld+json"
    assert format_override("xml", graph=True) == "application/rdf+xml"
    assert format_override("text/csv", graph=False) == "text/csv"
    assert format_override("nonsense", graph=False) is None
