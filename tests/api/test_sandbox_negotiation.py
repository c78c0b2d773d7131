"""The query checks and content negotiation on their own."""

from __future__ import annotations

import pytest

from tbgraph.api.formats.negotiation import choose, format_override
from tbgraph.sandbox.check import Refused, check

G = "https://w3id.org/tbgraph/graph/reference"


def analyse(query: str) -> object:
    return check(query)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("prefix x: <http://x/> ask { ?s x:p ?o }", "ASK"),
        ("# comment SELECT\nBASE <http://b/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://x>", "DESCRIBE"),
    ],
)
def test_forms(query: str, form: str) -> None:
    assert check(query).form == form


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
    assert check(query).form == "SELECT"


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("SELECT * { service <http://x> { ?s ?p ?o } }", "service"),
        ("SELECT * { ?s ?p ?o OPTIONAL { SeRvIcE SILENT ?endpoint { ?s ?p ?o } } }", "service"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "update"),
        ("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", "update"),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update"),
        ("CLEAR ALL", "update"),
        ("LOAD <http://x/data.ttl>", "update"),
        ("NONSENSE", "syntax"),
        ("", "syntax"),  # found by the derandomised fuzzing: an empty text, or a final line break
        ("SELECT\n", "syntax"),
        # Issue 16: the escape PN_LOCAL_ESC (\#) made a hand-made tokenizer take the rest of the line
        # for a comment, hiding the SERVICE from the check while the engine ran it.
        (
            "PREFIX ex: <http://e/> SELECT * WHERE { OPTIONAL { ?s ex:a\\#x ?o } "
            "SERVICE <http://127.0.0.1:9/x> { ?x ?y ?z } }",
            "syntax",
        ),
        (
            "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\#x ?o .\nSERVICE <http://127.0.0.1:9/> { ?x ?y ?z } }",
            "service",
        ),
        (
            "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\.b ?o SERVICE <http://127.0.0.1:9/> { ?x ?y ?z } }",
            "service",
        ),
        ('SELECT * WHERE { ?s ?p "\\"" SERVICE <http://127.0.0.1:9/> { ?x ?y ?z } }', "service"),
        # rdflib's grammar does not read this one (valid SPARQL): refused all the same, as a syntax error
        ("SELECT * WHERE { ?s ?p <http://e/#> SERVICE <http://127.0.0.1:9/> { ?x ?y ?z } }", "syntax"),
        ("SELECT * WHERE { ?s ?p ?o . ?s ?p ?o FILTER(" + "(" * 400 + "1" + ")" * 400 + ") }", "depth"),
        ("SELECT * WHERE { BIND(" + "+".join(["1"] * 700) + " AS ?x) }", "depth"),
    ],
)
def test_refused(query: str, kind: str) -> None:
    with pytest.raises(Refused) as refused:
        check(query)
    assert refused.value.kind == kind


def test_messages_name_the_problem() -> None:
    with pytest.raises(Refused, match=r"prefix tb: is used but never declared.*PREFIX tb: <https://w3id"):
        check("SELECT * { ?s a tb:Assignment }", known_prefixes={"tb": "https://w3id.org/tbgraph/def#"})
    with pytest.raises(Refused, match="INSERT DATA is SPARQL Update"):
        check("INSERT DATA { <http://a> <http://b> <http://c> }")
    with pytest.raises(Refused, match=r"line 2, column 12(.|\n)*unexpected '\?x'") as refused:
        check("SELECT * WHERE {\n  ?s ?p ?o ?x\n}")
    assert "^" in refused.value.message  # the line, with a caret under the place


def test_from_graphs_resolved() -> None:
    info = check(
        f"PREFIX g: <https://w3id.org/tbgraph/graph/> SELECT * FROM g:reference FROM NAMED <{G}> WHERE {{ ?s ?p ?o }}"
    )
    assert info.from_graphs == (G,) and info.from_named == (G,)
    assert check("BASE <https://w3id.org/tbgraph/graph/> ASK FROM <reference> {}").from_graphs == (G,)
    assert check("ASK FROM <reference> {}", base="https://w3id.org/tbgraph/graph/x").from_graphs == (G,)


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
