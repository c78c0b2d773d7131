"""The Python API for notebooks: open the letters, ask the named questions, get rows, tables and graphs.

The command line and the server answer from the same pieces this module puts together: the data is
opened by :func:`tbgraph.dataset.opening.open_dataset` (the shipped letters, a data root, a persistent store
or a SPARQL server), a question is a named query (:mod:`tbgraph.questions.named`) whose parameters are
resolved as ``tbgraph ask`` resolves them (``agency="nhn"`` or ``"Norsk helsenett SF"``), and the
graphs are those of ``tbgraph graph`` (:mod:`tbgraph.graphs.build`). What this module adds is the
shape a notebook wants: keyword parameters, rows of plain Python values, a pandas DataFrame on
request, and errors that name the nearest match instead of a traceback into the engine.

>>> import tbgraph
>>> letters = tbgraph.open()
>>> answer = letters.ask("assignments-involving", agency="Norsk helsenett SF")
>>> [(row["id"], row["role"]) for row in answer]
[('TB2023-01', 'providing-input'), ('TB2023-03', 'lead'), ('TB2023-07', 'lead'), ('TB2023-10', 'collaborating')]

(The 2023 letter to Direktoratet for e-helse, data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt:
TB2023-01 rests on "innføringsplaner … utarbeidet av Norsk helsenett SF", lines 366-368; TB2023-03
"Direktoratet skal bistå Norsk helsenett SF i arbeidet med å evaluere og justere prismodellene",
lines 390-392; TB2023-07's part "Standardisert språk i kjernejournal", lines 520-524; TB2023-10 "i
samarbeid med Statens legemiddelverk, Norsk helsenett SF, …", lines 567-569.)

Heavy libraries (networkx, pySHACL, pandas) are imported only by the methods that need them, so
``import tbgraph`` and :func:`open` stay as quick as the command line's start.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import keyword
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Union

from rdflib.namespace import XSD
from rdflib.term import BNode, Literal, Node, URIRef

from tbgraph.dataset.loader import LETTER_GRAPH_PREFIX, REFERENCE_GRAPH, SourceFile, default_sources
from tbgraph.dataset.opening import OpenDataset, open_dataset
from tbgraph.questions.named import NamedQuery, QueryParameterError, Table, get_query, named_queries
from tbgraph.questions.resolve import UnknownValueError
from tbgraph.questions.scope import UnknownScopeError
from tbgraph.sparql import UnknownQueryError
from tbgraph.store.base import SelectResult, Store
from tbgraph.store.engines import ENGINES

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped,unused-ignore]
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    from rdflib import Dataset, Graph

    from tbgraph.validation.report import ValidationReport

__all__ = [
    "open",
    "validate",
    "Letters",
    "Answer",
    "Question",
    "QuestionParameter",
    "Value",
    "DataChoiceError",
    "ParameterValueError",
    "QueryParameterError",
    "UnknownQueryError",
    "UnknownScopeError",
    "UnknownValueError",
    "open_data",
    "PYTHON_NAMES",
    "Spelling",
    "PYTHON_SPELLING",
    "as_day",
    "question_values",
]

#: A value in an answer's rows: what the RDF term is in Python (an IRI is its text; unbound is None).
Value = Union[str, int, float, Decimal, bool, dt.date, dt.datetime, None]  # noqa: UP007 - a runtime alias

#: Parameters every question takes besides its own: which letters, and as of which day.
SCOPE_PARAMETERS = ("recipient", "year", "as_of")

#: How the options that choose the data are named in messages, by the caller: Python keywords here,
#: ``--data-root`` and the like on the command line (:data:`tbgraph.cli.commands._common.CLI_NAMES`).
PYTHON_NAMES = {"data_root": "data_root=", "store": "store=", "store_url": "store_url=", "engine": "engine="}


class ParameterValueError(QueryParameterError):
    """A question's parameter is unknown, missing or wrong; ``parameter`` is the question's own name
    for it (``from``), for callers that point at the field (the server's 422 answers)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


class DataChoiceError(ValueError):
    """The options that choose the data contradict each other or name no data; the message says which."""


# ------------------------------------------------------------------------------------------------
# Opening the data
# ------------------------------------------------------------------------------------------------


def open_data(
    data_root: str | os.PathLike[str] | None = None,
    *,
    store: str | os.PathLike[str] | None = None,
    store_url: str | None = None,
    engine: str | None = None,
    names: Mapping[str, str] = PYTHON_NAMES,
) -> OpenDataset:
    """The dataset these options name, as the command line and :func:`open` choose it.

    Unset options fall back to ``$TBGRAPH_DATA_ROOT``, ``$TBGRAPH_STORE`` and ``$TBGRAPH_STORE_URL``;
    the engine is Oxigraph, or ``remote`` when a server's address is given. :class:`DataChoiceError`
    names a wrong option by ``names`` (the caller's spelling of it); a server that cannot be reached
    raises :class:`tbgraph.store.base.StoreUnavailableError`.
    """
    store_url = store_url or os.environ.get("TBGRAPH_STORE_URL") or None
    chosen = engine or ("remote" if store_url else "oxigraph")
    if chosen not in ENGINES:
        near = difflib.get_close_matches(chosen, ENGINES, n=1)
        hint = f"did you mean {near[0]}? " if near else ""
        raise DataChoiceError(f"{names['engine']}{chosen}: no such engine; {hint}choose one of {', '.join(ENGINES)}")
    if chosen == "remote" and store_url is None:
        raise DataChoiceError(
            f"{names['engine']}remote needs the server's address: {names['store_url']}URL or $TBGRAPH_STORE_URL"
        )
    env_root = os.environ.get("TBGRAPH_DATA_ROOT")
    root = Path(data_root) if data_root is not None else (Path(env_root) if env_root else None)
    if root is not None and not (root / "ontology").is_dir():
        where = "no such folder" if not root.exists() else "no ontology/ folder there"
        raise DataChoiceError(
            f"{names['data_root']}{root}: {where}; it must hold ontology/, shapes/ and data/ "
            "(tbgraph synthesize writes one)"
        )
    return open_dataset(
        engine=chosen,
        store_path=Path(store) if store is not None else None,
        store_url=store_url if chosen == "remote" else None,
        sources=default_sources(root=root) if root is not None else None,
    )


def open(  # noqa: A001 - tbgraph.open, as sqlite3.connect or pyoxigraph.Store: the verb a notebook expects
    data_root: str | os.PathLike[str] | None = None,
    *,
    store: str | os.PathLike[str] | None = None,
    store_url: str | None = None,
    engine: str | None = None,
) -> Letters:
    """The letters to ask: the shipped data, or a data root, a persistent store or a SPARQL server.

    ``data_root`` is a folder with ``ontology/``, ``shapes/`` and ``data/`` (``tbgraph synthesize``
    writes one); ``store`` an Oxigraph folder kept between sessions, loaded again only when the files
    changed; ``store_url`` a SPARQL 1.1 server (engine ``remote``); ``engine`` ``oxigraph`` (the
    default), ``rdflib`` (the slower reference engine) or ``remote``.

    >>> letters = open()
    >>> letters.recipients()
    [('ehelse', 2023)]
    >>> open("no/such/folder")
    Traceback (most recent call last):
    tbgraph.notebook.DataChoiceError: data_root=no/such/folder: no such folder; it must hold ontology/,
    shapes/ and data/ (tbgraph synthesize writes one)
    """
    root = Path(data_root) if data_root is not None else None
    dataset = open_data(root, store=store, store_url=store_url, engine=engine)
    env_root = os.environ.get("TBGRAPH_DATA_ROOT")
    return Letters(dataset, root if root is not None else (Path(env_root) if env_root else None))


# ------------------------------------------------------------------------------------------------
# Answers
# ------------------------------------------------------------------------------------------------

_INTEGERS = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.negativeInteger,
    XSD.nonPositiveInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}


def plain(term: Node | None) -> Value:
    """The Python value of an RDF term: ``xsd:integer`` and ``xsd:gYear`` as int, ``xsd:decimal`` as
    Decimal (amounts stay exact), ``xsd:double`` as float, ``xsd:boolean`` as bool, ``xsd:date`` as a
    date, ``xsd:dateTime`` as a datetime, an IRI and any other literal as its text.

    >>> plain(Literal("2023-06-15", datatype=XSD.date))
    datetime.date(2023, 6, 15)
    >>> plain(Literal("15.1", datatype=XSD.decimal))
    Decimal('15.1')
    """
    if term is None:
        return None
    if not isinstance(term, Literal):
        return str(term) if isinstance(term, URIRef | BNode) else str(term)
    text, datatype = str(term), term.datatype
    try:
        if datatype in _INTEGERS or datatype == XSD.gYear:
            return int(text)
        if datatype == XSD.decimal:
            return Decimal(text)
        if datatype in (XSD.double, XSD.float):
            return float(text)
        if datatype == XSD.boolean:
            return text.strip().lower() in ("true", "1")
        if datatype == XSD.date:
            return dt.date.fromisoformat(text)
        if datatype == XSD.dateTime:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, InvalidOperation):
        return text  # an ill-typed literal is shown as written
    return text


@dataclass(frozen=True)
class Answer:
    """The rows a question or a SELECT query answers, each a dict from column to plain value.

    An answer is a sequence of its rows (``len``, iteration, indexing); :meth:`to_pandas` makes it a
    DataFrame. Columns holding IRIs (``assignment``, ``item``) are kept, for joining answers.
    """

    columns: list[str]
    rows: list[dict[str, Value]]
    #: The question answered (None for :meth:`Letters.query`).
    question: str | None = None

    @classmethod
    def from_table(cls, table: Table, question: str | None = None) -> Answer:
        """An answer from a named query's :class:`~tbgraph.questions.named.Table` of RDF terms."""
        return cls(list(table.columns), [{c: plain(row.get(c)) for c in table.columns} for row in table.rows], question)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> dict[str, Value]:
        return self.rows[index]

    def column(self, name: str) -> list[Value]:
        """The values of one column, row by row.

        >>> open().ask("assignments-involving", agency="nhn").column("id")
        ['TB2023-01', 'TB2023-03', 'TB2023-07', 'TB2023-10']
        """
        if name not in self.columns:
            raise KeyError(_no_such("column", name, self.columns))
        return [row[name] for row in self.rows]

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame with the answer's columns (pandas is the ``notebook`` extra).

        Each column gets the narrowest pandas type that holds its values exactly: whole numbers as
        ``Int64`` (missing values stay missing, nothing becomes a float), text as ``string``, yes/no as
        ``boolean``; dates stay ``datetime.date`` and decimals ``Decimal`` (``pd.to_datetime`` or
        ``.astype(float)`` convert a column where wanted).

        >>> frame = open().ask("budget").to_pandas()
        >>> chapters = frame[frame.level == "chapter"]
        >>> dict(zip(chapters.chapter, chapters.amount_nok.tolist()))
        {'701': 91147000, '744': 391621000, '3701': 4653000}

        (In thousands of kroner in the letter: "Sum kap. 744 391 621", line 22; "Sum kap. 701 91 147",
        line 63; "Sum kap. 3701 4 653", line 130.)
        """
        try:
            import pandas as pd  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            raise ImportError(
                "Answer.to_pandas() needs pandas, which tbgraph installs as an extra: pip install tbgraph[notebook]"
            ) from None
        return pd.DataFrame(self.rows, columns=self.columns, dtype=object).convert_dtypes()

    def __repr__(self) -> str:
        what = f"{self.question!r}: " if self.question else ""
        return f"<Answer {what}{len(self.rows)} rows × {len(self.columns)} columns {self.columns}>"


# ------------------------------------------------------------------------------------------------
# Questions
# ------------------------------------------------------------------------------------------------


def python_name(name: str) -> str:
    """A question parameter's keyword in Python: hyphens become underscores and a Python keyword
    gets a trailing underscore (``from`` → ``from_``)."""
    name = name.replace("-", "_")
    return f"{name}_" if keyword.iskeyword(name) else name


@dataclass(frozen=True)
class QuestionParameter:
    """A parameter of a named question, by its Python keyword (``agency``, ``from_``)."""

    name: str
    kind: str  # agency, solution, assignment, role, date or text
    required: bool
    description: str


@dataclass(frozen=True)
class Question:
    """A named question: what :meth:`Letters.ask` takes by name."""

    name: str
    title: str
    title_nb: str
    question: str
    question_nb: str
    description: str
    parameters: tuple[QuestionParameter, ...] = field(default=())

    @classmethod
    def from_query(cls, query: NamedQuery) -> Question:
        return cls(
            name=query.name,
            title=query.title_en,
            title_nb=query.title_nb,
            question=query.question_en,
            question_nb=query.question_nb,
            description=query.description,
            parameters=tuple(
                QuestionParameter(python_name(p.name), p.kind, p.required, p.description) for p in query.parameters
            ),
        )

    def __str__(self) -> str:
        params = ", ".join(p.name if p.required else f"[{p.name}]" for p in self.parameters)
        return f"{self.name}({params}): {self.question}"


def _no_such(what: str, name: str, known: Iterable[str]) -> str:
    options = list(known)
    near = difflib.get_close_matches(name, options, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(near)}? " if near else ""
    return f"no {what} {name!r}; {hint}known: {', '.join(options) or 'none'}"


@dataclass(frozen=True)
class Spelling:
    """How messages name a question's parameters: as Python keywords (``from_='2023-06-31'``) or as
    the command line's options (``--from 2023-06-31``), so both say the same thing in their words."""

    option: Callable[[str], str]  # a parameter: "from_" or "--from"
    given: Callable[[str, object], str]  # a parameter with the value given: "from_='…'" or "--from …"
    required: Callable[[str], str]  # how to give it: "from_=…" or "--from"


#: Parameters named as :meth:`Letters.ask` takes them.
PYTHON_SPELLING = Spelling(
    option=python_name,
    given=lambda name, value: f"{python_name(name)}={value!r}",
    required=lambda name: f"{python_name(name)}=…",
)

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def as_day(name: str, value: object, spelling: Spelling = PYTHON_SPELLING) -> dt.date:
    """A day given as ``datetime.date`` or ``YYYY-MM-DD``; a :class:`QueryParameterError` naming the
    parameter says otherwise, and which part is wrong for a day that does not exist (2023-06-31):
    the format was right."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _ISO_DAY.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ParameterValueError(
            name, f"{spelling.option(name)} must be a date as YYYY-MM-DD (e.g. 2023-06-30), got {value!r}"
        )
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ParameterValueError(
            name, f"{spelling.given(name, value)}: there is no month {month:02d}; months run from 01 to 12"
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ParameterValueError(
            name,
            f"{spelling.given(name, value)}: {calendar.month_name[month]} {year} has no day {day:02d}; "
            f"it has {last} days ({year}-{month:02d}-01 to {year}-{month:02d}-{last})",
        )
    return dt.date(year, month, day)


def question_values(
    query: NamedQuery, params: Mapping[str, object], spelling: Spelling = PYTHON_SPELLING
) -> dict[str, str | None]:
    """Parameters as the named query takes them (``from_`` → ``from``, dates as YYYY-MM-DD), checked:
    an unknown keyword names the nearest known one, a missing required one says what it is, a date
    that does not exist says which part is wrong, and ``from`` after ``to`` is refused (it would
    answer nothing without a word). Messages name the parameters by ``spelling``."""
    by_keyword = {python_name(p.name): p for p in query.parameters} | {p.name: p for p in query.parameters}
    values: dict[str, str | None] = {}
    days: dict[str, dt.date] = {}
    for key, value in params.items():
        parameter = by_keyword.get(key)
        if parameter is None:
            known = [spelling.option(p.name) for p in query.parameters]
            known += [spelling.option(p) for p in SCOPE_PARAMETERS]
            raise ParameterValueError(
                key, f"question {query.name!r} has {_no_such('parameter', spelling.option(key), known)}"
            )
        if value is None:
            continue
        if parameter.kind == "date":
            days[parameter.name] = as_day(parameter.name, value, spelling)
            values[parameter.name] = days[parameter.name].isoformat()
        elif isinstance(value, str):
            values[parameter.name] = value.strip()
        elif isinstance(value, int) and not isinstance(value, bool) and parameter.kind == "text":
            values[parameter.name] = str(value)
        else:
            raise ParameterValueError(
                parameter.name,
                f"{spelling.option(parameter.name)} must be text ({parameter.kind}: {parameter.description}), "
                f"got {value!r}",
            )
    for parameter in query.parameters:
        if parameter.required and not values.get(parameter.name):
            raise ParameterValueError(
                parameter.name,
                f"question {query.name!r} needs {spelling.required(parameter.name)}: {parameter.description}",
            )
    if "from" in days and "to" in days and days["from"] > days["to"]:
        start, end = (spelling.given(name, days[name].isoformat()) for name in ("from", "to"))
        raise ParameterValueError(
            "from", f"{start} is after {end}: no day is in that range; did you mean to swap them?"
        )
    return values


# ------------------------------------------------------------------------------------------------
# The letters
# ------------------------------------------------------------------------------------------------


class Letters:
    """The letters opened by :func:`open`: ask them questions, query them, draw their graphs.

    >>> letters = open()
    >>> answer = letters.ask("deadlines", from_="2023-06-01", to="2023-06-30")
    >>> [(row["date"].isoformat(), row["id"]) for row in answer]
    [('2023-06-01', 'TB2023-04'), ('2023-06-01', 'TB2023-09'), ('2023-06-01', 'TB2023-23'), ('2023-06-15', 'TB2023-05')]

    (TB2023-05's final report is due "Frist: 15. juni", line 454 of the letter; TB2023-04's
    indicators "Frist 1. juni", line 436; TB2023-09's recommendation "Frist: Innen 1. juni", line 557.)
    """

    def __init__(self, dataset: OpenDataset, data_root: Path | None = None) -> None:
        self.dataset = dataset
        #: The data root the letters were read from (None: the shipped data).
        self.data_root = data_root

    @property
    def store(self) -> Store:
        """The store the letters are in, for :mod:`tbgraph`'s lower-level functions."""
        return self.dataset.store

    @property
    def triples(self) -> int:
        """How many triples the dataset holds (ontology, shapes and metadata included)."""
        return self.dataset.report.triples

    def recipients(self) -> list[tuple[str, int]]:
        """The letters loaded, as (recipient key, budget year): what ``recipient`` and ``year`` scope to."""
        from tbgraph.questions.scope import letters_in

        return sorted({(key, int(year)) for key, year, _graph in letters_in(self.store)})

    def questions(self) -> list[Question]:
        """The named questions, with their titles and parameters.

        >>> [str(q) for q in open().questions() if q.name == "deadlines"]
        ['deadlines([from_], [to]): What is due in June?']
        """
        return [Question.from_query(query) for query in named_queries().values()]

    def ask(
        self,
        name: str,
        /,
        *,
        recipient: str | None = None,
        year: int | str | None = None,
        as_of: dt.date | str | None = None,
        **params: object,
    ) -> Answer:
        """Answer the named question ``name`` (see :meth:`questions`) with keyword parameters.

        Actors are given by key or name (``agency="nhn"``, ``agency="Norsk helsenett SF"``),
        assignments by ID (``assignment="TB2023-15"``), dates as ``datetime.date`` or ``"YYYY-MM-DD"``
        (``from`` is ``from_``). ``recipient`` and ``year`` ask the question of those letters only;
        ``as_of`` asks about the letters as their supplements left them on that day.

        Raises :class:`UnknownQueryError`, :class:`QueryParameterError`, :class:`UnknownValueError`
        or :class:`UnknownScopeError`, each naming the nearest matches.

        >>> letters = open()
        >>> len(letters.ask("assignments-involving", agency="nhn", role="lead", recipient="ehelse", year=2023))
        2
        >>> letters.ask("assignments-involving", agency="nhnn")
        Traceback (most recent call last):
        tbgraph.questions.resolve.UnknownValueError: unknown agency 'nhnn'; did you mean nhn (Norsk helsenett SF)...?
        >>> letters.ask("assignment-involving", agency="nhn")
        Traceback (most recent call last):
        tbgraph.sparql.UnknownQueryError: no named query 'assignment-involving';
        did you mean assignments-involving, assignments?
        """
        from tbgraph.questions.named import run_named
        from tbgraph.questions.scope import letter_scope

        query = get_query(name)
        values = question_values(query, params)
        day = as_day("as_of", as_of) if as_of is not None else None
        scope = letter_scope(self.store, recipient, year)
        return Answer.from_table(run_named(self.store, name, values, scope, day), question=name)

    def query(self, sparql: str) -> Answer:
        """Run a SPARQL 1.1 SELECT query over every graph; read-only, checked as the server checks it.

        SPARQL Update, ``SERVICE`` and other query forms are refused with
        :class:`tbgraph.sandbox.check.Refused`; a prefix used but not declared is named with its
        declaration. Without ``GRAPH`` the query sees all the letters' graphs merged. It runs here, in
        this process, without the server's time limit and row cap: a notebook's own data.

        >>> answer = open().query('''
        ...     PREFIX tb: <https://w3id.org/tbgraph/ontology#>
        ...     SELECT (COUNT(?a) AS ?assignments) WHERE { ?a a tb:Assignment }''')
        >>> answer.rows
        [{'assignments': 26}]
        >>> open().query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        Traceback (most recent call last):
        tbgraph.sandbox.check.Refused: queries here are read-only: INSERT DATA is SPARQL Update, ...
        """
        from tbgraph.model.prefixes import PREFIXES
        from tbgraph.sandbox.check import Refused, check

        info = check(sparql, known_prefixes=PREFIXES)
        if info.form != "SELECT":
            raise Refused(
                "form",
                f"Letters.query runs SELECT queries, and this is {info.form}: ask it as a SELECT "
                f"(or run it with Letters.store.query)",
            )
        known = set(self.store.graphs())
        for graph in (*info.from_graphs, *info.from_named):
            if graph not in known:
                raise Refused("graph", f"FROM <{graph}>: {_no_such('graph', graph, sorted(known))}")
        result = self.store.query(sparql)
        assert isinstance(result, SelectResult)
        return Answer(list(result.variables), [{v: plain(row.get(v)) for v in result.variables} for row in result.rows])

    def collaboration_graph(
        self,
        *,
        goal: str | None = None,
        role: str | None = None,
        solution: str | None = None,
        include_owner: bool = True,
    ) -> nx.Graph:
        """Who works with whom: actors as nodes (``org/nhn``), an edge where two share an assignment.

        Edges carry ``weight`` (shared assignments), ``assignments`` (their IDs) and ``roles``; the
        filters are those of ``tbgraph graph collaboration`` (:class:`tbgraph.graphs.Filters`).

        >>> graph = open().collaboration_graph()
        >>> graph.edges["org/nhn", "org/ehelse"]["assignments"]
        ['TB2023-01', 'TB2023-03', 'TB2023-07', 'TB2023-10']
        """
        from tbgraph.graphs.build import Filters, collaboration_graph

        filters = Filters(goal=goal, role=role, solution=solution, include_owner=include_owner)
        return collaboration_graph(self.store, filters)

    def dependency_graph(
        self, *, goal: str | None = None, role: str | None = None, solution: str | None = None
    ) -> nx.DiGraph:
        """What hangs on what: an edge from each prerequisite to what waits for it (``tbgraph graph
        dependencies``), so a topological order is an order of work.

        >>> graph = open().dependency_graph()
        >>> for node in sorted(graph.predecessors("assignment/ehelse/TB2023-15")):
        ...     print(graph.nodes[node]["kind"], "|", graph.nodes[node]["by"] or "-")
        decision | -
        external-deliverable | Helse Sør-Øst RHF
        external-deliverable | Helse Midt-Norge RHF
        external-deliverable | Helse Vest RHF
        external-deliverable | De regionale helseforetakene
        document | -

        (TB2023-15, lines 695-738 of the letter: "Følge opp styringsdokumentet for steg 1 iht. vedtatt
        plan", line 699; "evalueringen fra utprøvningen av pasientens legemiddelliste i Helse Vest RHF
        og Bergen kommune, og erfaringer med regional legemiddelliste i Helseplattformen", lines
        706-710; "erfaringer fra utprøvningen av dokumentdeling via Nasjonal kjernejournal i Helse
        Sør-Øst RHF … jf. Felles plan fra de regionale helseforetakene for 2022", lines 732-738.)
        """
        from tbgraph.graphs.build import Filters, dependency_graph

        return dependency_graph(self.store, Filters(goal=goal, role=role, solution=solution))

    def sources(self) -> list[SourceFile]:
        """The files the letters were loaded from, in load order."""
        return list(self.dataset.sources)

    def validate(self) -> ValidationReport:
        """The SHACL verdict on the reference data and the letters, as ``tbgraph validate`` gives it
        (the shapes and ontology of the data root, if one was opened).

        >>> report = open().validate()
        >>> report.conforms, len(report.violations())
        (True, 0)
        """
        from tbgraph.validation.shacl import load_ontology, load_shapes, validate_read
        from tbgraph.validation.split import default_processes

        data = [s.path for s in self.dataset.sources if _is_data(s)]
        root = self.data_root

        def read() -> tuple[Graph, Graph, Graph]:
            return (
                _read_graph(data),
                load_shapes(root / "shapes" if root is not None else None),
                load_ontology(root / "ontology" if root is not None else None),
            )

        return validate_read(read, processes=default_processes())

    def __repr__(self) -> str:
        loaded = self.recipients()
        letters = ", ".join(f"{key}/{year}" for key, year in loaded[:6])
        more = "…" if len(loaded) > 6 else ""
        return f"<Letters {letters}{more}: {self.triples:,} triples>"


def _is_data(source: SourceFile) -> bool:
    return source.graph == REFERENCE_GRAPH or source.graph.startswith(LETTER_GRAPH_PREFIX)


def _read_graph(paths: Sequence[Path]) -> Graph:
    import rdflib

    from tbgraph.model.rdfio import parse_graph

    graph = rdflib.Graph()
    for path in paths:
        parse_graph(path, into=graph)
    return graph


def validate(data: str | os.PathLike[str] | Graph | Dataset, *, with_reference: bool = True) -> ValidationReport:
    """Validate an RDF file (Turtle, N-Triples, JSON-LD, RDF/XML) or an rdflib graph against the
    SHACL shapes, as ``tbgraph validate FILE`` does.

    With ``with_reference`` (the default) the shipped reference data (organisations, solutions,
    legal sources) is added, since letters point into it. A file that does not parse raises
    :class:`tbgraph.model.rdfio.RdfSyntaxError` naming its line. The data is never modified.

    A letter whose TB2023-15 (line 695 of the letter) has lost its owner:

    >>> from rdflib import Graph, URIRef
    >>> from tbgraph.model.namespaces import TB
    >>> from tbgraph.model.resources import data_dir
    >>> letter = Graph().parse(data_dir() / "letters" / "2023-hod-ehelse.ttl")
    >>> letter.remove((URIRef("https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-15"), TB.involvement, None))
    <Graph ...>
    >>> report = validate(letter)
    >>> report.conforms
    False
    >>> print(report.violations()[0].message)
    The assignment must have exactly one involvement (tb:involvement) with the role owner
    (tbrole:owner); it has none or several.
    """
    import rdflib

    from tbgraph.model.rdfio import parse_graph
    from tbgraph.validation.shacl import validate as shacl_validate
    from tbgraph.validation.split import default_processes

    graph = rdflib.Graph()
    if isinstance(data, rdflib.Dataset):  # every named graph's triples, together
        for s, p, o, _graph in data.quads((None, None, None, None)):
            graph.add((s, p, o))
    elif isinstance(data, rdflib.Graph):
        for triple in data:
            graph.add(triple)
    else:
        path = Path(data)
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
        parse_graph(path, into=graph)
    if not with_reference:
        return shacl_validate(graph, processes=default_processes())
    from tbgraph.validation.neighbourhood import neighbourhood

    theirs = set(graph.subjects())
    shipped = rdflib.Graph()
    for source in default_sources(include_shapes=False, include_loaded=False):
        if source.graph == REFERENCE_GRAPH:
            parse_graph(source.path, into=shipped)
    # With the reference data the given data points into; findings about the given data and every
    # violation (the reference data's own are counted in report.left_out), as `tbgraph validate FILE`.
    graph += neighbourhood(graph, shipped)
    return shacl_validate(graph, processes=default_processes()).about(theirs)
