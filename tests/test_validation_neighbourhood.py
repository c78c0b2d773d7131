"""A letter validated with the part of the reference data it points into gives the verdict and the
findings it gives with the whole reference data (which is validated on its own)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from tbgraph.model.namespaces import TB
from tbgraph.validation.neighbourhood import neighbourhood
from tbgraph.validation.shacl import validate

ROOT = Path(__file__).resolve().parent.parent
ORG = "https://w3id.org/tbgraph/id/org/"


def _reference() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "data" / "reference").glob("*.ttl")):
        graph.parse(path)
    return graph


def _findings(report, theirs):  # type: ignore[no-untyped-def]
    return sorted((f.severity, f.focus, f.shape, str(f.value)) for f in report.about(theirs).findings)


def test_the_neighbourhood_gives_the_whole_reference_data_verdict() -> None:
    reference = _reference()
    letter = Graph().parse(ROOT / "data" / "letters" / "2023-hod-ehelse.ttl")
    # TB2023-15 (letter line 695) without its owner, and an involvement of a body the reference data lacks.
    broken = Graph()
    for triple in letter:
        broken.add(triple)
    broken.remove((URIRef("https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-15"), TB.involvement, None))
    for data in (letter, broken):
        theirs = set(data.subjects())
        part = neighbourhood(data, reference)
        assert 0 < len(part) < len(reference)
        whole, near = validate(data + reference), validate(data + part)
        assert whole.conforms == near.conforms
        assert _findings(whole, theirs) == _findings(near, theirs)
    assert not validate(broken + neighbourhood(broken, reference)).conforms


def test_the_neighbourhood_reaches_an_organisation_s_parent() -> None:
    """An involvement of Direktoratet for e-helse brings the directorate and the ministry it belongs to
    (org:subOrganizationOf <org/hod>, data/reference/organisations.ttl), not the bodies it does not name."""
    reference = _reference()
    data = Graph()
    data.add((URIRef("https://example.org/x"), URIRef("http://www.w3.org/ns/prov#agent"), URIRef(ORG + "ehelse")))
    part = neighbourhood(data, reference)
    subjects = {str(s) for s in part.subjects()}
    assert ORG + "ehelse" in subjects and ORG + "hod" in subjects
    assert ORG + "statnett" not in subjects
