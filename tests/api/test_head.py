"""HEAD is GET without the body (RFC 9110 §9.3.2) on every route that answers GET (tbgraph.api.middleware.head)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

# The front page, the health report, a REST list, a question of the letter (TB2023-15's
# dependencies, section 2.3.2), a SPARQL answer, a minted IRI (Norsk helsenett SF), the ontology,
# and the OpenAPI document.
PATHS = [
    "/",
    "/health",
    "/api/assignments?limit=3",
    "/api/ask/dependencies?assignment=TB2023-15",
    "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
    "/id/org/nhn",
    "/ontology",
    "/openapi.json",
]

#: Bodies that change between two requests: the health report carries the uptime.
CHANGING = {"/health"}


@pytest.mark.parametrize("path", PATHS)
def test_head_carries_the_gets_headers_and_no_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == 200, (path, got.text[:200])
    assert head.status_code == 200
    assert head.content == b""
    for name in (
        "content-type",
        *(() if path in CHANGING else ("content-length",)),
        "content-encoding",
        "etag",
        "link",
        "x-total-count",
        "content-security-policy",
    ):
        assert head.headers.get(name) == got.headers.get(name), (path, name)
    # The length of the body as sent: gzip-compressed for answers kept compressed (tbgraph.api.middleware.compression).
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert plain.headers.get("content-encoding") is None
    if path in CHANGING:
        return
    assert int(client.head(path, headers={"Accept-Encoding": "identity"}).headers["content-length"]) == len(
        plain.content
    )


def test_head_of_an_unknown_agency_is_the_same_404(client: TestClient) -> None:
    assert client.head("/api/agencies/no-such-agency").status_code == 404
    assert client.head("/api/agencies/no-such-agency").content == b""


def test_a_post_only_route_still_refuses_head(client: TestClient) -> None:
    response = client.head("/api/validate")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
