"""Which host names the server answers to, and redirects that never name a host of the client's choosing.

A ``Host`` header is the client's to write. Answering any name lets a page on ``evil.example``,
whose name an attacker points at 127.0.0.1 (DNS rebinding), read the API from a browser; and a
redirect built from it (``/api/agencies/`` → ``http://evil.example/api/agencies``) sends a user
elsewhere. So requests are checked against the allowed names with Starlette's
``TrustedHostMiddleware`` (400 for any other), and the redirects the application makes itself (a
trailing slash taken off) are sent as paths, relative to whatever host the client asked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from tbgraph.api.settings import Settings

__all__ = ["allowed_hosts", "RelativeRedirects"]

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

_LOOPBACK = ["localhost", "127.0.0.1", "::1", "[::1]"]
_ANY_ADDRESS = {"0.0.0.0", "::", ""}


def allowed_hosts(settings: Settings) -> list[str]:
    """The names the server answers to: the operator's list, else the loopback names, the address
    it listens on and the public base URL's host. ``["*"]`` where it listens on every address
    without a list (its names are not known: put a proxy that checks in front, or set the list)."""
    if settings.allowed_hosts:
        return list(settings.allowed_hosts)
    if settings.host in _ANY_ADDRESS and not settings.public_base_url:
        return ["*"]
    names = list(_LOOPBACK)
    if settings.host not in _ANY_ADDRESS:
        names.append(settings.host)
    if settings.public_base_url:
        host = urlsplit(settings.public_base_url).hostname
        if host:
            names.append(host)
    return list(dict.fromkeys(names))


class RelativeRedirects:
    """Send the application's own redirects as a path: never ``http://<the client's Host>/…``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def relative(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
                message["headers"] = [
                    (name, _path_only(value) if name.lower() == b"location" else value)
                    for name, value in message.get("headers", ())
                ]
            await send(message)

        await self.app(scope, receive, relative)


def _path_only(location: bytes) -> bytes:
    parts = urlsplit(location.decode("latin-1"))
    if not parts.netloc:
        return location
    path = parts.path or "/"
    return (path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")
