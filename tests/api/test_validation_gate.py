"""POST /api/validate takes uploads one at a time (``validations_at_once``) and sends a client that
waited past the time limit away with 503, instead of giving every upload a thread of its own."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tbgraph.api import validation_process

# An assignment as the letter states them (section 2.3.2, "TB2023-15", lines 700-740), but without
# the identifier and title every assignment has: the shapes must say so.
UPLOAD = b"""
@prefix tb: <https://w3id.org/tbgraph/ontology#> .
<https://w3id.org/tbgraph/id/assignment/upload/TB2023-15> a tb:Assignment .
"""
TURTLE = {"Content-Type": "text/turtle"}


def test_a_waiting_upload_is_sent_away_and_the_next_one_is_validated(
    monkeypatch: pytest.MonkeyPatch, client_with: Any
) -> None:
    inside = threading.Event()
    release = threading.Event()
    real = validation_process.validate_upload

    async def held(*args: Any, **kwargs: Any) -> Any:
        inside.set()
        await asyncio.to_thread(release.wait, 30)
        return await real(*args, **kwargs)

    monkeypatch.setattr(validation_process, "validate_upload", held)
    settings = {"query_timeout": 1.0, "validate_on_start": False, "query_workers": 1}
    with client_with(**settings) as client, ThreadPoolExecutor(1) as pool:
        first = pool.submit(client.post, "/api/validate", content=UPLOAD, headers=TURTLE)
        assert inside.wait(30), "the first upload never reached the validator"
        waiting = client.post("/api/validate", content=UPLOAD, headers=TURTLE)
        assert waiting.status_code == 503
        assert waiting.headers["Retry-After"] == "5"
        assert "still waiting its turn (1 at a time)" in waiting.json()["detail"]
        release.set()
        answered = first.result(30)
        assert answered.status_code == 200
        assert answered.json()["conforms"] is False
        # The turn was given back: the next upload is validated, with the same report.
        again = client.post("/api/validate", content=UPLOAD, headers=TURTLE)
        assert again.status_code == 200
        assert again.json() == answered.json()
        paths = {str(r["path"]) for r in again.json()["results"]}
        assert any("identifier" in p for p in paths), paths


def test_a_validation_past_the_time_limit_is_stopped_and_the_next_one_runs(client_with: Any, tmp_path: Path) -> None:
    """Synthetic letters (tbgraph synthesize: the letter's shape), as many as fit in the largest body
    accepted, take about 4 s to validate here and the small upload above about 0.5 s; with a 1.5 s
    limit the first validation process is killed and the client told so, and the next upload is
    validated as usual."""
    from tbgraph.api.settings import Settings
    from tbgraph.growth.letters import write_dataset

    big = b""
    for path in write_dataset(tmp_path, 10).letters:
        if len(big) + path.stat().st_size + 1 > Settings().max_body_bytes:
            break
        big += path.read_bytes() + b"\n"
    validation_process.warm()  # the fork server's one-off start is not what is timed here
    settings = {"query_timeout": 1.5, "validate_on_start": False, "query_workers": 1}
    with client_with(**settings) as client:
        stopped = client.post("/api/validate", content=big, headers=TURTLE)
        assert stopped.status_code == 503
        assert "took longer than the time limit of 1.5 s and was stopped" in stopped.json()["detail"]
        small = client.post("/api/validate", content=UPLOAD, headers=TURTLE)
        assert small.status_code == 200
        assert small.json()["conforms"] is False
