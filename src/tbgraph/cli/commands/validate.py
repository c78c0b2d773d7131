"""``tbgraph validate``: check the data against the SHACL shapes and its quotes against the letters."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import rdflib

from tbgraph.cli.commands._common import EXIT_FALSE, EXIT_OK, fail
from tbgraph.cli.render import print_table, stderr
from tbgraph.dataset.loader import DataFileError, default_sources
from tbgraph.model.rdfio import RdfSyntaxError, parse_graph
from tbgraph.validation.neighbourhood import neighbourhood
from tbgraph.validation.provenance import check_provenance

DESCRIPTION = """\
Validate RDF against the project's SHACL shapes (shapes/*.ttl) with the ontology for inference:
every assignment has exactly one owner, one main goal and a well-formed unique ID; deadlines are
valid dates inside the budget year; budget posts add up to their chapter totals; dependencies
have no cycles; roles come from the closed list; every provenance pointer names a section and
quotes text. Then check that every quote really stands in the letter at the lines it names.

Without FILES the shipped data is validated (data/reference and data/letters). Given FILES are
validated together with the shipped reference data (organisations, solutions, legal sources),
since letters point into it; --alone validates them by themselves.
"""

EPILOG = """\
examples:
  tbgraph validate                         the shipped data
  tbgraph validate my-letter.ttl           a letter of your own, with the reference data
  tbgraph validate --format json | jq .violations
  tbgraph validate --format turtle > report.ttl

output:
  table (default): one row per result (severity, focus node, path, message) on stdout, and a
  summary on stderr; json: {"conforms", "violations", "warnings", "results": [...],
  "provenance": [...]}; turtle: the W3C SHACL validation report graph.

exit status: 0 conforms, 1 does not conform (a violation or a quote not found), 2 a file could
not be read or parsed (the message names the file and line).
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check data against the SHACL shapes",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="RDF files (Turtle, N-Triples, JSON-LD)")
    parser.add_argument("--format", choices=("table", "json", "turtle"), default="table")
    parser.add_argument("--alone", action="store_true", help="do not add the shipped reference data to FILES")
    parser.add_argument("--no-provenance", action="store_true", help="skip checking quotes against the source texts")
    parser.set_defaults(func=run)


def _data_graph(files: list[Path], alone: bool) -> rdflib.Graph:
    """The files (or the shipped data), with the part of the reference data the files point into."""
    shipped = [s.path for s in default_sources(include_shapes=False) if "/graph/ontology" not in s.graph]
    if not files:
        return _parse(shipped)
    graph = _parse(list(files))
    if not alone:
        graph += neighbourhood(graph, _parse([p for p in shipped if p.parent.name == "reference"]))
    return graph


def _parse(paths: list[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        try:
            graph += parse_graph(path)
        except (RdfSyntaxError, OSError) as error:
            raise DataFileError(str(error)) from None
    return graph


def _subjects(files: list[Path]) -> set[object]:
    """The nodes the user's own files describe: the findings worth showing them."""
    subjects: set[object] = set()
    for path in files:
        subjects.update(parse_graph(path).subjects())
    return subjects


def run(args: argparse.Namespace) -> int:
    for path in args.files:
        if not path.is_file():
            return fail(f"no such file: {path}")
    from tbgraph.validation.shacl import validate
    from tbgraph.validation.split import default_processes

    started = time.perf_counter()
    try:
        with stderr.status("validating against the shapes…"):
            graph = _data_graph(args.files, args.alone)
            report = validate(graph, processes=default_processes())
            if args.files and not args.alone:
                report = report.about(_subjects(args.files))
    except DataFileError as error:
        return fail(str(error))
    problems = [] if args.no_provenance else check_provenance(graph)
    seconds = time.perf_counter() - started

    if args.format == "turtle":
        sys.stdout.write(report.to_turtle())
    elif args.format == "json":
        document = report.to_json()
        document["provenance"] = [{"focus": p.location, "message": p.message} for p in problems]
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        if report.findings:
            print_table(
                ["severity", "focus", "path", "message"],
                [[f.severity, _short(f.focus), _short(f.path or ""), f.message] for f in report.findings],
                title="SHACL results",
            )
        if problems:
            print_table(
                ["focus", "problem"],
                [[_short(p.location), p.message] for p in problems],
                title="Provenance: quotes not found where they point",
            )
    violations = len(report.violations())
    warnings = len(report.findings) - violations
    ok = report.conforms and not problems
    stderr.print(
        f"{'[green]conforms[/]' if ok else '[red]does not conform[/]'}: {len(graph):,} triples, "
        f"{violations} violation(s), {warnings} warning(s), {len(problems)} provenance problem(s) "
        f"in {seconds:.2f} s"
        + (
            f" ({report.left_out} warning(s) about the shipped reference data itself left out: "
            "`tbgraph validate` without FILES shows them)"
            if report.left_out
            else ""
        ),
        highlight=False,
    )
    return EXIT_OK if ok else EXIT_FALSE


def _short(iri: str) -> str:
    return iri.replace("https://w3id.org/tbgraph/id/", "").replace("https://w3id.org/tbgraph/ontology#", "tb:")
