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

What cannot be parsed is listed on stderr with its line numbers, and after it every stretch of text
that became no fact (with its section and lines; page furniture such as page numbers, running
headers and the table of contents is left out): nothing is dropped in silence.

Letters of any ministry are read: Bokmål and Nynorsk; assignments under IDs (TB2023-07), "Oppdrag
N:" headings, table rows (Nr. / Oppdrag / Frist) or none at all (sub-sections, bullets, paragraphs
of a section about assignments, with stable keys); deadlines as dates, periods, reporting channels
or continuous; supplements ("Tillegg nr. N") as changes to the letter they amend. See
docs/extraction.md. With --truth each letter is scored against a truth written by hand.
Each letter goes into its own named graph (printed as a comment when writing Turtle).

With --compare the shipped letter's extraction is held against the curated graph and precision
and recall are printed per kind of fact, followed by every miss.
"""

EPILOG = """\
exit status:
  0  extracted (problems, if any, are listed on stderr)
  1  --compare found misses; --truth found assignments, deadlines, budget figures or actors below
     90 % recall (goals and steering parameters are shown, not held to it)
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
  tbgraph extract tests/fixtures/letters/*.txt --truth
      score each letter against the LETTER.truth.yaml beside it (docs/extraction.md)
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
    out.add_argument("-o", "--output", type=Path, metavar="OUT.ttl", help="write Turtle here (one letter only)")
    out.add_argument("--out-dir", type=Path, metavar="DIR", help="write one LETTER.ttl per letter into DIR")
    parser.add_argument(
        "--letter-iri",
        metavar="IRI",
        help="IRI of the letter (default: https://w3id.org/tbgraph/id/letter/{recipient}/{year}); one letter only",
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
        "--truth",
        nargs="*",
        type=Path,
        metavar="TRUTH.yaml",
        default=None,
        help="score each letter against a truth written by hand (default: LETTER.truth.yaml beside it) and "
        "print precision and recall per kind of fact as a Markdown table",
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

    from tbgraph.extract import SourceError, compare, extract_letter
    from tbgraph.model.resources import data_dir, source_dir

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

    from tbgraph.extract.gazetteer import load_gazetteer

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
                    results.append((path, extract_letter(path, letter_iri=args.letter_iri, gazetteer=gazetteer)))
                    progress.advance(task)
        else:
            results.append((letters[0], extract_letter(letters[0], letter_iri=args.letter_iri, gazetteer=gazetteer)))
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
        if result.unread and not args.quiet:
            err.print(
                f"[bold]{path}[/bold]: {len(result.unread)} stretch(es) of text became no fact "
                "(page furniture left out):",
                highlight=False,
            )
            for stretch in result.unread:
                err.print(f"  {stretch}", highlight=False, markup=False)

    if args.truth is not None:
        return _score_truth(letters, results, args, gazetteer)

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
        elif result.source is not None and target is not None and _outside_project(path):
            # Quotes must point at a text the checks can find from any directory: keep a copy beside
            # the loaded letters ($TBGRAPH_HOME/source) and name it relative to that folder.
            kept = _kept_source(path)
            result.save_source_text(kept, identifier=f"source/{kept.name}")
            err.print(f"kept the letter's text as {kept} (its quotes point there)", highlight=False)
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


def _outside_project(path: Path) -> bool:
    from tbgraph.model.resources import resource_root

    try:
        path.resolve().relative_to(resource_root().resolve())
    except ValueError:
        return True
    return False


def _kept_source(path: Path) -> Path:
    """Where ``extract -o`` keeps the text of a letter from outside the project."""
    import hashlib
    import re

    from tbgraph.dataset.library import library_dir

    folder = library_dir() / "source"
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-") or "letter"
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]
    return folder / f"extracted-{stem}-{digest}.txt"


def _score_truth(letters: list[Path], results: list[Any], args: argparse.Namespace, gazetteer: Any) -> int:
    """``--truth``: precision and recall per kind of fact against hand-written truth files."""
    import json

    from tbgraph.extract.truth import KINDS, load_truth, markdown_table, score, truth_path_for

    truths = list(args.truth) or [truth_path_for(path) for path in letters]
    if len(truths) != len(letters):
        return _fail(f"--truth: {len(truths)} truth file(s) for {len(letters)} letter(s)")
    scores = []
    for (path, result), truth_path in zip(results, truths, strict=True):
        if not truth_path.is_file():
            return _fail(f"{truth_path}: no such truth file (for {path}; write LETTER.truth.yaml beside it)")
        try:
            truth = load_truth(truth_path)
        except ValueError as error:
            return _fail(str(error))
        scores.append(score(result, truth, gazetteer))
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "letter": s.letter,
                        "letter_facts": {k: [str(v[0]), str(v[1])] for k, v in s.letter_facts.items()},
                        "kinds": {
                            kind: {
                                "truth": f.truth,
                                "extracted": f.extracted,
                                "matched": f.matched_truth,
                                "precision": f.precision,
                                "recall": f.recall,
                                "missed": f.missed,
                                "extra": f.extra,
                            }
                            for kind, f in s.kinds.items()
                        },
                    }
                    for s in scores
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(markdown_table(scores))
        for s in scores:
            for name, (expected, found) in s.letter_facts.items():
                if expected != found:
                    print(f"{s.letter}: {name} is {found!r}, the truth says {expected!r}")
            for kind in (*KINDS, "goals"):
                for fact in s.kinds[kind].missed:
                    print(f"{s.letter}: missed {kind}: {fact}")
                for fact in s.kinds[kind].extra:
                    print(f"{s.letter}: extra  {kind}: {fact}")
    low = any((s.kinds[k].recall or 0) < 0.9 for s in scores for k in KINDS if s.kinds[k].truth)
    return 1 if low else 0
