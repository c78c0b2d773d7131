"""Issue 16's findings 3–8 and 12, one regression test each: bytes per answer, cache keys counted,
the request head's time limit, the Host header and redirects, a client gone mid-body, /metrics
and the JSON access log."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from tbgraph.api.middleware.cache import AnswerCache, CachedAnswer, key_bytes

SPARQL = {"Content-Type": "application/sparql-query"}


# -- 3. bytes per answer -----------------------------------------------------------------------------


def test_an_answer_is_cut_at_its_byte_limit(client_with: object) -> None:
    """Was: a 150-byte GROUP_CONCAT query returned 468 MB. Every triple's object, as rows, is cut at
    the byte limit, flagged; a single row larger than the limit is refused with 413."""
    with client_with(max_answer_bytes=64 * 1024, validate_on_start=False) as client:  # type: ignore[operator]
        rows = client.post("/sparql", content=b"SELECT ?o WHERE { ?s ?p ?o }", headers=SPARQL)
        assert rows.status_code == 200
        assert rows.headers["X-SPARQL-Truncated"] == "bytes"
        assert rows.headers["X-SPARQL-MaxBytes"] == str(64 * 1024)
        assert len(rows.content) < 2 * 64 * 1024
        big = client.post(
            "/sparql",
            content=b"SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?s ?p ?o FILTER(!isBlank(?o)) }",
            headers=SPARQL,
        )
        assert big.status_code == 413
        assert "larger than this endpoint's limit of 65,536 bytes" in big.text


# -- 4. cache keys counted -------------------------------------------------------------------------------


def test_the_cache_counts_its_keys() -> None:
    cache: AnswerCache[CachedAnswer] = AnswerCache(max_bytes=1024 * 1024)
    for i in range(200):
        cache.put(("v", "x" * 60_000 + str(i)), CachedAnswer(b"{}", "application/json", "", 0))
    # 200 keys of 60 KB each would be 12 MB: the cache holds at most its megabyte, keys included
    assert cache.size <= 1024 * 1024
    assert len(cache) <= 1024 * 1024 // 60_000
    assert key_bytes(("a", b"bc", ("d",))) > 3


def test_unknown_parameters_do_not_grow_the_server(client: TestClient) -> None:
    """Was: 60 KB unknown parameters on /api/goals, each kept as a key, grew the server to 1.26 GB."""
    kept = client.app.state.tbgraph_api_cache  # type: ignore[attr-defined]
    for i in range(40):
        assert client.get(f"/api/goals?junk{i}={'x' * 60_000}").status_code == 200
    assert kept.size <= kept.max_bytes


def test_a_refused_query_leaves_nothing_behind(client: TestClient) -> None:
    state = client.app.state.tbgraph  # type: ignore[attr-defined]
    before = state.cache.size
    for i in range(20):
        text = f"SELECT * WHERE {{ ?s ?p ?o }} # {i}" + " " * 100_000 + "\n}"
        assert client.post("/sparql", content=text.encode(), headers=SPARQL).status_code == 400
    assert state.cache.size == before


def test_a_query_longer_than_the_limit_is_refused_before_it_is_parsed(client_with: object) -> None:
    with client_with(max_query_bytes=4096, validate_on_start=False) as client:  # type: ignore[operator]
        text = "SELECT * WHERE { VALUES ?x { " + " ".join(f"<http://e/{i}>" for i in range(1000)) + " } }"
        response = client.post("/sparql", content=text.encode(), headers=SPARQL)
        assert response.status_code == 400
        assert "more than this endpoint's limit of 4,096 bytes" in response.text


# -- 7. Host header and redirects -----------------------------------------------------------------------


def test_redirects_never_name_the_clients_host(client: TestClient) -> None:
    """Was: Host: evil.example on /api/agencies/ answered 307 to http://evil.example/api/agencies."""
    response = client.get("/api/agencies/", follow_redirects=False)
    assert response.status_code in (307, 308)
    assert response.headers["location"] == "/api/agencies"


def test_only_allowed_hosts_are_answered(client_with: object) -> None:
    with client_with(allowed_hosts=[], validate_on_start=False) as client:  # type: ignore[operator]
        assert client.get("/health", headers={"Host": "evil.example"}).status_code == 400
        assert client.get("/api/agencies/", headers={"Host": "evil.example"}).status_code == 400
        assert client.get("/health", headers={"Host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/health", headers={"Host": "localhost"}).status_code == 200


def test_the_default_hosts() -> None:
    from tbgraph.api.middleware.hosts import allowed_hosts
    from tbgraph.api.settings import Settings

    assert "127.0.0.1" in allowed_hosts(Settings(allowed_hosts=[]))
    assert "evil.example" not in allowed_hosts(Settings(allowed_hosts=[]))
    assert "tb.example.org" in allowed_hosts(Settings(allowed_hosts=[], public_base_url="https://tb.example.org/x/"))
    assert allowed_hosts(Settings(allowed_hosts=[], host="0.0.0.0")) == ["*"]
    assert allowed_hosts(Settings(allowed_hosts=["a.example"])) == ["a.example"]


# -- 12. metrics and the access log -------------------------------------------------------------------------


def test_metrics_in_the_prometheus_format(client: TestClient) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    client.get("/api/agencies")
    client.get("/id/assignment/ehelse/TB2023-01", headers={"Accept": "text/turtle"})
    client.post("/sparql", content=b"ASK { ?s ?p ?o }", headers=SPARQL)
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(response.text)}
    requests = {
        (s.labels["route"], s.labels["method"], s.labels["status"]): s.value
        for s in families["tbgraph_http_requests"].samples
        if s.name == "tbgraph_http_requests_total"
    }
    assert requests[("/api/agencies", "GET", "200")] >= 1
    assert requests[("/sparql", "POST", "200")] >= 1
    assert not any("TB2023" in route for route, _, _ in requests)  # routes, not paths: bounded labels
    assert "tbgraph_http_request_duration_seconds" in families
    for name in (
        "tbgraph_query_timeouts",
        "tbgraph_query_workers_replaced",
        "tbgraph_cache_entries",
        "tbgraph_cache_bytes",
    ):
        assert name in families, name
    caches = {s.labels["cache"] for s in families["tbgraph_cache_entries"].samples}
    assert caches == {"sparql", "api"}


def test_json_access_log(client_with: object, caplog: pytest.LogCaptureFixture) -> None:
    with (
        client_with(access_log_json=True, validate_on_start=False) as client,  # type: ignore[operator]
        caplog.at_level(logging.INFO, logger="tbgraph.access"),
    ):
        client.get("/api/agencies/nhn")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "tbgraph.access"]
    assert lines and lines[-1]["route"] == "/api/agencies/{key}" and lines[-1]["status"] == 200
    assert set(lines[-1]) >= {"time", "client", "method", "path", "status", "bytes", "seconds"}


# -- 6 and 8: a real server: slow request heads, clients gone mid-body ------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, int, subprocess.Popen[bytes]]]:
    port = free_port()
    log = open(os.devnull, "wb")  # noqa: SIM115 - kept open for the server's life
    process = subprocess.Popen(
        [sys.executable, "-m", "tbgraph.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={
            **os.environ,
            "TBGRAPH_HEADER_TIMEOUT": "1.5",
            "TBGRAPH_QUERY_WORKERS": "1",
            "TBGRAPH_VALIDATE_ON_START": "false",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("tbgraph serve did not start")
    yield url, port, process
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_a_request_head_that_never_ends_is_closed(served: tuple[str, int, subprocess.Popen[bytes]]) -> None:
    """Was: connections that never finished their request head stayed open indefinitely."""
    _, port, _ = served
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sock.settimeout(10)
        started = time.monotonic()
        assert sock.recv(1024) == b""  # closed by the server
        assert time.monotonic() - started < 6
    with socket.create_connection(("127.0.0.1", port)) as idle:  # sends nothing at all
        idle.settimeout(10)
        assert idle.recv(1024) == b""


def test_a_client_gone_mid_body_leaves_no_traceback(served: tuple[str, int, subprocess.Popen[bytes]]) -> None:
    """Was: ~78 lines of traceback in the log, every time."""
    url, port, process = served
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 5000\r\n\r\nSELECT * WHERE {"
            )
    assert httpx.get(url + "/health").status_code == 200
    process.terminate()
    output = process.communicate(timeout=20)[0].decode()
    assert "Traceback" not in output, output[-3000:]
