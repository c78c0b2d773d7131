"""The named competency queries: ``.rq`` files in ``tbgraph/sparql`` with a small comment header.

Each file answers one question users ask. Its header gives the titles and the question in
Norwegian and English, a description, and its parameters::

    # param: agency (agency, required) -> ?agency_iri : The actor, by key or name.
    # kept: per agency

A parameter has a kind (agency, solution, assignment, role, date, text) that says how a typed value
is resolved to an RDF term (:mod:`tbgraph.questions.resolve`), and the variable it is bound to. Resolved
values are RDF terms (a text value becomes a literal, every quote escaped): on Oxigraph they are
written into the query as constants by :mod:`tbgraph.store.query_text` (its planner then starts from
them), on the other engines bound through the engine. Variables bound by parameters are projected (Oxigraph requires
it) but hidden from the answer's columns. ``kept: per NAME`` says that the question asked with its
parameter NAME left unbound answers it for every value at once, each row carrying its value in the
parameter's variable, so that the answers can be kept per value (:mod:`tbgraph.questions.kept`); a test
holds every such question to it.

Every question is also asked as of a day (``as_of``, bound to ``?as_of``): the state of the letters
with the changes their supplements make in effect on that day (:data:`AS_OF_VARIABLE`). Without it
the answer is the state after every loaded change. The ``.rq`` files test ``?as_of`` only inside
``COALESCE``, so an unbound ``?as_of`` means "every change".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from rdflib.namespace import XSD
from rdflib.term import BNode, Literal, Node, URIRef

from tbgraph.sparql import UnknownQueryError, query_folder
from tbgraph.store.base import SelectResult, Store

if TYPE_CHECKING:
    from tbgraph.questions.scope import Scope

__all__ = [
    "Parameter",
    "NamedQuery",
    "Table",
    "QueryParameterError",
    "UnknownQueryError",
    "named_queries",
    "get_query",
    "run_named",
    "bind_parameters",
    "bound_text",
    "term_to_json",
    "AS_OF_VARIABLE",
    "as_of_day",
]

_HEADER = re.compile(r"^#\s*(?P<key>[a-z@]+)\s*:\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[a-z][a-z0-9-]*)\s*\((?P<kind>[a-z]+)(?P<required>,\s*required)?\)\s*->\s*\?(?P<variable>\w+)\s*:\s*(?P<description>.*)$"
)
PARAMETER_KINDS = ("agency", "solution", "assignment", "role", "date", "text")
#: The variable every named query reads the day it is asked about from (unbound: after every change).
AS_OF_VARIABLE = "as_of"


class QueryParameterError(ValueError):
    """A parameter is missing, unknown or malformed; the message names it."""


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    required: bool
    variable: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title_nb: str
    title_en: str
    question_nb: str
    question_en: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str = field(repr=False)
    #: The parameter whose answers are kept one per value (``# kept: per NAME``), if any.
    kept_per: str | None = None

    @property
    def hidden(self) -> frozenset[str]:
        """Variables that carry parameters (or IRIs for linking) rather than answers."""
        return frozenset(p.variable for p in self.parameters)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(f"--{p.name}" for p in self.parameters) or "none"
        raise QueryParameterError(f"query {self.name!r} has no parameter --{name} (it takes: {known})")


@dataclass
class Table:
    """A query's answer as columns and rows of RDF terms (None where unbound)."""

    columns: list[str]
    rows: list[dict[str, Node | None]]

    def records(self, rows: list[dict[str, Node | None]] | None = None) -> list[dict[str, Any]]:
        """Rows (all, or the given ones: a page) as JSON-ready dicts, every column present (null when
        unbound)."""
        return [{c: term_to_json(row.get(c)) for c in self.columns} for row in (self.rows if rows is None else rows)]


def _parse(name: str, text: str) -> NamedQuery:
    header: dict[str, str] = {}
    parameters: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match["key"], match["value"].strip()
        if key == "param":
            param = _PARAM.match(value)
            if not param or param["kind"] not in PARAMETER_KINDS:
                raise ValueError(f"{name}.rq: malformed parameter line {value!r}")
            parameters.append(
                Parameter(
                    param["name"],
                    param["kind"],
                    bool(param["required"]),
                    param["variable"],
                    param["description"],
                )
            )
        else:
            header[key] = value
    kept_per = header.get("kept", "").removeprefix("per").strip() or None
    if kept_per is not None and not any(p.name == kept_per and p.required for p in parameters):
        raise ValueError(f"{name}.rq: 'kept: per {kept_per}' names no required parameter of the question")
    return NamedQuery(
        name=name,
        title_nb=header.get("title@nb", name),
        title_en=header.get("title@en", name),
        question_nb=header.get("question@nb", ""),
        question_en=header.get("question@en", ""),
        description=header.get("description", ""),
        parameters=tuple(parameters),
        text=text,
        kept_per=kept_per,
    )


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every public named query, by name."""
    folder = query_folder()
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return found


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name in queries:
        return queries[name]
    import difflib

    near = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(near)}?" if near else f"; known: {', '.join(queries)}"
    raise UnknownQueryError(f"no named query {name!r}{hint}")


def bind_parameters(
    store: Store, query: NamedQuery, values: Mapping[str, str | None], graphs: Sequence[str] | None = None
) -> dict[str, Node]:
    """Resolve typed parameter values to RDF terms (in ``graphs`` when scoped), keyed by their variable."""
    from tbgraph.questions.resolve import resolve

    bindings: dict[str, Node] = {}
    for name in values:
        query.parameter(name)  # raises for an unknown parameter
    for parameter in query.parameters:
        raw = values.get(parameter.name)
        if raw is None or raw == "":
            if parameter.required:
                raise QueryParameterError(f"query {query.name!r} needs --{parameter.name}: {parameter.description}")
            continue
        if parameter.kind == "date":
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                raise QueryParameterError(f"--{parameter.name} must be a date as YYYY-MM-DD, got {raw!r}") from None
            bindings[parameter.variable] = Literal(day.isoformat(), datatype=XSD.date)
        elif parameter.kind == "text":
            bindings[parameter.variable] = Literal(raw)
        else:
            bindings[parameter.variable] = resolve(store, parameter.kind, raw, graphs).iri
    return bindings


def as_of_day(raw: str | dt.date | None, name: str = "as-of") -> dt.date | None:
    """The day a question is asked about, from ``YYYY-MM-DD`` (None when not given); a
    :class:`QueryParameterError` naming the parameter ``name`` for anything else."""
    if raw is None or isinstance(raw, dt.date):
        return raw
    text = raw.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise QueryParameterError(f"{name} must be a day as YYYY-MM-DD (e.g. 2023-06-30), got {raw!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise QueryParameterError(f"{name} {text}: there is no such day in the calendar") from None


def run_named(
    store: Store,
    name: str,
    values: Mapping[str, str | None] | None = None,
    scope: Scope | None = None,
    as_of: dt.date | None = None,
) -> Table:
    """Answer a named query with typed parameter values (``{"agency": "nhn"}``).

    With a ``scope`` the query's default graph is the scope's letters and the shared graphs instead of
    the whole store: the same question about fewer letters, and as fast at 1,000 letters as at one.
    With ``as_of`` the question is about that day: changes made by supplements that take effect later
    are left out (without it every loaded change counts).
    """
    query = get_query(name)
    graphs = scope.graphs() if scope is not None else None
    bindings = bind_parameters(store, query, values or {}, graphs)
    if as_of is not None:
        bindings[AS_OF_VARIABLE] = Literal(as_of.isoformat(), datatype=XSD.date)
    text, bindings = bound_text(query, bindings, store.engine)
    result = store.query(text, bindings=bindings, default_graphs=graphs)
    assert isinstance(result, SelectResult), f"{name}.rq must be a SELECT query"
    columns = [v for v in result.variables if v not in query.hidden and v != AS_OF_VARIABLE]
    return Table(columns, [{c: row.get(c) for c in columns} for row in result.rows])


def bound_text(
    query: NamedQuery, bindings: Mapping[str, Node], engine: str = "oxigraph"
) -> tuple[str, dict[str, Node]]:
    """The query's text with the parameter values written in as constants, and what is left to bind.

    Oxigraph plans a query before it applies bindings, so a bound variable does not steer where a
    join starts, while a constant does (:mod:`tbgraph.store.query_text`, docs/decisions/0013). A
    value that cannot be written in (a blank node) or a query that uses a parameter where a constant
    cannot stand keeps the engine's bindings instead, and so does every other engine: rdflib cannot
    evaluate the ``GROUP BY (<iri>)`` a bound grouping variable becomes, and a remote store writes
    the values in itself (:mod:`tbgraph.store.remote`).
    """
    from tbgraph.store.query_text import written_in

    if engine != "oxigraph":
        return query.text, dict(bindings)
    text, left = written_in(query.text, bindings)
    return text, dict(left)


def term_to_json(term: Node | None) -> Any:
    """A JSON value for an RDF term: numbers and booleans as such, dates and IRIs as strings."""
    if term is None:
        return None
    if isinstance(term, (URIRef, BNode)):
        return str(term)
    if isinstance(term, Literal):
        if term.datatype in (XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger):
            return int(term)
        if term.datatype == XSD.decimal:
            value = Decimal(str(term))
            return int(value) if value == value.to_integral_value() else float(value)
        if term.datatype in (XSD.double, XSD.float):
            return float(term)
        if term.datatype == XSD.boolean:
            return str(term).lower() in ("true", "1")
        return str(term)
    return str(term)
