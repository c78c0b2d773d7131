"""``tbgraph query``: run any SPARQL query over the dataset."""

from __future__ import annotations

import argparse
import difflib
import io
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rdflib
import rdflib.query
from rdflib.term import Node

from tbgraph.cli.commands._common import EXIT_FALSE, EXIT_OK, add_dataset_arguments, dataset_from_args, fail
from tbgraph.cli.render import render_table
from tbgraph.model.prefixes import PREFIXES
from tbgraph.questions.named import Table
from tbgraph.sandbox.check import Refused, check
from tbgraph.sandbox.worker import Job, Reply, WorkerSpec, launch
from tbgraph.sandbox.worker_data import worker_data
from tbgraph.store.base import AskResult, GraphResult, QuerySyntaxError, SelectResult

DESCRIPTION = """\
Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE) from a file, or from standard input
with "-", over the dataset: the ontology, the shapes, the reference data and every letter, each in
its own named graph. Without GRAPH the query sees all graphs merged.

The query runs under the same limits as the server's endpoint: it is checked on a full parse first
(no SERVICE, no SPARQL Update, no graph from elsewhere), then run in a separate process that cannot
reach the network, stopped after --timeout seconds, with at most --memory MiB, and its answer cut at
--max-rows rows.
"""

EPILOG = """\
formats:
  SELECT   table (default), json (array of row objects), csv, tsv,
           sparql-json, sparql-xml (the W3C SPARQL 1.1 results formats)
  ASK      prints true or false; exit status 0 for true, 1 for false
  CONSTRUCT/DESCRIBE
           turtle (default), ntriples, jsonld, rdfxml

examples:
  tbgraph query question.rq
  echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | tbgraph query -
  tbgraph query describe-nhn.rq --format jsonld
  tbgraph query big.rq --timeout 60 --max-rows 100000     a longer, larger answer
  tbgraph query question.rq --engine rdflib        compare with rdflib's engine (no process limits)

exit status: 0 answered, 1 ASK was false or no rows, 2 malformed or refused query or unreadable
file, 3 internal error, 4 the query ran past --timeout or out of --memory.
"""

_GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_RESULT_FORMATS = {
    "sparql-json": "application/sparql-results+json",
    "sparql-xml": "application/sparql-results+xml",
}
FORMATS = ("table", "json", "csv", "tsv", *_RESULT_FORMATS, *_GRAPH_FORMATS)
EXIT_LIMIT = 4
_DEFAULTS = {"timeout": 10.0, "max_rows": 10_000, "memory": 4096}  # as the server's (tbgraph.api.settings)


def _positive(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"{text} is negative")
        return value

    return parse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "query",
        help="run any SPARQL query",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.rq|-", help="the query file, or - to read standard input")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: table for SELECT, turtle for CONSTRUCT)",
    )
    limits = parser.add_argument_group("limits (as the server's endpoint)")
    limits.add_argument(
        "--timeout",
        type=_positive(float),
        default=_DEFAULTS["timeout"],
        metavar="SECONDS",
        help=f"stop the query after this long (default: {_DEFAULTS['timeout']:g}; 0: no limit)",
    )
    limits.add_argument(
        "--max-rows",
        type=_positive(int),
        default=_DEFAULTS["max_rows"],
        metavar="N",
        help=f"cut the answer after N rows or triples (default: {_DEFAULTS['max_rows']:,}); a note on "
        "standard error says so",
    )
    limits.add_argument(
        "--memory",
        type=_positive(int),
        default=_DEFAULTS["memory"],
        metavar="MIB",
        help=f"address space of the process the query runs in (default: {_DEFAULTS['memory']}; 0: no limit)",
    )
    add_dataset_arguments(parser)
    parser.set_defaults(func=run)


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    try:
        text = _read(args.file)
    except (OSError, UnicodeDecodeError) as error:
        return fail(f"cannot read query {args.file}: {error}")
    where = "standard input" if args.file == "-" else args.file
    try:
        info = check(text, known_prefixes=PREFIXES)
    except Refused as refusal:
        return fail(f"{where}: {refusal.message}")
    fmt = args.format or ("turtle" if info.returns_graph else "table")
    if info.returns_graph and fmt not in _GRAPH_FORMATS:
        return fail(f"--format {fmt} does not fit a graph result; use one of {', '.join(_GRAPH_FORMATS)}")
    if not info.returns_graph and fmt in _GRAPH_FORMATS:
        return fail(f"--format {fmt} is for CONSTRUCT/DESCRIBE; a {info.form} prints table, json, csv or tsv")
    dataset = dataset_from_args(args)
    known = set(dataset.store.graphs())
    for clause, graphs in (("FROM", info.from_graphs), ("FROM NAMED", info.from_named)):
        for graph in graphs:
            if graph not in known:
                near = difflib.get_close_matches(graph, sorted(known), n=1)
                hint = f"; did you mean <{near[0]}>?" if near else f"; its graphs: {', '.join(sorted(known))}"
                return fail(
                    f"{where}: {clause} <{graph}> is not a graph of this dataset (tbgraph never fetches "
                    f"graphs from elsewhere){hint}"
                )
    if args.engine == "rdflib" or getattr(dataset.store, "url", None):
        return _run_in_process(args, text, dataset.store, fmt)
    media = _GRAPH_FORMATS.get(fmt, _RESULT_FORMATS.get(fmt, "application/sparql-results+json"))
    job = Job(
        text, results_media=None if info.returns_graph else media, graph_media=media if info.returns_graph else None
    )
    spec_fields = {"max_rows": args.max_rows or 2**62, "memory_limit_mb": args.memory, "prefixes": dict(PREFIXES)}
    with tempfile.TemporaryDirectory(prefix="tbgraph-query-") as folder:
        data = worker_data(dataset.store, dataset.sources, dataset.store_path, Path(folder))
        close = getattr(dataset.store, "close", None)
        if dataset.store_path is not None and callable(close):
            close()  # the worker opens the store read-only
        try:
            reply = run_in_worker(WorkerSpec(**data, **spec_fields), job, args.timeout or None)
        except QueryLimit as limit:
            return fail(f"{where}: {limit}", EXIT_LIMIT)
    return _print(reply, info.form, fmt, args)


class QueryLimit(Exception):
    """The query ran past its time or memory."""


def run_in_worker(spec: WorkerSpec, job: Job, timeout: float | None) -> Reply:
    """Run ``job`` in a worker process of its own, killed after ``timeout`` seconds."""
    process, conn = launch(spec)
    try:
        if not conn.poll(600):
            raise QueryLimit("the query process did not open the data within 10 minutes")
        status, info = conn.recv()
        if status != "ready":
            raise QueryLimit(f"the query process could not open the data: {info}")
        conn.send(job)
        if not conn.poll(timeout):
            raise QueryLimit(
                f"the query ran longer than the time limit of {timeout:g} s and was stopped; narrow it "
                "(more specific patterns, a LIMIT) or allow more with --timeout SECONDS"
            )
        try:
            reply: Reply = conn.recv()
        except (EOFError, OSError):
            raise QueryLimit(
                "the query process stopped while running the query (past its memory limit?); narrow the "
                "query or allow more with --memory MIB"
            ) from None
        return reply
    finally:
        process.kill()
        process.wait()
        conn.close()


def _print(reply: Reply, form: str, fmt: str, args: argparse.Namespace) -> int:
    if reply.status == "refused":
        return fail(reply.message)
    if reply.status == "too-large":
        return fail(reply.message, EXIT_LIMIT)
    if reply.status != "ok":
        return fail(f"the query could not be evaluated: {reply.message}")
    if reply.truncated:
        limit = f"{args.max_rows:,} rows (--max-rows)" if reply.truncated == "rows" else "its byte limit"
        stderr_note(f"the answer was cut at {limit}: {reply.count:,} shown")
    if form == "ASK":
        value = bool(json.loads(reply.body)["boolean"])
        print("true" if value else "false")
        return EXIT_OK if value else EXIT_FALSE
    if fmt in _GRAPH_FORMATS or fmt in _RESULT_FORMATS:
        sys.stdout.buffer.write(reply.body)
        if fmt in _RESULT_FORMATS:
            sys.stdout.write("\n")
        return EXIT_OK if reply.count else EXIT_FALSE
    result = rdflib.query.Result.parse(io.BytesIO(reply.body), format="json")
    variables = [str(v) for v in result.vars or []]
    rows: list[dict[str, Node | None]] = [
        {name: row.get(rdflib.Variable(name)) for name in variables} for row in result.bindings
    ]
    render_table(Table(variables, rows), fmt)
    return EXIT_OK if rows else EXIT_FALSE


def stderr_note(message: str) -> None:
    from tbgraph.cli.render import stderr

    stderr.print(f"[yellow]note:[/] {message}", highlight=False)


def _run_in_process(args: argparse.Namespace, text: str, store: Any, fmt: str) -> int:
    """rdflib's engine and a SPARQL server: the checked query runs here (a server has its own limits)."""
    try:
        result = store.query(text)
    except QuerySyntaxError as error:
        return fail(f"malformed SPARQL in {args.file}: {error}")
    if isinstance(result, AskResult):
        print("true" if result.value else "false")
        return EXIT_OK if result.value else EXIT_FALSE
    if isinstance(result, GraphResult):
        sys.stdout.buffer.write(result.serialize(_GRAPH_FORMATS[fmt]))
        return EXIT_OK
    assert isinstance(result, SelectResult)
    if fmt in _RESULT_FORMATS:
        sys.stdout.buffer.write(result.serialize(_RESULT_FORMATS[fmt]))
        sys.stdout.write("\n")
    else:
        rows: list[dict[str, Node | None]] = [dict(row) for row in result.rows[: args.max_rows or None]]
        render_table(Table(result.variables, rows), fmt)
    return EXIT_OK if result.rows else EXIT_FALSE
