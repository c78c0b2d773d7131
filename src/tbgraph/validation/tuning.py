"""Three memoisations pySHACL 0.40 lacks, applied once before tbgraph validates.

Validation is most of a server's first start on a new data version (the verdict is then kept by
data version, :mod:`tbgraph.dataset.kept`). Profiling pySHACL on the shipped letter showed two costs that do
not depend on the data at all:

* Every time a shape is validated (once per shape *and* per value node reached through ``sh:node``:
  11,150 times for 189 top-level shapes) pySHACL tests each predicate of the shape for membership
  in its list of ~30 constraint parameters: 3 million ``URIRef.__eq__`` calls, a quarter of the
  time. The list is cached on the ``pyshacl.shape`` module as ``CONSTRAINT_PARAMS``; caching a
  frozenset there instead makes the test a hash lookup.
* Each SHACL-SPARQL constraint is rebuilt per value node too, and each rebuild collects its
  ``sh:prefixes`` declarations from the shapes graph again (703 times for 27 constraints). The
  prefixes of a constraint node in one shapes graph do not change, so they are collected once.
* Before each of those runs pySHACL checks the query text with six regular expressions for what a
  SHACL-SPARQL constraint must not contain (MINUS, VALUES, SERVICE, …): the same text every time.
  A text that passed once passes again, so the check runs once per text.

Measured on the shipped letter (``benchmarks/validation_speed.py``): see ``docs/benchmarks.md``.
They are read-only shortcuts; the report is the same (``tests/test_validation_speedups.py``). Should a
pySHACL release rename what is patched here, :func:`tune_pyshacl` leaves it alone and validation
runs at the untuned speed.
"""

from __future__ import annotations

import weakref
from typing import Any

__all__ = ["tune_pyshacl", "untune_pyshacl"]

_originals: dict[str, Any] = {}


def tune_pyshacl() -> bool:
    """Install the memoisations (idempotent); False when pySHACL no longer has what they patch."""
    if _originals:
        return True
    try:
        import pyshacl.shape as shape_module
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
        from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
    except ImportError:
        return False
    collect = getattr(SPARQLQueryHelper, "collect_prefixes", None)
    check = getattr(SPARQLQueryHelper, "check_invalid_sparql", None)
    if collect is None or check is None:
        return False
    _originals["CONSTRAINT_PARAMS"] = getattr(shape_module, "CONSTRAINT_PARAMS", None)
    _originals["collect_prefixes"] = collect
    _originals["check_invalid_sparql"] = check
    # pyshacl.shape reads (parameters, map) from this module attribute when it is set; it copies
    # the parameters (list.copy/append) only when advanced mode or JS is on, which tbgraph never uses.
    shape_module.CONSTRAINT_PARAMS = (frozenset(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)  # type: ignore[attr-defined]
    SPARQLQueryHelper.collect_prefixes = _memoised_collect_prefixes(collect)  # type: ignore[method-assign]
    SPARQLQueryHelper.check_invalid_sparql = _memoised_check(check)  # type: ignore[method-assign]
    return True


def untune_pyshacl() -> None:
    """Put pySHACL back as it was (for the test that compares reports with and without)."""
    if not _originals:
        return
    import pyshacl.shape as shape_module
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    if _originals["CONSTRAINT_PARAMS"] is None:
        if hasattr(shape_module, "CONSTRAINT_PARAMS"):
            delattr(shape_module, "CONSTRAINT_PARAMS")
    else:
        shape_module.CONSTRAINT_PARAMS = _originals["CONSTRAINT_PARAMS"]  # type: ignore[attr-defined]
    SPARQLQueryHelper.collect_prefixes = _originals["collect_prefixes"]  # type: ignore[method-assign]
    SPARQLQueryHelper.check_invalid_sparql = _originals["check_invalid_sparql"]  # type: ignore[method-assign]
    _originals.clear()


def _memoised_collect_prefixes(collect: Any) -> Any:
    # Keyed by the shapes graph object (weakly: a graph that goes away takes its entries along)
    # and the constraint node; the value is the prefix map the original computed.
    by_graph: weakref.WeakKeyDictionary[Any, dict[Any, dict[str, Any]]] = weakref.WeakKeyDictionary()

    def collect_prefixes(self: Any) -> None:
        graph = self.shape.sg.graph
        try:
            known = by_graph.setdefault(graph, {})
        except TypeError:  # not weakly referenceable: do not memoise
            collect(self)
            return
        prefixes = known.get(self.node)
        if prefixes is None:
            collect(self)
            known[self.node] = dict(self.prefixes)
        else:
            self.prefixes = dict(prefixes)

    collect_prefixes.__wrapped__ = collect  # type: ignore[attr-defined]
    return collect_prefixes


def _memoised_check(check: Any) -> Any:
    # Only passes are remembered; a text that fails raises every time, as before.
    passed: set[tuple[str, bool, frozenset[str]]] = set()

    def check_invalid_sparql(self: Any, sparql_text: str, valuenode: Any = None, extravars: Any = None) -> bool:
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key in passed:
            return True
        result = check(self, sparql_text, valuenode=valuenode, extravars=extravars)
        passed.add(key)
        return bool(result)

    check_invalid_sparql.__wrapped__ = check  # type: ignore[attr-defined]
    return check_invalid_sparql
