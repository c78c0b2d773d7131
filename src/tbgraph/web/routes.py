"""The graph explorer (``/explore``), the timeline (``/timeline``) and the JSON behind them.

One :class:`~fastapi.APIRouter` named ``router``, which the API application includes
(:func:`tbgraph.api.app.create_app`) and which a test can mount in a small app of its own. It
reads the store from ``request.app.state.tbgraph.store`` and nothing else, so it does not depend
on how the application was built; answers are cached in ``app.state.tbgraph.memo`` when the
application has one (the data does not change while serving).

It also includes the site's reading pages (:mod:`tbgraph.web.pages`: the front page, search, lists).
Every page is a template of the one site (:mod:`tbgraph.web.templating`); the explorer's and the
timeline's scripts are in ``web/static`` (served at ``/static/tbgraph/``) and Cytoscape.js comes from
``web/node_modules`` (installed by ``npm ci --prefix web``), all served by this application: they
work with no internet. Vendor files are served through an explicit allow-list of paths, never a
path taken from the request.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import networkx as nx  # type: ignore[import-untyped,unused-ignore]
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response

from tbgraph.api.routers.questions import AsOf
from tbgraph.api.routers.static import vendor_response
from tbgraph.graphs import Filters, annotate, build_graph, dependency_report, summary
from tbgraph.graphs.build import page_path
from tbgraph.graphs.layout import layout
from tbgraph.graphs.style import KIND_NAMES, colour, kind_name
from tbgraph.model.resources import resource_root
from tbgraph.questions.named import run_named
from tbgraph.questions.resolve import UnknownValueError
from tbgraph.sparql import load_query
from tbgraph.store.base import SelectResult, Store
from tbgraph.web.days import BadDay, requested_day
from tbgraph.web.graph_day import in_force
from tbgraph.web.i18n import language, translations
from tbgraph.web.models import (
    AgencyAssignment,
    AgencyOut,
    ChainStepOut,
    DeadlineChainOut,
    DeadlineOut,
    DependencyGraphOut,
    FilterOption,
    FilterOptionsOut,
    FiltersOut,
    GraphEdge,
    GraphNode,
    GraphOut,
    GraphSummaryOut,
    LegendEntry,
    PartRoles,
    TimelineItem,
    TimelineOut,
)
from tbgraph.web.pages import router as pages_router
from tbgraph.web.site import site
from tbgraph.web.templating import site_templates, vocabulary

__all__ = ["router", "VENDOR_FILES", "STATIC_FILES"]

T = TypeVar("T")

router = APIRouter()
router.include_router(pages_router)


#: The browser libraries the pages load, by the path they are served under → (file under
#: web/node_modules, media type). The same paths as the API's own vendor route, so whichever
#: router answers, the page gets the same file.
VENDOR_FILES: dict[str, tuple[str, str]] = {
    "/static/vendor/cytoscape/dist/cytoscape.min.js": ("cytoscape/dist/cytoscape.min.js", "text/javascript"),
}

#: The pages' own scripts under web/static, served with the site's other assets at /static/tbgraph/.
STATIC_FILES: dict[str, str] = {
    "explore.js": "text/javascript",
    "timeline.js": "text/javascript",
    "tbgraph.css": "text/css",
}

# --------------------------------------------------------------------------------------------
# Plumbing
# --------------------------------------------------------------------------------------------


def _store(request: Request) -> Store:
    store: Store = request.app.state.tbgraph.store
    return store


def _cached(request: Request, key: Hashable, compute: Callable[[], T]) -> T:
    memo = getattr(request.app.state.tbgraph, "memo", None)
    if memo is None:
        return compute()
    return memo.get(("tbgraph.web", key), compute)  # type: ignore[no-any-return]


GoalQuery = Annotated[str | None, Query(description="Only assignments under this main goal (its number, e.g. 1).")]
RoleQuery = Annotated[str | None, Query(description="Only involvements in this role (owner, lead, collaborating …).")]
SolutionQuery = Annotated[str | None, Query(description="Only assignments concerning this solution (key or name).")]
OwnerQuery = Annotated[
    Literal["include", "exclude"],
    Query(
        description="Show (include) or leave out (exclude) the owner / the letter's recipient, "
        "which takes part in every assignment."
    ),
]


def _filters(goal: str | None, role: str | None, solution: str | None, owner: str) -> Filters:
    return Filters(goal=goal or None, role=role or None, solution=solution or None, include_owner=owner != "exclude")


#: The query parameter each kind of unknown value came from.
_PARAMETER = {"main goal": "goal"}


def _bad_value(error: UnknownValueError) -> RequestValidationError:
    """A 422 in FastAPI's own (documented) shape, naming the parameter, the near matches in ``ctx``."""
    parameter = _PARAMETER.get(error.kind, error.kind)
    near = [{"key": c.key, "label": c.name} for c in error.near]
    return RequestValidationError(
        [
            {
                "loc": ("query", parameter),
                "msg": str(error),
                "type": "value_error",
                "input": error.value,
                "ctx": {"near": near},
            }
        ]
    )


# --------------------------------------------------------------------------------------------
# Graphs
# --------------------------------------------------------------------------------------------


def _graph_out(graph: nx.Graph, view: str, filters: Filters, started: float) -> dict[str, Any]:
    annotate(graph)
    positions = layout(graph)
    nodes = []
    for node, data in graph.nodes(data=True):
        x, y = positions.get(node, (0.5, 0.5))
        nodes.append(
            GraphNode(
                id=node,
                label=str(data.get("label", node)),
                type=str(data.get("type", "")),
                kind=str(data.get("kind", "")),
                kind_label=data.get("kind_label") or kind_name(data.get("kind")),
                colour=colour(data.get("kind")),
                href=data.get("href"),
                key=data.get("key"),
                assignment_id=data.get("assignment_id"),
                assignments=list(data.get("assignments", [])),
                goal=data.get("goal"),
                date=data.get("date"),
                due=data.get("due"),
                deadlines=list(data.get("deadlines", [])),
                by=data.get("by"),
                degree=int(data["degree"]),
                weighted_degree=float(data["weighted_degree"]),
                betweenness=float(data["betweenness"]),
                community=int(data["community"]),
                component=int(data["component"]),
                size=float(data["size"]),
                x=round(x, 4),
                y=round(1 - y, 4),
            )
        )
    edges = []
    for index, (u, v, data) in enumerate(graph.edges(data=True)):
        edges.append(
            GraphEdge(
                id=f"e{index}",
                source=u,
                target=v,
                weight=float(data.get("weight", 1)),
                assignments=list(data.get("assignments", [])),
                roles=data["roles"] if isinstance(data.get("roles"), dict) else {},
                role=data.get("role"),
                all_roles=data["roles"] if isinstance(data.get("roles"), list) else [],
                parts=list(data.get("parts", [])),
                kind=data.get("kind"),
                date=data.get("date"),
                via=list(data.get("via", [])),
            )
        )
    kinds = Counter(str(d.get("kind", "")) for _, d in graph.nodes(data=True))
    legend = [
        LegendEntry(kind=k, label=kind_name(k), colour=colour(k), count=n)
        for k, n in sorted(kinds.items(), key=lambda item: kind_name(item[0]))
    ]
    facts = summary(graph)
    return {
        "view": view,
        "directed": graph.is_directed(),
        "filters": FiltersOut(**filters.as_dict()),
        "summary": GraphSummaryOut(**{k: v for k, v in asdict(facts).items() if k != "name"}),
        "legend": legend,
        "nodes": nodes,
        "edges": edges,
        "build_ms": round((time.perf_counter() - started) * 1000, 1),
    }


def _build(request: Request, view: str, filters: Filters, as_of: dt.date | None) -> nx.Graph:
    """The graph ``view`` under ``filters``, with the assignments in force on ``as_of`` (None: after every
    loaded supplement) and, for the dependencies, the due dates in force then (:mod:`tbgraph.web.graph_day`)."""
    try:
        graph = build_graph(_store(request), view, filters)
    except UnknownValueError as error:
        raise _bad_value(error) from None
    data = site(request)
    ids = {a.id for a in data.answers.assignments(as_of=as_of)}
    return in_force(graph, view, ids, data.graph_deadlines(as_of))


@router.get(
    "/api/graph/collaboration",
    response_model=GraphOut,
    tags=["graphs"],
    summary="Who works with whom",
    description="Actors as nodes; an edge where two actors share an assignment, weighted by how many, "
    "with the assignment IDs and each actor's roles in them. Node positions, centrality and "
    "community come with it.",
)
def collaboration(
    request: Request,
    goal: GoalQuery = None,
    role: RoleQuery = None,
    solution: SolutionQuery = None,
    owner: OwnerQuery = "include",
    as_of: AsOf = None,
) -> GraphOut:
    filters = _filters(goal, role, solution, owner)

    def compute() -> GraphOut:
        started = time.perf_counter()
        return GraphOut(
            **_graph_out(_build(request, "collaboration", filters, as_of), "collaboration", filters, started)
        )

    return _cached(request, ("collaboration", filters, as_of), compute)


@router.get(
    "/api/graph/bipartite",
    response_model=GraphOut,
    tags=["graphs"],
    summary="Actors and the assignments they take part in",
    description="Actors and assignments as the two sides; an edge per involvement, carrying the role.",
)
def bipartite(
    request: Request,
    goal: GoalQuery = None,
    role: RoleQuery = None,
    solution: SolutionQuery = None,
    owner: OwnerQuery = "include",
    as_of: AsOf = None,
) -> GraphOut:
    filters = _filters(goal, role, solution, owner)

    def compute() -> GraphOut:
        started = time.perf_counter()
        return GraphOut(**_graph_out(_build(request, "bipartite", filters, as_of), "bipartite", filters, started))

    return _cached(request, ("bipartite", filters, as_of), compute)


@router.get(
    "/api/graph/dependencies",
    response_model=DependencyGraphOut,
    tags=["graphs"],
    summary="What hangs on what",
    description="Assignments, other actors' deliverables and documents; an edge from each prerequisite to "
    "what waits for it, with kind and date. Also the cycle check, a topological order and the "
    "chain of prerequisites leading to each dated deadline. The owner filter does not apply.",
)
def dependencies(
    request: Request,
    goal: GoalQuery = None,
    role: RoleQuery = None,
    solution: SolutionQuery = None,
    owner: OwnerQuery = "include",
    as_of: AsOf = None,
) -> DependencyGraphOut:
    filters = _filters(goal, role, solution, owner)

    def compute() -> DependencyGraphOut:
        started = time.perf_counter()
        graph = _build(request, "dependencies", filters, as_of)
        report = dependency_report(graph, site(request).graph_deadlines(as_of))
        body = _graph_out(graph, "dependencies", filters, started)
        return DependencyGraphOut(
            **body,
            acyclic=report.acyclic,
            cycles=report.cycles,
            topological_order=report.topological_order,
            chains=[
                DeadlineChainOut(
                    node=c.node,
                    id=c.id,
                    what=c.what,
                    date=c.date,
                    kind=c.kind,
                    steps=[ChainStepOut(**asdict(s)) for s in c.steps],
                )
                for c in report.chains
            ],
        )

    return _cached(request, ("dependencies", filters, as_of), compute)


def _select(store: Store, name: str) -> list[dict[str, Any]]:
    result = store.query(load_query(name))
    assert isinstance(result, SelectResult)
    return result.rows


@router.get(
    "/api/graph/filters",
    response_model=FilterOptionsOut,
    tags=["graphs"],
    summary="What the graphs can be filtered by",
    description="The main goals, the roles in use and the solutions assignments concern, each with the "
    "number of assignments in force on the day (as_of) it selects; and the actors, for search.",
)
def filter_options(request: Request, as_of: AsOf = None) -> FilterOptionsOut:
    def compute() -> FilterOptionsOut:
        from tbgraph.graphs import filter_options as options

        data = site(request)
        found = options(_store(request))
        in_force = {a.id for a in data.answers.assignments(as_of=as_of)}
        selects: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in data.select("graph-filter-assignments"):
            selects[str(row["facet"]), str(row["key"])].add(str(row["id"]))
        grouped: dict[str, list[FilterOption]] = defaultdict(list)
        for option in found:
            counted = len(selects[option.facet, option.key] & in_force)
            if not counted:  # selects nothing on the day shown (e.g. only a withdrawn assignment's)
                continue
            grouped[option.facet].append(
                FilterOption(
                    key=option.key,
                    label=option.label,
                    label_en=option.label_en,
                    assignments=counted,
                )
            )
        actors = [
            FilterOption(
                key=str(r["key"]),
                label=str(r["label"]),
                label_en=str(r["label_en"]) if r.get("label_en") is not None else None,
                assignments=int(r["assignments"]),
            )
            for r in _select(_store(request), "graph-actors")
            if int(r["assignments"]) > 0
        ]
        return FilterOptionsOut(
            goals=grouped["goal"], roles=grouped["role"], solutions=grouped["solution"], actors=actors
        )

    return _cached(request, ("filters", as_of), compute)


@router.get(
    "/api/graph/agencies/{key}",
    response_model=AgencyOut,
    tags=["graphs"],
    summary="An actor's assignments, roles and deadlines",
    description="Every assignment the actor takes part in, directly, through a part, or through a group it "
    "belongs to, with its roles, the deadlines and a link to the assignment's page.",
    responses={404: {"description": "No actor has this key or name; the answer lists the nearest."}},
)
def agency(
    request: Request,
    key: Annotated[str, PathParam(description="The actor's key (nhn) or name.")],
    as_of: AsOf = None,
) -> AgencyOut:
    def compute() -> AgencyOut:
        store = _store(request)
        try:
            table = run_named(store, "assignments-involving", {"agency": key}, as_of=as_of)
        except UnknownValueError as error:
            near = [{"key": c.key, "label": c.name} for c in error.near]
            raise HTTPException(status_code=404, detail={"message": str(error), "near": near}) from None
        actors = {str(r["key"]): r for r in _select(store, "graph-actors")}
        due: dict[str, list[DeadlineOut]] = defaultdict(list)
        for deadline in site(request).graph_deadlines(as_of):
            if deadline.id:
                due[deadline.id].append(
                    DeadlineOut(date=deadline.date, kind=deadline.kind, what=deadline.what, part=deadline.part)
                )
        by_id: dict[str, dict[str, Any]] = {}
        agent_key = key
        for row in table.rows:
            agent_key = str(row["agency_key"])
            ident = str(row["id"])
            entry = by_id.setdefault(
                ident,
                {
                    "id": ident,
                    "title": str(row["title"]),
                    "href": page_path(row["assignment"]),  # type: ignore[arg-type]
                    "roles": [],
                    "parts": defaultdict(list),
                    "via": None,
                    "deadlines": due.get(ident, []),
                },
            )
            role = str(row["role"])
            if row.get("via") is not None:
                entry["via"] = str(row["via"])
            if row.get("part") is not None:
                if role not in entry["parts"][str(row["part"])]:
                    entry["parts"][str(row["part"])].append(role)
            elif role not in entry["roles"]:
                entry["roles"].append(role)
        actor = actors.get(agent_key)
        if actor is None:
            raise HTTPException(status_code=404, detail={"message": f"unknown actor {key!r}", "near": []})
        assignments = [
            AgencyAssignment(
                id=e["id"],
                title=e["title"],
                href=e["href"],
                roles=e["roles"],
                parts=[PartRoles(part=p, roles=r) for p, r in e["parts"].items()],
                via=e["via"],
                deadlines=e["deadlines"],
            )
            for e in sorted(by_id.values(), key=lambda e: str(e["id"]))
        ]
        return AgencyOut(
            key=agent_key,
            label=str(actor["label"]),
            kind=str(actor["kind"]),
            kind_label=str(actor["kind_label"]),
            colour=colour(str(actor["kind"])),
            href=page_path(actor["agent"]),
            assignments=assignments,
        )

    return _cached(request, ("agency", key, as_of), compute)


# --------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------


@router.get(
    "/api/timeline",
    response_model=TimelineOut,
    tags=["graphs"],
    summary="The year's deadlines and annual-cycle dates",
    description="Every deadline of the assignments and their parts, and every row of the letter's annual "
    "cycle (reporting, steering meetings), dated ones in date order, then the continuous ones "
    "and those still to be agreed.",
)
def timeline(request: Request, goal: GoalQuery = None, as_of: AsOf = None) -> TimelineOut:
    def compute() -> TimelineOut:
        items = [
            TimelineItem(
                date=d.date,
                kind=d.kind,
                category=d.category,
                what=d.what,
                id=d.id,
                title=d.title,
                href=("/" + d.assignment_path) if d.assignment_path else None,
                goal=d.goal,
                part=d.part,
                line=d.line,
                source=("/" + d.source_path) if d.source_path else None,
                responsible=d.responsible,
                responsible_key=d.responsible_key,
            )
            for d in site(request).deadlines(as_of)
            if not goal or d.goal == goal
        ]
        years = Counter(i.date.year for i in items if i.date)
        return TimelineOut(year=years.most_common(1)[0][0] if years else None, items=items)

    return _cached(request, ("timeline", goal, as_of), compute)


# --------------------------------------------------------------------------------------------
# Pages and files
# --------------------------------------------------------------------------------------------


@router.get("/explore", response_class=HTMLResponse, include_in_schema=False)
def explore_page(request: Request) -> Response:
    """The interactive graph: pan, zoom, drag, filter, search, click an actor for its assignments.

    Deep links: ``?view=…&actor=nhn&role=lead&goal=…&solution=…&owner=exclude``, as of a day with
    ``&as_of=YYYY-MM-DD`` (passed on to the JSON by the script; a malformed day is a 400 page)."""
    try:
        requested_day(request)
    except BadDay as error:
        return _bad_day_page(request, error)
    return site_templates().TemplateResponse(request, "explore.html", {"names": _names(request)})


def _bad_day_page(request: Request, error: BadDay) -> Response:
    problem = {"message": error.message, "parameter": error.parameter, "near": []}
    return site_templates().TemplateResponse(request, "problem.html", {"problem": problem}, status_code=400)


def _names(request: Request) -> dict[str, str]:
    """Key → name in the page's language: the ontology's terms, and the graphs' own kinds and categories."""
    lang = language(request)
    words = vocabulary(request)
    names = {key: words.label(key, lang) for key in words.labels}
    gettext = translations(lang).gettext
    for english in (*KIND_NAMES.values(), *_CATEGORIES):
        names.setdefault(english, gettext(english))
    return names


#: The timeline's categories of what is due, as the table names them.
_CATEGORIES = (
    "annual cycle",
    "steering-meeting",
    "reporting-duty",
    "grant-condition",
    "common-directive",
    "ministry-directive",
    "audit-follow-up",
    "responsibility",
    "external-assignment",
)


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(request: Request) -> Response:
    """The year's deadlines and annual-cycle dates on a time axis, filterable by actor and role, as of a
    day (``?as_of``, passed on to /api/timeline and /api/assignments by the script)."""
    try:
        requested_day(request)
    except BadDay as error:
        return _bad_day_page(request, error)
    return site_templates().TemplateResponse(request, "timeline.html", {"names": _names(request)})


def _vendor_root(request: Request) -> Path:
    settings = getattr(request.app.state.tbgraph, "settings", None)
    configured = getattr(settings, "vendor_dir", None)
    if configured:
        return Path(configured)
    return resource_root() / "web" / "node_modules"


def _vendor_route(served: str, relative: str, media_type: str) -> None:
    def vendor(request: Request) -> Response:
        file = _vendor_root(request) / relative
        if not file.is_file():
            raise HTTPException(
                status_code=404,
                detail=f"{relative} is missing: run `npm ci --prefix web` to install the browser libraries",
            )
        return vendor_response(request, file, relative, media_type)  # the API's vendor route's own answer

    router.add_api_route(served, vendor, methods=["GET"], include_in_schema=False, response_model=None)


for _served, (_relative, _media) in VENDOR_FILES.items():
    _vendor_route(_served, _relative, _media)
