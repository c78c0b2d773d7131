"""``tbgraph query`` is as safe as the server's endpoint: the same checks, a process that cannot reach
the network, a time limit, a row cap and a memory bound by default (issue 16, finding 9)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from loopback import Listener
from project_paths import ROOT


def tbgraph(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tbgraph.cli", "query", "-", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.close()


def test_service_is_refused_with_exit_2_and_nothing_sent(listener: Listener) -> None:
    done = tbgraph(stdin=f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}")
    assert done.returncode == 2
    assert "SERVICE is not allowed" in done.stderr
    assert "Traceback" not in done.stderr and "This is a bug" not in done.stderr
    assert listener.settle() == []


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD is SPARQL Update"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT DATA is SPARQL Update"),
        ("SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }", "not a graph of this dataset"),
        ("SELECT * WHERE { ?s a tb:Assignment }", "PREFIX tb: <https://w3id.org/tbgraph/ontology#>"),
    ],
)
def test_refused_with_exit_2_and_a_clear_message(query: str, words: str) -> None:
    done = tbgraph(stdin=query)
    assert done.returncode == 2, done.stderr
    assert words in " ".join(done.stderr.split())


def test_a_graph_of_the_dataset_in_from_is_fine() -> None:
    query = (
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/tbgraph/graph/letter/ehelse/2023> "
        "WHERE { ?a a <https://w3id.org/tbgraph/ontology#Assignment> }"
    )
    done = tbgraph("--format", "csv", stdin=query)
    assert done.returncode == 0
    assert done.stdout.split() == ["n", "26"]  # the letter's 26 assignments, TB2023-01 … TB2023-26


def test_the_time_limit_stops_a_runaway_query() -> None:
    started = time.monotonic()
    done = tbgraph("--timeout", "2", stdin="SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert done.returncode == 4
    assert "time limit of 2 s" in " ".join(done.stderr.split())
    assert time.monotonic() - started < 60


def test_the_row_cap_cuts_a_cross_product_and_says_so() -> None:
    """Was: 10 minutes and 13.5 GB with no output."""
    done = tbgraph("--format", "csv", "--max-rows", "50", stdin="SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert done.returncode == 0
    assert len(done.stdout.strip().splitlines()) == 51  # a header and 50 rows
    assert "cut at 50 rows" in done.stderr


def test_the_default_limits_are_the_servers() -> None:
    from tbgraph.api.settings import Settings
    from tbgraph.cli.commands.query import _DEFAULTS

    settings = Settings()
    assert {
        "timeout": settings.query_timeout,
        "max_rows": settings.max_rows,
        "memory": settings.worker_memory_mb,
    } == _DEFAULTS
