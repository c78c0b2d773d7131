"""The SPARQL queries of a SHACL validation, answered by Oxigraph instead of rdflib's engine.

pySHACL asks the data graph a SPARQL SELECT for every SHACL-SPARQL constraint and focus node.
rdflib parses each distinct text with pyparsing and evaluates it in Python, which is most of a
validation; Oxigraph, the engine the rest of tbgraph runs on, parses and answers the same queries
far faster (figures in docs/decisions/0007 and 0013). :class:`OxigraphMirror` keeps a copy of a
data graph in an in-memory Oxigraph store and answers a query with pySHACL's pre-bound variables
(``$this``, ``$value``, ``$currentShape``) passed as Oxigraph substitutions, so blank focus nodes
(source locations) are matched as themselves.

A query Oxigraph does not take — a syntax only rdflib knows, a pre-bound variable that the query
does not project, a construct form — is answered by rdflib as before: :meth:`OxigraphMirror.select`
returns ``None`` and the caller falls back. The reports are compared with and without the mirror in
``tests/test_validation_speedups.py``, and all of ``tests/test_shapes.py`` runs through it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.query import Result
from rdflib.term import Identifier, Node

from tbgraph.model.terms import from_oxigraph, to_oxigraph

__all__ = ["OxigraphMirror"]


class OxigraphMirror:
    """An Oxigraph copy of one rdflib graph, made on the first query; the graph must not change after."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._store: ox.Store | None = None
        self._refused: set[str] = set()  # texts Oxigraph did not take: straight to rdflib next time
        self._unusable = False  # a term Oxigraph cannot hold (e.g. a blank node label it refuses)

    def store(self) -> ox.Store | None:
        if self._store is None and not self._unusable:
            store = ox.Store()
            try:
                store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in self._graph)  # type: ignore[arg-type]
            except (ValueError, TypeError):
                self._unusable = True
                return None
            self._store = store
        return self._store

    def select(self, text: str, bindings: Mapping[str, Node] | None) -> Result | None:
        """The answer as an rdflib :class:`Result`, or None where rdflib should answer instead."""
        store = self.store() if text not in self._refused else None
        if store is None:
            return None
        try:
            substitutions = {ox.Variable(str(name)): to_oxigraph(value) for name, value in (bindings or {}).items()}
            answer = store.query(text, substitutions=substitutions or None)  # type: ignore[arg-type]
        except (SyntaxError, RuntimeError, ValueError, TypeError):
            self._refused.add(text)
            return None
        if isinstance(answer, bool):
            result = Result("ASK")
            result.askAnswer = answer
            return result
        if not isinstance(answer, ox.QuerySolutions):
            self._refused.add(text)
            return None
        variables = [Variable(v.value) for v in answer.variables]
        rows: list[Mapping[Variable, Identifier]] = []
        for solution in answer:
            row: dict[Variable, Identifier] = {}
            for variable, value in zip(variables, solution, strict=True):
                if value is not None:
                    row[variable] = from_oxigraph(value)  # type: ignore[assignment]
            rows.append(row)
        result = Result("SELECT")
        result.vars = variables
        result.bindings = rows
        return result
