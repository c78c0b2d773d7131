"""Start the query workers while the server is still loading or validating the data.

The workers read the data themselves (the same files, or the same persistent store) and need
nothing from the server's own store or from the SHACL verdict, so they need not wait for either:

* on a persistent store (``--store``) they start before the server has even opened it
  (:meth:`WorkerStart.persistent`; ``tbgraph serve`` launches them before it imports the web stack,
  :mod:`tbgraph.api.early_open`), and are kept when the store turns out to be reused as it was
  last loaded;
* on files they start as soon as the server has loaded them (:meth:`WorkerStart.loaded`), while a
  first start waits for the verdict (:mod:`tbgraph.api.early_validation`), instead of after it.

Nothing is served before the verdict either way. Workers that hold other data than the state
finally served — the store was loaded again, the start was refused, or it fell back on the last
good data — are closed, and :meth:`WorkerStart.claim` starts new ones on the served data.
Why, with the figures: docs/decisions/0006-start-up.md.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import tempfile
import weakref
from typing import TYPE_CHECKING, Any

from .executor import Launched, QueryExecutor
from .worker import spec_for

if TYPE_CHECKING:
    from .settings import Settings
    from .state import ServerState

__all__ = ["WorkerStart", "start_workers"]

log = logging.getLogger("tbgraph.api")


def _executor(settings: Settings, data: dict[str, Any]) -> QueryExecutor:
    """The (not yet started) query workers for the data ``data`` names (:func:`worker_data`)."""
    return QueryExecutor(
        spec_for(settings, **data),
        size=settings.query_workers,
        timeout=settings.query_timeout,
        allow_unisolated=settings.allow_unisolated_queries,
    )


async def start_workers(settings: Settings, state: ServerState) -> QueryExecutor:
    """Start query workers on ``state``'s data and wait until they answer."""
    from .state import worker_data

    data = await asyncio.to_thread(worker_data, state)
    executor = _executor(settings, data)
    await executor.start()
    return executor


class _Started:
    """Workers being started, and what they were started on."""

    def __init__(self, executor: QueryExecutor, future: concurrent.futures.Future[None]) -> None:
        self.executor = executor
        self.future = future
        self.state: weakref.ref[ServerState] | None = None
        self.dump_dir: tempfile.TemporaryDirectory[str] | None = None

    async def close(self) -> None:
        """Stop them, starting or started: a refused start should not wait for workers to load
        1,000 letters first."""
        self.future.cancel()
        try:
            await asyncio.wrap_future(self.future)
        except (Exception, asyncio.CancelledError, concurrent.futures.CancelledError) as error:  # noqa: BLE001
            log.debug("query workers started for data not served: %r", error)
        await self.executor.close()
        if self.dump_dir is not None:
            self.dump_dir.cleanup()


class WorkerStart:
    """Query workers started before the state is final, claimed by the lifespan afterwards."""

    def __init__(self, settings: Settings, loop: asyncio.AbstractEventLoop) -> None:
        self.settings = settings
        self.loop = loop
        self._started: _Started | None = None
        self._stale: list[_Started] = []  # started on data that turned out not to be served

    def _start(self, data: dict[str, Any], launched: list[Launched] | None = None) -> _Started:
        executor = _executor(self.settings, data)
        return _Started(executor, asyncio.run_coroutine_threadsafe(executor.start(launched or []), self.loop))

    def persistent(self) -> None:
        """On the event loop, before the state loads: start workers on the persistent store, or
        take those ``tbgraph serve`` launched on it already."""
        if self._started is None and self.settings.store is not None and not self.settings.store_url:
            from .early_open import take_workers

            data = {"store_path": str(self.settings.store)}
            self._started = self._start(data, take_workers(spec_for(self.settings, **data)))

    def loaded(self, state: ServerState) -> None:
        """Called in the loading thread once the files are loaded: workers for them, unless those
        started on the persistent store read what it holds (it was reused, not loaded again)."""
        started = self._started
        if started is not None and started.state is None and state.reused:
            started.state = weakref.ref(state)  # weakly: a refused start's store must close
            return
        if started is not None:
            self._stale.append(started)
        from .state import worker_data

        self._started = self._start(worker_data(state))
        self._started.state, self._started.dump_dir = weakref.ref(state), state.dump_dir

    async def claim(self, state: ServerState) -> QueryExecutor:
        """The workers for ``state``: those started early if they read its data, else new ones."""
        started, self._started = self._started, None
        await self._close_stale()
        if started is not None and started.state is not None and started.state() is state:
            try:
                await asyncio.wrap_future(started.future)
            except BaseException:
                await started.executor.close()
                raise
            return started.executor
        if started is not None:
            await started.close()
        return await start_workers(self.settings, state)

    async def discard(self) -> None:
        """Close every worker started early (the start was refused)."""
        if self._started is not None:
            self._stale.append(self._started)
            self._started = None
        await self._close_stale()

    async def _close_stale(self) -> None:
        stale, self._stale = self._stale, []
        for started in stale:
            await started.close()
