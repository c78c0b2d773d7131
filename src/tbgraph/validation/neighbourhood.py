"""The part of the shipped reference data a graph points into: what validating a user's letter needs.

A letter is checked together with the reference data it points into (an involvement's agent must be
an organisation, a legal reference a legal source, an organisation's parent a ministry). The rest of
the reference data is no part of the letter's verdict and is validated on its own (``tbgraph
validate`` without files); leaving it out keeps a letter's validation from growing with the
reference data, which holds every body of the central state.
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef

__all__ = ["neighbourhood"]


def neighbourhood(graph: Graph, reference: Graph, *, depth: int = 4) -> Graph:
    """Every triple of ``reference`` about a node ``graph`` names, and about the nodes those name in
    turn, ``depth`` steps out (an organisation, its parent ministry, their sources)."""
    out = Graph()
    for prefix, namespace in reference.namespaces():
        out.bind(prefix, namespace, override=False)
    frontier: set[URIRef | BNode] = {
        node for triple in graph for node in (triple[0], triple[2]) if isinstance(node, URIRef | BNode)
    }
    seen: set[URIRef | BNode] = set()
    for _ in range(depth):
        following: set[URIRef | BNode] = set()
        for node in frontier - seen:
            seen.add(node)
            for predicate, value in reference.predicate_objects(node):
                out.add((node, predicate, value))
                if isinstance(value, URIRef | BNode):
                    following.add(value)
        frontier = following
        if not frontier:
            break
    return out
