"""Metrics of the graphs: who is central, which actors cluster, what must come first.

Standard networkx algorithms only, so that a number here can be checked in Gephi or by anyone
with networkx:

* degree and weighted degree (the number of shared assignments summed over an actor's ties);
* betweenness centrality, with the distance of a tie taken as ``1 / weight`` so that actors who
  share many assignments count as close (normalised, so values compare across filters);
* communities by greedy modularity maximisation (Clauset–Newman–Moore), which is deterministic,
  unlike Louvain, so the same data always gives the same colouring;
* connected components (weakly connected for the directed dependency graph);
* for dependencies: a cycle check, a topological order (lexicographic among equals, again for
  determinism) and, for every dated deadline, the chain of prerequisites leading to it with their
  dates, flagging a prerequisite dated after the deadline it feeds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx  # type: ignore[import-untyped,unused-ignore]

from tbgraph.graphs.build import Deadline

__all__ = [
    "NodeMetrics",
    "GraphSummary",
    "ChainStep",
    "DeadlineChain",
    "DependencyReport",
    "annotate",
    "node_metrics",
    "summary",
    "dependency_report",
]


@dataclass(frozen=True)
class NodeMetrics:
    node: str
    label: str
    kind: str
    degree: int
    weighted_degree: float
    betweenness: float
    community: int
    component: int


@dataclass(frozen=True)
class GraphSummary:
    name: str
    nodes: int
    edges: int
    density: float
    components: int
    communities: int
    largest_component: int


def _undirected(graph: nx.Graph) -> nx.Graph:
    return graph.to_undirected(as_view=True) if graph.is_directed() else graph


def _communities(graph: nx.Graph) -> list[set[str]]:
    plain = _undirected(graph)
    if plain.number_of_edges() == 0:
        return [{node} for node in sorted(plain)]
    found = nx.community.greedy_modularity_communities(plain, weight="weight")
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def _components(graph: nx.Graph) -> list[set[str]]:
    found = nx.weakly_connected_components(graph) if graph.is_directed() else nx.connected_components(graph)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def _betweenness(graph: nx.Graph) -> dict[str, float]:
    if graph.number_of_nodes() < 3:
        return {node: 0.0 for node in graph}
    distance = graph.copy()
    for _u, _v, data in distance.edges(data=True):
        data["distance"] = 1.0 / float(data.get("weight", 1) or 1)
    found: dict[str, float] = nx.betweenness_centrality(distance, weight="distance", normalized=True)
    return found


def node_metrics(graph: nx.Graph) -> list[NodeMetrics]:
    """Degree, weighted degree, betweenness, community and component of each node.

    Sorted by betweenness, then weighted degree, most central first.
    """
    betweenness = _betweenness(graph)
    community = {node: index for index, nodes in enumerate(_communities(graph)) for node in nodes}
    component = {node: index for index, nodes in enumerate(_components(graph)) for node in nodes}
    plain = _undirected(graph)
    rows = [
        NodeMetrics(
            node=node,
            label=str(data.get("label", node)),
            kind=str(data.get("kind", "")),
            degree=int(plain.degree(node)),
            weighted_degree=float(plain.degree(node, weight="weight")),
            betweenness=round(betweenness.get(node, 0.0), 4),
            community=community[node],
            component=component[node],
        )
        for node, data in graph.nodes(data=True)
    ]
    return sorted(rows, key=lambda m: (-m.betweenness, -m.weighted_degree, m.label))


def summary(graph: nx.Graph) -> GraphSummary:
    components = _components(graph)
    return GraphSummary(
        name=str(graph.graph.get("name", "")),
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        density=round(nx.density(graph), 4) if graph.number_of_nodes() > 1 else 0.0,
        components=len(components),
        communities=len(_communities(graph)),
        largest_component=len(components[0]) if components else 0,
    )


def annotate(graph: nx.Graph) -> nx.Graph:
    """Write the metrics onto the nodes (``degree``, ``weighted_degree``, ``betweenness``,
    ``community``, ``component``) and ``size``, the node's centrality on a 0–1 scale for pictures:
    half betweenness, half weighted degree, each relative to the graph's most central node. (With
    the owner included, betweenness alone is all hub and nearly zero for everyone else; the
    weighted degree keeps the other actors' differences visible.) Returns the same graph."""
    rows = node_metrics(graph)
    top_b = max((m.betweenness for m in rows), default=0.0) or 1.0
    top_w = max((m.weighted_degree for m in rows), default=0.0) or 1.0
    for m in rows:
        data = graph.nodes[m.node]
        data.update(
            degree=m.degree,
            weighted_degree=m.weighted_degree,
            betweenness=m.betweenness,
            community=m.community,
            component=m.component,
        )
        data["size"] = round(0.5 * m.betweenness / top_b + 0.5 * m.weighted_degree / top_w, 4)
    return graph


# --------------------------------------------------------------------------------------------
# Dependencies
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainStep:
    """A prerequisite on the way to a deadline; ``depth`` 1 is a direct prerequisite."""

    node: str
    label: str
    kind: str
    date: str | None
    depth: int
    late: bool


@dataclass(frozen=True)
class DeadlineChain:
    """A dated deadline and everything that must be in place before it."""

    node: str
    id: str | None
    what: str
    date: str
    kind: str
    steps: list[ChainStep] = field(default_factory=list)

    @property
    def late_steps(self) -> list[ChainStep]:
        return [s for s in self.steps if s.late]


@dataclass
class DependencyReport:
    acyclic: bool
    cycles: list[list[str]]
    topological_order: list[str]
    chains: list[DeadlineChain]
    summary: GraphSummary

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def dependency_report(graph: nx.DiGraph, deadline_list: Iterable[Deadline] = ()) -> DependencyReport:
    """Cycle check, topological order and the dated chain leading to each deadline.

    ``deadline_list`` are the deadlines (:func:`tbgraph.graphs.build.deadlines`); those of nodes
    with prerequisites get a chain. A step is ``late`` when its own date is after the deadline
    it leads to — the letter asks for something before what it builds on is due.
    """
    acyclic = nx.is_directed_acyclic_graph(graph)
    cycles = [] if acyclic else [list(c) for c in nx.simple_cycles(graph, length_bound=12)][:20]
    order = list(nx.lexicographical_topological_sort(graph)) if acyclic else []
    position = {node: index for index, node in enumerate(order)}
    chains: list[DeadlineChain] = []
    for deadline in deadline_list:
        node = deadline.assignment
        if not deadline.date or node is None or node not in graph or graph.in_degree(node) == 0:
            continue
        due = deadline.date.isoformat()
        # A part's deadline waits only for what that part (or the whole assignment) builds on.
        direct = [
            p
            for p in graph.predecessors(node)
            if not deadline.part or not graph.edges[p, node].get("via") or deadline.part in graph.edges[p, node]["via"]
        ]
        reverse = graph.reverse(copy=False)
        depth: dict[str, int] = {}
        for start in direct:
            for other, hops in nx.single_source_shortest_path_length(reverse, start).items():
                depth[other] = min(depth.get(other, hops + 1), hops + 1)
        if not depth:
            continue
        steps = [
            ChainStep(
                node=other,
                label=str(graph.nodes[other].get("label", other)),
                kind=str(graph.nodes[other].get("kind", "")),
                date=_step_date(graph, other),
                depth=hops,
                late=bool(_step_date(graph, other) and str(_step_date(graph, other)) > due),
            )
            for other, hops in depth.items()
            if other != node
        ]
        steps.sort(key=lambda s: (position.get(s.node, 0), s.date or "9999", s.label))
        chains.append(
            DeadlineChain(node=node, id=deadline.id, what=deadline.what, date=due, kind=deadline.kind, steps=steps)
        )
    return DependencyReport(
        acyclic=acyclic, cycles=cycles, topological_order=order, chains=chains, summary=summary(graph)
    )


def _step_date(graph: nx.DiGraph, node: str) -> str | None:
    data = graph.nodes[node]
    value = data.get("date") or data.get("due")
    return str(value) if value else None
