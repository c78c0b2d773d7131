"""The server against a SPARQL store that goes away and comes back.

``tbgraph serve --store-url`` runs for real (uvicorn in a subprocess) against a real Oxigraph
server. The Oxigraph server is stopped: requests that need the store get 503 naming it and the
reason, ``/health`` reports it down, the tbgraph process stays up. The Oxigraph server is started
again on the same port and folder: requests succeed again, without restarting tbgraph.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from oxigraph_server import OxigraphServer, free_port

pytestmark = pytest.mark.slow

ASSIGNMENT_COUNT = """PREFIX tb: <https://w3id.org/tbgraph/ontology#>
SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a tb:Assignment }"""


def _query(n: int) -> str:
    """A query not answered before (the server caches answers), different for each ``n``."""
    return ASSIGNMENT_COUNT + f"\n# {n}\n"


def _sparql(client: httpx.Client, text: str) -> httpx.Response:
    return client.post(
        "/sparql",
        content=text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )


def _count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path / "db")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def tbgraph(oxigraph: OxigraphServer) -> Iterator[tuple[subprocess.Popen[bytes], httpx.Client]]:
    port = free_port()
    env = {**os.environ, "TBGRAPH_QUERY_WORKERS": "2", "TBGRAPH_VALIDATE_ON_START": "false"}
    command = [sys.executable, "-m", "tbgraph.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--store-url", oxigraph.url, "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"tbgraph serve exited with {process.returncode}:\n{output}")
        try:
            if client.get("/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("tbgraph serve --store-url did not answer /health within 90 s")
    yield process, client
    client.close()
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_store_stopped_gives_503_and_the_server_recovers_by_itself(
    oxigraph: OxigraphServer, tbgraph: tuple[subprocess.Popen[bytes], httpx.Client]
) -> None:
    process, client = tbgraph
    reason = f"the SPARQL store at {oxigraph.url} is not reachable: connection refused"

    # Serving from the store.
    assert _count(_sparql(client, _query(1))) == 26
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/api/agencies").status_code == 200

    oxigraph.stop()

    down = _sparql(client, _query(2))
    assert down.status_code == 503
    assert down.headers["content-type"].startswith("text/plain")
    assert reason in down.text
    assignments = client.get("/api/assignments")
    assert assignments.status_code == 503
    assert reason in assignments.json()["detail"]
    health = client.get("/health")
    assert health.status_code == 503
    assert health.json()["status"] == "store-unavailable"
    assert reason in health.json()["detail"]
    assert health.json()["store"] == oxigraph.url
    # Answers already given are still served from the cache.
    assert _count(_sparql(client, _query(1))) == 26
    assert process.poll() is None, "tbgraph serve must stay up while the store is down"

    oxigraph.start()  # same port, same folder

    assert client.get("/health").status_code == 200
    assert _count(_sparql(client, _query(3))) == 26
    assignments = client.get("/api/assignments")
    assert assignments.status_code == 200
    assert len(assignments.json()) == 26
    assert process.poll() is None


def test_a_store_that_comes_back_empty_is_loaded_again(client_with: Any) -> None:
    # An Oxigraph server without --location keeps its data in memory: restarted, it is empty.
    server = OxigraphServer(None)
    server.start()
    try:
        with client_with(store_url=server.url, validate_on_start=False) as client:
            assert _count(_sparql(client, _query(10))) == 26
            server.stop()
            assert _sparql(client, _query(11)).status_code == 503
            server.start()
            # The first request after the outage finds the store empty and loads the data again.
            assert _count(_sparql(client, _query(12))) == 26
            assert client.get("/health").status_code == 200
    finally:
        server.stop()


def test_refuses_to_start_without_its_store(client_with: Any) -> None:
    from tbgraph.api.state import StartupRefused

    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StartupRefused, match=f"the SPARQL store at {url} is not reachable"):  # noqa: SIM117
        with client_with(store_url=url, validate_on_start=False):
            pass


def test_a_slow_remote_query_is_stopped_at_the_time_limit(tmp_path: Path, client_with: Any) -> None:
    with (
        OxigraphServer(tmp_path / "db", timeout_s=5) as server,
        client_with(store_url=server.url, validate_on_start=False, query_timeout=1.0) as client,
    ):
        cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        started = time.monotonic()
        response = _sparql(client, cross)
        assert response.status_code == 503
        assert "time limit of 1 s" in response.text
        assert time.monotonic() - started < 4
        assert _count(_sparql(client, _query(20))) == 26
