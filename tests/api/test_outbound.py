"""A query never makes the server reach the network: SERVICE, a remote FROM, remote graphs.

A local listener stands in for "elsewhere"; it must receive nothing. Oxigraph itself would send
an HTTP request for SERVICE (it implements federated queries), so the endpoint refuses such
queries before they run, and the query workers cannot open a network socket at all (a seccomp
filter, for any user; tests/api/test_isolation.py runs them as an ordinary user). A graph named
in FROM or in the protocol's dataset that the store does not hold is an empty graph, never fetched.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from loopback import Listener
from tbgraph.sandbox.worker import Job, WorkerSpec, launch, run_job


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.close()


def test_the_listener_does_notice_a_connection(listener: Listener) -> None:
    """The check below means something: a real connection is recorded."""
    with socket.create_connection(("127.0.0.1", listener.port)) as sock:
        sock.sendall(b"hello")
    for _ in range(20):
        if listener.connections:
            break
        threading.Event().wait(0.05)
    assert listener.connections == [b"hello"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <{url}/sparql> { ?s ?p ?o } }",
        "PREFIX r: <{url}/> SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE r:sparql { ?s ?q ?x } } }",
        "PREFIX ex: <http://e/> SELECT * WHERE { OPTIONAL { ?s ex:a\\#x ?o } SERVICE <{url}/x> { ?x ?y ?z } }",
    ],
)
def test_service_refused_and_nothing_sent(client: TestClient, listener: Listener, query: str) -> None:
    response = client.post("/sparql", data={"query": query.replace("{url}", listener.url)})
    assert response.status_code == 400
    assert listener.settle() == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <{url}/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <{url}/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "BASE <{url}/> SELECT * FROM <data.ttl> WHERE { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } FROM <{url}/data.ttl> WHERE { ?s ?p ?o }",
        "ASK FROM <{url}/data.ttl> { ?s ?p ?o }",
    ],
)
def test_remote_from_is_an_empty_graph_and_nothing_sent(client: TestClient, listener: Listener, query: str) -> None:
    response = client.post(
        "/sparql", data={"query": query.replace("{url}", listener.url)}, headers={"Accept": "text/csv, text/turtle"}
    )
    assert response.status_code == 200
    lines = response.text.strip().splitlines()
    assert len(lines) <= 1 and "true" not in response.text  # a header and no rows, nothing, or false
    assert listener.settle() == []


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_remote_protocol_graphs_are_empty_and_nothing_sent(
    client: TestClient, listener: Listener, parameter: str
) -> None:
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", parameter: listener.url + "/g.ttl"})
    assert response.status_code == 200
    assert response.json()["boolean"] is False
    assert listener.settle() == []


def test_remote_jsonld_context_in_an_upload_is_not_fetched(client: TestClient, listener: Listener) -> None:
    body = f'{{"@context": "{listener.url}/context.jsonld", "@id": "https://example.org/x", "name": "x"}}'
    response = client.post("/api/validate", content=body.encode(), headers={"Content-Type": "application/ld+json"})
    assert response.status_code in (200, 400)
    threading.Event().wait(0.3)
    assert listener.connections == []


def test_even_an_unchecked_service_cannot_connect_from_a_worker(listener: Listener) -> None:
    """Defence in depth: a worker with its checks off is handed SERVICE, and cannot connect."""
    process, conn = launch(WorkerSpec(check_queries=False))
    try:
        status, info = conn.recv()
        assert status == "ready" and info["walls"]["seccomp"]
        conn.send(Job(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"))
        reply = conn.recv()
    finally:
        process.kill()
        process.wait()
    assert reply.status == "error"
    assert listener.settle() == []


def test_unisolated_oxigraph_would_connect(listener: Listener) -> None:
    """Why the refusal matters: the engine on its own does send the SERVICE request."""
    import pyoxigraph as ox

    job = Job(
        f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
        "application/sparql-results+json",
    )
    run_job(ox.Store(), job, WorkerSpec(check_queries=False))
    for _ in range(20):
        if listener.connections:
            break
        threading.Event().wait(0.05)
    assert listener.connections and listener.connections[0].startswith(b"POST /sparql")
