"""A query worker process: its own read-only copy of the dataset, one query at a time.

Untrusted SPARQL is checked and run here, not in the server process: a query can be stuck inside
Oxigraph's native code where no Python thread can be interrupted, and a parse can be slow; the
server kills the whole process when the time limit passes and starts another
(:mod:`tbgraph.sandbox.pool`). The command line runs its queries through one worker too, under
the same limits. A worker

* is cut off from the network before it reads a query (:mod:`tbgraph.sandbox.isolation`: a seccomp
  filter on ``socket`` for any user, a network namespace of its own where permitted);
* loads the same files as the server, in the same order and the same way (so that even the order
  of GROUP_CONCAT agrees with the CLI's), plus the server's meta graph from a dump, or opens a
  persistent store read-only;
* limits its address space, so a runaway query ends in this process, not the machine;
* checks each query on a complete parse (:mod:`tbgraph.sandbox.check`) and runs what it checked,
  on a thread with a large stack (:data:`QUERY_STACK_BYTES`);
* dies with its parent (``PR_SET_PDEATHSIG``);
* answers each job with the serialised bytes, cut to ``max_rows`` rows or triples and to
  ``max_answer_bytes`` bytes.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from tbgraph.sandbox.check import MAX_DEPTH, PARSER_RECURSION, QueryInfo, Refused, check
from tbgraph.sandbox.isolation import isolate

if TYPE_CHECKING:
    from tbgraph.api.settings import Settings

__all__ = ["WorkerSpec", "Job", "Reply", "worker_main", "run_job", "launch", "spec_for"]

#: Stack of the thread queries run on (address space only; pages are used as the recursion needs).
QUERY_STACK_BYTES = 256 * 1024 * 1024

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
    max_answer_bytes: int = 16 * 1024 * 1024
    max_depth: int = MAX_DEPTH
    prefixes: dict[str, str] = field(default_factory=dict)
    memory_limit_mb: int = 0
    isolate_network: bool = True  # a network namespace, where permitted
    block_sockets: bool = True  # the seccomp filter
    check_queries: bool = True  # off only to prove the isolation on its own


def spec_for(settings: Settings, **data: Any) -> WorkerSpec:
    """The server's worker spec for the data ``data`` names (``tbgraph.api.state.worker_data``)."""
    from tbgraph.model.prefixes import PREFIXES

    return WorkerSpec(
        **data,
        max_rows=settings.max_rows,
        max_answer_bytes=settings.max_answer_bytes,
        max_depth=settings.max_query_depth,
        prefixes=dict(PREFIXES),
        memory_limit_mb=settings.worker_memory_mb,
        isolate_network=settings.isolate_query_workers,
        block_sockets=settings.isolate_query_workers,
        check_queries=settings.check_queries,
    )


def launch(spec: WorkerSpec | None = None) -> tuple[subprocess.Popen[bytes], Connection]:
    """``python -m tbgraph.sandbox.worker FD`` with one end of a socket pair (no re-import of the
    parent's ``__main__``); with ``spec``, the spec is sent at once and the worker opens its data
    while the caller goes on (it answers "ready" when it has)."""
    ours, theirs = socket.socketpair()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tbgraph.sandbox.worker", str(theirs.fileno())],
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
    """One query: the media type to write for each kind of answer (None: not acceptable), the
    protocol's dataset (None: not given, the query's own FROM or the union default graph), and the
    base IRI relative IRIs resolve against."""

    query: str
    results_media: str | None = "application/sparql-results+json"  # SELECT and ASK
    graph_media: str | None = "text/turtle"  # CONSTRUCT and DESCRIBE
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None


@dataclass(frozen=True)
class Reply:
    """``status``: ok; refused (``kind`` says why: syntax, update, service, depth); syntax (the
    engine's parser); media (no acceptable format for ``form``); too-large; or error (the engine's).
    ``truncated`` says ``rows`` or ``bytes`` when the answer was cut."""

    status: str
    body: bytes = b""
    truncated: str = ""
    count: int = 0
    message: str = ""
    kind: str = ""
    form: str = ""
    media_type: str = ""


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


def _term_bytes(term: Any) -> int:
    """About what a term costs written out (its text and its datatype or language)."""
    if term is None:
        return 0
    if isinstance(term, ox.Literal):
        return len(term.value.encode()) + len(term.datatype.value) + 16
    if isinstance(term, ox.Triple):
        return _term_bytes(term.subject) + _term_bytes(term.predicate) + _term_bytes(term.object)
    return len(term.value.encode()) + 16


def _take(items: Iterator[Any], size: Callable[[Any], int], spec: WorkerSpec) -> tuple[list[Any], str]:
    """Read at most ``max_rows`` items and about ``max_answer_bytes``; say why it stopped early."""
    taken: list[Any] = []
    used = 0
    for item in items:
        if len(taken) == spec.max_rows:
            return taken, "rows"
        used += size(item)
        if used > spec.max_answer_bytes:
            if not taken:
                raise _TooLarge(
                    f"the answer's first row alone is larger than this endpoint's limit of "
                    f"{spec.max_answer_bytes:,} bytes per answer; select less (SUBSTR, a LIMIT inside GROUP_CONCAT's "
                    "group, fewer variables)"
                )
            return taken, "bytes"
        taken.append(item)
    return taken, ""


class _TooLarge(Exception):
    pass


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
    document = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if media_type == "application/sparql-results+json":
        return document
    parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=RESULT_FORMATS[media_type]) or b""


def _dataset(job: Job, info: QueryInfo | None) -> dict[str, Any]:
    """The engine's dataset: the protocol's when given (it overrides the query's FROM, SPARQL 1.1
    Protocol §2.1.4), else the query's FROM, else the union of all graphs as the default graph. A
    graph the store does not hold is an empty graph; nothing is ever fetched."""
    default: tuple[str, ...] | None
    named: tuple[str, ...] | None
    if job.default_graphs is not None or job.named_graphs is not None:
        default, named = job.default_graphs or (), job.named_graphs or ()
    elif info is not None and (info.from_graphs or info.from_named):
        default, named = info.from_graphs, info.from_named
    else:
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [ox.NamedNode(g) for g in default] or [ox.DefaultGraph()],
        "named_graphs": [ox.NamedNode(g) for g in named],
    }


_checked: dict[str, QueryInfo] = {}
_CHECKED_KEPT = 256


def _check(job: Job, spec: WorkerSpec) -> QueryInfo:
    key = f"{job.base_iri}\n{job.query}"
    info = _checked.get(key)
    if info is None:
        info = check(job.query, base=job.base_iri, max_depth=spec.max_depth, known_prefixes=spec.prefixes)
        if len(_checked) >= _CHECKED_KEPT:
            _checked.clear()
        if len(key) <= 65536:
            _checked[key] = info
    return info


def run_job(store: ox.Store, job: Job, spec: WorkerSpec) -> Reply:
    """Check one query, run it, and serialise its answer within the row and byte limits."""
    info: QueryInfo | None = None
    if spec.check_queries:
        try:
            info = _check(job, spec)
        except Refused as refusal:
            return Reply("refused", message=refusal.message, kind=refusal.kind)
    # The answer is read in a frame of its own: the check's parser keeps exceptions (and through
    # them the frames above it, this one included) alive after it returns, and pyoxigraph's
    # answers belong to the thread that made them ("unsendable" when collected on another).
    return _answer(store, job, spec, info)


def _answer(store: ox.Store, job: Job, spec: WorkerSpec, info: QueryInfo | None) -> Reply:
    """Run a checked query and serialise its answer within the row and byte limits."""
    try:
        result = store.query(job.query, base_iri=job.base_iri, **_dataset(job, info))
    except SyntaxError as error:
        return Reply("syntax", message=str(error))
    try:
        if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            form = "ASK" if isinstance(result, ox.QueryBoolean) else "SELECT"
            media = job.results_media
            if media not in RESULT_FORMATS:
                return Reply("media", form=form)
            if isinstance(result, ox.QueryBoolean):
                return Reply(
                    "ok", result.serialize(format=RESULT_FORMATS[media]) or b"", count=1, form=form, media_type=media
                )
            variables = [v.value for v in result.variables]
            rows, cut = _take(iter(result), lambda row: sum(_term_bytes(row[v]) for v in variables) + 8, spec)
            body = _write_solutions(variables, rows, media)
            return Reply("ok", body, cut, len(rows), form=form, media_type=media)
        form = info.form if info is not None else "CONSTRUCT"
        media = job.graph_media
        if media not in GRAPH_FORMATS:
            return Reply("media", form=form)
        triples, cut = _take(
            iter(result), lambda t: _term_bytes(t.subject) + _term_bytes(t.predicate) + _term_bytes(t.object), spec
        )
        body = ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=spec.prefixes) or b""
        return Reply("ok", body, cut, len(triples), form=form, media_type=media)
    except _TooLarge as error:
        return Reply("too-large", message=str(error))
    except (OSError, ValueError, TypeError, RuntimeError, MemoryError) as error:
        # Evaluation errors Oxigraph raises while iterating (e.g. a result too large to hold).
        return Reply("error", message=f"{type(error).__name__}: {error}")


def worker_main(conn: Connection, spec: WorkerSpec | None = None) -> None:
    """Serve jobs from ``conn`` until it closes; the first message is the spec unless given."""
    if spec is None:
        spec = conn.recv()
        assert isinstance(spec, WorkerSpec)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    _die_with_parent()
    walls = isolate(namespace=spec.isolate_network, seccomp=spec.block_sockets)
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
    conn.send(("ready", {"pid": os.getpid(), "isolated": walls["namespace"] or walls["seccomp"], "walls": walls}))
    sys.setrecursionlimit(PARSER_RECURSION)
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
            reply = run_job(store, job, spec)
        except Exception as error:  # noqa: BLE001 - a bug must cost this query, not the worker
            reply = Reply("error", message=f"internal error while checking or running the query: {error!r}")
        try:
            conn.send(reply)
        except OSError:  # the server went away
            return


def _entry() -> None:
    """``python -m tbgraph.sandbox.worker FD``: serve on the inherited connection FD."""
    import sys

    worker_main(Connection(int(sys.argv[1])))


if __name__ == "__main__":
    # Run under the module's real name, so that Job and Reply pickle as tbgraph.sandbox.worker.*.
    from tbgraph.sandbox import worker as _named

    _named._entry()
