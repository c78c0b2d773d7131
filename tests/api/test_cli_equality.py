"""Answers over HTTP equal the command line's answers to the same questions."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tbgraph.cli.main import main
from tbgraph.questions.named import named_queries

CASES: list[tuple[str, dict[str, str]]] = [
    ("agencies", {}),
    ("assignments", {}),
    ("assignments-involving", {"agency": "nhn"}),
    ("assignments-involving", {"agency": "ehelse", "role": "owner"}),
    ("budget", {}),
    ("collaborators", {"agency": "nhn"}),
    ("deadlines", {}),
    ("deadlines", {"from": "2023-06-01", "to": "2023-06-30"}),
    ("dependencies", {"assignment": "TB2023-15"}),
    ("goals", {}),
    ("legal-basis", {}),
    ("legal-basis", {"assignment": "TB2023-14"}),
    ("owners", {}),
    ("solutions", {}),
    ("solutions", {"solution": "kjernejournal"}),
]


def cli_json(name: str, params: dict[str, str]) -> list[dict[str, Any]]:
    argv = ["ask", name, "--format", "json"]
    for key, value in params.items():
        argv += [f"--{key}", value]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(argv)
    assert status in (0, 1), f"tbgraph {' '.join(argv)} exited {status}"
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_every_named_question_is_covered() -> None:
    assert {name for name, _ in CASES} == set(named_queries())


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values())}" for n, p in CASES])
def test_ask_over_http_equals_the_cli(client: TestClient, name: str, params: dict[str, str]) -> None:
    over_http = client.get(f"/api/ask/{name}", params=params)
    assert over_http.status_code == 200
    assert over_http.json()["rows"] == cli_json(name, params)


@pytest.mark.parametrize(("name", "params"), [c for c in CASES if not c[1]], ids=[c[0] for c in CASES if not c[1]])
def test_sparql_endpoint_equals_the_cli(client: TestClient, name: str, params: dict[str, str]) -> None:
    """The named query's text sent to /sparql gives the same rows (compared as CSV cells)."""
    cli = cli_json(name, params)
    query = named_queries()[name]
    response = client.post("/sparql", data={"query": query.text}, headers={"Accept": "application/sparql-results+json"})
    bindings = response.json()["results"]["bindings"]
    assert len(bindings) == len(cli)
    for binding, row in zip(bindings, cli, strict=True):
        for column, value in row.items():
            got = binding.get(column, {}).get("value")
            expected = None if value is None else (str(value).lower() if isinstance(value, bool) else str(value))
            assert got == expected or (got is not None and expected is not None and float(got) == float(expected))


def test_rest_routes_equal_the_cli(client: TestClient) -> None:
    cli_ids = sorted({r["id"] for r in cli_json("assignments-involving", {"agency": "nhn"})})
    assert sorted(a["id"] for a in client.get("/api/agencies/nhn/assignments").json()) == cli_ids
    assert sorted(a["id"] for a in client.get("/api/assignments", params={"agency": "nhn"}).json()) == cli_ids
    assert [a["id"] for a in client.get("/api/assignments").json()] == [r["id"] for r in cli_json("assignments", {})]
    goals = {(g["notation"], g["assignments"]) for g in client.get("/api/goals").json()}
    assert goals == {(r["goal"], r["assignments"]) for r in cli_json("goals", {})}
    june = cli_json("deadlines", {"from": "2023-06-01", "to": "2023-06-30"})
    over_http = client.get("/api/deadlines", params={"from": "2023-06-01", "to": "2023-06-30"}).json()
    assert [(d["date"], d["id"], d["what"]) for d in over_http] == [(r["date"], r["id"], r["what"]) for r in june]
    budget = client.get("/api/budget").json()
    assert [(b["chapter"], b["amount_nok"]) for b in budget] == [
        (r["chapter"], r["amount_nok"]) for r in cli_json("budget", {})
    ]
