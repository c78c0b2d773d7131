"""A genuinely expensive query is stopped at the time limit while the server keeps answering."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

# Four independent triple patterns: about 9 000^4 = 6.5e15 combinations to count over the data.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

pytestmark = pytest.mark.slow


def test_slow_query_is_cut_off_while_health_keeps_answering(strict_client: TestClient) -> None:
    limit = strict_client.app.state.tbgraph.settings.query_timeout  # type: ignore[attr-defined]
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        response = strict_client.get("/sparql", params={"query": SLOW})
        outcome["status"] = response.status_code
        outcome["text"] = response.text
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    health_times = []
    other_answers = []
    while thread.is_alive():
        started = time.monotonic()
        assert strict_client.get("/health").status_code == 200
        health_times.append(time.monotonic() - started)
        answer = strict_client.get("/sparql", params={"query": f"ASK {{ ?s ?p {len(other_answers)} }}"})
        other_answers.append(answer.status_code)
        time.sleep(0.1)
    thread.join()
    assert outcome["status"] == 503
    assert "time limit" in str(outcome["text"])
    assert limit <= float(outcome["seconds"]) < limit + 3  # type: ignore[arg-type]
    assert len(health_times) >= 3 and max(health_times) < 1.0
    assert set(other_answers) == {200}  # other queries ran on the other worker meanwhile


def test_the_worker_is_replaced_and_serves_again(strict_client: TestClient) -> None:
    executor = strict_client.app.state.tbgraph.executor  # type: ignore[attr-defined]
    response = strict_client.get("/sparql", params={"query": SLOW + " # again"})
    assert response.status_code == 503
    deadline = time.monotonic() + 30
    while executor.alive < executor.size and time.monotonic() < deadline:
        time.sleep(0.1)
    assert executor.alive == executor.size
    for n in range(4):  # every worker answers
        answer = strict_client.get("/sparql", params={"query": f"SELECT (COUNT(*) + {n} AS ?n) WHERE {{ ?s ?p ?o }}"})
        assert answer.status_code == 200
        assert int(json.loads(answer.content)["results"]["bindings"][0]["n"]["value"]) > 9000


def test_a_query_that_just_timed_out_is_refused_at_once(strict_client: TestClient) -> None:
    query = SLOW + " # remembered"
    assert strict_client.get("/sparql", params={"query": query}).status_code == 503
    started = time.monotonic()
    again = strict_client.get("/sparql", params={"query": query})
    assert again.status_code == 503
    assert time.monotonic() - started < 0.5


def test_a_query_waits_out_runaways_on_the_only_worker(client_with: Any) -> None:
    """With one worker and a 1 s limit, a query queued behind two runaways waits for both to be
    killed (and the worker replaced twice) — longer than the time limit — instead of 503 "busy"
    after waiting as long as the limit (``query_queue_wait``); each runaway is stopped at its limit."""
    with client_with(query_workers=1, query_timeout=1.0, query_queue_wait=15.0, validate_on_start=False) as client:
        outcome: dict[str, int] = {}

        def runaway(n: int) -> None:
            query = SLOW.replace("}", f"FILTER(?a != <urn:tbgraph:test:{n}>) }}")  # two different queries
            outcome[f"runaway {n}"] = client.get("/sparql", params={"query": query}).status_code

        threads = [threading.Thread(target=runaway, args=(n,)) for n in (1, 2)]
        for thread in threads:
            thread.start()
            time.sleep(0.2)  # the first has the only worker, the second waits for it
        started = time.monotonic()
        quick = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/json"})
        waited = time.monotonic() - started
        for thread in threads:
            thread.join()
        assert outcome == {"runaway 1": 503, "runaway 2": 503}
        assert quick.status_code == 200, quick.text
        assert json.loads(quick.text)["boolean"] is True
        assert waited > 1.5  # behind both runaways: longer than the 1 s a query could wait before
