"""A SPARQL 1.1 server as the store: the same :class:`~tbgraph.store.base.Store` interface over HTTP.

``RemoteStore("http://127.0.0.1:7878")`` talks to three endpoints of one server (by default an
Oxigraph server's layout, ``/query``, ``/update`` and ``/store``; each can be given):

* **Query** (SPARQL 1.1 Protocol): the URL-encoded ``POST`` every server takes (Virtuoso 7.2 never
  answers the direct ``application/sparql-query`` POST); SELECT and ASK answers are read as
  ``application/sparql-results+json``, CONSTRUCT and DESCRIBE as N-Triples, both with Oxigraph's
  streaming parsers, into the same rdflib-term results the in-process engines return.
* **Update**: ``DROP SILENT GRAPH`` to clear a graph before it is loaded again.
* **Graph Store Protocol**: ``POST ?graph=…`` with the file streamed from disk as the body, so a
  large letter collection is never built up in Python.
* ``read_only``: neither Update nor the Graph Store Protocol; the operator loads the data
  (Virtuoso's bulk loader) and tbgraph only checks its data version
  (:func:`tbgraph.dataset.opening.open_dataset`).

Every request goes through one pooled ``httpx.Client`` with timeouts. A server that cannot be
reached, or does not answer in time, raises :class:`~tbgraph.store.base.StoreUnavailableError` naming
it and why; a query the server's parser rejects (400) raises
:class:`~tbgraph.store.base.QuerySyntaxError` with the server's message.

The default graph
    Without ``default_graphs`` a query's default graph is the union of the named graphs, as in the
    in-process engines. tbgraph asks for it per request with Oxigraph's ``union-default-graph``
    parameter (the same as starting the server with ``--union-default-graph``, which also works).
    The portable alternative, one ``default-graph-uri`` per graph, was measured and rejected: with
    104 letter graphs it made Oxigraph 40-70 times slower (0.2 s to 10-16 s per competency query),
    because every triple pattern is then matched graph by graph. Another server must be configured
    to make its default graph the union (Fuseki: ``tdb2:unionDefaultGraph true``; Virtuoso's
    default graph is the union of all its graphs as it comes);
    :func:`tbgraph.dataset.opening.open_dataset` checks this after loading and says so if it is not.
    The union covers every graph of the server, so give tbgraph a store (or a dataset) of its own.

Graphs of its own
    The store only lists, loads and drops graphs whose IRI starts with ``graph_prefix`` (tbgraph's
    ``https://w3id.org/tbgraph/graph/``), so pointing it at a server that holds other data never
    touches that data, even when the whole dataset is reloaded.

Parameters
    ``bindings`` are written into the query as constants where they can stand
    (:func:`tbgraph.store.query_text.written_in`: a server plans from a constant, not from a ``VALUES``
    block), and otherwise sent as a ``VALUES`` block that is put first in the
    query's outermost ``WHERE`` group (see :func:`bind_values`). The values are RDF terms, each
    written by :func:`sparql_term` in N-Triples/SPARQL syntax with every character that could end
    the term escaped, and IRIs with a character that an IRI may not contain refused, so a value
    can never become query text: the worst a hostile value can do is not match. The block is
    placed at the start of the group, not after the query: a trailing ``VALUES`` is joined only
    after the ``WHERE`` clause's filters ran, so ``FILTER(?date >= ?from)`` would not see
    ``?from``. At the start of the group it is joined with the group's patterns and seen by its
    filters, which is what SEP-0007 substitution (Oxigraph's ``substitutions``, rdflib's
    ``initBindings``) does for the named queries: the competency tests give the same answers on
    all three engines.
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
from rdflib.term import Literal as RLiteral
from rdflib.term import URIRef

from tbgraph.model.namespaces import GRAPH_BASE
from tbgraph.store.base import (
    AskResult,
    FileToLoad,
    QueryResult,
    QuerySyntaxError,
    SelectResult,
    StoreUnavailableError,
    Term,
    _rdf_format,
    collect,
    load_each,
)
from tbgraph.store.query_text import bind_values, sparql_term, written_in

__all__ = [
    "RemoteStore",
    "RemoteStoreError",
    "ReadOnlyStoreError",
    "RemoteAddressError",
    "sparql_term",
    "bind_values",
    "UNION_PARAMETER",
]

#: Oxigraph's per-request switch for "the default graph is the union of all graphs".
UNION_PARAMETER = "union-default-graph"

SPARQL_RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
_ACCEPT = f"{SPARQL_RESULTS_JSON}, {N_TRIPLES};q=0.9"
#: Stands for "no graph" where the protocol has no way to say an empty list.
_NO_GRAPH = "urn:x-tbgraph:no-graph"
_CHUNK = 1 << 16
#: Seconds the first question to a store may take before its address is called into doubt.
PROBE_TIMEOUT = 10.0


class RemoteStoreError(RuntimeError):
    """The SPARQL server answered, but not as the protocol says (an unexpected status or body)."""


class RemoteAddressError(ValueError):
    """An endpoint's address that is not an http:// or https:// URL."""


class ReadOnlyStoreError(ValueError):
    """tbgraph was asked to write to a store it was told to treat as read-only."""


# --------------------------------------------------------------------------------------------
# Reading answers as they arrive
# --------------------------------------------------------------------------------------------


class _ResponseReader(io.RawIOBase):
    """A streamed HTTP response as a file for Oxigraph's parsers, with an overall deadline."""

    def __init__(self, store: RemoteStore, response: httpx.Response, deadline: float | None, limit: float) -> None:
        self._store = store
        self._chunks = response.iter_bytes(_CHUNK)
        self._buffer = b""
        self._deadline = deadline
        self._limit = limit
        self.failure: StoreUnavailableError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._buffer:
            if self._deadline is not None and time.monotonic() > self._deadline:
                self.failure = self._store._unavailable(f"did not answer within {self._limit:g} s", timed_out=True)
                raise self.failure
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
            except httpx.HTTPError as error:
                self.failure = self._store._failure(error, self._limit)
                raise self.failure from None
        size = min(len(buffer), len(self._buffer))
        buffer[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


class RemoteAnswer:
    """A query's answer as Oxigraph's own result objects, parsed while it streams in.

    ``result`` is a ``QuerySolutions``, a ``QueryBoolean`` or an iterator of ``Triple``; use it
    inside the ``with`` block of :meth:`RemoteStore.stream`. ``failure`` is set when the server went
    away (or the deadline passed) while the answer was being read.
    """

    def __init__(self, result: Any, reader: _ResponseReader) -> None:
        self.result = result
        self._reader = reader

    @property
    def failure(self) -> StoreUnavailableError | None:
        return self._reader.failure

    def take_failure(self) -> StoreUnavailableError | None:
        """The failure, to raise once: without the frames it was raised through (they hold pyoxigraph
        answers, which belong to the thread that made them: freed on another thread, they fail as
        "unsendable") and no longer held here (a cycle the garbage collector would free anywhere)."""
        failure, self._reader.failure = self._reader.failure, None
        return None if failure is None else failure.with_traceback(None)


def _triples(quads: Iterator[ox.Quad]) -> Iterator[ox.Triple]:
    for quad in quads:
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


# --------------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------------


class RemoteStore:
    """A SPARQL 1.1 server (Query, Update, Graph Store Protocol) behind the Store interface.

    Args:
        url: the server's base address, e.g. ``http://127.0.0.1:7878``, or (with ``query_endpoint``
            given) the name it goes by in messages.
        query_endpoint, update_endpoint, graph_store_endpoint: the three endpoints, when they are
            not Oxigraph's ``url/query``, ``url/update``, ``url/store`` (Fuseki:
            ``…/ds/query``, ``…/ds/update``, ``…/ds/data``; Virtuoso: ``…/sparql`` for both query
            and update, ``…/sparql-graph-crud``).
        read_only: never write (no Update, no Graph Store Protocol): for a server whose data its
            operator loads; :meth:`load`, :meth:`remove_graph` and :meth:`update` raise
            :class:`ReadOnlyStoreError`.
        graph_prefix: only graphs whose IRI starts with this are listed, loaded and dropped.
        timeout: seconds a request may take (a query's answer, a file's upload), unless a call
            gives its own; connecting has ``connect_timeout``.
        union_parameter: send Oxigraph's ``union-default-graph`` parameter with queries that do
            not name their default graph; turn off for a server configured to make its default
            graph the union by itself.
    """

    engine = "remote"

    def __init__(
        self,
        url: str,
        *,
        query_endpoint: str | None = None,
        update_endpoint: str | None = None,
        graph_store_endpoint: str | None = None,
        graph_prefix: str = GRAPH_BASE,
        timeout: float = 60.0,
        connect_timeout: float = 3.0,
        union_parameter: bool = True,
        max_connections: int = 16,
        read_only: bool = False,
    ) -> None:
        base = url.rstrip("/")
        for given in (url, query_endpoint, update_endpoint, graph_store_endpoint):
            if given is not None and not given.startswith(("http://", "https://")):
                raise RemoteAddressError(f"a SPARQL store address must be an http:// or https:// URL, got {given!r}")
        self.url = base
        self.query_endpoint = query_endpoint or f"{base}/query"
        self.update_endpoint = update_endpoint or f"{base}/update"
        # Given the query endpoint alone, the server's graph store has no address to guess.
        self.graph_store_endpoint: str | None = graph_store_endpoint or (
            f"{base}/store" if query_endpoint is None else None
        )
        self.graph_prefix = graph_prefix
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.union_parameter = union_parameter
        self.read_only = read_only
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            headers={"User-Agent": "tbgraph"},
        )
        self._graphs: list[str] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    # -- errors ------------------------------------------------------------------------------

    def _unavailable(self, reason: str, *, timed_out: bool = False) -> StoreUnavailableError:
        """``the SPARQL store at URL is not reachable: REASON`` (or ``… did not answer within N s``)."""
        message = f"the SPARQL store at {self.url} " + (reason if timed_out else f"is not reachable: {reason}")
        return StoreUnavailableError(message, location=self.url, timed_out=timed_out)

    def _failure(self, error: httpx.HTTPError, limit: float) -> StoreUnavailableError:
        if isinstance(error, httpx.ConnectTimeout):
            return self._unavailable(f"no connection within {self.connect_timeout:g} s")
        if isinstance(error, httpx.TimeoutException):
            return self._unavailable(f"did not answer within {limit:g} s", timed_out=True)
        if isinstance(error, httpx.ConnectError):
            return self._unavailable(_reason(error))
        if isinstance(error, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
            return self._unavailable(f"the connection broke ({_reason(error)})")
        return self._unavailable(_reason(error))

    def _garbled(self, error: Exception) -> RemoteStoreError:
        return RemoteStoreError(f"the SPARQL store at {self.url} sent an answer that does not parse: {error}")

    def _check(self, response: httpx.Response, what: str) -> None:
        """Raise for a response that is not a success; a 400 is left to the caller."""
        if response.is_success:
            return
        if not response.is_stream_consumed:
            response.read()
        text = response.text.strip()[:500]
        if response.status_code in (502, 503, 504):
            raise self._unavailable(f"it answered {response.status_code} {response.reason_phrase}: {text}")
        if response.status_code == 404:
            raise RemoteStoreError(
                f"the SPARQL store at {self.url} has no {what} endpoint at "
                f"{response.request.url.copy_with(query=None)} (404); give the endpoint's address"
            )
        raise RemoteStoreError(
            f"the SPARQL store at {self.url} answered {what} with {response.status_code} "
            f"{response.reason_phrase}: {text}"
        )

    @contextlib.contextmanager
    def _send(self, request: httpx.Request, *, stream: bool, limit: float) -> Iterator[httpx.Response]:
        attempts = 2 if request.method in ("GET", "POST") and _replayable(request) else 1
        for attempt in range(attempts):
            try:
                response = self._client.send(request, stream=stream)
            except httpx.RemoteProtocolError:
                # A kept-alive connection the server closed (it restarted): try once on a new one.
                if attempt + 1 < attempts:
                    continue
                raise self._failure(httpx.RemoteProtocolError("server disconnected"), limit) from None
            except httpx.HTTPError as error:
                raise self._failure(error, limit) from None
            break
        try:
            yield response
        finally:
            response.close()

    # -- queries -----------------------------------------------------------------------------

    def _dataset_params(
        self, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None
    ) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = []
        if default_graphs is None:
            if self.union_parameter:
                params.append((UNION_PARAMETER, "true"))
            if named_graphs is None:
                return params
        else:
            params += [("default-graph-uri", g) for g in default_graphs or (_NO_GRAPH,)]
            if named_graphs is None:
                # In-process engines keep every named graph available to GRAPH; the protocol
                # would offer none once the default graph is given.
                named_graphs = self._all_graphs()
        params += [("named-graph-uri", g) for g in named_graphs or (_NO_GRAPH,)]
        return params

    def _query_request(self, text: str, params: list[tuple[str, Any]], timeout: float) -> httpx.Request:
        """The protocol's URL-encoded POST: the query and its dataset in the body.

        Every SPARQL 1.1 server takes this form, and it has no URL length limit. The direct POST
        (``application/sparql-query``) is not sent: Virtuoso 7.2 never answers it (it waits for
        more of the body until the client gives up).
        """
        headers = {"Accept": _ACCEPT, "Content-Type": "application/x-www-form-urlencoded"}
        limits = httpx.Timeout(timeout, connect=self.connect_timeout)
        body = urlencode([("query", text), *params]).encode("ascii")
        return self._client.build_request("POST", self.query_endpoint, content=body, headers=headers, timeout=limits)

    @contextlib.contextmanager
    def stream(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
        service_dataset: bool = False,
    ) -> Iterator[RemoteAnswer]:
        """Run a query and parse its answer while it arrives, within ``timeout`` seconds overall.

        This is the counterpart of ``OxigraphStore.native_query``: the answer comes as Oxigraph's
        own result objects, so the HTTP server writes it with the same code for both engines.
        Leaving the block closes the connection, which stops a server that streams its answer.
        With ``service_dataset`` no dataset is asked for: the server's own default graph, and
        ``GRAPH`` ranging over every graph it holds.
        """
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        params = [] if service_dataset else self._dataset_params(default_graphs, named_graphs)
        request = self._query_request(bind_values(*written_in(sparql, bindings or {})), params, limit)
        with self._send(request, stream=True, limit=limit) as response:
            if response.status_code == 400:
                response.read()
                raise QuerySyntaxError(response.text.strip() or "the SPARQL store rejected the query (400)")
            self._check(response, "query")
            reader = _ResponseReader(self, response, deadline, limit)
            source = io.BufferedReader(reader, _CHUNK)
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                if media_type == SPARQL_RESULTS_JSON:
                    result: Any = ox.parse_query_results(source, format=ox.QueryResultsFormat.JSON)
                elif media_type == N_TRIPLES:
                    result = _triples(ox.parse(source, format=ox.RdfFormat.N_TRIPLES))
                else:
                    raise RemoteStoreError(
                        f"the SPARQL store at {self.url} answered a query as {media_type or 'nothing'}, "
                        f"not as the {SPARQL_RESULTS_JSON} or {N_TRIPLES} asked for"
                    )
            except (SyntaxError, OSError, ValueError) as error:
                if reader.failure is not None:
                    failure, reader.failure = reader.failure, None
                    raise failure.with_traceback(None) from None
                raise self._garbled(error) from None
            yield RemoteAnswer(result, reader)

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
        service_dataset: bool = False,
    ) -> QueryResult:
        """Run a query (see :meth:`stream`) and collect its answer as rdflib terms."""
        with self.stream(
            sparql,
            bindings=bindings,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            timeout=timeout,
            service_dataset=service_dataset,
        ) as answer:
            try:
                return collect(answer.result)
            except (SyntaxError, OSError, ValueError, RuntimeError) as error:
                failure = answer.take_failure()
                if failure is not None:
                    raise failure from None
                if isinstance(error, StoreUnavailableError):
                    raise
                raise self._garbled(error) from None

    def ping(self, timeout: float = 2.0) -> None:
        """Ask the server a trivial question; StoreUnavailableError when it cannot answer."""
        result = self.query("ASK {}", timeout=timeout)
        if not isinstance(result, AskResult):
            raise RemoteStoreError(f"the SPARQL store at {self.url} did not answer ASK {{}} with a boolean")

    def check(self, timeout: float = PROBE_TIMEOUT) -> None:
        """Make sure the query endpoint answers as SPARQL, within ``timeout`` seconds.

        Asked once when a store is opened, so that an address that is not a SPARQL query endpoint
        (a web page, a server that never answers the request) is named at once, instead of after
        the first real query's time limit. Raises :class:`StoreUnavailableError` (nothing listens,
        no answer in time) or :class:`RemoteStoreError` (an answer that is not SPARQL), each saying
        which address to check.
        """
        hint = f"is {self.query_endpoint} the server's SPARQL query endpoint?"
        try:
            self.ping(timeout=timeout)
        except StoreUnavailableError as error:
            if not error.timed_out:
                raise
            raise StoreUnavailableError(
                f"the SPARQL store at {self.url} did not answer the query ASK {{}} within {timeout:g} s; {hint}",
                location=self.url,
                timed_out=True,
            ) from None
        except (RemoteStoreError, QuerySyntaxError) as error:
            raise RemoteStoreError(f"{error}; {hint}") from None

    def _count(self) -> int:
        """The triples of this store's graphs (those under ``graph_prefix``)."""
        text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?prefix)) }"
        bindings: dict[str, Term] = {"prefix": RLiteral(self.graph_prefix)}
        result = self.query(text, bindings=bindings, service_dataset=True)
        assert isinstance(result, SelectResult)
        return int(str(result.rows[0]["n"])) if result.rows and "n" in result.rows[0] else 0

    # -- graphs ------------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        """This store's graphs (under ``graph_prefix``).

        ``GRAPH ?g { }`` lists them from Oxigraph's graph index; Virtuoso 7.2 answers it with one
        row and no graph, so where it names none the graphs are asked for by their triples.
        """
        found: list[str] = []
        for pattern in ("{ }", "{ ?s ?p ?o }"):
            result = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {pattern} }}", service_dataset=True)
            assert isinstance(result, SelectResult)
            found = sorted(
                str(row["g"])
                for row in result.rows
                if isinstance(row.get("g"), URIRef) and str(row["g"]).startswith(self.graph_prefix)
            )
            if any("g" in row for row in result.rows):
                break
        with self._lock:
            self._graphs = found
        return list(found)

    def _all_graphs(self) -> list[str]:
        with self._lock:
            cached = self._graphs
        return cached if cached is not None else self.graphs()

    def _own(self, graph: str) -> None:
        if not graph.startswith(self.graph_prefix):
            raise ValueError(f"this store only writes graphs under {self.graph_prefix} (graph_prefix), not {graph}")

    def _writable(self, what: str) -> None:
        if self.read_only:
            raise ReadOnlyStoreError(
                f"the SPARQL store at {self.url} is read-only for tbgraph (--store-read-only): "
                f"it does not {what} there; its operator loads the data"
            )

    def _graph_store(self, what: str) -> str:
        if self.graph_store_endpoint is None:
            raise RemoteStoreError(
                f"the SPARQL store at {self.url} was given no Graph Store Protocol endpoint, so tbgraph cannot "
                f"{what} there: give it (--graph-store-url; Virtuoso: …/sparql-graph-crud), or load the data "
                "yourself and use --store-read-only"
            )
        return self.graph_store_endpoint

    def _forget_graphs(self) -> None:
        with self._lock:
            self._graphs = None

    def load(self, data: bytes | str | Path, media_type: str, graph: str) -> None:
        """Add a file's (or bytes') triples to ``graph`` with a Graph Store Protocol POST.

        A file is streamed from disk. A dataset syntax (TriG, N-Quads) is posted to the store as a
        whole and names its graphs itself, as with the in-process engines. A body the server
        cannot parse raises ValueError with the server's message.
        """
        self._own(graph)
        self._writable("load a file")
        endpoint = self._graph_store("load a file")
        fmt = _rdf_format(media_type)
        params = {} if fmt.supports_datasets else {"graph": graph}
        headers = {"Content-Type": fmt.media_type}
        content: bytes | Iterator[bytes]
        if isinstance(data, Path):
            headers["Content-Length"] = str(data.stat().st_size)
            content = _file_chunks(data)
        else:
            content = data.encode("utf-8") if isinstance(data, str) else data
        request = self._client.build_request("POST", endpoint, params=params, content=content, headers=headers)
        self._forget_graphs()
        with self._send(request, stream=False, limit=self.timeout) as response:
            if response.status_code in (400, 415):
                raise ValueError(f"the SPARQL store rejected the data: {response.text.strip()[:500]}")
            self._check(response, "graph store")

    def load_files(self, files: Sequence[FileToLoad], *, loaded: Callable[[int], None] | None = None) -> None:
        """One Graph Store Protocol POST per file (:meth:`load`)."""
        load_each(self, files, loaded)

    def remove_graph(self, graph: str) -> None:
        """Drop ``graph`` with SPARQL Update (``DROP SILENT``: no error when it does not exist)."""
        self._own(graph)
        self.update(f"DROP SILENT GRAPH {sparql_term(URIRef(graph))}")

    def update(self, sparql_update: str) -> None:
        """Send a SPARQL 1.1 Update to the update endpoint (URL-encoded POST, as queries)."""
        self._writable("run SPARQL Update")
        request = self._client.build_request(
            "POST",
            self.update_endpoint,
            content=urlencode([("update", sparql_update)]).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        self._forget_graphs()
        with self._send(request, stream=False, limit=self.timeout) as response:
            if response.status_code == 400:
                raise QuerySyntaxError(response.text.strip())
            self._check(response, "update")

    def _get_graph(self, graph: str, media_type: str) -> bytes:
        request = self._client.build_request(
            "GET", self._graph_store("read a graph"), params={"graph": graph}, headers={"Accept": media_type}
        )
        with self._send(request, stream=False, limit=self.timeout) as response:
            if response.status_code == 404:
                return b""
            self._check(response, "graph store")
            return response.content

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        """The graph (or all of this store's graphs) serialised, read with Graph Store Protocol GETs."""
        fmt = _rdf_format(media_type)
        if fmt.supports_datasets:
            names = [graph] if graph is not None else self.graphs()
            quads: list[ox.Quad] = []
            for name in names:
                body = self._get_graph(name, N_TRIPLES)
                target: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph() if graph is not None else ox.NamedNode(name)
                quads += [
                    ox.Quad(q.subject, q.predicate, q.object, target)
                    for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
                ]
            return ox.serialize(quads, format=fmt) or b""
        if graph is not None:
            return self._get_graph(graph, fmt.media_type)
        return b"".join(self._get_graph(name, fmt.media_type) for name in self.graphs())

    def __len__(self) -> int:
        return self._count()

    def close(self) -> None:
        self._client.close()


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _replayable(request: httpx.Request) -> bool:
    """A request whose body is in memory can be sent again (a streamed file cannot)."""
    try:
        request.content  # noqa: B018 - raises for a streamed body not yet read
    except httpx.RequestNotRead:
        return False
    return True


def _reason(error: BaseException) -> str:
    """``[Errno 111] Connection refused`` → ``connection refused``."""
    text = str(error) or type(error).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text.split("\n")[0]).strip()
    return text[:1].lower() + text[1:] if text else type(error).__name__
