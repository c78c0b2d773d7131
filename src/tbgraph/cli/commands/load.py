"""``tbgraph load``: bring more letters into the dataset every command and the server work on."""

from __future__ import annotations

import argparse
from pathlib import Path

import rdflib
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tbgraph.cli.commands._common import EXIT_FALSE, EXIT_OK, fail
from tbgraph.cli.render import print_table, stderr
from tbgraph.dataset.library import letter_slug, library_dir, loaded_letters, remove_letter, save_letter, unique_slug
from tbgraph.dataset.loader import REFERENCE_GRAPH, DataFileError, default_sources
from tbgraph.dataset.opening import open_dataset
from tbgraph.model.namespaces import TB
from tbgraph.model.rdfio import RdfSyntaxError, parse_graph

DESCRIPTION = """\
Add allocation letters to the dataset: a letter's text or PDF is extracted first (see "tbgraph
extract"), an RDF file (Turtle, N-Triples, JSON-LD) is taken as it is. Each letter is validated
against the shapes together with the reference data and, if it conforms, kept in its own named
graph under $TBGRAPH_HOME (default ~/.local/share/tbgraph), with the text its quotes point into.

From then on every command and "tbgraph serve" include it: the same actors and solutions are the
same resources in every letter, and a reference to another year's assignment (TB2022-09 in the
2023 letter) links up with that assignment once its letter is loaded. Loading a letter again
replaces it. With --store the persistent store is brought up to date at once.
"""

EPILOG = """\
examples:
  tbgraph load tildelingsbrev-2022.pdf
  tbgraph load letters/*.txt                    many letters, with a progress bar
  tbgraph load curated-2024.ttl --store var/store
  tbgraph load --list
  tbgraph load --remove 2022-hod-ehelse

exit status: 0 loaded, 1 a letter did not conform to the shapes (nothing of it was kept; use
--force to keep it anyway), 2 a file is missing or unreadable.
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "load",
        help="add letters (text, PDF or RDF) to the dataset",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="LETTER",
        help="a letter as .txt or .pdf (extracted) or as RDF (.ttl, .nt, .jsonld)",
    )
    parser.add_argument("--list", action="store_true", help="list the loaded letters")
    parser.add_argument("--remove", metavar="SLUG", help="forget a loaded letter (see --list)")
    parser.add_argument("--force", action="store_true", help="keep a letter even if it does not conform")
    parser.add_argument("--store", type=Path, metavar="DIR", help="also bring this persistent store up to date")
    parser.set_defaults(func=run)


def _reference() -> rdflib.Graph:
    graph = rdflib.Graph()
    for source in default_sources(include_shapes=False, include_loaded=False):
        if source.graph == REFERENCE_GRAPH:
            graph += parse_graph(source.path)
    return graph


def _read(path: Path, slug_hint: str) -> tuple[rdflib.Graph, str | None, object | None]:
    """The letter's graph, the graph IRI the extractor chose (if any) and the extraction."""
    if path.suffix.lower() in (".txt", ".pdf"):
        from tbgraph.extract import extract_letter

        extraction = extract_letter(path, source_identifier=f"source/{slug_hint}.txt")
        return extraction.graph, extraction.graph_iri, extraction
    return parse_graph(path), None, None


def run(args: argparse.Namespace) -> int:
    if args.list:
        listed: list[list[object]] = [[letter.slug, letter.graph, str(letter.path)] for letter in loaded_letters()]
        print_table(["slug", "graph", "file"], listed, title=f"Letters loaded in {library_dir()}")
        return EXIT_OK
    if args.remove:
        if not remove_letter(args.remove):
            known = ", ".join(letter.slug for letter in loaded_letters()) or "none"
            return fail(f"no loaded letter {args.remove!r} (loaded: {known})")
        stderr.print(f"removed {args.remove}")
        return _refresh(args.store)
    if not args.files:
        return fail("name the letters to load, or use --list")
    for path in args.files:
        if not path.is_file():
            return fail(f"no such file: {path}")
    # A supplement ("Tillegg nr. 3 til tildelingsbrev") comes after the letter it amends.
    args.files = sorted(args.files, key=_supplement_order)

    from tbgraph.extract import SourceError
    from tbgraph.validation.neighbourhood import neighbourhood
    from tbgraph.validation.shacl import validate

    reference = _reference()
    status = EXIT_OK
    rows: list[list[object]] = []
    taken: dict[str, str] = {}  # slug -> graph IRI, within this run
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as progress:
        task = progress.add_task("loading letters", total=len(args.files))
        for path in args.files:
            progress.update(task, description=f"loading {path.name}")
            try:
                provisional = path.stem.lower()
                graph, graph_iri, extraction = _read(path, provisional)
                refusal = extraction.not_a_letter() if extraction is not None else None  # type: ignore[attr-defined]
                if refusal:
                    return fail(f"{path}: {refusal}; nothing was loaded")
                slug = letter_slug(graph + reference)
            except (RdfSyntaxError, SourceError, DataFileError, ValueError) as error:
                message = str(error)
                return fail(message if message.startswith(f"{path}:") else f"{path}: {message}")
            graph_iri = graph_iri or f"https://w3id.org/tbgraph/graph/letter/{slug}"
            slug = unique_slug(slug, graph_iri, taken)
            taken[slug] = graph_iri
            letter = graph + _amended(graph)
            report = validate(letter + neighbourhood(letter, reference))
            conforms = report.conforms
            if not conforms and not args.force:
                status = EXIT_FALSE
                for finding in report.violations()[:10]:
                    stderr.print(f"  {path.name}: {finding.focus}: {finding.message}", highlight=False)
                rows.append([path.name, slug, "not kept: does not conform", len(report.violations()), None])
                progress.advance(task)
                continue
            if extraction is not None:
                _keep_source_text(extraction, slug)
            save_letter(graph, graph_iri, slug)
            assignments = len(set(graph.subjects(rdflib.RDF.type, TB.Assignment)))
            rows.append(
                [
                    path.name,
                    slug,
                    "loaded" if conforms else "loaded (--force)",
                    len(report.violations()),
                    assignments,
                ]
            )
            progress.advance(task)
    print_table(["file", "slug", "result", "violations", "assignments"], rows, title="tbgraph load")
    refreshed = _refresh(args.store)
    return status or refreshed


def _keep_source_text(extraction: object, slug: str) -> None:
    """Keep the text the quotes point into (for a PDF: its text layer) beside the loaded letters."""
    folder = library_dir() / "source"
    folder.mkdir(parents=True, exist_ok=True)
    extraction.save_source_text(folder / f"{slug}.txt", identifier=f"source/{slug}.txt")  # type: ignore[attr-defined]


def _refresh(store: Path | None) -> int:
    if store is None:
        return EXIT_OK
    opened = open_dataset(store_path=store)
    stderr.print(
        f"store {store}: {len(opened.store):,} triples in {len(opened.store.graphs())} graphs"
        f"{' (unchanged)' if opened.reused else ''}"
    )
    return EXIT_OK


def _supplement_order(path: Path) -> tuple[int, int]:
    """Base letters first, then supplements by number, judged from the file's first lines."""
    import re

    if path.suffix.lower() != ".txt":
        return (0, 0)
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = " ".join(handle.readline() for _ in range(40))
    except OSError:
        return (0, 0)
    from tbgraph.extract.letter import SUPPLEMENT_TITLE

    match = SUPPLEMENT_TITLE.search(head)
    if not match:
        return (0, 0)
    number = re.search(r"\bnr\.?\s*(\d+)", head[match.start() : match.end() + 40], re.IGNORECASE)
    return (1, int(number.group(1)) if number else 1)


def _amended(graph: rdflib.Graph) -> rdflib.Graph:
    """For a supplement: the letter it amends (shipped or loaded), which its changes point into."""
    amends = rdflib.URIRef("http://data.europa.eu/eli/ontology#amends")
    if (None, amends, None) not in graph:
        return rdflib.Graph()
    from tbgraph.extract.supplement import base_graph

    return base_graph()
