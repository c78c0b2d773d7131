"""What makes validation faster changes how fast it runs, never what it reports.

Three things are compared with plain pySHACL on rdflib, one process: the memoisations of
:mod:`tbgraph.validation.tuning`, the SPARQL queries answered by Oxigraph
(:mod:`tbgraph.validation.queries`), and the shapes shared out over two processes
(:mod:`tbgraph.validation.split`). The broken copy below breaks the shipped letter in ways that each
kind of constraint reports: SHACL-SPARQL ones (exactly one owner, budget sums, dependency cycles,
with blank-node focus nodes among the source locations) and core ones (pattern, language, min/max
count). The report must be the same every way.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from tbgraph.model.resources import data_dir
from tbgraph.validation import shacl as validation
from tbgraph.validation import tuning as pyshacl_tuning
from tbgraph.validation.shacl import Finding, ValidationReport, validate
from tbgraph.validation.split import shape_shares

TB = Namespace("https://w3id.org/tbgraph/ontology#")
TBROLE = Namespace("https://w3id.org/tbgraph/def/role/")
TBDEP = Namespace("https://w3id.org/tbgraph/def/dependency-kind/")
ID = Namespace("https://w3id.org/tbgraph/id/")


def assignment(number: int) -> Namespace:
    return ID[f"assignment/ehelse/TB2023-{number:02d}"]


@pytest.fixture(scope="module")
def broken() -> Graph:
    graph = Graph()
    for path in sorted((data_dir() / "reference").glob("*.ttl")) + sorted((data_dir() / "letters").glob("*.ttl")):
        graph.parse(path, format="turtle")
    # Section 4, TB2023-01 (source lines 420-433): one owner, Direktoratet for e-helse. A second
    # owner breaks "exactly one owner" (SHACL-SPARQL).
    second = next(
        i for i in graph.objects(assignment(1), TB.involvement) if (i, PROV.hadRole, TBROLE["providing-input"]) in graph
    )
    graph.set((second, PROV.hadRole, TBROLE.owner))
    # Table at lines 44-60: kap. 744 post 01 is 258 037 (1 000 NOK); changed, chapter 744 no longer sums.
    post = ID["letter/ehelse/2023/budget/kap-744/post-01"]
    graph.set((post, TB.statedAmount, Literal(259037)))
    graph.set((post, TB.amountNOK, Literal(259037000)))
    # A dependency cycle TB2023-05 -> TB2023-06 -> TB2023-05 (acyclic dependencies, SHACL-SPARQL).
    for source, target in ((5, 6), (6, 5)):
        dependency = ID[f"assignment/ehelse/TB2023-{source:02d}/dependency/test"]
        graph.add((assignment(source), TB.dependency, dependency))
        graph.add((dependency, RDF.type, TB.Dependency))
        graph.add((dependency, TB.target, assignment(target)))
        graph.add((dependency, TB.dependencyKind, TBDEP.assignment))
        location = BNode()
        graph.add((dependency, TB.source, location))
        for _, p, o in graph.triples((graph.value(assignment(source), TB.source), None, None)):
            graph.add((location, p, o))
    # Core constraints: an ID with the PDF's en dash (line 695), a title without Bokmål, no source.
    graph.set((assignment(15), DCTERMS.identifier, Literal("TB2023–15")))
    for title in list(graph.objects(assignment(5), DCTERMS.title)):
        if isinstance(title, Literal) and title.language == "nb":
            graph.remove((assignment(5), DCTERMS.title, title))
    graph.remove((assignment(13), TB.source, None))
    return graph


@pytest.fixture()
def untuned() -> Iterator[None]:
    pyshacl_tuning.untune_pyshacl()
    try:
        yield
    finally:
        pyshacl_tuning.tune_pyshacl()


@pytest.fixture(scope="module")
def plain(broken: Graph) -> list[Finding]:
    """The report of pySHACL as it comes: no tuning, rdflib's SPARQL engine, one process."""
    pyshacl_tuning.untune_pyshacl()
    saved = validation.USE_OXIGRAPH
    validation.USE_OXIGRAPH = False
    try:
        return validate(broken).findings
    finally:
        validation.USE_OXIGRAPH = saved
        pyshacl_tuning.tune_pyshacl()


def _report(graph: Graph) -> list[Finding]:
    return validate(graph).findings


def _result_count(report: ValidationReport) -> int:
    sh = Namespace("http://www.w3.org/ns/shacl#")
    return len(list(report.results_graph.objects(None, sh.result)))


def test_the_pinned_pyshacl_is_tuned() -> None:
    import pyshacl.shape

    assert pyshacl_tuning.tune_pyshacl() is True
    parameters, _ = pyshacl.shape.CONSTRAINT_PARAMS  # type: ignore[attr-defined]
    assert isinstance(parameters, frozenset)


def test_the_plain_report_has_what_the_breakages_aim_at(plain: list[Finding]) -> None:
    components = {f.constraint for f in plain if f.severity == "Violation"}
    # Every kind of constraint the breakages aim at did report, so the memoisations were exercised.
    assert {"SPARQLConstraintComponent", "PatternConstraintComponent", "MinCountConstraintComponent"} <= components
    focus = {f.focus for f in plain}
    assert {str(assignment(1)), str(assignment(13)), str(assignment(15))} <= focus
    # The cycle TB2023-05 <-> TB2023-06 is reported on both (shapes/dependencies.ttl).
    cycle = {f.focus for f in plain if "form a cycle" in f.message}
    assert {str(assignment(5)), str(assignment(6))} <= cycle


def test_the_report_is_the_same_with_the_tuning(broken: Graph, plain: list[Finding]) -> None:
    saved = validation.USE_OXIGRAPH
    validation.USE_OXIGRAPH = False
    try:
        assert _report(broken) == plain
    finally:
        validation.USE_OXIGRAPH = saved


def test_the_report_is_the_same_with_oxigraph_answering(broken: Graph, plain: list[Finding], untuned: None) -> None:
    assert validation.USE_OXIGRAPH
    assert _report(broken) == plain


def test_the_report_is_the_same_in_two_processes(broken: Graph, plain: list[Finding]) -> None:
    one = validate(broken)
    two = validate(broken, processes=2)
    assert two.findings == plain
    assert two.conforms is one.conforms is False
    # One sh:ValidationReport holding every result, as from one process.
    assert _result_count(two) == _result_count(one) == len(plain)
    assert "sh:conforms false" in two.to_turtle()


def test_shapes_are_shared_out_whole(broken: Graph) -> None:
    from tbgraph.validation.shacl import load_ontology, load_shapes

    shapes = load_shapes()
    shares = shape_shares(shapes, broken + load_ontology(), 2)
    together = [shape for share in shares for shape in share]
    assert len(together) == len(set(together))  # no shape twice
    assert all(shares)  # both processes get work
    # Every shape with a target is in one share (shapes/assignments.ttl declares AssignmentShape).
    assert URIRef("https://w3id.org/tbgraph/shapes#AssignmentShape") in together


def test_untuning_restores_pyshacl(untuned: None) -> None:
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    assert not hasattr(SPARQLQueryHelper.collect_prefixes, "__wrapped__")
    assert not hasattr(SPARQLQueryHelper.check_invalid_sparql, "__wrapped__")
