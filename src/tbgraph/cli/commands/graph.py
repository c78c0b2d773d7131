"""``tbgraph graph``: the collaboration, bipartite and dependency graphs, exported or measured."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from tbgraph.cli.commands._common import EXIT_FALSE, EXIT_OK, add_dataset_arguments, dataset_from_args, fail
from tbgraph.cli.render import print_table, stderr
from tbgraph.graphs import (
    GRAPH_KINDS,
    Filters,
    annotate,
    build_graph,
    deadlines,
    dependency_report,
    node_metrics,
    summary,
)
from tbgraph.graphs.export import BINARY_FORMATS, FORMATS, SUFFIXES, export_bytes
from tbgraph.questions.resolve import UnknownValueError

DESCRIPTION = """\
Build a graph from the knowledge graph and write it for the tools analysts use, or print its
metrics. Every graph is computed by SPARQL from the letters' data, never drawn by hand.

  collaboration  actors; an edge where two share an assignment, weighted by how many, carrying
                 the assignment IDs and each actor's roles in them
  bipartite      actors and assignments; an edge per involvement, carrying the role
  dependencies   assignments, other actors' deliverables and documents; an edge from each
                 prerequisite to what waits for it, carrying the kind and the date

The letter's recipient owns every assignment, so it touches everything; --owner exclude leaves
it (and every owner role) out to show who else works together.
"""

EPILOG = """\
formats (--format):
  graphml    GraphML for Gephi, Cytoscape desktop, yEd (lists become "; "-joined text)
  gexf       GEXF 1.2 for Gephi, with the picture's colours, sizes and positions
  json       networkx node-link JSON (nx.node_link_graph(data, edges="edges") reads it)
  cytoscape  Cytoscape.js elements JSON (nx.cytoscape_graph reads it)
  dot        Graphviz DOT (dot -Tsvg file.dot > file.svg)
  png, svg   a static drawing for a report: node size by centrality, edge width by shared
             assignments, colour by kind of actor, with a legend (needs -o)

examples:
  tbgraph graph collaboration --format png -o collaboration.png
  tbgraph graph collaboration --owner exclude --format gexf -o collaboration.gexf
  tbgraph graph collaboration --metrics
  tbgraph graph bipartite --goal 3 --format graphml -o goal-3.graphml
  tbgraph graph collaboration --role collaborating --metrics
  tbgraph graph collaboration --solution "pasientens legemiddelliste" --format json
  tbgraph graph dependencies --metrics
  tbgraph graph dependencies --format svg -o dependencies.svg

--metrics prints degree, weighted degree, betweenness centrality, community and component per
node; for dependencies the cycle check, a topological order and, for each dated deadline, the
chain of prerequisites leading to it (a prerequisite dated after the deadline is marked late).

exit status: 0 written or printed, 1 the filters leave an empty graph, 2 usage error (unknown
goal, role or solution — the message lists the nearest — or png/svg without -o).
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "graph",
        help="collaboration and dependency graphs: export (GraphML, GEXF, PNG …) or metrics",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", choices=GRAPH_KINDS, help="which graph")
    filters = parser.add_argument_group("filters")
    filters.add_argument("--goal", metavar="N", help="only assignments under this main goal (1, 2, …)")
    filters.add_argument(
        "--role",
        metavar="ROLE",
        help="only involvements in this role (owner, lead, collaborating, assisting, …)",
    )
    filters.add_argument(
        "--solution", metavar="SOLUTION", help="only assignments concerning this solution, by key or name"
    )
    filters.add_argument(
        "--owner",
        choices=("include", "exclude"),
        default="include",
        help="include (default) or leave out the owner / the letter's recipient",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: from the -o suffix, else json)",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")
    parser.add_argument("--metrics", action="store_true", help="print the graph's metrics as tables")
    parser.add_argument(
        "--metrics-format",
        choices=("table", "json"),
        default="table",
        help="how --metrics prints (default: table)",
    )
    parser.add_argument("--title", help="title of a png/svg drawing")
    add_dataset_arguments(parser)
    parser.set_defaults(func=run)


#: Output file suffix → format, for -o without --format.
_BY_SUFFIX = {suffix: fmt for fmt, suffix in SUFFIXES.items()} | {".xml": "graphml", ".gv": "dot"}


class _UnknownSuffix(ValueError):
    """-o names a file whose suffix is no format's, and --format does not say which."""


def _format(args: argparse.Namespace) -> str:
    """--format, else the format the -o file's suffix names, else json (to stdout)."""
    if args.format:
        return str(args.format)
    if args.output is None:
        return "json"
    fmt = _BY_SUFFIX.get(args.output.suffix.lower())
    if fmt is None:
        known = ", ".join(f"{suffix} ({name})" for suffix, name in sorted(_BY_SUFFIX.items(), key=lambda i: i[1]))
        raise _UnknownSuffix(
            f"-o {args.output}: "
            + (f"the suffix {args.output.suffix} names no format" if args.output.suffix else "the name has no suffix")
            + "; "
            f"use one of {known}, or say which with --format {{{','.join(FORMATS)}}}"
        )
    return fmt


def run(args: argparse.Namespace) -> int:
    try:
        fmt = _format(args)
    except _UnknownSuffix as error:
        return fail(str(error))
    write_graph = args.output is not None or not args.metrics
    if write_graph and fmt in ("png", "svg") and args.output is None:
        return fail(f"--format {fmt} needs -o FILE (a picture is not written to the terminal)")
    filters = Filters(goal=args.goal, role=args.role, solution=args.solution, include_owner=args.owner == "include")
    dataset = dataset_from_args(args)
    try:
        graph = build_graph(dataset.store, args.kind, filters)
    except UnknownValueError as error:
        return fail(str(error))
    if graph.number_of_nodes() == 0:
        stderr.print(f"[yellow]the filters leave an empty {args.kind} graph[/]", highlight=False)
    annotate(graph)
    if write_graph:
        payload = export_bytes(graph, fmt, title=args.title)
        if args.output is None:
            if fmt in BINARY_FORMATS:
                return fail(f"--format {fmt} needs -o FILE")
            sys.stdout.write(payload.decode())
        else:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_bytes(payload)
            stderr.print(
                f"wrote {args.output} ({fmt}, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)",
                highlight=False,
            )
    if args.metrics:
        _print_metrics(graph, args, dataset.store)
    return EXIT_OK if graph.number_of_nodes() else EXIT_FALSE


def _print_metrics(graph: object, args: argparse.Namespace, store: object) -> None:
    import networkx as nx  # type: ignore[import-untyped,unused-ignore]

    assert isinstance(graph, nx.Graph)
    rows = node_metrics(graph)
    facts = summary(graph)
    report = dependency_report(graph, deadlines(store)) if args.kind == "dependencies" else None  # type: ignore[arg-type]
    if args.metrics_format == "json":
        document: dict[str, object] = {"summary": asdict(facts), "nodes": [asdict(r) for r in rows]}
        if report is not None:
            document.update(
                acyclic=report.acyclic,
                cycles=report.cycles,
                topological_order=report.topological_order,
                chains=[asdict(c) for c in report.chains],
            )
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    print_table(
        ["nodes", "edges", "density", "components", "largest component", "communities"],
        [
            [
                facts.nodes,
                facts.edges,
                facts.density,
                facts.components,
                facts.largest_component,
                facts.communities,
            ]
        ],
        title=f"{args.kind} graph",
    )
    print_table(
        ["node", "kind", "degree", "weighted degree", "betweenness", "community", "component"],
        [[r.label, r.kind, r.degree, r.weighted_degree, r.betweenness, r.community, r.component] for r in rows],
        title="Centrality (most central first)",
    )
    if report is None:
        return
    print_table(
        ["acyclic", "cycles"],
        [["yes" if report.acyclic else "NO", "; ".join(" → ".join(c) for c in report.cycles) or "none"]],
        title="Cycle check",
    )
    print_table(
        ["#", "node", "kind"],
        [
            [i + 1, graph.nodes[n].get("label", n), graph.nodes[n].get("kind", "")]
            for i, n in enumerate(report.topological_order)
        ],
        title="Topological order (prerequisites first)",
    )
    chain_rows = []
    for chain in report.chains:
        for step in chain.steps:
            chain_rows.append(
                [
                    chain.date,
                    chain.id or chain.node,
                    chain.what,
                    step.depth,
                    step.label,
                    step.date or "",
                    "LATE" if step.late else "",
                ]
            )
    print_table(
        ["deadline", "assignment", "due", "hops", "prerequisite", "dated", "late"],
        chain_rows,
        title="Dated chains leading to each deadline",
    )
