"""Supplements ("Tillegg nr. 3 til tildelingsbrev for 2023"): what they change in the letter they amend.

A supplement gives new assignments, withdraws assignments, moves deadlines, changes budget posts
and changes other facts. Each change is found by the way the genre writes it:

* a budget table with the columns before / change / after ("Tidligere tildelt", "Endring",
  "Ny tildeling"); the three amounts of a row are told apart, where spaces also separate
  thousands, by the split that adds up (before + change = after);
* new assignments: the assignments of a section about new assignments ("Nytt oppdrag",
  "Nye oppdrag", "Tilleggsoppdrag"); "Oppdraget hører inn under hovedmål 2" places them;
* a withdrawal: an assignment ID and "utgår" / "trekkes tilbake" / "bortfaller", with
  "med virkning fra <dato>" where the text gives one;
* a moved deadline: an assignment ID and "endres/flyttes/utsettes fra <dato> til <dato>", or a
  table row with the ID and the old and the new date;
* steering meetings: "tre etatsstyringsmøter …, ikke fire".

A change takes effect on the day the text names, else on the supplement's date (its letterhead).
What a moved deadline replaces is looked up in the amended letter's graph (the shipped letters and
the loaded ones): the deadline of that assignment, or of one of its parts, on the old date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import TIME

from ..namespaces import TB
from .amounts import parse_number
from .dates import DATE_RE, parse_date
from .problems import Problem
from .sections import Section, section_at
from .text import Block, Line, Quote, SourceDoc

__all__ = ["SupplementChanges", "BudgetChangeRow", "Withdrawal", "DeadlineMove", "FactChangeRow", "find_changes"]

#: A date without named groups, so that two can stand in one pattern.
_DATE = re.sub(r"\(\?P<\w+>", "(?:", DATE_RE.pattern)
#: An assignment as a supplement names it: by its ID ("TB2023–17") or its number ("oppdrag nr. 4").
_ID = (
    r"(?:TB\s*(?P<idyear>\d{4})\s*[-–—‐‑]\s*(?P<idnum>\d{1,3})"
    r"|[Oo]ppdrag(?:et)?\s+(?:nr\.?\s*)?(?P<onum>\d{1,3})\b(?!\.\s*\d|\s*:))"
)
_CHANGE_HEADER = re.compile(
    r"^\s*Kap\.?\s+Post\s+\S+.*\b(?:Tidligere|Tidlegare|Opprinnelig|Opphavleg|Før|Gjeldande|Gjeldende)\b.*"
    r"\bEndring\b.*\b(?:Ny|Nytt|Etter|Revidert)\b",
    re.IGNORECASE,
)
_CHANGE_ROW = re.compile(r"^\s*(?:(?P<chap>\d{3,4})\s+)?(?P<post>\d{2})\s+(?P<rest>\S.*?)\s*$")
_CHANGE_SUM = re.compile(r"^\s*Sum\s+(?:kap\.?|kapittel)\s*(?P<chap>\d{3,4})\s+(?P<rest>.*?)\s*$", re.IGNORECASE)
_NUMBERS_AT_END = re.compile(r"(?P<numbers>(?:[-–−]?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?\s*){3})$")
_NEW_SECTION = re.compile(r"^(?:Nytt|Nye|Ekstra)\s+oppdrag|^Tilleggsoppdrag|^Nye\s+oppgåver|^Nytt\s+oppdrag", re.I)
_WITHDRAWN = re.compile(
    rf"(?:Oppdrag(?:et)?\s+)?{_ID}[^.]*?\b(?:utgår|går\s+ut|trekkes\s+tilbake|vert\s+trekt\s+tilbake|bortfaller|"
    rf"fell\s+bort|avsluttes|avsluttast|tas\s+ut)\b"
    rf"(?:[^.]*?\bmed\s+verknad\s+frå|[^.]*?\bmed\s+virkning\s+fra|[^.]*?\bfra|[^.]*?\bfrå)?\s*(?P<date>{_DATE})?",
    re.IGNORECASE,
)
_MOVED = re.compile(
    rf"{_ID}[^.]*?\b(?:endres|flyttes|utsettes|forskyves|blir\s+endra|vert\s+endra|endrast|flyttast|vert\s+flytta|"
    rf"blir\s+flytta|utsetjast|vert\s+utsett)\s+"
    rf"(?:fra|frå)\s+(?P<old>{_DATE})\s+til\s+(?P<new>{_DATE})",
    re.IGNORECASE,
)
_MOVED_ROW = re.compile(rf"^\s*{_ID}\b.*?(?P<old>{_DATE})\s+(?P<new>{_DATE})\s*$", re.IGNORECASE)
_NUMBER_WORDS = {"en": 1, "ett": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8}
_MEETINGS = re.compile(
    rf"\b(?P<after>\d+|{'|'.join(_NUMBER_WORDS)})\s+etatsstyringsmøter\b[^.]*?\b(?:ikke|ikkje)\s+(?P<before>\d+|{'|'.join(_NUMBER_WORDS)})\b",
    re.IGNORECASE,
)
_GOAL_NOTE = re.compile(
    r"\bhører\s+(?:inn\s+)?under\s+hovedmål\s+(?P<n>\d+)|\bhøyrer\s+(?:inn\s+)?under\s+hovudmål\s+(?P<nn>\d+)", re.I
)


@dataclass
class BudgetChangeRow:
    chapter: str
    post: str | None  # None for the chapter's sum
    before: Decimal
    change: Decimal
    after: Decimal
    unit: str
    quotes: list[Quote]
    section: str


@dataclass
class Withdrawal:
    identifier: str
    effective: dt.date | None
    quotes: list[Quote]
    section: str


@dataclass
class DeadlineMove:
    identifier: str
    old: dt.date
    new: dt.date
    quotes: list[Quote]
    section: str


@dataclass
class FactChangeRow:
    prop: str
    before: int
    after: int
    quotes: list[Quote]
    section: str


@dataclass
class SupplementChanges:
    issued: dt.date | None = None
    budget: list[BudgetChangeRow] = field(default_factory=list)
    withdrawals: list[Withdrawal] = field(default_factory=list)
    moves: list[DeadlineMove] = field(default_factory=list)
    facts: list[FactChangeRow] = field(default_factory=list)
    new_sections: list[Section] = field(default_factory=list)
    goal_notes: dict[str, tuple[str, list[Quote]]] = field(default_factory=dict)  # section -> (goal, quotes)


def _id(match: re.Match[str]) -> str:
    """ "TB2023-17", or "Oppdrag 4" for an assignment named by its number (resolved against the letter)."""
    if match["onum"]:
        return f"Oppdrag {int(match['onum'])}"
    return f"TB{match['idyear']}-{int(match['idnum']):02d}"


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``; a full stop after "nr", "kap", "jf" or a digit ends none."""
    not_end = re.compile(r"(?:\bnr|\bkap|\bjf|\bpkt|\bca|\d)\.$", re.IGNORECASE)
    left = start
    while True:
        cut = text.rfind(". ", 0, left)
        if cut < 0:
            left = 0
            break
        if not not_end.search(text[: cut + 1]):
            left = cut + 2
            break
        left = cut
    right = end
    while True:
        cut = text.find(". ", right)
        if cut < 0:
            right = len(text)
            break
        if not not_end.search(text[: cut + 1]):
            right = cut + 1
            break
        right = cut + 1
    return left, right


def resolve_assignment(graph: Graph | None, base: URIRef, identifier: str, key: str, year: int) -> URIRef:
    """The amended letter's assignment a supplement names: its TB ID, or "Oppdrag 4" looked up by the
    marking the letter gave it ("Oppdrag 4", table row "Nr. 4")."""
    from rdflib.namespace import DCTERMS, SKOS

    from ..namespaces import ID_BASE

    if identifier.startswith("TB"):
        return URIRef(f"{ID_BASE}assignment/{key}/{identifier}")
    number = identifier.split()[-1]
    if graph is not None:
        for marking in (f"Oppdrag {number}", f"Nr. {number}", f"rad {number}"):
            for assignment in graph.subjects(SKOS.notation, Literal(marking)):
                if (assignment, DCTERMS.isPartOf, base) in graph:
                    return assignment  # type: ignore[return-value]
    return URIRef(f"{ID_BASE}assignment/{key}/{year}/oppdrag-{number}")


def _split_three(text: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """Three amounts written with spaces between thousands, told apart by before + change = after."""
    tokens = re.findall(r"[-–−]?\d+(?:,\d+)?", text)
    if len(tokens) < 3:
        return None
    for cut1, cut2 in combinations(range(1, len(tokens)), 2):
        parts = [tokens[:cut1], tokens[cut1:cut2], tokens[cut2:]]
        values = []
        for part in parts:
            if any(t[:1] in "-–−" for t in part[1:]) or any(len(t.lstrip("-–−").split(",")[0]) != 3 for t in part[1:]):
                break
            if len(part[0].lstrip("-–−").split(",")[0]) > 3 and len(part) > 1:
                break
            negative = part[0][:1] in "-–−"
            number = parse_number(" ".join([part[0].lstrip("-–−"), *part[1:]]))
            if number is None:
                break
            values.append(-number if negative else number)
        if len(values) == 3 and values[0] + values[1] == values[2]:
            return values[0], values[1], values[2]
    return None


def _unit(lines: list[Line]) -> str:
    text = " ".join(line.text for line in lines).lower()
    if "mill" in text:
        return "million-NOK"
    if re.search(r"1\s?000|tusen", text):
        return "thousand-NOK"
    return "thousand-NOK"


def _section(sections: list[Section], line: int) -> str:
    found = section_at(sections, line)
    return found.number if found else "innledning"


def find_changes(doc: SourceDoc, sections: list[Section], year: int, problems: list[Problem]) -> SupplementChanges:
    """Every change a supplement states, with its quotes."""
    lines = doc.content()
    changes = SupplementChanges()
    title_at = next(
        (k for k, ln in enumerate(lines[:40]) if re.search(r"tildelingsbrev|endringsbrev", ln.text, re.I)), 0
    )
    for line in lines[:title_at]:
        for match in DATE_RE.finditer(line.text):
            if match["year"] or match["nyear"]:
                changes.issued = parse_date(match, year)
                break
        if changes.issued:
            break

    # Budget tables: before / change / after.
    k = 0
    while k < len(lines):
        if not _CHANGE_HEADER.match(lines[k].text):
            k += 1
            continue
        unit = _unit(lines[max(0, k - 2) : k + 2])
        chapter: str | None = None
        row: list[Line] = []
        k += 1
        while k < len(lines):
            text = lines[k].text
            total = _CHANGE_SUM.match(text)
            start = _CHANGE_ROW.match(text)
            if total or (start and _split_three(start["rest"])):
                if total:
                    split = _split_three(total["rest"])
                    rows = [lines[k]]
                    number, post = total["chap"], None
                else:
                    assert start is not None
                    split = _split_three(start["rest"])
                    rows = [lines[k]]
                    number = start["chap"] or chapter
                    post = start["post"]
                    j = k + 1
                    while (
                        j < len(lines) and not _CHANGE_ROW.match(lines[j].text) and not _CHANGE_SUM.match(lines[j].text)
                    ):
                        if not re.match(r"^\s*[a-zæøå]", lines[j].text) or re.search(r"\d{3}\s*$", lines[j].text):
                            break
                        rows.append(lines[j])
                        j += 1
                if split is None or number is None:
                    problems.append(
                        Problem(lines[k].number, lines[k].number, "budget-change", "row without three amounts")
                    )
                else:
                    chapter = number
                    changes.budget.append(
                        BudgetChangeRow(
                            number, post, *split, unit, doc.block(rows).quotes(), _section(sections, lines[k].number)
                        )
                    )
                k += len(rows)
                if total:
                    break
                continue
            if re.match(r"^\s*(?:tildelt|tildeling|\(i|kap\.?\s*\d)", text, re.I):
                k += 1
                continue
            if row or changes.budget:
                break
            k += 1

    heading_lines = {n for s in sections for n in range(s.line_start, s.title_end + 1)}
    stretches: list[list[Line]] = [[]]
    for line in lines:
        if line.number in heading_lines:
            stretches.append([])  # a sentence never runs across a heading
        else:
            stretches[-1].append(line)
    for stretch in stretches:
        if stretch:
            _sentences(doc.block(stretch), sections, year, changes)
    changes.new_sections = [s for s in sections if _NEW_SECTION.match(s.title)]
    for section in changes.new_sections:
        body = [ln for ln in lines if section.title_end < ln.number <= section.line_end]
        text_block = doc.block(body) if body else None
        if text_block is None:
            continue
        note = _GOAL_NOTE.search(text_block.text)
        if note:
            first, last = _sentence(text_block.text, note.start(), note.end())
            changes.goal_notes[section.number] = (note["n"] or note["nn"], text_block.quotes(first, last))
    for line in lines:
        moved = _MOVED_ROW.match(line.text)
        if not moved:
            continue
        old = parse_date(DATE_RE.match(line.text, moved.start("old")), year)  # type: ignore[arg-type]
        new = parse_date(DATE_RE.match(line.text, moved.start("new")), year)  # type: ignore[arg-type]
        ident = _id(moved)
        if old and new and not any(m.identifier == ident and m.old == old for m in changes.moves):
            changes.moves.append(
                DeadlineMove(ident, old, new, doc.block([line]).quotes(), _section(sections, line.number))
            )
    return changes


def _sentences(block: Block, sections: list[Section], year: int, changes: SupplementChanges) -> None:
    """Withdrawals, moved deadlines and changed meeting counts written as sentences."""
    for match in _WITHDRAWN.finditer(block.text):
        if _MOVED.match(block.text, match.start()):
            continue
        effective = None
        if match["date"]:
            date_match = DATE_RE.match(block.text, match.start("date"))
            effective = parse_date(date_match, year) if date_match else None
        start, end = _sentence(block.text, match.start(), match.end())
        quotes = block.quotes(start, end)
        changes.withdrawals.append(Withdrawal(_id(match), effective, quotes, _section(sections, quotes[0].line_start)))
    for match in _MOVED.finditer(block.text):
        old = parse_date(DATE_RE.match(block.text, match.start("old")), year)  # type: ignore[arg-type]
        new = parse_date(DATE_RE.match(block.text, match.start("new")), year)  # type: ignore[arg-type]
        if old is None or new is None:
            continue
        start, end = _sentence(block.text, match.start(), match.end())
        quotes = block.quotes(start, end)
        changes.moves.append(DeadlineMove(_id(match), old, new, quotes, _section(sections, quotes[0].line_start)))
    for match in _MEETINGS.finditer(block.text):
        words = {
            k: int(v) if v.isdigit() else _NUMBER_WORDS[v.lower()]
            for k, v in (("a", match["after"]), ("b", match["before"]))
        }
        end = block.text.find(". ", match.end())
        end = len(block.text) if end < 0 else end + 1
        start = block.text.rfind(". ", 0, match.start())
        start = 0 if start < 0 else start + 2
        quotes = block.quotes(start, end)
        changes.facts.append(
            FactChangeRow("announcedMeetings", words["b"], words["a"], quotes, _section(sections, quotes[0].line_start))
        )


def base_graph() -> Graph:
    """The letters a supplement may amend: the shipped curated letters and the loaded ones."""
    from ..library import loaded_letters
    from ..resources import data_dir

    graph = Graph()
    for path in sorted((data_dir() / "letters").glob("*.ttl")):
        graph.parse(path, format="turtle")
    for letter in loaded_letters():
        try:
            from rdflib import Dataset

            dataset = Dataset()
            dataset.parse(letter.path, format="trig")
            for quad in dataset.quads((None, None, None, None)):
                graph.add(quad[:3])
        except Exception:  # noqa: BLE001 - a broken loaded letter is not this supplement's problem
            continue
    return graph


def deadline_on(graph: Graph, assignment: URIRef, date: dt.date) -> tuple[URIRef, URIRef, int] | None:
    """The deadline of ``assignment`` (or of one of its parts) on ``date``: (owner, deadline, count of
    the owner's deadlines), or None."""
    owners = [assignment, *graph.objects(assignment, TB.hasDeliverable), *graph.subjects(TB.deliverableOf, assignment)]
    for owner in dict.fromkeys(owners):
        for deadline in graph.objects(owner, TB.deadline):
            value = graph.value(deadline, TIME.inXSDDate)
            if value is not None and str(value) == date.isoformat():
                count = len(set(graph.objects(owner, TB.deadline)))
                return owner, deadline, count  # type: ignore[return-value]
    return None
