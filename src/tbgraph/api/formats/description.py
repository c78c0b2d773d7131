"""The SPARQL 1.1 Service Description of the endpoint, with a VoID description of the dataset."""

from __future__ import annotations

import rdflib
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from tbgraph.api.state import ServerState
from tbgraph.model.namespaces import ID_BASE
from tbgraph.model.prefixes import bind_prefixes

__all__ = ["service_description"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENT = Namespace("http://www.w3.org/ns/entailment/")

_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
_RDF_FORMATS = ("Turtle", "N-Triples", "JSON-LD", "RDF_XML")


def service_description(state: ServerState, base: str) -> rdflib.Graph:
    """SD + VoID: the endpoint, its formats and limits, the graphs and their sizes, the classes."""
    graph: rdflib.Graph = bind_prefixes(rdflib.Graph())
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    endpoint = URIRef(base + "sparql")
    dataset = URIRef(base + "sparql#dataset")
    settings = state.settings
    graph.add((endpoint, RDF.type, SD.Service))
    graph.add((endpoint, SD.endpoint, endpoint))
    graph.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
    for name in _RESULT_FORMATS + _RDF_FORMATS:
        graph.add((endpoint, SD.resultFormat, FORMATS[name]))
    graph.add((endpoint, SD.feature, SD.UnionDefaultGraph))
    graph.add((endpoint, SD.defaultEntailmentRegime, ENT.Simple))
    graph.add((endpoint, SD.defaultDataset, dataset))
    graph.add((endpoint, RDFS.label, Literal("tbgraph SPARQL endpoint", lang="en")))
    graph.add(
        (
            endpoint,
            RDFS.comment,
            Literal(
                f"Read-only SPARQL 1.1 query endpoint. The default graph is the union of the named graphs. "
                f"Each query runs with a time limit of {settings.query_timeout:g} s and returns at most "
                f"{settings.max_rows} rows or triples (a cut answer carries the X-SPARQL-MaxRows header). "
                "SERVICE, LOAD, SPARQL Update and FROM/FROM NAMED naming graphs outside the dataset "
                "are refused.",
                lang="en",
            ),
        )
    )

    void = state.void
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add(
        (
            dataset,
            DCTERMS.title,
            Literal("tbgraph: Norwegian allocation letters as a knowledge graph", lang="en"),
        )
    )
    graph.add((dataset, DCTERMS.hasVersion, Literal(state.data_version)))
    graph.add((dataset, VOID.sparqlEndpoint, endpoint))
    graph.add((dataset, VOID.uriSpace, Literal(ID_BASE)))
    graph.add((dataset, VOID.triples, Literal(void.triples, datatype=XSD.integer)))
    graph.add((dataset, VOID.entities, Literal(void.entities, datatype=XSD.integer)))
    graph.add((dataset, VOID.properties, Literal(void.properties, datatype=XSD.integer)))
    graph.add((dataset, VOID.classes, Literal(len(void.classes), datatype=XSD.integer)))
    graph.add((dataset, VOID.distinctSubjects, Literal(void.entities, datatype=XSD.integer)))
    for class_iri, count in void.classes:
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(class_iri)))
        graph.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(void.triples, datatype=XSD.integer)))
    for name, triples in void.graphs.items():
        named = BNode()
        described = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, RDF.type, VOID.Dataset))
        graph.add((described, VOID.triples, Literal(triples, datatype=XSD.integer)))
        graph.add((described, VOID.dataDump, URIRef(base + name.removeprefix(ID_BASE.removesuffix("id/")))))
        graph.add((dataset, VOID.subset, described))
    return graph
