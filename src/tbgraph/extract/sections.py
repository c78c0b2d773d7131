"""The letter's numbered sections ("2", "2.1 Hovedmål 1: …", "2.1.1 Spesielle oppdrag").

A line is a heading when it starts with a section number that can follow the previous heading
(the next sibling, a first child, or the next number of an ancestor) and then a capitalised title.
That rule keeps numbered lists ("1. God helse …"), budget rows ("744 01 …") and footnotes
("1 Med konsekvensjusteringer menes …") out; so does a lead-in ending in a colon ("… følgende nye
oppdrag:"): the "1." below it and the "2.", "3." that follow are the items of a list, as are those after a
"1." that cannot follow the heading before it and is not written in capitals as the headings are (a numbered
list of goals under "2. VIRKSOMHETSMÅL"). A title
wrapped over lines is joined back when the next content line starts in lower case.

A letter in parts ("DEL I   MÅL OG RESULTATKRAV", "DEL II …", "Del 3 …", "III   OPPDRAG") numbers its sections
anew in each part: a part is a section of its own, numbered as the letter numbers it ("II"), and the sections in
it carry its number before their own ("II.1"). A list of the parts (a disposition, one part on each line) is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tbgraph.extract.furniture import FLAT_TABLE_HEADER
from tbgraph.extract.problems import Problem
from tbgraph.extract.tables import is_header
from tbgraph.extract.text import Line, SourceDoc

__all__ = ["Section", "find_sections", "MAIN_GOAL_RE", "FLAT_TABLE_HEADER", "goal_number"]

_HEADING = re.compile(r"^\s*(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})(?P<dot>\.?)\s+(?P<title>[A-ZÆØÅÉ«\"].*?)\s*$")
_PART_NUMBER = re.compile(r"[IVX]{1,5}|\d{1,2}")
#: A part of a letter: "DEL I   MÅL OG RESULTATKRAV FOR 2025", "Del 2: Budsjett".
_PART = re.compile(r"^\s*(?:DEL|Del)\s+(?P<part>[IVX]{1,5}|\d{1,2})\b\.?\s*[:.–—-]?\s+(?P<title>[A-ZÆØÅ].*?)\s*$")
#: An attachment's heading at the margin, after the letter's closing: "Vedlegg 2 Oppdrag for 2025", "Vedlegg 1:
#: Styringskalender" (never "Vedlegg:" over a list of them, nor a line that names one in a sentence).
_ATTACHMENT = re.compile(r"^\s*(?P<part>Vedlegg\s+\d{1,2})\s*[:.–—-]?\s+(?P<title>[A-ZÆØÅ][^.]{2,80}?)\s*$")
#: A part numbered in roman numerals alone, its title in capitals: "III     OPPDRAG", "IV. BUDSJETT". It is a part
#: only as the next of its series ("I" first), so a stray numeral is none.
_BARE_PART = re.compile(r"^\s*(?P<part>[IVX]{1,5})(?:\.\s+|\s{2,})(?P<title>[A-ZÆØÅ][^a-zæøå]*?)\s*$")
#: A goal under any of the names letters give it: "Hovedmål 1: …", "Hovudmål 2 – …" (Nynorsk),
#: "Mål 1: …", "Virksomhetsmål 1: …", "Delmål 1.2: …", "Sektormål 3. …", and without a stop after the number,
#: "Mål 1 Effektivt tilsyn med markedsføring" (its label in capitals, no columns after it: no table's row).
#: Numbered in roman numerals too ("Nasjonalt mål II: …", "Mål iii: …"; in lower case only before a stop, so that
#: "Mål i 2025" and "Mål i Norge" stay sentences).
GOAL_TERMS = (
    r"Hovedmål|Hovudmål|Virksomhetsmål|Verksemdsmål|Sektormål|Samfunnsmål|Nasjonalt\s+mål|Overordnet\s+mål|Delmål|Mål"
)
MAIN_GOAL_RE = re.compile(
    rf"^(?P<term>{GOAL_TERMS})(?:\s+(?P<n>\d+(?:\.\d+)?|(?-i:[IVX]{{1,4}}))(?:\s*[:.–—-]|\s+(?=(?-i:[A-ZÆØÅ])(?!.*\S\s{{3,}}\S)))"
    r"|\s+(?P<n_lower>(?-i:[ivx]{1,4}))\s*[:.)–—-]|(?:\s+for\s+(?!\d)[^:]{1,50}?)?\s*[:–—])"
    r"\s*(?P<label>\S.+)$",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10}


def goal_number(match: re.Match[str]) -> str | None:
    """The number a MAIN_GOAL_RE match gives its goal, roman numerals as arabic ("II" -> "2"), or None."""
    number = match["n"] or match["n_lower"]
    if not number or number[0].isdigit():
        return number
    values = [_ROMAN[c] for c in number.lower()]
    return str(sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values)))


@dataclass
class Section:
    number: str
    title: str
    line_start: int  # the heading's first line
    title_end: int  # the heading's last line (the title may wrap)
    line_end: int = 0  # the last line before the next heading at this level or above
    title_lines: list[Line] = field(default_factory=list)
    #: A part of a letter ("DEL II …"): it runs to the next part, over the sections in it however they are numbered.
    is_part: bool = False

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    @property
    def parts(self) -> tuple[int, ...]:
        return tuple(int(p) if p.isdigit() else _roman(p) for p in self.number.split("."))

    def contains(self, line: int) -> bool:
        return self.line_start <= line <= self.line_end


def _successors(current: tuple[int, ...] | None) -> set[tuple[int, ...]]:
    if current is None:
        return {(1,), (0,)}
    options = {current + (1,)}
    for depth in range(len(current), 0, -1):
        prefix = current[: depth - 1]
        options.add(prefix + (current[depth - 1] + 1,))
    return options


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for k, char in enumerate(numeral):
        value = values.get(char, 0)
        total += -value if k + 1 < len(numeral) and values.get(numeral[k + 1], 0) > value else value
    return total


#: The letter's closing, after which an attachment may begin.
_CLOSING = re.compile(
    r"^\s*(?:Med\s+(?:vennlig\s+|venleg\s+)?hilsen|Med\s+helsing|Vennlig\s+hilsen|Venleg\s+helsing|"
    r"Dokumentet\s+er\s+(?:elektronisk\s+)?godkjent)",
    re.IGNORECASE,
)


def _part_heading(lines: list[Line], i: int, last_bare: int, closed: bool) -> re.Match[str] | None:
    """A part's heading ("DEL II   SÆRSKILTE OPPGAVER", or "II   MÅL" next after "I", or after the closing an
    attachment's, "Vedlegg 2 Oppdrag for 2025"), never a line of a list of the parts (its neighbours)."""
    pattern = _PART
    match = _PART.match(lines[i].text) or (_ATTACHMENT.match(lines[i].text) if closed else None)
    if match is not None and match.re is _ATTACHMENT:
        pattern = _ATTACHMENT
    if match is None:
        match = _BARE_PART.match(lines[i].text)
        if match is None or _roman(match["part"]) != last_bare + 1 or not re.search(r"[A-ZÆØÅ]{3}", match["title"]):
            return None
        pattern = _BARE_PART
    for k in (i - 1, i + 1):
        if 0 <= k < len(lines) and pattern.match(lines[k].text):
            return None
    return match


def find_sections(doc: SourceDoc, problems: list[Problem]) -> list[Section]:
    """The numbered sections in order, each with the line range it covers."""
    lines = doc.content()
    dotted = _dotted_style(lines)
    sections: list[Section] = []
    current: tuple[int, ...] | None = None
    list_next: int | None = None  # the next item's number in a list led in by a colon
    list_capitals = False  # whether the list's items are written in capitals (headings may be, beside them)
    part = ""  # the part the sections stand in ("II."), in a letter written in parts
    after_part: tuple[int, ...] | None = None  # the last heading's number before a part's, where the numbers run on
    last_bare = 0  # the last part numbered in roman numerals alone ("III   OPPDRAG")
    closed = False  # past the letter's closing ("Med hilsen"): attachments follow
    i = 0
    while i < len(lines):
        line = lines[i]
        closed = closed or bool(_CLOSING.match(line.text))
        part_match = _part_heading(lines, i, last_bare, closed)
        if part_match is not None:
            part = part_match["part"]
            if part_match.re is _BARE_PART:
                last_bare = _roman(part)
            if part_match.re is _ATTACHMENT:
                part = "V" + part.split()[-1]  # "Vedlegg 2" is part "V2", its sections "V2.1"
            sections.append(
                Section(
                    number=part,
                    title=part_match["title"],
                    line_start=line.number,
                    title_end=line.number,
                    title_lines=[line],
                    is_part=True,
                )
            )
            part += "."
            after_part = current or after_part
            current, list_next = None, None
            i += 1
            continue
        match = _HEADING.match(line.text)
        if match and match["dot"] and not (dotted or "." in match["number"]):
            match = None  # "1. God helse …": a numbered list, where headings are written "1 Tittel"
        if match and match["dot"] and "." not in match["number"]:
            led_in = match["number"] == "1" and i > 0 and lines[i - 1].text.rstrip().endswith(":")
            # a "1." that cannot follow the heading before it, written unlike the headings (which are in capitals),
            # opens a list ("2. VIRKSOMHETSMÅL" / "1. Tapet …")
            capitals = match["title"].isupper()
            stray = (
                match["number"] == "1"
                and current is not None
                and (1,) not in _successors(current)
                and bool(sections)
                and sections[-1].title.isupper()
                and not capitals
            )
            if led_in or stray:
                list_capitals = capitals
            if led_in or stray or (int(match["number"]) == list_next and capitals == list_capitals):
                list_next = int(match["number"]) + 1  # "… følgende nye oppdrag:" / "1. …" / "2. …": items
                match = None
        if match and _hanging_item(lines, i, match):
            match = None  # "1.1  BFD ber Forbrukertilsynet gjennomføre …" over its indented text: an item of a list
        if match and (match["number"].startswith("0") or re.search(r"\S\s{4,}\S", match["title"])):
            match = None  # a budget row ("01 Driftsutgifter") or a table row with columns
        if match and re.match(r"^\s*\d{1,2}\s{3,}\S", line.text) and _row_after_row(doc, line.number):
            match = None  # "4      Gjennomgå …" under row 3 of a table: its number column, not a heading
        if match and _flat_row(doc, line.number):
            match = None  # "4 Jernbanetilsynet skal …" under rows 1-3 of a table copied flat ("Nr. Oppdrag Frist")
        if match and len(match["title"]) <= 160 and not re.match(r"^\d", match["title"]):
            number = tuple(int(p) for p in match["number"].split("."))
            # a part's first section is its "1", or the next number after the part before ("DEL II" / "3.
            # Samfunnsoppdraget" after "2." in DEL I): the letter numbers its sections through its parts, and they
            # keep their own numbers
            runs_on = current is None and after_part is not None and number == (after_part[0] + 1,)
            # a part's sections numbered under the part's own number ("II   MÅL …" / "2.1   Samfunnsmål …"): they
            # keep their numbers, no prefix
            own_number = current is None and bool(part) and number == (_roman(part.rstrip(".")), 1)
            if own_number:
                part = ""
            if runs_on:
                part = ""
                parts = {sec.number for sec in sections if _PART_NUMBER.fullmatch(sec.number)}
                for sec in sections:  # the parts before numbered theirs through too: "I.2" is "2"
                    head, _, rest = sec.number.partition(".")
                    if rest and head in parts:
                        sec.number = rest
            if number in _successors(current) or runs_on or own_number:
                title_lines = [line]
                title = match["title"].strip()
                j = i + 1
                # A wrapped title: the next content line starts in lower case and is short.
                while (
                    j < len(lines)
                    and len(title_lines) < 3
                    and lines[j].stripped[:1].islower()
                    and len(lines[j].stripped) <= 100
                    and not _HEADING.match(lines[j].text)
                ):
                    title_lines.append(lines[j])
                    j += 1
                if len(title_lines) > 1:
                    title = doc.block(title_lines).text.strip()
                    title = title[len(match["number"]) :].strip() if title.startswith(match["number"]) else title
                sections.append(
                    Section(
                        number=part + match["number"],
                        title=title,
                        line_start=line.number,
                        title_end=title_lines[-1].number,
                        title_lines=title_lines,
                    )
                )
                current = number
                after_part = None
                list_next = None
                i = j
                continue
            if current is not None and len(number) > 1 and number[0] == current[0] and number > current:
                problems.append(
                    Problem(
                        line.number,
                        line.number,
                        "heading",
                        f"looks like section {match['number']} but does not follow "
                        f"{'.'.join(map(str, current))}; "
                        "read as text",
                    )
                )
        i += 1
    last_line = len(doc.lines)
    for k, section in enumerate(sections):
        end = last_line
        for later in sections[k + 1 :]:
            if later.is_part if section.is_part else later.depth <= section.depth:
                end = later.line_start - 1
                break
        section.line_end = end
    return sections


#: A sentence that opens with a request or a duty ("BFD ber Forbrukertilsynet …", "Forbrukertilsynet skal …",
#: "Direktoratet får i oppdrag å …"): an item's text, never a heading's title.
_DUTY_TITLE = re.compile(
    r"^(?:[A-ZÆØÅ][\w-]*\s+){1,3}(?:ber|bed|skal|bes|vert\s+bedt|blir\s+bedt|får\s+i\s+oppdrag)\s+\S"
)


def _hanging_item(lines: list[Line], i: int, match: re.Match[str]) -> bool:
    """True when a numbered line ("1.1  BFD ber X gjennomføre …") opens a sentence of a request or a duty and
    its text runs on straight below (or past the one blank line a text layer may put after every line), indented
    under the text (a hanging indent): a numbered item, no heading."""
    if not _DUTY_TITLE.match(match["title"]) or i + 1 >= len(lines):
        return False
    below = lines[i + 1]
    column = match.start("title")
    indent = len(below.text) - len(below.text.lstrip())
    return below.number <= lines[i].number + 2 and abs(indent - column) <= 1


def _row_after_row(doc: SourceDoc, number: int) -> bool:
    """True when line ``number`` ("4      Gjennomgå …") follows row N - 1 of the same table ("3      Utvikle …"),
    over the wrapped lines of that row's cells and blank lines only."""
    own = re.match(r"^\s*(\d{1,2})\s{3,}\S", doc.line(number))
    if own is None:
        return False
    for k in range(number - 1, max(0, number - 8), -1):
        text = doc.line(k)
        if not text.strip():
            continue
        row = re.match(r"^\s*(\d{1,2})\s{3,}\S", text)
        if row is not None:
            return int(row[1]) == int(own[1]) - 1
        if not re.match(r"^\s{3,}\S", text):
            return False  # text at the margin: no row above
    return False


def _flat_row(doc: SourceDoc, number: int) -> bool:
    """True when line ``number`` ("4 Jernbanetilsynet skal …") is row N of a table copied flat: rows 1 … N - 1 open
    lines above it, under a header "Nr. Oppdrag Frist", within a page or so."""
    own = re.match(r"^\s*(\d{1,2})\.? \S", doc.line(number))
    if own is None:
        return False
    expected = int(own[1]) - 1
    for k in range(number - 1, max(0, number - 120), -1):
        text = doc.line(k)
        if FLAT_TABLE_HEADER.match(text):
            return expected == 0
        row = re.match(r"^\s*(\d{1,2})\.? \S", text)
        if row is not None and int(row[1]) == expected:
            expected -= 1
    return False


def _dotted_style(lines: list[Line]) -> bool:
    """True when the letter writes its top-level headings "1. Tittel" (and never "1 Tittel")."""
    # a "1 Tittel" led in by a colon is an item of a list ("Vedlegg:" / "1  Oppdrag fra tidligere år …"), no heading
    # nor is a table's first row, under the table's header ("Nr.   Oppdrag   Frist" / "1     Udir skal …"),
    plain = any(
        re.match(r"^\s*1\s+[A-ZÆØÅ]", line.text)
        and not (k > 0 and lines[k - 1].text.rstrip().endswith(":"))
        and not any(is_header(lines[j].text) for j in range(max(k - 2, 0), k))
        # nor a row of any table laid out in columns ("1 Mer for pengene      Kostnad per togkilometer i")
        and not re.search(r"\S\s{3,}\S", line.text.strip())
        # nor a footnote, a sentence running on ("1 Som en del av arbeidet gis også følgende oppdrag: … . Pasient…")
        and not (len(line.stripped) > 90 or re.search(r"[a-zæøå]\.\s+[A-ZÆØÅ]", line.stripped))
        for k, line in enumerate(lines)
    )
    dotted = any(re.match(r"^\s*1\.\s+[A-ZÆØÅ]", line.text) for line in lines)
    return dotted and not plain


def section_at(sections: list[Section], line: int) -> Section | None:
    """The deepest section containing ``line``."""
    best = None
    for section in sections:
        if section.line_start <= line <= section.line_end and (best is None or section.depth >= best.depth):
            best = section
    return best
