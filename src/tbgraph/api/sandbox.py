"""Check untrusted SPARQL before it runs: what it is, which graphs it names, what it may not do.

The endpoint is read-only and never reaches the network because of a query. Oxigraph *does*
evaluate ``SERVICE`` by sending an HTTP request, and answers ``FROM <http://elsewhere/>`` with an
empty graph (it does not fetch it, but a client deserves to be told), so before a query is run:

* ``SERVICE`` anywhere, and ``LOAD``, are refused;
* SPARQL Update (``INSERT``, ``DELETE``, ``CLEAR`` …) is refused with a read-only message;
* ``FROM``/``FROM NAMED`` and the protocol's ``default-graph-uri``/``named-graph-uri`` must name
  graphs of this dataset, and are then passed to the engine explicitly (so the protocol's
  dataset wins over the query's, as SPARQL 1.1 Protocol §2.1.4 says).

The check reads the query with a tokenizer that follows the SPARQL 1.1 grammar's terminals
(strings, IRIs, comments, prefixed names, variables), so ``"SERVICE"`` in a string or ``?service``
never trips it, and a keyword hidden in a comment is no keyword. It does not parse the grammar:
syntax errors are the engine parser's to report, with its line and column. The query workers are
also cut off from the network (see :mod:`tbgraph.api.worker`), so a mistake here cannot become an
outbound request.

Oxigraph parses, plans and evaluates a query recursively, and a deep enough query overflows the
native stack and kills the process (no Python exception can catch it): about 830 nested
``FILTER EXISTS { … }``, 2 200 nested ``{ … }``, 4 600 nested ``( … )``, or 6 300 ``UNION`` or
6 700 ``+`` in a row, measured with pyoxigraph 0.5 on an 8 MiB stack. So the check also measures
how deep the algebra a query builds can get (:func:`nesting_depth`) and refuses one deeper than
:data:`MAX_DEPTH` with a 400 that names the limit.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from ..sparql_tokens import tokens
from .errors import QueryRefused, QuerySyntaxInvalid, QueryTooDeep, UpdateRefused

__all__ = [
    "QueryInfo",
    "Dataset",
    "analyse",
    "plan_dataset",
    "nesting_depth",
    "MAX_DEPTH",
    "QUERY_FORMS",
    "UPDATE_KEYWORDS",
]

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

#: The deepest query accepted, as :func:`nesting_depth` measures it. The shallowest crash measured
#: (nested ``FILTER EXISTS``) is at about 2 500 by that measure on an 8 MiB stack, and the query
#: workers run queries on a far larger one; the deepest shipped query measures under 100.
MAX_DEPTH = 1000

#: Tokens that chain the pattern or expression they stand in into a deeper tree: operators,
#: property-path steps and triple separators (a comma only between objects, not between
#: function arguments, which the engine keeps in a flat list).
_CHAINING = frozenset("|&=!<>+-*/^.;,")
_OPENING = frozenset("({[")
_CLOSING = frozenset(")}]")


@dataclass(frozen=True)
class QueryInfo:
    """What the check learnt about a query."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or None when the parser will reject it
    from_graphs: tuple[str, ...]
    from_named: tuple[str, ...]
    #: The query's tokens without comments and spacing: the same for texts that differ only there.
    signature: str = ""

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query runs on: ``None`` means the service default.

    The service default is the union of all named graphs as the default graph, and all named
    graphs available to ``GRAPH``.
    """

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


def _tokens(text: str) -> list[tuple[str, str]]:
    return list(tokens(text))


def nesting_depth(tokens: Sequence[tuple[str, str]]) -> int:
    """An upper estimate of how deep the tree the engine builds for these tokens can get.

    Each open bracket counts one, and so does each keyword (but ``a``) and each chaining operator
    seen so far inside every bracket still open: ``A UNION B UNION C`` and ``1 + 2 + 3`` become
    left-deep trees as deep as the chain is long, and a chain inside nested groups adds to their
    depth. Counting every keyword overestimates (``SELECT``, ``WHERE``), which only makes the
    limit safer.

    >>> nesting_depth(_tokens("SELECT * WHERE { ?s ?p ?o }"))
    4
    >>> nesting_depth(_tokens("ASK { " + "{ " * 50 + "}" * 50 + " }"))
    52
    """
    counts = [0]  # units inside each open bracket (the first: outside any)
    openers = [""]
    depth = deepest = 1
    for kind, value in tokens:
        if kind == "other":
            if value in _OPENING:
                counts.append(0)
                openers.append(value)
                depth += 1
            elif value in _CLOSING:
                if len(counts) > 1:
                    depth -= 1 + counts.pop()
                    openers.pop()
                continue
            elif value in _CHAINING and not (value == "," and openers[-1] == "("):
                counts[-1] += 1
                depth += 1
            else:
                continue
        elif kind == "word" and value != "a":
            counts[-1] += 1
            depth += 1
        else:
            continue
        deepest = max(deepest, depth)
    return deepest


def _resolve(kind: str, value: str, base: str | None, prefixes: dict[str, str]) -> str:
    if kind == "iri":
        iri = value[1:-1]
        return urljoin(base, iri) if base and ":" not in iri.split("/")[0] else iri
    prefix, _, local = value.rstrip(".").partition(":")
    if prefix not in prefixes:
        raise QuerySyntaxInvalid(f"the prefix {prefix}: is used in FROM but never declared")
    return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)


@lru_cache(maxsize=4096)
def analyse(text: str) -> QueryInfo:
    """Classify a query and collect its FROM graphs; raise if it must not run here.

    >>> analyse("SELECT * WHERE { ?s ?p ?o }").form
    'SELECT'
    >>> analyse("PREFIX g: <https://w3id.org/tbgraph/graph/> ASK FROM g:meta { ?s ?p ?o }").from_graphs
    ('https://w3id.org/tbgraph/graph/meta',)
    """
    tokens = _tokens(text)
    depth = nesting_depth(tokens)
    if depth > MAX_DEPTH:
        raise QueryTooDeep(
            f"the query nests or chains too deeply for this endpoint (depth {depth}, limit {MAX_DEPTH}: "
            "each open bracket, keyword and operator inside an open bracket counts one). Split it into "
            "smaller queries, or use VALUES or IN ( … ) for long lists of alternatives."
        )
    base: str | None = None
    prefixes: dict[str, str] = {}
    form: str | None = None
    from_graphs: list[str] = []
    from_named: list[str] = []
    i = 0
    in_prologue = True
    while i < len(tokens):
        kind, value = tokens[i]
        upper = value.upper() if kind == "word" else ""
        if in_prologue and upper == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
            base = _resolve("iri", tokens[i + 1][1], base, prefixes)
            i += 2
            continue
        if (
            in_prologue
            and upper == "PREFIX"
            and i + 2 < len(tokens)
            and tokens[i + 1][0] == "pname"
            and tokens[i + 2][0] == "iri"
        ):
            prefixes[tokens[i + 1][1].rstrip(":").split(":")[0]] = _resolve(
                "iri", tokens[i + 2][1], base, prefixes
            )
            i += 3
            continue
        if kind == "word":
            if in_prologue:
                in_prologue = False
                if upper in QUERY_FORMS:
                    form = upper
                elif upper in UPDATE_KEYWORDS:
                    raise UpdateRefused(
                        f"this endpoint is read-only: {upper} is SPARQL Update, which it does not accept. "
                        "Send SELECT, ASK, CONSTRUCT or DESCRIBE queries."
                    )
            if upper == "SERVICE":
                raise QueryRefused(
                    "SERVICE is not allowed: this endpoint never sends requests to other endpoints "
                    "because of a query (federated queries are refused). Query this dataset only."
                )
            if upper == "LOAD":
                raise UpdateRefused(
                    "this endpoint is read-only and never fetches data: LOAD is not accepted."
                )
            if upper == "FROM":
                named = (
                    i + 1 < len(tokens) and tokens[i + 1][0] == "word" and tokens[i + 1][1].upper() == "NAMED"
                )
                j = i + 2 if named else i + 1
                if j < len(tokens) and tokens[j][0] in ("iri", "pname"):
                    iri = _resolve(tokens[j][0], tokens[j][1], base, prefixes)
                    (from_named if named else from_graphs).append(iri)
                    i = j + 1
                    continue
        i += 1
    return QueryInfo(form, tuple(from_graphs), tuple(from_named), " ".join(value for _, value in tokens))


def _check_graphs(names: Sequence[str], known: Collection[str], where: str) -> None:
    for name in names:
        if name not in known:
            raise QueryRefused(
                f"{where} names the graph <{name}>, which is not in this dataset. The endpoint never fetches "
                f"graphs from elsewhere; its graphs are: {', '.join('<' + g + '>' for g in sorted(known))}."
            )


def plan_dataset(
    info: QueryInfo,
    default_graph_uri: Sequence[str],
    named_graph_uri: Sequence[str],
    known: Collection[str],
) -> Dataset:
    """The dataset to run on, after checking every graph named is one of ``known``.

    The protocol's parameters replace the query's FROM clauses entirely when either is given; a
    dataset that names only named graphs (or only default graphs) leaves the other part empty.
    """
    _check_graphs(info.from_graphs, known, "FROM")
    _check_graphs(info.from_named, known, "FROM NAMED")
    _check_graphs(default_graph_uri, known, "default-graph-uri")
    _check_graphs(named_graph_uri, known, "named-graph-uri")
    if default_graph_uri or named_graph_uri:
        return Dataset(tuple(default_graph_uri), tuple(named_graph_uri))
    if info.from_graphs or info.from_named:
        return Dataset(info.from_graphs, info.from_named)
    return Dataset()
