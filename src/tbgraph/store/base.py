"""The one small interface between tbgraph and an RDF engine.

Query, analytics and API code talk to a :class:`Store`; which engine sits behind it is chosen in
one place (:func:`open_store`) by name. The default is Oxigraph (``pyoxigraph``), picked by
``benchmarks/store_engines.py``: on this project's competency queries it answers many times faster
than rdflib's own engine and loads Turtle faster with less memory. rdflib stays available
(``engine="rdflib"``) as the reference implementation the benchmark and tests compare against.

Parameters are passed as *bindings*. Oxigraph applies them as SEP-0007 substitutions, which has
two consequences every ``.rq`` file here respects: a bound variable must appear in the query's
projection, and an optional parameter used in a FILTER is written ``COALESCE(?param, default)``
(Oxigraph's ``BOUND`` does not see substituted values). The queries reach Oxigraph with their
values already written in as constants instead where they can stand
(:func:`tbgraph.store.query_text.written_in`, ``BOUND(?param)`` as ``true``): its planner does not see
substitutions, and a constant is where a join should start.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast
from typing import Literal as TypingLiteral

import pyoxigraph as ox
import rdflib
from rdflib.term import Node, URIRef

from tbgraph.model.terms import from_oxigraph, to_oxigraph

__all__ = [
    "Term",
    "Row",
    "SelectResult",
    "AskResult",
    "GraphResult",
    "QueryResult",
    "QuerySyntaxError",
    "StoreUnavailableError",
    "FileToLoad",
    "LoadFileError",
    "load_each",
    "Store",
    "OxigraphStore",
    "RdflibStore",
    "to_oxigraph",
    "from_oxigraph",
    "collect",
    "RESULT_FORMATS",
    "RDF_FORMATS",
]

Term = Node
Row = dict[str, Term]

#: A file to load: its path, its media type and the named graph its triples go to.
FileToLoad = tuple[Path, str, str]

#: Media types of SELECT/ASK result serialisations the stores can write natively.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

#: Media types of graph serialisations (CONSTRUCT/DESCRIBE and dumps).
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


class QuerySyntaxError(ValueError):
    """The query text is not valid SPARQL 1.1; the message carries the parser's position."""


class StoreUnavailableError(RuntimeError):
    """The store is a server that cannot be reached, or did not answer within the time limit.

    The message names the server and the reason ("the SPARQL store at http://127.0.0.1:7878 is not
    reachable: connection refused"); ``timed_out`` tells a slow answer from a server that is down.
    """

    def __init__(self, message: str, *, location: str = "", timed_out: bool = False) -> None:
        super().__init__(message)
        self.location = location
        self.timed_out = timed_out


class LoadFileError(ValueError):
    """One file of :meth:`Store.load_files` could not be read or parsed: ``path`` names it, the
    message is the parser's (with its line)."""

    def __init__(self, path: Path, error: BaseException) -> None:
        super().__init__(str(error))
        self.path = path


# --------------------------------------------------------------------------------------------
# Results, engine-neutral
# --------------------------------------------------------------------------------------------


@dataclass
class SelectResult:
    """Rows of a SELECT query, with rdflib terms so callers never see engine types."""

    variables: list[str]
    rows: list[Row]

    kind: TypingLiteral["select"] = "select"

    def serialize(self, media_type: str) -> bytes:
        return _serialize_rows(self.variables, self.rows, media_type)


@dataclass
class AskResult:
    value: bool
    kind: TypingLiteral["ask"] = "ask"

    def serialize(self, media_type: str) -> bytes:
        return _serialize_boolean(self.value, media_type)


@dataclass
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE query."""

    graph: rdflib.Graph
    kind: TypingLiteral["graph"] = "graph"

    def serialize(self, media_type: str) -> bytes:
        return _serialize_graph(self.graph, media_type)


QueryResult = SelectResult | AskResult | GraphResult


class Store(Protocol):
    """What tbgraph needs from an RDF engine: load into named graphs, query, dump."""

    engine: str

    def load(self, data: bytes | str | Path, media_type: str, graph: str) -> None:
        """Parse ``data`` into named graph ``graph``.

        Nothing is counted here, because counting after every file is a noticeable part of a
        large load; callers that want a total ask ``len()`` once.
        """
        ...

    def load_files(self, files: Sequence[FileToLoad], *, loaded: Callable[[int], None] | None = None) -> None:
        """Load each file into its graph as :meth:`load` would, in one go where the engine gains by it.

        ``loaded`` is called with a file's index once its triples are handed to the engine. A file
        that cannot be read or parsed raises :class:`LoadFileError` naming it; the files before it
        may be loaded already.
        """
        ...

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query.

        Without ``default_graphs`` the default graph is the union of all named graphs, so that
        queries need no ``GRAPH`` clause; with it, the default graph is the merge of those graphs
        (the SPARQL protocol's ``default-graph-uri``).
        """
        ...

    def graphs(self) -> list[str]: ...

    def remove_graph(self, graph: str) -> None: ...

    def dump(self, media_type: str, graph: str | None = None) -> bytes: ...

    def __len__(self) -> int: ...


def load_each(store: Store, files: Sequence[FileToLoad], loaded: Callable[[int], None] | None = None) -> None:
    """:meth:`Store.load_files` as one :meth:`Store.load` per file: for engines that gain nothing by more."""
    for index, (path, media_type, graph) in enumerate(files):
        try:
            store.load(path, media_type, graph)
        except (SyntaxError, ValueError, OSError) as error:
            raise LoadFileError(path, error) from None
        if loaded is not None:
            loaded(index)


# --------------------------------------------------------------------------------------------
# Oxigraph
# --------------------------------------------------------------------------------------------


def collect(result: Any) -> QueryResult:
    """An Oxigraph answer (``QueryBoolean``, ``QuerySolutions`` or triples) as the engine-neutral
    results, each distinct term converted once: answers repeat their actors, roles, goals and
    datatypes row after row (docs/decisions/0013).

    pyoxigraph's answers belong to the thread that made them: none may outlive this call in a
    traceback's frame, or a garbage collection on another thread fails on it ("unsendable").
    """
    if isinstance(result, ox.QueryBoolean):
        return AskResult(bool(result))
    converted: dict[object, Term] = {}

    def term(value: object) -> Term:
        found = converted.get(value)
        if found is None:
            found = converted[value] = from_oxigraph(value)
        return found

    try:
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows: list[Row] = []
            for solution in result:
                row: Row = {}
                for name in variables:
                    value = solution[name]
                    if value is not None:
                        row[name] = term(value)
                rows.append(row)
            return SelectResult(variables, rows)
        graph = rdflib.Graph()
        for triple in result:
            graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
        return GraphResult(graph)
    finally:
        del result
        solution = value = triple = None  # noqa: F841 - the loop's last items: no reference left
        converted.clear()


class OxigraphStore:
    """Oxigraph through pyoxigraph: in memory, or persistent in a RocksDB folder."""

    engine = "oxigraph"

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(path))
        else:
            self._store = ox.Store(str(path))
        self.path = path

    @property
    def native(self) -> ox.Store:
        """The pyoxigraph store, for the few places (HTTP serialisation) that need its speed."""
        return self._store

    def load(self, data: bytes | str | Path, media_type: str, graph: str) -> None:
        fmt = _rdf_format(media_type)
        target = ox.NamedNode(graph)
        # A dataset syntax (TriG, N-Quads) names its graphs itself; the file must use ``graph``.
        options = {} if fmt.supports_datasets else {"to_graph": target}
        # On disk, bulk_load writes RocksDB's sorted files directly instead of one transaction. It is
        # not atomic, which the persistent path does not need: open_dataset writes the data version
        # last, so a store whose load stopped half-way is loaded again when next opened. Many files
        # go through load_files, which makes one bulk load of them all.
        write = self._store.bulk_load if self.path is not None else self._store.load
        if isinstance(data, Path):
            write(path=str(data), format=fmt, **options)  # type: ignore[arg-type]
        else:
            write(data, format=fmt, **options)  # type: ignore[arg-type]

    def load_files(self, files: Sequence[FileToLoad], *, loaded: Callable[[int], None] | None = None) -> None:
        """In memory, one load per file; on disk, **one** bulk load of every file's triples.

        Each bulk load writes a sorted file per RocksDB index and ingests it, and RocksDB then merges
        those small files into its levels again and again: a bulk load per file made the cost of a
        load grow with the number of files, not with the triples (docs/decisions/0011). One bulk load
        over them all writes each index in a few large batches; its memory is that of pyoxigraph's
        batches, whatever the number of files and triples.
        """
        if self.path is None:
            load_each(self, files, loaded)
            return
        self._store.bulk_extend(_quads(files, loaded))

    def native_query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query and return pyoxigraph's own result, for zero-copy serialisation."""
        kwargs: dict[str, object] = {}
        if default_graphs is None:
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:
            from tbgraph.store.query_text import written_in

            sparql, bindings = written_in(sparql, bindings)
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        try:
            return self._store.query(sparql, **kwargs)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from None

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        return collect(
            self.native_query(sparql, bindings=bindings, default_graphs=default_graphs, named_graphs=named_graphs)
        )

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def remove_graph(self, graph: str) -> None:
        node = ox.NamedNode(graph)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = _rdf_format(media_type)
        if graph is None and not fmt.supports_datasets:
            out = io.BytesIO()
            for name in self.graphs():
                out.write(self._store.dump(format=fmt, from_graph=ox.NamedNode(name)) or b"")
            return out.getvalue()
        if graph is None:
            return self._store.dump(format=fmt) or b""
        return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph)) or b""

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        """Let go of the engine: on disk, written out and RocksDB's lock on the folder released.

        pyoxigraph has no close; its store closes when the last reference to it goes, which this
        drops (a result still being read holds one too). The store answers nothing afterwards.
        """
        if not hasattr(self, "_store"):
            return
        self.flush()
        del self._store


def _quads(files: Sequence[FileToLoad], loaded: Callable[[int], None] | None) -> Iterator[ox.Quad]:
    """Every file's quads, a triple syntax's triples put into the file's graph (a dataset syntax
    names its graphs itself), blank nodes renamed per file as :meth:`ox.Store.load` does."""
    quad = ox.Quad
    for index, (path, media_type, graph) in enumerate(files):
        try:
            fmt = _rdf_format(media_type)
            parsed = ox.parse(path=str(path), format=fmt, rename_blank_nodes=True)
            if fmt.supports_datasets:
                yield from parsed
            else:
                target = ox.NamedNode(graph)
                for found in parsed:
                    yield quad(found.subject, found.predicate, found.object, target)
        except (SyntaxError, ValueError, OSError) as error:
            raise LoadFileError(path, error) from None
        if loaded is not None:
            loaded(index)


# --------------------------------------------------------------------------------------------
# rdflib
# --------------------------------------------------------------------------------------------


class RdflibStore:
    """rdflib's in-memory Dataset and SPARQL engine: the reference the benchmark measures against.

    rdflib's SPARQL evaluation is not safe to run concurrently on one Dataset, so queries are
    serialised with a lock; it is meant for comparison and small jobs, not for serving.
    """

    engine = "rdflib"

    def __init__(self) -> None:
        self._dataset = rdflib.Dataset(default_union=True)
        self._lock = threading.Lock()

    @property
    def native(self) -> rdflib.Dataset:
        return self._dataset

    def load_files(self, files: Sequence[FileToLoad], *, loaded: Callable[[int], None] | None = None) -> None:
        load_each(self, files, loaded)

    def load(self, data: bytes | str | Path, media_type: str, graph: str) -> None:
        context = self._dataset.graph(URIRef(graph))
        fmt = _rdflib_format(media_type)
        target = self._dataset if fmt in ("trig", "nquads") else context
        if isinstance(data, Path):
            target.parse(str(data), format=fmt)
        else:
            target.parse(data=data, format=fmt)

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        from pyparsing import ParseException

        source: rdflib.Graph | rdflib.Dataset = self._dataset
        if default_graphs is not None:
            merged = rdflib.Graph()
            for name in default_graphs:
                for triple in self._dataset.graph(URIRef(name)):
                    merged.add(triple)
            source = merged
        init: dict[str, Any] = {k: v for k, v in (bindings or {}).items()}
        with self._lock:
            try:
                result = source.query(sparql, initBindings=init)
            except ParseException as error:
                raise QuerySyntaxError(f"{error.msg} at line {error.lineno}, column {error.col}") from None
            if result.type == "ASK":
                return AskResult(bool(result.askAnswer))
            if result.type == "SELECT":
                variables = [str(v) for v in result.vars or []]
                rows: list[Row] = []
                for row in result:
                    values = cast(Sequence[Term | None], row)
                    rows.append({n: v for n, v in zip(variables, values, strict=False) if v is not None})
                return SelectResult(variables, rows)
            graph = rdflib.Graph()
            for triple in cast(list[tuple[Term, Term, Term]], result):
                graph.add(triple)
            return GraphResult(graph)

    def graphs(self) -> list[str]:
        return sorted(
            str(c.identifier)
            for c in self._dataset.graphs()
            if isinstance(c.identifier, URIRef) and len(c) and c.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID
        )

    def remove_graph(self, graph: str) -> None:
        self._dataset.remove_graph(URIRef(graph))

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = _rdflib_format(media_type)
        target = self._dataset if graph is None else self._dataset.graph(URIRef(graph))
        return target.serialize(format=fmt, encoding="utf-8")

    def __len__(self) -> int:
        return len(self._dataset)


# --------------------------------------------------------------------------------------------
# Choosing and serialising
# --------------------------------------------------------------------------------------------


def _rdf_format(media_type: str) -> ox.RdfFormat:
    base = media_type.split(";")[0].strip().lower()
    if base in RDF_FORMATS:
        return RDF_FORMATS[base]
    fmt = ox.RdfFormat.from_media_type(base)
    if fmt is None:
        raise ValueError(f"unsupported RDF media type {media_type!r}")
    return fmt


_RDFLIB_NAMES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}


def _rdflib_format(media_type: str) -> str:
    base = media_type.split(";")[0].strip().lower()
    if base not in _RDFLIB_NAMES:
        raise ValueError(f"unsupported RDF media type {media_type!r}")
    return _RDFLIB_NAMES[base]


def _serialize_rows(variables: list[str], rows: list[Row], media_type: str) -> bytes:
    fmt = RESULT_FORMATS.get(media_type)
    if fmt is None:
        raise ValueError(f"unsupported result media type {media_type!r}")
    solutions: list[dict[ox.Variable, object]] = [
        {ox.Variable(k): to_oxigraph(v) for k, v in row.items()} for row in rows
    ]
    return _write_solutions([ox.Variable(v) for v in variables], solutions, fmt)


def _write_solutions(
    variables: list[ox.Variable], solutions: list[dict[ox.Variable, object]], fmt: ox.QueryResultsFormat
) -> bytes:
    # pyoxigraph has no public constructor for QuerySolutions; round-trip through its JSON
    # parser so every media type is written by the same, standards-checked serialiser.
    import json

    def encode(term: object) -> dict[str, str]:
        if isinstance(term, ox.NamedNode):
            return {"type": "uri", "value": term.value}
        if isinstance(term, ox.BlankNode):
            return {"type": "bnode", "value": term.value}
        assert isinstance(term, ox.Literal)
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out

    document = {
        "head": {"vars": [v.value for v in variables]},
        "results": {"bindings": [{k.value: encode(v) for k, v in s.items()} for s in solutions]},
    }
    parsed = ox.parse_query_results(json.dumps(document).encode(), format=ox.QueryResultsFormat.JSON)
    return bytes(parsed.serialize(format=fmt) or b"")


def _serialize_boolean(value: bool, media_type: str) -> bytes:
    import json

    fmt = RESULT_FORMATS.get(media_type)
    if fmt is None:
        raise ValueError(f"unsupported result media type {media_type!r}")
    parsed = ox.parse_query_results(
        json.dumps({"head": {}, "boolean": value}).encode(), format=ox.QueryResultsFormat.JSON
    )
    return bytes(parsed.serialize(format=fmt) or b"")


def _serialize_graph(graph: rdflib.Graph, media_type: str) -> bytes:
    from tbgraph.model.prefixes import bind_prefixes

    return bytes(bind_prefixes(graph).serialize(format=_rdflib_format(media_type), encoding="utf-8"))
