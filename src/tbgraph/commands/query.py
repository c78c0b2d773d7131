"""``tbgraph query``: run any SPARQL query over the dataset."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib.term import Node

from ..named_queries import Table
from ..render import render_table
from ..store import AskResult, GraphResult, QuerySyntaxError, SelectResult
from ._common import EXIT_FALSE, EXIT_OK, add_dataset_arguments, dataset_from_args, fail

DESCRIPTION = """\
Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE) from a file, or from standard input
with "-", over the dataset: the ontology, the shapes, the reference data and every letter, each in
its own named graph. Without GRAPH the query sees all graphs merged.
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
  tbgraph query question.rq --engine rdflib        compare with rdflib's engine

exit status: 0 answered, 1 ASK was false or no rows, 2 malformed query or unreadable file.
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
    store = dataset_from_args(args).store
    try:
        result = store.query(text)
    except QuerySyntaxError as error:
        return fail(f"malformed SPARQL in {args.file}: {error}")
    if isinstance(result, AskResult):
        print("true" if result.value else "false")
        return EXIT_OK if result.value else EXIT_FALSE
    if isinstance(result, GraphResult):
        fmt = args.format or "turtle"
        if fmt not in _GRAPH_FORMATS:
            return fail(f"--format {fmt} does not fit a graph result; use one of {', '.join(_GRAPH_FORMATS)}")
        sys.stdout.buffer.write(result.serialize(_GRAPH_FORMATS[fmt]))
        return EXIT_OK
    assert isinstance(result, SelectResult)
    fmt = args.format or "table"
    if fmt in _GRAPH_FORMATS:
        return fail(f"--format {fmt} is for CONSTRUCT/DESCRIBE; a SELECT prints table, json, csv or tsv")
    if fmt in _RESULT_FORMATS:
        sys.stdout.buffer.write(result.serialize(_RESULT_FORMATS[fmt]))
        sys.stdout.write("\n")
    else:
        rows: list[dict[str, Node | None]] = [dict(row) for row in result.rows]
        render_table(Table(result.variables, rows), fmt)
    return EXIT_OK if result.rows else EXIT_FALSE
