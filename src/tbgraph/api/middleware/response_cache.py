"""The REST API's answers kept as sent: the JSON bytes, gzip-compressed when large.

The data does not change while the server runs, and the REST routes already keep their records
(:class:`~tbgraph.api.state.Memo`), but a long answer would still go through pydantic and the JSON
encoder on every ask, on the event loop. This middleware keeps the finished body of
every successful ``GET /api/…`` answer in a byte-bounded LRU (:class:`~tbgraph.api.middleware.cache.AnswerCache`)
by everything the answer can depend on: the data version, the path and query string, and the
``Host``, scheme, root path and ``Accept`` of the request (the ``Link`` paging headers and
``href`` fields are absolute URLs). Bodies of :data:`~tbgraph.api.middleware.compression.MIN_BYTES` or more are
kept gzip-compressed and sent so to clients that accept it (:mod:`tbgraph.api.middleware.compression`).

Kept answers carry an ``ETag`` (a hash of the body; ``-gzip`` appended for the compressed bytes,
which are another representation, RFC 9110 §8.8.3), and a request whose ``If-None-Match`` names it
gets 304 without a body: a client that polls a whole answer downloads it once per data version.

A request for an answer that another request is computing waits for it (up to ``wait_seconds``)
instead of computing it again, so that clients asking for the same answer right after a start do
not each compute it while holding the CPU the others wait for.

It sits inside CORS and the security headers, which are added to every answer on the way out, kept
or not. Answers other than 200 (errors, redirects) are never kept. Why, with the figures:
docs/decisions/0003-answer-caches.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Awaitable, Callable, Hashable, MutableMapping
from dataclasses import dataclass
from typing import Any

from tbgraph.api.middleware.cache import AnswerCache
from tbgraph.api.middleware.compression import MIN_BYTES, accepts_gzip, compress, decompress, vary

__all__ = ["ResponseCache", "KeptResponse"]

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

#: Headers not kept: recomputed for the body actually sent.
_RECOMPUTED = {b"content-length", b"content-encoding", b"vary", b"etag"}


@dataclass(frozen=True)
class KeptResponse:
    """A 200 answer: its headers (without length, coding, Vary and ETag) and its body as kept."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    vary: str
    encoding: str | None
    tag: str  # the opaque part of the ETag of the uncompressed body

    def etag(self, gzipped: bool) -> str:
        return f'"{self.tag}-gzip"' if gzipped else f'"{self.tag}"'


class ResponseCache:
    """Keep ``GET /api/…`` answers of the current data version (``max_bytes`` 0: keep none)."""

    def __init__(self, app: ASGIApp, max_bytes: int, wait_seconds: float = 11.0, application: Any = None) -> None:
        self.app = app
        self.kept: AnswerCache[KeptResponse] = AnswerCache(max_bytes)
        if application is not None:  # for /metrics (tbgraph.api.middleware.observability)
            application.state.tbgraph_api_cache = self.kept
        self.wait_seconds = wait_seconds
        self._running: dict[Hashable, asyncio.Event] = {}
        self.computed = 0  # answers computed (not taken from the kept ones)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        headers = _headers(scope) if scope["type"] == "http" else {}
        key = self._key(scope, headers) if self.kept.max_bytes and scope["type"] == "http" else None
        if key is None:
            await self.app(scope, receive, send)
            return
        wants_gzip = accepts_gzip(headers.get(b"accept-encoding", b"").decode("latin-1"))
        kept = self.kept.get(key)
        running = self._running.get(key)
        if kept is None and running is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(running.wait(), self.wait_seconds)
            kept = self.kept.get(key)
        if kept is not None:
            await _send(kept, wants_gzip, headers.get(b"if-none-match"), send)
            return
        done = asyncio.Event()
        self._running.setdefault(key, done)  # a follower that waited in vain does not replace the first
        try:
            await self._compute(key, scope, receive, send, wants_gzip, headers.get(b"if-none-match"))
        finally:
            if self._running.get(key) is done:
                del self._running[key]
            done.set()

    async def _compute(
        self,
        key: Hashable,
        scope: MutableMapping[str, Any],
        receive: Receive,
        send: Send,
        wants_gzip: bool,
        if_none_match: bytes | None,
    ) -> None:
        """Run the route; keep a 200 answer and send it as kept, send anything else on as it comes."""
        self.computed += 1
        start: MutableMapping[str, Any] | None = None
        chunks: list[bytes] = []
        passing = False

        async def capture(message: MutableMapping[str, Any]) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
                response_headers = dict(message.get("headers", ()))
                if message["status"] != 200 or b"content-encoding" in response_headers:
                    passing = True  # not kept: sent on as it comes
                    await send(message)
                elif b"no-store" in response_headers.get(b"cache-control", b""):
                    passing = True
                    await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            else:  # pragma: no cover - trailers and the like: nothing of ours sends them
                await send(message)

        await self.app(scope, receive, capture)
        if passing or start is None:
            return
        response = await _kept(start, b"".join(chunks))
        self.kept.put(key, response)
        await _send(response, wants_gzip, if_none_match, send)

    @staticmethod
    def _key(scope: MutableMapping[str, Any], headers: dict[bytes, bytes]) -> Hashable | None:
        if scope["method"] != "GET":
            return None
        root = scope.get("root_path", "")
        path: str = scope["path"]
        relative = path[len(root) :] if root and path.startswith(root) else path
        if not relative.startswith("/api/"):
            return None
        state = getattr(getattr(scope.get("app"), "state", None), "tbgraph", None)
        if state is None:
            return None
        return (
            state.data_version,
            root,
            path,
            scope.get("query_string", b""),
            scope.get("scheme", "http"),
            headers.get(b"host", b""),
            headers.get(b"accept", b""),
        )


def _headers(scope: MutableMapping[str, Any]) -> dict[bytes, bytes]:
    return {name.lower(): value for name, value in scope.get("headers", ())}


async def _kept(start: MutableMapping[str, Any], body: bytes) -> KeptResponse:
    headers = tuple((name.lower(), value) for name, value in start.get("headers", ()))
    varies = vary(
        ", ".join(value.decode("latin-1") for name, value in headers if name == b"vary"), "Accept", "Accept-Encoding"
    )
    kept_headers = tuple((name, value) for name, value in headers if name not in _RECOMPUTED)
    tag = hashlib.blake2b(body, digest_size=12).hexdigest()
    if len(body) >= MIN_BYTES:
        return KeptResponse(kept_headers, await asyncio.to_thread(compress, body), varies, "gzip", tag)
    return KeptResponse(kept_headers, body, varies, None, tag)


def matches(if_none_match: bytes | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag``, by the weak comparison RFC 9110 §13.1.2 asks for."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.decode("latin-1").split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


async def _send(kept: KeptResponse, wants_gzip: bool, if_none_match: bytes | None, send: Send) -> None:
    gzipped = kept.encoding == "gzip" and wants_gzip
    etag = kept.etag(gzipped)
    if matches(if_none_match, etag):
        headers = [(b"etag", etag.encode()), (b"vary", kept.vary.encode("latin-1"))]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    body = kept.body
    headers = list(kept.headers)
    if gzipped:
        headers.append((b"content-encoding", b"gzip"))
    elif kept.encoding == "gzip":
        body = await asyncio.to_thread(decompress, body)
    headers.append((b"content-length", str(len(body)).encode()))
    headers.append((b"vary", kept.vary.encode("latin-1")))
    headers.append((b"etag", etag.encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
