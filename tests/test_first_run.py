"""A new user's first run (issue 18): each stumble of a fresh clone, as a test.

`tbgraph serve` on a port in use, the server without the npm packages, and the REST API's links
to owners are tested here; the command line's (dates, formats, tables) in test_cli.py, the
README's tour in test_readme.py.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from project_paths import ROOT
from tbgraph.cli.commands.serve import port_problem, warn_missing_browser_libraries


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_serve_on_a_port_in_use_says_so_before_starting(taken_port: int) -> None:
    """Not "ready", "Application startup complete" and then exit 3 "internal error": an error
    naming the port and --port, exit 2, before the data is even loaded."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "tbgraph.cli", "serve", "--port", str(taken_port)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=60,
    )
    assert result.returncode == 2
    assert f"port {taken_port} on 127.0.0.1 is already in use" in result.stderr
    assert f"--port {taken_port + 1}" in result.stderr
    assert "tbgraph ready" not in result.stderr and "startup" not in result.stderr
    assert "internal error" not in result.stderr
    assert time.perf_counter() - started < 10  # nothing loaded: only the command's own imports


def test_port_problems_name_the_option_to_change() -> None:
    assert port_problem("no-such-host.invalid", 8000).startswith("--host no-such-host.invalid")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    assert port_problem("127.0.0.1", port) is None


def test_a_server_without_the_npm_packages_says_so_at_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="tbgraph.api"):
        warn_missing_browser_libraries(tmp_path)
    [record] = caplog.records
    message = record.getMessage()
    assert "npm ci --prefix web" in message and str(tmp_path) in message
    for package in ("codemirror", "cytoscape", "swagger-ui-dist"):
        assert package in message
    for page in ("/docs", "/explore"):
        assert page in message
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="tbgraph.api"):
        warn_missing_browser_libraries(ROOT / "web" / "node_modules")  # installed by scripts/*.sh
    assert caplog.records == []


@pytest.fixture(scope="module")
def bare_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The application with an empty folder for the npm packages, as on a clone without `npm ci`."""
    from tbgraph.api import Settings, create_app

    app = create_app(Settings(vendor_dir=tmp_path_factory.mktemp("node_modules"), query_workers=1))
    with TestClient(app) as client:
        yield client


def test_docs_without_swagger_ui_says_how_to_install_it(bare_client: TestClient) -> None:
    response = bare_client.get("/docs")
    assert response.status_code == 503
    assert "npm ci --prefix web" in response.text
    assert 'href="/openapi.json"' in response.text
    assert bare_client.get("/openapi.json").status_code == 200
    # the script the page would have loaded is a 404 that says the same
    script = bare_client.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js")
    assert script.status_code == 404 and "npm ci --prefix web" in script.text


def test_assignment_owners_link_by_iri(bare_client: TestClient) -> None:
    """/api/assignments gave "owner": {"iri": null}. Every assignment of the letter is owned by its
    recipient, Direktoratet for e-helse (TB2023-01: "Direktoratet skal ... vurdere", lines 366-368)."""
    listed = bare_client.get("/api/assignments").json()
    assert len(listed) == 26
    owners = {(a["owner"]["key"], a["owner"]["iri"]) for a in listed}
    assert owners == {("ehelse", "https://w3id.org/tbgraph/id/org/ehelse")}
    detail = bare_client.get("/api/assignments/TB2023-07").json()
    assert detail["owner"]["iri"] == next(a for a in listed if a["id"] == "TB2023-07")["owner"]["iri"]
    filtered = bare_client.get("/api/assignments", params={"agency": "nhn"}).json()
    assert all(a["owner"]["iri"] == "https://w3id.org/tbgraph/id/org/ehelse" for a in filtered)


# -- scripts/serve.sh and scripts/test.sh: say what they install, and install only what changed ---------

_FAKE_PYTHON = """#!/usr/bin/env bash
echo "python $*" >> "$TBGRAPH_FAKE_LOG"
case "$*" in
  --version) echo "Python 3.11.9" ;;
  *"-e "*) echo "Collecting rdflib"; echo "Collecting pyoxigraph"; echo "noise"
           echo "Successfully installed tbgraph"; touch "$(dirname "$0")/tbgraph"; chmod +x "$(dirname "$0")/tbgraph" ;;
esac
"""
_FAKE_NPM = """#!/usr/bin/env bash
echo "npm $*" >> "$TBGRAPH_FAKE_LOG"
mkdir -p web/node_modules/codemirror
"""


@pytest.fixture
def project_copy(tmp_path: Path) -> tuple[Path, dict[str, str], Path]:
    """A copy of the files scripts/install.sh reads, with a fake .venv python and npm that log
    their calls instead of reaching PyPI and npm."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    (project / "web").mkdir()
    (project / "scripts" / "install.sh").write_bytes((ROOT / "scripts" / "install.sh").read_bytes())
    (project / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    (project / "web" / "package-lock.json").write_bytes((ROOT / "web" / "package-lock.json").read_bytes())
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text(_FAKE_PYTHON)
    (bin_dir / "python").chmod(0o755)
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "npm").write_text(_FAKE_NPM)
    (tools / "npm").chmod(0o755)
    log = tmp_path / "calls.log"
    env = {**os.environ, "PATH": f"{tools}:{os.environ['PATH']}", "TBGRAPH_FAKE_LOG": str(log)}
    env.pop("TBGRAPH_REINSTALL", None)
    return project, env, log


def _install(project: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/install.sh", *extra], cwd=project, env=env, capture_output=True, text=True, timeout=60
    )


def test_install_says_what_it_does_and_skips_what_has_not_changed(
    project_copy: tuple[Path, dict[str, str], Path],
) -> None:
    project, env, log = project_copy
    first = _install(project, env, "test")
    assert first.returncode == 0, first.stderr
    assert "installing tbgraph with its test extra" in first.stderr
    assert "Collecting rdflib" in first.stderr and "noise" not in first.stderr  # progress, not pip's chatter
    assert "installing the browser libraries from npm" in first.stderr
    assert "run .venv/bin/tbgraph, or 'source .venv/bin/activate'" in first.stderr.splitlines()[-1]
    calls = log.read_text().splitlines()
    assert "python -m pip install --progress-bar off -e .[test]" in calls
    assert any(call.startswith("npm ci --prefix web") for call in calls)

    log.write_text("")
    again = _install(project, env, "test")
    assert again.returncode == 0, again.stderr
    assert "Python packages up to date" in again.stderr and "browser libraries up to date" in again.stderr
    assert [c for c in log.read_text().splitlines() if "pip" in c or c.startswith("npm")] == []

    # another extra, or a changed pyproject.toml, reinstalls the Python side only
    other = _install(project, env)
    assert "installing tbgraph and its dependencies" in other.stderr and "browser libraries up to date" in other.stderr
    (project / "pyproject.toml").write_text((project / "pyproject.toml").read_text() + "\n# changed\n")
    log.write_text("")
    changed = _install(project, env)
    assert "installing tbgraph" in changed.stderr
    assert not any(c.startswith("npm") for c in log.read_text().splitlines())
    # a changed lock file reinstalls the browser libraries only
    lock = project / "web" / "package-lock.json"
    lock.write_text(lock.read_text() + "\n")
    log.write_text("")
    relock = _install(project, env)
    assert "Python packages up to date" in relock.stderr
    assert [c.split()[:2] for c in log.read_text().splitlines() if c.startswith("npm")] == [["npm", "ci"]]


def test_the_run_and_test_commands_use_the_install_script() -> None:
    for script in ("serve.sh", "test.sh"):
        text = (ROOT / "scripts" / script).read_text()
        assert "bash scripts/install.sh" in text and "pip install" not in text and "npm ci" not in text
