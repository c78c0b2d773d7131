"""Every quote in the data stands in the letter, at the lines it names."""

from __future__ import annotations

import rdflib

from project_paths import ROOT
from tbgraph.model.namespaces import TB
from tbgraph.validation.provenance import check_provenance, normalise


def _shipped() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted((ROOT / "data").glob("*/*.ttl")):
        graph.parse(path)
    return graph


def test_every_quote_is_found_at_its_lines() -> None:
    graph = _shipped()
    locations = set(graph.objects(None, TB.source))
    assert len(locations) > 100, "every modelled item of the letter should carry a source location"
    assert check_provenance(graph) == []


def test_a_changed_quote_is_caught() -> None:
    # Lines 364-374 of the letter hold TB2023-01; "Frist: 1. juni" is not there (it says 1. mai).
    graph = _shipped()
    deadline = rdflib.URIRef("https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-01/deadline/1")
    location = graph.value(deadline, TB.source)
    graph.set((location, TB.quote, rdflib.Literal("Frist: 1. juni")))
    problems = check_provenance(graph)
    assert [p.location for p in problems] == [str(deadline)]
    assert "not found anywhere" in problems[0].message


def test_a_quote_at_the_wrong_lines_is_caught() -> None:
    graph = _shipped()
    deadline = rdflib.URIRef("https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-01/deadline/1")
    location = graph.value(deadline, TB.source)
    graph.set((location, TB.lineStart, rdflib.Literal(386)))
    graph.set((location, TB.lineEnd, rdflib.Literal(386)))  # line 386 is TB2023-02's "Frist: 15. november"
    problems = check_provenance(graph)
    assert len(problems) == 1 and "occurs elsewhere" in problems[0].message


def test_normalise_collapses_the_pdf_line_breaks() -> None:
    assert normalise("Frist:  1. mai  \n\n") == "Frist: 1. mai"
