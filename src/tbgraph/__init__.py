"""tbgraph: Norwegian allocation letters (tildelingsbrev) as a validated, queryable knowledge graph.

The package turns the curated Turtle under ``data/`` into an RDF dataset (one named graph per
letter), validates it with the SHACL shapes under ``shapes/``, and answers the users' competency
questions through named SPARQL queries, a command line and an HTTP API.
"""

import importlib
import re
from typing import TYPE_CHECKING, Any

from .resources import ontology_dir

if TYPE_CHECKING:
    from .notebook import Answer, Letters, Question, open, validate


def _version() -> str:
    """The ontology's ``owl:versionInfo``, where the build reads the package version too
    (``[tool.hatch.version]`` in pyproject.toml).

    Read from the file rather than through ``importlib.metadata``: importing that took 55 ms of
    every process's start (the server, each query worker, the validation), on the way to the
    first start's SHACL verdict.
    """
    try:
        text = (ontology_dir() / "tbgraph.ttl").read_text(encoding="utf-8")
    except OSError:
        text = ""
    match = re.search(r'owl:versionInfo "(?P<version>[^"]+)"', text)
    return match["version"] if match else "0+unknown"


__version__ = _version()

__all__ = ["__version__", "open", "validate", "Letters", "Answer", "Question"]

#: The notebook API (:mod:`tbgraph.notebook`), imported on first use so that ``import tbgraph`` stays quick.
_NOTEBOOK = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> Any:
    # Imported by name, not by an import statement: modules that read __version__ from here must not
    # depend on the whole notebook API (the import contracts, tests/test_architecture.py).
    if name in _NOTEBOOK:
        return getattr(importlib.import_module(f"{__name__}.notebook"), name)
    raise AttributeError(f"module 'tbgraph' has no attribute {name!r}")
