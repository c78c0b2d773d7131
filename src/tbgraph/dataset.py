"""Open the dataset the commands and the server work on: in memory, or a persistent store reused.

Loading the shipped data into memory takes milliseconds, so that is the default. A persistent
Oxigraph folder (``--store DIR`` / ``TBGRAPH_STORE``) is for large collections of letters: it is
reloaded only when the data files changed (their content hash is kept in the store's meta graph),
so reopening it costs the same whatever its size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .loader import LoadReport, SourceFile, data_version, default_sources, load_dataset, stored_data_version
from .store import Store, open_store

__all__ = ["OpenDataset", "open_dataset"]


@dataclass
class OpenDataset:
    store: Store
    report: LoadReport
    reused: bool


def open_dataset(
    *,
    engine: str = "oxigraph",
    store_path: Path | None = None,
    sources: Sequence[SourceFile] | None = None,
    progress: Callable[[SourceFile], None] | None = None,
) -> OpenDataset:
    """The store with the shipped (or given) files loaded.

    With ``store_path`` the persistent store is reused as it is when it was last loaded from the
    same files; otherwise it is cleared and loaded again.
    """
    if store_path is None and (env := os.environ.get("TBGRAPH_STORE")):
        store_path = Path(env)
    files = list(sources) if sources is not None else default_sources()
    store = open_store(engine, store_path)
    if store_path is not None:
        version = data_version(files)
        if stored_data_version(store) == version:
            report = LoadReport(files=[f.path for f in files], triples=len(store), data_version=version)
            report.graphs = {g: 0 for g in store.graphs()}
            return OpenDataset(store, report, reused=True)
        for graph in store.graphs():
            store.remove_graph(graph)
    report = load_dataset(store, files, progress=progress)
    flush = getattr(store, "flush", None)
    if callable(flush):
        flush()
    return OpenDataset(store, report, reused=False)
