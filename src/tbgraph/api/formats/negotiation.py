"""Content negotiation: pick the representation a client prefers among those offered.

Follows RFC 9110 §12.5.1, through ``python-mimeparse``: each offer gets the quality of the most
specific media range in ``Accept`` that matches it (``text/turtle`` over ``text/*`` over ``*/*``);
the offer with the highest quality wins, ties going to the server's order (its preferred format
first). No ``Accept`` header, or ``*/*`` alone, means the default (the first offer). A quality of
0 refuses.

SPARQL clients also name formats with a ``format``/``output``/``results`` parameter
(SPARQLWrapper sends ``format=json``); :func:`format_override` maps those names to media types.
"""

from __future__ import annotations

from functools import lru_cache

import mimeparse  # type: ignore[import-untyped]

__all__ = [
    "RESULTS_MEDIA_TYPES",
    "GRAPH_MEDIA_TYPES",
    "choose",
    "format_override",
    "canonical",
]

#: SELECT/ASK result formats, the default first; aliases map to the canonical media type.
RESULTS_MEDIA_TYPES: dict[str, str] = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}

#: CONSTRUCT/DESCRIBE and linked-data formats, the default first.
GRAPH_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "text/turtle",
    "application/ld+json": "application/ld+json",
    "application/n-triples": "application/n-triples",
    "application/rdf+xml": "application/rdf+xml",
    "application/x-turtle": "text/turtle",
    "application/json": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/plain": "application/n-triples",
}

_RESULT_NAMES = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_GRAPH_NAMES = {
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "json": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
}


@lru_cache(maxsize=1024)
def choose(accept: str | None, offers: tuple[str, ...]) -> str | None:
    """The offer the client prefers, or None when it accepts none of them.

    Chosen by ``python-mimeparse`` (quality of the most specific matching range, RFC 9110
    §12.5.1), ties going to the server's order; a header it cannot read counts as none.

    >>> offers = ("application/sparql-results+json", "text/csv", "application/sparql-results+xml")
    >>> choose("text/csv;q=0.5, application/sparql-results+xml", offers)
    'application/sparql-results+xml'
    >>> choose(None, ("text/turtle", "application/ld+json"))
    'text/turtle'
    """
    if not accept or not accept.strip() or len(accept) > 4096:
        return offers[0]
    try:
        # best_match breaks ties by the later offer: give it ours last-first.
        best = mimeparse.best_match(list(reversed(offers)), accept.lower())  # media types ignore case
    except (mimeparse.MimeTypeParseException, ValueError):
        return offers[0]
    return best or None


def format_override(value: str | None, graph: bool) -> str | None:
    """The media type a ``format=`` parameter names, or None if it names none we know."""
    if not value:
        return None
    value = value.strip().lower()
    table = GRAPH_MEDIA_TYPES if graph else RESULTS_MEDIA_TYPES
    if value in table:
        return table[value]
    return (_GRAPH_NAMES if graph else _RESULT_NAMES).get(value)


def canonical(media_type: str, graph: bool) -> str:
    return (GRAPH_MEDIA_TYPES if graph else RESULTS_MEDIA_TYPES)[media_type]
