"""Linked data: what the server answers for an IRI of the dataset, as RDF or as a page to read.

A resource's description is its concise bounded description (the triples about it, following
blank nodes such as its ``tb:source``) plus the labels, titles, notations and types of what it
links to, so a client needs no second request to show it. Pages show the same, with links that
stay on this server (``public_base_url``), the quoted source text with its section and lines, and
what refers to the resource.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from tbgraph.model.namespaces import TB
from tbgraph.model.prefixes import PREFIXES, bind_prefixes
from tbgraph.questions.named import term_to_json
from tbgraph.sparql import load_query
from tbgraph.store.base import GraphResult, SelectResult, Store

__all__ = [
    "CANONICAL",
    "describe",
    "inbound",
    "ResourcePage",
    "page_for",
    "local_link",
    "curie",
    "source_file",
]

CANONICAL = "https://w3id.org/tbgraph/"
_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, SKOS.notation)


def describe(store: Store, iri: str) -> rdflib.Graph:
    """The resource's CBD plus the labels of what it links to (empty if the dataset never names it)."""
    node = URIRef(iri)
    cbd = store.query(load_query("describe"), bindings={"resource": node})
    assert isinstance(cbd, GraphResult)
    graph: rdflib.Graph = bind_prefixes(rdflib.Graph())
    graph += cbd.graph
    if len(graph):
        labels = store.query(load_query("describe-labels"), bindings={"resource": node})
        assert isinstance(labels, GraphResult)
        graph += labels.graph
    return graph


def inbound(store: Store, iri: str) -> list[dict[str, Any]]:
    result = store.query(load_query("inbound"), bindings={"resource": URIRef(iri)})
    assert isinstance(result, SelectResult)
    return [{k: term_to_json(r.get(k)) for k in ("subject", "property", "label")} for r in result.rows]


def near_iris(store: Store, iri: str, limit: int = 5) -> list[str]:
    import difflib

    prefix = iri.rsplit("/", 1)[0] + "/"
    result = store.query(load_query("subjects-under"), bindings={"prefix": Literal(prefix)})
    assert isinstance(result, SelectResult)
    subjects = [str(r["subject"]) for r in result.rows]
    return difflib.get_close_matches(iri, subjects, n=limit, cutoff=0.6)


def local_link(iri: str, base: str) -> str:
    """The address on this server of a dataset IRI; other IRIs stay as they are."""
    return base + iri[len(CANONICAL) :] if iri.startswith(CANONICAL) else iri


def curie(iri: str) -> str:
    best = ("", "")
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best[1]):
            best = (prefix, namespace)
    if best[1]:
        return f"{best[0]}:{iri[len(best[1]) :]}"
    if iri.startswith(CANONICAL + "id/"):
        return iri[len(CANONICAL) + 3 :]
    return iri


def _label(graph: rdflib.Graph, node: rdflib.term.Node, lang: str = "nb") -> str | None:
    fallback = None
    for predicate in _LABELS:
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal):
                if value.language == lang:
                    return str(value)
                if fallback is None or (value.language in (None, "") and predicate != SKOS.notation):
                    fallback = str(value)
        if fallback is not None and predicate != SKOS.notation:
            return fallback
    return fallback


@dataclass
class Value:
    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None
    nested: list[Row] | None = None


@dataclass
class Row:
    predicate: str
    predicate_iri: str
    href: str
    values: list[Value] = field(default_factory=list)


@dataclass
class SourceQuote:
    section: str | None
    quote: str | None
    line_start: int | None
    line_end: int | None
    text_iri: str | None
    text_href: str | None
    text_label: str | None


@dataclass
class ResourcePage:
    iri: str
    label: str
    label_en: str | None
    types: list[Value]
    rows: list[Row]
    sources: list[SourceQuote]
    inbound: list[Row]


def _value(graph: rdflib.Graph, node: rdflib.term.Node, base: str, depth: int = 0) -> Value:
    if isinstance(node, URIRef):
        label = _label(graph, node)
        return Value(text=label or curie(str(node)), href=local_link(str(node), base), iri=str(node))
    if isinstance(node, BNode):
        nested = _rows(graph, node, base, depth + 1) if depth < 3 else []
        return Value(text="", nested=nested)
    assert isinstance(node, Literal)
    datatype = None if node.datatype is None or node.language else curie(str(node.datatype))
    return Value(text=str(node), lang=node.language, datatype=datatype)


def _rows(
    graph: rdflib.Graph,
    subject: rdflib.term.Node,
    base: str,
    depth: int = 0,
    skip: frozenset[rdflib.term.Node] = frozenset(),
) -> list[Row]:
    rows: dict[str, Row] = {}
    for predicate, obj in sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))):
        if predicate in skip:
            continue
        key = str(predicate)
        if key not in rows:
            label = _label(graph, predicate, "en")
            rows[key] = Row(predicate=label or curie(key), predicate_iri=key, href=local_link(key, base))
        rows[key].values.append(_value(graph, obj, base, depth))
    return list(rows.values())


def _sources(graph: rdflib.Graph, subject: URIRef, base: str) -> list[SourceQuote]:
    out = []
    for location in graph.objects(subject, TB.source):

        def one(predicate: URIRef, node: rdflib.term.Node = location) -> Any:
            value = graph.value(node, predicate)
            return None if value is None else value.toPython() if isinstance(value, Literal) else str(value)

        text = graph.value(location, TB.inSourceText)
        out.append(
            SourceQuote(
                section=one(TB.section),
                quote=one(TB.quote),
                line_start=one(TB.lineStart),
                line_end=one(TB.lineEnd),
                text_iri=None if text is None else str(text),
                text_href=None if text is None else local_link(str(text), base),
                text_label=None if text is None else _label(graph, text),
            )
        )
    return sorted(out, key=lambda s: s.line_start or 0)


def page_for(store: Store, iri: str, graph: rdflib.Graph, base: str) -> ResourcePage:
    subject = URIRef(iri)
    label = _label(graph, subject) or curie(iri)
    label_en = _label(graph, subject, "en")
    types = [_value(graph, t, base) for t in sorted(graph.objects(subject, RDF.type), key=str)]
    rows = _rows(graph, subject, base, skip=frozenset({RDF.type, TB.source}))
    incoming: dict[str, Row] = {}
    for record in inbound(store, iri):
        key = record["property"]
        if key not in incoming:
            incoming[key] = Row(predicate=curie(key), predicate_iri=key, href=local_link(key, base))
        subject_iri = record["subject"]
        incoming[key].values.append(
            Value(
                text=record["label"] or curie(subject_iri),
                href=local_link(subject_iri, base),
                iri=subject_iri,
            )
        )
    return ResourcePage(
        iri=iri,
        label=label,
        label_en=label_en if label_en != label else None,
        types=types,
        rows=rows,
        sources=_sources(graph, subject, base),
        inbound=list(incoming.values()),
    )


def source_file(graph: rdflib.Graph, iri: str, root: Path) -> Path | None:
    """The file a ``tb:SourceText`` names (``dcterms:identifier``), if it lies under ``root``/data."""
    subject = URIRef(iri)
    if (subject, RDF.type, TB.SourceText) not in graph:
        return None
    identifier = graph.value(subject, DCTERMS.identifier)
    if identifier is None:
        return None
    data = (root / "data").resolve()
    path = (root / str(identifier)).resolve()
    if not path.is_relative_to(data) or not path.is_file():
        return None
    return path
