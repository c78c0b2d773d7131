"""The SHACL verdict on the files a server is about to serve: the reference data and the letters,
validated against the shapes (shared out over two processes where the data is small enough).

Apart from :mod:`tbgraph.api.state` because both the lifespan and the early validation
(:mod:`tbgraph.api.startup.early_validation`, forked before the web stack is imported) ask for it."""

from __future__ import annotations

from typing import Any

from tbgraph.api.settings import Settings
from tbgraph.dataset.loader import LETTER_GRAPH_PREFIX, REFERENCE_GRAPH, SourceFile

__all__ = ["validate_sources", "SPLIT_LIMIT_BYTES"]


def _data_sources(sources: list[SourceFile]) -> list[SourceFile]:
    return [s for s in sources if s.graph == REFERENCE_GRAPH or s.graph.startswith(LETTER_GRAPH_PREFIX)]


#: Most bytes of data files validated in two processes (about 240 letters of the shipped one's size).
SPLIT_LIMIT_BYTES = 32 * 1024 * 1024


def validate_sources(settings: Settings, sources: list[SourceFile]) -> tuple[bool, list[str]]:
    """Validate the reference data and letters against the shapes; (conforms, violation lines)."""
    from tbgraph.model.rdfio import RdfSyntaxError
    from tbgraph.validation.shacl import validate_read
    from tbgraph.validation.split import default_processes

    # Shared out over two processes where there are two cores, each reading the files itself: the
    # first start on new data is mostly this (docs/decisions/0007-validation-speed.md). Each process
    # holds the whole data graph, so above SPLIT_LIMIT_BYTES of data one process validates: memory,
    # not time, is what a large dataset runs out of (rdflib: about 1 GiB per 1 million triples).
    size = sum(source.path.stat().st_size for source in _data_sources(sources) if source.path.exists())
    processes = default_processes() if size <= SPLIT_LIMIT_BYTES else 1
    try:
        report = validate_read(lambda: _read_for_validation(settings, sources), processes=processes)
    except RdfSyntaxError as error:
        return False, [str(error)]
    return report.conforms, [str(f) for f in report.violations()]


def _read_for_validation(settings: Settings, sources: list[SourceFile]) -> tuple[Any, Any, Any]:
    import rdflib

    from tbgraph.model.rdfio import parse_graph
    from tbgraph.validation.shacl import load_ontology, load_shapes

    data = rdflib.Graph()
    for source in _data_sources(sources):
        parse_graph(source.path, into=data)
    root = settings.data_root
    shapes = load_shapes(root / "shapes" if root is not None else None)
    ontology = load_ontology(root / "ontology" if root is not None else None)
    return data, shapes, ontology
