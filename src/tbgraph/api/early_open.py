"""Open the persistent store, here and in the query workers, while the web stack is imported.

Opening RocksDB and hashing the files let go of the GIL while importing uvicorn and FastAPI holds
it, and the workers are processes of their own, so ``tbgraph serve`` calls :func:`start` before it
imports the web stack: the worker processes are launched (:func:`tbgraph.api.worker.launch`), and
a thread runs the same :func:`tbgraph.dataset.open_dataset` the lifespan would, then tells the
workers to open the store. Not before: a read-only RocksDB opened while the server's read-write
open is still tidying its files can find a file listed and already deleted. The lifespan collects
the dataset with :func:`take` (the store reused, loaded again, or the error loading raised) and
the workers with :func:`take_workers` (:mod:`tbgraph.api.worker_start` keeps them only if the
store was reused as it was).

Only for one uvicorn worker (``--workers 1``, the default) and a persistent Oxigraph store; after
:mod:`tbgraph.api.early_validation` has forked, so that its process does not inherit a store
half-opened by another thread. Why, with the figures: docs/decisions/0006-start-up.md.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..dataset import OpenDataset
    from ..loader import SourceFile
    from .executor import Launched
    from .settings import Settings
    from .worker import WorkerSpec

__all__ = ["start", "take", "take_workers"]

log = logging.getLogger("tbgraph.api")


class _Opening(threading.Thread):
    def __init__(self, store: Path, sources: list[SourceFile], workers: list[Launched], spec: WorkerSpec) -> None:
        super().__init__(name="tbgraph-early-open", daemon=True)
        self.store = store
        self.sources = sources
        self.workers = workers
        self.spec = spec
        self.dataset: OpenDataset | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        from ..dataset import open_dataset

        try:
            self.dataset = open_dataset(store_path=self.store, sources=self.sources)
        except BaseException as error:  # noqa: BLE001 - handed to the lifespan, which reports it
            self.error = error
        for process, conn in self.workers:
            try:
                if self.error is None:
                    conn.send(self.spec)  # now they may open it
                else:
                    process.kill()  # the lifespan reports the error; nobody waits for them
            except OSError:
                process.kill()


_pending: _Opening | None = None
_workers: tuple[WorkerSpec, list[Launched]] | None = None


def start(settings: Settings) -> bool:
    """Start opening the persistent store ``settings`` names, if it names one. True if started."""
    global _pending, _workers
    if _pending is not None or settings.store is None or settings.store_url:
        return False
    from ..loader import default_sources
    from .worker import launch, spec_for

    spec = spec_for(settings, store_path=str(settings.store))
    launched: list[Launched] = []
    try:
        launched = [launch() for _ in range(settings.query_workers)]
    except OSError as error:  # the lifespan starts them instead, and reports what fails
        log.debug("could not launch the query workers early: %r", error)
        for process, conn in launched:
            process.kill()
            conn.close()
        launched = []
    if launched:
        _workers = (spec, launched)
    _pending = _Opening(settings.store, default_sources(root=settings.data_root), launched, spec)
    _pending.start()
    return True


def take_workers(spec: WorkerSpec) -> list[Launched]:
    """The workers launched early with ``spec`` (none if they were launched with another): they
    are told to open the store once it is open here, and answer "ready" when they have."""
    global _workers
    launched, _workers = _workers, None
    if launched is None:
        return []
    if launched[0] != spec:
        for process, conn in launched[1]:
            process.kill()
            conn.close()
            process.wait()
        return []
    return launched[1]


def take(store: Path | None, sources: list[SourceFile]) -> OpenDataset | None:
    """The dataset opened early for ``store`` and ``sources`` (waiting for it), or None.

    Raises what opening it raised (a file that does not load: :class:`~tbgraph.loader.DataFileError`).
    """
    global _pending
    opening, _pending = _pending, None
    if opening is None:
        return None
    opening.join()
    if opening.store != store or [(s.path, s.graph) for s in opening.sources] != [(s.path, s.graph) for s in sources]:
        log.info("the store opened early is not the one asked for; opening again")
        opening.dataset = None  # closes it, so that its lock is free for the next open
        return None
    if opening.error is not None:
        error, opening.error = opening.error, None
        raise error
    return opening.dataset
