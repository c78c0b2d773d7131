"""What the REST routes answer, computed from the named queries (the CLI's answers) and a few
internal ``.rq`` files; the routes only parse parameters and pick the status code.

Every answer is memoised on the server state: the data does not change while serving. Every answer
is about a day (``as_of``): the letters with the changes their supplements make in effect then, or
after every loaded change when no day is given. A named question asked without parameters, of every
letter and after every change, is answered from its kept answer (:mod:`tbgraph.questions.kept`,
``memo.kept``), read from disk instead of computed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from rdflib.namespace import XSD
from rdflib.term import Literal, URIRef

from tbgraph.api.errors import InvalidParameter, NotFound
from tbgraph.api.models import (
    AgencyDetail,
    AgencySummary,
    Amendment,
    AssignmentDetail,
    AssignmentSummary,
    BudgetLine,
    Deadline,
    DeadlineItem,
    Dependency,
    Goal,
    GoalRef,
    Involvement,
    LegalRef,
    Ref,
    SolutionRef,
    SourceRef,
    TakingPart,
    Text,
)
from tbgraph.api.state import Memo
from tbgraph.questions.kept import KeptAnswer, keepable, kept_per
from tbgraph.questions.named import Table, run_named, term_to_json
from tbgraph.questions.resolve import Candidate, UnknownValueError, candidates, near_matches, resolve
from tbgraph.questions.scope import Scope, letter_scope
from tbgraph.sparql import load_query
from tbgraph.store.base import SelectResult, Store

__all__ = ["Answers"]

T = TypeVar("T")

_KIND_PATHS = {
    "agency": "api/agencies/",
    "assignment": "api/assignments/",
    "solution": None,
    "role": None,
    "law": None,
}


def _records(store: Store, query: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    result = store.query(load_query(query), bindings=bindings)
    assert isinstance(result, SelectResult), f"{query}.rq must be a SELECT query"
    return [{k: term_to_json(row.get(k)) for k in result.variables} for row in result.rows]


def _day(as_of: dt.date | None) -> dict[str, Any]:
    """The ``?as_of`` binding of an internal query (none: after every loaded change)."""
    return {} if as_of is None else {"as_of": Literal(as_of.isoformat(), datatype=XSD.date)}


def _near(options: Iterable[Candidate], kind: str, base: str = "") -> list[dict[str, Any]]:
    path = _KIND_PATHS.get(kind)
    out = []
    for option in options:
        item: dict[str, Any] = {"key": option.key, "name": option.name}
        if path:
            item["href"] = f"{base}{path}{option.key}"
        out.append(item)
    return out


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


class Answers:
    """The REST API's answers over one store, memoised."""

    def __init__(self, store: Store, memo: Memo) -> None:
        self.store = store
        self.memo = memo

    def _cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        return self.memo.get(("rest", id(self.store)) + key, compute)

    def kept_answer(
        self,
        name: str,
        values: dict[str, str | None] | None = None,
        scope: Scope | None = None,
        as_of: dt.date | None = None,
    ) -> KeptAnswer | None:
        """The kept whole answer of ``name`` asked of every letter, after every change: asked without
        parameters (computed and kept now if it is not yet), or with only the parameter it is kept per
        (read when the start kept them: computing every value's answer for one ask would cost more than
        the ask); None when asked otherwise, or not kept."""
        kept = self.memo.kept
        if kept is None or scope is not None or as_of is not None:
            return None
        given = {k: v for k, v in (values or {}).items() if v}
        if not given:
            return kept.get_or_compute(self.store, name) if keepable(name) else None
        per = kept_per(name)
        if per is None or set(given) != {per.name}:
            return None
        return kept.get_for(name, self.find(per.kind, given[per.name], field=per.name).iri)

    def _whole(self, name: str, as_of: dt.date | None = None) -> Table:
        """``name`` asked without parameters (its kept answer when there is one)."""
        found = self.kept_answer(name, as_of=as_of)
        return found.table() if found is not None else run_named(self.store, name, as_of=as_of)

    # -- resolution --------------------------------------------------------------------------

    def _candidates(self, kind: str) -> list[Candidate]:
        if kind == "law":
            return self._cached(("candidates", kind), lambda: _legal_candidates(self.store))
        return self._cached(("candidates", kind), lambda: candidates(self.store, kind))

    def find(self, kind: str, value: str, *, field: str | None = None) -> Candidate:
        """The resource ``value`` names; NotFound (path) or InvalidParameter (``field``) with near matches."""

        def compute() -> Candidate | UnknownValueError:
            if kind == "law":
                return _resolve_among(self._candidates(kind), kind, value)
            try:
                return resolve(self.store, kind, value)
            except UnknownValueError as error:
                return error

        found = self._cached(("find", kind, value), compute)
        if isinstance(found, Candidate):
            return found
        near = _near(found.near, kind)
        if field is None:
            raise NotFound(str(found), near=near)
        raise InvalidParameter(str(found), field=("query", field), near=near)

    # -- actors ------------------------------------------------------------------------------

    def agencies(self, as_of: dt.date | None = None) -> list[AgencySummary]:
        def compute() -> list[AgencySummary]:
            return [_agency_summary(r) for r in self._whole("agencies", as_of).records()]

        return self._cached(("agencies", as_of), compute)

    def agency(self, key: str, as_of: dt.date | None = None) -> AgencyDetail:
        found = self.find("agency", key)

        def compute() -> AgencyDetail:
            summary = next(a for a in self.agencies(as_of) if a.key == found.key)
            rows = _records(self.store, "agency-detail", {"agency_iri": found.iri})
            alt = sorted({r["value"] for r in rows if r["relation"] == "alt"})
            parents = [_ref(r) for r in rows if r["relation"] == "parent" and r["key"]]
            members = [_ref(r) for r in rows if r["relation"] == "member" and r["key"]]
            roles: dict[str, set[str]] = defaultdict(set)
            involving = self.named("assignments-involving", {"agency": found.key}, as_of=as_of)
            for record in involving.records():
                roles[record["role"]].add(record["id"])
            identifiers = {"key": summary.key, "iri": summary.iri}
            if summary.org_number:
                identifiers["org_number"] = summary.org_number
            return AgencyDetail(
                **summary.model_dump(),
                identifiers=identifiers,
                alt_names=alt,
                part_of=parents,
                members=members,
                roles={role: len(ids) for role, ids in sorted(roles.items())},
            )

        return self._cached(("agency", found.key, as_of), compute)

    # -- assignments -------------------------------------------------------------------------

    def _all_assignments(self, as_of: dt.date | None = None) -> list[dict[str, Any]]:
        return self._cached(("assignments-table", as_of), lambda: self._whole("assignments", as_of).records())

    def assignments(
        self,
        *,
        agency: str | None = None,
        role: str | None = None,
        goal: str | None = None,
        solution: str | None = None,
        law: str | None = None,
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
        agency_field: str | None = "agency",
        as_of: dt.date | None = None,
    ) -> list[AssignmentSummary]:
        """Assignment summaries matching every filter given."""
        agency_key = self.find("agency", agency, field=agency_field).key if agency else None
        role_key = self.find("role", role, field="role").key if role else None
        solution_key = self.find("solution", solution, field="solution").key if solution else None
        law_iri = str(self.find("law", law, field="law").iri) if law else None
        goal = goal or None  # empty, like every other filter: no filter
        if goal is not None:
            goals = {g.notation for g in self.goals(as_of)}
            if goal not in goals:
                raise InvalidParameter(
                    f"unknown main goal {goal!r}; the letters' main goals are {', '.join(sorted(goals))}",
                    field=("query", "goal"),
                )
        if due_from and due_to and due_from > due_to:
            raise InvalidParameter(f"due_from {due_from} is after due_to {due_to}", field=("query", "due_from"))
        key = ("assignments", agency_key, role_key, goal, solution_key, law_iri, due_from, due_to, as_of)
        return self._cached(
            key,
            lambda: self._assignments(agency_key, role_key, goal, solution_key, law_iri, due_from, due_to, as_of),
        )

    def _assignments(
        self,
        agency_key: str | None,
        role_key: str | None,
        goal: str | None,
        solution_key: str | None,
        law_iri: str | None,
        due_from: dt.date | None,
        due_to: dt.date | None,
        as_of: dt.date | None = None,
    ) -> list[AssignmentSummary]:
        rows = self._all_assignments(as_of)
        matched_roles: dict[str, list[str]] | None = None
        taking_part: dict[str, list[TakingPart]] = defaultdict(list)
        if agency_key is not None:
            matched_roles = defaultdict(list)
            values = {"agency": agency_key, "role": role_key}
            for record in self.named("assignments-involving", values, as_of=as_of).records():
                if record["role"] not in matched_roles[record["id"]]:
                    matched_roles[record["id"]].append(record["role"])
                taking_part[record["id"]].append(
                    TakingPart(role=record["role"], part=record["part"], via=record["via"])
                )
        elif role_key is not None:
            matched_roles = defaultdict(list)
            for record in _records(self.store, "involvement-roles"):
                if record["role"] == role_key:
                    matched_roles[record["id"]].append(role_key)
        keep: set[str] | None = None if matched_roles is None else set(matched_roles)
        if solution_key is not None:
            solutions = run_named(self.store, "solutions", {"solution": solution_key}, as_of=as_of).records()
            ids = {r["id"] for r in solutions if r["id"]}
            keep = ids if keep is None else keep & ids
        if law_iri is not None:
            legal = self._whole("legal-basis", as_of).records()
            ids = {r["id"] for r in legal if r["source_iri"] == law_iri}
            keep = ids if keep is None else keep & ids
        if due_from is not None or due_to is not None:
            values = {
                "from": due_from.isoformat() if due_from else None,
                "to": due_to.isoformat() if due_to else None,
            }
            ids = {r["id"] for r in run_named(self.store, "deadlines", values, as_of=as_of).records() if r["date"]}
            keep = ids if keep is None else keep & ids
        # The assignments question names the owner by key and label; the summary links it by IRI too.
        agency_iris = {c.key: str(c.iri) for c in self._candidates("agency")}
        out = []
        for row in rows:
            if keep is not None and row["id"] not in keep:
                continue
            if goal is not None and row["goal"] != goal:
                continue
            roles = matched_roles.get(row["id"], []) if matched_roles is not None else []
            out.append(_assignment_summary(row, roles, role_key, agency_iris, taking_part.get(row["id"], [])))
        return out

    def assignment(self, key: str, as_of: dt.date | None = None) -> AssignmentDetail:
        found = self.find("assignment", key)
        return self._cached(("assignment", found.key, as_of), lambda: self._assignment(found, as_of))

    def _assignment(self, found: Candidate, as_of: dt.date | None = None) -> AssignmentDetail:
        bind = {"assignment": found.iri}
        core = _records(self.store, "assignment-detail", bind)[0]
        involvements = [
            Involvement(
                agency=Ref(key=r["agency_key"], name=r["agency"], iri=r["agency_iri"]),
                role=r["role"],
                part=r["part"],
            )
            for r in _records(self.store, "assignment-involvements", bind)
        ]
        owner = next((i.agency for i in involvements if i.role == "owner" and i.part is None), None)
        deadlines = [
            DeadlineItem(
                date=_date(r["date"]),
                label=r["label"] or r["part"] or found.key,
                kind=r["kind"],
                part=r["part"],
                changed=r["changed"],
            )
            for r in _records(self.store, "assignment-deadlines", {**bind, **_day(as_of)})
        ]
        # Every change, also those that take effect after the day asked about: the assignment's history.
        changes = [r["history"] for r in _records(self.store, "amendments", bind)]
        depends = [
            Dependency(
                depends_on=r["depends_on"],
                kind=r["kind"],
                target_id=r["target_id"],
                target=r["target"],
                date=None if r["date"] is None else str(r["date"]),
                by=r["by"],
                via=r["via"],
            )
            for r in run_named(self.store, "dependencies", {"assignment": found.key}, as_of=as_of).records()
        ]
        solutions: dict[str, SolutionRef] = {}
        for r in run_named(self.store, "solutions", {"assignment": found.key}, as_of=as_of).records():
            if r["solution_key"] not in solutions:
                iri = str(self.find("solution", r["solution_key"]).iri)
                solutions[r["solution_key"]] = SolutionRef(
                    key=r["solution_key"], name=r["solution"], type=r["type"], iri=iri
                )
        legal = [
            LegalRef(
                source=r["source"],
                provision=r["provision"],
                identifier=r["identifier"],
                type=r["type"],
                iri=r["source_iri"],
            )
            for r in run_named(self.store, "legal-basis", {"assignment": found.key}, as_of=as_of).records()
        ]
        source = None
        if core.get("quote") or core.get("section"):
            source = SourceRef(
                section=core["section"],
                quote=core["quote"],
                line_start=core["line_start"],
                line_end=core["line_end"],
                text=core["source_text"],
            )
        return AssignmentDetail(
            id=core["id"],
            iri=str(found.iri),
            title=Text(nb=core["title"], en=core["title_en"]),
            text=Text(nb=core["text"], en=core["text_en"]),
            goal=GoalRef(notation=core["goal"], title=core["goal_title"]) if core["goal"] else None,
            owner=owner,
            involvements=involvements,
            deadlines=deadlines,
            depends_on=depends,
            solutions=list(solutions.values()),
            legal_basis=legal,
            source=source,
            letter=core["letter"],
            changes=changes,
        )

    # -- letters -----------------------------------------------------------------------------

    def goals(self, as_of: dt.date | None = None) -> list[Goal]:
        def compute() -> list[Goal]:
            return [
                Goal(
                    letter=r["letter_title"],
                    notation=r["goal"],
                    title=Text(nb=r["title"], en=r["title_en"]),
                    assignments=r["assignments"],
                    steering_parameters=r["steering_parameters"],
                    iri=r["goal_iri"],
                )
                for r in self._whole("goals", as_of).records()
            ]

        return self._cached(("goals", as_of), compute)

    def budget(self, as_of: dt.date | None = None) -> list[BudgetLine]:
        def compute() -> list[BudgetLine]:
            rows = self._whole("budget", as_of).records()
            return [BudgetLine(**{**r, "post": r["post"] or None}) for r in rows]

        return self._cached(("budget", as_of), compute)

    def amendments(self, as_of: dt.date | None = None) -> list[Amendment]:
        """Every change the loaded supplements make, in effect on ``as_of`` (default: all), by day."""

        def compute() -> list[Amendment]:
            return [
                Amendment(**{k: v for k, v in r.items() if k not in ("change", "assignment")}, iri=r["change"])
                for r in _records(self.store, "amendments", _day(as_of))
            ]

        return self._cached(("amendments", as_of), compute)

    def deadlines(self, start: dt.date | None, end: dt.date | None, as_of: dt.date | None = None) -> list[Deadline]:
        if start and end and start > end:
            raise InvalidParameter(f"from {start} is after to {end}", field=("query", "from"))

        def compute() -> list[Deadline]:
            values = {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None}
            table = self._whole("deadlines", as_of) if start is None and end is None else None
            if table is None:
                table = run_named(self.store, "deadlines", values, as_of=as_of)
            return [
                Deadline(
                    date=_date(r["date"]),
                    id=r["id"],
                    what=r["what"],
                    kind=r["kind"],
                    obligation=r["obligation"],
                    item=r["item"],
                    changed=r["changed"],
                )
                for r in table.records()
            ]

        return self._cached(("deadlines", start, end, as_of), compute)

    def scope(self, recipient: str | None, year: str | None) -> Scope | None:
        """The letters a question is asked of; cached, since listing graphs walks the store."""
        if not recipient and not year:
            return None
        return self._cached(("scope", recipient, year), lambda: letter_scope(self.store, recipient, year))

    def named(
        self, name: str, values: dict[str, str | None], scope: Scope | None = None, as_of: dt.date | None = None
    ) -> Table:
        key = ("named", name, tuple(sorted(values.items())), scope.key() if scope else None, as_of)

        def compute() -> Table:
            found = self.kept_answer(name, values, scope, as_of)
            return found.table() if found is not None else run_named(self.store, name, values, scope, as_of)

        return self._cached(key, compute)


def _ref(record: dict[str, Any]) -> Ref:
    return Ref(key=record["key"], name=record["name"] or record["key"], iri=record["value"])


def _agency_summary(r: dict[str, Any]) -> AgencySummary:
    return AgencySummary(
        key=r["agency_key"],
        name=r["agency"],
        name_en=r["agency_en"],
        kind=r["kind"],
        org_number=None if r["org_number"] is None else str(r["org_number"]),
        assignments=r["assignments"],
        iri=r["agency_iri"],
    )


def _assignment_summary(
    row: dict[str, Any],
    roles: list[str],
    role_key: str | None,
    agency_iris: dict[str, str],
    taking_part: list[TakingPart] | None = None,
) -> AssignmentSummary:
    owner_key = row["owner_key"]
    owner = Ref(key=owner_key, name=row["owner"], iri=agency_iris.get(owner_key)) if owner_key else None
    deadlines = [d.strip() for d in (row["deadlines"] or "").split(",") if d.strip()]
    return AssignmentSummary(
        id=row["id"],
        iri=row["assignment"],
        title=Text(nb=row["title"], en=row["title_en"]),
        goal=GoalRef(notation=row["goal"], title=row["goal_title"]) if row["goal"] else None,
        owner=owner,
        role=role_key or (roles[0] if roles else None),
        roles=roles,
        deadlines=deadlines,
        changes=[c.strip() for c in (row.get("changes") or "").split("; ") if c.strip()],
        taking_part=taking_part or [],
    )


def _legal_candidates(store: Store) -> list[Candidate]:
    result = store.query(load_query("lookup-legal"))
    assert isinstance(result, SelectResult)
    grouped: dict[URIRef, tuple[str, set[str], str]] = {}
    for row in result.rows:
        iri = URIRef(str(row["iri"]))
        key, names, label = grouped.get(iri, (str(row["key"]), set(), ""))
        if row.get("name") is not None:
            names.add(str(row["name"]))
        if row.get("label") is not None:
            label = str(row["label"])
        grouped[iri] = (key, names, label)
    return sorted(
        (Candidate(iri, k, label or k, frozenset(n)) for iri, (k, n, label) in grouped.items()),
        key=lambda c: c.key,
    )


def _resolve_among(options: list[Candidate], kind: str, value: str) -> Candidate | UnknownValueError:
    wanted = " ".join(value.split()).casefold()
    for option in options:
        if option.key.casefold() == wanted:
            return option
    by_name = [o for o in options if any(" ".join(n.split()).casefold() == wanted for n in o.names)]
    if len(by_name) == 1:
        return by_name[0]
    return UnknownValueError(kind, value, by_name or near_matches(options, value))
