"""Build the dataset: the ontology, the shapes, the reference data and each letter in its own graph.

Keeping every letter in a named graph of its own lets a letter be replaced or dropped without
touching the others, lets a SPARQL client ask "in which letter?" with ``GRAPH``, and keeps the
reference data (organisations, solutions, legal sources) shared: the same actor is the same
resource in every letter.

Letter files are named ``{year}-{issuer}-{recipient}.ttl`` (``2023-hod-ehelse.ttl``), which gives
the letter's graph ``…/graph/letter/{recipient}/{year}`` without parsing the file twice. A supplement
(tillegg) to that letter is named ``{year}-{issuer}-{recipient}-tillegg-{n}.ttl`` and goes to a graph
of its own beside it, ``…/graph/letter/{recipient}/{year}/supplement/{n}``: it can be replaced or
dropped alone, and the base letter's graph is never rewritten by it.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.term import Literal, URIRef

from tbgraph.dataset.sources import DataFileError, SourceFile
from tbgraph.model.namespaces import GRAPH_BASE
from tbgraph.model.resources import data_dir, ontology_dir, shapes_dir
from tbgraph.store.base import LoadFileError, Store

__all__ = [
    "ONTOLOGY_GRAPH",
    "SHAPES_GRAPH",
    "REFERENCE_GRAPH",
    "LETTER_GRAPH_PREFIX",
    "META_GRAPH",
    "SourceFile",
    "LoadReport",
    "DataFileError",
    "default_sources",
    "letter_graph",
    "supplement_graph",
    "load_dataset",
    "data_version",
    "stored_data_version",
    "stored_meta",
]

ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
SHAPES_GRAPH = GRAPH_BASE + "shapes"
REFERENCE_GRAPH = GRAPH_BASE + "reference"
LETTER_GRAPH_PREFIX = GRAPH_BASE + "letter/"
META_GRAPH = GRAPH_BASE + "meta"

_SUPPLEMENT_FILE = re.compile(
    r"^(?P<year>\d{4})-(?P<issuer>[a-z0-9]+)-(?P<recipient>[a-z0-9-]+?)-tillegg-(?P<number>\d+)$"
)
_LETTER_FILE = re.compile(r"^(?P<year>\d{4})-(?P<issuer>[a-z0-9]+)-(?P<recipient>[a-z0-9-]+)$")


@dataclass
class LoadReport:
    """What was loaded, for ``/health``, the VoID description and the load benchmark."""

    #: The named graphs loaded (not counted one by one: see :meth:`tbgraph.store.base.Store.load`).
    graphs: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    data_version: str = ""


def letter_graph(recipient_key: str, year: int | str) -> str:
    """The named graph of a recipient's letter for a year."""
    return f"{LETTER_GRAPH_PREFIX}{recipient_key}/{year}"


def supplement_graph(recipient_key: str, year: int | str, number: int | str) -> str:
    """The named graph of supplement (tillegg) ``number`` to a recipient's letter for a year."""
    return f"{letter_graph(recipient_key, year)}/supplement/{int(number)}"


def _letter_source(path: Path) -> SourceFile:
    supplement = _SUPPLEMENT_FILE.match(path.stem)
    if supplement:
        return SourceFile(path, supplement_graph(supplement["recipient"], supplement["year"], supplement["number"]))
    match = _LETTER_FILE.match(path.stem)
    if not match:
        raise DataFileError(
            f"{path}: letter files must be named YEAR-ISSUER-RECIPIENT.ttl (e.g. 2023-hod-ehelse.ttl), "
            "supplements YEAR-ISSUER-RECIPIENT-tillegg-N.ttl (e.g. 2023-hod-ehelse-tillegg-3.ttl)"
        )
    return SourceFile(path, letter_graph(match["recipient"], match["year"]))


def default_sources(
    *, include_shapes: bool = True, include_loaded: bool = True, root: Path | None = None
) -> list[SourceFile]:
    """The shipped files (ontology, shapes, reference data, every letter under ``data/letters``),
    and the letters the user brought in with ``tbgraph load`` (see :mod:`tbgraph.dataset.library`)."""
    data = root / "data" if root else data_dir()
    ontology = root / "ontology" if root else ontology_dir()
    shapes = root / "shapes" if root else shapes_dir()
    sources = [SourceFile(p, ONTOLOGY_GRAPH) for p in sorted(ontology.glob("*.ttl"))]
    if include_shapes:
        sources += [SourceFile(p, SHAPES_GRAPH) for p in sorted(shapes.glob("*.ttl"))]
    sources += [SourceFile(p, REFERENCE_GRAPH) for p in sorted((data / "reference").glob("*.ttl"))]
    sources += [_letter_source(p) for p in sorted((data / "letters").glob("*.ttl"))]
    if include_loaded and root is None:
        from tbgraph.dataset.library import library_sources

        shipped = {s.graph for s in sources}
        sources += [s for s in library_sources() if s.graph not in shipped]
    return sources


def data_version(sources: Iterable[SourceFile]) -> str:
    """A short content hash of the files: changes whenever any loaded byte or graph name changes."""
    digest = hashlib.sha256()
    for source in sorted(sources, key=lambda s: (s.graph, s.path.name)):
        digest.update(source.graph.encode())
        digest.update(source.path.name.encode())
        digest.update(source.path.read_bytes())
    return digest.hexdigest()[:16]


def load_dataset(
    store: Store,
    sources: list[SourceFile] | None = None,
    *,
    progress: Callable[[SourceFile], None] | None = None,
) -> LoadReport:
    """Load the files into the store, replacing the graphs they go to.

    A file that does not parse raises :class:`DataFileError` naming the file and the parser's
    position; the graphs loaded before it stay as they were loaded, so callers that must never
    serve half a dataset load into a fresh store and swap it in only on success.
    """
    sources = default_sources() if sources is None else sources
    started = time.perf_counter()
    report = LoadReport(files=[s.path for s in sources], data_version=data_version(sources))
    for graph in {s.graph for s in sources}:
        store.remove_graph(graph)
    files = [(s.path, s.media_type, s.graph) for s in sources]

    def loaded(index: int) -> None:
        if progress is not None:
            progress(sources[index])

    try:
        store.load_files(files, loaded=loaded)
    except LoadFileError as error:
        raise DataFileError(f"{error.path}: {error}") from None
    report.graphs = list(dict.fromkeys(s.graph for s in sources))
    _record_meta(store, report)
    report.seconds = time.perf_counter() - started
    return report


def _record_meta(store: Store, report: LoadReport) -> None:
    """Write the data version into the meta graph, so a reopened persistent store can be trusted."""
    from rdflib import Graph
    from rdflib.namespace import DCTERMS, OWL, VOID

    store.remove_graph(META_GRAPH)
    meta = Graph()
    subject = URIRef(META_GRAPH)
    meta.add((subject, OWL.versionInfo, Literal(report.data_version)))
    meta.add((subject, DCTERMS.modified, Literal(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))))
    # Counting a large persistent store takes half a second; reopening reads the count from here.
    # It is the whole store's, this graph's three triples included, as len(store) says.
    report.triples = len(store) + len(meta) + 1
    meta.add((subject, VOID.triples, Literal(report.triples)))
    store.load(meta.serialize(format="nt", encoding="utf-8"), "application/n-triples", META_GRAPH)


def stored_data_version(store: Store) -> str | None:
    """The data version a (persistent) store was last loaded with, or None if never loaded."""
    return stored_meta(store)[0]


def stored_meta(store: Store) -> tuple[str | None, int | None]:
    """The data version a (persistent) store was last loaded with and its triple count then."""
    from tbgraph.sparql import load_query

    result = store.query(load_query("meta-data-version"))
    rows = getattr(result, "rows", [])
    if not rows:
        return None, None
    triples = rows[0].get("triples")
    return str(rows[0]["version"]), int(str(triples)) if triples is not None else None
