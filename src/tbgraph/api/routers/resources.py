"""Dereferenceable IRIs: every IRI the dataset mints resolves here, by path.

``GET /id/assignment/ehelse/TB2023-01`` on any host describes
``https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-01``: Turtle (the default), JSON-LD,
N-Triples or RDF/XML by ``Accept`` (or ``?format=``), and a page for a browser. Likewise
``/def/…`` (roles, deadline kinds, units), ``/ontology`` (the whole ontology, so
``…/ontology#Assignment`` resolves), ``/shapes`` and ``/graph/…`` (a whole named graph). A source
text (``/id/source/…``) is also served as the text file itself for ``Accept: text/plain``.
"""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, Response

from tbgraph.api.deps import AnswersDep, BaseUrlDep, StateDep
from tbgraph.api.errors import ApiError, NotAcceptable, NotFound
from tbgraph.api.formats.negotiation import GRAPH_MEDIA_TYPES, choose, format_override
from tbgraph.api.linked import CANONICAL, describe, local_link, near_iris, page_for, source_file
from tbgraph.api.state import ServerState
from tbgraph.api.templating import templates
from tbgraph.dataset.loader import ONTOLOGY_GRAPH, SHAPES_GRAPH
from tbgraph.model.resources import resource_root
from tbgraph.store.base import Store
from tbgraph.web.entities import entity_page
from tbgraph.web.site import Site

__all__ = ["router"]

router = APIRouter(tags=["linked data"])

HTML = "text/html"
_OFFERS = (
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
    "application/x-turtle",
    "application/json",
    "application/xml",
    HTML,
    "text/plain",
)
_RDFLIB = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The resource's description.",
        "content": {
            t: {}
            for t in (
                "text/turtle",
                "application/ld+json",
                "application/n-triples",
                "application/rdf+xml",
                HTML,
            )
        },
    },
    404: {"description": "The dataset names no such resource; near matches are listed."},
    406: {"description": "None of the accepted formats is offered."},
}
FormatQuery = Annotated[str | None, Query(description="turtle, json-ld, nt, rdf+xml or html; overrides Accept.")]


def _negotiate(request: Request, fmt: str | None, offers: tuple[str, ...] = _OFFERS, text: bool = False) -> str:
    if fmt:
        if fmt.lower() in ("html", HTML):
            return HTML
        if fmt.lower() in ("text", "txt", "text/plain") and text:
            return "text/plain"
        media = format_override(fmt, graph=True)
        if media is None:
            raise NotAcceptable(f"unknown format {fmt!r}; use turtle, json-ld, nt, rdf+xml or html")
        return media
    media = choose(request.headers.get("accept"), offers)
    if media is None:
        raise NotAcceptable(
            "this resource is offered as text/turtle, application/ld+json, "
            "application/n-triples, application/rdf+xml or text/html"
        )
    return media


def _is_iri(text: str) -> bool:
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _data_root(state: ServerState) -> FsPath:
    return state.settings.data_root or resource_root()


def _not_found(request: Request, state: ServerState, base: str, iri: str, media: str) -> Response:
    near = [{"iri": n, "href": local_link(n, base)} for n in near_iris(state.store, iri)]
    message = f"the dataset names no resource <{iri}>"
    if media == HTML:
        return templates().TemplateResponse(
            request,
            "not_found.html",
            {"base": base, "iri": iri, "near": near, "message": message, "data_version": state.data_version},
            status_code=404,
        )
    raise NotFound(message, near=near)


def _rdf(state: ServerState, key: tuple[Any, ...], media: str, build: Any) -> Response:
    written = GRAPH_MEDIA_TYPES[media]

    def serialise() -> bytes:
        body: bytes = build().serialize(format=_RDFLIB[written], encoding="utf-8")
        return body

    body = state.memo.get(("rdf",) + key + (written,), serialise)
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def dereference(request: Request, state: ServerState, answers: Any, base: str, path: str, fmt: str | None) -> Response:
    iri = CANONICAL + path
    is_source = path.startswith("id/source/")
    media = _negotiate(request, fmt, text=is_source)
    if not _is_iri(iri):  # e.g. /id/%22: no resource has it, and the store refuses to look it up
        return _not_found(request, state, base, iri, media)
    graph = state.memo.get(("describe", iri), lambda: describe(state.store, iri))
    if not len(graph):
        return _not_found(request, state, base, iri, media)
    if media == "text/plain" and is_source:
        file = source_file(graph, iri, _data_root(state))
        if file is None:
            raise NotFound(f"<{iri}> has no source text file on this server")
        return FileResponse(file, media_type="text/plain; charset=utf-8")
    if media != HTML:
        return _rdf(state, ("resource", iri), media, lambda: graph)
    page = state.memo.get(("page", iri, base), lambda: page_for(state.store, iri, graph, base))
    context: dict[str, Any] = {"base": base, "page": page, "data_version": state.data_version, "path": path}
    data = Site(state.store, state.memo)
    # an assignment's and an actor's page: their REST answers on the day asked about (?as_of)
    found = entity_page(request, answers, data, path, iri, context)
    if isinstance(found, Response):
        return found
    template = found or "resource.html"
    related = _related(answers, data, path)
    if related is not None:
        context["related"] = related
    context["excerpts"] = [_excerpt(state, s.text_iri, s.line_start, s.line_end) for s in page.sources]
    if is_source:
        file = source_file(graph, iri, _data_root(state))
        if file is not None:
            context["source_lines"] = _lines(state, file)
            context["highlight"] = _span(request.query_params.get("lines"))
    return templates().TemplateResponse(request, template, context, headers={"Vary": "Accept"})


def _related(answers: Any, data: Site, path: str) -> dict[str, Any] | None:
    """The assignments a solution, a legal source, a main goal or a letter is the subject of, with the
    filter that lists them on /assignments (so the page is for reading, the RDF behind a toggle)."""
    key = path.rsplit("/", 1)[-1]
    try:
        if path.startswith("id/solution/"):
            return {"filter": f"solution={key}", "rows": answers.assignments(solution=key)}
        if path.startswith("id/legal/"):
            return {"filter": f"law={key}", "rows": answers.assignments(law=key)}
        if "/main-goal/" in path:
            letter = CANONICAL + path.rsplit("/main-goal/", 1)[0]
            rows = [a for a in answers.assignments(goal=key) if _letter_of(data, a.iri) == letter]
            return {"filter": f"goal={key}", "rows": rows}
        if path.startswith("id/letter/") and path.count("/") == 3:
            rows = [a for a in answers.assignments() if _letter_of(data, a.iri) == CANONICAL + path]
            return {"filter": f"letter={path.removeprefix('id/')}", "rows": rows} if rows else None
    except ApiError:  # named by nothing the questions know: the page shows its statements only
        return None
    return None


def _letter_of(data: Site, assignment_iri: str) -> str | None:
    letters: dict[str, str] = data.memo.get(
        ("tbgraph.web.site", "assignment-letters"),
        lambda: {r["assignment"]: r["letter"] for r in data.select("assignment-letters")},
    )
    return letters.get(assignment_iri)


def _lines(state: ServerState, file: FsPath) -> list[str]:
    lines: list[str] = state.memo.get(
        ("source-lines", str(file)), lambda: file.read_text(encoding="utf-8").splitlines()
    )
    return lines


def _span(text: str | None) -> tuple[int, int] | None:
    """``?lines=366-368`` (or ``366``): the lines a source text page highlights."""
    if not text:
        return None
    first, _, last = text.partition("-")
    try:
        start = int(first)
        end = int(last) if last else start
    except ValueError:
        return None
    return (start, end) if 0 < start <= end else None


def _excerpt(
    state: ServerState, text_iri: str | None, start: int | None, end: int | None, around: int = 2
) -> list[tuple[int, str, bool]]:
    """The source lines ``start``–``end`` with ``around`` lines either side: (number, text, in the span)."""
    if not text_iri or not start:
        return []
    end = end or start
    graph = state.memo.get(("describe", text_iri), lambda: describe(state.store, text_iri))
    file = source_file(graph, text_iri, _data_root(state))
    if file is None:
        return []
    lines = _lines(state, file)
    first, last = max(1, start - around), min(len(lines), end + around)
    return [(n, lines[n - 1], start <= n <= end) for n in range(first, last + 1)]


@router.get("/id/{path:path}", response_model=None, responses=_RESPONSES, summary="A resource of the dataset")
def get_id(
    path: Annotated[str, Path(description="e.g. assignment/ehelse/TB2023-01, org/nhn, solution/kjernejournal")],
    request: Request,
    state: StateDep,
    answers: AnswersDep,
    base: BaseUrlDep,
    format: FormatQuery = None,
) -> Response:
    """Describes ``https://w3id.org/tbgraph/id/{path}``."""
    return dereference(request, state, answers, base, "id/" + path, format)


@router.get("/def/{path:path}", response_model=None, responses=_RESPONSES, summary="A term of a closed list")
def get_def(
    path: Annotated[str, Path(description="e.g. role/owner, deadline-kind/final, unit/thousand-NOK")],
    request: Request,
    state: StateDep,
    answers: AnswersDep,
    base: BaseUrlDep,
    format: FormatQuery = None,
) -> Response:
    """Describes ``https://w3id.org/tbgraph/def/{path}``."""
    return dereference(request, state, answers, base, "def/" + path, format)


def _graph_response(
    request: Request, state: ServerState, base: str, graph_iri: str, fmt: str | None, title: str
) -> Response:
    if graph_iri not in state.graphs:
        media = _negotiate(request, fmt)
        return _not_found(request, state, base, graph_iri, media)
    media = _negotiate(request, fmt)
    if media == HTML:
        return templates().TemplateResponse(
            request,
            "graph.html",
            {
                "base": base,
                "graph": graph_iri,
                "title": title,
                "triples": state.void.graphs.get(graph_iri),
                "href": local_link(graph_iri, base) if graph_iri.startswith(CANONICAL) else None,
                "data_version": state.data_version,
                "items": _graph_items(state, graph_iri, base),
            },
        )
    written = GRAPH_MEDIA_TYPES[media]
    body = state.memo.get(("graph-dump", graph_iri, written), lambda: _dump(state.store, graph_iri, written))
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def _dump(store: Store, graph_iri: str, media_type: str) -> bytes:
    if media_type == "text/turtle":
        import rdflib

        from tbgraph.model.prefixes import bind_prefixes

        graph: rdflib.Graph = bind_prefixes(rdflib.Graph())
        graph.parse(data=store.dump("application/n-triples", graph_iri), format="nt")
        body: bytes = graph.serialize(format="turtle", encoding="utf-8")
        return body
    return store.dump(media_type, graph_iri)


def _graph_items(state: ServerState, graph_iri: str, base: str) -> list[dict[str, Any]]:
    from tbgraph.sparql import load_query
    from tbgraph.store.base import SelectResult

    def compute() -> list[dict[str, Any]]:
        from rdflib import URIRef

        result = state.store.query(load_query("graph-contents"), bindings={"graph": URIRef(graph_iri)})
        assert isinstance(result, SelectResult)
        return [
            {
                "iri": str(r["subject"]),
                "href": local_link(str(r["subject"]), base),
                "label": str(r.get("label") or r["subject"]),
                "type": str(r.get("type_label") or ""),
            }
            for r in result.rows
        ]

    return state.memo.get(("graph-items", graph_iri, base), compute)


@router.get("/graph/{path:path}", response_model=None, responses=_RESPONSES, summary="A named graph")
def get_graph(
    path: Annotated[str, Path(description="e.g. letter/ehelse/2023, reference, ontology, shapes, meta")],
    request: Request,
    state: StateDep,
    base: BaseUrlDep,
    format: FormatQuery = None,
) -> Response:
    """The whole named graph ``https://w3id.org/tbgraph/graph/{path}``."""
    return _graph_response(request, state, base, CANONICAL + "graph/" + path, format, f"Graph {path}")


@router.get("/ontology", response_model=None, responses=_RESPONSES, summary="The ontology")
def get_ontology(request: Request, state: StateDep, base: BaseUrlDep, format: FormatQuery = None) -> Response:
    """The tbgraph ontology (``https://w3id.org/tbgraph/ontology``), so every ``tb:`` term resolves."""
    return _graph_response(request, state, base, ONTOLOGY_GRAPH, format, "The tbgraph ontology")


@router.get("/ontology/{version}", response_model=None, responses=_RESPONSES, summary="The ontology (version IRI)")
def get_ontology_version(
    version: str, request: Request, state: StateDep, base: BaseUrlDep, format: FormatQuery = None
) -> Response:
    """The ontology by its version IRI; only the version served here resolves."""
    if version != state.version and version != state.version.split("+")[0]:
        raise NotFound(
            f"this server has ontology version {state.version}, not {version}",
            near=[{"iri": CANONICAL + "ontology/" + state.version, "href": f"{base}ontology/{state.version}"}],
        )
    return _graph_response(request, state, base, ONTOLOGY_GRAPH, format, "The tbgraph ontology")


@router.get("/shapes", response_model=None, responses=_RESPONSES, summary="The SHACL shapes")
def get_shapes(request: Request, state: StateDep, base: BaseUrlDep, format: FormatQuery = None) -> Response:
    """The SHACL shapes (``https://w3id.org/tbgraph/shapes#…``)."""
    return _graph_response(request, state, base, SHAPES_GRAPH, format, "The tbgraph SHACL shapes")
