"""RDF terms between rdflib and pyoxigraph: the one conversion the stores, the validation mirror and
the RDF reader share."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.term import BNode, URIRef
from rdflib.term import Literal as RLiteral
from rdflib.term import Node as Term

__all__ = ["to_oxigraph", "from_oxigraph"]


def to_oxigraph(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib → pyoxigraph; a blank node keeps its label, so it matches the same node in a store."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot bind a {type(term).__name__} in a query")


def from_oxigraph(term: object) -> Term:
    """pyoxigraph → rdflib, an xsd:string literal as rdflib writes it (a plain literal)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return RLiteral(term.value)
        return RLiteral(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term from Oxigraph: {term!r}")
