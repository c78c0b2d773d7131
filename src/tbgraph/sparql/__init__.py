"""Every SPARQL query tbgraph runs, as ``.rq`` files: the named questions here, the queries the code
needs for itself under ``internal/``. :func:`load_query` reads one by name; nothing else holds SPARQL."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["UnknownQueryError", "load_query", "query_folder"]


class UnknownQueryError(LookupError):
    """No named query has this name."""


def query_folder() -> Traversable:
    """The folder of the named questions' ``.rq`` files."""
    return resources.files(__name__)


@cache
def load_query(name: str) -> str:
    """The text of a named query, or of an internal one (``lookup-agencies``, …)."""
    for parts in ((f"{name}.rq",), ("internal", f"{name}.rq")):
        try:
            return query_folder().joinpath(*parts).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
    raise UnknownQueryError(f"no query named {name!r}")
