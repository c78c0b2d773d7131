"""What a query worker loads to hold the same data as this process: the same files in the same
order, plus the meta graph (which the loader computes, not a file) dumped as N-Quads; or the same
persistent store, opened read-only. The server and ``tbgraph query`` both start workers this way."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tbgraph.dataset.loader import META_GRAPH, SourceFile
from tbgraph.store.base import Store

__all__ = ["worker_data"]


def worker_data(store: Store, sources: Sequence[SourceFile], store_path: Path | None, folder: Path) -> dict[str, Any]:
    """The :class:`~tbgraph.sandbox.worker.WorkerSpec` fields for this data; ``folder`` holds the dump."""
    if store_path is not None:
        return {"store_path": str(store_path)}
    import pyoxigraph as ox

    path = folder / "meta.nq"
    quads = b""
    if META_GRAPH in store.graphs():
        # One graph dumped "as N-Quads" comes without its graph name: name it, or the workers put
        # these triples in their default graph, which the union default graph leaves out.
        triples = ox.parse(store.dump("application/n-triples", META_GRAPH), format=ox.RdfFormat.N_TRIPLES)
        graph = ox.NamedNode(META_GRAPH)
        quads = (
            ox.serialize(
                (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples), format=ox.RdfFormat.N_QUADS
            )
            or b""
        )
    path.write_bytes(quads)
    return {
        "sources": tuple((str(s.path), s.media_type, s.graph) for s in sources),
        "nquads_path": str(path),
    }
