"""Hold an extracted letter against the curated graph: precision and recall per kind of fact.

Facts are compared in a normalised form, not as raw triples, so that a choice of modelling that
does not change the meaning does not count as a miss: deadlines are (assignment ID, kind, date)
whether they sit on the assignment or on one of its parts; titles are compared case- and
whitespace-insensitively with dashes unified and wrapped words ("e- helse") mended; actors and
roles are (assignment ID, agent IRI[, role]).

Extracted facts about things the curated graph does not cover at all (an assignment ID, a budget
chapter it has not curated yet) are not counted against precision: they are reported as
*unscored*, so a partly curated letter gives honest figures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, TIME

from tbgraph.model.namespaces import TB

__all__ = ["Comparison", "KindScore", "compare", "facts", "normalise_text", "KINDS"]

Fact = tuple[str, ...]

#: The kinds of fact compared, in report order, with a line for a person.
KINDS = {
    "assignments": "assignment IDs",
    "titles": "assignment titles",
    "goal-membership": "the main goal each assignment is under",
    "goals": "main goals (number and label)",
    "deadlines": "deadlines (ID, kind, date), parts included",
    "budget-lines": "budget posts and chapter sums in kroner",
    "earmarks": "earmarked amounts (chapter, post, kroner)",
    "steering-parameters": "steering parameters (goal, label)",
    "priority-areas": "priority areas",
    "annual-cycle": "annual-cycle rows (date, text)",
    "actor-mentions": "actors involved in each assignment",
    "roles": "actor roles in each assignment",
    "solutions": "solutions an assignment concerns",
    "legal-references": "legal sources and documents an assignment cites",
}


def normalise_text(text: str) -> str:
    text = text.replace("\u00ad", "")
    text = re.sub(r"[–—‐‑]", "-", text)
    text = re.sub(r"[«»“”„\"]", '"', text).replace("’", "'")
    text = re.sub(r"(\w)-\s+(?!og\b|eller\b|til\b)(\w)", r"\1-\2", text)
    text = " ".join(text.split()).strip(" .,:;")
    return text.casefold()


def _nb(graph: Graph, subject: Any, prop: URIRef) -> str | None:
    values = [o for o in graph.objects(subject, prop) if isinstance(o, Literal)]
    for lang in ("nb", None, "nn", "no"):
        for value in values:
            if value.language == lang:
                return str(value)
    return str(values[0]) if values else None


def _letters(graph: Graph) -> set[URIRef]:
    return {
        s
        for cls in (TB.AllocationLetter, TB.LetterSupplement)
        for s in graph.subjects(RDF.type, cls)
        if isinstance(s, URIRef)
    }


@dataclass
class _Facts:
    by_kind: dict[str, set[Fact]] = field(default_factory=dict)
    scope: dict[str, set[str]] = field(default_factory=dict)  # kind -> scope keys present

    def add(self, kind: str, fact: Fact, scope: str) -> None:
        self.by_kind.setdefault(kind, set()).add(fact)
        self.scope.setdefault(kind, set()).add(scope)


#: For each kind, which element of a fact is its scope key (the assignment ID or the chapter).
_SCOPE: dict[str, Callable[[Fact], str]] = {
    "assignments": lambda f: f[0],
    "titles": lambda f: f[0],
    "goal-membership": lambda f: f[0],
    "deadlines": lambda f: f[0],
    "actor-mentions": lambda f: f[0],
    "roles": lambda f: f[0],
    "solutions": lambda f: f[0],
    "legal-references": lambda f: f[0],
    "budget-lines": lambda f: f[1],
    "earmarks": lambda f: f[0],
    "goals": lambda f: "*",
    "steering-parameters": lambda f: "*",
    "priority-areas": lambda f: "*",
    "annual-cycle": lambda f: "*",
}


def facts(graph: Graph, letters: Iterable[URIRef] | None = None) -> dict[str, set[Fact]]:
    """The normalised facts of ``letters`` (default: every letter in ``graph``), by kind."""
    letter_set = set(letters) if letters is not None else _letters(graph)
    # A supplement's new assignments belong to the letter it amends (eli:amends).
    letter_set |= {
        o
        for s in list(letter_set)
        for o in graph.objects(s, URIRef("http://data.europa.eu/eli/ontology#amends"))
        if isinstance(o, URIRef)
    }
    out: dict[str, set[Fact]] = {kind: set() for kind in KINDS}

    def part_of(subject: Any) -> bool:
        return any(parent in letter_set for parent in graph.objects(subject, DCTERMS.isPartOf))

    def notation(node: Any) -> str:
        return str(graph.value(node, SKOS.notation) or node)

    for assignment in set(graph.subjects(RDF.type, TB.Assignment)):
        if not part_of(assignment):
            continue
        ident = graph.value(assignment, DCTERMS.identifier)
        if ident is None:
            continue
        aid = str(ident).replace("–", "-")
        out["assignments"].add((aid,))
        title = _nb(graph, assignment, DCTERMS.title)
        if title:
            out["titles"].add((aid, normalise_text(title)))
        for goal in graph.objects(assignment, TB.mainGoal):
            out["goal-membership"].add((aid, notation(goal)))
        holders = [
            assignment,
            *graph.objects(assignment, TB.hasDeliverable),
            *graph.subjects(TB.deliverableOf, assignment),
        ]
        for holder in set(holders):
            for deadline in graph.objects(holder, TB.deadline):
                kind = graph.value(deadline, TB.deadlineKind)
                date = graph.value(deadline, TIME.inXSDDate)
                kind_name = str(kind).rstrip("/").rsplit("/", 1)[-1] if kind is not None else "?"
                out["deadlines"].add((aid, kind_name, str(date) if date is not None else ""))
            for inv in graph.objects(holder, TB.involvement):
                agent = graph.value(inv, PROV.agent)
                role = graph.value(inv, PROV.hadRole)
                if agent is None:
                    continue
                out["actor-mentions"].add((aid, str(agent)))
                if role is not None:
                    out["roles"].add((aid, str(agent), str(role).rstrip("/").rsplit("/", 1)[-1]))
            for solution in graph.objects(holder, TB.concerns):
                out["solutions"].add((aid, str(solution)))
            for prop in (TB.legalBasis, TB.references):
                for ref in graph.objects(holder, prop):
                    out["legal-references"].add((aid, str(ref)))
    for goal in set(graph.subjects(RDF.type, TB.MainGoal)):
        if part_of(goal):
            out["goals"].add((notation(goal), normalise_text(_nb(graph, goal, RDFS.label) or "")))
    chapters = {
        c
        for cls in (TB.BudgetChapter, TB.ExpenditureChapter, TB.RevenueChapter)
        for c in graph.subjects(RDF.type, cls)
        if part_of(c)
    }
    for chapter in chapters:
        total = graph.value(chapter, TB.totalNOK)
        if total is not None:
            out["budget-lines"].add(("sum", notation(chapter), "", _number(total)))
        for post in graph.subjects(TB.chapter, chapter):
            amount = graph.value(post, TB.amountNOK)
            if amount is not None:
                out["budget-lines"].add(("post", notation(chapter), notation(post), _number(amount)))
            for earmark in graph.subjects(TB.withinPost, post):
                value = graph.value(earmark, TB.amountNOK)
                if value is not None:
                    out["earmarks"].add((f"{notation(chapter)}/{notation(post)}", _number(value)))
    for item in set(graph.subjects(RDF.type, TB.SteeringParameter)):
        goals = [notation(g) for g in graph.objects(item, TB.mainGoal)]
        if part_of(item) or any(
            parent in letter_set
            for g in graph.objects(item, TB.mainGoal)
            for parent in graph.objects(g, DCTERMS.isPartOf)
        ):
            out["steering-parameters"].add(
                (goals[0] if goals else "", normalise_text(_nb(graph, item, RDFS.label) or ""))
            )
    for item in set(graph.subjects(RDF.type, TB.PriorityArea)):
        if part_of(item):
            out["priority-areas"].add((normalise_text(_nb(graph, item, RDFS.label) or ""),))
    for item in set(graph.subjects(RDF.type, TB.AnnualCycleItem)):
        if part_of(item):
            dates = [str(graph.value(d, TIME.inXSDDate)) for d in graph.objects(item, TB.deadline)]
            label = _nb(graph, item, RDFS.label) or _nb(graph, item, TB.text) or ""
            out["annual-cycle"].add((dates[0] if dates else "", normalise_text(label)))
    return out


def _number(value: Any) -> str:
    try:
        from decimal import Decimal

        number = Decimal(str(value))
        return format(number.normalize(), "f")
    except Exception:  # noqa: BLE001 - a malformed literal is compared as its text
        return str(value)


@dataclass
class KindScore:
    kind: str
    extracted: int
    curated: int
    matched: int
    unscored: int
    missed: list[Fact]  # curated, not extracted
    extra: list[Fact]  # extracted, not curated (within the curated scope)

    @property
    def precision(self) -> float | None:
        scored = self.extracted - self.unscored
        return self.matched / scored if scored else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.curated if self.curated else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "description": KINDS.get(self.kind, ""),
            "extracted": self.extracted,
            "curated": self.curated,
            "matched": self.matched,
            "unscored": self.unscored,
            "precision": self.precision,
            "recall": self.recall,
            "missed": [list(f) for f in self.missed],
            "extra": [list(f) for f in self.extra],
        }


@dataclass
class Comparison:
    kinds: dict[str, KindScore]
    letters: list[str]
    curated_assignments: int
    extracted_assignments: int

    def __getitem__(self, kind: str) -> KindScore:
        return self.kinds[kind]

    def to_json(self) -> str:
        return json.dumps(
            {
                "letters": self.letters,
                "curated_assignments": self.curated_assignments,
                "extracted_assignments": self.extracted_assignments,
                "kinds": [k.as_dict() for k in self.kinds.values()],
            },
            ensure_ascii=False,
            indent=2,
        )

    def to_table(self) -> Any:
        """A ``rich`` table of precision and recall per kind."""
        from rich.table import Table

        table = Table(title="Extraction against the curated graph", title_justify="left")
        for name, justify in (
            ("kind", "left"),
            ("curated", "right"),
            ("extracted", "right"),
            ("matched", "right"),
            ("unscored", "right"),
            ("precision", "right"),
            ("recall", "right"),
        ):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for score in self.kinds.values():
            table.add_row(
                score.kind,
                str(score.curated),
                str(score.extracted),
                str(score.matched),
                str(score.unscored),
                _pct(score.precision),
                _pct(score.recall),
            )
        return table

    def misses_text(self) -> str:
        lines = []
        for score in self.kinds.values():
            for fact in score.missed:
                lines.append(f"missed  {score.kind:<18} {' | '.join(_short(x) for x in fact)}")
            for fact in score.extra:
                lines.append(f"extra   {score.kind:<18} {' | '.join(_short(x) for x in fact)}")
        return "\n".join(lines)


def _short(value: str) -> str:
    return value.rsplit("/", 1)[-1] if value.startswith("http") else value


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def compare(extracted: Graph, curated: Graph) -> Comparison:
    """Precision and recall of ``extracted`` against ``curated``, per kind of fact, with every miss."""
    letters = _letters(extracted)
    curated_letters = letters & _letters(curated)
    if not curated_letters:
        # The same letter under another IRI: match on recipient and budget year.
        wanted = {
            (extracted.value(letter, TB.recipient), str(extracted.value(letter, TB.budgetYear))) for letter in letters
        }
        curated_letters = {
            c
            for c in _letters(curated)
            if (curated.value(c, TB.recipient), str(curated.value(c, TB.budgetYear))) in wanted
        }
    ours = facts(extracted, letters)
    theirs = facts(curated, curated_letters)
    scores: dict[str, KindScore] = {}
    for kind in KINDS:
        mine, gold = ours[kind], theirs[kind]
        scope_of = _SCOPE[kind]
        covered = {scope_of(f) for f in gold}
        scored = {f for f in mine if scope_of(f) in covered} if kind != "assignments" else mine
        matched = mine & gold
        scores[kind] = KindScore(
            kind=kind,
            extracted=len(mine),
            curated=len(gold),
            matched=len(matched),
            unscored=len(mine) - len(scored),
            missed=sorted(gold - mine),
            extra=sorted(scored - gold),
        )
    return Comparison(
        kinds=scores,
        letters=sorted(map(str, letters)),
        curated_assignments=len(theirs["assignments"]),
        extracted_assignments=len(ours["assignments"]),
    )
