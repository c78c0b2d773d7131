"""The one place a store engine is chosen by name: Oxigraph (the default), rdflib (the slower
reference engine) or a SPARQL 1.1 server (``remote``, :mod:`tbgraph.remote`).

Apart from :mod:`tbgraph.store` so that the store interface does not import the engine built on it."""

from __future__ import annotations

from pathlib import Path

from .store import OxigraphStore, RdflibStore, Store

__all__ = ["ENGINES", "open_store"]

ENGINES = ("oxigraph", "rdflib", "remote")


def open_store(
    engine: str = "oxigraph", path: Path | None = None, *, read_only: bool = False, url: str | None = None
) -> Store:
    """The one place an engine is chosen by name.

    ``remote`` is a SPARQL 1.1 server (Query, Update, Graph Store Protocol) at ``url``, its base
    address (an Oxigraph server's ``http://host:7878``); see :mod:`tbgraph.remote`.
    """
    if engine == "remote":
        if url is None:
            raise ValueError("the remote engine needs the SPARQL server's address (--store-url / TBGRAPH_STORE_URL)")
        if path is not None:
            raise ValueError("the remote engine keeps data in the SPARQL server; drop the store path")
        from .remote import RemoteStore  # httpx only when a server is asked for

        return RemoteStore(url)
    if url is not None:
        raise ValueError(f"a store URL is for the remote engine, not {engine!r}")
    if engine == "oxigraph":
        return OxigraphStore(path, read_only=read_only)
    if engine == "rdflib":
        if path is not None:
            raise ValueError("the rdflib engine keeps data in memory only; drop the store path")
        return RdflibStore()
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
