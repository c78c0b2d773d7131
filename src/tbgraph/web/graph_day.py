"""The explorer's graphs as of a day: what ``graphs.build_graph`` draws from every assignment the data
states, cut to the assignments in force on the day (``?as_of``; without it, after every loaded
supplement), with the deadlines in force then.

The graphs are built from the whole dataset (a withdrawn assignment and the old day of a moved
deadline are still statements in it); the day is applied here, from the same REST answers the list
pages use, so that the graph, the lists and the timeline agree on every day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import networkx as nx  # type: ignore[import-untyped,unused-ignore]

from tbgraph.graphs.build import Deadline

__all__ = ["in_force"]


def in_force(graph: nx.Graph, view: str, ids: set[str], due: Iterable[Deadline]) -> nx.Graph:
    """``graph`` (a view of ``graphs.build_graph``) with only the assignments ``ids`` and, in the
    dependency graph, the assignments' due dates from ``due`` (the deadlines in force). Changed in place
    and returned; an actor or prerequisite left with nothing is taken out."""
    if view == "collaboration":
        return _collaboration(graph, ids)
    if view == "bipartite":
        return _bipartite(graph, ids)
    return _dependencies(graph, ids, due)


def _collaboration(graph: nx.Graph, ids: set[str]) -> nx.Graph:
    for first, second, edge in list(graph.edges(data=True)):
        kept = [a for a in edge.get("assignments", []) if a in ids]
        if not kept:
            graph.remove_edge(first, second)
            continue
        edge["assignments"] = kept
        edge["weight"] = len(kept)
        edge["roles"] = {a: roles for a, roles in edge.get("roles", {}).items() if a in ids}
    for node, data in list(graph.nodes(data=True)):
        had = data.get("assignments") or []
        kept = [a for a in had if a in ids]
        if had and not kept:
            graph.remove_node(node)
        else:
            data["assignments"] = kept
    return graph


def _bipartite(graph: nx.Graph, ids: set[str]) -> nx.Graph:
    gone = [n for n, d in graph.nodes(data=True) if d.get("type") == "assignment" and d.get("assignment_id") not in ids]
    graph.remove_nodes_from(gone)
    graph.remove_nodes_from([n for n, d in graph.nodes(data=True) if d.get("type") == "actor" and graph.degree(n) == 0])
    return graph


def _dependencies(graph: nx.Graph, ids: set[str], due: Iterable[Deadline]) -> nx.Graph:
    gone = [
        n
        for n, d in graph.nodes(data=True)
        if d.get("kind") == "assignment" and d.get("assignment_id") and d.get("assignment_id") not in ids
    ]
    if gone:
        graph.remove_nodes_from(gone)
        graph.remove_nodes_from(list(nx.isolates(graph)))  # a prerequisite of only what was withdrawn
    dated: dict[str, list[Deadline]] = {}
    for deadline in due:
        if deadline.assignment and deadline.date:
            dated.setdefault(deadline.assignment, []).append(deadline)
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "assignment":
            continue
        mine = dated.get(node, [])
        data["deadlines"] = sorted(d.date.isoformat() for d in mine if d.date)
        data["due"] = _latest_final(mine)
    for source, _target, edge in graph.edges(data=True):
        edge["date"] = graph.nodes[source].get("date") or graph.nodes[source].get("due")
    return graph


def _latest_final(items: list[Deadline]) -> str | None:
    """The day an assignment is finally due, as ``graphs.build`` names it: its latest final deadline, else
    its latest dated one."""
    final = [d.date for d in items if d.date and d.kind == "final"]
    dated: list[dt.date] = [d.date for d in items if d.date]
    chosen = max(final) if final else (max(dated) if dated else None)
    return chosen.isoformat() if chosen else None
