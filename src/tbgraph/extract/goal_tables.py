"""Goals and steering parameters laid out in columns.

Many letters give their goals as a table, "Mål | Styringsparameter | Ambisjon 2025" (also Virksomhetsmål,
Hovudmål, Styringsparametrar, Resultatmål, Resultatkrav, and a goal table whose second column is the assignments),
or a goal's steering parameters as a table of their own ("Styringsparameter | Resultatmål 2025"). ``pdftotext
-layout`` lays them out in columns of spaces, each cell wrapped over several lines. This module finds such a table
by its header, cuts each line into the header's columns, and reads the goals of the first column (a number, or
"Mål N", opens one; the lines below it go on with its label) and the steering parameters of their column (opened by
"1.1", "a)", a bullet, or, where the table numbers none, by a capital letter). Targets and other columns are not
read. The lines it reads are given back so that the line-by-line readers in :mod:`.goals` leave them alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tbgraph.extract.model import ListItem, MainGoal
from tbgraph.extract.sections import MAIN_GOAL_RE, Section, section_at
from tbgraph.extract.tables import spaced
from tbgraph.extract.text import Line, SourceDoc

__all__ = ["GoalTables", "read_goal_tables"]

_GOAL_HEAD = re.compile(
    # "Mål for sektoren", "Mål i avtalen" (a development agreement's goals)
    r"^(?:hoved|hovud|virksomhets|verksemds|samfunns|sektor|effekt|del)?mål(?:\s+(?:for|i)\s+\S+(?:\s+\S+)?)?$",
    re.I,
)
_PARAM_HEAD = re.compile(
    r"^(?:(?:nasjonale?|felles|sektorvise)\s+)?(?:styringsparamet\w*|styringsindikator\w*|resultatindikator\w*|"
    r"indikator\w*)(?:\s+\S+){0,2}$",
    re.I,
)
#: A stretch of text between runs of two or more spaces: one cell's piece of a line.
_CHUNK = re.compile(r"\S+(?: \S+)*")
#: A goal's opening in its cell: "1", "1.", "Mål 1:", "Hovudmål 2", with or without its label on the line.
_GOAL_OPEN = re.compile(
    r"^(?:(?:hoved|hovud|virksomhets|verksemds|samfunns|sektor|del)?mål\s*|(?P<code>(?-i:[A-ZÆØÅ]{1,3})[-–]?)\s*)?"
    r"(?P<n>\d{1,2})(?:[.:)–-]|\s|$)\s*"
    r"(?P<label>.*)$",
    re.I,
)
#: A steering parameter's opening in its cell: "1.1", "L-1.1" (under a goal coded "L-1"), "a)", "1)", a bullet.
_PARAM_OPEN = re.compile(
    r"^(?:(?-i:[A-ZÆØÅ]{1,3})[-–]?\d{1,2}\.\d{1,2}\.?|\d{1,2}\.\d{1,2}\.?|[a-zæøå]\)|\d{1,2}\)|[-–•▪●◦*])\s+(?P<label>\S.*)$"
)
#: A row's number hung out in the margin left of the table: "1.1 ", "a) ", "3) ".
_HANGING_NUMBER = re.compile(r"^(?:\d{1,2}\.\d{1,2}\.?|[a-zæøå]\)|\d{1,2}\))\s+")
_CAPTION = re.compile(r"^\s*(?:Tabell|Tab\.|Kjelde|Kilde)\b", re.I)


@dataclass
class GoalTables:
    goals: list[MainGoal] = field(default_factory=list)
    #: Steering parameters; ``goal`` is None for a table of parameters alone (the goal stated before it).
    parameters: list[ListItem] = field(default_factory=list)
    #: The lines the tables took, header included.
    lines: set[int] = field(default_factory=set)


#: The last word of a cell that goes on in the line below it.
_DANGLING = re.compile(r"\b(?:i|for|av|til|med|om|på|og|eller|fra|frå|innen|innan|som|ved|mot|per|hos)\s*$", re.I)


def _cells(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(text)]


def _header(text: str) -> tuple[list[int], int | None, int | None] | None:
    """The column starts of a goal or parameter table's header, the goal column's index and the parameters'."""
    cells = _cells(text)
    if len(cells) < 2 or any(len(c[2].split()) > 4 for c in cells):
        return None
    if re.search(r"\d{1,2}\.\d{1,2}", cells[0][2]):
        return None  # "Styringsparameter 1.1   Andel …": a parameter on its line, no header
    if re.fullmatch(r"(?i)nr\.?|id|ref\.?", cells[0][2]) and _PARAM_HEAD.match(cells[1][2]):
        # "Nr. | Styringsparameter | Resultatkrav": the parameters' numbers go with their text
        cells = [(cells[0][0], cells[1][1], cells[1][2]), *cells[2:]]
    starts = [c[0] for c in cells]
    params = [i for i, c in enumerate(cells) if _PARAM_HEAD.match(c[2])]
    if _GOAL_HEAD.match(cells[0][2]):
        return starts, 0, params[0] if params else None
    if params and params[0] == 0:
        return starts, None, 0
    return None


def _column(start: int, starts: list[int]) -> int:
    index = 0
    for i, column in enumerate(starts):
        if start >= column - 2:
            index = i
    return index


@dataclass
class _Open:
    number: str
    cells: list[Line]
    goal: str | None = None


def _blank_run(doc: SourceDoc, after: int, before: int, any_break: bool = False) -> int:
    """The blank lines between two lines of a table, none where a page break lies between them; with
    ``any_break`` also those across a page break."""
    if not any_break and any(n in doc.page_starts or n in doc.markers for n in range(after + 1, before + 1)):
        return 0
    return sum(1 for n in range(after + 1, before) if n not in doc.markers and not doc.line(n).strip())


def read_goal_tables(doc: SourceDoc, sections: list[Section]) -> GoalTables:
    """Every goal or parameter table of the letter, in letter order."""
    found = GoalTables()
    headings = {n for s in sections for n in range(s.line_start, s.title_end + 1)}
    lines = doc.content()
    k = 0
    while k < len(lines):
        header = _header(lines[k].text) if lines[k].number not in headings else None
        if header is None:
            k += 1
            continue
        k = _read_table(doc, sections, lines, k, header, headings, found)
    return found


def _read_table(
    doc: SourceDoc,
    sections: list[Section],
    lines: list[Line],
    k: int,
    header: tuple[list[int], int | None, int | None],
    headings: set[int],
    found: GoalTables,
) -> int:
    starts, goal_col, param_col = header
    header_text = lines[k].stripped
    term = _cells(lines[k].text)[0][2].lower() if goal_col is not None else "mål"
    if not re.match(r"^\w*mål$", term):
        term = "mål"
    goals: list[_Open] = []
    params: list[_Open] = []
    marked: bool | None = None
    least = 2 if spaced(doc) else 1  # a text layer with a blank line after every line: one more per gap
    taken = [lines[k].number]
    last = lines[k].number
    j = k + 1
    while j < len(lines):
        line = lines[j]
        if line.number in headings or _CAPTION.match(line.text) or _blank_run(doc, last, line.number) >= 2 * least:
            break
        if line.stripped == header_text:  # the header repeated after a page break
            taken.append(line.number)
            last = line.number
            j += 1
            continue
        if goal_col is None and MAIN_GOAL_RE.match(line.stripped):
            break  # "Virksomhetsmål 2: …" after a goal's table of parameters: the next goal
        cells = _cells(line.text)
        hanging = _HANGING_NUMBER.match(cells[0][2])
        if hanging is not None and cells[0][0] < starts[0] - 2 and abs(cells[0][0] + hanging.end() - starts[0]) <= 2:
            # "1.1 Andel …" with its number hung out left of the header, its text under the header: the first column
            cells[0] = (starts[0], cells[0][1], cells[0][2])
        if cells[0][0] < starts[0] - 2:
            break  # text at the margin left of the table: prose
        if len(starts) > 1 and any(s < starts[1] - 2 and e > starts[1] + 1 for s, e, _ in cells):
            break  # a stretch running across the first column's edge: prose, not a cell
        by_column: dict[int, list[tuple[int, str]]] = {}
        for s, _e, text in cells:
            by_column.setdefault(_column(s, starts), []).append((s, text))
        if goal_col is not None and goal_col in by_column:
            pieces = by_column[goal_col]
            text = " ".join(t for _, t in pieces)
            opened = _GOAL_OPEN.match(text)
            cell = Line(line.number, " " * pieces[0][0] + text)
            if opened is not None:
                # goals coded by letters ("L-1", "Ø-1", "M-1": the numbers repeat) are numbered by their place
                coded = opened["code"] and any(c.isalpha() for c in opened["code"])
                goals.append(_Open(str(len(goals) + 1) if coded else opened["n"], [cell]))
            elif goals:
                goals[-1].cells.append(cell)
            else:
                break  # a first column that opens no goal: not a table of goals
        if param_col is not None and param_col in by_column:
            pieces = by_column[param_col]
            text = " ".join(t for _, t in pieces)
            cell = Line(line.number, " " * pieces[0][0] + text)
            opened = _PARAM_OPEN.match(text)
            if marked is None:
                marked = opened is not None
            elif marked and opened is None and goal_col is None and _blank_run(doc, last, line.number, True) >= least:
                break  # after a blank line, a line that opens no numbered parameter: the table has ended
            goal = goals[-1].number if goals else None
            # (a cell ending in a preposition goes on below, even before a name: "… saksbehandlingstid i" /
            # "Husleietvistutvalget, fra klage er mottatt …")
            dangling = bool(params) and _DANGLING.search(params[-1].cells[-1].text) is not None
            if (opened is not None) if marked else (text[:1].isupper() and not dangling) or not params:
                numbered = re.match(r"(\d{1,2})\.\d", text)
                if goal is None and numbered is not None:
                    goal = numbered[1]  # "2.1 …" in a table of parameters alone: goal 2's, where it has one
                params.append(_Open("", [cell], goal))
            elif params:
                params[-1].cells.append(cell)
        taken.append(line.number)
        last = line.number
        j += 1
    if not goals and not params:
        return k + 1
    for opened_goal in goals:
        block = doc.block(opened_goal.cells, per_line=True)
        head = _GOAL_OPEN.match(block.text)
        if head is None or len(head["label"].strip()) < 3:
            continue
        start = head.start("label")
        section = section_at(sections, opened_goal.cells[0].number)
        found.goals.append(
            MainGoal(
                section=section.number if section else "innledning",
                quotes=block.quotes(start, len(block.text)),
                number=opened_goal.number,
                label=block.text[start:].strip().rstrip("."),
                term=term,
            )
        )
    for opened_param in params:
        block = doc.block(opened_param.cells, per_line=True)
        head = _PARAM_OPEN.match(block.text)
        start = head.start("label") if head else 0
        section = section_at(sections, opened_param.cells[0].number)
        found.parameters.append(
            ListItem(
                section=section.number if section else "innledning",
                quotes=block.quotes(start, len(block.text)),
                label=block.text[start:].strip().rstrip("."),
                goal=opened_param.goal,
            )
        )
    found.lines.update(taken)
    return j
