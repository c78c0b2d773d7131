"""The query workers cannot reach the network as an ordinary user, with the query checks off.

The tests run as root, where a worker also gets a network namespace of its own; an ordinary user
(or a default container) cannot have one (``unshare(CLONE_NEWNET)`` needs ``CAP_SYS_ADMIN``).
So these tests start workers and the whole server as the user ``nobody`` (uid 65534) with the
query checks switched off, hand them a ``SERVICE`` aimed at a local listener, and require that
nothing arrives — the seccomp wall alone holds. They also check that a server whose workers
would stand behind no wall refuses to start unless its operator allows it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import httpx
import pytest

from as_nobody import AS_NOBODY, NOBODY, NOBODY_PYTHON
from loopback import Listener
from tbgraph.sandbox.worker import Job, WorkerSpec

pytestmark = pytest.mark.skipif(
    NOBODY_PYTHON is None,
    reason="needs root to switch to the user nobody, and an interpreter nobody can run (this one or the system's)",
)


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_worker_run_by_nobody_stands_behind_seccomp_alone(listener: Listener) -> None:
    ours, theirs = socket.socketpair()
    assert NOBODY_PYTHON is not None
    python, env = NOBODY_PYTHON
    process = subprocess.Popen(
        [*AS_NOBODY, python, "-m", "tbgraph.sandbox.worker", str(theirs.fileno())],
        pass_fds=(theirs.fileno(),),
        stdin=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    theirs.close()
    conn = Connection(ours.detach())
    try:
        conn.send(WorkerSpec(check_queries=False))
        assert conn.poll(60)
        status, info = conn.recv()
        assert status == "ready"
        assert info["walls"] == {"namespace": False, "seccomp": True}  # nobody gets no namespace
        conn.send(Job(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"))
        assert conn.poll(60)
        reply = conn.recv()
    finally:
        process.kill()
        process.wait()
    assert reply.status == "error"
    assert "Permission denied" in reply.message or "os error 13" in reply.message
    assert listener.settle() == []


def _serve_as_nobody(home: Path, port: int, **env: str) -> subprocess.Popen[bytes]:
    assert NOBODY_PYTHON is not None
    python, python_env = NOBODY_PYTHON
    env = {**python_env, **env}
    return subprocess.Popen(
        [
            *AS_NOBODY,
            python,
            "-m",
            "tbgraph.cli.main",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "info",
        ],
        env={**os.environ, "TBGRAPH_HOME": str(home), "TBGRAPH_QUERY_WORKERS": "1", "HOME": str(home), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture
def home() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="tbgraph-nobody-"))
    os.chown(folder, NOBODY, NOBODY)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _wait(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"tbgraph serve exited with {process.returncode}:\n{output}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    pytest.fail("tbgraph serve did not answer /health within 120 s")


@pytest.mark.slow
def test_the_server_run_by_nobody_with_checks_off_sends_nothing(listener: Listener, home: Path) -> None:
    port = free_port()
    process = _serve_as_nobody(home, port, TBGRAPH_CHECK_QUERIES="false", TBGRAPH_VALIDATE_ON_START="false")
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(process, url)
        health = httpx.get(url + "/health").json()
        assert health["query_workers_network"] == "seccomp"
        query = f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"
        response = httpx.post(url + "/sparql", data={"query": query}, timeout=30)
        assert response.status_code == 400
        assert "could not be evaluated" in response.text
        assert listener.settle() == []
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.slow
def test_a_server_without_walls_refuses_to_start_unless_allowed(home: Path) -> None:
    port = free_port()
    refused = _serve_as_nobody(home, port, TBGRAPH_ISOLATE_QUERY_WORKERS="false", TBGRAPH_VALIDATE_ON_START="false")
    output = refused.communicate(timeout=120)[0].decode()
    assert refused.returncode != 0
    assert "cannot be cut off from the network" in output and "--allow-unisolated-queries" in output
    allowed = _serve_as_nobody(
        home,
        port,
        TBGRAPH_ISOLATE_QUERY_WORKERS="false",
        TBGRAPH_ALLOW_UNISOLATED_QUERIES="true",
        TBGRAPH_VALIDATE_ON_START="false",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(allowed, url)
        assert httpx.get(url + "/health").json()["query_workers_network"] == "none"
    finally:
        allowed.terminate()
        allowed.wait(timeout=20)
