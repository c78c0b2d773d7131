"""What the site's pages show, computed from the REST answers (:class:`~tbgraph.api.services.Answers`)
and a few queries of their own (``web/queries``): the letters at a glance, the checks' verdicts, the
deadlines with who answers for them, an actor's other duties, the steering parameters.

Everything is memoised on the server state: the data does not change while serving.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rdflib import XSD, Literal, URIRef
from starlette.requests import Request

from tbgraph.api.models import AssignmentSummary, Text
from tbgraph.api.services import Answers
from tbgraph.graphs import deadlines as all_deadlines
from tbgraph.graphs.build import Deadline
from tbgraph.questions.named import term_to_json
from tbgraph.store.base import SelectResult, Store
from tbgraph.web.history import Change, changes
from tbgraph.web.vocabulary import web_query

__all__ = ["Site", "site", "LetterGlance", "DueItem", "Check", "Neighbour"]

T = TypeVar("T")
CANONICAL = "https://w3id.org/tbgraph/"


@dataclass
class Check:
    """A check's verdict: passed or not, with the items that fail it."""

    passed: bool
    checked: int
    failures: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class DueItem:
    """A deadline as the pages list it: with the assignment, its part and who answers for it."""

    date: dt.date | None
    kind: str
    what: str
    category: str
    id: str | None
    title: str | None
    assignment_path: str | None
    part: str | None
    line: int | None
    responsible_key: str | None
    responsible: str | None
    goal: str | None
    item: str = ""
    source_path: str | None = None
    changed: str | None = None


@dataclass(frozen=True)
class Neighbour:
    """An assignment before or after another in its letter: ``state`` is None when in force on the day
    shown, else ``withdrawn`` or ``not-yet-given``."""

    id: str
    iri: str
    title: Text
    state: str | None = None


@dataclass
class LetterGlance:
    iri: str
    title: str
    title_en: str | None
    recipient: str | None
    recipient_key: str | None
    year: str | None
    assignments: int
    goals: list[Any]
    due_next: list[DueItem]
    due_next_from: dt.date | None


class Site:
    """The pages' data over one server state."""

    def __init__(self, store: Store, memo: Any) -> None:
        self.store = store
        self.memo = memo
        self.answers = Answers(store, memo)

    def _cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        found: T = self.memo.get(("tbgraph.web.site", key), compute)
        return found

    def select(self, name: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The rows of ``web/queries/<name>.rq`` as plain Python values."""
        result = self.store.query(web_query(name), bindings=bindings)
        assert isinstance(result, SelectResult)
        return [{k: term_to_json(row.get(k)) for k in result.variables} for row in result.rows]

    # -- the letters -------------------------------------------------------------------------

    def letters(self, today: dt.date | None = None, as_of: dt.date | None = None) -> list[LetterGlance]:
        """Each loaded letter on ``as_of`` (None: after every loaded supplement): its assignments in force,
        per main goal, and what is due next from ``today`` (default: ``as_of``, else the real today) as the
        supplements in effect left the deadlines."""
        today = today or as_of or dt.date.today()

        def compute() -> list[LetterGlance]:
            goals = self.answers.goals(as_of)
            in_force = {a.iri for a in self.answers.assignments(as_of=as_of)}
            letter_of = self._cached(
                "assignment-letters", lambda: {r["assignment"]: r["letter"] for r in self.select("assignment-letters")}
            )
            out = []
            for row in self.select("letters"):
                mine = [g for g in goals if g.letter == row["title"]]
                due = [d for d in self.deadlines(as_of) if d.date and self._letter_of(d) == row["letter"]]
                upcoming = [d for d in due if d.date and d.date >= today]
                chosen = upcoming[:5] if upcoming else due[:5]
                out.append(
                    LetterGlance(
                        iri=row["letter"],
                        title=row["title"],
                        title_en=row["title_en"],
                        recipient=row["recipient"],
                        recipient_key=row["recipient_key"],
                        year=None if row["year"] is None else str(row["year"]),
                        assignments=sum(1 for iri in in_force if letter_of.get(iri) == row["letter"]),
                        goals=mine,
                        due_next=chosen,
                        due_next_from=today if upcoming else None,
                    )
                )
            return out

        return self._cached(("letters", today, as_of), compute)

    def _letter_of(self, item: DueItem) -> str | None:
        return self._cached(("letter-of", item.assignment_path, item.id), lambda: self._find_letter(item))

    def _find_letter(self, item: DueItem) -> str | None:
        if item.assignment_path:
            letters = self._cached(
                "assignment-letters", lambda: {r["assignment"]: r["letter"] for r in self.select("assignment-letters")}
            )
            return letters.get(CANONICAL + item.assignment_path)
        return self._item_letters().get(item.what)

    def _item_letters(self) -> dict[str, str]:
        """Obligations without an assignment (annual cycle …) → their letter, by the deadline's text."""

        def compute() -> dict[str, str]:
            out: dict[str, str] = {}
            letters = [r["letter"] for r in self.select("letters")]
            for deadline in all_deadlines(self.store):
                for letter in letters:
                    if (CANONICAL + "id/" + deadline.item).startswith(letter + "/"):
                        out[deadline.what] = letter
            return out

        return self._cached("item-letters", compute)

    # -- checks ------------------------------------------------------------------------------

    def owner_check(self, as_of: dt.date | None = None) -> Check:
        """Does every assignment have exactly one owner? (the ``owners`` question)"""

        def compute() -> Check:
            rows = self.answers.named("owners", {}, as_of=as_of).records()
            counts: dict[str, dict[str, Any]] = {}
            for row in rows:
                counts.setdefault(row["id"], row)
            failures = [
                {"id": r["id"], "title": r["title"], "owners": int(r["owner_count"]), "iri": r["assignment"]}
                for r in counts.values()
                if int(r["owner_count"]) != 1
            ]
            return Check(passed=not failures, checked=len(counts), failures=failures)

        return self._cached(("owner-check", as_of), compute)

    def budget_check(self, as_of: dt.date | None = None) -> Check:
        """Do the budget lines add up? Every line with a sum of its parts must agree with it."""
        lines = self.answers.budget(as_of)
        checked = [line for line in lines if line.agrees is not None]
        failures = [line.model_dump() for line in checked if not line.agrees]
        return Check(passed=not failures, checked=len(checked), failures=failures)

    # -- deadlines ---------------------------------------------------------------------------

    def deadlines(self, as_of: dt.date | None = None) -> list[DueItem]:
        """Every deadline in force on ``as_of`` (None: after every loaded change), with who answers for it:
        a part's leader, else the assignment's owner, else the letter's recipient (the annual cycle is the
        agency's own), and where a supplement moved it, that change.

        The deadlines of the graphs (``graphs.deadlines``) are every deadline the data states, the old
        day of a moved one too; those in force are the ``deadlines`` question's (the REST answer), matched
        by the obligation, the day and the kind."""

        def compute() -> list[DueItem]:
            owners = {a.id: a.owner for a in self.answers.assignments(as_of=as_of)}
            in_force = self._deadlines_in_force(as_of)
            letters = self.select("letters")
            recipient = (letters[0]["recipient_key"], letters[0]["recipient"]) if len(letters) == 1 else (None, None)
            # graphs.deadlines names an item by its path under the dataset's id/ (its node id)
            sources = {r["item"].removeprefix(CANONICAL + "id/"): r["text"] for r in self.select("deadline-sources")}
            out = []
            for d in self.graph_deadlines(as_of):
                key, name = None, None
                if d.id and d.id in owners:
                    lead = self._part_lead(d) if d.part else None
                    owner = owners[d.id]
                    key, name = lead or ((owner.key, owner.name) if owner else (None, None))
                elif d.category in ("annual-cycle", "steering-meeting", "reporting-duty"):
                    key, name = recipient
                text = sources.get(d.item)
                item = _due_item(d, key, name, text[len(CANONICAL) :] if text and text.startswith(CANONICAL) else None)
                item.changed = in_force[(CANONICAL + "id/" + d.item, d.date, d.kind)]
                out.append(item)
            return out

        return self._cached(("deadlines", as_of), compute)

    def _deadlines_in_force(self, as_of: dt.date | None) -> dict[tuple[str, dt.date | None, str], str | None]:
        """(obligation IRI, day, kind) → the change that gave it that day, for the deadlines in force."""
        return self._cached(
            ("deadlines-in-force", as_of),
            lambda: {(d.item, d.date, d.kind): d.changed for d in self.answers.deadlines(None, None, as_of)},
        )

    def graph_deadlines(self, as_of: dt.date | None = None) -> list[Deadline]:
        """The graphs' deadlines (``graphs.deadlines``: every day the data states, a moved one's old day
        too) that are in force on ``as_of``: for the pages' lists and the graphs' chains and due dates."""

        def compute() -> list[Deadline]:
            in_force = self._deadlines_in_force(as_of)
            return [d for d in all_deadlines(self.store) if (CANONICAL + "id/" + d.item, d.date, d.kind) in in_force]

        return self._cached(("graph-deadlines", as_of), compute)

    def _part_lead(self, d: Deadline) -> tuple[str, str] | None:
        detail = self.answers.assignment(d.id or "")  # who leads a part does not change by a day
        for involvement in detail.involvements:
            if involvement.part == d.part and involvement.role in ("lead", "owner"):
                return involvement.agency.key, involvement.agency.name
        return None

    # -- actors ------------------------------------------------------------------------------

    def actor_assignments(self, key: str, as_of: dt.date | None = None) -> list[dict[str, Any]]:
        """The assignments an actor (by key) takes part in on ``as_of``: role and part of each involvement,
        due dates."""

        def compute() -> list[dict[str, Any]]:
            summaries = {a.id: a for a in self.answers.assignments(as_of=as_of)}
            grouped: dict[str, dict[str, Any]] = {}
            for record in self._involvements(as_of).get(key, []):
                ident = record["id"]
                entry = grouped.setdefault(
                    ident,
                    {"id": ident, "summary": summaries.get(ident), "roles": [], "via": record.get("via")},
                )
                pair = (record["role"], record.get("part"))
                if pair not in entry["roles"]:
                    entry["roles"].append(pair)
            return [grouped[k] for k in sorted(grouped)]

        return self._cached(("actor-assignments", key, as_of), compute)

    def _involvements(self, as_of: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
        """Actor key → its rows of the ``assignments-involving`` question on ``as_of``, asked once for every
        actor (the question's text with the actor left unbound): one query instead of one per actor."""

        def compute() -> dict[str, list[dict[str, Any]]]:
            from tbgraph.questions.named import AS_OF_VARIABLE, bound_text, named_queries

            query = named_queries()["assignments-involving"]
            bindings = {} if as_of is None else {AS_OF_VARIABLE: Literal(as_of.isoformat(), datatype=XSD.date)}
            text, left = bound_text(query, bindings, self.store.engine)
            result = self.store.query(text, bindings=left)
            assert isinstance(result, SelectResult)
            out: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in result.rows:
                out[str(row["agency_key"])].append({k: term_to_json(row.get(k)) for k in result.variables})
            return dict(out)

        return self._cached(("involvements", as_of), compute)

    def roles_per_actor(self, as_of: dt.date | None = None) -> dict[str, dict[str, int]]:
        """Actor key → role → number of assignments, counted as each actor's own page counts them."""

        def compute() -> dict[str, dict[str, int]]:
            out: dict[str, dict[str, int]] = {}
            for key, rows in self._involvements(as_of).items():
                found: dict[str, set[str]] = defaultdict(set)
                for row in rows:
                    found[row["role"]].add(row["id"])
                out[key] = {role: len(ids) for role, ids in found.items()}
            return out

        return self._cached(("roles-per-actor", as_of), compute)

    def actor_duties(self, iri: str) -> list[dict[str, Any]]:
        return self._cached(("actor-duties", iri), lambda: self.select("actor-duties", {"agent": URIRef(iri)}))

    def steering_parameters(self) -> dict[str, list[dict[str, Any]]]:
        """Main goal IRI → its steering parameters."""

        def compute() -> dict[str, list[dict[str, Any]]]:
            out: dict[str, list[dict[str, Any]]] = defaultdict(list)
            seen: set[str] = set()
            for row in self.select("steering-parameters"):
                if row["parameter"] in seen:
                    continue
                seen.add(row["parameter"])
                out[row["goal_iri"]].append(row)
            return dict(out)

        return self._cached("steering-parameters", compute)

    def neighbours(self, ident: str, as_of: dt.date | None = None) -> tuple[Neighbour | None, Neighbour | None]:
        """The assignments before and after ``ident`` in its letter's order, among all the letter's
        assignments, withdrawn ones and ones added later too, each marked when it is not in force on
        ``as_of``: a withdrawn assignment's page has neighbours, and the reader can walk the whole letter."""
        every = self._cached("letter-assignments", lambda: self.select("letter-assignments"))
        letter = next((row["letter"] for row in every if row["id"] == ident), None)
        mine = [row for row in every if row["letter"] == letter]
        ids = [row["id"] for row in mine]
        if ident not in ids:
            return None, None
        in_force = {a.id for a in self.answers.assignments(as_of=as_of)}
        withdrawn = {c.id for c in self._changes() if c.kind == "withdrawn" and c.in_effect(as_of)}

        def neighbour(row: dict[str, Any]) -> Neighbour:
            state = None
            if row["id"] not in in_force:
                state = "withdrawn" if row["id"] in withdrawn else "not-yet-given"
            return Neighbour(
                id=row["id"], iri=row["assignment"], title=Text(nb=row["title"], en=row["title_en"]), state=state
            )

        index = ids.index(ident)
        return (
            neighbour(mine[index - 1]) if index > 0 else None,
            neighbour(mine[index + 1]) if index + 1 < len(mine) else None,
        )

    def _changes(self) -> list[Change]:
        return changes(self.answers)

    def needed_by(self, ident: str, as_of: dt.date | None = None) -> list[AssignmentSummary]:
        """The assignments in force on ``as_of`` that depend on ``ident`` (the reverse of its 'depends on')."""

        def compute() -> list[str]:
            out = []
            for other in self.answers.assignments(as_of=as_of):
                detail = self.answers.assignment(other.id, as_of)
                if any(d.target_id == ident for d in detail.depends_on) and other.id != ident:
                    out.append(other.id)
            return out

        wanted = set(self._cached(("needed-by", ident, as_of), compute))
        return [a for a in self.answers.assignments(as_of=as_of) if a.id in wanted]


def _due_item(d: Deadline, key: str | None, name: str | None, source_path: str | None) -> DueItem:
    return DueItem(
        date=d.date,
        kind=d.kind,
        what=d.what,
        category=d.category,
        id=d.id,
        title=d.title,
        assignment_path=("id/" + d.assignment) if d.assignment and "://" not in d.assignment else None,
        part=d.part,
        line=d.line,
        responsible_key=key,
        responsible=name,
        goal=d.goal,
        item=d.item,
        source_path=source_path,
    )


def site(request: Request) -> Site:
    """The pages' data over the application's state (a state without a memo gets one: a test's small app)."""
    state = request.app.state.tbgraph
    if getattr(state, "memo", None) is None:
        from tbgraph.api.state import Memo

        state.memo = Memo()
    return Site(state.store, state.memo)
