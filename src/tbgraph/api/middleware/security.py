"""Security headers on every response, and a Content Security Policy the pages work under.

:class:`SecurityHeaders` (pure ASGI, so it also covers the 413 of the body limit and CORS
preflights) adds

* ``X-Content-Type-Options: nosniff`` — a browser takes the stated media type, never guesses
  (a Turtle or CSV answer is never run as a script or rendered as HTML);
* ``X-Frame-Options: DENY`` and CSP ``frame-ancestors 'none'`` — no page is framed (clickjacking);
* ``Referrer-Policy: strict-origin-when-cross-origin`` — a query in a URL does not leak to other
  sites through links;
* ``Content-Security-Policy`` — for HTML pages :data:`PAGE_POLICY`: scripts, styles, fetches and
  images from this server only, no inline script, no plugins, forms only to this server. The
  pages keep their scripts and styles in static files; the one inline style element a library
  adds (Cytoscape.js's container rule) is allowed by its hash. For every other response
  ``default-src 'none'``, so an answer opened in a browser can load and run nothing.

The API documentation page (``/docs``, Swagger UI from the project's own npm install) starts with
an inline script; it gets :func:`docs_policy`, which allows exactly the page's inline scripts (by
hash) and Swagger UI's inline styles, and nothing from another host.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import MutableHeaders

__all__ = ["SecurityHeaders", "PAGE_POLICY", "OTHER_POLICY", "docs_policy", "style_hash"]

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


def style_hash(text: str) -> str:
    """The CSP source that allows an inline ``<style>`` or ``<script>`` with exactly this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


#: The rule Cytoscape.js inserts as a <style> element when it draws its first graph.
CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"

PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {style_hash(CYTOSCAPE_STYLE)}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'"

_DOCS_PATHS = ("/docs", "/redoc", "/docs/oauth2-redirect")
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def docs_policy(body: bytes) -> str:
    """The policy for the documentation page: its inline start-up script by hash, Swagger UI's styles."""
    scripts = " ".join(style_hash(m.group(1).decode()) for m in _INLINE_SCRIPT.finditer(body))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {scripts}".strip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "worker-src 'self' blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    """Adds the headers above to every HTTP response (a route's own values win)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :] or "/"
        if path in _DOCS_PATHS:
            await self._docs(scope, receive, send)
            return

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                _common(headers)
                html = headers.get("content-type", "").startswith("text/html")
                headers.setdefault("Content-Security-Policy", PAGE_POLICY if html else OTHER_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        """Hold the (small) page back until its inline scripts are hashed into the policy."""
        start: MutableMapping[str, Any] | None = None
        body = bytearray()

        async def collect(message: MutableMapping[str, Any]) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body" and start is not None:
                body.extend(message.get("body", b""))
                if message.get("more_body"):
                    return
                headers = MutableHeaders(scope=start)
                _common(headers)
                html = headers.get("content-type", "").startswith("text/html")
                headers.setdefault("Content-Security-Policy", docs_policy(bytes(body)) if html else OTHER_POLICY)
                await send(start)
                await send({"type": "http.response.body", "body": bytes(body)})
                return
            await send(message)

        await self.app(scope, receive, collect)


def _common(headers: MutableHeaders) -> None:
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
