"""``tbgraph serve`` started for real (uvicorn on a free loopback port), queried by SPARQLWrapper."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


TITLE_QUERY = """PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?title WHERE { <https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-01> dcterms:title ?title
FILTER(LANG(?title) = "nb") }"""
TITLE = "Innføring av nasjonale e-helseløsninger"  # section 2.1.1, line 364


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "TBGRAPH_QUERY_WORKERS": "2"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tbgraph.cli.main",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"tbgraph serve exited with {process.returncode}:\n{output}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("tbgraph serve did not answer /health within 90 s")
    yield url
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wrapper(server: str) -> SPARQLWrapper:
    return SPARQLWrapper(server + "/sparql")


def test_select_json(server: str) -> None:
    sparql = wrapper(server)
    sparql.setQuery(TITLE_QUERY)
    sparql.setReturnFormat(JSON)
    result = sparql.queryAndConvert()
    assert [b["title"]["value"] for b in result["results"]["bindings"]] == [TITLE]  # type: ignore[index]


def test_select_xml_by_post(server: str) -> None:
    sparql = wrapper(server)
    sparql.setQuery(TITLE_QUERY)
    sparql.setMethod(POST)
    sparql.setReturnFormat(XML)
    document = sparql.queryAndConvert()
    assert TITLE in document.toxml()  # type: ignore[union-attr]


def test_select_csv(server: str) -> None:
    sparql = wrapper(server)
    sparql.setQuery(TITLE_QUERY)
    sparql.setReturnFormat(CSV)
    assert sparql.queryAndConvert().decode().splitlines() == ["title", TITLE]  # type: ignore[union-attr]


def test_ask(server: str) -> None:
    sparql = wrapper(server)
    sparql.setQuery("ASK { ?a a <https://w3id.org/tbgraph/ontology#Assignment> }")
    sparql.setReturnFormat(JSON)
    assert sparql.queryAndConvert()["boolean"] is True  # type: ignore[index]


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD])
def test_construct(server: str, fmt: str) -> None:
    sparql = wrapper(server)
    sparql.setQuery("CONSTRUCT WHERE { <https://w3id.org/tbgraph/id/org/nhn> ?p ?o }")
    sparql.setReturnFormat(fmt)
    result = sparql.queryAndConvert()
    graph = (
        result
        if isinstance(result, rdflib.Graph)
        else rdflib.Graph().parse(data=result, format="turtle" if fmt == TURTLE else "json-ld")
    )
    assert (
        rdflib.URIRef("https://w3id.org/tbgraph/id/org/nhn"),
        rdflib.RDFS.label,
        rdflib.Literal("Norsk helsenett SF", lang="nb"),
    ) in graph


def test_malformed_query_raises_query_bad_formed(server: str) -> None:
    sparql = wrapper(server)
    sparql.setQuery("SELECT * WHERE { ?s ?p }")
    sparql.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="malformed query"):
        sparql.queryAndConvert()


def test_rest_and_pages_on_the_real_server(server: str) -> None:
    assert httpx.get(server + "/api/assignments/TB2023-01").json()["title"]["nb"] == TITLE
    page = httpx.get(server + "/sparql", headers={"Accept": "text/html"})
    assert "codemirror" in page.text
    assert httpx.get(server + "/id/org/nhn", headers={"Accept": "text/turtle"}).status_code == 200
