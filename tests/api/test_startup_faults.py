"""Faults at start-up: corrupt or non-conforming data is refused, or the last good data is served.

Never half a graph: the server either refuses to start (exit status 3, the message naming the file
and line, or the SHACL violation), or — with ``--last-good DIR`` — starts on the copy of the data
kept by the last start whose data conformed, saying so in the log and in ``/health``.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tbgraph.api.startup import lastgood
from tbgraph.api.state import StartupRefused
from tbgraph.model.resources import resource_root

LETTER = Path("data") / "letters" / "2023-hod-ehelse.ttl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def copy_root(folder: Path) -> Path:
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(resource_root() / name, folder / name)
    return folder


def break_syntax(root: Path, line: int = 400) -> int:
    """Append an unterminated IRI to ``line`` of the letter; returns the line number."""
    path = root / LETTER
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] += " <unterminated"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return line


def break_conformance(root: Path) -> None:
    """TB2023-01 loses its owner (the shapes require exactly one)."""
    path = root / LETTER
    text, n = re.subn(
        r"<assignment/ehelse/TB2023-01/involvement/ehelse-owner>,?\s*",
        "",
        path.read_text(encoding="utf-8"),
        count=1,
    )
    assert n == 1
    path.write_text(text, encoding="utf-8")


def restore(root: Path) -> None:
    shutil.copyfile(resource_root() / LETTER, root / LETTER)


def sparql_count(client: Any) -> int:
    response = client.get("/sparql", params={"query": COUNT})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# -- refusing ------------------------------------------------------------------------------------


def test_corrupt_turtle_is_refused_naming_file_and_line(client_with: Any, tmp_path: Path) -> None:
    root = copy_root(tmp_path)
    line = break_syntax(root)
    with pytest.raises(StartupRefused) as refused, client_with(data_root=root, query_workers=1):
        pass
    message = str(refused.value)
    assert "2023-hod-ehelse.ttl" in message
    assert f"line {line}" in message


def test_no_last_good_copy_yet_still_refuses(client_with: Any, tmp_path: Path) -> None:
    root = copy_root(tmp_path / "root")
    break_syntax(root)
    with (
        pytest.raises(StartupRefused, match="no last good copy"),
        client_with(data_root=root, last_good=tmp_path / "kept", query_workers=1),
    ):
        pass


def _serve(root: Path, *args: str, port: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tbgraph.cli", "serve", "--port", str(port), "--log-level", "warning", *args],
        env={**os.environ, "TBGRAPH_DATA_ROOT": str(root), "TBGRAPH_QUERY_WORKERS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_tbgraph_serve_exits_3_naming_file_and_line(tmp_path: Path, workers: str) -> None:
    """The real command: exit status 3, the file and line in its output, whatever the worker count
    (with several workers uvicorn itself returned normally: `tbgraph serve` exited 0)."""
    root = copy_root(tmp_path)
    line = break_syntax(root)
    process = _serve(root, "--workers", workers)
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 3, output
    assert re.search(rf"refuses to start: the data does not load: \S*2023-hod-ehelse\.ttl: .*line {line}", output)


@pytest.mark.slow
def test_tbgraph_serve_exits_3_naming_the_violation(tmp_path: Path) -> None:
    root = copy_root(tmp_path)
    break_conformance(root)
    process = _serve(root)
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 3, output
    assert "does not conform" in output
    assert "TB2023-01" in output
    assert "--allow-nonconforming" in output


# -- the last good data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A good start with --last-good: the copy it keeps, and what it served."""
    from fastapi.testclient import TestClient

    from tbgraph.api import Settings, create_app

    base = tmp_path_factory.mktemp("last-good")
    root = copy_root(base / "root")
    folder = base / "kept"
    app = create_app(Settings(data_root=root, last_good=folder, query_workers=1))
    with TestClient(app) as client:
        health = client.get("/health").json()
        count = sparql_count(client)
    return {"root": root, "folder": folder, "health": health, "count": count}


def test_a_good_start_keeps_a_copy(kept: dict[str, Any]) -> None:
    assert kept["health"]["data"] == "current"
    assert kept["health"]["reason"] is None
    snapshot = lastgood.latest(kept["folder"])
    assert snapshot is not None
    assert snapshot.data_version == kept["health"]["data_version"]
    names = {s.path.name for s in snapshot.sources}
    assert "2023-hod-ehelse.ttl" in names and "organisations.ttl" in names
    copied = next(s.path for s in snapshot.sources if s.path.name == "2023-hod-ehelse.ttl")
    assert copied.read_bytes() == (resource_root() / LETTER).read_bytes()


@pytest.mark.parametrize("fault", ["syntax", "conformance"])
def test_a_broken_start_serves_the_last_good_data(
    client_with: Any, kept: dict[str, Any], fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    root: Path = kept["root"]
    if fault == "syntax":
        break_syntax(root)
    else:
        break_conformance(root)
    try:
        with (
            caplog.at_level(logging.ERROR, logger="tbgraph.api"),
            client_with(data_root=root, last_good=kept["folder"], query_workers=1) as client,
        ):
            health = client.get("/health").json()
            assert health["data"] == "last-good"
            assert health["data_version"] == kept["health"]["data_version"]
            assert health["triples"] == kept["health"]["triples"]
            assert health["conforms"] is True
            if fault == "syntax":
                assert "2023-hod-ehelse.ttl" in health["reason"] and "line 400" in health["reason"]
            else:
                assert "does not conform" in health["reason"] and "TB2023-01" in health["reason"]
            # the whole last good graph, in the server and in the query workers alike
            assert sparql_count(client) == kept["count"]
            assert client.get("/api/assignments/TB2023-01").json()["owner"] is not None
    finally:
        restore(root)
    assert "SERVING THE LAST GOOD DATA" in caplog.text
    # the broken start did not replace the copy
    snapshot = lastgood.latest(kept["folder"])
    assert snapshot is not None and snapshot.data_version == kept["health"]["data_version"]


def test_a_nonconforming_start_that_is_allowed_keeps_no_copy(client_with: Any, tmp_path: Path) -> None:
    root = copy_root(tmp_path / "root")
    break_conformance(root)
    folder = tmp_path / "kept"
    with client_with(data_root=root, last_good=folder, allow_nonconforming=True, query_workers=1) as client:
        assert client.get("/health").json()["conforms"] is False
    assert lastgood.latest(folder) is None


def test_a_persistent_store_is_not_served_half_loaded(client_with: Any, kept: dict[str, Any], tmp_path: Path) -> None:
    """With --store the broken load leaves a partial store on disk; the last good data replaces it."""
    root: Path = kept["root"]
    store = tmp_path / "store"
    break_syntax(root)
    try:
        with client_with(data_root=root, store=store, query_workers=1, validate_on_start=False) as _:
            pytest.fail("the broken data started")
    except StartupRefused:
        pass
    try:
        with client_with(data_root=root, store=store, last_good=kept["folder"], query_workers=1) as client:
            assert client.get("/health").json()["data"] == "last-good"
            assert sparql_count(client) == kept["count"]
    finally:
        restore(root)


def test_a_broken_reload_leaves_the_served_store_as_it_was(
    client_with: Any, kept: dict[str, Any], tmp_path: Path
) -> None:
    """A store that served the data is not touched by a start on files that do not load: the start is
    refused naming the file and line and saying so, and the store still holds the data it served."""
    from tbgraph.dataset.loader import default_sources
    from tbgraph.dataset.opening import open_dataset

    root: Path = kept["root"]
    store = tmp_path / "stores" / "store"
    store.parent.mkdir()
    with client_with(data_root=root, store=store, query_workers=1, validate_on_start=False) as client:
        assert sparql_count(client) == kept["count"]
    del client
    gc.collect()  # the application held the store (and RocksDB's lock on it)
    line = break_syntax(root)
    try:
        with (
            pytest.raises(StartupRefused) as refused,
            client_with(data_root=root, store=store, query_workers=1, validate_on_start=False),
        ):
            pytest.fail("the broken data started")
        assert f"line {line}" in str(refused.value) and f"the store {store} was left as it was" in str(refused.value)
    finally:
        restore(root)
    assert sorted(p.name for p in store.parent.iterdir()) == [".store.swap-lock", "store"]
    again = open_dataset(store_path=store, sources=default_sources(root=root))
    assert again.reused and again.report.triples == len(again.store)


def test_a_store_that_cannot_take_new_data_serves_the_last_good_data_it_holds(
    client_with: Any, kept: dict[str, Any], tmp_path: Path
) -> None:
    """A store whose folder cannot be replaced (here a file stands where the new data would load) keeps
    what it held, and the start is refused saying so; with --last-good the server starts on the copy,
    which that store holds already (the same data version, so it is not loaded again)."""
    root: Path = kept["root"]
    store = tmp_path / "stores" / "store"
    store.parent.mkdir()
    with client_with(data_root=root, store=store, query_workers=1, validate_on_start=False) as client:
        assert sparql_count(client) == kept["count"]
    del client
    gc.collect()  # the application held the store (and RocksDB's lock on it)
    letter = root / LETTER
    letter.write_text(letter.read_text(encoding="utf-8") + "# changed after the copy was kept\n", encoding="utf-8")
    in_the_way = store.parent / f"store.loading-{os.getpid()}"  # the server loads in this process
    in_the_way.write_text("not a folder", encoding="utf-8")
    try:
        with (
            pytest.raises(StartupRefused) as refused,
            client_with(data_root=root, store=store, query_workers=1, validate_on_start=False),
        ):
            pytest.fail("a store that cannot take the data started on it")
        assert str(refused.value).startswith(f"the store cannot take the data: cannot make the folder {in_the_way}")
        assert str(refused.value).endswith(f"the store {store} was left as it was, with the data it held before")
        gc.collect()
        with client_with(
            data_root=root, store=store, last_good=kept["folder"], query_workers=1, validate_on_start=False
        ) as client:
            health = client.get("/health").json()
            assert health["data"] == "last-good" and health["data_version"] == kept["health"]["data_version"]
            assert health["reason"].startswith("the store cannot take the data: cannot make the folder")
            assert sparql_count(client) == kept["count"]
    finally:
        restore(root)
        in_the_way.unlink()


def test_an_incomplete_copy_is_not_used(tmp_path: Path) -> None:
    """A copy whose files went missing is no last good data."""
    source = resource_root() / LETTER
    from tbgraph.dataset.loader import SourceFile

    snapshot = lastgood.save(tmp_path, [SourceFile(source, "https://example.org/g")], "v1")
    assert lastgood.latest(tmp_path) == snapshot
    snapshot.sources[0].path.unlink()
    assert lastgood.latest(tmp_path) is None


@pytest.mark.slow
def test_tbgraph_serve_last_good_on_the_command_line(kept: dict[str, Any]) -> None:
    root: Path = kept["root"]
    break_syntax(root)
    port = _free_port()
    process = _serve(root, "--last-good", str(kept["folder"]), port=port)
    try:
        health = _wait_for_health(process, f"http://127.0.0.1:{port}")
        assert health["data"] == "last-good"
        assert "line 400" in health["reason"]
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        restore(root)
    assert "SERVING THE LAST GOOD DATA" in output


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_health(process: subprocess.Popen[str], url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"tbgraph serve exited with {process.returncode}:\n{output}")
        try:
            response = httpx.get(url + "/health", timeout=1)
            if response.status_code == 200:
                return response.json()  # type: ignore[no-any-return]
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("tbgraph serve did not answer /health within 120 s")
