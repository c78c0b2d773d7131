"""Serving from a SPARQL server (``--store-url``): queries go to it, and its outages are survived.

:func:`install_remote_store` is called once by :func:`tbgraph.api.app.create_app`. For every app it
registers the handler that turns :class:`~tbgraph.store.base.StoreUnavailableError` into a **503** —
plain text on ``/sparql`` (what SPARQL clients show), ``{"detail": …}`` elsewhere — naming the
store and the reason, e.g. "the SPARQL store at http://127.0.0.1:7878 is not reachable: connection
refused". With ``settings.store_url`` it also

* replaces the lifespan: the data is loaded into the SPARQL server (only when its data version
  differs, see :func:`tbgraph.dataset.opening.open_dataset`) and validated as usual, and ``/sparql``
  queries go straight to the server through :class:`RemoteExecutor` instead of the in-process
  worker pool. The time limit is the HTTP request's: past it tbgraph closes the connection, which
  stops a server that streams its answer (Oxigraph does; run it with ``--timeout-s`` for the
  queries that compute long before their first row);
* adds :class:`StoreGuard`: ``/health`` asks the server a trivial question and answers 503 with the
  reason while it is down; after a failure the next request first checks whether the server is
  back, and if it came back without tbgraph's data (a fresh in-memory server) loads it again.

The process never stops because the store did: requests fail with 503 while it is away and succeed
again by themselves when it returns, with no restart.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from tbgraph.api.errors import QueryTimeout, ServiceBusy
from tbgraph.api.settings import Settings
from tbgraph.api.startup.sequence import load
from tbgraph.api.state import ServerState, StartupRefused
from tbgraph.dataset.loader import load_dataset, stored_data_version
from tbgraph.model.prefixes import PREFIXES
from tbgraph.sandbox.worker import Job, Reply, WorkerSpec, run_job
from tbgraph.store.base import QuerySyntaxError, StoreUnavailableError

if TYPE_CHECKING:
    # tbgraph.store.remote brings httpx, which a start on a local store need not import: only when used.
    from tbgraph.store.remote import RemoteAnswer, RemoteStore

__all__ = ["install_remote_store", "RemoteExecutor", "StoreGuard", "StoreWatch"]

log = logging.getLogger("tbgraph.api")

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

#: How long /health waits for the store's answer, and for how long one check is reused.
PROBE_TIMEOUT = 2.0
PROBE_REUSE = 0.5


def install_remote_store(app: FastAPI, settings: Settings) -> None:
    """The 503 for an unavailable store; with ``settings.store_url``, serving from that server."""
    app.add_exception_handler(StoreUnavailableError, _store_unavailable)
    if getattr(settings, "store_url", None):
        app.router.lifespan_context = _remote_lifespan(settings)
        app.add_middleware(StoreGuard)


def _message(error: StoreUnavailableError) -> str:
    return f"{error}. This server keeps running and answers again as soon as the store is back."


async def _store_unavailable(request: Request, error: Exception) -> Response:
    assert isinstance(error, StoreUnavailableError)
    watch: StoreWatch | None = getattr(request.app.state, "tbgraph_remote", None)
    if watch is not None:
        watch.failed(error)
    message = _message(error)
    log.warning("%s %s -> 503: %s", request.method, request.url.path, error)
    headers = {"Retry-After": "5"}
    if request.url.path.endswith("/sparql"):
        return PlainTextResponse(message + "\n", status_code=503, headers=headers)
    return JSONResponse({"detail": message}, status_code=503, headers=headers)


# --------------------------------------------------------------------------------------------
# Start-up
# --------------------------------------------------------------------------------------------


def _remote_lifespan(settings: Settings) -> Callable[[FastAPI], Any]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _endpoints_to_environment(settings)
        try:
            state = await asyncio.to_thread(load, settings)
        except StoreUnavailableError as error:
            refused = StartupRefused(f"{error}; start the SPARQL server first (or serve without --store-url)")
            log.error("tbgraph refuses to start: %s", refused)
            raise refused from None
        except StartupRefused as error:
            log.error("tbgraph refuses to start: %s", error)
            raise
        from tbgraph.store.remote import RemoteStore

        store = state.store
        assert isinstance(store, RemoteStore), "settings.store_url opens the remote engine"
        spec = WorkerSpec(
            max_rows=settings.max_rows,
            max_answer_bytes=settings.max_answer_bytes,
            max_depth=settings.max_query_depth,
            prefixes=dict(PREFIXES),
            check_queries=True,
        )
        executor = RemoteExecutor(store, spec, size=settings.query_workers, timeout=settings.query_timeout)
        state.executor = executor  # type: ignore[assignment]
        app.state.tbgraph = state
        app.state.tbgraph_remote = StoreWatch(store, state)
        log.info(
            "tbgraph ready: %s triples in the SPARQL store at %s, data version %s",
            f"{state.void.triples:,}",
            store.url,
            state.data_version,
        )
        try:
            yield
        finally:
            store.close()

    return lifespan


def _endpoints_to_environment(settings: Settings) -> None:
    """A server given by its endpoints reaches :func:`tbgraph.dataset.opening.open_dataset` through the
    environment, as ``tbgraph serve`` hands every option to its workers."""
    for field, name in (
        ("query_url", "TBGRAPH_QUERY_URL"),
        ("update_url", "TBGRAPH_UPDATE_URL"),
        ("graph_store_url", "TBGRAPH_GRAPH_STORE_URL"),
    ):
        if value := getattr(settings, field, None):
            os.environ[name] = value
    if getattr(settings, "store_read_only", False):
        os.environ["TBGRAPH_STORE_READ_ONLY"] = "1"


# --------------------------------------------------------------------------------------------
# Queries from /sparql
# --------------------------------------------------------------------------------------------


class _RemoteEngine:
    """What :func:`tbgraph.sandbox.worker.run_job` needs of a pyoxigraph Store, over HTTP."""

    def __init__(self, store: RemoteStore, timeout: float) -> None:
        self.store = store
        self.timeout = timeout
        self._open: Any = None
        self.answer: RemoteAnswer | None = None

    def query(
        self,
        text: str,
        *,
        base_iri: str | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: Sequence[Any] | None = None,
        named_graphs: Sequence[Any] | None = None,
    ) -> Any:
        # ``base_iri`` is not sent: the SPARQL server resolves relative IRIs against its own URL.
        context = self.store.stream(
            text,
            default_graphs=None
            if use_default_graph_as_union
            else [g.value for g in default_graph or () if getattr(g, "value", "")],
            named_graphs=None if named_graphs is None else [g.value for g in named_graphs],
            timeout=self.timeout,
        )
        try:
            self.answer = context.__enter__()
        except QuerySyntaxError as error:
            raise SyntaxError(str(error)) from None
        self._open = context
        return self.answer.result

    def close(self) -> None:
        if self._open is not None:
            self._open.__exit__(None, None, None)
            self._open = None


def run_remote_job(store: RemoteStore, job: Job, spec: WorkerSpec, timeout: float) -> Reply:
    """One /sparql job on the SPARQL server, written by the same code as the worker processes'."""
    from tbgraph.store.remote import RemoteStoreError

    engine = _RemoteEngine(store, timeout)
    try:
        reply = run_job(engine, job, spec)  # type: ignore[arg-type]
    except RemoteStoreError as error:
        return Reply("error", message=str(error))
    finally:
        engine.close()
    failure = engine.answer.take_failure() if engine.answer is not None else None
    engine.answer = None  # its pyoxigraph answer belongs to this thread: no raised traceback may carry it off
    if failure is not None:
        raise failure
    return reply


class RemoteExecutor:
    """The query pool's interface (:class:`tbgraph.sandbox.pool.QueryExecutor`) for a SPARQL server.

    At most ``size`` queries are sent at once (more wait, then get 503 like the pool's); each runs
    on a thread within the time limit, after which its connection is closed.
    """

    isolated: bool | None = None
    walls = "remote"  # queries run on the SPARQL server, after the same checks, never in a worker here

    def __init__(self, store: RemoteStore, spec: WorkerSpec, *, size: int, timeout: float) -> None:
        self.store = store
        self.spec = spec
        self.size = size
        self.timeout = timeout
        self._slots = asyncio.Semaphore(size)
        self._running = 0
        self.replaced = 0
        self.timeouts = 0

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    @property
    def alive(self) -> int:
        return self.size

    @property
    def idle(self) -> int:
        return self.size - self._running

    async def run(self, job: Job) -> Reply:
        started = time.monotonic()
        try:
            await asyncio.wait_for(self._slots.acquire(), self.timeout)
        except TimeoutError:
            raise ServiceBusy(
                f"all {self.size} query slots stayed busy for {self.timeout:g} s; try again later",
                headers={"Retry-After": "5"},
            ) from None
        self._running += 1
        try:
            remaining = max(0.05, self.timeout - (time.monotonic() - started))
            return await asyncio.to_thread(run_remote_job, self.store, job, self.spec, remaining)
        except StoreUnavailableError as error:
            if not error.timed_out:
                raise
            self.timeouts += 1
            raise QueryTimeout(
                f"the query ran longer than the time limit of {self.timeout:g} s and was stopped. "
                "Narrow it (more specific patterns, a LIMIT) and try again."
            ) from None
        finally:
            self._running -= 1
            self._slots.release()


# --------------------------------------------------------------------------------------------
# Health and recovery
# --------------------------------------------------------------------------------------------


class StoreWatch:
    """Whether the SPARQL server is there; brings tbgraph's data back into it after an outage."""

    def __init__(self, store: RemoteStore, state: ServerState) -> None:
        self.store = store
        self.state = state
        self.down = False
        self.problem: StoreUnavailableError | None = None
        self._checked = 0.0
        self._lock = asyncio.Lock()

    def failed(self, error: StoreUnavailableError) -> None:
        if not error.timed_out:
            self.down = True
            self.problem = error

    async def check(self) -> StoreUnavailableError | None:
        """The problem, or None when the store answers (checked at most every PROBE_REUSE s)."""
        async with self._lock:
            if time.monotonic() - self._checked >= PROBE_REUSE or self.down:
                try:
                    await asyncio.to_thread(self._probe, self.down)
                except StoreUnavailableError as error:
                    self.down, self.problem = True, error
                else:
                    if self.down:
                        log.warning("the SPARQL store at %s answers again", self.store.url)
                    self.down, self.problem = False, None
                self._checked = time.monotonic()
            return self.problem

    def _probe(self, recovering: bool) -> None:
        self.store.ping(timeout=PROBE_TIMEOUT)
        if not recovering:
            return
        if stored_data_version(self.store) != self.state.data_version:
            if self.store.read_only:
                raise self.store._unavailable(
                    f"it answers again, but without data version {self.state.data_version}, and tbgraph does "
                    "not write there (--store-read-only): its operator loads the data"
                )
            log.warning(
                "the SPARQL store at %s came back without tbgraph's data (version %s); loading it again",
                self.store.url,
                self.state.data_version,
            )
            load_dataset(self.store, self.state.sources)


class StoreGuard:
    """``/health`` reports the store; after an outage each request first checks whether it is back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        watch: StoreWatch | None = None
        if scope["type"] == "http":
            watch = getattr(scope["app"].state, "tbgraph_remote", None)
        if watch is None:
            await self.app(scope, receive, send)
            return
        if scope["path"].endswith("/health"):
            problem = await watch.check()
            if problem is not None:
                body = json.dumps(
                    {"status": "store-unavailable", "detail": _message(problem), "store": watch.store.url}
                ).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 503,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"retry-after", b"5"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        elif watch.down:
            await watch.check()
        await self.app(scope, receive, send)
