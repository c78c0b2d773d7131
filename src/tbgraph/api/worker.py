"""A query worker process: its own read-only copy of the dataset, one query at a time.

Untrusted SPARQL runs here, not in the server process, because a query can be stuck inside
Oxigraph's native code where no Python thread can be interrupted; the server kills the whole
process when the time limit passes and starts another (:mod:`tbgraph.api.executor`).

This module imports only pyoxigraph and the standard library, so a replacement worker is ready in
a fraction of a second. A worker

* loads the same files as the server, in the same order and the same way (so that even the order
  of GROUP_CONCAT agrees with the CLI's), plus the server's meta graph from a dump, or opens a
  persistent store read-only;
* drops its network where the OS allows (a network namespace of its own, which needs
  ``CAP_SYS_ADMIN``): even a ``SERVICE`` the checks missed could reach nothing;
* limits its address space, so a runaway query ends in this process, not the machine;
* runs queries on a thread with a large stack (:data:`QUERY_STACK_BYTES`): Oxigraph parses and
  evaluates recursively, and a stack overflow in native code kills the process outright (the
  query checks refuse queries that deep, see :data:`tbgraph.api.sandbox.MAX_DEPTH`; this is the
  margin behind them);
* dies with its parent (``PR_SET_PDEATHSIG``);
* answers each job with the serialised bytes, cut to ``max_rows`` rows or triples.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import itertools
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from .settings import Settings

__all__ = ["WorkerSpec", "Job", "Reply", "worker_main", "run_job", "isolate_network", "launch", "spec_for"]

#: Stack of the thread queries run on (address space only; pages are used as the recursion needs).
QUERY_STACK_BYTES = 256 * 1024 * 1024

_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class WorkerSpec:
    """How a worker gets its data and what limits it runs under."""

    sources: tuple[tuple[str, str, str], ...] = ()  # (file, media type, graph), loaded in this order
    nquads_path: str | None = None  # more quads (the server's meta graph)
    store_path: str | None = None
    max_rows: int = 10_000
    prefixes: dict[str, str] = field(default_factory=dict)
    memory_limit_mb: int = 0
    isolate_network: bool = True


def spec_for(settings: Settings, **data: Any) -> WorkerSpec:
    """The server's worker spec for the data ``data`` names (``tbgraph.api.state.worker_data``)."""
    from ..prefixes import PREFIXES

    return WorkerSpec(
        **data,
        max_rows=settings.max_rows,
        prefixes=dict(PREFIXES),
        memory_limit_mb=settings.worker_memory_mb,
        isolate_network=settings.isolate_query_workers,
    )


def launch(spec: WorkerSpec | None = None) -> tuple[subprocess.Popen[bytes], Connection]:
    """``python -m tbgraph.api.worker FD`` with one end of a socket pair (no re-import of the
    parent's ``__main__``); with ``spec``, the spec is sent at once and the worker opens its data
    while the caller goes on (it answers "ready" when it has)."""
    ours, theirs = socket.socketpair()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tbgraph.api.worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
    finally:
        theirs.close()
    conn = Connection(ours.detach())
    if spec is not None:
        try:
            conn.send(spec)
        except OSError:
            process.kill()
            conn.close()
            raise
    return process, conn


@dataclass(frozen=True)
class Job:
    query: str
    media_type: str  # canonical media type to write
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Reply:
    """``status`` is ok, syntax (the parser's message) or error (the engine's)."""

    status: str
    body: bytes = b""
    truncated: bool = False
    count: int = 0
    message: str = ""


def isolate_network() -> bool:
    """Move this process into a network namespace of its own; False where not permitted."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    return bool(libc.unshare(_CLONE_NEWNET) == 0)


def _die_with_parent() -> None:
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        ctypes.CDLL(libc_name, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def open_worker_store(spec: WorkerSpec) -> ox.Store:
    """The same files loaded the same way as the server's store, so answers agree to the row order."""
    if spec.store_path is not None:
        # A read-only RocksDB can meet a file the read-write one (the server) has just compacted
        # away ("Corruption: … No such file or directory"); opening again reads the new list.
        for attempt in range(3):
            try:
                return ox.Store.read_only(spec.store_path)
            except RuntimeError as error:
                if attempt == 2 or "No such file" not in str(error):
                    raise OSError(f"cannot open the store {spec.store_path}: {error}") from None
                time.sleep(0.05)
    store = ox.Store()
    for path, media_type, graph in spec.sources:
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise ValueError(f"{path}: unknown RDF media type {media_type}")
        store.load(path=path, format=fmt, to_graph=ox.NamedNode(graph))
    if spec.nquads_path is not None:
        store.load(path=spec.nquads_path, format=ox.RdfFormat.N_QUADS)
    return store


def _encode(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    raise TypeError(f"cannot write {term!r} in SPARQL results (RDF-star terms are not served)")


def _write_solutions(variables: list[str], rows: list[ox.QuerySolution], media_type: str) -> bytes:
    """Write rows already read from the engine; JSON directly, the others via Oxigraph's writers."""
    bindings = []
    for row in rows:
        binding = {}
        for name in variables:
            value = row[name]
            if value is not None:
                binding[name] = _encode(value)
        bindings.append(binding)
    document = json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode()
    if media_type == "application/sparql-results+json":
        return document
    parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=RESULT_FORMATS[media_type]) or b""


def run_job(store: ox.Store, job: Job, spec: WorkerSpec) -> Reply:
    """Run one query and serialise its answer (at most ``spec.max_rows`` rows or triples)."""
    kwargs: dict[str, Any] = {}
    if job.default_graphs is None:
        kwargs["use_default_graph_as_union"] = True
    else:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    if job.named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, **kwargs)
    except SyntaxError as error:
        return Reply("syntax", message=str(error))
    limit = spec.max_rows
    try:
        if isinstance(result, ox.QueryBoolean):
            if job.media_type not in RESULT_FORMATS:
                return Reply("media", message="ASK")
            return Reply("ok", result.serialize(format=RESULT_FORMATS[job.media_type]) or b"", count=1)
        if isinstance(result, ox.QuerySolutions):
            if job.media_type not in RESULT_FORMATS:
                return Reply("media", message="SELECT")
            variables = [v.value for v in result.variables]
            rows = list(itertools.islice(result, limit + 1))
            truncated = len(rows) > limit
            rows = rows[:limit]
            return Reply("ok", _write_solutions(variables, rows, job.media_type), truncated, len(rows))
        if job.media_type not in GRAPH_FORMATS:
            return Reply("media", message="CONSTRUCT")
        triples = list(itertools.islice(result, limit + 1))
        truncated = len(triples) > limit
        triples = triples[:limit]
        body = ox.serialize(triples, format=GRAPH_FORMATS[job.media_type], prefixes=spec.prefixes) or b""
        return Reply("ok", body, truncated, len(triples))
    except (OSError, ValueError, TypeError, RuntimeError) as error:
        # Evaluation errors Oxigraph raises while iterating (e.g. a result too large to hold).
        return Reply("error", message=f"{type(error).__name__}: {error}")


def worker_main(conn: Connection, spec: WorkerSpec | None = None) -> None:
    """Serve jobs from ``conn`` until it closes; the first message is the spec unless given."""
    if spec is None:
        spec = conn.recv()
        assert isinstance(spec, WorkerSpec)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    _die_with_parent()
    isolated = isolate_network() if spec.isolate_network else False
    if spec.memory_limit_mb:
        limit = spec.memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        store = open_worker_store(spec)
    except (OSError, SyntaxError, ValueError) as error:
        with contextlib.suppress(OSError):
            conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    # No triple count here: counting a 1,000-letter store on disk takes half a second per worker.
    conn.send(("ready", {"pid": os.getpid(), "isolated": isolated}))
    threading.stack_size(QUERY_STACK_BYTES)
    serving = threading.Thread(target=_serve, args=(conn, store, spec), name="tbgraph-query")
    serving.start()  # the stack size is taken here, not when the Thread is made
    threading.stack_size(0)
    serving.join()


def _serve(conn: Connection, store: ox.Store, spec: WorkerSpec) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(run_job(store, job, spec))
        except OSError:  # the server went away
            return


def _entry() -> None:
    """``python -m tbgraph.api.worker FD``: serve on the inherited connection FD."""
    import sys

    worker_main(Connection(int(sys.argv[1])))


if __name__ == "__main__":
    # Run under the module's real name, so that Job and Reply pickle as tbgraph.api.worker.*.
    from tbgraph.api import worker as _named

    _named._entry()
