"""The prefixes people expect to see in serialised RDF and in the query editor."""

from __future__ import annotations

from typing import TypeVar

from rdflib import Graph

from tbgraph.model.namespaces import TB, TBDEP, TBDK, TBROLE, TBUNIT

__all__ = ["PREFIXES", "bind_prefixes", "sparql_prologue"]

G = TypeVar("G", bound=Graph)

PREFIXES: dict[str, str] = {
    "tb": str(TB._NS),
    "tbrole": str(TBROLE._NS),
    "tbdk": str(TBDK._NS),
    "tbdep": str(TBDEP._NS),
    "tbunit": str(TBUNIT._NS),
    "tbsh": "https://w3id.org/tbgraph/shapes#",
    "adms": "http://www.w3.org/ns/adms#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def bind_prefixes(graph: G) -> G:
    """Bind the usual prefixes (replacing rdflib's ns1, ns2 …) and return the graph."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))
