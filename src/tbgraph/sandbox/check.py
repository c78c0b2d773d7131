"""Check untrusted SPARQL on a complete parse before it runs: what it is, which graphs it names,
what it may not do.

The check reads the query with rdflib's SPARQL 1.1 parser (the whole grammar, every terminal and
escape, comments where the grammar puts them) and decides on the parse tree, never on the text:

* a text the parser cannot read exactly is refused with the parser's line and column — the engine
  is never asked to run what the check could not see;
* SPARQL Update (``INSERT``, ``LOAD``, ``CLEAR`` …) is refused with a read-only message;
* ``SERVICE`` anywhere in the tree is refused (federated queries are not run here);
* a prefix used but never declared is named, with the declaration that would fix it;
* a tree deeper than :data:`MAX_DEPTH` is refused: Oxigraph parses, plans and evaluates
  recursively and a deep enough query overflows the native stack and kills its process;
* ``FROM``/``FROM NAMED`` are read with the query's own ``BASE`` and prefixes, so that the engine
  can be given the dataset explicitly.

The check runs where the query then runs — in a query worker process, under the same time limit
— so a slow parse cannot stall the server's event loop. It is the first of two walls: the worker
processes also cannot open network sockets (:mod:`tbgraph.sandbox.isolation`), so a query the check
misjudged still reaches nothing. This module imports neither FastAPI nor the server: the command
line uses it too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseBaseException, ParseResults
from rdflib import Literal
from rdflib.plugins.sparql import parser as sparql_parser
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

__all__ = ["QueryInfo", "Refused", "check", "tree_depth", "MAX_DEPTH", "QUERY_FORMS"]

QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}

#: The deepest parse tree accepted (:func:`tree_depth`). Shipped queries measure under 60; the
#: shallowest engine crash measured (nested ``FILTER EXISTS`` on the workers' 256 MiB stack) is far
#: deeper, and the parser itself refuses a text too deep for its own recursion first.
MAX_DEPTH = 600

#: Python recursion the parser may use (it recurses about 30 frames per level of the grammar);
#: the check runs on a thread with a large stack (:data:`tbgraph.sandbox.worker.QUERY_STACK_BYTES`).
PARSER_RECURSION = 60_000


class Refused(Exception):
    """A query that is not run: ``kind`` is syntax, update, service, depth or size."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class QueryInfo:
    """What the check learnt about a query it accepts."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, CompValue):
        yield from node.values()
    elif isinstance(node, ParseResults | list | tuple):
        yield from node


#: Lists the engine turns into left-deep trees, one level per element: a group's parts (joined in
#: turn), a UNION's branches, an expression's operands (``1 + 2 + 3``).
_CHAINS = ("part", "graph", "other")


def tree_depth(root: Any) -> int:
    """How deep the tree the engine builds for this parse can get (counted without recursion):
    one level per grammar production, and one per element of a chain (:data:`_CHAINS`).

    >>> tree_depth(parseQuery("ASK { ?s ?p ?o }")) < tree_depth(parseQuery("ASK { { { ?s ?p ?o } } }"))
    True
    >>> tree_depth(parseQuery("ASK { FILTER(1+1+1+1) }")) > tree_depth(parseQuery("ASK { FILTER(1+1) }"))
    True
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, CompValue):
            depth += 1
            deepest = max(deepest, depth)
            for key, value in node.items():
                if isinstance(value, ParseResults | list) and key in _CHAINS:
                    stack.extend((child, depth + i) for i, child in enumerate(value) if _nested(child))
                elif _nested(value):
                    stack.append((value, depth))
            continue
        stack.extend((child, depth) for child in _children(node) if _nested(child))
    return deepest


def _nested(node: Any) -> bool:
    return isinstance(node, CompValue | ParseResults | list | tuple)


def _walk(root: Any) -> Iterator[CompValue]:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
        stack.extend(c for c in _children(node) if isinstance(c, CompValue | ParseResults | list | tuple))


def _where(text: str, error: ParseBaseException) -> str:
    lines = text.splitlines()
    # pyparsing counts a position after a final line break as one more (empty) line
    line = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else ""
    shown = line if len(line) <= 120 else line[max(0, error.col - 60) : error.col + 60]
    caret = min(error.col - 1, 60) if len(line) > 120 else error.col - 1
    return f"line {error.lineno}, column {error.col}\n  {shown}\n  {' ' * caret}^"


def _negative(literal: Literal) -> Literal:
    """A negative number as the query writes it (``-1.5``): rdflib's parser negates the value, which
    it cannot for an ``xsd:decimal`` (RDFLib/rdflib#2962), so the lexical form is negated instead."""
    lexical = str(literal)
    return Literal(lexical[1:] if lexical.startswith("-") else "-" + lexical, datatype=literal.datatype)


sparql_parser.neg = _negative  # the grammar's parse actions look it up at each negative literal


def _parse(text: str, max_depth: int) -> ParseResults:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, PARSER_RECURSION))
    try:
        try:
            return parseQuery(text)
        except ParseBaseException as query_error:
            try:
                update = parseUpdate(text)
            except (ParseBaseException, RecursionError):
                update = None
            if update is not None and "request" in update and update["request"]:
                first = update["request"][0].name
                raise Refused(
                    "update",
                    f"queries here are read-only: {_update_name(first)} is SPARQL Update, which tbgraph does "
                    "not accept. Send SELECT, ASK, CONSTRUCT or DESCRIBE queries.",
                ) from None
            raise Refused(
                "syntax", f"malformed query at {_where(text, query_error)}\n{_found(text, query_error)}"
            ) from None
    except (TypeError, ValueError, ArithmeticError) as error:  # a parse action of rdflib's failed on a term
        raise Refused("syntax", f"tbgraph's query check cannot read a term of this query ({error})") from None
    except RecursionError:
        raise Refused(
            "depth",
            f"the query nests or chains too deeply for tbgraph (deeper than its parser reads; limit "
            f"{max_depth} grammar levels). Split it into smaller queries, or use VALUES or IN ( … ) for long lists.",
        ) from None
    finally:
        sys.setrecursionlimit(limit)


def _found(text: str, error: ParseBaseException) -> str:
    """What stands where the parser stopped, and the usual reasons it could not go on there."""
    token = re.match(r"[^\s{}()\[\],;.]+|\S", text[error.loc :])
    if token is None:
        return "the query ends too early: a bracket or brace not closed?"
    return (
        f"unexpected {token.group()!r} here: a '.' missing between two triple patterns, a bracket not closed "
        "or closed too early, or a keyword misspelt?"
    )


_UPDATE_NAMES = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "INSERT/DELETE … WHERE",
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}


def _update_name(name: str) -> str:
    return _UPDATE_NAMES.get(name, name)


def check(
    text: str,
    *,
    base: str | None = None,
    max_depth: int = MAX_DEPTH,
    known_prefixes: Mapping[str, str] | None = None,
) -> QueryInfo:
    """Parse ``text`` and decide: a :class:`QueryInfo` if it may run, :class:`Refused` if not.

    ``base`` is the IRI relative IRIs resolve against when the query has no ``BASE`` (the
    endpoint's own URL, as the protocol says); ``known_prefixes`` only improve the message for an
    undeclared prefix.

    >>> check("SELECT * WHERE { ?s ?p ?o }").form
    'SELECT'
    >>> check("PREFIX g: <https://w3id.org/tbgraph/graph/> ASK FROM g:meta { ?s ?p ?o }").from_graphs
    ('https://w3id.org/tbgraph/graph/meta',)
    >>> check("PREFIX ex: <http://e/> SELECT * { ?s ex:a\\\\#x ?o SERVICE <http://e/> { ?x ?y ?z } }")
    Traceback (most recent call last):
    tbgraph.sandbox.check.Refused: malformed query at line 1, column 55 ...
    """
    parsed = _parse(text, max_depth)
    prologue_part, query = parsed[0], parsed[1]
    form = QUERY_FORMS.get(query.name)
    if form is None:  # pragma: no cover - the grammar has no other query forms
        raise Refused("syntax", f"not a query form this endpoint knows: {query.name}")
    depth = tree_depth(parsed)
    if depth > max_depth:
        raise Refused(
            "depth",
            f"the query nests or chains too deeply for tbgraph (depth {depth}, limit {max_depth} "
            "grammar levels). Split it into smaller queries, or use VALUES or IN ( … ) for long lists.",
        )
    declared: set[str] = set()
    for node in _walk(prologue_part):
        if node.name == "PrefixDecl":
            declared.add(str(node["prefix"]) if "prefix" in node and node["prefix"] is not None else "")
    for node in _walk(parsed):
        if node.name == "ServiceGraphPattern":
            raise Refused(
                "service",
                "SERVICE is not allowed: tbgraph never sends requests to other endpoints because of a "
                "query (federated queries are refused). Query this dataset only.",
            )
        if node.name == "pname":
            prefix = str(node["prefix"]) if "prefix" in node and node["prefix"] is not None else ""
            if prefix not in declared:
                raise Refused("syntax", _undeclared(prefix, known_prefixes))
    prologue = translatePrologue(prologue_part, base)
    from_graphs: list[str] = []
    from_named: list[str] = []
    # Not query.get(…): a CompValue's get answers the key itself when it is absent.
    clauses = query["datasetClause"] if "datasetClause" in query else ()  # noqa: SIM401
    for clause in clauses:
        named = "named" in clause
        iri = prologue.absolutize(clause["named"] if named else clause["default"])
        (from_named if named else from_graphs).append(str(iri))
    return QueryInfo(form, tuple(from_graphs), tuple(from_named))


def _undeclared(prefix: str, known: Mapping[str, str] | None) -> str:
    shown = f"{prefix}:"
    fix = f"PREFIX {shown} <…>"
    if known and prefix in known:
        fix = f"PREFIX {shown} <{known[prefix]}>"
    return f"the prefix {shown} is used but never declared; declare it before the query: {fix}"
