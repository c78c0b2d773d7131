"""Why the query pool could not answer: stopped at the time limit, a worker lost, every worker busy.

Plain exceptions, so that the command line and the server can each say them their own way (the
server as a 503 with ``Retry-After`` where given, :func:`tbgraph.api.errors.from_sandbox`).
"""

from __future__ import annotations

__all__ = ["SandboxError", "QueryTimeout", "QueryWorkerFailed", "ServiceBusy"]


class SandboxError(Exception):
    """A query the pool could not answer; ``message`` says why, ``headers`` what a client may use."""

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class QueryTimeout(SandboxError):
    """The query ran past the time limit; its worker was killed and replaced."""


class QueryWorkerFailed(SandboxError):
    """The worker ended while running the query (a memory limit, a crash); it was replaced."""


class ServiceBusy(SandboxError):
    """No worker was free within the time limit, or the pool is shutting down."""
