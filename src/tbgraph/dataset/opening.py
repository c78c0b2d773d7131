"""Open the dataset the commands and the server work on: in memory, or a persistent store reused.

Loading the shipped data into memory takes milliseconds, so that is the default. A persistent
Oxigraph folder (``--store DIR`` / ``TBGRAPH_STORE``) is for large collections of letters: it is
reloaded only when the data files changed (their content hash is kept in the store's meta graph),
so reopening it costs the same whatever its size. A folder holding another data version is
replaced whole: the files load into a folder beside it, swapped in only once loaded
(:mod:`tbgraph.store.folders`), so a file that does not load leaves the store as it was. A SPARQL
server (``engine="remote"``, ``--store-url`` / ``TBGRAPH_STORE_URL``, see :mod:`tbgraph.store.remote`)
keeps its data version too: the files are loaded into it over the Graph Store Protocol only when
its data version differs (its graphs removed first, in place).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tbgraph.dataset.loader import (
    META_GRAPH,
    DataFileError,
    LoadReport,
    SourceFile,
    data_version,
    default_sources,
    load_dataset,
    stored_meta,
)
from tbgraph.store.base import OxigraphStore, Store
from tbgraph.store.engines import open_store
from tbgraph.store.folders import StoreFolderError, discard, fresh_folder, guard, recover, remove_leftovers, swap

__all__ = ["OpenDataset", "open_dataset", "DatasetCheckError", "RemoteEndpoints", "StoreFolderError", "meta_ntriples"]

log = logging.getLogger(__name__)


class DatasetCheckError(RuntimeError):
    """A store holds the data but does not answer as tbgraph needs (its default graph is not the union)."""


@dataclass
class OpenDataset:
    store: Store
    report: LoadReport
    reused: bool
    sources: list[SourceFile] = field(default_factory=list)  # the files, in the order they were loaded
    store_path: Path | None = None


@dataclass(frozen=True)
class RemoteEndpoints:
    """Where a SPARQL server's endpoints are, and whether tbgraph may write there.

    ``store_url`` is an Oxigraph server's base address; ``query_url`` (with ``update_url`` and
    ``graph_store_url``) any SPARQL 1.1 server's endpoints; ``read_only`` a server whose data its
    operator loads. Each falls back to ``$TBGRAPH_STORE_URL``, ``$TBGRAPH_QUERY_URL``,
    ``$TBGRAPH_UPDATE_URL``, ``$TBGRAPH_GRAPH_STORE_URL`` and ``$TBGRAPH_STORE_READ_ONLY``.
    """

    store_url: str | None = None
    query_url: str | None = None
    update_url: str | None = None
    graph_store_url: str | None = None
    read_only: bool | None = None

    def completed(self) -> RemoteEndpoints:
        """These endpoints with the environment's where none was given."""

        def env(name: str) -> str | None:
            return os.environ.get(name) or None

        read_only = self.read_only
        if read_only is None:
            read_only = (env("TBGRAPH_STORE_READ_ONLY") or "").lower() in ("1", "true", "yes", "on")
        query_url = self.query_url or env("TBGRAPH_QUERY_URL")
        store_url = self.store_url or env("TBGRAPH_STORE_URL")
        return RemoteEndpoints(
            store_url=None if store_url == query_url else store_url,
            query_url=query_url,
            update_url=self.update_url or env("TBGRAPH_UPDATE_URL"),
            graph_store_url=self.graph_store_url or env("TBGRAPH_GRAPH_STORE_URL"),
            read_only=read_only,
        )

    @property
    def given(self) -> bool:
        return bool(self.store_url or self.query_url)

    @property
    def name(self) -> str | None:
        return self.store_url or self.query_url


def open_dataset(
    *,
    engine: str = "oxigraph",
    store_path: Path | None = None,
    store_url: str | None = None,
    sources: Sequence[SourceFile] | None = None,
    progress: Callable[[SourceFile], None] | None = None,
    endpoints: RemoteEndpoints | None = None,
) -> OpenDataset:
    """The store with the shipped (or given) files loaded.

    With ``store_path`` the persistent store is reused as it is when it was last loaded from the
    same files; when it holds another data version the files load into a folder beside it, which
    replaces it once loaded (a failed load leaves it as it was). The remote engine (``store_url``, or
    ``endpoints``, each from the environment when not given) keeps its data the same way, in the
    SPARQL server: first it checks that the query endpoint answers as SPARQL. A read-only server
    (``endpoints.read_only``) is never written to: it must hold the files' data version already.
    """
    remote = RemoteEndpoints()
    if engine == "remote":
        given = endpoints or RemoteEndpoints()
        remote = RemoteEndpoints(
            store_url or given.store_url, given.query_url, given.update_url, given.graph_store_url, given.read_only
        ).completed()
        store_url = remote.name
    elif store_path is None and (env := os.environ.get("TBGRAPH_STORE")):
        store_path = Path(env)
    files = list(sources) if sources is not None else default_sources()
    keeps_data = store_path is not None or store_url is not None

    def opened() -> Store:
        if engine == "oxigraph" and store_path is not None:
            with guard(store_path, exclusive=False):  # waits out another process's swap of the folder
                if (put_back := recover(store_path)) is not None:
                    log.warning(
                        "the store %s was missing after a stopped reload; its old data put back from %s",
                        store_path,
                        put_back,
                    )
                return open_store(engine, store_path)
        if engine != "remote":
            return open_store(engine, store_path, url=store_url)
        store = open_store(
            engine,
            url=remote.store_url,
            query_url=remote.query_url,
            update_url=remote.update_url,
            graph_store_url=remote.graph_store_url,
            read_only=bool(remote.read_only),
        )
        _check_protocol(store)
        return store

    if keeps_data:
        # The files are hashed while the store opens (hashlib and RocksDB both let go of the GIL):
        # a restart on 1,000 letters spent 0.12 s on each, 0.16 s on both side by side.
        with ThreadPoolExecutor(1, thread_name_prefix="tbgraph-hash") as pool:
            hashing = pool.submit(data_version, files)
            store = opened()
            version = hashing.result()
    else:
        store = opened()
        version = ""
    if isinstance(store, OxigraphStore) and store.path is not None:
        remove_leftovers(store.path)  # holding the folder's lock, no reload of it is under way
    if keeps_data:
        stored_version, stored_triples = stored_meta(store)
        if remote.read_only and stored_version != version:
            raise DatasetCheckError(_not_this_version(store_url, stored_version, version))
        if remote.read_only and not _default_graph_is_union(store):
            raise DatasetCheckError(_not_union(store_url))
        if stored_version == version:
            triples = stored_triples if stored_triples is not None else len(store)
            report = LoadReport(files=[f.path for f in files], triples=triples, data_version=version)
            report.graphs = store.graphs()
            return OpenDataset(store, report, reused=True, sources=files, store_path=store_path)
        if isinstance(store, OxigraphStore) and store.path is not None and stored_version is not None:
            return _load_beside(store, store.path, files, progress)
        for graph in store.graphs():
            store.remove_graph(graph)
    report = load_dataset(store, files, progress=progress)
    if keeps_data and not _default_graph_is_union(store):
        raise DatasetCheckError(_not_union(store_url or store_path))
    flush = getattr(store, "flush", None)
    if callable(flush):
        flush()
    return OpenDataset(store, report, reused=False, sources=files, store_path=store_path)


def _load_beside(
    old: OxigraphStore, path: Path, files: list[SourceFile], progress: Callable[[SourceFile], None] | None
) -> OpenDataset:
    """Load ``files`` into a folder beside ``path`` and swap it in; on any failure ``path`` is unchanged.

    ``old`` (the store open on ``path``) keeps the folder's lock while the new one loads, so no other
    process opens it meanwhile; both are closed before the renames and the new folder opened again,
    all under the swap lock (:func:`~tbgraph.store.folders.guard`), which other processes' opens wait for.
    """
    unchanged = f"the store {path} was left as it was, with the data it held before"
    folder: Path | None = None
    fresh: OxigraphStore | None = None
    try:
        folder = fresh_folder(path)
        fresh = OxigraphStore(folder)
        report = load_dataset(fresh, files, progress=progress)
        if not _default_graph_is_union(fresh):
            raise DatasetCheckError(_not_union(path))
        fresh.close()
        with guard(path, exclusive=True):  # no other process opens the store until the new folder is in place
            old.close()
            _check_released(path)
            swap(path, folder)
            folder = None  # it is the store now
            store = OxigraphStore(path)
    except DataFileError as error:
        _give_up(old, fresh, folder)
        raise DataFileError(f"{error}; {unchanged}") from None
    except (OSError, StoreFolderError) as error:
        _give_up(old, fresh, folder)
        raise StoreFolderError(f"{error}; {unchanged}") from None
    except BaseException:
        _give_up(old, fresh, folder)
        raise
    return OpenDataset(store, report, reused=False, sources=files, store_path=path)


def _check_released(path: Path) -> None:
    """No store is open on ``path`` any more (in this process or another): taking its lock succeeds."""
    try:
        OxigraphStore(path).close()
    except OSError as error:
        raise StoreFolderError(f"the store {path} is still open ({error}), so the new data cannot replace it") from None


def _give_up(old: OxigraphStore, fresh: OxigraphStore | None, folder: Path | None) -> None:
    """Close both stores and remove the new one's folder."""
    old.close()
    if fresh is not None:
        fresh.close()
    if folder is not None:
        discard(folder)


def _default_graph_is_union(store: Store) -> bool:
    from tbgraph.sparql import load_query
    from tbgraph.store.base import AskResult

    return store.query(load_query("default-graph-check")) == AskResult(True)


def _not_union(where: object) -> str:
    return (
        f"the data is in {where}, but a query there does not see it: its default graph is not the union of "
        "its named graphs. Configure the SPARQL server so that it is (Oxigraph does so for tbgraph by itself; "
        "Fuseki: tdb2:unionDefaultGraph true; Virtuoso: as it comes, with no FROM in the query)."
    )


def meta_ntriples(version: str) -> str:
    """The data-version triple an operator loads into ``META_GRAPH`` with the files, for a read-only store."""
    from rdflib.namespace import OWL

    return f'<{META_GRAPH}> <{OWL.versionInfo}> "{version}" .\n'


def _not_this_version(where: str | None, found: str | None, version: str) -> str:
    held = f"data version {found}" if found else f"no data version (no graph <{META_GRAPH}>)"
    return (
        f"the SPARQL store at {where} is read-only for tbgraph (--store-read-only) and holds {held}, while "
        f"the files are version {version}. Load the files into it (one named graph each, see "
        f"docs/remote-store.md) and, into the graph <{META_GRAPH}>: {meta_ntriples(version).strip()}"
    )


def _check_protocol(store: Store) -> None:
    """The query endpoint answers as SPARQL (a probe with a short time limit), else a clear error."""
    from tbgraph.store.remote import RemoteStore, RemoteStoreError

    assert isinstance(store, RemoteStore)
    try:
        store.check()
    except RemoteStoreError as error:
        store.close()
        raise DatasetCheckError(str(error)) from None
    except BaseException:
        store.close()
        raise
