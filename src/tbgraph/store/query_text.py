"""RDF terms and parameter values written into SPARQL text, safely.

Two places put a value into a query's text rather than handing it to an engine beside the text:
the remote store (a SPARQL server takes parameters only as text: :func:`bind_values`) and the named
queries (:func:`inline_bindings`), because Oxigraph plans a query before it applies its
``substitutions``: it does not know that a substituted variable has one value, and starts a join
where the text would have no constant. Written as a constant, the value is what the planner starts
from (figures in docs/decisions/0002 and 0013).

Every term is written by :func:`sparql_term`, with each character that could end it escaped and
IRIs with a character an IRI may not contain refused, so a value can never become query text: the
worst a hostile value can do is not match. The text is read with a tokenizer that knows SPARQL's
strings, IRIs and comments, so nothing inside them is touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import BNode, Node, URIRef
from rdflib.term import Literal as RLiteral

from tbgraph.store.sparql_tokens import TOKEN, tokens

#: An RDF term, as the stores' rows hold them (tbgraph.store.base.Term is the same).
Term = Node

__all__ = ["sparql_term", "bind_values", "inline_bindings", "InlineError"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Characters SPARQL's IRIREF does not allow, plus the backslash that would start an escape.
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_LANGUAGE = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_VARIABLE = re.compile(r"\w+")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _iri(value: str) -> str:
    bad = _IRI_FORBIDDEN.search(value)
    if bad:
        raise ValueError(f"cannot use {value!r} as an IRI: it contains {bad.group()!r}, which IRIs may not contain")
    if not _IRI_SCHEME.match(value):
        raise ValueError(f"cannot use {value!r} as an IRI: it is not absolute (no scheme such as https:)")
    return f"<{value}>"


def _string(text: str) -> str:
    """A SPARQL string literal for ``text``, with every character that could end it escaped.

    SPARQL processes ``\\uXXXX`` escapes before parsing, anywhere in the query. A backslash in the
    value is written ``\\\\``; should a ``u`` or ``U`` follow it, that letter is written as a
    codepoint escape too, so that no server that undoes codepoint escapes naively can read the
    pair as an escape of its own.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"cannot send {text!r}: it is not valid Unicode text") from None
    out = ['"']
    after_backslash = False
    for char in text:
        if after_backslash and char in "uU":
            out.append("\\u0075" if char == "u" else "\\u0055")
        else:
            out.append(_ESCAPES.get(char, char))
        after_backslash = char == "\\"
    out.append('"')
    return "".join(out)


def sparql_term(term: Term) -> str:
    """An RDF term in SPARQL syntax, safe to place in a query; ValueError for one that cannot be.

    >>> sparql_term(URIRef("https://w3id.org/tbgraph/id/agency/nhn"))
    '<https://w3id.org/tbgraph/id/agency/nhn>'
    >>> sparql_term(RLiteral('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    """
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, RLiteral):
        text = _string(str(term))
        if term.language:
            if not _LANGUAGE.fullmatch(term.language):
                raise ValueError(f"cannot use {term.language!r} as a language tag")
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^{_iri(str(term.datatype))}"
        return text
    if isinstance(term, BNode):
        raise ValueError("a blank node cannot be bound in a query sent to a SPARQL server (it has no name there)")
    raise TypeError(f"cannot bind a {type(term).__name__} in a query")


def _where_group(text: str) -> int | None:
    """Where the outermost WHERE group's ``{`` ends, or None (no WHERE clause, or ``CONSTRUCT WHERE``).

    Reads the query with a tokenizer that knows SPARQL's strings, IRIs and comments, so a brace in
    any of them is not counted.
    """
    form: str | None = None
    braces = parens = 0
    where_seen = template_seen = False
    for match in TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "word" and braces == 0 and parens == 0:
            upper = token.upper()
            if form is None and upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = upper
            elif upper == "WHERE" and form is not None:
                if form == "CONSTRUCT" and not template_seen:
                    return None  # CONSTRUCT WHERE { … }: the pattern is also the template
                where_seen = True
        elif kind == "other":
            if token == "(":
                parens += 1
            elif token == ")":
                parens -= 1
            elif token == "{":
                if braces == 0 and parens == 0 and form is not None:
                    if form != "CONSTRUCT" or where_seen:
                        return match.end()
                    template_seen = True
                braces += 1
            elif token == "}":
                braces -= 1
    return None


def _variable_names(bindings: Mapping[str, Term]) -> list[str]:
    """The bound names, each checked to be a variable's: a name is written into the query text."""
    names = list(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise ValueError(f"cannot bind {name!r}: not a SPARQL variable name")
    return names


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with ``bindings`` as a ``VALUES`` block first in its outermost WHERE group.

    Without a WHERE group (``DESCRIBE ?x``) the block is appended as the query's trailing
    ``VALUES`` clause, which for such a query means the same. The block is written on the line of
    the ``{``, so a parser's line numbers still point at the query as written.

    >>> bind_values("SELECT ?x WHERE { ?x a ?t }", {"t": URIRef("https://example.org/T")})
    'SELECT ?x WHERE { VALUES (?t) { (<https://example.org/T>) } ?x a ?t }'
    """
    if not bindings:
        return sparql
    names = _variable_names(bindings)
    row = " ".join(sparql_term(bindings[name]) for name in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"
    at = _where_group(sparql)
    if at is None:
        return f"{sparql}\n{block}\n"
    return f"{sparql[:at]} {block}{sparql[at:]}"


class InlineError(ValueError):
    """A bound variable sits where a constant cannot stand (``AS ?x``, ``VALUES ?x``, a sub-select's
    projection)."""


# Keywords that end a SELECT projection or a GROUP BY / ORDER BY list.
_CLAUSE_END = frozenset({"WHERE", "FROM", "HAVING", "LIMIT", "OFFSET", "VALUES", "GROUP", "ORDER"})


def inline_bindings(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with every bound variable replaced by its value, as SEP-0007 substitution means.

    A variable in a SELECT projection stays a column: ``?x`` becomes ``(<v> AS ?x)``. In an ORDER
    BY list the value is bracketed (``(<v>)``), since it takes expressions but not bare terms; from
    a GROUP BY list it is left out, as grouping by a constant separates nothing (and rdflib cannot
    evaluate ``GROUP BY (<v>)``); a list of constants only keeps one as ``(STR(<v>))``.
    ``BOUND(?x)`` becomes ``true``, which it is in every solution: Oxigraph folds a
    constant condition before it plans, so a pattern kept only for an absent parameter
    (``FILTER(!BOUND(?from))``) is dropped instead of evaluated, which a comparison of the value
    with itself is not. Raises
    :class:`InlineError` where a constant cannot stand and ValueError for a term that cannot be
    written (a blank node); callers then hand the bindings to the engine.

    >>> inline_bindings("SELECT ?x ?n WHERE { ?x ?p ?n } ORDER BY ?n", {"n": URIRef("urn:n")})
    'SELECT ?x (<urn:n> AS ?n) WHERE { ?x ?p <urn:n> } ORDER BY (<urn:n>)'
    """
    if not bindings:
        return sparql
    written = {name: sparql_term(bindings[name]) for name in _variable_names(bindings)}
    out: list[str] = []
    context: str | None = None  # "select", "by" (GROUP/ORDER BY) or "values"
    depth = 0  # parentheses
    context_depth = 0
    braces = 0
    select_braces = 0  # brace depth of the SELECT whose projection is being read
    previous: list[str] = []  # the last two significant tokens, upper-cased
    bound_at = 0  # where in ``out`` the last BOUND keyword was written
    close_bound = False  # the ")" of a BOUND(?x) written as true is left out
    grouping = False  # in a GROUP BY list
    group_kept = 0  # its conditions kept
    group_dropped: tuple[int, str] | None = None  # where the first constant left out was, and it
    for kind, token in tokens(sparql, spacing=True):
        if kind in ("ws", "comment"):
            out.append(token)
            continue
        upper = token.upper()
        if close_bound and token == ")":
            close_bound = False
            previous = [*previous[-1:], upper]
            continue
        if kind == "word":
            if upper == "BOUND":
                bound_at = len(out)
            if upper == "SELECT":
                context, context_depth, select_braces = "select", depth, braces
            elif upper == "VALUES":
                context = "values"
            elif upper == "BY":
                context, context_depth = "by", depth
                grouping = previous[-1:] == ["GROUP"]
                group_kept, group_dropped = 0, None
            elif upper in _CLAUSE_END:
                context = None
        elif kind == "other":
            if token == "(":
                depth += 1
            elif token == ")":
                depth -= 1
            elif token in "{}":
                braces += 1 if token == "{" else -1
                if context != "values" or token == "}":
                    context = None
        if kind == "var" and token[1:] in written:
            term = written[token[1:]]
            if context == "values":
                raise InlineError(f"{token} is listed in a VALUES block")
            if previous[-1:] == ["AS"]:
                raise InlineError(f"{token} is assigned with AS")
            if previous[-2:] == ["BOUND", "("]:
                del out[bound_at:]
                out.append("true")
                depth -= 1  # the "(" written out with BOUND
                close_bound = True
                previous = [*previous[-1:], upper]
                continue
            if context == "select" and depth == context_depth:
                if select_braces:
                    # The outer query's (<v> AS ?x) would then bind ?x a second time.
                    raise InlineError(f"{token} is projected by a sub-select")
                out.append(f"({term} AS {token})")
            elif context == "by" and depth == context_depth and grouping:
                # Grouping by a constant groups nothing apart: left out (rdflib cannot evaluate
                # GROUP BY (<v>)), unless it is the only condition (see below).
                if group_dropped is None:
                    group_dropped = (len(out), term)
            elif context == "by" and depth == context_depth:
                out.append(f"({term})")
            else:
                out.append(term)
        else:
            if context == "by" and grouping and upper != "BY" and depth == context_depth + (token == "("):
                group_kept += 1
            out.append(token)
        if grouping and context != "by":
            _group_by_something(out, group_kept, group_dropped)
            grouping = False
        previous = [*previous[-1:], upper]
    if grouping:
        _group_by_something(out, group_kept, group_dropped)
    return "".join(out)


def _group_by_something(out: list[str], kept: int, dropped: tuple[int, str] | None) -> None:
    """A GROUP BY whose every condition was a constant keeps one, as an expression every engine
    evaluates: no GROUP BY at all would make one group of no solutions, GROUP BY none is no syntax."""
    if kept == 0 and dropped is not None:
        at, term = dropped
        out.insert(at, f"(STR({term}))")


def written_in(sparql: str, bindings: Mapping[str, Term]) -> tuple[str, Mapping[str, Term]]:
    """The query with the bound values written in as constants where they can be, else as it was.

    Oxigraph plans a query before it applies ``substitutions``, so a bound variable does not steer
    where a join starts, while a constant does; a server behind the protocol plans the same way
    with a ``VALUES`` block (docs/decisions/0013). Where a constant cannot stand
    (``VALUES``, ``AS ?x``, a sub-select's projection) or a value has no text (a blank node), the
    bindings are left over as they were, for the engine or a ``VALUES`` block.
    """
    try:
        return inline_bindings(sparql, bindings), {}
    except ValueError:  # InlineError, or a term without text
        return sparql, bindings
