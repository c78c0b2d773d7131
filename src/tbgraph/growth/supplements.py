"""A synthetic supplement (tillegg) to a synthetic letter, for growth benchmarks of answers as of a day.

A steering year is a letter and its supplements. :func:`render_supplement` writes "Tillegg nr. 1" to a
letter made by :mod:`tbgraph.growth.letters`, with the four kinds of change the hand-modelled fixtures
(``tests/fixtures/supplements``) have: a budget post and its chapter raised, a new assignment, an
assignment withdrawn from 1 July, a deadline moved. It reads what it changes from the letter's own
Turtle (assignment IDs, a dated deadline, a post and its chapter with their amounts), so every change
names a resource of the letter, starts from the amount the letter gives and adds up; every fact
quotes the supplement's generated text at its lines. Deterministic: the same letter gives the same
supplement.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from tbgraph.growth.letters import LetterSpec


__all__ = ["SUPPLEMENT_NUMBER", "render_supplement", "supplement_stem"]

#: The number of the one supplement each letter gets.
SUPPLEMENT_NUMBER = 1

_MONTHS_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip

_PREFIXES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX tb: <https://w3id.org/tbgraph/ontology#>
PREFIX tbdk: <https://w3id.org/tbgraph/def/deadline-kind/>
PREFIX tbunit: <https://w3id.org/tbgraph/def/unit/>
PREFIX time: <http://www.w3.org/2006/time#>
"""

_HEADER = """@base <https://w3id.org/tbgraph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix tb: <https://w3id.org/tbgraph/ontology#> .
@prefix tbdk: <https://w3id.org/tbgraph/def/deadline-kind/> .
@prefix tbrole: <https://w3id.org/tbgraph/def/role/> .
@prefix tbunit: <https://w3id.org/tbgraph/def/unit/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def supplement_stem(spec: LetterSpec) -> str:
    """The file stem of a letter's supplement, as :mod:`tbgraph.dataset.loader` reads it."""
    return f"{spec.stem}-tillegg-{SUPPLEMENT_NUMBER}"


@dataclass(frozen=True)
class _Facts:
    """What the supplement changes, read from the letter."""

    assignments: list[tuple[str, str]]  # (IRI, ID), by ID
    deadlines: list[tuple[str, str, str, date, str, str]]  # (assignment, ID, deadline, date, labels nb, en)
    posts: list[tuple[str, str, str, str, int, int, int, int]]  # post, label, chapter, chapter no., amounts
    main_goal: str


def _value(term: object) -> str:
    return str(getattr(term, "value", term))


def _facts(letter_turtle: str, letter_iri: str) -> _Facts:
    store = ox.Store()
    store.load(letter_turtle.encode("utf-8"), ox.RdfFormat.TURTLE)

    def rows(body: str) -> list[list[str]]:
        return [[_value(cell) for cell in row] for row in store.query(_PREFIXES + body)]  # type: ignore[union-attr]

    assignments = rows(
        f"SELECT ?a ?id WHERE {{ ?a a tb:Assignment ; dcterms:identifier ?id ; dcterms:isPartOf <{letter_iri}> }}"
        " ORDER BY ?id"
    )
    deadlines = rows(
        f"""SELECT ?a ?id ?d ?date ?label ?label_en WHERE {{
            ?a a tb:Assignment ; dcterms:identifier ?id ; dcterms:isPartOf <{letter_iri}> ; tb:deadline ?d .
            ?d time:inXSDDate ?date ; tb:deadlineKind tbdk:final ; rdfs:label ?label, ?label_en .
            FILTER(LANG(?label) = "nb" && LANG(?label_en) = "en")
        }} ORDER BY ?id ?d"""
    )
    posts = rows(
        f"""SELECT ?p ?pn ?label ?c ?cn ?amount ?stated ?total ?stated_total WHERE {{
            ?c a tb:ExpenditureChapter ; dcterms:isPartOf <{letter_iri}> ; skos:notation ?cn ;
                tb:totalNOK ?total ; tb:statedTotal ?stated_total ; tb:statedUnit tbunit:thousand-NOK .
            ?p tb:chapter ?c ; skos:notation ?pn ; rdfs:label ?label ; tb:amountNOK ?amount ;
                tb:statedAmount ?stated ; tb:statedUnit tbunit:thousand-NOK .
            FILTER(LANG(?label) = "nb")
        }} ORDER BY ?cn ?pn"""
    )
    goal = rows(f'SELECT ?g WHERE {{ ?g a tb:MainGoal ; dcterms:isPartOf <{letter_iri}> ; skos:notation "1" }}')
    return _Facts(
        assignments=[(a, i) for a, i in assignments],
        deadlines=[(a, i, d, date.fromisoformat(day), nb, en) for a, i, d, day, nb, en in deadlines],
        posts=[
            (p, f"{label}", c, cn, int(amount), int(stated), int(total), int(stated_total))
            for p, _pn, label, c, cn, amount, stated, total, stated_total in posts
        ],
        main_goal=goal[0][0],
    )


def _relative(iri: str) -> str:
    return "<" + iri.removeprefix("https://w3id.org/tbgraph/id/") + ">"


def _nb_day(day: date) -> str:
    return f"{day.day}. {_MONTHS_NB[day.month - 1]} {day.year}"


def _thousands(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def render_supplement(spec: LetterSpec, letter_turtle: str, seed: int = 0) -> tuple[str, str, int]:
    """Supplement no. 1 to the letter ``spec`` (whose Turtle is ``letter_turtle``): its Turtle, its
    source text, and how many changes it makes."""
    year, recipient, issuer = spec.year, spec.recipient, spec.issuer
    letter = f"https://w3id.org/tbgraph/id/letter/{recipient.key}/{year}"
    facts = _facts(letter_turtle, letter)
    rng = random.Random(f"{seed}/{spec.stem}/tillegg")
    stem = supplement_stem(spec)
    supplement = f"<letter/{recipient.key}/{year}/supplement/{SUPPLEMENT_NUMBER}>"
    source = f"<source/synthetic/{stem}>"
    issued = date(year, 6, 15)
    withdrawn_from = date(year, 7, 1)

    moved_assignment, moved_id, old_deadline, old_day, deadline_label, deadline_label_en = rng.choice(facts.deadlines)
    withdrawable = [(a, i) for a, i in facts.assignments if a != moved_assignment]
    withdrawn, withdrawn_id = rng.choice(withdrawable)
    new_day = old_day + timedelta(days=61)
    if new_day.year != year:
        new_day = old_day - timedelta(days=30)
    post, post_label, chapter, chapter_no, amount, stated, total, stated_total = rng.choice(facts.posts)
    post_no = post.rsplit("-", 1)[1]
    raise_by = rng.randint(1, 50) * 100  # thousand kroner
    new_number = len(facts.assignments) + 1
    new_id = f"TB{year}-{new_number:02d}"
    new = f"<assignment/{recipient.key}/{new_id}>"
    short = recipient.label_nb

    lines = [
        f"Tillegg nr. {SUPPLEMENT_NUMBER} til tildelingsbrev for {year} til {recipient.label_nb}",
        "",
        f"{issuer.label_nb} viser til tildelingsbrev for {year} og gjør følgende endringer i tildelingsbrevet.",
        "",
        "1 Endringer i bevilgningen",
        "Kap. Post Betegnelse Tidligere tildelt Endring Ny tildeling",
        f"{chapter_no} {post_no} {post_label} {_thousands(stated)} {_thousands(raise_by)} "
        f"{_thousands(stated + raise_by)}",
        f"Sum kap. {chapter_no} {_thousands(stated_total)} {_thousands(raise_by)} "
        f"{_thousands(stated_total + raise_by)}",
        "",
        "2 Nytt oppdrag",
        f"ID: {new_id.replace('-', '–')} Kartlegging av informasjonssikkerhet i sektoren",
        f"{short} skal kartlegge informasjonssikkerheten i sektorens fellesløsninger og foreslå tiltak.",
        f"Frist: {_nb_day(date(year, 12, 15))}",
        "",
        "3 Oppdrag som utgår",
        f"Oppdrag {withdrawn_id.replace('-', '–')} utgår med virkning fra {_nb_day(withdrawn_from)}.",
        "",
        "4 Endret frist",
        f"Fristen for oppdrag {moved_id.replace('-', '–')} endres fra {_nb_day(old_day)} til {_nb_day(new_day)}.",
    ]
    text = "\n".join(lines) + "\n"

    def loc(section: str, line: int, quote: str | None = None) -> str:
        words = lines[line - 1] if quote is None else quote
        assert " ".join(words.split()) in " ".join(lines[line - 1].split()), (words, line)
        return (
            f"[ a tb:SourceLocation ; tb:inSourceText {source} ; tb:section {_lit(section)} ; "
            f"tb:quote {_lit(words)} ; tb:lineStart {line} ; tb:lineEnd {line} ]"
        )

    def change(n: int, kind: str, label_nb: str, label_en: str, day: date, body: str, where: str) -> str:
        return (
            f"<letter/{recipient.key}/{year}/supplement/{SUPPLEMENT_NUMBER}/change/{n}>\n"
            f"    a tb:{kind} ;\n    dcterms:isPartOf {supplement} ;\n"
            f"    rdfs:label {_lit(label_nb)}@nb, {_lit(label_en)}@en ;\n"
            f'    tb:inEffectFrom "{day.isoformat()}"^^xsd:date ;\n{body}    tb:source {where} .\n'
        )

    budget = (
        "    tb:statedUnit tbunit:thousand-NOK ;\n"
        "    tb:statedBefore {sb} ;\n    tb:statedChange {sc} ;\n    tb:statedAfter {sa} ;\n"
        "    tb:beforeNOK {nb} ;\n    tb:changeNOK {nc} ;\n    tb:afterNOK {na} ;\n"
    )
    parts = [
        _HEADER,
        f"# SYNTHETIC supplement {stem} (tbgraph.growth.supplements): not a real letter.\n",
        f"{source}\n    a tb:SourceText ;\n"
        f"    rdfs:label {_lit('Syntetisk kildetekst til ' + lines[0])}@nb, "
        f"{_lit(f'Synthetic source text of supplement no. {SUPPLEMENT_NUMBER} to the {year} letter')}@en ;\n"
        f'    dcterms:identifier "data/source/synthetic/{stem}.txt" ;\n    tb:textOf {supplement} .\n',
        f"{supplement}\n    a tb:LetterSupplement ;\n"
        f"    dcterms:title {_lit(f'Tillegg nr. {SUPPLEMENT_NUMBER} til tildelingsbrev for {year}')}@nb, "
        f"{_lit(f'Supplement no. {SUPPLEMENT_NUMBER} to the allocation letter for {year}')}@en ;\n"
        f"    rdfs:label {_lit(lines[0])}@nb, "
        f"{_lit(f'Supplement no. {SUPPLEMENT_NUMBER} to the {year} allocation letter to {recipient.label_en}')}@en ;\n"
        f'    skos:notation "{SUPPLEMENT_NUMBER}" ;\n    eli:amends <letter/{recipient.key}/{year}> ;\n'
        f"    tb:issuedBy {issuer.ref} ;\n    tb:recipient {recipient.ref} ;\n"
        f'    tb:budgetYear "{year}"^^xsd:gYear ;\n    dcterms:issued "{issued.isoformat()}"^^xsd:date ;\n'
        f"    tb:source {loc('innledning', 1)} .\n",
        change(
            1,
            "BudgetChange",
            f"Kap. {chapter_no} post {post_no} økes",
            f"Chapter {chapter_no} post {post_no} raised",
            issued,
            f"    tb:amendedItem {_relative(post)} ;\n"
            + budget.format(
                sb=stated, sc=raise_by, sa=stated + raise_by, nb=amount, nc=raise_by * 1000, na=amount + raise_by * 1000
            ),
            loc("1", 7),
        ),
        change(
            2,
            "BudgetChange",
            f"Sum kap. {chapter_no} økes",
            f"Total of chapter {chapter_no} raised",
            issued,
            f"    tb:amendedItem {_relative(chapter)} ;\n"
            + budget.format(
                sb=stated_total,
                sc=raise_by,
                sa=stated_total + raise_by,
                nb=total,
                nc=raise_by * 1000,
                na=total + raise_by * 1000,
            ),
            loc("1", 8),
        ),
        change(
            3,
            "AssignmentAddition",
            f"Nytt oppdrag {new_id}",
            f"New assignment {new_id}",
            issued,
            f"    tb:amendedItem <letter/{recipient.key}/{year}> ;\n    prov:generated {new} ;\n",
            loc("2", 11),
        ),
        f'{new}\n    a tb:Assignment ;\n    dcterms:identifier "{new_id}" ;\n'
        f"    dcterms:isPartOf <letter/{recipient.key}/{year}> ;\n"
        f"    dcterms:title {_lit('Kartlegging av informasjonssikkerhet i sektoren')}@nb, "
        f"{_lit('Survey of information security in the sector')}@en ;\n"
        f"    tb:text {_lit(lines[11])}@nb ;\n    tb:mainGoal {_relative(facts.main_goal)} ;\n"
        f"    tb:involvement <assignment/{recipient.key}/{new_id}/involvement/{recipient.key}-owner> ;\n"
        f"    tb:deadline <assignment/{recipient.key}/{new_id}/deadline/1> ;\n"
        f"    tb:source {loc('2', 11)}, {loc('2', 12)} .\n",
        f"<assignment/{recipient.key}/{new_id}/involvement/{recipient.key}-owner>\n    a tb:Involvement ;\n"
        f"    prov:agent {recipient.ref} ;\n    prov:hadRole tbrole:owner ;\n"
        f"    tb:source {loc('2', 12, f'{short} skal kartlegge')} .\n",
        f"<assignment/{recipient.key}/{new_id}/deadline/1>\n    a tb:Deadline ;\n"
        f"    rdfs:label {_lit('Kartlegging av informasjonssikkerhet i sektoren')}@nb, "
        f"{_lit('Survey of information security in the sector')}@en ;\n"
        f'    time:inXSDDate "{date(year, 12, 15).isoformat()}"^^xsd:date ;\n    tb:deadlineKind tbdk:final ;\n'
        f"    tb:source {loc('2', 13)} .\n",
        change(
            4,
            "AssignmentWithdrawal",
            f"Oppdrag {withdrawn_id} utgår",
            f"Assignment {withdrawn_id} withdrawn",
            withdrawn_from,
            f"    tb:amendedItem {_relative(withdrawn)} ;\n    prov:invalidated {_relative(withdrawn)} ;\n",
            loc("3", 16),
        ),
        change(
            5,
            "DeadlineChange",
            f"Fristen for {moved_id} flyttes",
            f"Deadline of {moved_id} moved",
            issued,
            f"    tb:amendedItem {_relative(moved_assignment)} ;\n    prov:invalidated {_relative(old_deadline)} ;\n"
            f"    prov:generated {_relative(old_deadline)[:-1]}/revised> ;\n",
            loc("4", 19),
        ),
        f"{_relative(moved_assignment)} tb:deadline {_relative(old_deadline)[:-1]}/revised> .\n",
        f"{_relative(old_deadline)[:-1]}/revised>\n    a tb:Deadline ;\n"
        f"    rdfs:label {_lit(deadline_label)}@nb, {_lit(deadline_label_en)}@en ;\n"
        f'    time:inXSDDate "{new_day.isoformat()}"^^xsd:date ;\n    tb:deadlineKind tbdk:final ;\n'
        f"    prov:wasRevisionOf {_relative(old_deadline)} ;\n    tb:source {loc('4', 19)} .\n",
    ]
    return "\n".join(parts), text, 5


def _lit(text: str) -> str:
    return f'"{_esc(text)}"'
