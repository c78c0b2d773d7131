"""``tbgraph extract``: turn allocation letters (text or PDF) into RDF, or score the extractor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["register", "run"]

DESCRIPTION = """\
Read one or more allocation letters (tildelingsbrev, also supplements) as text or PDF and turn
each into RDF in the tbgraph ontology: the letter's metadata, budget tables and earmarks, main
goals, priority areas, steering parameters, assignments (ID, title, text, main goal, deadlines,
parts), the annual cycle, and the actors, solutions and legal sources the text names. Actors and
their roles come from the reference data (data/reference/*.ttl, labels and aliases) and the
letter's own wording; each role has a confidence and is marked tb:curated false for review.

Every statement carries tb:source: the section, the exact quoted text and its line span. For a
PDF the line numbers refer to its text layer, which is written next to the output as OUT.txt.

What cannot be parsed is listed on stderr with its line numbers; it is never dropped in silence.
Each letter goes into its own named graph (printed as a comment when writing Turtle).

With --compare the shipped letter's extraction is held against the curated graph and precision
and recall are printed per kind of fact, followed by every miss.
"""

EPILOG = """\
exit status:
  0  extracted (problems, if any, are listed on stderr)
  1  --compare found misses
  2  a file is missing, unreadable, or a PDF without a text layer; bad arguments
  3  internal error

examples:
  tbgraph extract data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt
      print the letter as Turtle on stdout
  tbgraph extract letter.pdf -o letter.ttl
      a PDF; also writes letter.txt, the text layer the line numbers refer to
  tbgraph extract letters/*.txt --out-dir extracted/
      many letters with a progress bar, one .ttl per letter
  tbgraph extract --compare
      extract the shipped 2023 letter and score it against the curated data
  tbgraph extract --compare --format json > scores.json
  tbgraph extract my-letter.txt --compare curated/my-letter.ttl data/reference/*.ttl
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="turn allocation letters (text or PDF) into RDF with provenance",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "letters",
        nargs="*",
        type=Path,
        metavar="LETTER",
        help="letter files, .txt (UTF-8) or .pdf; with --compare the default is the shipped letter",
    )
    out = parser.add_mutually_exclusive_group()
    out.add_argument(
        "-o", "--output", type=Path, metavar="OUT.ttl", help="write Turtle here (one letter only)"
    )
    out.add_argument("--out-dir", type=Path, metavar="DIR", help="write one LETTER.ttl per letter into DIR")
    parser.add_argument(
        "--letter-iri",
        metavar="IRI",
        help="IRI of the letter (default: https://w3id.org/tbgraph/id/letter/{recipient}/{year}); "
        "one letter only",
    )
    parser.add_argument(
        "--compare",
        nargs="*",
        type=Path,
        metavar="CURATED.ttl",
        default=None,
        help="score the extraction against curated Turtle files (default: the shipped "
        "data/reference/*.ttl and data/letters/*.ttl)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output of --compare: a table and the misses (default), or JSON",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="do not list problems on stderr")
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"tbgraph extract: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..extract import SourceError, compare, extract_letter
    from ..resources import data_dir, source_dir

    letters: list[Path] = list(args.letters)
    if args.compare is not None and not letters:
        letters = sorted(source_dir().glob("tildelingsbrev-*.txt"))
    if not letters:
        return _fail("no letter given (see 'tbgraph extract --help')")
    if len(letters) > 1 and (args.output or args.letter_iri):
        return _fail("-o and --letter-iri take one letter; use --out-dir for several")
    for path in letters:
        if not path.is_file():
            return _fail(f"{path}: no such file")
    err = Console(stderr=True)

    from ..extract.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    results = []
    try:
        if len(letters) > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=False,
            ) as progress:
                task = progress.add_task("extracting", total=len(letters))
                for path in letters:
                    progress.update(task, description=f"extracting {path.name}")
                    results.append(
                        (path, extract_letter(path, letter_iri=args.letter_iri, gazetteer=gazetteer))
                    )
                    progress.advance(task)
        else:
            results.append(
                (letters[0], extract_letter(letters[0], letter_iri=args.letter_iri, gazetteer=gazetteer))
            )
    except SourceError as error:
        return _fail(str(error))

    for path, result in results:
        if result.problems and not args.quiet:
            err.print(
                f"[bold]{path}[/bold]: {len(result.problems)} part(s) not parsed or in doubt:",
                highlight=False,
            )
            for problem in result.problems:
                err.print(f"  {problem}", highlight=False, markup=False)

    if args.compare is not None:
        from rdflib import Graph

        curated = Graph()
        files = list(args.compare) or sorted((data_dir() / "reference").glob("*.ttl")) + sorted(
            (data_dir() / "letters").glob("*.ttl")
        )
        for name in files:
            if not name.is_file():
                return _fail(f"{name}: no such file")
            try:
                curated.parse(name, format="turtle")
            except Exception as error:  # noqa: BLE001 - rdflib raises many types for bad Turtle
                return _fail(f"{name}: not readable Turtle ({error})")
        extracted = Graph()
        for _, result in results:
            extracted += result.graph
        comparison = compare(extracted, curated)
        if args.format == "json":
            print(comparison.to_json())
        else:
            out = Console()
            out.print(comparison.to_table())
            out.print(
                f"curated assignments: {comparison.curated_assignments}; "
                f"extracted: {comparison.extracted_assignments}. 'unscored' = extracted facts about things "
                "the curated graph does not cover yet.",
                highlight=False,
            )
            misses = comparison.misses_text()
            if misses:
                out.print(misses, highlight=False, markup=False)
        return 1 if any(k.missed for k in comparison.kinds.values()) else 0

    for path, result in results:
        target = args.output or (args.out_dir / f"{path.stem}.ttl" if args.out_dir else None)
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
        if result.source is not None and result.source.media_type == "application/pdf" and target is not None:
            result.save_source_text(target.with_suffix(".txt"))
        turtle = result.graph.serialize(format="turtle")
        header = f"# named graph: <{result.graph_iri}>\n# letter: <{result.letter_iri}>\n"
        if target is None:
            if result.source is not None and result.source.media_type == "application/pdf":
                err.print(
                    f"{path}: line numbers refer to the PDF's text layer, which is saved only with -o or "
                    "--out-dir (as OUT.txt)",
                    highlight=False,
                )
            sys.stdout.write(header + turtle)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(header + turtle, encoding="utf-8")
            err.print(f"wrote {target} ({len(result.graph)} triples)", highlight=False)
    return 0
