"""Start the query workers while the data is still being validated.

A first start on new data spends its last stretch waiting for the SHACL verdict (1 letter: about
0.7 s after the data is loaded, :mod:`tbgraph.api.early_validation`), and only then used to start
the query workers (0.15 s more). The workers read the same files as the server and need nothing
from the verdict, so :meth:`WorkerStart.loaded` starts them as soon as the data is in. The start
still serves nothing before the verdict: a refused start closes them again, and a start that falls
back on the last good data (other files) closes them and starts workers on that data instead.
Measured in benchmarks/growth.py ("server first start"), figures in docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import tempfile
import weakref
from typing import TYPE_CHECKING

from ..prefixes import PREFIXES
from .executor import QueryExecutor
from .worker import WorkerSpec

if TYPE_CHECKING:
    from .settings import Settings
    from .state import ServerState

__all__ = ["WorkerStart", "start_workers"]

log = logging.getLogger("tbgraph.api")


def _executor(settings: Settings, state: ServerState) -> QueryExecutor:
    """The (not yet started) query workers for ``state``'s data."""
    from .state import worker_data

    spec = WorkerSpec(
        **worker_data(state),
        max_rows=settings.max_rows,
        prefixes=dict(PREFIXES),
        memory_limit_mb=settings.worker_memory_mb,
        isolate_network=settings.isolate_query_workers,
    )
    return QueryExecutor(spec, size=settings.query_workers, timeout=settings.query_timeout)


async def start_workers(settings: Settings, state: ServerState) -> QueryExecutor:
    """Start query workers on ``state``'s data and wait until they answer."""
    executor = await asyncio.to_thread(_executor, settings, state)
    await executor.start()
    return executor


class WorkerStart:
    """Query workers started from the loading thread, claimed by the lifespan afterwards."""

    def __init__(self, settings: Settings, loop: asyncio.AbstractEventLoop) -> None:
        self.settings = settings
        self.loop = loop
        # Weakly: a refused start's store must close before the last good data is loaded into
        # the same persistent folder (its lock).
        self._state: weakref.ref[ServerState] | None = None
        self._executor: QueryExecutor | None = None
        self._dump_dir: tempfile.TemporaryDirectory[str] | None = None
        self._started: concurrent.futures.Future[None] | None = None

    def loaded(self, state: ServerState) -> None:
        """Called in the loading thread once the files are loaded: start workers on them."""
        if self._started is not None:
            return  # one early start per server start
        executor = _executor(self.settings, state)
        self._state, self._executor, self._dump_dir = weakref.ref(state), executor, state.dump_dir
        self._started = asyncio.run_coroutine_threadsafe(executor.start(), self.loop)

    async def claim(self, state: ServerState) -> QueryExecutor:
        """The workers for ``state``: those started early if they load its data, else new ones."""
        if self._started is not None and self._state is not None and self._state() is state:
            executor, started = self._executor, self._started
            assert executor is not None
            self._started = self._executor = self._dump_dir = self._state = None
            try:
                await asyncio.wrap_future(started)
            except BaseException:
                await executor.close()
                raise
            return executor
        await self.discard()
        return await start_workers(self.settings, state)

    async def discard(self) -> None:
        """Close workers started early for data that is not served (refused, or replaced)."""
        executor, started, dump_dir = self._executor, self._started, self._dump_dir
        self._started = self._executor = self._dump_dir = self._state = None
        if executor is None or started is None:
            return
        try:
            await asyncio.wrap_future(started)
        except Exception as error:  # noqa: BLE001 - these workers are not used either way
            log.debug("query workers started for data not served failed: %r", error)
        await executor.close()
        if dump_dir is not None:
            dump_dir.cleanup()
