"""The site's pages to read: the front page, the search, the list pages and the language switch.

Each list page is server-rendered HTML that works without JavaScript; its filters are query
parameters (the same as ``/api/assignments``), so a view can be shared as a link, and
``?format=csv`` or ``?format=xlsx`` downloads the same rows. A filter value that names nothing is
answered on the page (422) with the nearest matches, never a stack trace.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tbgraph.api.errors import ApiError
from tbgraph.questions.named import named_queries
from tbgraph.web.days import BadDay, requested_day
from tbgraph.web.export import FORMATS, Table, download
from tbgraph.web.history import amount_text, changes
from tbgraph.web.i18n import COOKIE, LANGUAGES, language, translations
from tbgraph.web.search import build_index
from tbgraph.web.site import Site, site
from tbgraph.web.templating import month_name, site_base, site_templates, vocabulary

__all__ = ["router", "QUESTION_PAGES"]

router = APIRouter(include_in_schema=False)

CANONICAL = "https://w3id.org/tbgraph/"

#: The longest search text read (a name or a title is far shorter; near matching is quadratic in it).
MAX_SEARCH = 200

FormatParam = Annotated[str | None, Query(description="csv or xlsx: download the list")]
Text = Annotated[str | None, Query()]

#: Which page answers each named question (path under the base); the rest go to /questions/{name}.
QUESTION_PAGES = {
    "agencies": "actors",
    "assignments": "assignments",
    "assignments-involving": "actors",
    "budget": "budget",
    "collaborators": "explore?actor=hdir",
    "deadlines": "deadlines?month={june}",
    "dependencies": "explore?view=dependencies",
    "goals": "goals",
    "owners": "assignments#owner-check",
}


def _render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    return site_templates().TemplateResponse(request, name, context, status_code=status_code)


def _gettext(request: Request) -> Any:
    return translations(language(request)).gettext


def _check_format(fmt: str | None) -> str | None:
    if fmt and fmt not in FORMATS:
        raise _PageProblem(f"unknown format {fmt!r}; use csv or xlsx", "format")
    return fmt or None


class _PageProblem(Exception):
    def __init__(self, message: str, parameter: str, near: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.near = near or []


def _bad_day(request: Request, error: BadDay) -> Response:
    """The page for a malformed ``?as_of``: 400, naming the parameter and the form expected."""
    problem = {"message": error.message, "parameter": error.parameter, "near": []}
    return _render(request, "problem.html", {"problem": problem}, status_code=400)


def _problem(error: ApiError | _PageProblem) -> dict[str, Any]:
    if isinstance(error, ApiError):
        field = error.field[-1] if error.field else None
        return {"message": error.message, "parameter": field, "near": error.near or []}
    return {"message": error.message, "parameter": error.parameter, "near": error.near}


# --------------------------------------------------------------------------------------------
# Language and search
# --------------------------------------------------------------------------------------------


@router.get("/language/{code}")
def switch_language(code: str, request: Request, next: str = "/") -> Response:  # noqa: A002
    """Remember the chosen language in a cookie and go back to the page it was chosen on."""
    if code not in LANGUAGES:
        return HTMLResponse(f"unknown language {code!r}; this site speaks {', '.join(LANGUAGES)}", status_code=404)
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(site_base(request) + target.lstrip("/"), status_code=303)
    response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


@router.get("/search", response_model=None)
def search(request: Request, q: Text = None) -> Response:
    """Finds an assignment, actor, solution, law or goal; goes straight to its page when it is clear."""
    data = site(request)
    index = data.memo.get(("tbgraph.web", "search-index"), lambda: build_index(data.answers))
    query = (q or "").strip()
    if len(query) > MAX_SEARCH:
        problem = {
            "message": f"the search text is {len(query)} characters long; at most {MAX_SEARCH} are read",
            "parameter": "q",
            "near": [],
        }
        return _render(request, "problem.html", {"problem": problem}, status_code=422)
    if query:
        one = index.only_match(query)
        if one is not None:
            return RedirectResponse(site_base(request) + one.entry.path, status_code=303)
    hits = index.search(query) if query else []
    return _render(request, "search.html", {"search_q": query, "hits": hits})


# --------------------------------------------------------------------------------------------
# The front page
# --------------------------------------------------------------------------------------------


def _june(data: Site) -> str:
    years = sorted({d.date.year for d in data.deadlines() if d.date})
    return f"{years[0] if years else dt.date.today().year}-06"


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The letters at a glance on the day asked about (``?as_of``; without it, after every loaded
    supplement): assignments in force per main goal, what is due next from that day, the two checks."""
    data = site(request)
    try:
        day = requested_day(request)
    except BadDay as error:
        return _bad_day(request, error)
    june = _june(data)
    questions = []
    for query in named_queries().values():
        target = QUESTION_PAGES.get(query.name, f"questions/{query.name}").format(june=june)
        questions.append({"query": query, "href": target})
    return _render(
        request,
        "home.html",
        {
            "letters": data.letters(as_of=day),
            "owner_check": data.owner_check(day),
            "budget_check": data.budget_check(day),
            "questions": questions,
            "june": june,
            "moved": _moved(data, day),
        },
    )


# --------------------------------------------------------------------------------------------
# Assignments
# --------------------------------------------------------------------------------------------

_SORTS = ("id", "title", "goal", "owner", "due")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month_range(month: str | None) -> tuple[dt.date | None, dt.date | None]:
    if not month:
        return None, None
    match = _MONTH.match(month)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise _PageProblem(f"month must be YYYY-MM, not {month!r}", "month")
    year, number = int(match.group(1)), int(match.group(2))
    last = dt.date(year, 12, 31) if number == 12 else dt.date(year, number + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, number, 1), last


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _PageProblem(f"{name} must be a date as YYYY-MM-DD, not {value!r}", name) from None


def _moved(data: Site, day: dt.date | None) -> dict[str, list[Any]]:
    """Assignment ID → the changes of its deadlines in effect on ``day`` (for a mark in the lists)."""
    out: dict[str, list[Any]] = defaultdict(list)
    for change in changes(data.answers):
        if change.kind == "moved" and change.id and change.in_effect(day):
            out[change.id].append(change)
    return dict(out)


def _options(data: Site, request: Request, day: dt.date | None = None) -> dict[str, Any]:
    """What the filters offer, each as (value, text in the page's language)."""
    answers = data.answers
    lang = language(request)
    words = vocabulary(request)
    actors = sorted(answers.agencies(day), key=lambda a: a.name.casefold())
    roles = [c.key for c in answers._candidates("role")]  # noqa: SLF001  (the resolver's own list)
    solutions = sorted(answers._candidates("solution"), key=lambda c: c.name.casefold())  # noqa: SLF001
    laws = sorted(answers._candidates("law"), key=lambda c: c.name.casefold())  # noqa: SLF001
    months = sorted({d.date.strftime("%Y-%m") for d in data.deadlines(day) if d.date})
    goals = answers.goals(day)
    return {
        "actors": actors,
        "roles": roles,
        "solutions": solutions,
        "goal_items": [
            (g.notation, f"{g.notation}. {(g.title.en if lang == 'en' else None) or g.title.nb}") for g in goals
        ],
        "actor_items": [(a.key, a.name) for a in actors],
        "role_items": [(r, words.label(r, lang)) for r in roles],
        "solution_items": [(s.key, s.name) for s in solutions],
        "law_items": [(c.key, c.name) for c in laws],
        "month_items": [(m, month_name(m, lang)) for m in months],
        "letter_items": [
            (r["letter"].removeprefix(CANONICAL + "id/"), (lang == "en" and r["title_en"]) or r["title"])
            for r in data.select("letters")
        ],
    }


@router.get("/assignments", response_model=None)
def assignments_page(
    request: Request,
    agency: Text = None,
    role: Text = None,
    goal: Text = None,
    solution: Text = None,
    law: Text = None,
    due_from: Text = None,
    due_to: Text = None,
    month: Text = None,
    letter: Text = None,
    sort: Text = None,
    format: FormatParam = None,  # noqa: A002
) -> Response:
    data = site(request)
    t = _gettext(request)
    try:
        day = requested_day(request)
    except BadDay as error:
        return _bad_day(request, error)
    problem = None
    rows: list[Any] = []
    try:
        in_letter = _letter_filter(data, letter)
        fmt = _check_format(format)
        start, end = _month_range(month)
        start = _date(due_from, "due_from") or start
        end = _date(due_to, "due_to") or end
        if sort and sort.lstrip("-") not in _SORTS:
            raise _PageProblem(f"unknown sort {sort!r}; sort by {', '.join(_SORTS)}", "sort")
        rows = data.answers.assignments(
            agency=agency, role=role, goal=goal, solution=solution, law=law, due_from=start, due_to=end, as_of=day
        )
        if in_letter is not None:
            rows = [a for a in rows if a.iri in in_letter]
    except (ApiError, _PageProblem) as error:
        problem = _problem(error)
        fmt = None
    rows = _sorted(rows, sort)
    words = vocabulary(request)
    lang = language(request)
    if fmt and problem is None:
        table = Table(
            "assignments",
            [t("ID"), t("Title"), t("Title (English)"), t("Main goal"), t("Owner"), t("Role"), t("Due")],
            [
                [
                    a.id,
                    a.title.nb,
                    a.title.en,
                    a.goal.notation if a.goal else None,
                    a.owner.name if a.owner else None,
                    ", ".join(words.label(r, lang) for r in a.roles) or None,
                    ", ".join(a.deadlines) or None,
                ]
                for a in rows
            ],
        )
        return download(table, fmt)
    filters = {
        "agency": agency,
        "role": role,
        "goal": goal,
        "solution": solution,
        "law": law,
        "month": month,
        "due_from": due_from,
        "due_to": due_to,
    }
    return _render(
        request,
        "assignments.html",
        {
            "rows": rows,
            "problem": problem,
            "filters": filters,
            "filtered": any(filters.values()),
            "sort": sort or "id",
            "options": _options(data, request, day),
            "owner_check": data.owner_check(day),
            "moved": _moved(data, day),
        },
        status_code=422 if problem else 200,
    )


def _letter_filter(data: Site, letter: str | None) -> set[str] | None:
    """The IRIs of the assignments of ``letter`` (its path under id/, e.g. letter/ehelse/2023), or None."""
    if not letter:
        return None
    letters = {row["letter"].removeprefix(CANONICAL + "id/"): row["title"] for row in data.select("letters")}
    if letter not in letters:
        near = [{"key": key, "name": title} for key, title in letters.items()]
        raise _PageProblem(f"no loaded letter is {letter!r}", "letter", near)
    wanted = CANONICAL + "id/" + letter
    return {row["assignment"] for row in data.select("assignment-letters") if row["letter"] == wanted}


def _sorted(rows: list[Any], sort: str | None) -> list[Any]:
    if not sort or sort.lstrip("-") not in _SORTS:
        return rows
    key = sort.lstrip("-")
    reverse = sort.startswith("-")

    def value(a: Any) -> Any:
        if key == "title":
            return (a.title.nb or "").casefold()
        if key == "goal":
            return (a.goal.notation if a.goal else "~", a.id)
        if key == "owner":
            return (a.owner.name if a.owner else "~", a.id)
        if key == "due":
            dates = [d for d in a.deadlines if re.match(r"\d{4}-\d{2}-\d{2}", d)]
            return (min(dates) if dates else "9999", a.id)
        return a.id

    return sorted(rows, key=value, reverse=reverse)


# --------------------------------------------------------------------------------------------
# Actors, deadlines, budget, goals
# --------------------------------------------------------------------------------------------


@router.get("/actors", response_model=None)
def actors_page(request: Request, format: FormatParam = None) -> Response:  # noqa: A002
    data = site(request)
    t = _gettext(request)
    lang = language(request)
    words = vocabulary(request)
    try:
        day = requested_day(request)
    except BadDay as error:
        return _bad_day(request, error)
    roles = [c.key for c in data.answers._candidates("role")]  # noqa: SLF001
    actors = data.answers.agencies(day)
    counted = data.roles_per_actor(day)
    per_role = {a.key: counted.get(a.key, {}) for a in actors}
    try:
        fmt = _check_format(format)
    except _PageProblem as error:
        return _render(request, "problem.html", {"problem": _problem(error)}, status_code=422)
    if fmt:
        table = Table(
            "actors",
            [t("Key"), t("Name"), t("Name (English)"), t("Kind"), t("Organisation number"), t("Assignments")]
            + [words.label(r, lang) for r in roles],
            [
                [a.key, a.name, a.name_en, words.label(a.kind, lang), a.org_number, a.assignments]
                + [per_role[a.key].get(r, 0) for r in roles]
                for a in actors
            ],
        )
        return download(table, fmt)
    return _render(request, "actors.html", {"actors": actors, "roles": roles, "per_role": per_role})


@router.get("/deadlines", response_model=None)
def deadlines_page(
    request: Request,
    agency: Text = None,
    role: Text = None,
    month: Text = None,
    format: FormatParam = None,  # noqa: A002
) -> Response:
    data = site(request)
    t = _gettext(request)
    lang = language(request)
    words = vocabulary(request)
    try:
        day = requested_day(request)
    except BadDay as error:
        return _bad_day(request, error)
    problem = None
    items = data.deadlines(day)
    try:
        fmt = _check_format(format)
        start, end = _month_range(month)
        if agency or role:
            ids = {a.id for a in data.answers.assignments(agency=agency, role=role, as_of=day)}
            items = [d for d in items if d.id in ids]
        if start and end:
            items = [d for d in items if d.date and start <= d.date <= end]
    except (ApiError, _PageProblem) as error:
        problem = _problem(error)
        fmt = None
        items = []
    if fmt:
        table = Table(
            "deadlines",
            [t("Date"), t("What"), t("Assignment"), t("Part"), t("Responsible"), t("Kind"), t("Line")],
            [
                [
                    d.date,
                    d.what,
                    d.id if d.assignment_path else None,
                    d.part,
                    d.responsible,
                    words.label(d.kind, lang),
                    d.line,
                ]
                for d in items
            ],
        )
        return download(table, fmt)
    months: dict[str, list[Any]] = defaultdict(list)
    for d in items:
        months[d.date.strftime("%Y-%m") if d.date else ""].append(d)
    return _render(
        request,
        "deadlines.html",
        {
            "months": months,
            "count": len(items),
            "problem": problem,
            "filters": {"agency": agency, "role": role, "month": month},
            "options": _options(data, request, day),
            "moved": _moved(data, day),
        },
        status_code=422 if problem else 200,
    )


@router.get("/budget", response_model=None)
def budget_page(request: Request, format: FormatParam = None) -> Response:  # noqa: A002
    data = site(request)
    t = _gettext(request)
    try:
        day = requested_day(request)
    except BadDay as error:
        return _bad_day(request, error)
    lines = data.answers.budget(day)
    budget_changes = [c for c in changes(data.answers) if c.kind == "budget"]
    try:
        fmt = _check_format(format)
    except _PageProblem as error:
        return _render(request, "problem.html", {"problem": _problem(error)}, status_code=422)
    if fmt:
        table = Table(
            "budget",
            [
                t("Chapter"),
                t("Post"),
                t("Level"),
                t("Name"),
                t("Amount (NOK)"),
                t("As stated"),
                t("Unit"),
                t("Sum of the lines (NOK)"),
                t("Adds up"),
            ],
            [
                [
                    b.chapter,
                    b.post,
                    t(b.level),
                    b.name,
                    b.amount_nok,
                    b.stated,
                    b.unit,
                    b.lines_sum_nok,
                    None if b.agrees is None else (t("yes") if b.agrees else t("no")),
                ]
                for b in lines
            ],
        )
        return download(table, fmt)
    changed = {c.budget_item(): c for c in budget_changes if c.in_effect(day)}  # the latest in effect wins
    return _render(
        request,
        "budget.html",
        {
            "lines": lines,
            "check": data.budget_check(day),
            "changes": budget_changes,
            "changed": changed,
            "amount_text": amount_text,
        },
    )


@router.get("/goals", response_model=None)
def goals_page(request: Request, format: FormatParam = None) -> Response:  # noqa: A002
    data = site(request)
    t = _gettext(request)
    try:
        day = requested_day(request)
    except BadDay as error:
        return _bad_day(request, error)
    goals = data.answers.goals(day)
    parameters = data.steering_parameters()
    try:
        fmt = _check_format(format)
    except _PageProblem as error:
        return _render(request, "problem.html", {"problem": _problem(error)}, status_code=422)
    if fmt:
        rows = []
        for g in goals:
            found: list[dict[str, Any] | None] = list(parameters.get(g.iri, [])) or [None]
            for p in found:
                rows.append(
                    [
                        g.letter,
                        g.notation,
                        g.title.nb,
                        g.title.en,
                        g.assignments,
                        p["notation"] if p else None,
                        p["label"] if p else None,
                        p["label_en"] if p else None,
                    ]
                )
        table = Table(
            "goals",
            [
                t("Letter"),
                t("Main goal"),
                t("Title"),
                t("Title (English)"),
                t("Assignments"),
                t("Steering parameter"),
                t("Steering parameter (Norwegian)"),
                t("Steering parameter (English)"),
            ],
            rows,
        )
        return download(table, fmt)
    return _render(request, "goals.html", {"goals": goals, "parameters": parameters})


# --------------------------------------------------------------------------------------------
# Any named question, as a page
# --------------------------------------------------------------------------------------------


@router.get("/questions/{name}", response_model=None)
def question_page(request: Request, name: str, format: FormatParam = None) -> Response:  # noqa: A002
    data = site(request)
    queries = named_queries()
    query = queries.get(name)
    if query is None:
        problem: dict[str, Any] | None = {
            "message": f"no question is named {name!r}",
            "parameter": "name",
            "near": [{"key": n, "href": f"questions/{n}"} for n in sorted(queries)],
        }
        return _render(request, "problem.html", {"problem": problem}, status_code=404)
    try:
        day = requested_day(request)
    except BadDay as error:
        return _bad_day(request, error)
    values = {p.name: (request.query_params.get(p.name) or None) for p in query.parameters}
    problem = None
    table = None
    from tbgraph.questions.named import QueryParameterError
    from tbgraph.questions.resolve import UnknownValueError

    missing = [p.name for p in query.parameters if p.required and not values[p.name]]
    if not missing:
        try:
            fmt = _check_format(format)
            table = data.answers.named(name, values, as_of=day)
        except (ApiError, _PageProblem) as error:
            problem = _problem(error)
            fmt = None
        except (UnknownValueError, QueryParameterError) as error:  # a value naming nothing, a malformed date
            problem = {"message": str(error), "parameter": None, "near": []}
            fmt = None
        if table is not None and fmt:
            records = table.records()
            columns = [c for c in table.columns if c not in query.hidden]
            return download(Table(name, columns, [[r.get(c) for c in columns] for r in records]), fmt)
    return _render(
        request,
        "question.html",
        {
            "question": query,
            "values": values,
            "table": table,
            "problem": problem,
            "missing": missing,
            "options": _options(data, request, day),
        },
        status_code=422 if problem else 200,
    )


@router.get("/questions/{name}/query", response_model=None)
def question_sparql(request: Request, name: str) -> Response:
    """The question's SPARQL with the parameter values of the query string written in, for the editor.

    Not under a path ending in ``/sparql``: the application hands such query strings to the SPARQL
    protocol route undecoded (``StashSparqlQueryString``).

    ``/questions/assignments-involving/query?agency=nhn`` is the query for Norsk helsenett SF, ready
    to run at /sparql; a value that names nothing is a 422 naming the parameter and the nearest."""
    from tbgraph.questions.named import QueryParameterError, bind_parameters, bound_text
    from tbgraph.questions.resolve import UnknownValueError
    from tbgraph.store.query_text import bind_values

    query = named_queries().get(name)
    if query is None:
        return Response(
            f"no question is named {name!r}; the questions are {', '.join(sorted(named_queries()))}",
            status_code=404,
            media_type="text/plain; charset=utf-8",
        )
    values = {k: v for k, v in request.query_params.items() if v}
    try:
        bindings = bind_parameters(site(request).store, query, values)
    except (QueryParameterError, UnknownValueError) as error:
        return Response(str(error), status_code=422, media_type="text/plain; charset=utf-8")
    text, left = bound_text(query, bindings)
    if left:
        text = bind_values(text, left)
    return Response(text, media_type="application/sparql-query; charset=utf-8")
