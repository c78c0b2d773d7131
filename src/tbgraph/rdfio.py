"""Read RDF people hand us — files, uploads — through one safe parser with useful errors.

Everything goes through Oxigraph's parsers: they report the line and column of a syntax error,
never load a remote JSON-LD ``@context`` and never resolve XML external entities, so reading an
upload cannot make the process reach the network or the file system. The triples are then handed
to rdflib for pySHACL.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, URIRef

__all__ = ["RdfSyntaxError", "MEDIA_TYPES", "media_type_for", "parse_graph"]

#: Media types accepted for RDF input, with the file suffixes that imply them.
MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "text/turtle": (".ttl",),
    "application/n-triples": (".nt",),
    "application/ld+json": (".jsonld", ".json"),
    "application/rdf+xml": (".rdf", ".owl", ".xml"),
    "application/n-quads": (".nq",),
    "application/trig": (".trig",),
}


class RdfSyntaxError(ValueError):
    """The input is not valid RDF in the stated syntax; the message names the line."""


def media_type_for(path: Path) -> str:
    suffix = path.suffix.lower()
    for media_type, suffixes in MEDIA_TYPES.items():
        if suffix in suffixes:
            return media_type
    raise RdfSyntaxError(f"{path}: cannot tell the RDF syntax from the suffix {suffix!r}")


def _term(term: object) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise RdfSyntaxError(f"unsupported RDF term {term!r} (RDF-star is not accepted)")


def parse_graph(
    source: bytes | str | Path,
    media_type: str | None = None,
    *,
    base_iri: str | None = None,
    name: str | None = None,
) -> rdflib.Graph:
    """Parse RDF into an rdflib graph (quads from dataset syntaxes are merged into one graph)."""
    label = name or (str(source) if isinstance(source, Path) else "input")
    if isinstance(source, Path):
        media_type = media_type or media_type_for(source)
        data: bytes | str = source.read_bytes()
    else:
        data = source
    if media_type is None:
        raise RdfSyntaxError(f"{label}: no RDF media type given")
    fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
    if fmt is None:
        raise RdfSyntaxError(f"{label}: unsupported RDF media type {media_type!r}; use one of {', '.join(MEDIA_TYPES)}")
    graph = rdflib.Graph()
    try:
        for quad in ox.parse(data, format=fmt, base_iri=base_iri):
            graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    except SyntaxError as error:
        raise RdfSyntaxError(f"{label}: {error}") from None
    except UnicodeDecodeError as error:
        raise RdfSyntaxError(f"{label}: not valid UTF-8 at byte {error.start}") from None
    return graph
