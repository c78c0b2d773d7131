"""Assignments: "ID: TB2023-07 Title", the text up to the next ID or heading, deadlines and parts.

IDs may be written with an en dash ("TB2023–15") and are normalised to "TB2023-15". A title wrapped
over lines is joined back when the next line starts in lower case or the title ends in a word that
cannot end it ("for", "og", "–"). Each bulleted item becomes a part (``tb:Deliverable``), numbered
by its place in the list, and a deadline stated inside an item is that part's.
"""

from __future__ import annotations

import datetime as dt
import re

from tbgraph.extract.dates import MEANING_CHANNEL, find_deadlines
from tbgraph.extract.gazetteer import KIND_DOCUMENT, KIND_LEGAL, KIND_SOLUTION, Entry, Gazetteer
from tbgraph.extract.legal import find_citations
from tbgraph.extract.markings import BULLET, RawAssignment, find_raw_assignments
from tbgraph.extract.model import Assignment, Deadline, Part, Reference
from tbgraph.extract.problems import Problem
from tbgraph.extract.roles import find_involvements, partner_involvements
from tbgraph.extract.sections import MAIN_GOAL_RE, Section, goal_number, section_at
from tbgraph.extract.text import Block, Line, Quote, SourceDoc

__all__ = ["parse_assignments", "ID_RE", "normalise_id"]

ID_RE = re.compile(r"\bTB\s*(?P<year>\d{4})\s*[-–—‐‑]\s*(?P<num>\d{1,3})\b")
_BULLET = BULLET
_FRIST_LINE = re.compile(r"^\s*(?:\.?\s*)?(?:Frist(?:en)?\b.*|\.)\s*$", re.IGNORECASE)


def normalise_id(year: str, number: str) -> str:
    return f"TB{year}-{int(number):02d}"


def _goal_of(sections: list[Section], line: int) -> str | None:
    for section in sorted(sections, key=lambda s: -s.depth):
        if section.contains(line):
            match = MAIN_GOAL_RE.match(section.title)
            if match and (number := goal_number(match)):
                return number.split(".")[0]
    return None


def _bullets(body: list[Line]) -> list[list[Line]]:
    items: list[list[Line]] = []
    current: list[Line] | None = None
    for line in body:
        if _BULLET.match(line.text):
            current = [line]
            items.append(current)
        elif current is not None:
            if _FRIST_LINE.match(line.text) and not line.stripped[:1].islower():
                current = None  # a Frist line of its own after the list is the assignment's
                continue
            current.append(line)
    return items


def _label(text: str, limit: int = 90) -> str:
    text = _BULLET.sub("", text).strip()
    first = re.split(r"(?<=[a-zæøå0-9)])\.\s", text, maxsplit=1)[0].rstrip(".")
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0] + " …"
    return first[:1].upper() + first[1:]


def parse_assignments(
    doc: SourceDoc,
    sections: list[Section],
    gazetteer: Gazetteer,
    year: int,
    recipient_key: str | None,
    issuer_key: str | None,
    problems: list[Problem],
    *,
    recipient: Entry | None = None,
    issuer: Entry | None = None,
    channel_dates: dict[str, tuple[dt.date, list[Quote]]] | None = None,
    raws: list[RawAssignment] | None = None,
) -> list[Assignment]:
    """Every assignment of the letter, under whichever marking it stands (see :mod:`.markings`); with ``raws``,
    the assignments of those stretches only (a supplement's own: ``supplement.new_assignment_headings``)."""
    assignments: list[Assignment] = []
    seen: dict[str, int] = {}
    for raw in raws if raws is not None else find_raw_assignments(doc, sections, year, problems):
        section = section_at(sections, raw.first_line.number)
        section_number = section.number if section else "innledning"
        whole_lines = raw.title_lines + raw.body
        whole = doc.block(whole_lines, raw.per_line)
        body_block = doc.block(raw.body, raw.per_line) if raw.body else None
        text_lines = [ln for ln in raw.body if not _FRIST_LINE.match(ln.text) or ln.stripped[:1].islower()]
        text = doc.block(text_lines).text if text_lines else ""
        if raw.scheme in ("table-row", "bullet", "paragraph"):
            text = re.sub(r"^\d{1,2}[.)]\s+", "", _BULLET.sub("", text)).strip()
        elif raw.scheme == "other-id":
            text = _BULLET.sub("", text).strip()  # "• KD-LK-2024-05 Gjennomgang …": a list item under its code
        title = raw.title or _label(text)
        if raw.identifier in seen:
            problems.append(
                Problem(
                    raw.first_line.number,
                    raw.first_line.number,
                    "assignment-id",
                    f"{raw.identifier} appears again (first at line {seen[raw.identifier]}); "
                    "the second is kept as its own assignment text",
                )
            )
        seen.setdefault(raw.identifier, raw.first_line.number)
        if not raw.body and not raw.due:
            problems.append(
                Problem(
                    raw.first_line.number,
                    raw.title_lines[-1].number if raw.title_lines else raw.first_line.number,
                    "assignment-text",
                    f"{raw.identifier} has a title but no text",
                )
            )
        assignment = Assignment(
            section=section_number,
            quotes=whole.quotes(),
            identifier=raw.identifier,
            key=raw.key,
            marking=raw.marking,
            scheme=raw.scheme,
            title=title,
            text=text,
            goal=_goal_of(sections, raw.first_line.number) or raw.goal,
            title_quotes=doc.block(raw.title_lines).quotes() if raw.title_lines else [],
        )
        if body_block is not None:
            _deadlines(
                doc,
                assignment,
                raw.body if raw.scheme not in ("table-row", "bullet", "paragraph") else [],
                body_block,
                year,
                problems,
                channel_dates or {},
            )
            _other_ids(assignment, body_block)
        for cell in (raw.due, raw.report):  # the deadline column, then a reporting column beside it
            if cell:
                cell_block = doc.block(cell, True)
                in_text = list(assignment.deadlines)
                _deadlines(doc, assignment, [], cell_block, year, problems, channel_dates or {}, due_cell=True)
                in_cell = [d for d in assignment.deadlines if all(d is not t for t in in_text)]
                _kinds_from_text(in_text, in_cell)
                if cell is raw.due and in_cell:
                    # the deadline column gives the deadlines; a period in the task's text ("behandle flere saker i
                    # andre halvår") is when the work is done
                    assignment.deadlines = [
                        d for d in assignment.deadlines if d.meaning != "period" or all(d is not t for t in in_text)
                    ]
        _references(assignment, whole, gazetteer)
        assignment.involvements = find_involvements(
            whole,
            gazetteer,
            section_number,
            recipient_key=recipient_key,
            issuer_key=issuer_key,
            id_quotes=doc.block(raw.title_lines).quotes() if raw.title_lines else whole.quotes()[:1],
            delivers=any(
                d.date is not None and d.kind == "final"
                for d in assignment.deadlines + [d for p in assignment.parts for d in p.deadlines]
            ),
            recipient=recipient,
            issuer=issuer,
        )
        if raw.partners:  # a table's "Samarbeid" cell: each organisation named there works with the recipient
            named = {(str(i.entry.iri), i.role) for i in assignment.involvements if i.entry is not None}
            owner = recipient or (gazetteer.entry(recipient_key) if recipient_key else None)
            partners = partner_involvements(doc.block(raw.partners, True), gazetteer, section_number, owner)
            assignment.involvements += [
                p for p in partners if p.entry is not None and (str(p.entry.iri), p.role) not in named
            ]
        assignments.append(assignment)
    return assignments


def _kinds_from_text(in_text: list[Deadline], in_cell: list[Deadline]) -> None:
    """A deadline cell's bare date ("Innen 1. juni og 1. desember") that the task's text names as a part delivery
    ("en statusrapport innen 1. juni og en sluttrapport … innen 1. desember") is preliminary, as the text says."""
    preliminary = {d.date for d in in_text if d.kind == "preliminary" and d.date is not None}
    for deadline in in_cell:
        if deadline.kind == "final" and deadline.date in preliminary:
            deadline.kind = "preliminary"


def _deadlines(
    doc: SourceDoc,
    assignment: Assignment,
    body: list[Line],
    block: Block,
    year: int,
    problems: list[Problem],
    channel_dates: dict[str, tuple[dt.date, list[Quote]]],
    due_cell: bool = False,
) -> None:
    items = _bullets(body)
    item_of_line = {ln.number: k for k, item in enumerate(items) for ln in item}
    placed: dict[int | None, list[Deadline]] = {}
    for match in find_deadlines(block.text, year, due_cell):
        first, last = block.span(match.start, match.end)
        if match.unparsed:
            problems.append(
                Problem(
                    first,
                    last,
                    "deadline",
                    f"{assignment.identifier}: cannot read the deadline {block.sub(match.start, match.end)!r}",
                )
            )
            continue
        quotes = block.quotes(match.start, match.end)
        date = match.date
        if match.meaning == MEANING_CHANNEL:
            # "rapporteres i årsrapporten": due when the letter says the annual report is due.
            stated = channel_dates.get(match.channel or "")
            if stated is None:
                problems.append(
                    Problem(
                        first,
                        last,
                        "deadline",
                        f"{assignment.identifier}: reported through the {match.channel}, whose date the letter "
                        "does not give; kept without a date",
                    )
                )
            else:
                date = stated[0]
                quotes = quotes + [q for q in stated[1] if q not in quotes]
        deadline = Deadline(
            section=assignment.section,
            quotes=quotes,
            kind=match.kind or "final",
            date=date,
            confidence=match.confidence,
            label=block.sub(match.start, match.end),
            meaning=match.meaning,
            period_start=match.period_start,
            channel=match.channel,
            rule=match.rule,
        )
        placed.setdefault(item_of_line.get(first), []).append(deadline)
    assignment.deadlines.extend(placed.get(None, []))
    for k, item in enumerate(items):
        item_block = doc.block(item)
        assignment.parts.append(
            Part(
                section=assignment.section,
                quotes=item_block.quotes(),
                number=k + 1,
                label=_label(item_block.text),
                text=_BULLET.sub("", item_block.text).strip(),
                deadlines=placed.get(k, []),
            )
        )
    assignment.deadlines.sort(key=lambda d: d.line_start)
    # a part's day before the day of the whole ("a) oppdatere fylkesROS …, innen 1. juni 2025" over "Frist: Samlet
    # rapport innen 15. desember 2025"): a step on the way
    whole = [d.date for d in assignment.deadlines if d.kind == "final" and d.date is not None and d.meaning == "date"]
    if whole:
        for part in assignment.parts:
            for deadline in part.deadlines:
                if (
                    deadline.kind == "final"
                    and deadline.meaning == "date"
                    and deadline.date
                    and deadline.date < max(whole)
                ):
                    deadline.kind = "preliminary"


def _other_ids(assignment: Assignment, block: Block) -> None:
    for match in ID_RE.finditer(block.text):
        other = normalise_id(match["year"], match["num"])
        if other != assignment.identifier:
            quotes = block.quotes(match.start(), match.end())
            if quotes:
                assignment.other_assignments.append((other, quotes[0]))


_BASIS_BEFORE = re.compile(
    r"(?:\bjf\.?|\bi\s+henhold\s+til|\biht\.?|\bi\s+samsvar\s+med|\bfølger\s+av|\bhjemmel\s+i)"
    r"(?:\s+(?:også|omtalen\s+i|[a-zæøå]+\s+i))?\s*$",
    re.IGNORECASE,
)


def _references(assignment: Assignment, block: Block, gazetteer: Gazetteer) -> None:
    found: dict[str, Reference] = {}
    mentions = list(gazetteer.find(block.text, [KIND_SOLUTION, KIND_LEGAL, KIND_DOCUMENT], nested=True))
    taken = [(m.start, m.end) for m in mentions]
    for mention, _name in find_citations(block.text, gazetteer):
        if not any(mention.start < b and a < mention.end for a, b in taken):
            mentions.append(mention)
    for mention in sorted(mentions, key=lambda m: m.start):
        before = block.text[max(0, mention.start - 40) : mention.start]
        # "jf. Prop. 3 L (2021-2022) og Innst. 47 L": a basis carries over a list joined by "og".
        basis = bool(_BASIS_BEFORE.search(before))
        key = str(mention.entry.iri)
        quotes = block.quotes(mention.start, mention.end)
        if not quotes:
            continue
        if key in found:
            found[key].basis = found[key].basis or basis
            found[key].quotes.extend(quotes)
            continue
        if not basis and re.search(r"\bog\s*$", before):
            prev = [r for r in found.values() if r.basis]
            basis = bool(prev) and block.text.rfind("jf", 0, mention.start) > block.text.rfind(".", 0, mention.start)
        found[key] = Reference(section=assignment.section, quotes=quotes, entry=mention.entry, basis=basis)
    assignment.references = list(found.values())
