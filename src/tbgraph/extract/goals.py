"""Goals and lists: main goals ("2.1 Hovedmål 1: …"), the government's goals ("1. God helse …"),
priority areas ("• Styrke arbeidet …" after "prioriterte områder … :"), steering parameters (the
bullets of a "Styringsparametere" section) and the agency's mission ("… samfunnsoppdrag er …")."""

from __future__ import annotations

import re

from tbgraph.extract.model import ListItem, MainGoal, Sourced
from tbgraph.extract.problems import Problem
from tbgraph.extract.sections import MAIN_GOAL_RE, Section, section_at
from tbgraph.extract.text import Line, SourceDoc

__all__ = ["parse_main_goals", "parse_goal_parameters", "parse_lists", "parse_mission", "read_items"]

_BULLET = re.compile(r"^\s*(?:[-–•▪●◦∙·*►➢✓\uf0b7\uf0a7\uf0d8\x7f\ufffd])\s+")
_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_GOV_INTRO = re.compile(r"overordnede\s+mål\b.*:\s*$", re.IGNORECASE)
_PRIORITY_INTRO = re.compile(r"prioriterte\s+(?:områder|tiltak|oppgaver)\b.*:\s*$", re.IGNORECASE)
_STEERING = re.compile(r"^Styringsparamet", re.IGNORECASE)


def _section_number(sections: list[Section], line: int) -> str:
    section = section_at(sections, line)
    return section.number if section else "innledning"


def parse_main_goals(doc: SourceDoc, sections: list[Section], problems: list[Problem]) -> list[MainGoal]:
    """Goals under any name, as section titles ("2.1 Hovedmål 1: …") or lines of their own
    ("Virksomhetsmål 1: …", "  Delmål 1.2: …"); a title wrapped onto a lower-case line is joined."""
    goals: dict[str, MainGoal] = {}
    unnumbered = [0]

    def add(number: str | None, term: str, label: str, section: str, quotes: list, first: int, last: int) -> None:  # type: ignore[type-arg]
        if number is None:
            # "Hovedmål: Et tilgjengelig politi": a goal without a number is numbered by its place.
            if term.lower().startswith("delmål"):
                return
            unnumbered[0] += 1
            number = str(unnumbered[0])
        if number in goals:
            problems.append(Problem(first, last, "goal", f"goal {number} is stated twice; the first is kept"))
            return
        goals[number] = MainGoal(
            section=section, quotes=quotes, number=number, label=label.strip().rstrip("."), term=term.lower()
        )

    for section in sections:
        match = MAIN_GOAL_RE.match(section.title)
        if match:
            add(
                match["n"],
                match["term"],
                match["label"],
                section.number,
                doc.block(section.title_lines).quotes(),
                section.line_start,
                section.title_end,
            )
    headings = {s.line_start for s in sections}
    lines = doc.content()
    for k, line in enumerate(lines):
        if line.number in headings:
            continue
        match = MAIN_GOAL_RE.match(line.stripped)
        if not match or len(match["label"]) < 3:
            continue
        group = [line]
        while k + len(group) < len(lines) and lines[k + len(group)].stripped[:1].islower():
            group.append(lines[k + len(group)])
        block = doc.block(group)
        found = MAIN_GOAL_RE.match(block.text)
        assert found is not None
        add(
            found["n"],
            found["term"],
            found["label"],
            _section_number(sections, line.number),
            block.quotes(),
            line.number,
            group[-1].number,
        )
    return sorted(goals.values(), key=lambda g: g.line_start)


_INLINE_STEERING = re.compile(r"^\s*Styringsparamet\w*\s*(?:\d+(?:\.\d+)*)?\s*[:.–-]\s*(?P<text>\S.*)$", re.I)
STEERING_INTRO = re.compile(r"^\s*Styringsparamet\w*\s*(?:for\s+[^:]{0,60})?:?\s*$", re.I)


def parse_goal_parameters(
    doc: SourceDoc, sections: list[Section], goals: list[MainGoal], problems: list[Problem]
) -> list[ListItem]:
    """Steering parameters outside a "Styringsparametere" section: a "Styringsparametere:" line with
    bullets after it, or "Styringsparameter: …" lines; each belongs to the goal stated last before it."""
    lines = doc.content()
    headings = {s.line_start for s in sections}
    steering_sections = [s for s in sections if _STEERING.match(s.title)]
    items: list[ListItem] = []

    def goal_before(number: int) -> str | None:
        before = [g for g in goals if g.line_start < number]
        if not before:
            return None
        last = before[-1]
        return last.number.split(".")[0]

    k = 0
    while k < len(lines):
        line = lines[k]
        if line.number in headings or any(s.contains(line.number) for s in steering_sections):
            k += 1
            continue
        inline = _INLINE_STEERING.match(line.text)
        if inline:
            group = [line]
            indent = len(line.text) - len(line.text.lstrip())
            while k + len(group) < len(lines):
                nxt = lines[k + len(group)]
                nxt_indent = len(nxt.text) - len(nxt.text.lstrip())
                if nxt.number in headings or MAIN_GOAL_RE.match(nxt.stripped) or _INLINE_STEERING.match(nxt.text):
                    break
                if (
                    nxt.stripped[:1].islower()
                    or nxt_indent >= indent
                    and nxt_indent > 0
                    and not _BULLET.match(nxt.text)
                ):
                    group.append(nxt)
                    continue
                break
            block = doc.block(group)
            found = _INLINE_STEERING.match(block.text)
            assert found is not None
            start = found.start("text")
            items.append(
                ListItem(
                    section=_section_number(sections, line.number),
                    quotes=block.quotes(start, len(block.text)),
                    sequence=0,
                    label=block.text[start:].strip().rstrip("."),
                    goal=goal_before(line.number),
                )
            )
            k += len(group)
            continue
        if STEERING_INTRO.match(line.text):
            found_items, after = read_items(lines, k + 1, False, headings)
            for item in found_items:
                label, quotes = _item_text(doc, item, False)
                items.append(
                    ListItem(
                        section=_section_number(sections, item[0].number),
                        quotes=quotes,
                        sequence=0,
                        label=label.rstrip("."),
                        goal=goal_before(line.number),
                    )
                )
            if not found_items:
                problems.append(
                    Problem(line.number, line.number, "steering-parameter", "no steering parameters follow")
                )
            k = max(after, k + 1)
            continue
        k += 1
    for parameter in items:
        if parameter.goal is None:
            problems.append(
                Problem(
                    parameter.line_start, parameter.line_end, "steering-parameter", "steering parameter before any goal"
                )
            )
    return items


def read_items(
    lines: list[Line], start: int, numbered: bool = False, stop_at: set[int] | None = None
) -> tuple[list[list[Line]], int]:
    """Bulleted (or numbered) items from ``lines[start]``; wrapped lines join the item above when
    they start in lower case. Returns the items and the index after them."""
    marker = _NUMBERED if numbered else _BULLET
    items: list[list[Line]] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if stop_at and line.number in stop_at:
            break
        if marker.match(line.text):
            items.append([line])
        elif items and line.stripped[:1].islower():
            items[-1].append(line)
        else:
            break
        i += 1
    return items, i


def _item_text(doc: SourceDoc, item: list[Line], numbered: bool) -> tuple[str, list]:  # type: ignore[type-arg]
    block = doc.block(item)
    marker = (_NUMBERED if numbered else _BULLET).match(block.text)
    offset = 0
    if marker:
        offset = marker.start("text") if numbered else marker.end()
    label = block.text[offset:].strip()
    return label, block.quotes(offset, len(block.text))


def parse_lists(
    doc: SourceDoc, sections: list[Section], problems: list[Problem]
) -> tuple[list[ListItem], list[ListItem], list[ListItem]]:
    """Government goals, priority areas and steering parameters, in letter order."""
    lines = doc.content()
    headings = {s.line_start for s in sections}
    government: list[ListItem] = []
    priorities: list[ListItem] = []
    steering: list[ListItem] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        target: list[ListItem] | None = None
        numbered = False
        if _GOV_INTRO.search(line.text):
            target, numbered = government, True
        elif _PRIORITY_INTRO.search(line.text):
            target = priorities
        if target is None:
            i += 1
            continue
        items, after = read_items(lines, i + 1, numbered, headings)
        if not items:
            problems.append(
                Problem(
                    line.number,
                    line.number,
                    "list",
                    f"a list is announced here but no items follow: {line.stripped[:60]!r}",
                )
            )
        for item in items:
            label, quotes = _item_text(doc, item, numbered)
            target.append(
                ListItem(
                    section=_section_number(sections, item[0].number),
                    quotes=quotes,
                    sequence=len(target) + 1,
                    label=label.rstrip("."),
                )
            )
        i = max(after, i + 1)
    for section in sections:
        if not _STEERING.match(section.title):
            continue
        goal = None
        for parent in sections:
            if parent.contains(section.line_start) and (m := MAIN_GOAL_RE.match(parent.title)):
                goal = m["n"] or "1"
        body = [ln for ln in lines if section.title_end < ln.number <= section.line_end]
        items, after = read_items(body, 0, False, headings)
        if not items and body:
            problems.append(
                Problem(
                    body[0].number,
                    body[-1].number,
                    "steering-parameter",
                    f"section {section.number} has no bulleted steering parameters",
                )
            )
        if goal is None:
            problems.append(
                Problem(
                    section.line_start,
                    section.title_end,
                    "steering-parameter",
                    f"section {section.number} is not under a main goal",
                )
            )
        for item in items:
            label, quotes = _item_text(doc, item, False)
            steering.append(
                ListItem(
                    section=section.number,
                    quotes=quotes,
                    sequence=len(steering) + 1,
                    label=label.rstrip("."),
                    goal=goal,
                )
            )
        leftover = [ln for ln in body[after:] if ln.number not in headings]
        if items and leftover:
            problems.append(
                Problem(
                    leftover[0].number,
                    leftover[-1].number,
                    "steering-parameter",
                    f"text after the steering parameters of {section.number} was not read as one",
                )
            )
    return government, priorities, steering


def parse_mission(doc: SourceDoc, sections: list[Section]) -> tuple[Sourced, str] | None:
    lines = doc.content()
    for k, line in enumerate(lines):
        if "samfunnsoppdrag" not in line.text:
            continue
        block = doc.block(lines[k : k + 8])
        match = re.search(r"samfunnsoppdrag\s+er\s+", block.text)
        if not match:
            continue
        start = block.text.rfind(". ", 0, match.start())
        start = 0 if start < 0 else start + 2
        end = block.text.find(". ", match.end())
        end = len(block.text) if end < 0 else end + 1
        section = section_at(sections, line.number)
        return Sourced(section.number if section else "innledning", block.quotes(start, end)), block.text[start:end]
    return None
