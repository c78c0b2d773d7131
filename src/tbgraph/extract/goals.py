"""Goals and lists: main goals ("2.1 Hovedmål 1: …"), the government's goals ("1. God helse …"),
priority areas ("• Styrke arbeidet …" after "prioriterte områder … :"), steering parameters (the
bullets of a "Styringsparametere" section) and the agency's mission ("… samfunnsoppdrag er …")."""

from __future__ import annotations

import re

from tbgraph.extract.goal_tables import GoalTables
from tbgraph.extract.model import ListItem, MainGoal, Sourced
from tbgraph.extract.problems import Problem
from tbgraph.extract.sections import MAIN_GOAL_RE, Section, goal_number, section_at
from tbgraph.extract.text import Line, SourceDoc

__all__ = ["parse_main_goals", "parse_goal_parameters", "parse_lists", "parse_mission", "read_items"]

_BULLET = re.compile(r"^\s*(?:[-–•▪●◦∙·*►➢✓\uf0b7\uf0a7\uf0d8\x7f\ufffd])\s+")
_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_GOV_INTRO = re.compile(r"overordnede\s+mål\b.*:\s*$", re.IGNORECASE)
_PRIORITY_INTRO = re.compile(r"prioriterte\s+(?:områder|tiltak|oppgaver)\b.*:\s*$", re.IGNORECASE)
#: A section of steering parameters: "Styringsparametere", "2.2 Nasjonale styringsparametrar".
_STEERING = re.compile(
    r"^(?:(?:Nasjonale?|Felles|Sektorvise|Særskilde|Særskilte|Aktuelle|Utvalde|Utvalgte|Andre|Øvrige|Nye)\s+)?"
    r"Styringsparamet",
    re.IGNORECASE,
)


def _norm_label(label: str) -> str:
    return " ".join(label.lower().split())


def _section_number(sections: list[Section], line: int) -> str:
    section = section_at(sections, line)
    return section.number if section else "innledning"


def parse_main_goals(
    doc: SourceDoc, sections: list[Section], problems: list[Problem], tables: GoalTables | None = None
) -> list[MainGoal]:
    """Goals under any name, as section titles ("2.1 Hovedmål 1: …"), lines of their own
    ("Virksomhetsmål 1: …", "  Delmål 1.2: …"; a title wrapped onto a lower-case line is joined) or the cells of
    a goal table (``tables``, whose lines are not read again); where a letter states none of these, the headings
    or numbered lines that its steering parameters stand under."""
    tables = tables or GoalTables()
    goals: dict[str, MainGoal] = {}
    # "Hovedmål: …" over "Delmål 1: …", "Delmål 2: …": a goal without a number is numbered by its place, from 0
    # where the letter numbers other goals itself (its 1 is theirs)
    numbered = any(
        (m := MAIN_GOAL_RE.match(text)) is not None and goal_number(m)
        for text in [s.title for s in sections] + [ln.stripped for ln in doc.content()]
    )
    unnumbered = [-1 if numbered else 0]

    def add(number: str | None, term: str, label: str, section: str, quotes: list, first: int, last: int) -> None:  # type: ignore[type-arg]
        if number is None:
            # "Hovedmål: Et tilgjengelig politi": a goal without a number is numbered by its place.
            if term.lower().startswith("delmål"):
                return
            unnumbered[0] += 1
            while str(unnumbered[0]) in goals:  # the letter's own numbers are taken ("Delmål 1" before it)
                unnumbered[0] += 1
            number = str(unnumbered[0])
        if number in goals:
            if _norm_label(goals[number].label)[:30] != _norm_label(label)[:30] and term.lower().startswith("mål"):
                # "Mål 1 … 3" of a development agreement after the sector's "Mål 1 … 3": other goals, numbered on
                number = str(max(int(n) for n in goals if n.isdigit()) + 1)
            else:
                problems.append(Problem(first, last, "goal", f"goal {number} is stated twice; the first is kept"))
                return
        goals[number] = MainGoal(
            section=section, quotes=quotes, number=number, label=label.strip().rstrip("."), term=term.lower()
        )

    for section in sections:
        match = MAIN_GOAL_RE.match(section.title)
        if match:
            add(
                goal_number(match),
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
        if line.number in headings or line.number in tables.lines:
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
            goal_number(found),
            found["term"],
            found["label"],
            _section_number(sections, line.number),
            block.quotes(),
            line.number,
            group[-1].number,
        )
    for k, line in enumerate(lines):
        if not re.match(
            r"^\s*(?:Hovedmålet|Hovudmålet|Virksomhetsmålet|Verksemdsmålet|Samfunnsmålet)\b", line.text, re.I
        ):
            continue
        group = [line]  # the sentence wrapped onto lines in lower case below it
        while k + len(group) < len(lines) and len(group) < 3 and lines[k + len(group)].stripped[:1].islower():
            group.append(lines[k + len(group)])
        block = doc.block(group)
        said = _GOAL_SENTENCE.match(block.text)
        lead = _GOAL_LEAD_IN.match(block.text)
        if said is None and lead is not None and line.number not in tables.lines:
            # "Samfunnsmålet for distrikts- og regionalpolitikken er:" over the goal in a paragraph of its own
            below = [ln for ln in lines[k + len(group) : k + len(group) + 3] if ln.number - group[-1].number <= 4]
            stated: list[Line] = []
            for ln in below:
                if stated and ln.number - stated[-1].number > 1:
                    break
                stated.append(ln)
                if ln.stripped.endswith("."):
                    break
            if stated and stated[0].stripped[:1].isupper() and stated[-1].stripped.endswith("."):
                goal_block = doc.block(stated)
                add(
                    None,
                    lead["term"].lower().removesuffix("et"),
                    goal_block.text.strip().rstrip("."),
                    _section_number(sections, line.number),
                    goal_block.quotes(),
                    line.number,
                    stated[-1].number,
                )
                continue
        if said is not None and line.number not in tables.lines:
            # "Hovudmålet for Veterinærinstituttet er: God helse hos dyr, fisk og menneske."
            label = said["label"] or said["clause"] or said["phrase"]
            start = block.text.find(label[:15])
            add(
                None,
                said["term"].lower().removesuffix("et"),
                label,
                _section_number(sections, line.number),
                block.quotes(max(start, 0), len(block.text)),
                line.number,
                group[-1].number,
            )
    for section in sections:
        # "2.1 Overordnet mål" / "Målet for Eksfin er å fremme eksport …": the section's first sentence states it
        if not _OVERALL_HEADING.match(section.title) or any(section.contains(g.line_start) for g in goals.values()):
            continue
        body = [ln for ln in lines if section.title_end < ln.number <= section.line_end]
        paragraph: list[Line] = []
        for ln in body:
            if paragraph and ln.number - paragraph[-1].number > 1:
                break
            paragraph.append(ln)
        if not paragraph:
            continue
        block = doc.block(paragraph)
        overall = _OVERALL_SENTENCE.match(block.text)
        if overall is not None:
            add(
                None,
                "mål",
                overall["sentence"],
                section.number,
                block.quotes(0, overall.end("sentence")),
                paragraph[0].number,
                paragraph[-1].number,
            )
    for k, goal in enumerate(tables.goals):
        if goal.number in goals and goals[goal.number].label != goal.label:
            # a table of other goals under numbers the letter has used ("U1", "U2" of a development agreement
            # after "Mål 1", "Mål 2"): numbered on after the others, its parameters with it
            new = str(max(int(n) for n in goals if n.isdigit()) + 1)
            until = tables.goals[k + 1].line_start if k + 1 < len(tables.goals) else _table_end(tables, goal)
            for parameter in tables.parameters:
                if parameter.goal == goal.number and goal.line_start <= parameter.line_start < until:
                    parameter.goal = new
            goal.number = new
        if goal.number not in goals:
            goals[goal.number] = goal
    if not goals:
        for n, goal in enumerate(_goals_over_parameters(doc, sections), 1):
            goals[str(n)] = goal
            goal.number = str(n)
    return sorted(goals.values(), key=lambda g: g.line_start)


def _table_end(tables: GoalTables, goal: MainGoal) -> int:
    """The line after the run of table lines ``goal`` opens (gaps of up to three lines go on with it)."""
    end = goal.line_start
    while any(n in tables.lines for n in range(end + 1, end + 4)):
        end = next(n for n in range(end + 1, end + 4) if n in tables.lines)
    return end + 1


#: A goal stated in a sentence of its own line: "Hovudmålet for Veterinærinstituttet er: God helse hos dyr, fisk og
#: menneske.", "Det overordnede målet er å …" is no label (a clause, not a name).
_GOAL_SENTENCE = re.compile(
    r"^\s*(?P<term>Hovedmålet|Hovudmålet|Virksomhetsmålet|Verksemdsmålet|Samfunnsmålet)(?:\s+for\s+[^:.]{1,60}?)?\s+er\s*"
    # "… er: God helse …", or a clause: "Samfunnsmålet for den norske romsatsinga er at romverksemda skal bidra …"
    r"(?::?\s+(?P<label>(?-i:[A-ZÆØÅ])[^.:;]{3,150})|\s+at\s+(?P<clause>[a-zæøå][^.:;]{3,200})"
    # "Samfunnsmålet for justis- og beredskapssektoren er et trygt samfunn der …", "Hovedmålet … er redusert
    # kriminalitet gjennom …" (a phrase of three words or more, never a state: "er uendret", "er det samme")
    r"|\s+(?!(?:uendr|videref|vidaref|det\s+same|det\s+samme|som\s+f|å\s|at\s)\w*)"
    r"(?P<phrase>[a-zæøå][^.:;\s]*(?:\s+[^.:;\s]+){2,}[^.:;]{0,200}))"
    r"\.?\s*$",
    re.IGNORECASE,
)
#: A section of the overall goal: "2.1 Overordnet mål", "Overordna mål for verksemda".
_OVERALL_HEADING = re.compile(r"^(?:Overordnet|Overordna|Overordnede)\s+mål\b", re.IGNORECASE)
#: Its first sentence, stating the goal: "Målet for Eksfin er å fremme eksport av …", "Det overordnede målet er at …".
_OVERALL_SENTENCE = re.compile(
    r"^\s*(?P<sentence>(?:Det\s+overordn\w+\s+)?(?:målet|hovedmålet|hovudmålet|samfunnsmålet)\b[^.:;]{0,80}?"
    r"\s(?:er|blir|vert)\s+(?:å|at)\s[^.;]{3,240})\.",
    re.IGNORECASE,
)
#: A goal's lead-in whose goal stands below it: "Samfunnsmålet for distrikts- og regionalpolitikken er:".
_GOAL_LEAD_IN = re.compile(
    r"^\s*(?P<term>Hovedmålet|Hovudmålet|Virksomhetsmålet|Verksemdsmålet|Samfunnsmålet)(?:\s+for\s+[^:.]{1,60}?)?"
    r"(?:\s+(?:er|blir|vert)(?:\s+(?:uendret|uendra|framleis|fortsatt))?)\s*:\s*$",
    re.IGNORECASE,
)
#: A numbered line that may stand over a goal's steering parameters: "1.   Tapet av verneverdige kulturminner …".
_NUMBERED_TITLE = re.compile(r"^\s*\d{1,2}\.?\s+(?P<label>(?-i:[A-ZÆØÅ])[^.:;]{3,160})$")


def _goals_over_parameters(doc: SourceDoc, sections: list[Section]) -> list[MainGoal]:
    """Goals the letter names only by what it puts over their steering parameters: a heading ("2.1 Sikre og
    effektive eigedomsrettar") or a numbered line whose next line introduces the parameters ("Styringsparametrar:")
    or gives one ("Styringsparameter: …")."""
    lines = doc.content()
    titles = {s.line_start: s for s in sections}
    found: list[MainGoal] = []
    for k in range(1, len(lines)):
        line = lines[k]
        if not (STEERING_INTRO.match(line.text) or _INLINE_STEERING.match(line.text)):
            continue
        above = lines[k - 1]
        if line.number - above.number > 2:
            continue
        heading = next((s for s in sections if s.line_start <= above.number <= s.title_end), None)
        if heading is not None and not _STEERING.match(heading.title):
            title_lines = [ln for ln in lines if heading.line_start <= ln.number <= heading.title_end]
            block = doc.block(title_lines)
            label = heading.title
            start = block.text.find(label[:12]) if label[:12] in block.text else 0
            quotes = block.quotes(start, len(block.text))
        elif (numbered := _NUMBERED_TITLE.match(above.text)) is not None and above.number not in titles:
            block = doc.block([above])
            start = block.text.find(numbered["label"][:12])
            label, quotes = numbered["label"], block.quotes(max(start, 0), len(block.text))
        else:
            continue
        found.append(
            MainGoal(
                section=_section_number(sections, above.number),
                quotes=quotes,
                number="",
                label=label.strip().rstrip("."),
                term="mål",
            )
        )
    return found


_INLINE_STEERING = re.compile(
    r"^\s*(?:[-–•▪●◦*]\s+)?Styringsparamet\w*\s*"
    r"(?:\d+(?:\.\d+)*\s+(?=(?-i:[A-ZÆØÅ]))|(?:\d+(?:\.\d+)*(?!\.?\d))?\s*[:.–-])\s*(?P<text>\S.*)$",
    re.I,
)
STEERING_INTRO = re.compile(
    r"^\s*(?:(?:Nasjonale?|Felles|Sektorvise|Særskilde|Særskilte|Aktuelle|Utvalde|Utvalgte|Andre|Øvrige|Nye)\s+)?"
    # "Resultatindikatorer:" where a research institute's letter names its parameters so
    r"(?:Styringsparamet\w*|Resultatindikator\w*|Styringsindikator\w*)\s*(?:for\s+[^:]{0,60})?:?\s*$",
    re.I,
)


def parse_goal_parameters(
    doc: SourceDoc,
    sections: list[Section],
    goals: list[MainGoal],
    problems: list[Problem],
    tables: GoalTables | None = None,
) -> list[ListItem]:
    """Steering parameters outside a "Styringsparametere" section: a "Styringsparametere:" line with
    bullets or numbered items ("1.1", "a)") after it, "Styringsparameter: …" lines, and the parameters of goal
    and parameter tables (``tables``); each belongs to the goal its table row gives, or else to the goal stated
    last before it."""
    tables = tables or GoalTables()
    lines = [ln for ln in doc.content() if ln.number not in tables.lines]
    headings = {s.line_start for s in sections}
    # a "Styringsparametere" section's bullets are read by parse_lists; its other forms are read here
    steering_sections = [s for s in sections if _STEERING.match(s.title) and _bulleted(lines, s, headings)]
    items: list[ListItem] = []

    def goal_before(number: int) -> str | None:
        before = [g for g in goals if g.line_start < number]
        if not before:
            return None
        last = before[-1]
        return last.number.split(".")[0]

    speaks_of_parameters = any(re.search(r"styringsparamet", ln.text, re.I) for ln in lines)
    k = 0
    while k < len(lines):
        line = lines[k]
        goal_heading = line.number in headings and MAIN_GOAL_RE.match(re.sub(r"^\s*\d+(?:\.\d+)*\.?\s+", "", line.text))
        if (line.number in headings and not STEERING_INTRO.match(line.text) and not goal_heading) or any(
            s.contains(line.number) for s in steering_sections
        ):
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
        if speaks_of_parameters and (goal_heading or MAIN_GOAL_RE.match(line.stripped)) and k + 1 < len(lines):
            # "Mål 1: …" with its parameters bulleted straight below it, no "Styringsparametrar:" between
            # (past the goal's label wrapped below it: "Mål 1   Flere kandidater … i" / "Agder" / "– Gjennomføring …")
            first = k + 1
            while (
                first < len(lines)
                and first - k <= 2
                and lines[first].number == lines[first - 1].number + 1
                and not _BULLET.match(lines[first].text)
                and _indent(lines[first]) > _indent(line)
                and not MAIN_GOAL_RE.match(lines[first].stripped)
            ):
                first += 1
            below = lines[first] if first < len(lines) else lines[k + 1]
            if below.number == lines[first - 1].number + 1 and _BULLET.match(below.text):
                found_items, after = read_items(lines, first, False, headings)
                items += [_parameter(doc, sections, item, False, goal_before(below.number)) for item in found_items]
                k = max(after, k + 1)
                continue
        if STEERING_INTRO.match(line.text):
            found_items, after = read_items(lines, k + 1, False, headings)
            numbered = not found_items
            if numbered:
                found_items, after = _numbered_parameters(lines, k + 1, headings)
            items += [_parameter(doc, sections, item, numbered, goal_before(line.number)) for item in found_items]
            if not found_items:
                problems.append(
                    Problem(line.number, line.number, "steering-parameter", "no steering parameters follow")
                )
            k = max(after, k + 1)
            continue
        k += 1
    numbers = {g.number for g in goals}
    for parameter in tables.parameters:
        if parameter.goal not in numbers:
            parameter.goal = goal_before(parameter.line_start)
    items = sorted(items + tables.parameters, key=lambda p: p.line_start)
    for parameter in items:
        if parameter.goal is None:
            problems.append(
                Problem(
                    parameter.line_start, parameter.line_end, "steering-parameter", "steering parameter before any goal"
                )
            )
    return items


#: A numbered steering parameter: "1.1   Andel arbeidssøkere …", "a) Årlig tap av …", "2. Saksbehandlingstid …".
_NUMBERED_PARAMETER = re.compile(r"^\s*(?:\d{1,2}\.\d{1,2}\.?|[a-zæøå]\)|\d{1,2}[.)])\s+(?P<text>\S.*)$")
#: A parameter's target on a line of its own below it ("Resultatkrav: Det årlige tapet …"): no part of its name.
_TARGET_LINE = re.compile(r"^\s*(?:Resultatkrav|Resultatmål|Ambisjon(?:snivå)?|Målverdi|Målnivå)\b", re.I)


def _numbered_parameters(lines: list[Line], start: int, stop_at: set[int]) -> tuple[list[list[Line]], int]:
    """Numbered steering parameters from ``lines[start]``; a line indented under an item's text or starting in
    lower case goes on with it, a target line below it is passed over."""
    items: list[list[Line]] = []
    i = start
    text_column = 0
    while i < len(lines):
        line = lines[i]
        numbered = _NUMBERED_PARAMETER.match(line.text)
        if line.number in stop_at and not (numbered and line.text[:1].isspace()):
            break  # a heading ends them; an indented "2.1   Antall …" read as a heading is one of them
        indent = len(line.text) - len(line.text.lstrip())
        if numbered:
            items.append([line])
            text_column = numbered.start("text")
        elif items and _TARGET_LINE.match(line.text) and indent >= text_column - 1:
            pass
        elif items and (line.stripped[:1].islower() or indent >= text_column - 1 > 0):
            items[-1].append(line)
        else:
            break
        i += 1
    return items, i


def _parameter(doc: SourceDoc, sections: list[Section], item: list[Line], numbered: bool, goal: str | None) -> ListItem:
    """A steering parameter from its list item, bulleted or numbered ("1.1   Andel …")."""
    label, quotes = _parameter_text(doc, item) if numbered else _item_text(doc, item, False)
    return ListItem(
        section=_section_number(sections, item[0].number), quotes=quotes, sequence=0, label=label.rstrip("."), goal=goal
    )


def _parameter_text(doc: SourceDoc, item: list[Line]) -> tuple[str, list]:  # type: ignore[type-arg]
    block = doc.block(item)
    marker = _NUMBERED_PARAMETER.match(block.text)
    offset = marker.start("text") if marker else 0
    return block.text[offset:].strip(), block.quotes(offset, len(block.text))


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
        elif items and (line.stripped[:1].islower() or _hangs_under(line, items[-1])):
            items[-1].append(line)
        else:
            break
        i += 1
    return items, i


def _bulleted(lines: list[Line], section: Section, headings: set[int]) -> bool:
    body = [ln for ln in lines if section.title_end < ln.number <= section.line_end]
    return bool(read_items(body, _past_lead_in(body), False, headings)[0])


def _past_lead_in(body: list[Line]) -> int:
    """Where a section's list starts: after a paragraph that leads in to it ("Departementet følgjer måloppnåinga
    gjennom desse nasjonale styringsparametrane. … kjelder:"), else at its start."""
    for k, line in enumerate(body[:8]):
        if _BULLET.match(line.text):
            return k if k and body[k - 1].stripped.endswith(":") else 0
    return 0


def _hangs_under(line: Line, item: list[Line]) -> bool:
    """A line straight below an item and indented past its marker: the item's text wrapped ("(RNNP)")."""
    first = item[0].text
    return line.number == item[-1].number + 1 and len(line.text) - len(line.text.lstrip()) > len(first) - len(
        first.lstrip()
    )


def _item_text(doc: SourceDoc, item: list[Line], numbered: bool) -> tuple[str, list]:  # type: ignore[type-arg]
    block = doc.block(item)
    marker = (_NUMBERED if numbered else _BULLET).match(block.text)
    offset = 0
    if marker:
        offset = marker.start("text") if numbered else marker.end()
    code = _PARAMETER_CODE.match(block.text, offset)
    if code is not None:
        offset = code.end()  # "•  SP 1.1  Brukernes vurdering …": the parameter's number, no part of its name
    label = block.text[offset:].strip()
    return label, block.quotes(offset, len(block.text))


#: A steering parameter's number before its name in a list item: "SP 1.1", "SP2.3:", "Styringsparameter 1.1:".
_PARAMETER_CODE = re.compile(
    r"\s*(?:SP\s*\d{1,2}(?:\.\d{1,2})+|Styringsparamet\w*\s*\d{1,2}(?:\.\d{1,2})*)\s*[:.–-]?\s+(?=\S)", re.I
)


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
                goal = goal_number(m) or "1"
        body = [ln for ln in lines if section.title_end < ln.number <= section.line_end]
        items, after = read_items(body, _past_lead_in(body), False, headings)
        if (
            not items
            and body
            and not any(
                _INLINE_STEERING.match(ln.text) or STEERING_INTRO.match(ln.text) or _NUMBERED_PARAMETER.match(ln.text)
                for ln in body
            )
        ):
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


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())
