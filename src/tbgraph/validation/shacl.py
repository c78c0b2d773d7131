"""Validate a tbgraph knowledge graph against the SHACL shapes under ``shapes/``.

``validate(graph)`` runs pySHACL over the data with the ontology mixed in and returns a
:class:`ValidationReport`: whether the data conforms (no result of severity Violation; Warnings are
recommendations and do not break conformance), the results as sorted :class:`Finding` objects, and
the raw SHACL report graph.

How it is run, and why:

* The ontology (``ontology/*.ttl``) is mixed *in full* into a copy of the data graph. pySHACL's own
  ``ont_graph`` option "inoculates" the data with the ontology's RDFS/OWL axioms only; that leaves
  out the SKOS closed lists (``tbrole:owner skos:inScheme tb:RoleScheme``, the units'
  ``tb:multiplier``) that the shapes check roles, deadline kinds, dependency kinds and units
  against. So the mixing is done here, and pySHACL gets the mixed graph.
* A few axioms of the W3C vocabularies the ontology builds on (``org:FormalOrganization
  rdfs:subClassOf org:Organization`` and the like) are added from :data:`EXTERNAL_AXIOMS`, because
  ``owl:imports`` is never followed and nothing is fetched from the network.
* No RDFS inference (``inference="none"``). SHACL's own class semantics already follow
  ``rdf:type/rdfs:subClassOf*`` in the data graph, so with the ontology mixed in a
  ``tb:Directorate`` counts as an ``org:Organization`` for ``sh:class`` and ``sh:targetClass``.
  Full RDFS entailment would also apply the ontology's ``rdfs:range`` axioms, which makes checks such
  as "``tb:issuedBy`` points to a ministry" or "``tb:mainGoal`` points to a ``tb:MainGoal``" pass by
  inference instead of by data, and it was measured to be several times slower (see
  ``tests/test_shapes.py::test_validation_is_fast_enough`` and the report of the shapes' author).
* Speed, measured in ``benchmarks/validation_speed.py`` (3-4x in all): pySHACL gets three
  memoisations (:mod:`tbgraph.validation.tuning`), its SPARQL queries are answered by Oxigraph
  (:mod:`tbgraph.validation.queries`), and ``processes=2`` shares the shapes out over two
  processes (:mod:`tbgraph.validation.split`). The report is the same every way.
* pySHACL drops the language tag of a SHACL-SPARQL message when it fills in ``{$this}`` and
  ``{?value}``. The tag is restored here by matching each result message against the shape's
  message templates, so ``Finding.message`` is English and ``Finding.message_nb`` Bokmål for every
  kind of constraint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.graph import ConjunctiveGraph
from rdflib.term import Node

from tbgraph.model.namespaces import SHAPES_NS
from tbgraph.model.resources import ontology_dir, shapes_dir
from tbgraph.validation.queries import OxigraphMirror
from tbgraph.validation.report import SEVERITY_RANK as _SEVERITY_RANK
from tbgraph.validation.report import Finding, ValidationReport
from tbgraph.validation.tuning import tune_pyshacl

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

__all__ = [
    "Finding",
    "ValidationReport",
    "EXTERNAL_AXIOMS",
    "load_shapes",
    "load_ontology",
    "validate",
    "validate_read",
]

SH = Namespace("http://www.w3.org/ns/shacl#")

#: The inference pySHACL runs before validating: none (see the module docstring for why).
INFERENCE = "none"

#: SPARQL queries of a validation go to Oxigraph (:mod:`tbgraph.validation.queries`); False sends
#: them all to rdflib's engine (the comparison in tests/test_validation_speedups.py).
USE_OXIGRAPH = True

#: Axioms of the W3C vocabularies that the ontology specialises and the shapes rely on. The
#: ontology does not import these vocabularies (and validation never follows ``owl:imports``), so
#: the subclass links that make every tbgraph actor an ``org:Organization`` are stated here.
EXTERNAL_AXIOMS = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

# W3C Organization Ontology (https://www.w3.org/TR/vocab-org/)
org:FormalOrganization rdfs:subClassOf org:Organization .
org:OrganizationalUnit rdfs:subClassOf org:Organization .
org:OrganizationalCollaboration rdfs:subClassOf org:Organization .
org:Organization rdfs:subClassOf foaf:Agent .

# W3C PROV-O (https://www.w3.org/TR/prov-o/)
prov:Organization rdfs:subClassOf prov:Agent .
prov:Association rdfs:subClassOf prov:Influence .

# ELI (https://op.europa.eu/en/web/eu-vocabularies/eli)
eli:LegalResourceSubdivision rdfs:subClassOf eli:LegalResource .
"""

_PLACEHOLDER = re.compile(r"\{[$?][^{}]+\}")


###########################################################################################
# Loading
###########################################################################################


def _parse_all(files: Iterable[Path]) -> Graph:
    from tbgraph.model.rdfio import parse_graph

    graph = Graph()
    for path in sorted(files):
        parse_graph(path, into=graph)  # Oxigraph's parser: half the time of rdflib's
    return graph


def load_shapes(folder: Path | None = None) -> Graph:
    """All shapes, ``shapes/*.ttl`` (or ``folder/*.ttl``), in one graph (a fresh graph on every call)."""
    graph = _parse_all((folder or shapes_dir()).glob("*.ttl"))
    graph.bind("tbsh", SHAPES_NS)
    return graph


def load_ontology(folder: Path | None = None) -> Graph:
    """The ontology, ``ontology/*.ttl`` (or ``folder/*.ttl``), in one graph (a fresh graph on every call)."""
    return _parse_all((folder or ontology_dir()).glob("*.ttl"))


@cache
def _external_axioms() -> Graph:
    return Graph().parse(data=EXTERNAL_AXIOMS, format="turtle")


@cache
def _default_shapes() -> Graph:
    return load_shapes()


@cache
def _default_ontology() -> Graph:
    return load_ontology()


###########################################################################################
# Validation
###########################################################################################


@lru_cache(maxsize=512)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...]) -> Query:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text, initNs=dict(namespaces))


class _PreparedQueryGraph(Graph):
    """A data graph whose SPARQL queries Oxigraph answers, or else rdflib with each text parsed once.

    pySHACL runs a SHACL-SPARQL constraint once per focus node, with the same text and a different
    ``$this`` binding. Oxigraph answers these (:mod:`tbgraph.validation.queries`). What it does
    not take goes to rdflib, which would parse the text every time (a parse costs many
    evaluations: docs/decisions/0007), so the parsed queries are cached across validations, keyed
    by the text and the graph's prefixes.
    """

    _namespace_key: tuple[tuple[str, str], ...] | None = None
    _mirror: OxigraphMirror | None = None

    def query(
        self,
        query_object: str | Query,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        initBindings: Mapping[str, Any] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and initNs is None and processor == "sparql" and not kwargs:
            if USE_OXIGRAPH:
                if self._mirror is None:
                    self._mirror = OxigraphMirror(self)
                answer = self._mirror.select(query_object, initBindings)
                if answer is not None:
                    return answer
            if self._namespace_key is None:
                self._namespace_key = tuple(sorted((p, str(n)) for p, n in self.namespaces()))
            query_object = _prepared(query_object, self._namespace_key)
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def _data_graph(data: Graph | Dataset, ontology: Graph) -> Graph:
    """A new graph: the union of the data's graphs, the ontology and the external axioms."""
    graph = _PreparedQueryGraph()
    if isinstance(data, ConjunctiveGraph):  # also rdflib.Dataset: take the union of all named graphs
        for s, p, o, _ in data.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        for triple in data:
            graph.add(triple)
    for source in (ontology, _external_axioms()):
        for triple in source:
            graph.add(triple)
    for prefix, namespace in data.namespaces():
        graph.bind(prefix, namespace, override=False)
    return graph


def validate(
    data: Graph | Dataset,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    processes: int = 1,
) -> ValidationReport:
    """Validate ``data`` (a graph, or a dataset whose named graphs are taken together).

    ``shapes`` defaults to :func:`load_shapes` and ``ontology`` to :func:`load_ontology`. The data
    is never modified. Nothing is fetched from the network and ``owl:imports`` is not followed.
    With ``processes`` > 1 the shapes are shared out over that many processes (see
    :mod:`tbgraph.validation.split`); the report is the same.
    """
    return validate_read(lambda: (data, shapes, ontology), processes=processes)


#: What :func:`validate_read` calls to get the data, and optionally the shapes and the ontology.
Read = Callable[[], "tuple[Graph | Dataset, Graph | None, Graph | None]"]


def validate_read(read: Read, *, processes: int = 1) -> ValidationReport:
    """:func:`validate` on what ``read()`` returns, with ``read`` called in every process.

    With several processes they are forked first and each reads for itself, so reading the files
    and importing pySHACL happen in parallel too: that is most of what is left of a first server
    start (1 letter: 0.45 s of 1.25 s before the fork was moved ahead of them).
    """

    def prepare() -> tuple[Graph, Graph]:
        data, shapes, ontology = read()
        shapes_graph = shapes if shapes is not None else _default_shapes()
        ontology_graph = ontology if ontology is not None else _default_ontology()
        return _data_graph(data, ontology_graph), shapes_graph

    if processes > 1:
        from tbgraph.validation.split import run_split

        return run_split(prepare, processes, run=_validate_prepared)
    return _validate_prepared(*prepare())


def _validate_prepared(data_graph: Graph, shapes_graph: Graph) -> ValidationReport:
    return _run(data_graph, shapes_graph, inference=INFERENCE)


def _run(data_graph: Graph, shapes_graph: Graph, *, inference: str) -> ValidationReport:
    import pyshacl  # here, not at the top: a forked process imports it in parallel (validate_read)

    tune_pyshacl()
    _conforms, results_graph, _text = pyshacl.validate(
        data_graph,
        shacl_graph=shapes_graph,
        ont_graph=None,
        inference=inference,
        advanced=False,
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
        abort_on_first=False,
        do_owl_imports=False,
    )
    _restore_message_languages(results_graph, shapes_graph)
    for prefix, namespace in (("sh", SH), ("tbsh", Namespace(SHAPES_NS))):
        results_graph.bind(prefix, namespace)
    findings = sorted(
        (_finding(results_graph, result) for result in _results(results_graph)),
        key=lambda f: (_SEVERITY_RANK.get(f.severity, 9), f.focus, f.path or "", f.message, f.shape),
    )
    conforms = not any(f.severity == "Violation" for f in findings)
    return ValidationReport(conforms=conforms, findings=findings, results_graph=results_graph)


###########################################################################################
# Reading the report
###########################################################################################


def _results(results_graph: Graph) -> list[Node]:
    results: list[Node] = []
    for report in results_graph.subjects(RDF.type, SH.ValidationReport):
        results.extend(results_graph.objects(report, SH.result))
    return results


def _local_name(node: Node | None) -> str:
    text = str(node) if node is not None else ""
    return re.split(r"[#/]", text)[-1]


def _node_text(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _path_text(graph: Graph, path: Node) -> str:
    """A SHACL path as text: an IRI as it is, a complex path in SPARQL property-path syntax."""
    if isinstance(path, URIRef):
        return str(path)

    def wrap(node: Node) -> str:
        text = _path_text(graph, node)
        return f"<{text}>" if isinstance(node, URIRef) else f"({text})"

    if (path, RDF.first, None) in graph:
        return "/".join(wrap(item) for item in Collection(graph, path))
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(wrap(inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(wrap(item) for item in Collection(graph, alternatives))
    return _node_text(path)


def _finding(graph: Graph, result: Node) -> Finding:
    messages = list(graph.objects(result, SH.resultMessage))
    english = sorted(str(m) for m in messages if isinstance(m, Literal) and m.language == "en")
    bokmal = sorted(str(m) for m in messages if isinstance(m, Literal) and m.language == "nb")
    untagged = sorted(str(m) for m in messages if not (isinstance(m, Literal) and m.language))
    message = (english or untagged or sorted(str(m) for m in messages) or [""])[0]
    path = graph.value(result, SH.resultPath)
    value = graph.value(result, SH.value)
    return Finding(
        severity=_local_name(graph.value(result, SH.resultSeverity)),
        focus=_node_text(graph.value(result, SH.focusNode)),
        path=None if path is None else _path_text(graph, path),
        value=None if value is None else (_node_text(value) if isinstance(value, BNode) else str(value)),
        message=message,
        message_nb=bokmal[0] if bokmal else None,
        shape=_node_text(graph.value(result, SH.sourceShape)),
        constraint=_local_name(graph.value(result, SH.sourceConstraintComponent)),
    )


def _templates(shapes_graph: Graph, shape: Node | None, constraint: Node | None) -> list[Literal]:
    templates: list[Literal] = []
    for node in (shape, constraint):
        if node is not None:
            templates.extend(m for m in shapes_graph.objects(node, SH.message) if isinstance(m, Literal))
    return [t for t in templates if t.language]


@cache
def _template_regex(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    return re.compile("(.*?)".join(re.escape(part) for part in parts), re.DOTALL)


def _restore_message_languages(results_graph: Graph, shapes_graph: Graph) -> None:
    """Give back the language tag pySHACL drops when it fills in a SHACL-SPARQL message."""
    for result in _results(results_graph):
        untagged = [
            m
            for m in results_graph.objects(result, SH.resultMessage)
            if isinstance(m, Literal) and not m.language and m.datatype is None
        ]
        if not untagged:
            continue
        templates = _templates(
            shapes_graph,
            results_graph.value(result, SH.sourceShape),
            results_graph.value(result, SH.sourceConstraint),
        )
        for message in untagged:
            for template in templates:
                if _template_regex(str(template)).fullmatch(str(message)):
                    results_graph.remove((result, SH.resultMessage, message))
                    results_graph.add((result, SH.resultMessage, Literal(str(message), lang=template.language)))
                    break
