"""Collaboration and dependency graphs computed from the knowledge graph, with networkx.

* :mod:`.build` — SPARQL (``sparql/internal/graph-*.rq``) → networkx, under :class:`Filters`;
* :mod:`.metrics` — degree, betweenness, communities, components; cycles, topological order and
  the chains of dated prerequisites leading to each deadline;
* :mod:`.export` — GraphML, GEXF, node-link JSON, Cytoscape.js JSON, DOT, PNG and SVG;
* :mod:`.layout`, :mod:`.draw`, :mod:`.style` — the static pictures and the shared palette.

Example:
    >>> from tbgraph.dataset.opening import open_dataset
    >>> from tbgraph.graphs import Filters, collaboration_graph
    >>> graph = collaboration_graph(open_dataset().store, Filters(include_owner=False))
    >>> "org/ehelse" in graph
    False
"""

from tbgraph.graphs.build import (
    GRAPH_KINDS,
    Deadline,
    FilterOption,
    Filters,
    bipartite_graph,
    build_graph,
    collaboration_graph,
    deadlines,
    dependency_graph,
    filter_options,
    node_id,
    page_path,
)
from tbgraph.graphs.export import FORMATS, export, export_bytes
from tbgraph.graphs.metrics import annotate, dependency_report, node_metrics, summary

__all__ = [
    "GRAPH_KINDS",
    "FORMATS",
    "Deadline",
    "FilterOption",
    "Filters",
    "annotate",
    "bipartite_graph",
    "build_graph",
    "collaboration_graph",
    "deadlines",
    "dependency_graph",
    "dependency_report",
    "export",
    "export_bytes",
    "filter_options",
    "node_id",
    "node_metrics",
    "page_path",
    "summary",
]
