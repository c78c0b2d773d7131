"""The graph explorer's JSON endpoints and pages, through FastAPI's TestClient.

Most tests mount ``tbgraph.web.routes.router`` in a small app of their own (fast, and independent
of how the API application is built); one checks that the real application includes it and that
the endpoints are in its OpenAPI document.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from tbgraph.graphs import Filters, collaboration_graph, dependency_graph  # noqa: E402
from tbgraph.store import Store  # noqa: E402
from tbgraph.web.routes import router  # noqa: E402

ENDPOINTS = (
    "/api/graph/collaboration",
    "/api/graph/bipartite",
    "/api/graph/dependencies",
    "/api/graph/filters",
    "/api/graph/agencies/{key}",
    "/api/timeline",
)


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(router)
    app.state.tbgraph = SimpleNamespace(store=store)
    with TestClient(app) as test_client:
        yield test_client


def test_collaboration_json_matches_the_graph(client: TestClient, store: Store) -> None:
    body = client.get("/api/graph/collaboration").json()
    graph = collaboration_graph(store)
    assert {n["id"] for n in body["nodes"]} == set(graph.nodes)
    assert len(body["edges"]) == graph.number_of_edges()
    nhn = next(n for n in body["nodes"] if n["key"] == "nhn")
    assert nhn["href"] == "/id/org/nhn" and nhn["kind"] == "StateEnterprise"
    # lines 366-368, 390, 522, 567-569; TB2023-15 (695-738) does not name Norsk helsenett SF
    assert nhn["assignments"] == ["TB2023-01", "TB2023-03", "TB2023-07", "TB2023-10"]
    assert 0 <= nhn["x"] <= 1 and 0 <= nhn["y"] <= 1 and 0 <= nhn["size"] <= 1
    edge = next(e for e in body["edges"] if {e["source"], e["target"]} == {"org/nhn", "org/hdir"})
    assert edge["assignments"] == ["TB2023-10"] and edge["roles"]["TB2023-10"]["nhn"] == ["collaborating"]
    assert {entry["kind"] for entry in body["legend"]} == {n["kind"] for n in body["nodes"]}


def test_filters_change_the_graph(client: TestClient, store: Store) -> None:
    everything = client.get("/api/graph/collaboration").json()
    without = client.get("/api/graph/collaboration", params={"owner": "exclude"}).json()
    assert "org/ehelse" not in {n["id"] for n in without["nodes"]}
    assert without["filters"]["include_owner"] is False
    goal = client.get("/api/graph/collaboration", params={"goal": "4"}).json()
    assert len(goal["nodes"]) == collaboration_graph(store, Filters(goal="4")).number_of_nodes()
    assert len(goal["nodes"]) < len(everything["nodes"])
    role = client.get("/api/graph/bipartite", params={"role": "lead"}).json()
    assert {e["role"] for e in role["edges"]} == {"lead"}


def test_unknown_filter_value_is_422_with_the_nearest(client: TestClient) -> None:
    response = client.get("/api/graph/collaboration", params={"goal": "7"})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]  # FastAPI's shape, as documented in the OpenAPI document
    assert problem["loc"] == ["query", "goal"]
    assert problem["ctx"]["near"]
    assert client.get("/api/graph/collaboration", params={"owner": "maybe"}).status_code == 422


def test_dependencies_json(client: TestClient, store: Store) -> None:
    body = client.get("/api/graph/dependencies").json()
    assert body["directed"] is True and body["acyclic"] is True
    assert len(body["nodes"]) == dependency_graph(store).number_of_nodes()
    assert len(body["topological_order"]) == len(body["nodes"])
    chain = next(c for c in body["chains"] if c["id"] == "TB2023-19")
    assert chain["date"] == "2023-10-15" and chain["steps"][0]["date"] == "2023-10-01"


def test_agency_lists_assignments_roles_and_deadlines(client: TestClient) -> None:
    body = client.get("/api/graph/agencies/nhn").json()
    assert body["label"] == "Norsk helsenett SF"
    by_id = {a["id"]: a for a in body["assignments"]}
    assert sorted(by_id) == ["TB2023-01", "TB2023-03", "TB2023-07", "TB2023-10"]  # not TB2023-15 (695-738)
    assert by_id["TB2023-01"]["roles"] == ["providing-input"]
    assert by_id["TB2023-01"]["href"] == "/id/assignment/ehelse/TB2023-01"
    assert [d["date"] for d in by_id["TB2023-01"]["deadlines"]] == ["2023-05-01"]  # line 374 "Frist: 1. mai"
    assert by_id["TB2023-07"]["parts"] == [{"part": "Standardisert språk i kjernejournal", "roles": ["lead"]}]
    # by name as well as by key
    assert client.get("/api/graph/agencies/Norsk helsenett SF").json()["key"] == "nhn"
    missing = client.get("/api/graph/agencies/nhm")
    assert missing.status_code == 404 and missing.json()["detail"]["near"]


def test_agency_through_a_group(client: TestClient) -> None:
    # TB2023-19 (834): "felles plan ... fra de regionale helseforetakene": Helse Nord through the group
    body = client.get("/api/graph/agencies/helse-nord").json()
    assert any(a["via"] == "De regionale helseforetakene" for a in body["assignments"])


def test_timeline(client: TestClient) -> None:
    body = client.get("/api/timeline").json()
    assert body["year"] == 2023
    dated = [i for i in body["items"] if i["date"]]
    assert [i["date"] for i in dated] == sorted(i["date"] for i in dated)
    categories = {i["category"] for i in body["items"]}
    assert {"assignment", "annual-cycle"} <= categories
    # line 1076: "13. januar Regnskapsrapportering per 31. desember 2022"
    assert dated[0]["date"] == "2023-01-13" and dated[0]["category"] == "annual-cycle"
    first_assignment = next(i for i in dated if i["id"] == "TB2023-01")
    assert first_assignment["href"] == "/id/assignment/ehelse/TB2023-01"
    goal = client.get("/api/timeline", params={"goal": "4"}).json()
    assert {i["id"] for i in goal["items"]} <= {"TB2023-23", "TB2023-24", "TB2023-25", "TB2023-26"}


def test_filter_options(client: TestClient) -> None:
    body = client.get("/api/graph/filters").json()
    assert [g["key"] for g in body["goals"]] == ["1", "2", "3", "4"]
    assert {"owner", "lead", "collaborating"} <= {r["key"] for r in body["roles"]}
    assert any(a["key"] == "nhn" for a in body["actors"])


def test_pages_and_files(client: TestClient) -> None:
    page = client.get("/explore")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "static/vendor/cytoscape/dist/cytoscape.min.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from elsewhere
    assert client.get("/timeline").status_code == 200
    for name in ("explore.js", "timeline.js", "graph.css"):
        assert client.get(f"/static/graph/{name}").status_code == 200
    for bad in ("routes.py", "..%2Froutes.py", "../routes.py", "%2e%2e/models.py"):
        assert client.get(f"/static/graph/{bad}").status_code == 404, bad
    assert client.get("/static/vendor/cytoscape/package.json").status_code in (404, 405)


def test_vendor_file_from_node_modules(client: TestClient) -> None:
    from project_paths import ROOT, require_web_libraries

    require_web_libraries(ROOT / "web/node_modules/cytoscape/dist/cytoscape.min.js")
    response = client.get("/static/vendor/cytoscape/dist/cytoscape.min.js")
    assert response.status_code == 200 and "javascript" in response.headers["content-type"]


def test_the_api_application_includes_the_router() -> None:
    from tbgraph.api import Settings, create_app

    app = create_app(Settings(validate_on_start=False, query_workers=1))
    paths = set(app.openapi()["paths"])
    assert set(ENDPOINTS) <= paths
    assert "/explore" not in paths  # pages are not API
    operation = app.openapi()["paths"]["/api/graph/collaboration"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("GraphOut")
