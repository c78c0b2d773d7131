"""The JSON the graph explorer and the timeline read: pydantic models, so they are in the OpenAPI
document and a client can be generated from it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

__all__ = [
    "FiltersOut",
    "GraphNode",
    "GraphEdge",
    "LegendEntry",
    "GraphSummaryOut",
    "GraphOut",
    "ChainStepOut",
    "DeadlineChainOut",
    "DependencyGraphOut",
    "FilterOption",
    "FilterOptionsOut",
    "DeadlineOut",
    "PartRoles",
    "AgencyAssignment",
    "AgencyOut",
    "TimelineItem",
    "TimelineOut",
]


class FiltersOut(BaseModel):
    """The filters the graph was built with (``null``: not filtered)."""

    goal: str | None = Field(None, description='Main goal notation, e.g. "1".')
    role: str | None = Field(None, description='Role key, e.g. "collaborating".')
    solution: str | None = Field(None, description="Solution key or name.")
    include_owner: bool = Field(True, description="Whether the owner / the letter's recipient is shown.")


class GraphNode(BaseModel):
    id: str = Field(description="The node's IRI relative to the dataset base, e.g. org/nhn.")
    label: str
    type: str = Field(description="actor, assignment, or for dependencies the node kind.")
    kind: str = Field(description="Actor class (Directorate, StateEnterprise …) or dependency node kind.")
    kind_label: str | None = None
    colour: str = Field(description="Fill colour, the same as in the static pictures.")
    href: str | None = Field(None, description="Path of the resource's page, e.g. /id/org/nhn.")
    key: str | None = Field(None, description="The actor's key, for /api/graph/agencies/{key}.")
    assignment_id: str | None = Field(None, description="The assignment's letter ID, e.g. TB2023-01.")
    assignments: list[str] = Field(default_factory=list, description="Assignment IDs an actor takes part in.")
    goal: str | None = None
    date: str | None = Field(None, description="Date of a document or decision (ISO), where known.")
    due: str | None = Field(None, description="The assignment's final deadline (ISO), where dated.")
    deadlines: list[str] = Field(default_factory=list)
    by: str | None = Field(None, description="Who delivers an external deliverable.")
    degree: int
    weighted_degree: float
    betweenness: float
    community: int
    component: int
    size: float = Field(description="Centrality on a 0–1 scale (half betweenness, half weighted degree).")
    x: float = Field(description="Layout position, 0–1, left to right.")
    y: float = Field(description="Layout position, 0–1, top to bottom.")


class GraphEdge(BaseModel):
    id: str
    source: str
    target: str
    weight: float = Field(description="Shared assignments (collaboration); 1 otherwise.")
    assignments: list[str] = Field(default_factory=list, description="IDs of the shared assignments.")
    roles: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict, description="Assignment ID → actor key → that actor's roles in it."
    )
    role: str | None = Field(None, description="The actor's most responsible role (bipartite).")
    all_roles: list[str] = Field(default_factory=list, description="All the actor's roles there (bipartite).")
    parts: list[str] = Field(default_factory=list, description="Parts the actor takes part through (bipartite).")
    kind: str | None = Field(None, description="Dependency kind: assignment, deliverable, document, decision.")
    date: str | None = Field(None, description="When the prerequisite is dated or due (dependencies).")
    via: list[str] = Field(default_factory=list, description="Parts whose dependency it is.")


class LegendEntry(BaseModel):
    kind: str
    label: str
    colour: str
    count: int


class GraphSummaryOut(BaseModel):
    nodes: int
    edges: int
    density: float
    components: int
    communities: int
    largest_component: int


class GraphOut(BaseModel):
    """A graph ready to draw: nodes with metrics and positions, edges, legend, summary."""

    view: str
    directed: bool
    filters: FiltersOut
    summary: GraphSummaryOut
    legend: list[LegendEntry]
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    build_ms: float = Field(description="Time the server took to build and measure the graph.")


class ChainStepOut(BaseModel):
    node: str
    label: str
    kind: str
    date: str | None
    depth: int
    late: bool = Field(description="The prerequisite is dated after the deadline it leads to.")


class DeadlineChainOut(BaseModel):
    node: str
    id: str | None
    what: str
    date: str
    kind: str
    steps: list[ChainStepOut]


class DependencyGraphOut(GraphOut):
    acyclic: bool
    cycles: list[list[str]]
    topological_order: list[str]
    chains: list[DeadlineChainOut]


class FilterOption(BaseModel):
    key: str
    label: str
    label_en: str | None
    assignments: int


class FilterOptionsOut(BaseModel):
    goals: list[FilterOption]
    roles: list[FilterOption]
    solutions: list[FilterOption]
    actors: list[FilterOption] = Field(description="Every actor taking part in an assignment, for the search box.")


class DeadlineOut(BaseModel):
    date: dt.date | None
    kind: str
    what: str
    part: str | None = None


class PartRoles(BaseModel):
    part: str
    roles: list[str]


class AgencyAssignment(BaseModel):
    id: str
    title: str
    href: str | None
    roles: list[str] = Field(description="The actor's roles in the assignment itself.")
    parts: list[PartRoles] = Field(default_factory=list, description="Parts it takes part in, with its roles.")
    via: str | None = Field(None, description="The group the actor takes part through, if not directly.")
    deadlines: list[DeadlineOut]


class AgencyOut(BaseModel):
    key: str
    label: str
    kind: str | None
    kind_label: str | None
    colour: str
    href: str | None
    assignments: list[AgencyAssignment]


class TimelineItem(BaseModel):
    date: dt.date | None
    kind: str = Field(description="final, preliminary, continuous or to-be-agreed.")
    category: str = Field(description="assignment, part, annual-cycle, steering-meeting, reporting-duty, …")
    what: str
    id: str | None = None
    title: str | None = None
    href: str | None = None
    goal: str | None = None
    part: str | None = None
    line: int | None = Field(None, description="Line of the letter's text where the deadline is given.")
    source: str | None = Field(None, description="Path of the letter's text the line is in, e.g. /id/source/….")
    responsible: str | None = Field(None, description="Who answers for it: a part's leader, else the owner.")
    responsible_key: str | None = None


class TimelineOut(BaseModel):
    year: int | None = Field(description="The year most dated items fall in.")
    items: list[TimelineItem]
