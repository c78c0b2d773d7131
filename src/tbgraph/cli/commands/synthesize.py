"""``tbgraph synthesize``: write synthetic letters with the real letter's shape, for growth tests."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tbgraph.cli.commands._common import EXIT_FALSE, EXIT_OK, fail

DESCRIPTION = """\
Write N synthetic allocation letters that have the shape of the curated 2023 letter (about 26
assignments, 80 involvements, 40 deadlines, 20 dependencies, a budget that adds up, an annual
cycle with 4 steering meetings; about 3,000 triples each), spread over synthetic recipients and
consecutive budget years ending in 2023. Actors, solutions and legal sources come from the shipped
reference data; the synthetic recipients and ministries are written as reference data of their
own. Every item quotes a generated source text, so provenance checks out.

The output folder is a data root: ontology/, shapes/ (linked), data/reference/, data/letters/
(YEAR-ISSUER-RECIPIENT.ttl) and data/source/. Serve it with TBGRAPH_DATA_ROOT=OUT tbgraph serve,
or load it with tbgraph.dataset.loader.default_sources(root=OUT). The same seed gives the same letters.
A folder already generated with the same options is kept as it is (use --force to rewrite it).
"""

EPILOG = """\
examples:
  tbgraph synthesize var/synthetic-1000 --letters 1000          20 years x 50 recipients
  tbgraph synthesize var/syn --letters 10 --validate 2          and check 2 letters against the shapes
  TBGRAPH_DATA_ROOT=var/synthetic-1000 tbgraph serve --store var/store-1000

exit status: 0 written, 1 a validated letter did not conform, 2 usage error.
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "synthesize",
        help="write synthetic letters with the real letter's shape (for benchmarks)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("output", type=Path, metavar="OUT", help="folder to write the data root into")
    parser.add_argument("--letters", type=int, default=10, metavar="N", help="number of letters (default: 10)")
    parser.add_argument(
        "--years",
        type=int,
        default=None,
        metavar="Y",
        help="budget years per recipient (default: 1 at 1 letter, 2 at 10, 6 at 100, 20 at 1000)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--force", action="store_true", help="rewrite the folder even if it matches")
    parser.add_argument(
        "--validate",
        type=int,
        default=0,
        metavar="K",
        help="validate K letters, spread over the set, with the reference data against the shapes",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tbgraph.cli.render import stderr
    from tbgraph.growth.letters import write_dataset

    if args.letters < 1:
        return fail("--letters must be at least 1")
    if args.years is not None and not 1 <= args.years <= 60:
        return fail("--years must be between 1 and 60")
    started = time.perf_counter()
    with Progress(
        TextColumn("writing letters"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as bar:
        task = bar.add_task("letters", total=args.letters)
        dataset = write_dataset(
            args.output,
            args.letters,
            years=args.years,
            seed=args.seed,
            reuse=not args.force,
            progress=lambda done, total: bar.update(task, completed=done),
        )
    verb = "kept" if dataset.reused else "wrote"
    print(
        f"{verb} {len(dataset.letters)} letters, {dataset.triples:,} triples, in {args.output} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    if args.validate:
        return _validate(dataset, args.validate)
    return EXIT_OK


def _validate(dataset: object, count: int) -> int:
    import rdflib

    from tbgraph.dataset.loader import REFERENCE_GRAPH
    from tbgraph.growth.letters import SyntheticDataset, letter_sample
    from tbgraph.validation.shacl import validate

    assert isinstance(dataset, SyntheticDataset)
    sample = letter_sample(dataset.letters, count)
    graph = rdflib.Graph()
    for source in dataset.sources():
        if source.graph == REFERENCE_GRAPH or source.path in sample:
            graph.parse(source.path, format="turtle")
    report = validate(graph)
    names = ", ".join(p.stem for p in sample)
    if report.conforms:
        print(f"{len(sample)} letter(s) conform to the shapes ({names}); {len(report.warnings())} warning(s)")
        return EXIT_OK
    for finding in report.violations()[:20]:
        print(finding)
    print(f"{len(report.violations())} violation(s) in {names}")
    return EXIT_FALSE
