"""Tables of assignments, read by the names of their columns.

Letters give their assignments in tables of many shapes: a number or an ID, a theme or a goal, the task (or a short
title beside a description), the deadline (also as the first column, or a new one beside the one first given), how
the work is reported, and columns of no interest here (status, who is responsible, comments), in any order and in
Bokmål or Nynorsk. ``pdftotext -layout`` lays a table out in columns of spaces. This module finds a table by its
header (one line, or two where the names wrap), learns where each column's cells start from the header and the rows,
and cuts the rows and their cells over wrapped lines and page breaks. A new combination of known column names needs
no new rule. What a row means (its marking, key and title) is for :mod:`.markings`; a table of deadlines keyed by the
assignments' numbers ("Oppdrag nr. | Leveranse | Frist") is read here too, its rows given back by number.
(docs/decisions/0014: one general reader instead of a rule per layout.)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from tbgraph.extract.text import Line, SourceDoc

__all__ = [
    "POINT",
    "Column",
    "Layout",
    "Row",
    "Table",
    "KeyedRow",
    "header_at",
    "is_header",
    "read_tables",
    "read_keyed",
    "spaced",
    "blank_lines",
]

# What a column holds.
NUMBER = "number"  # the row's number or ID ("Nr.", "ID", "Ref.")
REF = "ref"  # the number of an assignment given elsewhere ("Oppdrag nr."): a table keyed by number
GOAL = "goal"  # the goal or theme the row belongs to ("Mål", "Hovudmål", "Tema", "Område")
TASK = "task"  # the assignment itself ("Oppdrag", "Oppgåve", "Tiltak", "Tittel")
DESC = "desc"  # a description of the task ("Beskrivelse", "Skildring", "Omtale")
DELIVERY = "delivery"  # what is delivered ("Leveranse"): the task where no other column names it
DUE = "due"  # the deadline ("Frist", "Tidsfrist", "Dato", "Når")
NEW_DUE = "new-due"  # the deadline as it now stands ("Ny frist", "Revidert frist")
OLD_DUE = "old-due"  # the deadline first given ("Opprinnelig frist", "Tidligere frist", "Gjeldende frist")
REPORT = "report"  # how the work is reported ("Rapportering", "Rapporteres i/til")
PARTNERS = "partners"  # whom the recipient works with ("Samarbeid", "Samarbeidspartnere", "I samarbeid med")
#: Where in the letter the row's assignment is given ("Punkt i brevet", "Pkt.", "Kapittel i tildelingsbrevet"): a table
#: with this column is an overview of assignments the letter's text gives, no assignments of its own.
POINT = "point"
OTHER = "other"  # read as no part of the assignment ("Status", "Ansvar", "Merknad")

#: Words a column's name may go on with: "Frist for levering", "Rapporteres til/i", "Ansvarleg eining",
#: "Beskrivelse og frist", "Frist (dato)".
_TAIL = r"(?:(?:\s+|\s*/\s*)[a-zæøå][a-zæøå/.-]*|\s+\d{4}|\s*\([^()]{1,30}\)){0,3}"
_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern + _TAIL, re.IGNORECASE))
    for role, pattern in (
        (REF, r"(?:oppdrag|oppgåve|oppgave)\s*(?:nr\.?|nummer)"),
        (NUMBER, r"(?:nr|nummer|id|ref|referanse|løpenr|lnr|id-nr|oppdrags-id)\.?"),
        (NEW_DUE, r"(?:ny|nye|revidert|endret|endra|justert)\s+(?:tids|svar|leveranse|leverings)?(?:frist|dato)\w*"),
        (
            OLD_DUE,
            r"(?:opprinnelig|opprinneleg|opphavleg|tidligere|tidlegare|gjeldende|gjeldande|første|fyrste)\s+"
            r"(?:tids|svar|leveranse|leverings)?(?:frist|dato)\w*",
        ),
        (
            DUE,
            r"(?:(?:tids|svar|leveranse|leverings|rapporterings|innleverings)?frist(?:er|en|ar)?|dato|tidspunkt|når|"
            r"leveringsdato|leveransedato)",
        ),
        (REPORT, r"rapport(?:ering|eres|erast|eringsform|eringskanal|eringsmåte|eres\s+i|eres\s+til)?"),
        (
            GOAL,
            r"(?:mål|hovedmål|hovudmål|delmål|virksomhetsmål|verksemdsmål|sektormål|styringsmål|samfunnsmål|"
            r"målområde|tema|område|fagområde|innsatsområde|satsingsområde|kategori)(?:\s+\d{1,2})?",
        ),
        (DESC, r"(?:beskrivelse|beskriving|skildring|omtale|innhold|innhald|kort\s+omtale)"),
        (TASK, r"(?:oppdrag(?:et)?|oppdragstekst|oppgåve|oppgave|oppgåver|oppgaver|tiltak|tittel|krav\s+og\s+oppdrag)"),
        (DELIVERY, r"(?:leveranse|leveransar|leveranser|leveransen)"),
        (
            POINT,
            r"(?:punkt|pkt\.?|avsnitt|kapittel)(?:\s+i\s+(?:brevet|tildelingsbrevet|tildelingsbrev))?|"
            r"(?:omtalt|omtala|omtale)\s+i\s+(?:punkt|pkt\.?|kapittel)|(?:referanse|tilvising|henvisning)\s+til\s+brevet|"
            # "Gitt i" (the point of this letter, or another letter: "Brev 3.12.2024")
            r"(?:gitt|gjeve|gitt\s+oppdrag)\s+i",
        ),
        (
            PARTNERS,
            r"(?:samarbeid|samarbeidspartnere?|samarbeidspartnarar?|samarbeidspart(?:ar|er)?|i\s+samarbeid\s+med|"
            r"samarbeid\s+med|involverte|medvirkende|medverkande|bidragsytere|bidragsytarar)",
        ),
        (
            OTHER,
            r"(?:status|ansvar|ansvarleg|ansvarlig|ansvarlege|ansvarlige|kommentar(?:er)?|"
            r"merknad(?:er)?|prioritet|prioritering|kostnad(?:er)?|kontaktperson|avdeling|eining|enhet|seksjon|"
            r"ressurser|finansiering|hjemmel|heimel|kilde|kjelde|type)",
        ),
    )
)

#: A run of text in a line, its words one space apart: one cell (or a header's column name).
_STRETCH = re.compile(r"\S+(?: \S+)*")
#: What opens a row in a number column: a number, a letter's mark ("a)"), or an ID, a code of capitals and digits
#: ("TB2024-01", "DFD-SB-1", "2024.3", "K1", "TB 2024-01"), a number after the goal's ("1.1", "3.4").
_MARK = re.compile(
    r"(?:TB\s*\d{4}\s*[-–—‐‑]\s*\d{1,3}|(?:19|20)\d\d[-–—‐‑./]\d{1,3}|\d{1,2}(?:\.\d{1,2}){1,2}|\d{1,3}|"
    r"[A-Za-zÆØÅæøå][.)]|"
    r"[A-ZÆØÅ][\wÆØÅæøå]*(?:[-–—‐‑./][\wÆØÅæøå]+)*?[-–—‐‑./]?\d{1,4}|"
    # an agency's letters, a space, the year and the number: "FMA 24-01"
    r"(?-i:[A-ZÆØÅ]{2,6})\s\d{2,4}[-–—‐‑./]\d{1,3})(?P<end>[.)]?)\*?(?=\s|$)"
)
#: A column of steering parameters: the table is one of goals (extract.goal_tables), not of assignments.
_PARAMETER_COLUMN = re.compile(r"\b(?:styringsparamet\w*|styringsindikator\w*|resultatindikator\w*)\b", re.IGNORECASE)
#: A numbered item opening a task cell ("1. DSB skal …"): rows of a table whose cells list the assignments.
_CELL_ITEM = re.compile(r"(?P<n>\d{1,2})[.)]\s+(?-i:[A-ZÆØÅ])")
#: A goal's number in its cell: "1", "Mål 2:", "Hovudmål 3 –".
_GOAL_NUMBER = re.compile(
    r"^(?:(?:mål|hovedmål|hovudmål|delmål|virksomhetsmål|verksemdsmål|sektormål)\s+)?(?P<n>\d{1,2})\b(?![.,]\d)",
    re.IGNORECASE,
)
#: A goal column's name, where a theme's ("Tema", "Område") names no goal.
_GOAL_COLUMN = re.compile(r"\w*mål\b", re.IGNORECASE)
#: A rule drawn across a table under its header: "-------", "_______", "═════".
_RULE = re.compile(r"^\s*[-–—_=─━═]{5,}\s*$")


@dataclass(frozen=True)
class Column:
    """A column of a table: what it holds, its name, where its header word stands and where its cells start."""

    role: str
    name: str
    head: int
    start: int


@dataclass(frozen=True)
class Layout:
    """A table's columns, left to right, and which one holds what (indices into ``columns``)."""

    columns: tuple[Column, ...]
    number: int | None = None
    goal: int | None = None
    task: int = 0
    desc: int | None = None
    due: int | None = None
    report: int | None = None
    partners: int | None = None
    #: Where in the letter each row's assignment is given: the table is an overview (``POINT``).
    point: int | None = None
    #: A table of deadlines keyed by the assignments' numbers ("Oppdrag nr. | Leveranse | Frist"): no rows of its own.
    keyed: bool = False
    #: The header's lines: 1, or 2 where the column names wrap.
    lines: int = 1

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(c.role for c in self.columns)

    def start(self, index: int | None) -> int | None:
        return self.columns[index].start if index is not None else None


@dataclass
class Row:
    """One row of a table: its mark, and the lines of each of its cells, blanked outside the cell so that character
    positions still point into the source line."""

    mark: str | None
    whole: list[Line]
    task: list[Line] = field(default_factory=list)
    desc: list[Line] = field(default_factory=list)
    due: list[Line] = field(default_factory=list)
    report: list[Line] = field(default_factory=list)
    goal: list[Line] = field(default_factory=list)
    partners: list[Line] = field(default_factory=list)
    point: list[Line] = field(default_factory=list)
    #: The goal the row stands under, as its number ("Mål 2: …" → "2"), where the goal column gives one.
    goal_number: str | None = None


@dataclass
class Table:
    """A table of assignments: its header's first line, its layout and its rows. ``numbered`` says what opens a
    row: "number" (a number or ID column), "goal" (the goal's number, repeating from row to row), "item" (a numbered
    item in the task cell) or "none" (the layout alone)."""

    header: Line
    layout: Layout
    numbered: str
    rows: list[Row]


@dataclass
class KeyedRow:
    """A row of a table keyed by the assignments' numbers: the number and the row's lines (blanked before the
    number's cell), which hold the delivery and its deadline."""

    number: str
    lines: list[Line]


def _cells_of(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _STRETCH.finditer(text)]


def _role(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name.strip().rstrip(":*")).strip()
    for role, pattern in _NAMES:
        if pattern.fullmatch(name):
            return role
    return None


def _layout(cells: list[tuple[int, int, str]], lines: int) -> Layout | None:
    """The layout of a header of ``cells`` (start, end, name), or None where it is no header of a table of
    assignments or of one keyed by their numbers."""
    if len(cells) < 2:
        return None
    roles = [_role(name) for _s, _e, name in cells]
    if any(role is None for role in roles):
        return None
    columns = tuple(
        Column(role or OTHER, name, start, start) for (start, _e, name), role in zip(cells, roles, strict=True)
    )

    def first(*wanted: str) -> int | None:
        return next((k for k, c in enumerate(columns) if c.role in wanted), None)

    tasks = [k for k, c in enumerate(columns) if c.role == TASK]
    descs = [k for k, c in enumerate(columns) if c.role == DESC]
    deliveries = [k for k, c in enumerate(columns) if c.role == DELIVERY]
    due = first(NEW_DUE) if first(NEW_DUE) is not None else first(DUE)
    if due is None:
        due = first(OLD_DUE)
    report = first(REPORT)
    ref = first(REF)
    number = first(NUMBER)
    goal = first(GOAL)
    if ref is not None or (number is not None and not tasks and not descs and due is not None):
        # "Oppdrag nr. | Leveranse | Frist", "Nr. | Frist": deadlines for assignments given elsewhere
        key = ref if ref is not None else number
        if due is None or key is None:
            return None
        return Layout(columns, number=key, due=due, task=key, keyed=True, lines=lines)
    desc: int | None = None
    if tasks:
        task = tasks[0]
        later = [k for k in descs + tasks[1:] if k > task]
        desc = min(later) if later else None
    elif descs:
        task = descs[0]
    elif deliveries:
        task = deliveries[0]
        deliveries = deliveries[1:]
    else:
        return None
    if due is None and deliveries:
        due = deliveries[0]  # "Oppdrag | Leveranse": the delivery's date stands in it
    if due is None and report is not None:
        due, report = report, None  # "Oppdrag | Rapportering": how and when, read as the deadline
    return Layout(
        columns,
        number=number,
        goal=goal,
        task=task,
        desc=desc,
        due=due,
        report=report,
        partners=first(PARTNERS),
        point=first(POINT),
        lines=lines,
    )


def _merge(top: list[tuple[int, int, str]], below: list[tuple[int, int, str]]) -> list[tuple[int, int, str]] | None:
    """The cells of a header wrapped over two lines ("Frist for" / "levering", "Ansvarleg" / "eining"): each cell
    of the second line joins the cell of the first it stands under, or stands as a column of its own."""
    merged = list(top)
    for start, end, name in below:
        over = [k for k, (s, e, _n) in enumerate(merged) if start < e + 2 and end > s - 2]
        if len(over) > 1:
            return None
        if over:
            s, e, above = merged[over[0]]
            merged[over[0]] = (min(s, start), max(e, end), f"{above} {name}")
        else:
            merged.append((start, end, name))
    return sorted(merged)


def header_at(lines: Sequence[Line], k: int, wrapped: bool | None = None) -> Layout | None:
    """The layout of the table whose header starts at ``lines[k]`` (over one line or two), else None. ``wrapped``:
    whether the header is known to wrap over two lines (a header repeated after a page break is as the first)."""
    top = _cells_of(lines[k].text.replace("\f", " "))
    one = _layout(top, 1)
    if wrapped is False:
        return one
    if k + 1 < len(lines) and lines[k + 1].number == lines[k].number + 1:
        below = _cells_of(lines[k + 1].text.replace("\f", " "))
        joining = [(s, e, n) for s, e, n in below if any(s < c[1] + 2 and e > c[0] - 2 for c in top)]
        # a name goes on under its first word in lower case ("Frist for" / "levering"); where the first line alone
        # is no header, the second may add columns of its own ("Ansvarleg" / "Oppgåve   eining   Tidsfrist")
        continues = all(n[:1].islower() for _s, _e, n in joining)
        if joining and continues and (one is None or len(joining) == len(below)):
            merged = _merge(top, below)
            two = _layout(merged, 2) if merged is not None else None
            if two is not None:
                return two
    return one if not wrapped else None


def is_header(text: str) -> bool:
    """True for a line that is the header of a table of assignments (or of deadlines keyed by number)."""
    return _layout(_cells_of(text.replace("\f", " ")), 1) is not None


def _refined(layout: Layout, lines: Sequence[Line]) -> Layout:
    """``layout`` with each column's start moved left to where its cells start in the rows below the header, where
    they start left of the header's word (a header word centred or set right over its column). The most common
    start of a cell between the header word before and this one, seen at least twice and more often than starts at
    the word itself, is the column's start."""
    starts: Counter[int] = Counter(m.start() for line in lines for m in _STRETCH.finditer(line.text))
    columns = list(layout.columns)
    left = [p for p, count in starts.items() if p < columns[0].head - 1 and count >= 2]
    if left:  # the first column's cells (a row's number) start left of its header word
        columns[0] = replace(columns[0], start=min(left))
    for k in range(1, len(columns)):
        column = columns[k]
        previous = columns[k - 1]
        # past the header word before (a cell may wrap under its own word), or past a number column's marks
        low = previous.start + 1 if k == 1 and previous.role == NUMBER else previous.head + len(previous.name) + 1
        aligned = sum(starts[p] for p in range(column.head - 1, column.head + 4))
        candidates = [(count, p) for p, count in starts.items() if low < p < column.head - 1 and count >= 2]
        if candidates:
            count, place = max(candidates)
            if count > aligned:
                columns[k] = replace(column, start=place)
    return replace(layout, columns=tuple(columns))


def _column_of(start: int, layout: Layout) -> int:
    """The index of the column a stretch of text starting at ``start`` stands in (a little left of it allowed)."""
    found = 0
    for k, column in enumerate(layout.columns):
        if column.start <= start + 3:
            found = k
    return found


@dataclass
class _Cells:
    """The cells of one table line, each blanked outside its column."""

    task: str = ""
    desc: str = ""
    due: str = ""
    report: str = ""
    goal: str = ""
    partners: str = ""
    point: str = ""
    mark: re.Match[str] | None = None
    #: A stretch of single-spaced words runs over a column's start: prose across the columns.
    crossing: bool = False


#: The cells a row keeps, by column.
_CELL_NAMES = ("task", "desc", "due", "report", "goal", "partners", "point")


def _after(text: str, end: int) -> int:
    while end < len(text) and text[end] == " ":
        end += 1
    return end


def _cells(text: str, layout: Layout) -> _Cells:
    """The cells of one table line, each blanked outside its column so that character positions still point into
    the source line. Text is cut at runs of two or more spaces and each stretch goes to the column it starts under;
    columns of no interest are left out. A number column's mark with the task beside it after one space gives the
    task the rest; a task that runs into the deadline column with one space ("… kunnskapsoppsummering 15.10.2024")
    is cut there."""
    out = {name: [" "] * len(text) for name in _CELL_NAMES}
    found = _Cells()
    task_start = layout.columns[layout.task].start
    due_start = layout.start(layout.due)
    following = (
        layout.columns[layout.number + 1].start
        if layout.number is not None and layout.number + 1 < len(layout.columns)
        else task_start
    )

    def put(name: str, start: int, end: int) -> None:
        out[name][start:end] = list(text[start:end])

    for stretch in _STRETCH.finditer(text):
        start, end = stretch.span()
        column = _column_of(start, layout)
        if layout.number is not None and column == layout.number:
            mark = _MARK.match(text, start) if found.mark is None else None
            rest = _after(text, mark.end()) if mark is not None else start
            # "4 Løyvingar": a number whose text does not start near the next column is no row's mark
            if mark is not None and (rest >= end or rest >= following - 3 or mark.end() == end):
                found.mark = mark
                if rest < end:  # "1 Medietilsynet skal …" with one space only
                    put("task", rest, end)
                continue
            put("task", start, end)  # the task's text, starting left of its column
            continue
        later = [c.start for c in layout.columns[column + 1 :]]
        crossing = any(start < b - 1 and end > b + 2 for b in later)
        if column == layout.task:
            split = end
            if due_start is not None and due_start > task_start and end > due_start + 1:
                space = next(
                    (
                        p
                        for p in range(min(end - 1, due_start + 2), max(start, due_start - 4), -1)
                        if text[p] == " " and re.match(r"[\dA-ZÆØÅ]", text[p + 1])
                    ),
                    -1,
                )
                if space > 0:
                    split = space
                    put("due", space + 1, end)
                    crossing = any(start < b - 1 and split > b + 2 for b in later)
            put("task", start, split)
        elif column == layout.desc:
            put("desc", start, end)
        elif column == layout.due:
            put("due", start, end)
        elif column == layout.report:
            put("report", start, end)
        elif column == layout.goal:
            put("goal", start, end)
        elif column == layout.partners:
            put("partners", start, end)
        elif column == layout.point:
            put("point", start, end)
        found.crossing = found.crossing or crossing
    for name in _CELL_NAMES:
        setattr(found, name, "".join(out[name]).rstrip())
    return found


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def blank_lines(doc: SourceDoc, after: int, before: int) -> int:
    """How many blank lines stand between lines ``after`` and ``before``."""
    return sum(1 for n in range(after + 1, before) if not doc.line(n).strip())


def spaced(doc: SourceDoc) -> bool:
    """True where the text layer puts a blank line after nearly every line."""
    content = [k for k in range(1, len(doc.lines)) if doc.lines[k - 1].strip()]
    return sum(1 for k in content if not doc.lines[k].strip()) / max(len(content), 1) >= 0.6


def _first_row(lines: Sequence[Line], k: int) -> str:
    """The first line from ``k`` on that is no rule: the table's first row."""
    for line in lines[k : k + 2]:
        if not _RULE.match(line.text):
            return line.text
    return ""


def _numbering(layout: Layout, first_row: str) -> tuple[Layout, str]:
    """What opens the table's rows, judged by its first row, and the layout as the first row shows it.

    A header "Oppdrag | Beskrivelse | Frist" whose first row opens with an ID ("DFD-SB-1   Tittel   1. mars") has
    the IDs in the "Oppdrag" column and the task under "Beskrivelse". A goal column whose first cell is a bare number
    ("1     NP skal …") opens the rows by the goal's number, repeating from row to row; a task cell that opens with a
    numbered item ("1. DSB skal …") beside a goal column lists the rows in the cell."""
    if layout.number is not None:
        return layout, "number"
    cells = _cells(first_row, layout)
    if layout.desc is not None and layout.task == 0:
        mark = _MARK.match(first_row, len(first_row) - len(first_row.lstrip()))
        desc_start = layout.columns[layout.desc].start
        if (
            mark is not None
            and not mark.group().isdigit()
            and _after(first_row, mark.end()) <= desc_start + 1
            and (layout.due is None or layout.desc < layout.due)
        ):
            return replace(layout, number=layout.task, task=layout.desc, desc=None), "number"
    if layout.goal is not None and re.fullmatch(r"\d{1,2}[.)]?", cells.goal.strip()):
        return replace(layout, number=layout.goal), "goal"
    if layout.goal is not None and _CELL_ITEM.match(cells.task.strip()):
        return layout, "item"
    return layout, "none"


def _add(row: Row, line: Line, cells: _Cells) -> None:
    for name in _CELL_NAMES:
        text = getattr(cells, name)
        if text.strip():
            getattr(row, name).append(Line(line.number, text))


#: A group row's label: a goal or an area the rows below it belong to ("Virksomhetsmål 1", "Mål 2: Trygg …",
#: "Område: Beredskap").
_GROUP_LABEL = re.compile(
    r"^(?:(?:nasjonalt|nasjonale|overordnet|overordna)\s+)?(?:(?:hoved|hovud|virksomhets|verksemds|sektor|del)?mål|"
    r"område|tema|innsatsområde)\b|^(?:øvrige|andre|nye)\s+oppdrag\s*$",
    re.IGNORECASE,
)


def _group_label(text: str) -> str:
    return re.sub(r"^(?:\S*mål)\s+(?=\d)", "mål ", text.strip(), flags=re.IGNORECASE)


def _group_row_lines(
    line: Line, lines: Sequence[Line], k: int, layout: Layout, first_start: int, task_start: int
) -> int:
    """The lines a group row takes (0 where ``line`` opens none): one short label at the table's left edge or over its
    task column that names a goal or a group ("Virksomhetsmål 2", "Nasjonalt mål ii", "Øvrige oppdrag"), wrapped over
    up to two more lines at its margin ("Delmål 3 Forbrukarinteressene er godt tekne vare på i samfunnsdebatten og
    i" / "regelverksarbeidet nasjonalt og i EU/EØS"), then a row with its mark."""
    stretches = list(_STRETCH.finditer(line.text))
    if len(stretches) != 1 or len(stretches[0].group().split()) > 20:
        return 0
    start = stretches[0].start()
    if min(abs(start - first_start), abs(start - task_start)) > 2:
        return 0
    if not _GROUP_LABEL.match(stretches[0].group()):
        return 0
    taken = 1
    while k + taken < len(lines) and taken <= 2:
        below = lines[k + taken]
        if _cells(below.text, layout).mark is not None:
            return taken
        pieces = list(_STRETCH.finditer(below.text))
        if len(pieces) != 1 or abs(pieces[0].start() - start) > 1 or not pieces[0].group()[:1].islower():
            return 0
        taken += 1
    return taken if k + taken < len(lines) and _cells(lines[k + taken].text, layout).mark is not None else 0


#: A table's caption repeated on the next page: "Tabell 3  Oppdrag under mål iii (forts.)", "(framhald)".
_GOES_ON = re.compile(
    r"^\s*(?:(?:Tabell|Tab\.)\s*\d+\b.*)?\(?\s*(?:forts(?:\.|ettelse|etjing|ett)?|framhald|fortsatt)\s*\)?\s*\.?\s*$",
    re.I,
)
#: A note in brackets under a row's ID ("(videreført)", "(forts.)", "(nytt)").
_NUMBER_NOTE = re.compile(r"^\s*\((?-i:[a-zæøå])[^()]{0,20}\)\s*")


def _note_in_number_cell(line: Line, following: int, task_start: int) -> bool:
    """A short note under a row's mark ("(videreført)", "forts.") with the row's task going on in its column."""
    stretches = list(_STRETCH.finditer(line.text))
    return (
        len(stretches) >= 2
        and stretches[0].start() < following - 2
        and len(stretches[0].group().split()) <= 2
        and not stretches[0].group()[:1].isupper()
        and stretches[1].start() >= task_start - 2
    )


def _goal_number(text: str) -> str | None:
    match = _GOAL_NUMBER.match(text.strip())
    return match["n"] if match else None


def _rows(
    doc: SourceDoc, lines: Sequence[Line], k: int, layout: Layout, numbered: str, stops: Callable[[Line], bool]
) -> tuple[list[Row], int]:
    """The rows of the table whose first row is at ``lines[k]``, and where the reading stopped."""
    rows: list[Row] = []
    pending: list[tuple[Line, _Cells]] = []  # lines of a cell above its row's number (a number set in the middle)
    least = 2 if spaced(doc) else 1
    first_start = layout.columns[0].start
    task_start = layout.columns[layout.task].start
    following = (
        layout.columns[layout.number + 1].start
        if layout.number is not None and layout.number + 1 < len(layout.columns)
        else task_start
    )
    goal: str | None = None
    named_goal = layout.goal is not None and bool(_GOAL_COLUMN.match(layout.columns[layout.goal].name))
    while k < len(lines):
        line = lines[k]
        again = header_at(lines, k, layout.lines == 2)
        if again is not None and not again.keyed:
            if again.roles != layout.roles:
                break  # another table
            shifts = {b.head - a.head for a, b in zip(layout.columns, again.columns, strict=True)}
            if len(shifts) != 1 or abs(shifts.pop()) > 3:
                # the header repeated after a page break in another layout; the same one shifted a little keeps its
                # columns
                window = _window(lines, k + again.lines, again, stops)
                layout = replace(
                    _refined(again, window),
                    number=layout.number,
                    task=layout.task,
                    desc=layout.desc,
                )
            k += again.lines
            continue
        if _RULE.match(line.text):  # a rule under the header, drawn with the table: no row, no end
            k += 1
            continue
        if (
            _GOES_ON.match(line.text)
            and k + 1 < len(lines)
            and (repeated := header_at(lines, k + 1, layout.lines == 2)) is not None
            and repeated.roles == layout.roles
        ):
            k += 1  # "Tabell 3  Oppdrag under mål iii (forts.)" over the header repeated on the next page
            continue
        group = (
            _group_row_lines(line, lines, k, layout, first_start, task_start) if numbered in ("number", "goal") else 0
        )
        if group:
            # "Virksomhetsmål 2", "Nasjonalt mål ii", "Øvrige oppdrag" on a line of its own between the rows: the goal
            # or group the rows below belong to (a label line that would end an assignment's text elsewhere)
            goal = _goal_number(_group_label(line.text)) or goal
            k += group
            continue
        if stops(line):
            break
        note = _NUMBER_NOTE.match(line.text)
        if rows and note is not None and abs(note.end() - task_start) <= 2:
            # "(videreført) Oppdraget fra …": a note under the row's ID set one space from its task; the task goes on
            line = Line(line.number, " " * note.end() + line.text[note.end() :])
        cells = _cells(line.text, layout)
        if cells.crossing:
            break  # a line running across the columns: prose after the table
        if named_goal and cells.goal.strip():
            goal = _goal_number(cells.goal) or goal
        indent = _indent(line)
        if numbered in ("number", "goal"):
            # where the line's text starts, leaving out the cells of columns before the number column ("Mål | Nr.")
            indent = next(
                (
                    m.start()
                    for m in _STRETCH.finditer(line.text)
                    if _column_of(m.start(), layout) >= (layout.number or 0)
                ),
                len(line.text),
            )
            mark = cells.mark
            if mark is not None and mark.start() < task_start - 1 and line.text[mark.end() :].strip():
                rows.append(Row(mark.group().rstrip(".)*"), [early for early, _ in pending] + [line]))
                for early, early_cells in pending:
                    _add(rows[-1], early, early_cells)
                pending = []
                rows[-1].goal_number = mark.group().rstrip(".)*") if numbered == "goal" and named_goal else goal
            elif not rows and indent >= task_start - 2 and len(pending) < 3:
                pending.append((line, cells))
                k += 1
                continue
            elif rows and _note_in_number_cell(line, following, task_start):
                rows[-1].whole.append(line)  # "(videreført)" under the row's ID, its task going on beside it
            elif not rows or indent < following - 2:
                break  # text outside the table's columns
            else:
                rows[-1].whole.append(line)
        elif numbered == "item":
            task = cells.task.strip()
            item = _CELL_ITEM.match(task)
            if item is not None:
                rows.append(Row(item["n"], [line], goal_number=goal))
            elif not rows or not task:
                k += 1
                continue  # the goal's words beside no item
            else:
                rows[-1].whole.append(line)
        else:
            first = cells.task.strip()[:1]
            due_first = cells.due.strip()[:1]
            if not rows:
                starts = True
            elif _blank_between_rows(doc, rows, least):
                # rows set apart by blank lines: a row opens after one
                starts = first.isupper() and blank_lines(doc, rows[-1].whole[-1].number, line.number) >= least
            else:
                text = doc.block(rows[-1].desc or rows[-1].task).text.rstrip() if rows[-1].task else ""
                ended = text.endswith(".")
                alone = not (cells.due or cells.report or cells.desc or cells.goal).strip()
                if ended and alone and all(_beside(row) for row in rows):
                    # a sentence beside no cell, where every row opened beside one: the text goes on, save where the
                    # line opens as the rows do ("Mattilsynet skal …")
                    ended = _opening(line.text) in {_opening(row.whole[0].text) for row in rows}
                starts = first.isupper() and (ended or due_first.isupper() or due_first.isdigit())
            if starts:
                if indent < first_start - 2 or not first:
                    break
                alone = not (cells.due or cells.report or cells.desc or cells.goal).strip()
                if (
                    rows
                    and alone
                    and all(_beside(row) for row in rows)
                    and blank_lines(doc, rows[-1].whole[-1].number, line.number)
                ):
                    break  # after a blank line, a sentence beside no cell where every row had one: prose
                rows.append(Row(None, [line], goal_number=goal))
            else:
                rows[-1].whole.append(line)
        _add(rows[-1], line, cells)
        k += 1
    return rows, k


def _opening(text: str) -> str:
    """A line's first word ("Mattilsynet" of "Mattilsynet skal …")."""
    words = text.split()
    return words[0] if words else ""


def _beside(row: Row) -> bool:
    """True where a row's first line has a cell beside its task (a deadline, a report, a description, a goal)."""
    first = row.whole[0].number
    return any(cell and cell[0].number == first for cell in (row.due, row.report, row.desc, row.goal))


def _blank_between_rows(doc: SourceDoc, rows: list[Row], least: int) -> bool:
    """True where blank lines stand between the table's rows read so far (before the first, where there is one)."""
    if len(rows) < 2:
        first = rows[0].whole[0].number
        return blank_lines(doc, first - 1 - least, first) >= least
    return all(
        blank_lines(doc, a.whole[-1].number, b.whole[0].number) >= least for a, b in zip(rows, rows[1:], strict=False)
    )


def _window(lines: Sequence[Line], k: int, layout: Layout, stops: Callable[[Line], bool]) -> list[Line]:
    """The lines below a header that may be its table's, for learning where the columns start: up to a heading, the
    next header, or a line of prose at the table's left margin running over a column's header word."""
    window: list[Line] = []
    first = lines[k].text if k < len(lines) else ""
    margin = min(layout.columns[0].head, len(first) - len(first.lstrip())) + 2
    heads = [c.head for c in layout.columns[1:]]
    for line in lines[k : k + 60]:
        if stops(line) or is_header(line.text):
            break
        cells = _cells_of(line.text)
        if (
            len(cells) == 1
            and cells[0][0] <= margin
            and any(cells[0][0] < h - 1 and cells[0][1] > h + 2 for h in heads)
        ):
            break
        window.append(line)
    return window


def read_tables(doc: SourceDoc, stops: Callable[[Line], bool]) -> list[Table]:
    """Every table of assignments in ``doc``, in letter order; ``stops`` says where a table ends at the latest (a
    heading, the letter's closing)."""
    lines = doc.content()
    tables: list[Table] = []
    k = 0
    while k < len(lines):
        layout = header_at(lines, k)
        if layout is None or layout.keyed or _PARAMETER_COLUMN.search(lines[k].text):
            k += 1  # no header, a table keyed by number, or a table of goals and their steering parameters
            continue
        header = lines[k]
        k += layout.lines
        layout, numbered = _numbering(_refined(layout, _window(lines, k, layout, stops)), _first_row(lines, k))
        rows, k = _rows(doc, lines, k, layout, numbered, stops)
        tables.append(Table(header, layout, numbered, rows))
    return tables


_KEYED_ROW = re.compile(r"^\s*(?P<n>\d{1,3})[.)]?\s{2,}(?=\S)")


def read_keyed(doc: SourceDoc, stops: Callable[[Line], bool]) -> list[KeyedRow]:
    """The rows of the tables of deadlines keyed by the assignments' numbers ("Oppdrag nr. | Leveranse | Frist",
    "Nr. | Frist"), in letter order; rows over a page break with the header repeated are one table."""
    lines = doc.content()
    found: list[KeyedRow] = []
    k = 0
    while k < len(lines):
        layout = header_at(lines, k)
        if layout is None or not layout.keyed:
            k += 1
            continue
        k += layout.lines
        current: KeyedRow | None = None
        while k < len(lines):
            line = lines[k]
            again = header_at(lines, k)
            if again is not None and again.keyed:
                k += again.lines
                continue
            if stops(line):
                break
            row = _KEYED_ROW.match(line.text)
            if row:
                current = KeyedRow(str(int(row["n"])), [Line(line.number, " " * row.end() + line.text[row.end() :])])
                found.append(current)
            elif current is not None and _indent(line) > 3:
                current.lines.append(line)  # a delivery wrapped in its cell
            else:
                break
            k += 1
    return found
