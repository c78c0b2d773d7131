"""uvicorn's HTTP/1.1 protocol (h11) with a time limit on the request head.

uvicorn closes a connection idle between requests (its keep-alive limit) but waits without end
for a request head that starts and never finishes: a client that sends a header a minute (or
opens a connection and says nothing) keeps a connection and its buffers for as long as it likes,
and a few thousand such clients exhaust the server. Here a connection has ``header_timeout``
seconds (``TBGRAPH_HEADER_TIMEOUT``, default 10) from its first byte of a request — or from its
opening — to send the whole head; past that it is closed. The body and the answer are not timed
here: the body is bounded in bytes (``max_body_bytes``) and the work by the query time limit.

``tbgraph serve`` names this class to uvicorn as ``http="tbgraph.api.middleware.http_protocol:HeadTimeoutH11"``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HeadTimeoutH11", "header_timeout"]

log = logging.getLogger("tbgraph.api.http")


def header_timeout() -> float:
    """The limit from the environment ``tbgraph serve`` hands each worker (Settings' own default)."""
    value = os.environ.get("TBGRAPH_HEADER_TIMEOUT")
    try:
        return float(value) if value else 10.0
    except ValueError:
        return 10.0


class HeadTimeoutH11(H11Protocol):
    """Close a connection whose request head is not complete ``header_timeout()`` seconds after it began."""

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._head_timer is None and self.conn.their_state is h11.IDLE:
            self._arm()  # a new request on a kept-alive connection starts its head
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the head is in: h11 moved on to the body (or the end)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(header_timeout(), self._expired)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _expired(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            client: Any = self.client
            log.info("closed a connection from %s: no complete request head in %g s", client, header_timeout())
            self.transport.close()
