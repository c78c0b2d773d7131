"""The letter a supplement amends, as the supplement's reader needs it: its assignments by marking,
title and deadlines, and its budget amounts.

A supplement names an assignment by whatever the amended letter marked it with: a TB ID, an ID of
the ministry's own scheme ("DFD-2025-03"), a number ("oppdrag 2", "nr. 6", table row "Nr. 6"), or,
where the letter numbers nothing, by what the assignment is about ("oppdraget om å oppdatere
Klimatiltak i Norge"). ``BaseLetter`` answers each: a marking by the letter's ``skos:notation`` and
``dcterms:identifier``, a description by the words it shares with the assignments' titles and
texts, narrowed to the assignments with a deadline on the day the supplement says it had.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, TIME

from tbgraph.extract.words import content_words
from tbgraph.model.namespaces import TB

__all__ = ["BaseLetter"]


@dataclass
class _Assignment:
    iri: URIRef
    notation: str
    identifier: str
    words: set[str]
    title_words: set[str]
    deadlines: list[tuple[dt.date, URIRef]] = field(default_factory=list)


class BaseLetter:
    """The amended letter's assignments and budget, read from ``graph``."""

    def __init__(self, graph: Graph, iri: URIRef) -> None:
        self.graph = graph
        self.iri = iri
        self.assignments: list[_Assignment] = []
        for a in graph.subjects(DCTERMS.isPartOf, iri):
            if (a, RDF.type, TB.Assignment) not in graph or not isinstance(a, URIRef):
                continue
            title = str(graph.value(a, DCTERMS.title) or "")
            text = str(graph.value(a, TB.text) or "")
            item = _Assignment(
                a,
                str(graph.value(a, SKOS.notation) or ""),
                str(graph.value(a, DCTERMS.identifier) or ""),
                set(content_words(title + " " + text)),
                set(content_words(title)),
            )
            owners = [a, *graph.objects(a, TB.hasDeliverable), *graph.subjects(TB.deliverableOf, a)]
            for owner in dict.fromkeys(owners):
                for deadline in graph.objects(owner, TB.deadline):
                    value = graph.value(deadline, TIME.inXSDDate)
                    if value is not None and isinstance(deadline, URIRef):
                        try:
                            item.deadlines.append((dt.date.fromisoformat(str(value)), deadline))
                        except ValueError:
                            continue
            item.deadlines.sort()
            self.assignments.append(item)

    def by_marking(self, marking: str) -> _Assignment | None:
        """The assignment the letter marked so: "DFD-2025-03", "Oppdrag 4", "Nr. 4", "2.2"."""
        wanted = _fold(marking)
        for a in self.assignments:
            if wanted in (_fold(a.notation), _fold(a.identifier)):
                return a
        number = re.fullmatch(r"(?:oppdrag|nr|rad)\s*(\d{1,3})", wanted)
        if number:
            for form in (f"oppdrag {number[1]}", f"nr {number[1]}", f"rad {number[1]}"):
                for a in self.assignments:
                    if _fold(a.notation) == form:
                        return a
        return None

    def by_description(self, text: str, old: dt.date | None = None, section: str | None = None) -> _Assignment | None:
        """The assignment ``text`` describes: most words shared with its title and text; where the
        supplement gives the old deadline, among the assignments with a deadline on that day; with a
        ``section`` ("punkt 3.3 i tildelingsbrevet"), among the paragraphs and items the letter marks in it
        ("3.3, avsnitt 2")."""
        words = set(content_words(text))
        candidates = self.assignments
        if section is not None:
            within = re.compile(re.escape(_fold(section)) + r"[ ,]")
            candidates = [a for a in candidates if within.match(_fold(a.notation))]
        if old is not None:
            candidates = [a for a in candidates if any(d == old for d, _ in a.deadlines)]
            if len(candidates) == 1 and (len(words & candidates[0].words) >= 1 or not words):
                return candidates[0]
        if not words:
            return None
        titled = [a for a in candidates if a.title_words and a.title_words == words]
        if len(titled) == 1:  # "Oppdraget «Forbrukerlån» utgår": the assignment's title, word for word
            return titled[0]
        scored = sorted(
            ((len(words & a.words) + 0.5 * len(words & a.title_words), a) for a in candidates),
            key=lambda s: -s[0],
        )
        if not scored or scored[0][0] < 2:
            return None
        if len(scored) > 1 and scored[1][0] >= scored[0][0]:
            return None  # two assignments fit as well: name none rather than a wrong one
        return scored[0][1]

    def deadline(self, assignment: _Assignment, hint: str) -> dt.date | None:
        """Which of the assignment's deadlines a supplement moves without naming the old day: the
        first for an interim report ("delrapport", "foreløpig"), else the last (the final one)."""
        if not assignment.deadlines:
            return None
        if re.search(r"\b(?:delrapport\w*|foreløpig\w*|førebels\w*|delleveranse\w*|statusrapport\w*)", hint, re.I):
            return assignment.deadlines[0][0]
        return assignment.deadlines[-1][0]

    def amount(self, chapter: str, post: str | None) -> Decimal | None:
        """The letter's amount in kroner for a post or a chapter."""
        item = URIRef(f"{self.iri}/budget/kap-{chapter}" + (f"/post-{post}" if post else ""))
        value = self.graph.value(item, TB.amountNOK)
        return Decimal(str(value)) if isinstance(value, Literal) else None


def _fold(text: str) -> str:
    return re.sub(r"[\s.:–—‐‑-]+", " ", text.casefold()).strip()
