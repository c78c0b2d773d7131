"""The one place a store engine is chosen by name: Oxigraph (the default), rdflib (the slower
reference engine) or a SPARQL 1.1 server (``remote``, :mod:`tbgraph.store.remote`).

Apart from :mod:`tbgraph.store.base` so that the store interface does not import the engine built on it."""

from __future__ import annotations

from pathlib import Path

from tbgraph.store.base import OxigraphStore, RdflibStore, Store

__all__ = ["ENGINES", "open_store"]

ENGINES = ("oxigraph", "rdflib", "remote")


def open_store(
    engine: str = "oxigraph",
    path: Path | None = None,
    *,
    read_only: bool = False,
    url: str | None = None,
    query_url: str | None = None,
    update_url: str | None = None,
    graph_store_url: str | None = None,
) -> Store:
    """The one place an engine is chosen by name.

    ``remote`` is a SPARQL 1.1 server (Query, Update, Graph Store Protocol, see
    :mod:`tbgraph.store.remote`): ``url`` is an Oxigraph server's base address (``http://host:7878``,
    endpoints ``/query``, ``/update``, ``/store``), or any server's endpoints are given one by one
    (``query_url``; ``update_url``, by default the query endpoint, as most servers have it;
    ``graph_store_url``, needed only to load). ``read_only`` is, for it, a server whose data its
    operator loads: tbgraph never writes there.
    """
    if engine == "remote":
        if url is None and query_url is None:
            raise ValueError(
                "the remote engine needs the SPARQL server's address: --store-url (an Oxigraph server's base) "
                "or --query-url (any SPARQL 1.1 server's query endpoint)"
            )
        if path is not None:
            raise ValueError("the remote engine keeps data in the SPARQL server; drop the store path")
        from tbgraph.store.remote import RemoteStore  # httpx only when a server is asked for

        if query_url is None:  # an Oxigraph server's layout, and its per-request union default graph
            return RemoteStore(
                url or "",
                update_endpoint=update_url,
                graph_store_endpoint=graph_store_url,
                read_only=read_only,
            )
        return RemoteStore(
            url or query_url,
            query_endpoint=query_url,
            update_endpoint=update_url or query_url,
            graph_store_endpoint=graph_store_url,
            union_parameter=False,
            read_only=read_only,
        )
    if url is not None or query_url is not None:
        raise ValueError(f"a store URL is for the remote engine, not {engine!r}")
    if engine == "oxigraph":
        return OxigraphStore(path, read_only=read_only)
    if engine == "rdflib":
        if path is not None:
            raise ValueError("the rdflib engine keeps data in memory only; drop the store path")
        return RdflibStore()
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
