"""The remote engine against Virtuoso Open Source 7 (Debian's ``virtuoso-opensource``), a second real engine.

A ``virtuoso-t`` is started on free loopback ports in a temporary folder (``tests/virtuoso_server.py``),
the shipped files are loaded as its operator would, with Virtuoso's own bulk loader, each into its
named graph, with the meta graph holding their data version, and tbgraph is pointed at its
``/sparql`` endpoint read-only (``--query-url``, ``--store-read-only``). Then each of the eleven
named questions, with the parameters a person would give (NHN, TB2023-15, June 2023 …), must give
the records the embedded store gives, and the same records an Oxigraph server gives. The errors a
user meets (an address that is not a SPARQL endpoint, a server that holds another data version, a
read-only server asked to load) are checked on the command line.

The same answers are compared as in ``tests/test_remote_store.py``: values of ``GROUP_CONCAT``, and
rows that ``ORDER BY`` ranks equal, as sets (SPARQL leaves their order to the engine).
"""

from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from oxigraph_server import OxigraphServer, free_port
from tbgraph.dataset.loader import META_GRAPH, data_version, default_sources
from tbgraph.dataset.opening import DatasetCheckError, RemoteEndpoints, meta_ntriples, open_dataset
from tbgraph.questions.named import get_query, named_queries, run_named
from tbgraph.store.base import Store, StoreUnavailableError
from tbgraph.store.remote import ReadOnlyStoreError, RemoteStore
from test_remote_store import _normalised
from virtuoso_server import VirtuosoServer, virtuoso_missing

TBGRAPH = [sys.executable, "-m", "tbgraph.cli"]

#: Each named question with the parameters a person asks it with (and without, where it has none required).
QUESTIONS: list[tuple[str, dict[str, str]]] = [
    ("agencies", {}),
    ("assignments", {}),
    ("assignments-involving", {"agency": "nhn"}),
    ("assignments-involving", {"agency": "Norsk helsenett SF", "role": "lead"}),
    ("budget", {}),
    ("collaborators", {"agency": "nhn"}),
    ("collaborators", {"agency": "hdir"}),
    ("deadlines", {}),
    ("deadlines", {"from": "2023-06-01", "to": "2023-06-30"}),
    ("deadlines", {"to": "2023-01-31"}),
    ("dependencies", {"assignment": "TB2023-15"}),
    ("goals", {}),
    ("legal-basis", {}),
    ("legal-basis", {"assignment": "TB2023-14"}),
    ("owners", {}),
    ("solutions", {}),
    ("solutions", {"solution": "kjernejournal"}),
    ("solutions", {"assignment": "TB2023-15"}),
]


def test_every_named_question_is_asked() -> None:
    assert {name for name, _ in QUESTIONS} == set(named_queries())
    assert len(named_queries()) == 11


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """Virtuoso with the shipped files bulk-loaded, one named graph each, and the meta graph."""
    if (missing := virtuoso_missing()) is not None:
        pytest.skip(missing)  # only where scripts/install-virtuoso.sh could not install it
    folder = tmp_path_factory.mktemp("virtuoso")
    sources = default_sources()
    meta = folder / "meta.nt"
    meta.write_text(meta_ntriples(data_version(sources)), encoding="utf-8")
    with VirtuosoServer(folder / "db", dirs={s.path.resolve().parent for s in sources} | {folder}) as server:
        server.bulk_load([(s.path, s.graph) for s in sources] + [(meta, META_GRAPH)])
        yield server


@pytest.fixture(scope="module")
def virtuoso_store(virtuoso: VirtuosoServer) -> Iterator[Store]:
    dataset = open_dataset(engine="remote", endpoints=RemoteEndpoints(query_url=virtuoso.url, read_only=True))
    assert dataset.reused
    yield dataset.store
    dataset.store.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def local_store() -> Store:
    return open_dataset().store


@pytest.fixture(scope="module")
def oxigraph_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph-v") / "db") as server:
        dataset = open_dataset(engine="remote", store_url=server.url)
        yield dataset.store
        dataset.store.close()  # type: ignore[attr-defined]


def _ids(cases: list[tuple[str, dict[str, str]]]) -> list[str]:
    return [f"{n}:{','.join(f'{k}={v}' for k, v in vals.items()) or '-'}" for n, vals in cases]


@pytest.mark.parametrize(("name", "values"), QUESTIONS, ids=_ids(QUESTIONS))
def test_named_question_gives_the_embedded_answer_on_virtuoso(
    virtuoso_store: Store, local_store: Store, name: str, values: dict[str, str]
) -> None:
    text = get_query(name).text
    local = _normalised(text, run_named(local_store, name, values).records())
    assert local, f"{name} answers nothing in the embedded store"
    assert _normalised(text, run_named(virtuoso_store, name, values).records()) == local


@pytest.mark.parametrize(("name", "values"), QUESTIONS, ids=_ids(QUESTIONS))
def test_named_question_gives_the_embedded_answer_on_an_oxigraph_server(
    oxigraph_store: Store, local_store: Store, name: str, values: dict[str, str]
) -> None:
    text = get_query(name).text
    local = _normalised(text, run_named(local_store, name, values).records())
    assert local, f"{name} answers nothing in the embedded store"
    assert _normalised(text, run_named(oxigraph_store, name, values).records()) == local


# --------------------------------------------------------------------------------------------
# As a user meets it: the command line
# --------------------------------------------------------------------------------------------


def _tbgraph(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TBGRAPH_")}
    environment["COLUMNS"] = "200"
    return subprocess.run(
        [*TBGRAPH, *args], capture_output=True, text=True, timeout=timeout, env=environment, check=False
    )


def test_the_command_line_asks_virtuoso_read_only(virtuoso: VirtuosoServer) -> None:
    started = time.monotonic()
    done = _tbgraph(
        "ask", "assignments-involving", "--agency", "nhn", "--format", "csv",
        "--query-url", virtuoso.url, "--store-read-only",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # NHN assists in TB2023-07 ("bistå Norsk helsenett SF", section 2, lines 520-524).
    assert "TB2023-07" in done.stdout
    assert time.monotonic() - started < 30


def test_the_command_from_the_issue_answers(virtuoso: VirtuosoServer) -> None:
    """``tbgraph ask owners --store-url http://…/sparql`` waited past 60 s: Virtuoso never answers the direct POST."""
    done = _tbgraph("ask", "owners", "--format", "csv", "--store-url", virtuoso.url, timeout=30)
    assert done.returncode == 0, done.stderr
    # 26 assignments, each owned by Direktoratet for e-helse (the letter's recipient).
    rows = done.stdout.strip().splitlines()[1:]
    assert len(rows) == 26 and all(",ehelse," in row for row in rows)


class _Page(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        body = b"<html><body>Welcome</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return None


def test_an_address_that_is_not_a_sparql_endpoint_is_named() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        done = _tbgraph("ask", "owners", "--query-url", url, "--store-read-only", timeout=30)
        assert done.returncode == 3
        message = " ".join(done.stderr.split())
        assert "answered a query as text/html" in message
        assert f"is {url} the server's SPARQL query endpoint?" in message
    finally:
        server.shutdown()
        server.server_close()


def test_an_endpoint_that_never_answers_is_named_within_the_limit() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        store = RemoteStore(url, query_endpoint=url, union_parameter=False, read_only=True)
        started = time.monotonic()
        with pytest.raises(
            StoreUnavailableError, match=r"did not answer the query ASK \{\} within 1 s; is .* endpoint\?"
        ):
            store.check(timeout=1.0)
        assert time.monotonic() - started < 5
        store.close()


# --------------------------------------------------------------------------------------------
# Read-only: tbgraph checks the data version and never writes
# --------------------------------------------------------------------------------------------


def test_a_read_only_server_with_other_data_is_refused_and_not_touched(
    virtuoso: VirtuosoServer, virtuoso_store: Store
) -> None:
    before = len(virtuoso_store)
    other = [s for s in default_sources() if not s.graph.endswith("shapes")]
    with pytest.raises(DatasetCheckError) as caught:
        open_dataset(engine="remote", endpoints=RemoteEndpoints(query_url=virtuoso.url, read_only=True), sources=other)
    message = str(caught.value)
    assert f"holds data version {data_version(default_sources())}" in message
    assert meta_ntriples(data_version(other)).strip() in message
    assert len(virtuoso_store) == before


def test_a_read_only_store_refuses_to_write(virtuoso_store: Store) -> None:
    graph = default_sources()[0].graph
    with pytest.raises(ReadOnlyStoreError, match="read-only"):
        virtuoso_store.load(b"<urn:a> <urn:b> <urn:c> .\n", "application/n-triples", graph)
    with pytest.raises(ReadOnlyStoreError, match="read-only"):
        virtuoso_store.remove_graph(graph)


def test_the_graphs_virtuoso_holds_are_listed(virtuoso_store: Store) -> None:
    """Virtuoso answers GRAPH ?g { } with no graph; the store then lists them by their triples."""
    assert set(virtuoso_store.graphs()) == {s.graph for s in default_sources()} | {META_GRAPH}


def test_the_server_serves_from_virtuoso_read_only(virtuoso: VirtuosoServer) -> None:
    """``tbgraph serve`` given TBGRAPH_QUERY_URL and TBGRAPH_STORE_READ_ONLY answers from Virtuoso (REST, /sparql)."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TBGRAPH_")}
    environment.update(
        TBGRAPH_QUERY_URL=virtuoso.url,
        TBGRAPH_STORE_READ_ONLY="1",
        TBGRAPH_VALIDATE_ON_START="false",
        TBGRAPH_QUERY_WORKERS="2",
    )
    command = [*TBGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            assert time.monotonic() < deadline, "tbgraph serve did not answer /health within 90 s"
            try:
                if client.get("/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        answer = client.get("/api/ask/assignments-involving", params={"agency": "nhn"})
        assert answer.status_code == 200, answer.text
        # NHN assists in TB2023-07 ("bistå Norsk helsenett SF", section 2, lines 520-524).
        assert "TB2023-07" in {row["id"] for row in answer.json()["rows"]}
        sparql = client.post(
            "/sparql",
            data={"query": 'SELECT ?a WHERE { ?a <http://purl.org/dc/terms/identifier> "TB2023-15" }'},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert sparql.status_code == 200, sparql.text
        values = {b["a"]["value"] for b in sparql.json()["results"]["bindings"]}
        assert values == {"https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-15"}
    finally:
        client.close()
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --------------------------------------------------------------------------------------------
# Writing: tbgraph loads Virtuoso itself through the Graph Store Protocol (last: it replaces the data)
# --------------------------------------------------------------------------------------------


def test_tbgraph_loads_virtuoso_through_the_graph_store_protocol(virtuoso: VirtuosoServer, local_store: Store) -> None:
    virtuoso.allow_updates()
    sources = [s for s in default_sources() if not s.graph.endswith("shapes")]
    endpoints = RemoteEndpoints(query_url=virtuoso.url, graph_store_url=virtuoso.graph_store_url)
    dataset = open_dataset(engine="remote", endpoints=endpoints, sources=sources)
    try:
        assert not dataset.reused
        assert set(dataset.store.graphs()) == {s.graph for s in sources} | {META_GRAPH}
        text = get_query("owners").text
        assert _normalised(text, run_named(dataset.store, "owners").records()) == _normalised(
            text, run_named(local_store, "owners").records()
        )
        again = open_dataset(engine="remote", endpoints=endpoints, sources=sources)
        assert again.reused
        again.store.close()  # type: ignore[attr-defined]
    finally:
        dataset.store.close()  # type: ignore[attr-defined]
