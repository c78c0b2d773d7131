"""A pool of query worker processes, with a time limit that works even inside native code.

Each worker (:mod:`tbgraph.sandbox.worker`) holds its own read-only copy of the dataset and runs one
query at a time, so the pool runs as many queries in parallel as it has workers and no lock
serialises them. A job goes to an idle worker over a pipe; the server waits for the answer on the
event loop (no thread per request). When the time limit passes the worker is killed (SIGKILL: a
query stuck in Oxigraph's Rust code cannot be interrupted any other way), the client gets a
timeout error at once, and a replacement starts in the background while the other workers keep
serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from tbgraph.sandbox.errors import QueryTimeout, QueryWorkerFailed, ServiceBusy
from tbgraph.sandbox.isolation import describe
from tbgraph.sandbox.worker import Job, Reply, WorkerSpec, launch

__all__ = ["QueryExecutor", "WorkerHandle", "Launched", "Unisolated"]

#: A worker process started with :func:`tbgraph.sandbox.worker.launch`, and the server's end of its pipe.
Launched = tuple[subprocess.Popen[bytes], Connection]

log = logging.getLogger("tbgraph.sandbox.pool")

_START_TIMEOUT = 120.0


class Unisolated(RuntimeError):
    """The workers came up with no network wall, and the operator did not allow that."""


@dataclass(eq=False)
class WorkerHandle:
    process: subprocess.Popen[bytes]
    conn: Connection
    info: dict[str, Any] = field(default_factory=dict)

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(OSError):
            self.conn.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


async def _readable(conn: Connection, timeout: float) -> None:
    """Wait, without a thread, until ``conn`` has data (or is closed); TimeoutError after ``timeout``."""
    loop = asyncio.get_running_loop()
    if conn.poll():
        return
    ready = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    fd = conn.fileno()
    loop.add_reader(fd, wake)
    try:
        await asyncio.wait_for(ready, timeout)
    finally:
        loop.remove_reader(fd)


class QueryExecutor:
    """Runs :class:`Job` s in ``size`` worker processes with a per-query time limit."""

    def __init__(
        self,
        spec: WorkerSpec,
        *,
        size: int,
        timeout: float,
        queue_wait: float | None = None,
        allow_unisolated: bool = False,
    ) -> None:
        self.spec = spec
        self.allow_unisolated = allow_unisolated
        self.size = size
        self.timeout = timeout
        #: How long a query may wait for an idle worker (never less than the time limit: while a
        #: runaway query holds a worker to the limit and its replacement starts, the others queue).
        self.queue_wait = max(timeout, queue_wait or timeout)
        self._idle: asyncio.Queue[WorkerHandle] = asyncio.Queue()
        self._all: set[WorkerHandle] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self.replaced = 0
        self.timeouts = 0
        self.isolated: bool | None = None
        self.walls = "none"  # which network walls the workers stand behind (tbgraph.sandbox.isolation.describe)

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self, launched: Sequence[Launched] = ()) -> None:
        """Start the workers; ``launched``: workers already started with this spec (:func:`launch`)."""
        given = list(launched)[: self.size]
        spawned = [self._spawn(process) for process in given]
        spawned += [self._spawn() for _ in range(self.size - len(given))]
        handles = await asyncio.gather(*spawned)
        for handle in handles:
            self._idle.put_nowait(handle)

    async def _spawn(self, launched: Launched | None = None) -> WorkerHandle:
        if launched is None:
            try:
                launched = await asyncio.to_thread(launch, self.spec)
            except OSError as error:
                raise RuntimeError(f"a query worker did not start: {error!r}") from None
        process, parent = launched
        handle = WorkerHandle(process, parent)
        try:
            await _readable(parent, _START_TIMEOUT)
            status, info = parent.recv()
        except (TimeoutError, EOFError, OSError) as error:
            handle.kill()
            raise RuntimeError(f"a query worker did not start: {error!r}") from None
        except asyncio.CancelledError:
            handle.kill()
            raise
        if status != "ready":
            handle.kill()
            raise RuntimeError(f"a query worker could not open the dataset: {info}")
        handle.info = info
        self.isolated = bool(info.get("isolated"))
        self.walls = describe(info.get("walls"))
        if not self.isolated and not self.allow_unisolated:
            handle.kill()
            raise Unisolated(
                "the query workers cannot be cut off from the network on this system (no seccomp filter: is "
                "libseccomp2 installed? and no network namespace: not permitted for this user), so untrusted "
                "SPARQL could reach other hosts. Install libseccomp2, or accept the risk explicitly with "
                "--allow-unisolated-queries (TBGRAPH_ALLOW_UNISOLATED_QUERIES=1)."
            )
        self._all.add(handle)
        return handle

    def _replace(self, handle: WorkerHandle) -> None:
        """Kill ``handle`` and start another worker in the background."""
        self._all.discard(handle)
        handle.kill()
        self.replaced += 1
        if self._closed:
            return

        async def respawn() -> None:
            delay = 0.1
            while not self._closed:
                try:
                    new = await self._spawn()
                except Unisolated as error:
                    log.error("%s", error)
                    return
                except RuntimeError as error:
                    log.error("%s; retrying in %.1f s", error, delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 10.0)
                    continue
                if self._closed:
                    new.kill()
                else:
                    self._idle.put_nowait(new)
                return

        task = asyncio.get_running_loop().create_task(respawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for handle in list(self._all):
            await asyncio.to_thread(handle.kill)
        self._all.clear()

    # -- running -----------------------------------------------------------------------------

    @property
    def alive(self) -> int:
        return sum(1 for h in self._all if h.is_alive())

    @property
    def idle(self) -> int:
        return self._idle.qsize()

    async def run(self, job: Job) -> Reply:
        """Run ``job`` on an idle worker; raise QueryTimeout after the time limit.

        Waiting for an idle worker (``queue_wait``) and running (``timeout``) are limited
        separately: time spent queueing behind other queries never shortens the run, and a query
        killed as a time-out would take its worker with it and make the queue longer.
        """
        if self._closed:
            raise ServiceBusy("the query service is shutting down")
        try:
            handle = await asyncio.wait_for(self._idle.get(), self.queue_wait)
        except TimeoutError:
            raise ServiceBusy(
                f"all {self.size} query workers stayed busy for {self.queue_wait:g} s; try again later",
                headers={"Retry-After": "5"},
            ) from None
        remaining = self.timeout
        try:
            handle.conn.send(job)
            await _readable(handle.conn, remaining)
            reply: Reply = handle.conn.recv()
        except TimeoutError:
            self.timeouts += 1
            self._replace(handle)
            raise QueryTimeout(
                f"the query ran longer than the time limit of {self.timeout:g} s and was stopped. "
                "Narrow it (more specific patterns, a LIMIT) and try again."
            ) from None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(handle)
            raise QueryWorkerFailed(
                "the query worker stopped while running this query (it may have exceeded the memory limit); "
                "the server goes on, but this query cannot be answered"
            ) from None
        except asyncio.CancelledError:
            # The client went away mid-query: let the answer drain, then reuse the worker.
            self._drain(handle, remaining)
            raise
        self._idle.put_nowait(handle)
        return reply

    def _drain(self, handle: WorkerHandle, remaining: float) -> None:
        async def drain() -> None:
            try:
                await _readable(handle.conn, remaining)
                handle.conn.recv()
            except (TimeoutError, EOFError, OSError):
                self._replace(handle)
                return
            self._idle.put_nowait(handle)

        task = asyncio.get_running_loop().create_task(drain())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
