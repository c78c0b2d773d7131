"""Supplements ("Tillegg nr. 3 til tildelingsbrev for 2023"): what they change in the letter they amend.

A supplement gives new assignments, withdraws assignments, moves deadlines, changes budget posts
and changes other facts, in Bokmål or Nynorsk, in sentences or in tables. Each change is found by
the way the genre writes it (the wordings are in ``supplement_prose``):

* a budget table with the columns before / change / after ("Tidligere tildelt", "Gjeldande
  løyving", "Bevilgning før"; "Endring"; "Ny tildeling", "Revidert", "Ny bevilgning"), one or more
  chapters, its unit stated above it (kroner, 1000 kr, mill. kr); the three amounts of a row are
  told apart, where spaces also separate thousands, by the split that adds up;
* a budget change in a sentence: "Bevilgningen på kap. 1420 post 21 økes med 12,4 mill. kroner
  (, fra …) til 325,0 mill. kroner" (one the table of the same supplement gives is not counted twice;
  an amount the sentence leaves out is worked out, the one before from the amended letter);
* new assignments: the assignments of a section about new assignments ("Nytt oppdrag",
  "Nye oppdrag", "Tilleggsoppdrag"); "Oppdraget hører inn under hovedmål 2" places them;
* a withdrawal: a sentence naming an assignment and "utgår" / "trekkes tilbake" / "bortfell" /
  "vert trekt tilbake" / "avsluttes", with "med virkning fra <dato>" where the text gives one;
* a moved deadline: "endres fra <dato> til <dato>", "vert utsett til <dato>", "ny frist er <dato>
  (tidlegare <dato>)", or a table row ending in the old and the new date;
* a revised assignment: "Oppdrag 4.3 vert endra slik: «…»", "Oppdraget endres til: …", "… erstattes av
  følgende: …" (the new text, and the deadlines it gives in place of the old ones);
* steering meetings: "tre etatsstyringsmøter …, ikke fire", and the meeting that goes ("Det siste møtet i
  november utgår"): a change of the announced count that also ends that meeting.

An assignment is named by any marking the amended letter gave it (TB ID, an ID of the ministry's own
scheme, "oppdrag 2", "nr. 6") or, where the letter marks none, by what it is about ("oppdraget om å
oppdatere Klimatiltak i Norge"); both are looked up in the amended letter (``supplement_base``), and
a moved deadline without its old day is the assignment's final one (its first for a "delrapport").
A change takes effect on the day the text names, else on the supplement's date (its letterhead).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from rdflib import Graph, URIRef
from rdflib.namespace import TIME

from tbgraph.extract.amounts import parse_number
from tbgraph.extract.dates import DATE_RE, MONTHS, DeadlineMatch, find_deadlines, parse_date
from tbgraph.extract.markings import ANOTHER_ASSIGNMENT, BULLET, STOP_LINE, RawAssignment
from tbgraph.extract.problems import Problem
from tbgraph.extract.sections import Section, section_at
from tbgraph.extract.supplement_base import BaseLetter
from tbgraph.extract.supplement_prose import (
    AssignmentRef,
    budget_sentence,
    date_at,
    explicit_ref,
    marking_candidates,
    move_sentence,
    post_move,
    revision_leads_in,
    revisions_in,
    scope_date,
    sentences,
    table_unit,
    withdrawal_follow_up,
    withdrawal_sentence,
    withdraws,
)
from tbgraph.extract.text import Block, Line, Quote, SourceDoc
from tbgraph.model.namespaces import TB

__all__ = [
    "SupplementChanges",
    "new_assignment_headings",
    "BudgetChangeRow",
    "Withdrawal",
    "DeadlineMove",
    "FactChangeRow",
    "Revision",
    "find_changes",
]

#: A date without named groups, so that two can stand in one pattern.
_DATE = re.sub(r"\(\?P<\w+>", "(?:", DATE_RE.pattern)
_BEFORE_WORD = (
    r"(?:Tidligere|Tidlegare|Opprinnelig|Opphavleg|Før|Gjeldende|Gjeldande|Vedtatt|Vedteke|Saldert|Tildelt|Bevilget|"
    r"Løyvd|Løyvt)"
)
_CHANGE_WORD = r"(?:Endring\w*|Økning|Auke|Reduksjon)"
_AFTER_WORD = r"(?:Ny|Nytt|Etter|Revidert|Justert|Endelig|Endeleg)"
_CHANGE_HEADER = re.compile(rf"\b{_BEFORE_WORD}\b.*\b{_CHANGE_WORD}\b.*\b{_AFTER_WORD}\b", re.IGNORECASE)
#: A table that gives only the change and the amount after it ("Endring / Ny løyving"): the amount before is
#: the letter's (after minus change).
_CHANGE_AFTER_HEADER = re.compile(rf"\b{_CHANGE_WORD}\s{{2,}}{_AFTER_WORD}\b", re.IGNORECASE)
#: A table that gives only the change, in its last column ("Kap./post | Betegnelse | Endring (i 1000 kr)"): the
#: amount before is the letter's, the amount after is before + change.
_CHANGE_ONLY_HEADER = re.compile(rf"\b{_CHANGE_WORD}(?:\s*\([^)]*\))?\s*$", re.IGNORECASE)
#: A row: chapter and post in two cells ("904   01") or joined ("904.01", "904/01"), or the post alone.
_CHANGE_ROW = re.compile(r"^\s*(?:(?P<chap>\d{3,4})(?:\s+|[./](?=\d{2}\s)))?(?P<post>\d{2})\s+(?P<rest>\S.*?)\s*$")
_CHANGE_SUM = re.compile(r"^\s*Sum\s+(?:kap\.?|kapittel)\s*(?P<chap>\d{3,4})\s+(?P<rest>.*?)\s*$", re.IGNORECASE)
_CHAPTER_LINE = re.compile(r"^\s*(?:Kap(?:ittel|\.)?\s*)?(?P<chap>\d{3,4})\s+[A-ZÆØÅa-zæøå][^\d]*$")
_TABLE_LINE = re.compile(r"\S {3,}\S")
_NEW_SECTION = re.compile(
    r"^(?:Nytt|Nye|Ekstra)\s+oppdrag|^Tilleggsoppdrag|^Nye\s+oppg(?:åver|aver)|^Nye\s+og\s+endra?\w*\s+oppdrag|"
    r"^Nye?\s+bestilling(?:er|ar)?\b",
    re.I,
)
#: A month's middle or end as a table cell gives it: "Ultimo mai 2025", "medio juni" (the 15th, the last day).
_MONTH_POINT = (
    r"(?:medio|ultimo)\s+(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)"
    r"(?:\s+(?:19|20)\d\d)?"
)
_MOVED_ROW = re.compile(
    rf"^\s*(?P<head>\S.*?)\s+(?P<old>{_DATE}|{_MONTH_POINT})\s+(?P<new>{_DATE}|{_MONTH_POINT})\s*$", re.IGNORECASE
)
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
    effective: dt.date | None = None  # a day in effect of its own, else the supplement's
    name: str = ""  # a table row's name of the post ("Større utstyrsanskaffelser og vedlikehold, kan overføres")


def _row_name(rows: list[Line]) -> str:
    """A budget row's name: its lines without the chapter and post numbers and the amounts."""
    parts = []
    for k, row in enumerate(rows):
        text = re.sub(r"(?:\s{2,}[-–−]?\d[\d \u00a0,]*)+\s*$", "", row.text).strip()
        if k == 0:
            text = re.sub(r"^(?:\d{3,4}\s+)?\d{2}\s+", "", text)
        parts.append(text)
    return " ".join(p for p in parts if p)


@dataclass
class Withdrawal:
    identifier: str
    effective: dt.date | None
    quotes: list[Quote]
    section: str
    ref: AssignmentRef | None = None


@dataclass
class DeadlineMove:
    identifier: str
    old: dt.date  # None until looked up in the amended letter, where the supplement gives no old day
    new: dt.date
    quotes: list[Quote]
    section: str
    ref: AssignmentRef | None = None
    hint: str = ""
    effective: dt.date | None = None


@dataclass
class FactChangeRow:
    prop: str
    before: int
    after: int
    quotes: list[Quote]
    section: str
    #: the steering meeting that goes, where the text says which: a month ("møtet i november") or "first"/"last"
    ends: str | None = None


@dataclass
class Revision:
    """An assignment's text replaced: the new text and the deadlines it gives."""

    identifier: str
    text: str
    deadlines: list[DeadlineMatch]
    quotes: list[Quote]
    section: str
    ref: AssignmentRef | None = None
    effective: dt.date | None = None


@dataclass
class SupplementChanges:
    issued: dt.date | None = None
    budget: list[BudgetChangeRow] = field(default_factory=list)
    withdrawals: list[Withdrawal] = field(default_factory=list)
    moves: list[DeadlineMove] = field(default_factory=list)
    facts: list[FactChangeRow] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    new_sections: list[Section] = field(default_factory=list)
    goal_notes: dict[str, tuple[str, list[Quote]]] = field(default_factory=dict)  # section -> (goal, quotes)
    #: "Endringane gjeld frå 1. september 2024": (section, line, day) for the changes of that section
    scopes: list[tuple[str, int, dt.date]] = field(default_factory=list)
    #: "Departementet gir følgende nye oppdrag:": the lines that lead in new assignments
    lead_ins: list[int] = field(default_factory=list)

    def effective_for(self, section: str, line: int) -> dt.date | None:
        """The day a change in ``section`` takes effect when it gives none of its own: the nearest statement
        "Endringane gjeld frå …" of its section or a section above it, or one made for the whole
        supplement (in a section that holds no change, such as the introduction)."""
        changed = {
            c.section  # type: ignore[attr-defined]
            for c in [*self.budget, *self.withdrawals, *self.moves, *self.facts, *self.revisions]
        }
        best: tuple[int, dt.date] | None = None
        for where, _line, day in self.scopes:
            inside = section == where or section.startswith(where + ".")
            general = not any(c == where or c.startswith(where + ".") for c in changed) and where != section
            if inside or general:
                depth = where.count(".") + (2 if inside else 0)
                if best is None or depth >= best[0]:
                    best = (depth, day)
        return best[1] if best else None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``."""
    for left, right in sentences(text):
        if left <= start < right or (left < end <= right):
            return left, right
    return start, end


def _is_tb_id(identifier: str) -> bool:
    """An ID of the TB scheme ("TB2024-05"), not a code of another scheme that starts with "TB" ("TB-2024-IMDi-4")."""
    return re.fullmatch(r"TB\d{4}-\d{1,3}", identifier) is not None


def resolve_assignment(graph: Graph | None, base: URIRef, identifier: str, key: str, year: int) -> URIRef:
    """The amended letter's assignment a supplement names: its TB ID, or a marking looked up in the
    letter ("DFD-2025-03", "Oppdrag 4" for table row "Nr. 4", "2.2", "3.1, kulepunkt 1")."""
    from tbgraph.model.namespaces import ID_BASE

    if graph is not None:  # the letter's own IRI, also for a TB ID (a letter read by the extractor mints its own)
        found = BaseLetter(graph, base).by_marking(identifier)
        if found is not None:
            return found.iri
    if _is_tb_id(identifier):
        return URIRef(f"{ID_BASE}assignment/{key}/{identifier}")
    number = identifier.split()[-1]
    return URIRef(f"{ID_BASE}assignment/{key}/{year}/oppdrag-{number}")


def _split_three(text: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """Three amounts written with spaces between thousands, told apart by before + change = after."""
    # a sign may stand a space before its number ("– 10 000"), as "+ 14 500" does
    tokens = [t.replace(" ", "") for t in re.findall(r"(?:[-–−] ?)?\d+(?:,\d+)?", text)]
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


def _section(sections: list[Section], line: int) -> str:
    found = section_at(sections, line)
    return found.number if found else "innledning"


def _is_change_header(lines: list[Line], k: int) -> bool:
    text = lines[k].text
    if not (re.match(r"^\s*Kap", text, re.I) or len(_TABLE_LINE.findall(text)) >= 2):
        return False
    if _CHANGE_HEADER.search(text) or _CHANGE_AFTER_HEADER.search(text) or _CHANGE_ONLY_HEADER.search(text):
        return True
    return k + 1 < len(lines) and bool(_CHANGE_HEADER.search(text + " " + lines[k + 1].text))


def _split_two(text: str) -> tuple[None, Decimal, Decimal] | None:
    """A change and the amount after it in two cells apart ("7 200     320 000")."""
    cells = [c for c in re.split(r"\s{2,}", text.strip()) if c]
    values = []
    for cell in cells[-2:]:
        if not re.fullmatch(r"(?:[-–−+] ?)?(?:\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?|\d+(?:,\d+)?)", cell):
            return None
        number = parse_number(cell.lstrip("-–−+ "))
        if number is None:
            return None
        values.append(-number if cell[:1] in "-–−" else number)
    if len(values) != 2:
        return None
    return None, values[0], values[1]


def _split_one(text: str) -> tuple[None, Decimal, None] | None:
    """The change alone in the last cell, signed or not ("+ 4 500", "– 1 500", "-300"); in a table without a name
    column ("Kap. | Post | Endring (i 1000 kr)"), the only cell after the post."""
    cells = [c for c in re.split(r"\s{2,}", text.strip()) if c]
    if not cells:
        return None
    cell = cells[-1]
    signed = re.fullmatch(r"(?P<sign>[-+–−]?)\s?(?P<n>\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?|\d+(?:,\d+)?)", cell)
    if signed is None:
        return None
    number = parse_number(signed["n"])
    if number is None:
        return None
    return None, (-number if signed["sign"] in ("-", "–", "−") else number), None


def _stated_unit(lines: list[Line], k: int) -> str:
    """The unit of the table whose header is ``lines[k]``: the nearest line that states one, in the
    header or just above it ("(i 1 000 kroner)", "Beløp i kroner"); thousands where none does."""
    for j in (k, k + 1, k - 1, k - 2, k - 3):
        if 0 <= j < len(lines) and re.search(r"\b(?:kr|kroner|mill|mrd|1\s?000|tusen)\b", lines[j].text, re.I):
            return table_unit(lines[j].text)
    return "thousand-NOK"


def _budget_tables(
    doc: SourceDoc, lines: list[Line], sections: list[Section], problems: list[Problem]
) -> list[BudgetChangeRow]:
    """Every before / change / after table: its rows and chapter sums, over one or more chapters."""
    out: list[BudgetChangeRow] = []
    k = 0
    while k < len(lines):
        if not _is_change_header(lines, k):
            k += 1
            continue
        unit = _stated_unit(lines, k)
        two = not _CHANGE_HEADER.search(lines[k].text + " " + (lines[k + 1].text if k + 1 < len(lines) else ""))
        one = two and not _CHANGE_AFTER_HEADER.search(lines[k].text)
        split_row: Callable[[str], tuple[Decimal | None, Decimal, Decimal | None] | None] = (
            _split_one if one else _split_two if two else _split_three
        )
        chapter: str | None = None
        found = 0
        blanks = 0
        k += 1
        while k < len(lines):
            text = lines[k].text
            if not text.strip():
                blanks += 1
                if blanks >= 2 and found:
                    break
                k += 1
                continue
            blanks = 0
            total = _CHANGE_SUM.match(text)
            start = _CHANGE_ROW.match(text)
            wrapped = (
                _amounts_below(lines, k, split_row) if start and not total and not split_row(start["rest"]) else None
            )
            if total or (start and (split_row(start["rest"]) or wrapped is not None)):
                if total:
                    split = split_row(total["rest"])
                    rows = [lines[k]]
                    number, post = total["chap"], None
                else:
                    assert start is not None
                    split = split_row(start["rest"]) or (split_row(wrapped.text) if wrapped is not None else None)
                    rows = [lines[k]] + ([wrapped] if wrapped is not None else [])
                    number = start["chap"] or chapter
                    post = start["post"]
                    j = k + len(rows)
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
                    found += 1
                    before, change, after = split
                    out.append(
                        BudgetChangeRow(
                            number,
                            post,
                            before,  # type: ignore[arg-type]  # None for a table without it: the letter's
                            change,
                            after,  # type: ignore[arg-type]  # None for a table of changes only
                            unit,
                            doc.block(rows).quotes(),
                            _section(sections, lines[k].number),
                            name=_row_name(rows) if post else "",
                        )
                    )
                k += len(rows)
                continue
            chapter_line = _CHAPTER_LINE.match(text)
            if chapter_line and not re.search(r"\d{3}\s*$", text):
                chapter = chapter_line["chap"]
                k += 1
                continue
            if re.match(r"^\s*(?:tildelt|tildeling|løyving|bevilgning|\(i|kap\.?\s*\d)", text, re.I) and not found:
                k += 1
                continue
            if found:
                break
            k += 1
    return out


def _amounts_below(lines: list[Line], k: int, split_row: Callable[[str], object]) -> Line | None:
    """The line below a row whose name wraps before its amounts ("45  Større utstyrsanskaffelser og" /
    "vedlikehold, kan overføres   0   6 000   6 000"): a continuation in lower case that ends in the amounts."""
    if k + 1 >= len(lines):
        return None
    below = lines[k + 1]
    if _CHANGE_ROW.match(below.text) or _CHANGE_SUM.match(below.text) or not re.match(r"^\s*[a-zæøå]", below.text):
        return None
    return below if split_row(below.text) else None


#: An unnumbered heading that is one new assignment, its title after the colon: "Nytt oppdrag: Oppfølging av …",
#: "Tilleggsoppdrag – …" (numbered ones are the letter's sections, read by ``markings``).
_NEW_HEADING = re.compile(
    r"^(?:(?:Nytt|Ekstra)\s+(?:tilleggs)?oppdrag|Ny\s+bestilling)\s*[:–—-]\s*(?P<title>\S.*?)\s*$|"
    r"^Tilleggsoppdrag\s*[:–—-]\s*(?P<t2>\S.*?)\s*$|"
    # "Nytt oppdrag 12 Diskrimineringsvern ved bruk av …": the new assignment's number in the letter's scheme
    r"^(?:Nytt|Ekstra)\s+oppdrag\s+(?:nr\.?\s*)?(?P<num>\d{1,3}(?:\.\d{1,2})?)\s*[:.–—-]?\s+(?P<t3>(?-i:[A-ZÆØÅ«]).*?)\s*$",
    re.I,
)
#: "Oppdraget får nummer 2025-06", "… som får nummeret K6": the marking the supplement gives its new assignment.
_GIVEN_NUMBER = re.compile(
    r"\bfår\s+(?:nummer(?:et)?|nr\.?|ID|id-en|ID-en|betegnelsen|nemninga)\s+(?P<m>[A-ZÆØÅ0-9][\w.–-]*\d[\w]*)", re.I
)


def new_assignment_headings(doc: SourceDoc, sections: list[Section], claimed: set[int]) -> list[RawAssignment]:
    """New assignments under an unnumbered heading "Nytt oppdrag: <tittel>": the heading's title, and its text to
    the next heading, the closing, or two blank lines (not counting a page break); its marking where the text
    gives one ("Oppdraget får nummer 2025-06"). Lines in ``claimed`` are another assignment's."""
    lines = doc.content()
    heading_lines = {n for s in sections for n in range(s.line_start, s.title_end + 1)}
    found: list[RawAssignment] = []
    new_sections = [s for s in sections if _NEW_SECTION.match(s.title)]
    for k, line in enumerate(lines):
        head = _NEW_HEADING.match(line.stripped)
        numbered = None if head is not None else _numbered_new_heading(doc, lines, k, heading_lines, new_sections)
        taken = {ln.number for a in found for ln in a.body}  # a found assignment's text holds no title of another
        titled = (
            None
            if head or numbered or line.number in taken
            else _title_line(doc, lines, k, new_sections, heading_lines)
        )
        if head is None and numbered is None and titled is None:
            continue
        if line.number in heading_lines or line.number in claimed or (head is not None and _indent(line) > 4):
            continue
        body: list[Line] = []
        last = line.number
        for nxt in lines[k + 1 :]:
            gap = [n for n in range(last + 1, nxt.number) if n not in doc.markers and n not in doc.page_starts]
            if (
                nxt.number in heading_lines
                or nxt.number in claimed
                or STOP_LINE.match(nxt.text)
                or _NEW_HEADING.match(nxt.stripped)
                or (len(gap) >= 2 and not any(n in doc.page_starts for n in range(last + 1, nxt.number + 1)))
                or (gap and ANOTHER_ASSIGNMENT.match(nxt.text))  # "Oppdrag 2 videreføres uendret."
            ):
                break
            body.append(nxt)
            last = nxt.number
        if not body:
            continue
        given = _GIVEN_NUMBER.search(doc.block(body).text)
        key = f"nytt-oppdrag-{len(found) + 1}"
        marking = given["m"].rstrip(".") if given else numbered["n"] if numbered is not None else key
        if head is not None and head["num"]:
            marking = f"Oppdrag {head['num']}"
        if titled is not None:
            title = titled
        else:
            title = numbered["title"] if numbered is not None else head["title"] or head["t2"] or head["t3"]  # type: ignore[index]
        found.append(RawAssignment("section-heading", key, key, marking, [line], title.strip(), body, line))
    return found


def _title_line(
    doc: SourceDoc, lines: list[Line], k: int, new_sections: list[Section], heading_lines: set[int]
) -> str | None:
    """A new assignment's title on a line of its own over its text, under the supplement's heading "Nytt oppdrag"
    ("3 Nytt oppdrag" / "Forberedelse til gjennomføring av …" / "EU har vedtatt …"): the first line of a paragraph
    in that section, short, without a closing stop, colon or hyphen, and the line below it opening a sentence."""
    line = lines[k]
    if line.number in heading_lines or k + 1 >= len(lines):
        return None
    if not any(s.title_end < line.number <= s.line_end for s in new_sections):
        return None
    if k > 0 and lines[k - 1].number == line.number - 1 and lines[k - 1].number not in heading_lines:
        return None  # not a paragraph's first line
    below = lines[k + 1]
    title = line.stripped
    if (
        below.number != line.number + 1
        or not re.match(r"^[A-ZÆØÅ]", title)
        or not re.match(r"^\s*[A-ZÆØÅ]", below.text)
        or re.search(r"[.:;,!?-]$", title)
        or len(title.split()) > 15
        or BULLET.match(line.text)
        or _TABLE_LINE.search(title)
    ):
        return None
    return title


#: A heading numbered in the amended letter's scheme, with its title: "4.11 Konsekvensar av endringane i …".
_NUMBERED_HEADING = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){1,2})\.?\s+(?P<title>(?-i:[A-ZÆØÅ«])[^.:;]{2,120})$")
#: A lead-in that gives a new assignment and the place it takes in the letter: "Departementet gir UNE eit nytt
#: oppdrag, som blir teke inn som punkt 4.11 i tildelingsbrevet:", "Følgende nye oppdrag tas inn i kapittel 4:".
_NUMBERED_LEAD_IN = re.compile(
    r"\b(?:nytt|nye|ny|eit|et|ett|ein|en|følgende|følgjande)\s+(?:nytt\s+|nye\s+|ny\s+)?"
    r"(?:tilleggs)?(?:oppdrag|oppgåver|oppgaver|bestilling|bestillinger|bestillingar)\b"
    r"|\b(?:tas|takast|blir\s+teke|blir\s+tatt|vert\s+teke)\s+inn\s+(?:som|i)\b",
    re.IGNORECASE,
)


def _numbered_new_heading(
    doc: SourceDoc, lines: list[Line], k: int, heading_lines: set[int], new_sections: list[Section]
) -> re.Match[str] | None:
    """A new assignment under a heading of its own numbered as the amended letter numbers its assignments ("4.11
    Konsekvensar av …", often indented under the supplement's text): no section of the supplement, and led in by
    the paragraph straight above it, which ends in a colon and gives a new assignment ("… eit nytt oppdrag, som
    blir teke inn som punkt 4.11 i tildelingsbrevet:"), or first under the supplement's heading "1 Nytt oppdrag"
    ("5.2.4  Videreutdanning i spesialpedagogikk i Agder")."""
    line = lines[k]
    match = _NUMBERED_HEADING.match(line.stripped)
    if match is None or line.number in heading_lines or k == 0:
        return None
    if any(s.title_end == lines[k - 1].number and line.number - s.title_end <= 3 for s in new_sections):
        return match
    above = [lines[k - 1]]
    if not above[0].stripped.endswith(":") or line.number - above[0].number > 3:
        return None
    j = k - 2
    while j >= 0 and lines[j].number == above[0].number - 1 and lines[j].number not in heading_lines:
        above.insert(0, lines[j])
        j -= 1
    lead = doc.block(above).text
    return match if _NUMBERED_LEAD_IN.search(lead) or match["n"] in lead else None


def _is_numbered_paragraph(section: Section) -> bool:
    """A numbered paragraph rather than a heading: "3.2 Fristen for oppdraget i punkt 4.1 vert flytta til 1. mai
    2025, …", "3.1 Oppdrag 4.3 vert endra slik:" (a date, a closing colon, or many words)."""
    title = section.title
    return bool(DATE_RE.search(title)) or title.rstrip().endswith(":") or len(title.split()) > 10


def _prose_lines(doc: SourceDoc, lines: list[Line], sections: list[Section]) -> list[list[Line]]:
    """Stretches of running text: a sentence never runs across a heading, into a table or over a blank
    line (a paragraph's end), but it does run over a page break (its footer and header are no lines here)."""
    heading_lines = {n for s in sections if not _is_numbered_paragraph(s) for n in range(s.line_start, s.title_end + 1)}
    paragraph_starts = {s.line_start for s in sections if _is_numbered_paragraph(s)}
    stretches: list[list[Line]] = [[]]
    for line in lines:
        if stretches[-1] and _paragraph_break(doc, stretches[-1][-1].number, line.number):
            stretches.append([])
        if line.number in paragraph_starts and stretches[-1]:
            stretches.append([])
        if line.number in heading_lines or _TABLE_LINE.search(line.text.strip()) or not line.text.strip():
            if stretches[-1]:
                stretches.append([])
            if line.text.strip() == "" and stretches[-1]:
                stretches.append([])
        else:
            stretches[-1].append(line)
    return [s for s in stretches if s]


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def _revised_blocks(doc: SourceDoc, stretches: list[list[Line]], sections: list[Section]) -> list[list[Line]]:
    """A paragraph ending in a revision's verb and colon ("Oppdrag O-3 Landstrøm får følgende nye ordlyd:") joined
    with the paragraph below it that holds the new text: indented, or opening with a quotation mark."""
    headings = {s.line_start for s in sections if not _is_numbered_paragraph(s)}
    out: list[list[Line]] = []
    for stretch in stretches:
        if (
            out
            and revision_leads_in(doc.block(out[-1]).text)
            and (_indent(stretch[0]) > _indent(out[-1][0]) or stretch[0].stripped[:1] in '«“"„')
            and not any(out[-1][-1].number < n <= stretch[0].number for n in headings)
        ):
            out[-1] = out[-1] + stretch
            continue
        out.append(stretch)
    return out


def _paragraph_break(doc: SourceDoc, last: int, line: int) -> bool:
    """True when a blank line between content lines ``last`` and ``line`` ends a paragraph: not where a page
    ends between them (page numbers, footers, a form feed), where a sentence runs on to the next page."""
    between = range(last + 1, line)
    if not between:
        return False
    return not any(n in doc.markers or n in doc.page_starts for n in range(last + 1, line + 1))


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

    changes.budget = _budget_tables(doc, lines, sections, problems)
    for stretch in _revised_blocks(doc, _prose_lines(doc, lines, sections), sections):
        _sentences(doc.block(stretch), sections, year, changes)
    changes.new_sections = [s for s in sections if _NEW_SECTION.match(s.title)]
    heading_lines = {n for s in sections for n in range(s.line_start, s.title_end + 1)}
    # a label line of its own over the new assignments, no numbered heading: "Nytt oppdrag", "Nye oppdrag for 2026"
    changes.lead_ins += [ln.number for ln in lines if _NEW_LABEL.match(ln.text) and ln.number not in heading_lines]
    for section in changes.new_sections:
        body = [ln for ln in lines if section.title_end < ln.number <= section.line_end]
        text_block = doc.block(body) if body else None
        if text_block is None:
            continue
        note = _GOAL_NOTE.search(text_block.text)
        if note:
            first, last = _sentence(text_block.text, note.start(), note.end())
            changes.goal_notes[section.number] = (note["n"] or note["nn"], text_block.quotes(first, last))
    _moved_rows(doc, lines, sections, year, changes)
    _moved_table(doc, lines, sections, year, changes)
    _withdrawn_lists(doc, lines, sections, year, changes)
    _resolve(doc, sections, year, changes, problems)
    dated: list[BudgetChangeRow | DeadlineMove | Withdrawal | Revision] = [
        *changes.budget,
        *changes.moves,
        *changes.withdrawals,
        *changes.revisions,
    ]
    for change in dated:
        if change.effective is None:
            change.effective = changes.effective_for(change.section, change.quotes[0].line_start)
    return changes


def _cell_date(cell: str, year: int) -> dt.date | None:
    """A date cell of a moved-deadline row: a day, or a month's middle or end ("Ultimo mai 2025": 31 May)."""
    point = re.fullmatch(r"(?P<w>medio|ultimo)\s+(?P<m>[a-zæøå]+)(?:\s+(?P<y>\d{4}))?", cell.strip(), re.I)
    if point is None:
        match = DATE_RE.match(cell)
        return parse_date(match, year) if match else None
    at_year, month = int(point["y"] or year), MONTHS[point["m"].lower()]
    if point["w"].lower() == "medio":
        return dt.date(at_year, month, 15)
    return dt.date(at_year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def _moved_rows(
    doc: SourceDoc, lines: list[Line], sections: list[Section], year: int, changes: SupplementChanges
) -> None:
    """Rows of a table of moved deadlines: the assignment (a marking or its title), the old and the new date."""
    for k, line in enumerate(lines):
        moved = _MOVED_ROW.match(line.text)
        if not moved:
            continue
        old = _cell_date(moved["old"], year)
        new = _cell_date(moved["new"], year)
        if old is None or new is None:
            continue
        rows = [line]
        for nxt in lines[k + 1 : k + 3]:  # a title wrapped in its cell
            if not nxt.text.strip() or DATE_RE.search(nxt.text) or not re.match(r"^\s+\S|^[a-zæøå]", nxt.text):
                break
            rows.append(nxt)
        head = " ".join([moved["head"], *(r.text.strip() for r in rows[1:])])
        move = _row_move(doc, sections, rows, moved["head"], head, old, new)
        marking = move.ref.marking if move.ref else None
        if not any(m.old == old and m.new == new and m.ref and m.ref.marking == marking for m in changes.moves):
            changes.moves.append(move)


def _row_move(
    doc: SourceDoc, sections: list[Section], rows: list[Line], named: str, head: str, old: dt.date, new: dt.date
) -> DeadlineMove:
    """The move a table row states: its assignment by the marking ``named`` gives, else by ``head``'s words."""
    marking = explicit_ref(named)
    ref = AssignmentRef(marking, head, marking_candidates(named) if marking is None else ())
    return DeadlineMove(
        ref.marking or "", old, new, doc.block(rows).quotes(), _section(sections, rows[0].number), ref, head
    )


#: A heading over one change that names its assignment after a dash: "Endret frist – Opptak og praksis i …",
#: "Oppdrag som bortfaller – Tomter til studentboliger", "Endra frist: Rett til reparasjon".
_HEADING_NAMES = re.compile(
    r"^(?:Endret|Endra|Ny|Forlenget|Forlengd|Utsatt|Utsett)\s+frist\w*\s*(?:for\s+)?(?:oppdraget\s+)?[–—:-]\s*(?P<title>\S.*)$"
    r"|^Oppdrag(?:et)?\s+som\s+(?:utgår|bortfaller|fell\s+bort|faller\s+bort|avsluttes)\s*[–—:-]\s*(?P<t2>\S.*)$",
    re.IGNORECASE,
)
#: The header of a table of moved deadlines, its last column the new day: "Nr.  Oppdrag  Frist i  Ny frist",
#: "Oppdrag | Opprinnelig frist | Ny frist", "Gjeldande frist   Ny frist".
_MOVED_HEADER = re.compile(r"^(?P<before>.*\S)\s{2,}(?P<new>Ny\s+frist|Endra\s+frist|Endret\s+frist)\s*$", re.I)


def _moved_table(
    doc: SourceDoc, lines: list[Line], sections: list[Section], year: int, changes: SupplementChanges
) -> None:
    """Rows of a table of moved deadlines read by its header's columns, each cell over the lines it wraps on
    ("3   Romsikkerheit og overvaking av   Innan utgangen av   1. oktober 2025" / "objekt i bane   juni 2025"):
    the assignment, the old day and the new, each read as a deadline cell is."""
    for k, line in enumerate(lines):
        header = _MOVED_HEADER.match(line.text)
        if header is None or not re.search(r"\bfrist|\bOppdrag\b", header["before"], re.I):
            continue
        new_col = header.start("new")
        cells = [m for m in re.finditer(r"\S+(?: \S+)*", header["before"])]
        if len(cells) < 2:
            continue
        old_col = cells[-1].start()
        rows: list[list[Line]] = []
        for nxt in lines[k + 1 : k + 40]:
            if nxt.number - (rows[-1][-1].number if rows else line.number) > 2 or _MOVED_HEADER.match(nxt.text):
                break
            if len(nxt.text) > old_col and not nxt.text[old_col - 3 : old_col - 1].isspace():
                break  # a line running across the columns: prose after the table
            head = nxt.text[: old_col - 1].strip()
            if not rows and not head:
                continue  # the header's second line ("tildelingsbrevet" under "Frist i")
            # (a lettered mark opens a row though it is in lower case: "e)  Marine grunnkart i kystsonen")
            opens = not head[:1].islower() or re.match(r"^[a-zæøå][.)]\s", head) is not None
            if head and opens and not (rows and re.match(r"^\s{3,}", nxt.text[: old_col - 1])):
                rows.append([nxt])
            elif rows:
                rows[-1].append(nxt)
            else:
                break
        for row in rows:
            head = " ".join(ln.text[: old_col - 1].strip() for ln in row).strip()
            old_cell = " ".join(ln.text[old_col - 1 : new_col - 1].strip() for ln in row).strip()
            new_cell = " ".join(ln.text[new_col - 1 :].strip() for ln in row).strip()
            old = next((m.date for m in find_deadlines(old_cell, year, True) if m.date is not None), None)
            new = next((m.date for m in find_deadlines(new_cell, year, True) if m.date is not None), None)
            if not head or old is None or new is None:
                continue
            if not any(m.old == old and m.new == new for m in changes.moves):  # else read by its line already
                changes.moves.append(_row_move(doc, sections, row, head, head, old, new))


#: A line leading in a list of withdrawn assignments: "Følgende oppdrag utgår:", "Følgjande oppdrag fell bort:",
#: "Disse oppdragene i tildelingsbrevet trekkes tilbake:".
_WITHDRAWN_LEAD_IN = re.compile(r"\b(?:oppdrag\w*|oppgåve\w*|oppgave\w*|bestilling\w*)\b[^:]*:\s*$", re.I)
#: What an item adds after the assignment's title: "(frist primo oktober)", "– frist 1. mai".
_ITEM_NOTE = re.compile(r"\s*(?:\([^)]*\)|[,;–—-]\s*(?:frist|med\s+frist)\b.*)\s*$", re.I)


def _withdrawn_lists(
    doc: SourceDoc, lines: list[Line], sections: list[Section], year: int, changes: SupplementChanges
) -> None:
    """Withdrawals listed under a lead-in line that withdraws them ("Følgende oppdrag utgår:" / "– <tittel> (frist
    primo oktober)"): each item one withdrawal, the assignment named by its marking or its title; the day in
    effect the lead-in's, if it gives one."""
    for k, line in enumerate(lines):
        verb, effective_at = withdraws(line.text)
        if not verb or not _WITHDRAWN_LEAD_IN.search(line.text):
            continue
        effective = _date_at(line.text, effective_at, year)
        items: list[list[Line]] = []
        for nxt in lines[k + 1 :]:
            if nxt.number - (items[-1][-1].number if items else line.number) > 2:
                break
            if BULLET.match(nxt.text):
                items.append([nxt])
            elif items and nxt.text.strip() and _indent(nxt) > _indent(items[-1][0]) and not STOP_LINE.match(nxt.text):
                items[-1].append(nxt)  # an item's title wrapped
            elif nxt.text.strip():
                break
        for item in items:
            text = BULLET.sub("", " ".join(ln.text.strip() for ln in item), count=1)
            title = _ITEM_NOTE.sub("", text).strip()
            if not title:
                continue
            marking = explicit_ref(title)
            ref = AssignmentRef(marking, title, marking_candidates(title) if marking is None else ())
            quotes = doc.block([line, *item]).quotes()
            changes.withdrawals.append(
                Withdrawal(marking or "", effective, quotes, _section(sections, item[0].number), ref)
            )


#: A sentence leading in new assignments: "Departementet gir følgende nye oppdrag:", "Tilleggsoppdrag:".
_NEW_LABEL = re.compile(
    r"^\s{0,4}(?:Nytt|Nye|Ny|Ekstra)\s+(?:tilleggs)?(?:oppdrag|oppgåver|oppgaver|bestilling|bestillinger|bestillingar)"
    r"(?:\s+(?:for|i)\s+\d{4})?\s*:?\s*$|"
    r"^\s{0,4}Tilleggsoppdrag(?:\s+(?:for|i)\s+\d{4})?\s*:?\s*$",
    re.I,
)
_LEAD_IN = re.compile(
    r"\b(?:nye|nytt|ny)\s+(?:oppdrag|oppgåver|oppgaver|bestilling|bestillinger|bestillingar)\b[^.]*:\s*$"
    r"|\btilleggsoppdrag\w*\s*:\s*$",
    re.I,
)


def _date_at(sentence: str, offset: int | None, year: int) -> dt.date | None:
    """The date that starts at ``offset`` in ``sentence``, if any."""
    match = DATE_RE.match(sentence, offset) if offset is not None else None
    return parse_date(match, year) if match else None


def _sentences(block: Block, sections: list[Section], year: int, changes: SupplementChanges) -> None:
    """Withdrawals, moved deadlines, budget changes and changed meeting counts written as sentences."""
    text = block.text
    taken: list[tuple[int, int]] = []
    for revised in revisions_in(text):
        quotes = block.quotes(revised.start, revised.end)
        new_text = " ".join(text[revised.text_start : revised.text_end].split())
        deadlines = [d for d in find_deadlines(new_text, year) if not d.unparsed]
        changes.revisions.append(
            Revision(
                revised.ref.marking or "",
                new_text,
                deadlines,
                quotes,
                _section(sections, quotes[0].line_start),
                revised.ref,
                _date_at(text, revised.start + revised.effective, year) if revised.effective is not None else None,
            )
        )
        taken.append((revised.start, revised.end))
    #: the withdrawal this paragraph made last, while no other change came after it: a later sentence of the
    #: paragraph may give its day ("Oppdrag K5 … fell bort. Bakgrunnen er … . Oppdraget vert difor trekt tilbake
    #: med verknad frå 1. juli 2025")
    open_withdrawal: Withdrawal | None = None
    #: the assignment the sentence before named, where it made no change ("Departementet har mottatt delrapporten i
    #: oppdrag 2 …"): a sentence after it that moves "fristen for sluttrapporten" and names none speaks of it
    spoken_of: str | None = None
    for start, end in sentences(text):
        if any(a < end and start < b for a, b in taken):
            continue  # a sentence of a revised assignment's new text, or the one that revises it
        sentence = text[start:end]
        quotes = block.quotes(start, end)
        where = _section(sections, quotes[0].line_start)
        moved = move_sentence(sentence)
        named, spoken_of = spoken_of, None
        if moved is not None and moved.ref.marking is None and not moved.ref.candidates and named is not None:
            moved.ref.marking = named
        if moved is None and explicit_ref(sentence) is not None:
            spoken_of = explicit_ref(sentence)
        if moved is not None:
            open_withdrawal = None
            new = parse_date(DATE_RE.match(sentence, moved.new), year)  # type: ignore[arg-type]
            old = date_at(sentence, moved.old, year) if moved.old is not None else None
            if new is not None:
                own = _date_at(sentence, moved.effective, year)
                changes.moves.append(
                    DeadlineMove(moved.ref.marking or "", old, new, quotes, where, moved.ref, moved.hint, own)  # type: ignore[arg-type]
                )
            continue
        follow_up = withdrawal_follow_up(sentence)
        last = changes.withdrawals[-1] if changes.withdrawals else None
        if (
            follow_up is not None
            and last is not None
            and last.effective is None
            and (last is open_withdrawal or last.quotes[-1].line_end >= (quotes[0].line_start - 1))
        ):
            last.effective = _date_at(sentence, follow_up, year)  # "Oppdraget avlyses med virkning fra …"
            last.quotes = last.quotes + quotes
            continue
        withdrawn = withdrawal_sentence(sentence)
        if withdrawn is not None:
            spoken_of = None  # a change of its own
            ref, at = withdrawn
            effective = None
            if at is not None:
                date_match = DATE_RE.match(sentence, at)
                effective = parse_date(date_match, year) if date_match else None
            changes.withdrawals.append(Withdrawal(ref.marking or "", effective, quotes, where, ref))
            open_withdrawal = changes.withdrawals[-1]
            continue
        between = post_move(sentence)
        if between:  # "flyttes 2 mill. kroner fra post 01 til post 71 på kap. 1115": two posts change
            open_withdrawal = None
            for part in between:
                changes.budget.append(
                    BudgetChangeRow(
                        part.chapter,
                        part.post,
                        part.before,  # type: ignore[arg-type]  # the letter's, looked up in _resolve
                        part.change,  # type: ignore[arg-type]
                        part.after,  # type: ignore[arg-type]
                        part.unit,
                        quotes,
                        where,
                        _date_at(sentence, part.effective, year),
                    )
                )
            continue
        budget = budget_sentence(sentence)
        if budget is not None:
            open_withdrawal = None
            changes.budget.append(
                BudgetChangeRow(
                    budget.chapter,
                    budget.post,
                    budget.before,  # type: ignore[arg-type]
                    budget.change,  # type: ignore[arg-type]
                    budget.after,  # type: ignore[arg-type]
                    budget.unit,
                    quotes,
                    where,
                    _date_at(sentence, budget.effective, year),
                )
            )
            continue
        at = scope_date(sentence)
        if at is not None:
            day = _date_at(sentence, at, year)
            if day is not None:
                changes.scopes.append((where, quotes[0].line_start, day))
        if _LEAD_IN.search(sentence):
            changes.lead_ins.append(quotes[-1].line_end)
    for match in _MEETINGS.finditer(text):
        words = {
            k: int(v) if v.isdigit() else _NUMBER_WORDS[v.lower()]
            for k, v in (("a", match["after"]), ("b", match["before"]))
        }
        start, end = _sentence(text, match.start(), match.end())
        quotes = block.quotes(start, end)
        where = _section(sections, quotes[0].line_start)
        row = FactChangeRow("announcedMeetings", words["b"], words["a"], quotes, where)
        # "Det siste møtet i november utgår" / "Møtet i november fell bort": the meeting that goes, in the next
        # sentence or the same one.
        rest = text[match.start() : end + 200]
        gone = _MEETING_GONE.search(rest)
        if gone is not None and words["a"] < words["b"]:
            _gone_start, gone_end = _sentence(text, match.start() + gone.start(), match.start() + gone.end())
            row.ends = (gone["month"] or gone["which"] or "").lower()
            row.quotes = block.quotes(start, max(end, gone_end))
        changes.facts.append(row)


#: The steering meeting a supplement cancels: "Det siste møtet i november utgår", "Møtet i mai fell bort".
_MEETING_GONE = re.compile(
    r"\b(?:(?:Det|det)\s+(?P<which>siste|første|fyrste)\s+)?(?:etatsstyrings)?møtet\b"
    r"(?:[^.]{0,40}?\bi\s+(?P<month>januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\b)?"
    r"[^.]{0,40}?\b(?:utgår|går\s+ut|fell\s+bort|faller\s+bort|bortfaller|avlyses|vert\s+avlyst|blir\s+avlyst)\b",
)


def _key_of(text: str) -> str:
    """A recipient's key from its name, as the letter's IRI is minted (extract.rdf, which imports this module)."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "Æ": "ae", "Ø": "o", "Å": "a"})
    return "-".join(re.findall(r"[a-z0-9]+", text.lower().translate(table))) or "letter"


def _base_letter(doc: SourceDoc, sections: list[Section], year: int) -> BaseLetter:
    """The letter the supplement amends, as the shipped and loaded letters give it."""
    from tbgraph.extract.gazetteer import load_gazetteer
    from tbgraph.extract.letter import parse_letter_info
    from tbgraph.model.namespaces import ID_BASE

    info = parse_letter_info(doc, sections, load_gazetteer(), [], year or None)
    if info.recipient is not None:
        key = info.recipient.key
    else:
        key = _key_of(info.recipient_name) if info.recipient_name else _key_of(doc.path.stem)
    return BaseLetter(base_graph(), URIRef(f"{ID_BASE}letter/{key}/{year}"))  # as extract.rdf names it


def _resolve(
    doc: SourceDoc, sections: list[Section], year: int, changes: SupplementChanges, problems: list[Problem]
) -> None:
    """Name each withdrawn or moved assignment by the amended letter's marking, and each moved deadline's
    old day where the supplement leaves it out; budget sentences get the amounts they leave out; a
    budget table's line is not counted again from a sentence."""
    base: BaseLetter | None = None

    def letter() -> BaseLetter:
        nonlocal base
        if base is None:
            base = _base_letter(doc, sections, year)
        return base

    tables = {
        (r.chapter, r.post) for r in changes.budget if r.before is not None and len(r.quotes) and r.change is not None
    }
    kept_budget = []
    seen: set[tuple[str, str | None]] = set()
    for row in changes.budget:
        key = (row.chapter, row.post)
        if row.before is None or row.after is None or row.change is None:
            if key in seen or key in tables:
                continue  # the table of the same supplement gives it
            if row.change is None and row.before is not None and row.after is not None:
                row.change = row.after - row.before
            elif row.after is None and row.before is not None and row.change is not None:
                row.after = row.before + row.change
            elif row.before is None and row.after is not None and row.change is not None:
                row.before = row.after - row.change
            else:
                amount = letter().amount(row.chapter, row.post)
                if amount is None:
                    problems.append(
                        Problem(
                            row.quotes[0].line_start,
                            row.quotes[-1].line_end,
                            "budget-change",
                            f"kap. {row.chapter} post {row.post}: a change without the amount before or after, "
                            "and the amended letter's amount is unknown (is it loaded?)",
                        )
                    )
                    continue
                from tbgraph.extract.supplement_prose import _MULTIPLIER

                row.before = amount / _MULTIPLIER[row.unit]
                if row.change is None and row.after is not None:  # "… blir etter dette 171 920 000 kroner"
                    row.change = row.after - row.before
                else:
                    row.after = row.before + row.change
        if key in seen:
            continue
        seen.add(key)
        kept_budget.append(row)
    changes.budget = kept_budget

    def named(
        ref: AssignmentRef | None, identifier: str, old: dt.date | None, quotes: list[Quote], dated: bool = True
    ) -> str | None:
        if ref is None or (_is_tb_id(identifier) and (old is not None or not dated)):
            return identifier
        found = None
        if ref.marking:
            found = letter().by_marking(ref.marking)
            if found is None and re.fullmatch(r"\d{1,2}(?:\.\d{1,2})+", ref.marking):
                # "(punkt 3.3 i tildelingsbrevet)" where the letter marks the section's paragraphs: the one described
                found = letter().by_description(ref.description, old, section=ref.marking)
            if found is None:
                return ref.marking if (old is not None or not dated) else None
        else:
            # "oppdrag K3", "O-3", "2025-04": a marking of the letter's own scheme, where the letter has it
            found = next((f for c in ref.candidates if (f := letter().by_marking(c)) is not None), None)
            if found is None and not ref.bare:
                found = letter().by_description(ref.description, old)
        if found is None:
            # "2.1 Endret frist – Opptak og praksis i medisinutdanningen" over "Fristen for utredningen forlenges …":
            # the heading names the assignment its sentence leaves unnamed
            heading = section_at(sections, quotes[0].line_start)
            named_in = _HEADING_NAMES.match(heading.title) if heading is not None else None
            if named_in is not None:
                found = letter().by_description(named_in["title"] or named_in["t2"], old)
        if found is None:
            problems.append(
                Problem(
                    quotes[0].line_start,
                    quotes[-1].line_end,
                    "supplement",
                    "the assignment this change names was not found in the amended letter (is it loaded?): "
                    + " ".join(ref.description.split())[:80],
                )
            )
            return None
        if ref.marking and _is_tb_id(ref.marking):
            return ref.marking
        return found.notation or found.identifier

    withdrawals: list[Withdrawal] = []
    for w in changes.withdrawals:
        identifier = named(w.ref, w.identifier, None, w.quotes, dated=False)
        if identifier is not None and not any(x.identifier == identifier for x in withdrawals):
            w.identifier = identifier
            withdrawals.append(w)
    changes.withdrawals = withdrawals
    moves: list[DeadlineMove] = []
    for m in changes.moves:
        identifier = named(m.ref, m.identifier, m.old, m.quotes)
        if identifier is None:
            continue
        m.identifier = identifier
        if m.old is None:
            found = letter().by_marking(identifier)
            old = letter().deadline(found, m.hint) if found is not None else None
            if old is None:
                problems.append(
                    Problem(
                        m.quotes[0].line_start,
                        m.quotes[-1].line_end,
                        "supplement",
                        f"{identifier}: the supplement gives no old deadline and the amended letter none either",
                    )
                )
                continue
            m.old = old
        if any(x.identifier == m.identifier and x.old == m.old for x in moves):
            continue
        moves.append(m)
    changes.moves = sorted(moves, key=lambda m: m.quotes[0].line_start)
    revisions: list[Revision] = []
    for r in changes.revisions:
        identifier = named(r.ref, r.identifier, None, r.quotes, dated=False)
        if identifier is not None:
            r.identifier = identifier
            revisions.append(r)
    changes.revisions = revisions


_BASE_CACHE: dict[tuple[object, ...], Graph] = {}


def base_graph() -> Graph:
    """The letters a supplement may amend: the shipped curated letters and the loaded ones (read once
    per state of their files; the reader asks for them more than once per supplement)."""
    from tbgraph.dataset.library import loaded_letters
    from tbgraph.model.resources import data_dir

    shipped = sorted((data_dir() / "letters").glob("*.ttl"))
    loaded = loaded_letters()
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in shipped) + tuple(
        (str(letter.path), letter.path.stat().st_mtime_ns if letter.path.exists() else 0) for letter in loaded
    )
    if stamp in _BASE_CACHE:
        return _BASE_CACHE[stamp]
    graph = Graph()
    for path in shipped:
        graph.parse(path, format="turtle")
    for letter in loaded:
        try:
            from rdflib import Dataset

            dataset = Dataset()
            dataset.parse(letter.path, format="trig")
            for quad in dataset.quads((None, None, None, None)):
                graph.add(quad[:3])
        except Exception:  # noqa: BLE001 - a broken loaded letter is not this supplement's problem
            continue
    _BASE_CACHE.clear()
    _BASE_CACHE[stamp] = graph
    return graph


def deadline_on(graph: Graph, assignment: URIRef, date: dt.date) -> tuple[URIRef, URIRef, int] | None:
    """The deadline of ``assignment`` (or of one of its parts) on ``date``: (owner, deadline, n), or None.

    The new deadline is numbered n + 1 after the owner's: n counts the owner's deadlines and those of
    them that fall before ``date``, so that one supplement moving two deadlines of one owner (an
    interim and a final report) numbers them apart."""
    owners = [assignment, *graph.objects(assignment, TB.hasDeliverable), *graph.subjects(TB.deliverableOf, assignment)]
    for owner in dict.fromkeys(owners):
        for deadline in graph.objects(owner, TB.deadline):
            value = graph.value(deadline, TIME.inXSDDate)
            if value is not None and str(value) == date.isoformat():
                dates = [graph.value(d, TIME.inXSDDate) for d in set(graph.objects(owner, TB.deadline))]
                earlier = sum(1 for d in dates if d is not None and str(d) < date.isoformat())
                return owner, deadline, len(dates) + earlier  # type: ignore[return-value]
    return None
