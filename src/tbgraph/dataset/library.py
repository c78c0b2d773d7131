"""The user's own letters: those brought in with ``tbgraph load``, kept beside the shipped data.

Files are the source of truth, stores are caches: a loaded letter is written as TriG (which carries
its named graph) under ``$TBGRAPH_HOME/letters`` with the text its quotes point into under
``$TBGRAPH_HOME/source``. Every command, the server and a persistent store then include it, and a
persistent store reloads by itself when a letter is added or removed (the data version changes).
``$TBGRAPH_HOME`` defaults to ``$XDG_DATA_HOME/tbgraph`` (``~/.local/share/tbgraph``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, RDF

from tbgraph.dataset.sources import SourceFile
from tbgraph.model.namespaces import TB

__all__ = [
    "library_dir",
    "library_sources",
    "LoadedLetter",
    "save_letter",
    "remove_letter",
    "loaded_letters",
    "letter_slug",
    "unique_slug",
]

_GRAPH_LINE = re.compile(r"^#\s*graph:\s*<(?P<iri>[^>]+)>")


def library_dir() -> Path:
    """Where loaded letters live: ``$TBGRAPH_HOME``, else ``$XDG_DATA_HOME/tbgraph``."""
    if home := os.environ.get("TBGRAPH_HOME"):
        return Path(home)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "tbgraph"


@dataclass(frozen=True)
class LoadedLetter:
    slug: str
    path: Path
    graph: str


def loaded_letters(home: Path | None = None) -> list[LoadedLetter]:
    """The loaded letters, read from the graph line each file starts with."""
    folder = (home or library_dir()) / "letters"
    letters = []
    for path in sorted(folder.glob("*.trig")):
        with path.open(encoding="utf-8") as handle:
            match = _GRAPH_LINE.match(handle.readline())
        if match:
            letters.append(LoadedLetter(path.stem, path, match["iri"]))
    return letters


def library_sources(home: Path | None = None) -> list[SourceFile]:
    return [SourceFile(letter.path, letter.graph) for letter in loaded_letters(home)]


def save_letter(graph: rdflib.Graph, graph_iri: str, slug: str, home: Path | None = None) -> Path:
    """Write a letter's graph as TriG in its named graph; returns the file written."""
    folder = (home or library_dir()) / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    dataset = rdflib.Dataset()
    target = dataset.graph(rdflib.URIRef(graph_iri))
    for triple in graph:
        target.add(triple)
    from tbgraph.model.prefixes import bind_prefixes

    bind_prefixes(dataset)
    body = dataset.serialize(format="trig", encoding="utf-8").decode("utf-8")
    path = folder / f"{slug}.trig"
    path.write_text(f"# graph: <{graph_iri}>\n{body}", encoding="utf-8")
    return path


def remove_letter(slug: str, home: Path | None = None) -> bool:
    """Forget a loaded letter (and the source text saved with it); False if there was none."""
    base = home or library_dir()
    path = base / "letters" / f"{slug}.trig"
    if not path.is_file():
        return False
    path.unlink()
    for text in (base / "source").glob(f"{slug}.*"):
        text.unlink()
    return True


def letter_slug(graph: rdflib.Graph) -> str:
    """``2023-hod-ehelse`` from the letter's year, issuer and recipient keys (and supplement)."""
    letters = list(graph.subjects(RDF.type, TB.AllocationLetter)) + list(graph.subjects(RDF.type, TB.LetterSupplement))
    if not letters:
        raise ValueError("the graph describes no tb:AllocationLetter")
    letter = letters[0]
    year = graph.value(letter, TB.budgetYear)
    issuer = graph.value(graph.value(letter, TB.issuedBy), TB.key) if graph.value(letter, TB.issuedBy) else None
    recipient = graph.value(graph.value(letter, TB.recipient), TB.key) if graph.value(letter, TB.recipient) else None
    parts = [str(year or "undated"), str(issuer or "unknown"), str(recipient or "unknown")]
    tail = str(letter).rstrip("/").rsplit("/", 2)
    if "supplement" in str(letter):
        parts.append(f"supplement-{tail[-1]}")
    slug = "-".join(parts)
    return re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-")


def unique_slug(slug: str, graph_iri: str, taken: dict[str, str] | None = None, home: Path | None = None) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` … when another letter (another named graph) holds it already.

    Loading the same letter again (same graph) keeps its slug and replaces it; two different letters
    never share one, so the second never replaces the first."""
    held = {letter.slug: letter.graph for letter in loaded_letters(home)}
    held.update(taken or {})
    candidate, n = slug, 1
    while candidate in held and held[candidate] != graph_iri:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def source_identifier(graph: rdflib.Graph) -> str | None:
    for text in graph.subjects(RDF.type, TB.SourceText):
        value = graph.value(text, DCTERMS.identifier)
        if value is not None:
            return str(value)
    return None
