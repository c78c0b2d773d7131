"""Node positions for the static drawings and the GEXF/GraphML exports.

Each graph gets the layout that reads best for its shape, deterministically (fixed seeds, sorted
inputs), so the same data always gives the same picture:

* collaboration: a force-directed (Fruchterman–Reingold) layout, ties pulling by weight;
* bipartite: actors in one column, assignments in the other, each column ordered by the
  barycentre of its neighbours to cut down crossings;
* dependencies: one band per chain, columns by distance to the end of the chain (prerequisites
  left, what waits for them right), ordered within a column the same way.

Positions are scaled into the unit square ``[0, 1] × [0, 1]`` (the force-directed layout keeps
its aspect ratio, so it may not fill both sides).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import networkx as nx  # type: ignore[import-untyped,unused-ignore]

__all__ = ["layout", "Positions"]

Positions = dict[str, tuple[float, float]]


def layout(graph: nx.Graph) -> Positions:
    """Positions for every node of ``graph``, chosen by the graph's ``name``."""
    if graph.number_of_nodes() == 0:
        return {}
    name = graph.graph.get("name")
    if name == "bipartite":
        return _bipartite(graph)
    if graph.is_directed():
        return _layered(graph)
    return _force(graph)


def _normalise(positions: Mapping[str, Sequence[float]], *, keep_aspect: bool = False) -> Positions:
    """Scale into the unit square; with ``keep_aspect`` both axes by the same factor (the longer
    side spans 0–1), so a force-directed layout keeps its shape."""
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    if keep_aspect:
        span_x = span_y = max(span_x, span_y)
    return {
        node: (
            (float(p[0]) - min(xs)) / span_x if len(xs) > 1 else 0.5,
            (float(p[1]) - min(ys)) / span_y if len(ys) > 1 else 0.5,
        )
        for node, p in positions.items()
    }


def _force(graph: nx.Graph) -> Positions:
    """Each connected component laid out on its own, then packed in rows (largest first).

    A force-directed layout of a graph with several components pushes the small ones to the
    edges and squeezes the big one; laying them out apart and packing them keeps every part
    readable. Ties are not weighted in the layout (heavy ties would pull actors on top of each
    other); weight shows as edge width instead.
    """
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    boxes: list[tuple[float, Positions]] = []
    for nodes in components:
        side = math.sqrt(len(nodes))  # area in proportion to the number of nodes
        if len(nodes) == 1:
            local = {nodes[0]: (0.5, 0.5)}
        else:
            sub = graph.subgraph(nodes)
            raw = nx.spring_layout(sub, seed=7, iterations=800, k=1.6 / math.sqrt(len(nodes)))
            local = _normalise(raw)
        boxes.append((max(side, 1.0), local))
    width = max(boxes[0][0] * 1.35, 1.0)
    placed: Positions = {}
    x = y = row_height = 0.0
    gap = 0.6
    for side, local in boxes:
        if x > 0 and x + side > width:
            x, y = 0.0, y + row_height + gap
            row_height = 0.0
        for node, (u, v) in local.items():
            placed[node] = (x + u * side, -(y + (1 - v) * side))
        x += side + gap
        row_height = max(row_height, side)
    return _normalise(placed, keep_aspect=True)


def _barycentre_order(graph: nx.Graph, fixed: list[str], moving: list[str]) -> list[str]:
    rank = {node: index for index, node in enumerate(fixed)}

    def centre(node: str) -> float:
        neighbours = [rank[n] for n in nx.all_neighbors(graph, node) if n in rank]
        return sum(neighbours) / len(neighbours) if neighbours else float(len(fixed))

    return sorted(moving, key=lambda n: (centre(n), str(graph.nodes[n].get("label", n))))


def _bipartite(graph: nx.Graph) -> Positions:
    actors = sorted(
        (n for n, d in graph.nodes(data=True) if d.get("bipartite") == 0),
        key=lambda n: (-graph.degree(n), str(graph.nodes[n].get("label", n))),
    )
    assignments = sorted(n for n, d in graph.nodes(data=True) if d.get("bipartite") == 1)
    for _ in range(4):
        actors = _barycentre_order(graph, assignments, actors)
        assignments = _barycentre_order(graph, actors, assignments)
    positions: Positions = {}
    for column, nodes in ((0.0, actors), (1.0, assignments)):
        for index, node in enumerate(nodes):
            positions[node] = (column, 1.0 - (index + 0.5) / max(len(nodes), 1))
    return positions


def _layered(graph: nx.DiGraph) -> Positions:
    """One band per weakly connected component, stacked top to bottom; inside a band, columns by
    distance to the end of the chain (prerequisites left) and rows in barycentre order.

    The dependency graph of a letter is a forest of small chains, one per assignment that builds
    on something; a band each reads like a list of "what X waits for".
    """
    components = sorted(
        (sorted(c) for c in nx.weakly_connected_components(graph)),
        key=lambda c: (min(str(graph.nodes[n].get("assignment_id") or "~") for n in c), c),
    )
    columns = 1
    bands: list[list[list[str]]] = []
    for nodes in components:
        sub = graph.subgraph(nodes)
        if nx.is_directed_acyclic_graph(sub):
            # a node's column is set by how far it is from the end of its chain, so everything
            # that feeds an assignment directly sits right before it
            level: dict[str, int] = {}
            for node in reversed(list(nx.topological_sort(sub))):
                level[node] = max((level[s] + 1 for s in sub.successors(node)), default=0)
            depth = max(level.values())
            layers = [sorted(n for n in nodes if level[n] == depth - column) for column in range(depth + 1)]
        else:  # a cycle is a data error the report shows; still draw something readable
            layers = [sorted(nodes)]
        for _ in range(4):
            for index in range(1, len(layers)):
                layers[index] = _barycentre_order(sub, layers[index - 1], layers[index])
        bands.append(layers)
        columns = max(columns, len(layers))
    positions: Positions = {}
    row = 0.0
    for layers in bands:
        height = max(len(layer) for layer in layers)
        # the last layer (what waits) goes to the last column, so dependents line up on the right
        offset = columns - len(layers)
        for column, layer in enumerate(layers):
            x = (column + offset) / max(columns - 1, 1)
            for index, node in enumerate(layer):
                positions[node] = (x, -(row + index + (height - len(layer)) / 2))
        row += height + 0.7
    return _normalise(positions)
