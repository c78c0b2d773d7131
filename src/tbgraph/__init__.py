"""tbgraph: Norwegian allocation letters (tildelingsbrev) as a validated, queryable knowledge graph.

The package turns the curated Turtle under ``data/`` into an RDF dataset (one named graph per
letter), validates it with the SHACL shapes under ``shapes/``, and answers the users' competency
questions through named SPARQL queries, a command line and an HTTP API.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tbgraph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
