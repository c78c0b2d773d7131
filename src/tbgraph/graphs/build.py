"""Build networkx graphs from the knowledge graph, one focused SPARQL query each.

The graphs are computed, never drawn by hand: each builder runs one ``graph-*.rq`` query from
``tbgraph/sparql/internal`` whose rows are the edge list, and turns them into networkx.

Why SELECT rows and not ``rdflib_to_networkx`` over a CONSTRUCT: who works with whom lives on
*qualified* nodes (``tb:involvement [prov:agent ORG; prov:hadRole ROLE]``, ``tb:dependency
[tb:target X; tb:dependencyKind K]``). Converted triple by triple, each involvement and
dependency would become a node of its own; the query instead projects exactly the edges with the
role, kind and date as attributes, so networkx only ever sees the focused subgraph.

Filters are bound through the engine (``Store.query(bindings=…)``), never pasted into the query
text. Nodes are named by their IRI relative to the dataset base (``org/nhn``,
``assignment/ehelse/TB2023-01``), so a node id is unique across letters, readable in GraphML and
DOT, and is also the path of the resource's page (``/id/org/nhn``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx  # type: ignore[import-untyped,unused-ignore]
from rdflib.namespace import XSD
from rdflib.term import Literal, Node, URIRef

from tbgraph.model.namespaces import ID_BASE
from tbgraph.questions.resolve import Candidate, UnknownValueError, near_matches, resolve
from tbgraph.sparql import load_query
from tbgraph.store.base import SelectResult, Store

__all__ = [
    "Filters",
    "GRAPH_KINDS",
    "ROLE_ORDER",
    "FilterOption",
    "Deadline",
    "build_graph",
    "collaboration_graph",
    "bipartite_graph",
    "dependency_graph",
    "deadlines",
    "filter_options",
    "node_id",
    "page_path",
]

#: The graphs ``tbgraph graph`` and ``/api/graph/…`` know, by name.
GRAPH_KINDS = ("collaboration", "bipartite", "dependencies")

#: Roles from most to least responsible: where an actor has several roles in one assignment, the
#: first listed here is the one an edge is labelled with.
ROLE_ORDER = (
    "owner",
    "lead",
    "coordinating",
    "collaborating",
    "assisting",
    "providing-input",
    "consulted",
    "receiving-delivery",
)


def node_id(iri: Node) -> str:
    """The id of a resource in the graphs: its IRI relative to the dataset base, or the full IRI."""
    text = str(iri)
    return text[len(ID_BASE) :] if text.startswith(ID_BASE) else text


def page_path(iri: Node) -> str | None:
    """The path of the resource's page in the web application (``/id/org/nhn``), if it has one."""
    text = str(iri)
    return "/id/" + text[len(ID_BASE) :] if text.startswith(ID_BASE) else None


@dataclass(frozen=True)
class Filters:
    """What part of the letters a graph shows; every field ``None`` (or default) means all.

    Attributes:
        goal: main goal notation (``"1"``): only assignments under that main goal.
        role: a role key or name (``collaborating``): only involvements in that role. In the
            dependency graph: only chains from assignments where some actor has that role.
        solution: a solution key or name (``kjernejournal``): only assignments that concern it,
            directly or through a part.
        include_owner: ``False`` leaves out the assignments' owner and the letter's recipient,
            which take part in everything and otherwise turn every picture into a star.
    """

    goal: str | None = None
    role: str | None = None
    solution: str | None = None
    include_owner: bool = True

    def bindings(self, store: Store) -> dict[str, Node]:
        """The query bindings for these filters, resolving names to IRIs.

        Raises:
            UnknownValueError: a goal, role or solution names nothing in the data; the message
                lists the closest candidates.
        """
        bound: dict[str, Node] = {}
        if self.goal:
            bound["goal_key"] = Literal(_resolve_goal(store, self.goal))
        if self.role:
            bound["role_iri"] = resolve(store, "role", self.role).iri
        if self.solution:
            bound["solution_iri"] = resolve(store, "solution", self.solution).iri
        if not self.include_owner:
            bound["include_owner"] = Literal(False)
        return bound

    def as_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "role": self.role,
            "solution": self.solution,
            "include_owner": self.include_owner,
        }


@dataclass(frozen=True)
class FilterOption:
    """A value a filter accepts: a main goal, a role in use or a solution assignments concern."""

    facet: str
    key: str
    label: str
    label_en: str | None
    assignments: int
    iri: str


@dataclass(frozen=True)
class Deadline:
    """One deadline of an assignment (its own or a part's) or of an obligation without ID."""

    category: str
    what: str
    kind: str
    date: dt.date | None
    assignment: str | None = None
    id: str | None = None
    title: str | None = None
    goal: str | None = None
    part: str | None = None
    line: int | None = None
    item: str = ""


def _select(store: Store, name: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, Node]]:
    result = store.query(load_query(name), bindings=bindings or None)
    assert isinstance(result, SelectResult), f"{name}.rq must be a SELECT query"
    return result.rows


def _text(row: Mapping[str, Node], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def filter_options(store: Store) -> list[FilterOption]:
    """Every main goal, role in use and solution concerned, with how many assignments each selects."""
    return [
        FilterOption(
            facet=str(row["facet"]),
            key=str(row["key"]),
            label=str(row["label"]),
            label_en=_text(row, "label_en"),
            assignments=int(row["assignments"]),  # type: ignore[call-overload]
            iri=str(row["iri"]),
        )
        for row in _select(store, "graph-filter-options")
    ]


def _resolve_goal(store: Store, value: str) -> str:
    goals = [o for o in filter_options(store) if o.facet == "goal"]
    wanted = value.strip().casefold()
    for goal in goals:
        if wanted in (
            goal.key.casefold(),
            goal.label.casefold(),
            (goal.label_en or "").casefold(),
            goal.iri.casefold(),
        ):
            return goal.key
    options = [Candidate(URIRef(g.iri), g.key, g.label, frozenset({g.label, g.label_en or g.label})) for g in goals]
    raise UnknownValueError("main goal", value, near_matches(options, value) or options)


#: Where an item has several obligation classes, the category it is shown under (first wins).
CATEGORY_ORDER = ("assignment", "part", "steering-meeting", "reporting-duty", "annual-cycle")


def deadlines(store: Store) -> list[Deadline]:
    """Every deadline in the data, dated ones first in date order, for timelines and chains."""
    rank = {category: index for index, category in enumerate(CATEGORY_ORDER)}
    rows = _select(store, "graph-deadlines")
    chosen: dict[str, dict[str, Node]] = {}
    for row in rows:
        key = str(row["deadline"])
        if key not in chosen or rank.get(str(row["category"]), 99) < rank.get(str(chosen[key]["category"]), 99):
            chosen[key] = row
    out = []
    for row in rows:
        if chosen.get(str(row["deadline"])) is not row:
            continue
        date = row.get("date")
        out.append(
            Deadline(
                category=str(row["category"]),
                what=str(row.get("what", "")),
                kind=str(row["kind"]),
                date=date.toPython() if isinstance(date, Literal) and date.datatype == XSD.date else None,
                assignment=node_id(row["assignment"]) if row.get("assignment") is not None else None,
                id=_text(row, "id"),
                title=_text(row, "title"),
                goal=_text(row, "goal"),
                part=_text(row, "part"),
                line=int(row["line"]) if row.get("line") is not None else None,  # type: ignore[call-overload]
                item=node_id(row["item"]),
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Actors and assignments
# --------------------------------------------------------------------------------------------


@dataclass
class _Involvement:
    """One row of graph-involvements.rq, typed."""

    assignment: str
    id: str
    title: str
    goal: str | None
    goal_title: str | None
    agent: str
    agent_key: str
    agent_label: str
    kind: str
    kind_label: str
    role: str
    part: str | None
    part_label: str | None
    iri: str = field(repr=False, default="")
    assignment_iri: str = field(repr=False, default="")


def _involvements(store: Store, filters: Filters) -> list[_Involvement]:
    rows = _select(store, "graph-involvements", filters.bindings(store))
    return [
        _Involvement(
            assignment=node_id(row["assignment"]),
            id=str(row["id"]),
            title=str(row["title"]),
            goal=_text(row, "goal"),
            goal_title=_text(row, "goal_title"),
            agent=node_id(row["agent"]),
            agent_key=str(row["agent_key"]),
            agent_label=str(row["agent_label"]),
            kind=str(row["kind"]),
            kind_label=str(row["kind_label"]),
            role=str(row["role"]),
            part=node_id(row["part"]) if row.get("part") is not None else None,
            part_label=_text(row, "part_label"),
            iri=str(row["agent"]),
            assignment_iri=str(row["assignment"]),
        )
        for row in rows
    ]


def _sorted_roles(roles: Iterable[str]) -> list[str]:
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    return sorted(set(roles), key=lambda r: (rank.get(r, len(rank)), r))


def _actor_attributes(row: _Involvement) -> dict[str, Any]:
    return {
        "type": "actor",
        "label": row.agent_label,
        "key": row.agent_key,
        "kind": row.kind,
        "kind_label": row.kind_label,
        "iri": row.iri,
        "href": page_path(URIRef(row.iri)),
    }


def collaboration_graph(store: Store, filters: Filters = Filters()) -> nx.Graph:
    """Actors as nodes; an edge where two actors share an assignment.

    Edge attributes: ``weight`` (number of shared assignments), ``assignments`` (their IDs,
    sorted) and ``roles`` (assignment ID → actor key → that actor's roles in it, parts included).
    Node attributes: ``label``, ``key``, ``kind`` (the actor's class, e.g. ``StateEnterprise``),
    ``kind_label``, ``iri``, ``href`` and ``assignments`` (the IDs the actor takes part in).
    An actor alone in all its assignments is kept as an isolated node.

    >>> from tbgraph.dataset.opening import open_dataset
    >>> graph = collaboration_graph(open_dataset().store)
    >>> graph.has_edge("org/ehelse", "org/nhn")
    True
    """
    rows = _involvements(store, filters)
    graph = nx.Graph(name="collaboration", filters=filters.as_dict())
    by_assignment: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    ids: dict[str, str] = {}
    actor_assignments: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.agent not in graph:
            graph.add_node(row.agent, **_actor_attributes(row))
        by_assignment[row.assignment][row.agent].add(row.role)
        ids[row.assignment] = row.id
        actor_assignments[row.agent].add(row.id)
    for actor, assigned in actor_assignments.items():
        graph.nodes[actor]["assignments"] = sorted(assigned)
    for assignment, actors in sorted(by_assignment.items(), key=lambda item: ids[item[0]]):
        members = sorted(actors)
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                if not graph.has_edge(first, second):
                    graph.add_edge(first, second, weight=0, assignments=[], roles={})
                edge = graph.edges[first, second]
                edge["weight"] += 1
                edge["assignments"].append(ids[assignment])
                edge["roles"][ids[assignment]] = {
                    graph.nodes[actor]["key"]: _sorted_roles(actors[actor]) for actor in (first, second)
                }
    return graph


def bipartite_graph(store: Store, filters: Filters = Filters()) -> nx.Graph:
    """Actors and assignments as the two sides (``bipartite`` 0 and 1); an edge per involvement.

    Edge attributes: ``role`` (the most responsible role, see :data:`ROLE_ORDER`), ``roles`` (all
    of them) and ``parts`` (labels of the sub-deliverables the actor takes part through, if any).
    Assignment nodes carry ``assignment_id`` (TB2023-01), ``label`` (ID and title), ``title``,
    ``goal`` and ``href``. (No attribute is called ``id``: node-link and Cytoscape JSON use that
    name for the node itself.)
    """
    rows = _involvements(store, filters)
    graph = nx.Graph(name="bipartite", filters=filters.as_dict())
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    parts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        if row.agent not in graph:
            graph.add_node(row.agent, bipartite=0, **_actor_attributes(row))
        if row.assignment not in graph:
            graph.add_node(
                row.assignment,
                bipartite=1,
                type="assignment",
                assignment_id=row.id,
                label=f"{row.id} {row.title}",
                title=row.title,
                goal=row.goal,
                goal_title=row.goal_title,
                kind="Assignment",
                kind_label="assignment",
                iri=row.assignment_iri,
                href=page_path(URIRef(row.assignment_iri)),
            )
        roles[row.agent, row.assignment].add(row.role)
        if row.part_label:
            parts[row.agent, row.assignment].add(row.part_label)
    for (actor, assignment), played in sorted(roles.items()):
        ordered = _sorted_roles(played)
        graph.add_edge(
            actor,
            assignment,
            role=ordered[0],
            roles=ordered,
            parts=sorted(parts.get((actor, assignment), ())),
            weight=1,
        )
    return graph


# --------------------------------------------------------------------------------------------
# Dependencies
# --------------------------------------------------------------------------------------------


def dependency_graph(store: Store, filters: Filters = Filters()) -> nx.DiGraph:
    """What hangs on what: an edge from each prerequisite to what waits for it.

    Nodes are assignments (their parts folded in), external deliverables, documents, decisions
    and legal sources, with ``kind``, ``label``, ``assignment_id``, ``goal``, ``date``
    (documents and decisions, where the letter gives one), ``by`` (who delivers an external
    deliverable), ``deadlines`` (ISO dates of the assignment's dated deadlines) and ``due`` (the
    latest of them). Edge attributes: ``kind`` (assignment, deliverable, document, decision),
    ``date`` (when the prerequisite is dated or due, ISO, or ``None``), ``via`` (the parts whose
    dependency it is) and ``line`` (where the letter says so).

    Edges point prerequisite → dependent so that a topological order is an order of work.
    ``include_owner`` does not apply: dependencies have no owner.
    """
    bindings = {k: v for k, v in filters.bindings(store).items() if k != "include_owner"}
    rows = _select(store, "graph-dependencies")
    if bindings:
        # Two small queries instead of one: the filtered roots, then the chains from every root.
        # Oxigraph plans the combined query badly once parameters are bound (docs/decisions/0013).
        roots = {str(row["assignment"]) for row in _select(store, "graph-assignments", bindings)}
        rows = [row for row in rows if str(row["root"]) in roots]
    graph = nx.DiGraph(name="dependencies", filters=filters.as_dict())
    if not rows:
        return graph
    info: dict[str, dict[str, Any]] = {}
    for row in _select(store, "graph-dependency-nodes"):
        node = node_id(row["node"])
        if node in info:
            continue
        info[node] = {
            "type": str(row["node_kind"]),
            "kind": str(row["node_kind"]),
            "label": str(row["label"]),
            "assignment_id": _text(row, "id"),
            "goal": _text(row, "goal"),
            "date": _iso(row.get("date")),
            "by": _text(row, "by"),
            "by_key": _text(row, "by_key"),
            "iri": str(row["node"]),
            "href": page_path(row["node"]),
        }
    dated: dict[str, list[Deadline]] = defaultdict(list)
    for deadline in deadlines(store):
        if deadline.assignment and deadline.date:
            dated[deadline.assignment].append(deadline)
    for row in rows:
        source, target = node_id(row["from"]), node_id(row["to"])
        for node in (source, target):
            if node not in graph:
                attributes = dict(info.get(node) or _unknown_node(node))
                if attributes["kind"] == "assignment" and attributes.get("assignment_id"):
                    attributes["label"] = f"{attributes['assignment_id']} {attributes['label']}"
                due = sorted(d.date.isoformat() for d in dated.get(node, []) if d.date)
                attributes["deadlines"] = due
                attributes["due"] = _latest_final(dated.get(node, []))
                graph.add_node(node, **attributes)
        if graph.has_edge(source, target):
            edge = graph.edges[source, target]
        else:
            graph.add_edge(source, target, kind=str(row["kind"]), via=[], line=None, weight=1)
            edge = graph.edges[source, target]
        if row.get("via") is not None and str(row["via"]) not in edge["via"]:
            edge["via"].append(str(row["via"]))
        if row.get("line") is not None and edge["line"] is None:
            edge["line"] = int(row["line"])  # type: ignore[call-overload]
    for source, _target, edge in graph.edges(data=True):
        edge["date"] = graph.nodes[source].get("date") or graph.nodes[source].get("due")
    return graph


def _iso(term: Node | None) -> str | None:
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(term)
    return None


def _latest_final(items: list[Deadline]) -> str | None:
    """The date an assignment is finally due: its latest final deadline, else its latest dated one."""
    final = [d.date for d in items if d.date and d.kind == "final"]
    any_dated = [d.date for d in items if d.date]
    chosen = max(final) if final else (max(any_dated) if any_dated else None)
    return chosen.isoformat() if chosen else None


def _unknown_node(node: str) -> dict[str, Any]:
    return {
        "type": "other",
        "kind": "other",
        "label": node,
        "assignment_id": None,
        "goal": None,
        "date": None,
        "by": None,
        "by_key": None,
        "iri": node if "://" in node else ID_BASE + node,
        "href": None,
    }


#: Builders by graph name.
BUILDERS: dict[str, Callable[[Store, Filters], nx.Graph]] = {
    "collaboration": collaboration_graph,
    "bipartite": bipartite_graph,
    "dependencies": dependency_graph,
}


def build_graph(store: Store, kind: str, filters: Filters = Filters()) -> nx.Graph:
    """The graph named ``kind`` (one of :data:`GRAPH_KINDS`) under ``filters``."""
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise ValueError(f"unknown graph {kind!r}; choose one of {', '.join(GRAPH_KINDS)}") from None
    return builder(store, filters)
