"""tbgraph: Norwegian allocation letters (tildelingsbrev) as a validated, queryable knowledge graph.

The package turns the curated Turtle under ``data/`` into an RDF dataset (one named graph per
letter), validates it with the SHACL shapes under ``shapes/``, and answers the users' competency
questions through named SPARQL queries, a command line and an HTTP API.
"""

import importlib
from typing import TYPE_CHECKING, Any

from tbgraph.model.version import __version__

if TYPE_CHECKING:
    from tbgraph.notebook import Answer, Letters, Question, open, validate

__all__ = ["__version__", "open", "validate", "Letters", "Answer", "Question"]

#: The notebook API (:mod:`tbgraph.notebook`), imported on first use so that ``import tbgraph`` stays quick.
_NOTEBOOK = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> Any:
    # Imported on first use, not by an import statement, so that importing a module of the package does
    # not import the whole notebook API.
    if name in _NOTEBOOK:
        return getattr(importlib.import_module(f"{__name__}.notebook"), name)
    raise AttributeError(f"module 'tbgraph' has no attribute {name!r}")
