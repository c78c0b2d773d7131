"""HEAD answered as GET without the body, on every route that answers GET.

RFC 9110 (§9.3.2) asks every general-purpose server to support HEAD, and link checkers, caches and
``curl -I`` use it; FastAPI's routes answer only the methods they are declared with, so HEAD was a
405 everywhere but the static files. The request goes through the application as a GET, so the
headers (status, ``Content-Type``, ``Content-Length``, ``ETag``, ``Link`` …) are those the GET
would carry; the body is dropped on the way out.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Receive, Send

__all__ = ["HeadAsGet"]


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def headers_only(message: MutableMapping[str, Any]) -> None:
            nonlocal finished
            if message["type"] != "http.response.body":
                await send(message)
            elif not finished and not message.get("more_body", False):
                finished = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, headers_only)
