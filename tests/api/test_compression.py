"""Answers kept as sent and sent gzip-compressed (tbgraph.api.middleware: response_cache, compression).

The facts asserted come from the letter: Norsk helsenett SF (nhn) provides input to TB2023-01
(section 2.1.1, lines 366-368); the letter has 26 assignments under its main goals (sections 2.1-2.3).
"""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tbgraph.api.middleware.compression import accepts_gzip, compress, decompress, vary
from tbgraph.api.middleware.response_cache import ResponseCache

IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}


def _response_cache(client: TestClient) -> ResponseCache:
    """The application's ResponseCache middleware (built on the first request)."""
    client.get("/health")
    layer: Any = client.app.middleware_stack  # type: ignore[attr-defined]
    while layer is not None and not isinstance(layer, ResponseCache):
        layer = getattr(layer, "app", None)
    assert layer is not None, "ResponseCache is not in the middleware stack"
    return layer


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        (None, False),
        ("", False),
        ("gzip", True),
        ("GZIP", True),
        ("deflate, gzip;q=0.5", True),
        ("x-gzip", True),
        ("gzip;q=0", False),
        ("*", True),
        ("*;q=0", False),
        ("gzip;q=0, *", False),  # the named coding wins over the wildcard
        ("identity", False),
        ("br, deflate", False),
        ("gzip;q=nonsense", False),
    ],
)
def test_accept_encoding_is_read_as_rfc_9110_says(header: str | None, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


def test_compression_is_deterministic_and_reversible() -> None:
    body = b'{"rows": [' + b'{"id": "TB2023-01"},' * 500 + b"]}"
    assert compress(body) == compress(body)  # no time stamp in the gzip header
    assert decompress(compress(body)) == body
    assert len(compress(body)) < len(body) // 10


def test_vary_adds_each_name_once() -> None:
    assert vary(None, "Accept", "Accept-Encoding") == "Accept, Accept-Encoding"
    assert vary("accept, Origin", "Accept", "Accept-Encoding") == "accept, Origin, Accept-Encoding"


def test_a_rest_list_is_sent_compressed_and_reads_the_same(client: TestClient) -> None:
    zipped = client.get("/api/assignments", headers=GZIP)
    plain = client.get("/api/assignments", headers=IDENTITY)
    assert zipped.status_code == plain.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert int(zipped.headers["content-length"]) < len(plain.content) // 3
    assert zipped.json() == plain.json()
    assert "Accept-Encoding" in zipped.headers["vary"] and "Accept" in zipped.headers["vary"]
    # Sections 2.1-2.3: 26 numbered assignments, TB2023-01 first.
    rows = plain.json()
    assert len(rows) == 26 and rows[0]["id"] == "TB2023-01"
    # The security headers are added outside the kept answer, to kept answers too.
    assert zipped.headers["x-content-type-options"] == "nosniff"


def test_a_repeated_ask_is_answered_from_the_kept_body(client: TestClient) -> None:
    cache = _response_cache(client)
    path = "/api/agencies/nhn/assignments?role=providing-input"
    first = client.get(path)
    hits = cache.kept.hits
    second = client.get(path)
    assert cache.kept.hits == hits + 1
    assert first.content == second.content
    assert "TB2023-01" in [row["id"] for row in second.json()]  # section 2.1.1, lines 366-368


def test_errors_are_not_kept(client: TestClient) -> None:
    cache = _response_cache(client)
    entries = len(cache.kept)
    for _ in range(2):
        response = client.get("/api/agencies/no-such-agency")
        assert response.status_code == 404
        assert "no-such-agency" in response.text
    assert len(cache.kept) == entries


def test_links_follow_the_host_asked(client: TestClient) -> None:
    """The calendar feed links each deadline to its page on the host asked: kept per host."""
    one = client.get("/api/deadlines.ics", headers={"Host": "one.example"})
    two = client.get("/api/deadlines.ics", headers={"Host": "two.example"})
    assert one.status_code == two.status_code == 200
    # TB2023-01 is due 1 May 2023 (section 2.1.1, lines 364-374).
    assert "http://one.example/id/assignment/ehelse/TB2023-01" in one.text
    assert "two.example" not in one.text
    assert "http://two.example/id/assignment/ehelse/TB2023-01" in two.text


def test_a_large_sparql_answer_is_kept_compressed(client: TestClient) -> None:
    query = (
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "SELECT ?s ?title WHERE { ?s dcterms:title ?title } ORDER BY ?s ?title # compression probe"
    )
    json = {"Accept": "application/sparql-results+json"}
    zipped = client.get("/sparql", params={"query": query}, headers={**GZIP, **json})
    plain = client.get("/sparql", params={"query": query}, headers={**IDENTITY, **json})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert zipped.json() == plain.json()
    assert "Accept-Encoding" in plain.headers["vary"]
    titles = {b["title"]["value"] for b in plain.json()["results"]["bindings"]}
    assert any(t.startswith("Innføring") for t in titles)  # TB2023-01's title, section 2.1.1
    state = client.app.state.tbgraph  # type: ignore[attr-defined]
    kept = [a for a in state.cache._entries.values() if a.encoding == "gzip"]
    assert any(gzip.decompress(a.body) == plain.content for a in kept)


def test_the_kept_answers_can_be_turned_off(client_with: Any) -> None:
    with client_with(api_cache_bytes=0, validate_on_start=False, query_workers=1) as client:
        cache = _response_cache(client)
        first = client.get("/api/goals")
        second = client.get("/api/goals")
        assert first.json() == second.json()
        assert len(cache.kept) == 0 and cache.kept.hits == 0
        assert "content-encoding" not in second.headers  # not kept, so not compressed either


def test_kept_answers_answer_conditional_requests(client: TestClient) -> None:
    """A client polling NHN's assignments (section 2.1.1) downloads them once per data version."""
    path = "/api/agencies/nhn/assignments"
    zipped = client.get(path, headers=GZIP)
    plain = client.get(path, headers=IDENTITY)
    tag, plain_tag = zipped.headers["etag"], plain.headers["etag"]
    assert tag.endswith('-gzip"') and plain_tag.startswith('"') and tag != plain_tag
    assert client.get(path, headers=GZIP).headers["etag"] == tag  # the same bytes, the same tag
    unchanged = client.get(path, headers={**GZIP, "If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == tag and "Accept-Encoding" in unchanged.headers["vary"]
    assert client.get(path, headers={**GZIP, "If-None-Match": f'"other", W/{tag}'}).status_code == 304
    assert client.get(path, headers={**IDENTITY, "If-None-Match": plain_tag}).status_code == 304
    assert client.get(path, headers={**IDENTITY, "If-None-Match": "*"}).status_code == 304
    # The compressed representation's tag does not validate the uncompressed one, nor a stale tag.
    again = client.get(path, headers={**IDENTITY, "If-None-Match": tag})
    assert again.status_code == 200 and again.json() == plain.json()
    assert client.get(path, headers={**GZIP, "If-None-Match": '"stale"'}).status_code == 200
    assert "TB2023-01" in [row["id"] for row in again.json()]


def test_requests_for_an_answer_being_computed_wait_for_it() -> None:
    """Eight requests at once for one uncomputed answer: the route runs once, all get its bytes."""
    import asyncio
    import json
    from types import SimpleNamespace

    calls = 0
    body = json.dumps([{"id": f"TB2023-{n:02d}"} for n in range(1, 27)] * 20).encode()

    async def route(scope: Any, receive: Any, send: Any) -> None:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.2)  # a slow answer (a whole-store question)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    cache = ResponseCache(route, max_bytes=1 << 20)
    app = SimpleNamespace(state=SimpleNamespace(tbgraph=SimpleNamespace(data_version="v1")))
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/assignments",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"accept-encoding", b"gzip")],
        "app": app,
    }

    async def one() -> tuple[int, bytes]:
        sent: list[dict[str, Any]] = []

        async def send(message: Any) -> None:
            sent.append(message)

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        await cache(dict(scope), receive, send)
        return sent[0]["status"], sent[1]["body"]

    async def many() -> list[tuple[int, bytes]]:
        return await asyncio.gather(*(one() for _ in range(8)))

    answers = asyncio.run(many())
    assert calls == 1 and cache.computed == 1
    assert {status for status, _ in answers} == {200}
    assert {gzip.decompress(sent) for _, sent in answers} == {body}
