"""``/api/ask``: the named competency questions, the same answers as ``tbgraph ask``."""

from __future__ import annotations

import difflib
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from tbgraph.api.deps import AnswersDep
from tbgraph.api.errors import InvalidParameter, NotFound
from tbgraph.api.models import AskAnswer, ErrorBody, IsoDate, NamedQueryInfo, QueryParameterInfo, Text
from tbgraph.api.paging import Limit, Offset, page
from tbgraph.notebook import ParameterValueError, Spelling, question_values
from tbgraph.questions.named import NamedQuery, QueryParameterError, get_query, named_queries
from tbgraph.questions.resolve import UnknownValueError
from tbgraph.questions.scope import UnknownScopeError
from tbgraph.sparql import UnknownQueryError

__all__ = ["router", "AsOf"]

router = APIRouter(prefix="/api/ask", tags=["questions"])

#: Query-string names that scope any question to some letters (see tbgraph.questions.scope).
SCOPE_PARAMETERS = ("recipient", "year")

#: Query-string names that page any answer (tbgraph.api.paging).
PAGE_PARAMETERS = ("limit", "offset")

#: Messages name a question's parameters as the query string does (from=2023-06-31).
QUERY_SPELLING = Spelling(option=str, given=lambda name, value: f"{name}={value}", required=str)

#: The query-string name of the day a question is asked about (tbgraph.questions.named.run_named).
AS_OF_PARAMETER = "as_of"

#: ``?as_of=YYYY-MM-DD`` on every answer: the letters as their supplements left them on that day.
AsOf = Annotated[
    IsoDate | None,
    Query(
        description="The state on this day (YYYY-MM-DD): only the changes supplements make that are in effect "
        "then (default: after every loaded change).",
    ),
]


def _text(description: str) -> object:
    return Query(description=description)


def _info(query: NamedQuery) -> NamedQueryInfo:
    return NamedQueryInfo(
        name=query.name,
        title=Text(nb=query.title_nb, en=query.title_en),
        question=Text(nb=query.question_nb, en=query.question_en),
        description=query.description,
        parameters=[
            QueryParameterInfo(name=p.name, kind=p.kind, required=p.required, description=p.description)
            for p in query.parameters
        ],
        sparql=query.text,
    )


@router.get("", response_model=list[NamedQueryInfo], summary="The named questions")
def list_questions() -> list[NamedQueryInfo]:
    """Each question's name, titles, wording, parameters and SPARQL text."""
    return [_info(q) for q in named_queries().values()]


@router.get(
    "/{name}",
    response_model=AskAnswer,
    responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
    summary="Answer a named question",
)
def ask(
    name: Annotated[str, Path(description="The question, e.g. assignments-involving.")],
    request: Request,
    response: Response,
    answers: AnswersDep,
    limit: Limit = None,
    offset: Offset = 0,
    # Declared so that /docs can send them; every value is read from the query string below, and a
    # parameter the question does not take is refused there by name.
    agency: Annotated[str | None, _text("For questions about an actor: its key (nhn) or name.")] = None,
    role: Annotated[str | None, _text("For questions with a role filter: owner, lead, collaborating, …")] = None,
    assignment: Annotated[str | None, _text("For questions about an assignment: its ID (TB2023-15).")] = None,
    solution: Annotated[str | None, _text("For questions about a solution: its key or name.")] = None,
    start: Annotated[str | None, Query(alias="from", description="For deadlines: on or after (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, Query(alias="to", description="For deadlines: on or before (YYYY-MM-DD).")] = None,
    recipient: Annotated[
        str | None, _text("Ask the question of the letters to this agency only (key or name).")
    ] = None,
    year: Annotated[str | None, _text("Ask the question of the letters for this budget year only (YYYY).")] = None,
    as_of: AsOf = None,
) -> AskAnswer:
    """Parameters go in the query string by their names (``?agency=nhn&role=lead``); the rows are those
    ``tbgraph ask NAME --format json`` prints. Every question also takes ``recipient`` (an agency key
    or name) and ``year`` (YYYY), which ask it of those letters only instead of every letter loaded,
    ``as_of`` (YYYY-MM-DD), which asks about the letters as their supplements left them on that day
    (default: after every loaded change), and ``limit``/``offset``, which page the rows
    (``X-Total-Count`` and a ``Link`` header with the ``next`` and ``prev`` pages, RFC 8288)."""
    try:
        query = get_query(name)
    except UnknownQueryError as error:
        near = difflib.get_close_matches(name, list(named_queries()), n=3, cutoff=0.4)
        raise NotFound(str(error), near=[{"key": n, "href": f"api/ask/{n}"} for n in near]) from None
    values: dict[str, str | None] = {}
    for key, value in request.query_params.multi_items():
        if key in PAGE_PARAMETERS:
            continue
        if key in values:
            raise InvalidParameter(f"{key} is given twice", field=("query", key))
        values[key] = value
    scope_values = {key: values.pop(key) for key in SCOPE_PARAMETERS if key in values}
    values.pop(AS_OF_PARAMETER, None)  # validated by FastAPI as a date (as_of above)
    known = {p.name: p for p in query.parameters}
    for key in values:
        if key not in known:
            takes = ", ".join([*known, *SCOPE_PARAMETERS, AS_OF_PARAMETER, *PAGE_PARAMETERS])
            raise InvalidParameter(
                f"question {name!r} has no parameter {key!r} (it takes: {takes})",
                field=("query", key),
            )
    try:  # checked as tbgraph.open(...).ask checks them: a day that does not exist, from after to
        values = dict(question_values(query, values, QUERY_SPELLING))
    except ParameterValueError as error:
        raise InvalidParameter(str(error), field=("query", error.parameter)) from None
    for key, parameter in known.items():
        if parameter.required and not values.get(key):
            raise InvalidParameter(f"question {name!r} needs {key}: {parameter.description}", field=("query", key))
        if values.get(key) and parameter.kind in ("agency", "solution", "assignment", "role"):
            answers.find(parameter.kind, values[key] or "", field=key)
    try:
        scope = answers.scope(scope_values.get("recipient"), scope_values.get("year"))
    except UnknownScopeError as error:
        field = "year" if str(error).startswith("year") or "recipient" not in scope_values else "recipient"
        raise InvalidParameter(str(error), field=("query", field)) from None
    kept = answers.kept_answer(name, values, scope, as_of)
    if kept is not None:  # read from disk, only the chunks the page covers (tbgraph.questions.kept)
        span = page(range(len(kept)), request, response, limit, offset)
        first = span[0] if span else 0
        return AskAnswer(name=name, columns=kept.columns, rows=kept.records(first, first + len(span)))
    try:
        table = answers.named(name, values, scope, as_of)
    except QueryParameterError as error:
        field = next((k for k in known if f"--{k}" in str(error)), name)
        raise InvalidParameter(str(error).replace("--", ""), field=("query", field)) from None
    except UnknownValueError as error:  # pragma: no cover - find() above catches these first
        raise InvalidParameter(str(error), field=("query", error.kind)) from None
    # The page first, then JSON: a 26,038-row answer (1,000 letters) is converted 100 rows at a time.
    rows = page(table.rows, request, response, limit, offset)
    return AskAnswer(name=name, columns=table.columns, rows=table.records(rows))
