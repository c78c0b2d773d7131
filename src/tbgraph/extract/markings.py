"""Where assignments stand in a letter, under any of the markings letters use.

Each finder returns the raw stretches (:class:`RawAssignment`): the marking, the title lines and
the body lines up to where the assignment ends. Schemes, tried in this order, each owning the lines
it claims:

* IDs: "ID: TB2023-07 Tittel", "TB2023–15 Tittel" (any dash);
* headings "Oppdrag 3: Tittel" / "Oppdrag nr. 3 – Tittel" (Bokmål and Nynorsk alike);
* table rows, read by :mod:`.tables` by the names of the header's columns (a number or ID, a goal
  or theme, the task, a description, the deadline, the reporting, in any order), or of a table
  copied flat out of a PDF viewer ("Nr. Oppdrag Frist", its columns one space apart);
* without any ID: the numbered sub-sections of a section about assignments ("2 Oppdrag" →
  "2.1 Utrede …") and the bullets of such a section without sub-sections ("Andre oppdrag");
* last, in whatever the schemes above left: requests of work in prose or in a list, under any heading of the
  body ("Departementet ber X om å …", "X skal innen 1. mars …"), read by :mod:`.requests`.

An assignment ends at the next marking, the next heading, or the letter's closing (greeting,
signature, copy list, attachments). Assignments without an ID get a stable key that says where they
stand: ``oppdrag-3``, ``tabell-3-nr-2``, ``tabell-3-rad-2``, ``punkt-2.1``, ``punkt-2.4-3``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.goal_tables import read_goal_tables
from tbgraph.extract.overview import pointed_paragraphs
from tbgraph.extract.problems import Problem
from tbgraph.extract.requests import (
    GENERAL,
    find_requests,
    is_request,
    is_standing_duty,
    proper_names,
    request_title,
)
from tbgraph.extract.requests import masked as _masked
from tbgraph.extract.requests import paragraphs as _paragraphs
from tbgraph.extract.requests import sentences as _sentences
from tbgraph.extract.sections import FLAT_TABLE_HEADER, MAIN_GOAL_RE, Section, goal_number, section_at
from tbgraph.extract.tables import Table, is_header, read_keyed, read_tables
from tbgraph.extract.tables import blank_lines as _blank_lines
from tbgraph.extract.tables import spaced as _spaced
from tbgraph.extract.text import Line, SourceDoc
from tbgraph.extract.words import content_words

__all__ = ["RawAssignment", "find_raw_assignments", "ID_LINE", "STOP_LINE", "BULLET", "ANOTHER_ASSIGNMENT"]

ID_LINE = re.compile(
    r"^\s*(?P<prefix>ID\s*[:.]?\s*)?TB\s*(?P<year>\d{4})\s*[-–—‐‑]\s*(?P<num>\d{1,3})\b\s*[:.–—-]?\s*(?P<title>.*?)\s*$"
)
_BAD_ID_LINE = re.compile(r"^\s*ID\s*[:.]", re.IGNORECASE)
_OPPDRAG = re.compile(
    r"^\s*(?P<word>Oppdrag|Oppgåve|Oppgave|Tiltak)\s+(?:nr\.?\s*)?(?P<num>\d{1,3}(?:\.\d{1,2})?)(?![.,]\d)"
    r"\s*(?:(?:[:.–—-]\s*|\s(?=(?-i:[A-ZÆØÅ«])))(?P<title>\S.*?))?\s*$",
    re.IGNORECASE,
)
#: A list item: a bullet of any glyph (a symbol font's bullet may come out of a PDF as a private-use
#: or control character), "1)" or "a)".
BULLET = re.compile(r"^\s*(?:[-–•▪●◦∙·*►➢✓\uf0b7\uf0a7\uf0d8\x7f\ufffd]|\d{1,2}\)|[a-z]\))\s+")
#: The letter's closing and what follows it: no assignment runs on into these.
STOP_LINE = re.compile(
    r"^\s*(?:Med\s+(?:vennlig\s+|venleg\s+)?hilsen|Med\s+helsing|Vennlig\s+hilsen|Venleg\s+helsing|"
    r"Kopi(?:\s+til)?\s*:|Kopi\s+til\s*$|Vedlegg\s*:|Vedlegg\s*$|Dokumentet\s+er\s+(?:elektronisk\s+)?godkjent|"
    r"Dokumentet\s+er\s+elektronisk|Adresseliste\b|Kap\.?\s+Post\b)",
    re.IGNORECASE,
)
_DANGLING = re.compile(
    r"(?:\b(?:og|for|av|i|til|med|om|på|eller|fra|frå|mellom|innen|innan)|[–—,-])\s*$", re.IGNORECASE
)
_FRIST_LINE = re.compile(r"^\s*(?:\.?\s*)?(?:Frist(?:en)?\b.*|\.)\s*$", re.IGNORECASE)
_ASSIGNMENT_SECTION = re.compile(
    r"^(?:(?:Særskilte|Særskilde|Særlege|Særlige|Spesielle|Andre|Øvrige|Nye|Nytt|Ekstra|Konkrete|Faste|"
    r"Andre\s+faste|Videreførte|Vidareførte|Pågående|Pågåande|Prioriterte)\s+)?"
    # "Spesielle tiltak og oppdrag", "Tiltak og oppdrag", "Prioriterte tiltak og bestillinger"
    r"(?:tiltak\s+og\s+)?(?:oppdrag|oppgaver|oppgåver|tilleggsoppdrag|bestillinger|bestillingar)\b|"
    r"^Tilleggsoppdrag\b",
    re.IGNORECASE,
)
#: A heading that is itself one new assignment, its title after the colon: "Tilleggsoppdrag: Kartlegging av
#: …", "Nytt oppdrag: …" (supplements write new assignments so, at any level of headings).
_ONE_ASSIGNMENT_HEADING = re.compile(
    r"^(?:Tilleggsoppdrag|Nytt\s+oppdrag|Nytt\s+tilleggsoppdrag|Ekstra\s+oppdrag)\s*[:–—-]\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
#: A sub-section of a section about assignments that gives none: "Generelt", "Innleiing", "Fellesføringar".
_GENERAL_SECTION = re.compile(
    r"^(?:Generelt|Innledning|Innleiing|Bakgrunn|Felles\s*føring(?:er|ar))\b"
    # assignments of earlier years that are done: "5.3 Avsluttede oppdrag", "Oppdrag som er avslutta"
    r"|^(?:Avslutt\w*|Avslutta|Fullført\w*|Ferdigstilte|Ferdige)\s+oppdrag\b|^Oppdrag\s+som\s+er\s+(?:avslutt|fullført|ferdig)"
    # an overview of the letter's own parts, not one to deliver ("3.11 Oversikt over planlagte datasett")
    r"|^Oversikt(?:\s*$|\s+over\s+(?:\w+\s+)?(?:oppdrag|oppgaver|oppgåver|frister|fristar|mål|rapportering|tiltak)\b)",
    re.IGNORECASE,
)
_LEAF_LIST_SECTION = re.compile(
    r"^(?:Andre|Øvrige|Faste|Andre\s+faste|Øvrige\s+faste)\s+(?:oppdrag|oppgaver|oppgåver)\b", re.I
)


@dataclass
class RawAssignment:
    scheme: str  # tb-id, oppdrag-heading, table-row, section-heading, bullet
    identifier: str  # the letter's own ID, or the stable key
    key: str
    marking: str
    title_lines: list[Line]
    title: str
    body: list[Line]
    first_line: Line
    #: Table rows: the Frist cell's lines (masked to that column) and whether quotes go line by line.
    due: list[Line] = field(default_factory=list)
    per_line: bool = False
    #: Table rows: the "Rapportering" cell's lines, read on their own (a reporting channel).
    report: list[Line] = field(default_factory=list)
    #: The goal the assignment stands under where no heading says so ("Mål 2" on a line of its own over item "2.1").
    goal: str | None = None
    #: Table rows: the "Samarbeid" cell's lines (masked to that column): whom the recipient works with.
    partners: list[Line] = field(default_factory=list)


def _stops(line: Line, heading_lines: set[int]) -> bool:
    """Where an assignment's text ends: a heading, the closing, a table's header, a label line."""
    return (
        line.number in heading_lines
        or bool(STOP_LINE.match(line.text))
        or is_header(line.text)
        or bool(_LABEL.match(line.text))
        or bool(_SIDE_LABEL.match(line.text))
    )


#: A label line of its own over what is no assignment: the government's common demands, a goal's steering
#: parameters, the reporting demands ("Fellesføringar", "Styringsparametrar", "Rapporteringskrav").
_SIDE_LABEL = re.compile(
    r"^\s*(?:Felles\s*føring(?:er|ar)|Styringsparamet(?:ere|rar)|Rapporteringskrav)(?:\s+(?:for|i)\s+\d{4})?\s*:?\s*$",
    re.IGNORECASE,
)


def _unnumbered_heading(doc: SourceDoc, line: Line, previous: Line | None) -> bool:
    """A short line standing alone between blank lines after a finished sentence ("Oversikt over
    frister"): a heading without a number. Not judged where the text layer puts a blank line after
    nearly every line."""
    n = line.number
    text = line.stripped
    if not text[:1].isupper() or len(text) > 60 or text[-1:] in ".,;:)" or previous is None:
        return False
    if _FOOT_LINE.match(line.text):
        return False  # "Frist: I løpet av første halvår 2024" alone after a page break: the item's last line
    if not previous.stripped.endswith((".", ":", ")")):
        return False
    blank_before = n > 1 and not doc.line(n - 1).strip()
    blank_after = n < len(doc.lines) and not doc.line(n + 1).strip()
    # Two blank lines before it set it apart as well, with its text straight below ("Styringsdialog").
    wide_gap = n > 2 and blank_before and not doc.line(n - 2).strip()
    if not (blank_before and (blank_after or wide_gap)):
        return False
    return not _spaced(doc)


def _heading_over_text(doc: SourceDoc, line: Line, previous: Line) -> bool:
    """A short line of a few words after a blank line and a finished sentence, with its text straight below
    ("Andre forhold" / "Departementet forutsetter …"): a heading without a number over a paragraph."""
    text = line.stripped
    n = line.number
    below = doc.line(n + 1).strip() if n < len(doc.lines) else ""
    return (
        text[:1].isupper()
        and len(text) <= 40
        and len(text.split()) <= 4
        and not re.search(r"[\d:;,.()]", text)
        and previous.stripped.endswith(".")
        and n > 1
        and not doc.line(n - 1).strip()
        and below[:1].isupper()
        and len(below) > len(text) + 20
        and not _spaced(doc)
    )


def _title_continues(lines: list[Line], j: int, title_lines: list[Line], heading_lines: set[int]) -> bool:
    line = lines[j]
    return (
        len(title_lines) < 4
        and line.number not in heading_lines
        and _id_line(line.text) is None
        and not _OPPDRAG.match(line.text)
        and not BULLET.match(line.text)
        and not _FRIST_LINE.match(line.text)
        and not STOP_LINE.match(line.text)
        and (line.stripped[:1].islower() or bool(_DANGLING.search(title_lines[-1].text)))
    )


#: A code of a ministry's scheme that carries the agency's abbreviation between the year and the number:
#: "TB2025-ABC-01" (an assignment carried over keeps the code it was given, also an older abbreviation).
AGENCY_CODE = r"(?-i:[A-ZÆØÅ]{1,6})\d{2,4}[-–—‐‑](?-i:[A-ZÆØÅ]{2,8})[-–—‐‑]\d{1,3}"
#: A code of any shape of the genre: capitals (a ministry's or agency's abbreviation, perhaps with the year glued
#: on), then one to three more hyphen-separated parts of capitals or a year in two or four digits, the running
#: number last: "JD-UDI-2025-01", "NFD-KT-25-1", "DFD-SB-1", "DFD-2025-01", "TB2025-ABC-01", "KD-SP-2024-3"; or the
#: year first, then capitals: "2024-GN-01", "2025-HVL-3".
SCHEME_CODE = (
    r"(?:(?-i:[A-ZÆØÅ]{1,6})(?:\d{2,4})?(?:[-–—‐‑](?:(?-i:[A-ZÆØÅ]{1,8})|(?-i:[A-ZÆØÅ]{2,6}[a-zæøå]{1,3})|\d{2}|\d{4})){1,3}"
    r"|(?:19|20)\d\d(?:[-–—‐‑](?:(?-i:[A-ZÆØÅ]{1,8})|(?-i:[A-ZÆØÅ]{2,6}[a-zæøå]{1,3}))){1,2})"
    r"[-–—‐‑]\d{1,3}(?![\w-])"
)
# (an agency's abbreviation may end in small letters, as the agency writes it: "TB-2024-IMDi-7", "KD-HKdir-3")
#: An assignment ID of another scheme: "ID: DFD-2025-01 Tittel", "ID: O-3 Tittel", "Oppdrag TB2025-ABC-01 Tittel",
#: "Oppdrag 2025/3  Tittel" (the year and number with a slash),
#: or a code of capitals and numbers opening a line ("KD-2024-05 Tittel").
OTHER_ID_LINE = re.compile(
    r"^\s*(?:ID\s*[:.]?\s*(?P<code>[A-ZÆØÅ0-9][\w./]*?[-–—‐‑./]?\d[\w.\-–—‐‑/]*)"
    rf"|(?:Oppdrag|Oppgåve|Oppgave)\s+(?:nr\.?\s*)?(?P<coded>{SCHEME_CODE}|{AGENCY_CODE}|\d{{4}}[-–—‐‑/]\d{{1,3}}|"
    r"(?-i:[A-ZÆØÅ]{1,6})[-–—‐‑]?\d{1,4}"
    r"(?:[-–—‐‑]\d{1,3})?)(?=\s*[:.–—-]?\s*$|\s*[:.–—-]?\s+(?-i:[A-ZÆØÅ«]))"
    rf"|(?P<bare>{SCHEME_CODE}|{AGENCY_CODE}|[A-ZÆØÅ]{{1,6}}[-–—‐‑]\d{{1,4}}(?:[-–—‐‑]\d{{1,3}})?)"
    # "K1    Rettleiing …", "O1: Tittel", "O1 – TITTEL I VERSALER" (a spaced dash before the title)
    r"|(?P<short>(?-i:[A-ZÆØÅ]{1,3})(?:\d{1,3}|\s\d{1,2}\.\d{1,2}))"
    r"(?=\s*:\s|\s{2,}|\s[–—]\s+(?-i:[A-ZÆØÅ«]))"
    # a bare year and number in a column of its own, the task beside it: "2024-01   Statped skal …"
    r"|(?P<yearcode>(?:19|20)\d\d[-–—‐‑]\d{1,3})(?=\s{2,}(?-i:[A-ZÆØÅ])))"
    r"\s*[:.–—-]?\s*(?P<title>(?-i:[A-ZÆØÅ«]).*?)?\s*$",
    re.IGNORECASE,
)


#: A short title line of its own that ends in the assignment's ID in brackets: "Busetjing av einslege mindreårige
#: (TB-2024-IMDi-2)", "Tolking i offentleg sektor (ID: AID-7)"; the assignment is the title and the paragraph below.
TRAILING_ID_LINE = re.compile(
    r"^\s*(?P<title>(?-i:[A-ZÆØÅ«])[^.:;!?()]{2,90}?)\s+\(\s*(?:ID\s*[:.]?\s*)?"
    rf"(?P<code>{SCHEME_CODE}|{AGENCY_CODE}|TB\s*\d{{4}}\s*[-–—‐‑]\s*\d{{1,3}}|(?-i:[A-ZÆØÅ]{{1,6}})[-–—‐‑]\d{{1,4}})"
    r"\s*\)\s*$"
)


#: A title line with the assignment's code set in the right margin: "Brukerundersøkelse blant parter        DN-24-A"
#: (codes of any scheme, the last part a number or a capital letter).
MARGIN_ID_LINE = re.compile(
    r"^\s*(?P<title>(?-i:[A-ZÆØÅ«])[^.:;!?]{2,90}?)\s{4,}"
    rf"(?P<code>{SCHEME_CODE}|{AGENCY_CODE}|TB\s*\d{{4}}\s*[-–—‐‑]\s*\d{{1,3}}|"
    r"(?-i:[A-ZÆØÅ]{1,6})(?:[-–—‐‑](?:\d{2}|\d{4}|(?-i:[A-ZÆØÅ]{2,8})))*[-–—‐‑](?:\d{1,3}|(?-i:[A-ZÆØÅ])))\s*$"
)


def _trailing_id(text: str) -> tuple[str, str, str, str] | None:
    """(scheme, identifier, key, title) of a title line ending in its ID in brackets or in the right margin, else
    None."""
    match = TRAILING_ID_LINE.match(text) or MARGIN_ID_LINE.match(text)
    if match is None or re.search(r"\S\s{4,}\S", match["title"]):
        return None
    code = re.sub(r"\s+", "", re.sub(r"[–—‐‑]", "-", match["code"]))
    tb = re.fullmatch(r"TB(\d{4})-(\d{1,3})", code)
    if tb:
        code = f"TB{tb[1]}-{int(tb[2]):02d}"
        return "tb-id", code, code, match["title"].strip()
    key = re.sub(r"[^a-z0-9.]+", "-", _ascii(code.lower())).strip("-")
    return "other-id", code, key, match["title"].strip()


def _id_line(text: str) -> tuple[str, str, str, str] | None:
    """(scheme, identifier, key, title) of a line that opens an assignment with an ID, else None."""
    trailing = _trailing_id(text)
    if trailing is not None:
        return trailing
    match = ID_LINE.match(text)
    if match and (match["prefix"] or match["title"][:1].isupper()):
        identifier = f"TB{match['year']}-{int(match['num']):02d}"
        return "tb-id", identifier, identifier, match["title"]
    other = OTHER_ID_LINE.match(text)
    if other and re.search(r"\boppdrag\s+\S*\d", other["title"] or "", re.IGNORECASE):
        return None  # "Oppdrag 2024-3 Kapasitet i ankesaker og oppdrag 2024-5 … ble avsluttet": a sentence on two
    if other and other["short"] and not other["title"]:
        return None  # "K1" opening a line is an ID only beside a title ("K1    Rettleiing av kommunane")
    if other and other["yearcode"] and not _OBLIGATION.match(other["title"] or ""):
        return None  # "2024-01" opening a line is an ID only beside the task itself ("Statped skal …")
    if other and not match and (other["code"] or other["coded"] or other["title"]):
        code = other["code"] or other["coded"] or other["bare"] or other["short"] or other["yearcode"]
        code = re.sub(r"[–—‐‑]", "-", code)
        code = re.sub(r"\s+", "", code)  # "O 1.1": the ID one word, "O1.1" (the marking keeps the space)
        key = re.sub(r"[^a-z0-9.]+", "-", _ascii(code.lower())).strip("-")
        return "other-id", code, key, other["title"] or ""
    return None


#: The foot lines of an assignment under its ID: "Leveranse: innen 1. november 2026", "Rapportering: i
#: tertialrapportene".
_FOOT_LINE = re.compile(r"^\s*(?:Leveranse|Leveransar|Leveranser|Rapportering|Frist)\s*:\s*\S", re.IGNORECASE)


#: What becomes of an assignment, said right after its marking: "videreføres uendret", "utgår", "står fast".
_BECOMES = (
    r"(?:videreføres|vidareførast|vidareførest|held\s+fram|utgår|går\s+ut|fell\s+bort|faller\s+bort|bortfaller|"
    r"endres|vert\s+endra|blir\s+endra|blir\s+endret|står\s+fast|avsluttes|vert\s+avslutta|er\s+avsluttet|"
    r"er\s+avslutta|er\s+fullført|trekkes\s+tilbake)\b"
)
#: A paragraph that opens on another assignment by its code, in running text ("Oppdrag TB2023-11 om evaluering av
#: … anses som besvart"): a note of its own, no part of the assignment above it.
_OTHER_ASSIGNMENT_NOTE = re.compile(
    r"^\s*Oppdrag(?:et)?\s+(?-i:[A-ZÆØÅ]{1,6})[-–]?\d{2,4}[-–]\d{1,3}\s+(?:om|fra|frå|i|med)\s"
    # or a sentence on what becomes of it: "Oppdrag TB2024-03 videreføres uendret."
    rf"|^\s*Oppdrag(?:et)?\s+(?-i:[A-ZÆØÅ]{{1,6}})[-–]?\d{{2,4}}[-–]\d{{1,3}}\s+{_BECOMES}",
    re.IGNORECASE,
)


#: A code that ends a clause of running text ("… med inntil 1 200 000 kroner til arbeidet med oppdrag" / "NFD-KT-25-5.
#: Fullmakten skal …"): a reference to an assignment, where the line above runs on into it.
_CODE_ENDING_CLAUSE = re.compile(
    rf"^\s*(?:{SCHEME_CODE}|\d{{4}}[-–—‐‑]\d{{1,3}}|(?-i:[A-ZÆØÅ]{{1,3}})[-–—‐‑]\d{{1,3}})(?:[.,;]|\s+(?:og|eller|i|om)\s)"
)


def _reference_in_sentence(doc: SourceDoc, line: Line) -> bool:
    """A line opening on a code that ends the sentence of the line straight above it: a reference, no ID line.
    So is a line opening on "oppdrag <code>" in small letters ("jf." / "oppdrag NSM-25-03. Midlene …"): a heading
    writes the word with its capital."""
    if re.match(r"^\s*oppdrag(?:et)?\s+\S*\d", line.text):
        return True
    above = doc.line(line.number - 1).rstrip() if line.number > 1 else ""
    if re.search(r"\b(?:rundskriv(?:et)?|jf\.?|jamfør|instruks(?:en)?|rettleiar(?:en)?|veileder(?:en)?)$", above, re.I):
        return True  # "… Finansdepartementets rundskriv" / "R-110 Fullmakter i henhold til …": the circular's name
    return bool(_CODE_ENDING_CLAUSE.match(line.text) and above.strip() and re.search(r"[a-zæøå]$", above) is not None)


def _split_ids(
    doc: SourceDoc, lines: list[Line], heading_lines: set[int], problems: list[Problem]
) -> list[RawAssignment]:
    found: list[RawAssignment] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = _id_line(line.text) if not _reference_in_sentence(doc, line) else None
        if opened is None:
            if _BAD_ID_LINE.match(line.text):
                problems.append(
                    Problem(
                        line.number,
                        line.number,
                        "assignment-id",
                        f"'ID' line without a readable assignment ID: {line.stripped[:70]!r}",
                    )
                )
            i += 1
            continue
        scheme, identifier, key, first_title = opened
        title_lines = [line]
        j = i + 1
        body: list[Line] = []
        if _trailing_id(line.text) is not None:
            # "Tittel (TB-2024-IMDi-1)" over a paragraph: the paragraph is the assignment's text, up to a blank line
            # after a finished sentence (a sentence running on over a page break goes on)
            while j < len(lines) and not _stops(lines[j], heading_lines) and _id_line(lines[j].text) is None:
                gap = body and _blank_lines(doc, body[-1].number, lines[j].number) >= (2 if _spaced(doc) else 1)
                if gap and body[-1].stripped.endswith((".", "!", "?", ":")):
                    break
                body.append(lines[j])
                j += 1
            found.append(RawAssignment(scheme, identifier, key, identifier, title_lines, first_title, body, line))
            i = j
            continue
        column = line.text.find(first_title) if first_title else -1
        tasked = (
            column > 0
            and bool(re.search(r"\S\s{2,}$", line.text[:column]))
            # the task beside its code, or an assignment carried over ("KLD-MET-2023-4    Oppdraget frå … held fram")
            and bool(_OBLIGATION.match(first_title) or re.match(r"Oppdrag(?:et)?\s+(?:om|fra|frå)\s", first_title))
        )
        if tasked:
            # "O 1.1      KDI skal …": the code in a column of its own, the task beside it (no title)
            body, title_lines, first_title = [Line(line.number, " " * column + line.text[column:])], [], ""
        # "ID: TB2023-01" alone, the title on the next line; unless that line opens the task itself
        # ("Oppdrag 2025-01" / "Bufdir skal …"), which is then the body, with no title of its own.
        untitled = tasked or (not first_title and j < len(lines) and bool(_OBLIGATION.match(lines[j].stripped)))
        if not first_title and j < len(lines) and not untitled:
            title_lines.append(lines[j])
            j += 1
        while not untitled and j < len(lines) and _title_continues(lines, j, title_lines, heading_lines):
            title_lines.append(lines[j])
            j += 1
        while j < len(lines):
            if _stops(lines[j], heading_lines) or _OPPDRAG.match(lines[j].text):
                break
            if body and _unnumbered_heading(doc, lines[j], body[-1]):
                break
            if tasked and _indent(lines[j]) < column - 2:
                break  # the task in a hanging indent beside its code: a line back at the margin is no part of it
            if _id_line(lines[j].text) is not None and not _is_reference_line(lines[j].text):
                break
            if _BAD_ID_LINE.match(lines[j].text):
                break  # reported as an unreadable ID line when the scan reaches it
            if body and not doc.line(lines[j].number - 1).strip() and _OTHER_ASSIGNMENT_NOTE.match(lines[j].text):
                break  # a paragraph on another (earlier) assignment: "Oppdrag TB2023-11 om … anses som besvart"
            if (
                body
                and _FOOT_LINE.match(body[-1].text)
                and not _FOOT_LINE.match(lines[j].text)
                and _blank_lines(doc, body[-1].number, lines[j].number) >= (2 if _spaced(doc) else 1)
                and lines[j].stripped[:1].isupper()
            ):
                break  # "Leveranse: …" / "Rapportering: …" close the item: a paragraph after them is the section's
            body.append(lines[j])
            j += 1
        body = _without_closing(body, doc)  # "Departementet vil i tillegg kunne gje … oppdrag …": of the year's work
        title_block = doc.block(title_lines or [line])
        reopened = _id_line(title_block.text)
        title = reopened[3] if reopened and reopened[3] and not tasked else ("" if untitled else title_block.text)
        written = line.stripped[: len(identifier) + 1].rstrip()
        marking = written if " " in written and written.replace(" ", "") == identifier else identifier
        due: list[Line] = []
        if title and not tasked:
            title, due, body = _title_deadline(title, title_lines, body)
        told = _TITLE_THEN_TASK.match(title) if title and not tasked else None
        if told is not None:
            # "TB2024-PSN-12 Bruk av medisinsk sakkyndige: Pasientskadenemnda skal innen 1. oktober 2024 rapportere
            # …": the title before the colon, the task after it (its lines the assignment's text)
            column = line.text.find(told["task"][:12])
            if column > 0:
                body = [Line(line.number, " " * column + line.text[column:]), *title_lines[1:], *body]
                title_lines = [Line(line.number, line.text[:column])]
                title = told["title"]
        found.append(RawAssignment(scheme, identifier, key, marking, title_lines, title.strip(), body, line, due))
        i = j
    return found


#: A title, a colon and the task in a sentence of its own: "Bruk av medisinsk sakkyndige: Pasientskadenemnda skal …".
_TITLE_THEN_TASK = re.compile(
    r"^(?P<title>[^:]{3,90}?):\s+(?P<task>(?-i:[A-ZÆØÅ])[\wæøå-]*(?:\s+[\wæøå-]+){0,3}\s+(?:skal|ber|bes)\b.*)$",
    re.IGNORECASE | re.DOTALL,
)
#: A deadline that closes an assignment's title line, after a dash or in brackets: "HOD-2025-07 Utredning av … – ny
#: frist 1. mars 2026", "KD-2024-3 Kartlegging av … (frist 1. juni 2024)", "– ny frist / 30.06.2026" (wrapped).
_TITLE_DEADLINE = re.compile(
    r"\s(?:[–—-]\s*|\(\s*)(?=(?:ny|nytt|revidert|endra|endret|endelig|endeleg|gjeldende|gjeldande)?\s*"
    r"(?:frist|tidsfrist|leveringsfrist)\b)",
    re.IGNORECASE,
)
#: A line that is only a date, or opens with one: the date of a deadline wrapped from the line above.
_OPENS_WITH_DATE = re.compile(r"^\s*(?:\d{1,2}\.\s*[A-Za-zæøå]+|\d{1,2}\.\d{1,2}\.|innen|innan|senest|seinast)\b", re.I)


def _title_deadline(title: str, title_lines: list[Line], body: list[Line]) -> tuple[str, list[Line], list[Line]]:
    """A title whose last clause is the assignment's deadline ("… i sykehus – ny frist / 1. mars 2026"): the title
    without it, the deadline as the assignment's deadline cell (the clause masked to its place on the line, and the
    line below where the date wrapped to it), and the body left."""
    cut = _TITLE_DEADLINE.search(title)
    if cut is None:
        return title, [], body
    for k, line in enumerate(title_lines):
        at = _TITLE_DEADLINE.search(line.text)
        if at is None:
            continue
        due = [Line(line.number, " " * at.start() + line.text[at.start() :])] + title_lines[k + 1 :]
        rest = list(body)
        if rest and not re.search(r"\d", " ".join(ln.text for ln in due)) and _OPENS_WITH_DATE.match(rest[0].text):
            due.append(rest.pop(0))  # "– ny frist" / "1. mars 2026": the date wrapped to the next line
        return title[: cut.start()].rstrip(" ,;"), due, rest
    return title, [], body


def _drop_lone_short_codes(found: list[RawAssignment]) -> list[RawAssignment]:
    """A short code of capitals and a number ("K1", "O3") marks assignments only as a series: two or more
    of them with the same letters; one alone is some other line ("A4   Format")."""
    short = [raw for raw in found if re.fullmatch(r"[A-ZÆØÅ]{1,3}(?:\d{1,3}|\d{1,2}\.\d{1,2})", raw.identifier)]
    letters = [re.sub(r"[\d.]", "", raw.identifier) for raw in short]
    lone = {id(raw) for raw, prefix in zip(short, letters, strict=True) if letters.count(prefix) < 2}
    return [raw for raw in found if id(raw) not in lone]


def _is_reference_line(text: str) -> bool:
    """A line starting with an ID that is a reference in running text ("TB2022-09 viste at …")."""
    match = ID_LINE.match(text)
    return bool(match and not match["prefix"] and not match["title"][:1].isupper())


#: A paragraph on another assignment in a supplement: a new one ("Nytt oppdrag 12 …", "Nytt oppdrag: …"), or a
#: sentence about one by its number ("Oppdrag 2 videreføres uendret.").
ANOTHER_ASSIGNMENT = re.compile(
    rf"^\s*(?:(?:Nytt|Ekstra)\s+oppdrag\b|Oppdrag(?:et)?\s+\d{{1,3}}(?:\.\d{{1,2}})?\s+{_BECOMES})",
    re.IGNORECASE,
)
#: A line that opens on an assignment's number and says what becomes of it: a sentence, no heading.
_SAID_OF_IT = re.compile(
    r"\s(?:utgår|går\s+ut|fell\s+bort|faller\s+bort|bortfaller|endres|vert\s+endra|blir\s+endra|blir\s+endret|"
    r"forlenges|videreføres|vidareførast|avsluttes|vert\s+avslutta|trekkes\s+tilbake|vert\s+trekt)\b",
    re.IGNORECASE,
)


def _split_headed(
    doc: SourceDoc, lines: list[Line], heading_lines: set[int], claimed: set[int], year: int
) -> list[RawAssignment]:
    found: list[RawAssignment] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _OPPDRAG.match(line.text)
        if (
            not match
            or line.number in claimed
            or not (match["title"] or ":" in line.text)
            # a row of a table in columns, not a heading; "Oppdrag 2     Min side for medlemmer", the marking hung in a
            # column of its own left of the title, is one
            or re.search(r"\S\s{4,}\S", line.text[match.start("title") :] if match["title"] else line.stripped)
            or (match["title"] and not _hangs_over_text(lines, i, match.start("title")))
            or _SAID_OF_IT.search(line.text)  # "Oppdrag 9 Informasjon til … utgår fra dags dato.": a change to it
        ):
            i += 1
            continue
        title_lines = [line]
        j = i + 1
        if not match["title"] and j < len(lines):
            title_lines.append(lines[j])
            j += 1
        while j < len(lines) and _title_continues(lines, j, title_lines, heading_lines):
            title_lines.append(lines[j])
            j += 1
        body: list[Line] = []
        # "Oppdrag 12    Statistikk …" hung left of its text: a paragraph back at the margin is no part of it
        # (two spaces after "Oppdrag 12" where its text below stands in the title's column)
        column = match.start("title") if match["title"] else None
        below = lines[j] if j < len(lines) else None
        hung = (
            column
            if column is not None
            and (
                re.search(r"\s{4,}$", line.text[:column])
                or (re.search(r"\s{2,}$", line.text[:column]) and below is not None and _indent(below) == column)
            )
            else None
        )
        while j < len(lines):
            nxt = lines[j]
            if _stops(nxt, heading_lines) or _OPPDRAG.match(nxt.text) or ID_LINE.match(nxt.text):
                break
            if hung is not None and body and _indent(nxt) < hung - 2 and not doc.line(nxt.number - 1).strip():
                break
            if body and not doc.line(nxt.number - 1).strip() and ANOTHER_ASSIGNMENT.match(nxt.text):
                break  # "Nytt oppdrag 12 …", "Oppdrag 2 videreføres uendret.": another assignment's paragraph
            if body and (_unnumbered_heading(doc, nxt, body[-1]) or _heading_over_text(doc, nxt, body[-1])):
                break
            body.append(nxt)
            j += 1
        body = _without_closing(body, doc)  # "Oppdrag som ikke er fullført …": of every assignment, after the last
        block = doc.block(title_lines)
        head = _OPPDRAG.match(block.text)
        title = (head["title"] if head and head["title"] else block.text).strip()
        if not match["title"]:
            title = doc.block(title_lines[1:]).text.strip()
        word = match["word"].capitalize()
        number = ".".join(str(int(n)) for n in match["num"].split("."))  # "Oppdrag 03" / "Oppdrag 1.1"
        key = f"{_ascii(word.lower())}-{number}"
        found.append(
            RawAssignment("oppdrag-heading", f"{year}-{key}", key, f"{word} {number}", title_lines, title, body, line)
        )
        i = j
    return found


def _hangs_over_text(lines: list[Line], i: int, column: int) -> bool:
    """True unless "Oppdrag N" stands four or more spaces left of its title (a column of its own) and the next line
    does not go on at the title's column: a row of an overview ("Oppdrag 3        Årsrapporten"), not a heading."""
    gap = re.search(r"\s{4,}$", lines[i].text[:column])
    if gap is None:
        return True
    return i + 1 < len(lines) and abs(_indent(lines[i + 1]) - column) <= 2


def _ascii(text: str) -> str:
    table: dict[str, str | int | None] = {"æ": "ae", "ø": "o", "å": "a"}
    return text.translate(str.maketrans(table))


#: What opens a row in a table's first column: a number, or an assignment ID ("TB2024-01", "DFD-2025-01",
#: "TB2025-ABC-01", the year and a number "2025-1").
_ROW_NUMBER = (
    rf"(?:{SCHEME_CODE}|{AGENCY_CODE}|\d{{4}}[-–—‐‑.]\d{{1,3}}|\d{{1,3}}|TB\s*\d{{4}}\s*[-–—‐‑]\s*\d{{1,3}}|"
    r"[A-ZÆØÅ]{1,6}[-–—‐‑]\d{1,4}(?:[-–—‐‑]\d{1,3})?|[A-ZÆØÅ]{1,6}[-–—‐‑][A-ZÆØÅ]{1,6}[-–—‐‑]\d{1,3})"
)
_ROW_MARK = re.compile(rf"^\s*({_ROW_NUMBER})[.)]?\s+(?=\S)")
#: A row's ID of the year and a number ("2025-1"), kept as the letter writes it.
_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d[-–—‐‑]\d{1,3}")


#: A rule drawn across a table under its header: "-------", "_______", "═════".
_RULE = re.compile(r"^\s*[-–—_=─━═]{5,}\s*$")


#: Words a deadline cell opens with, where its first line alone makes no deadline ("Innan utgangen av" over
#: "september", "I løpet av første" over "halvår 2024", "Rapporterast i" over "årsrapporten").
_DUE_OPENER = re.compile(
    r"(?<= )(?-i:Innen|Innan|I løpet av|Senest|Seinast|Delrapport|Rapporteres|Rapporterast|Rapportering|Etter|Medio|"
    r"Første|Fyrste|Årsrapport|Tertialrapport|Løpende|Løpande|Fortløpende|Fortløpande)\b"
)


def _due_span(text: str, start: int, year: int) -> int | None:
    """Where the deadline cell starts on a flat row's first line (``start``: where the task's text begins): at the
    last deadline on the line past the task's first words (a reporting column may follow it), else at the last
    word a deadline cell opens with; None where neither stands."""
    matches = [m for m in find_deadlines(text[start:], year, True) if m.start > 10]
    if matches:
        return start + matches[-1].start
    openers = [m for m in _DUE_OPENER.finditer(text, start) if m.start() - start > 10]
    return openers[-1].start() if openers else None


def _mark_shape(mark: str) -> str:
    return re.sub(r"\d+", "9", mark)


def _split_flat_table(
    doc: SourceDoc, sections: list[Section], heading_lines: set[int], year: int
) -> list[RawAssignment]:
    """Rows of an assignment table copied flat ("Nr. Oppdrag Frist", its columns one space apart): a row opens
    with its marking (the next number, or a code of the first row's shape) and carries its deadline cell at the
    end of that line ("1 Jernbanetilsynet skal greie ut … 1. juni 2024"), the task wrapped on the lines below; a
    deadline cell that wraps too ("Innan utgangen av" … "september") is completed from the end of the next line.
    The last row ends at a line that opens a sentence after its text has ended one."""
    all_lines = doc.content()
    found: list[RawAssignment] = []
    k = 0
    while k < len(all_lines):
        if not FLAT_TABLE_HEADER.match(all_lines[k].text):
            k += 1
            continue
        section = _section_of(sections, all_lines[k].number)
        table_key = f"tabell-{section}" if section else "tabell"
        k += 1
        rows: list[tuple[str, list[Line], list[Line], list[Line]]] = []  # mark, whole, task, due
        shape: str | None = None
        while k < len(all_lines):
            line = all_lines[k]
            text = line.text
            if FLAT_TABLE_HEADER.match(text) or _RULE.match(text):
                k += 1
                continue  # the header repeated after a page break, a rule under it
            if _stops(line, heading_lines):
                break
            mark = _ROW_MARK.match(text)
            opens = False
            if mark is not None:
                value = mark.group(1)
                if value.isdigit():
                    opens = int(value) == (int(rows[-1][0]) + 1 if rows and rows[-1][0].isdigit() else 1)
                else:
                    opens = shape is None or _mark_shape(value) == shape
                opens = opens and bool(re.match(r"[A-ZÆØÅ]", text[mark.end() :]))
            if opens and mark is not None:
                shape = shape or (None if mark.group(1).isdigit() else _mark_shape(mark.group(1)))
                due_at = _due_span(text.rstrip(), mark.end(), year)
                task = text[:due_at] if due_at is not None else text
                task_line = Line(line.number, " " * mark.end() + task[mark.end() :])
                due = [Line(line.number, " " * due_at + text[due_at:])] if due_at is not None else []
                rows.append((mark.group(1), [line], [task_line], due))
                k += 1
                continue
            if not rows:
                break  # no row under the header: no flat table
            body = doc.block(rows[-1][2]).text.rstrip()
            if body.endswith(".") and text.strip()[:1].isupper():
                later = [ln for ln in all_lines[k + 1 : k + 12] if not _stops(ln, heading_lines)]
                following = any(
                    (m := _ROW_MARK.match(ln.text)) is not None
                    and (
                        m.group(1) == str(int(rows[-1][0]) + 1)
                        if rows[-1][0].isdigit()
                        else _mark_shape(m.group(1)) == shape
                    )
                    for ln in later
                )
                if not following:
                    break  # prose after the table's last row
            task_text = text
            due_cell = rows[-1][3]
            if due_cell and len(rows[-1][1]) == 1:
                # the deadline cell's first line without a deadline of its own: its rest ends this line
                cell = doc.block(due_cell).text.strip()
                if not find_deadlines(cell, year, True):
                    words = list(re.finditer(r"\S+", text))
                    for n in range(1, min(4, len(words)) + 1):
                        at = words[-n].start()
                        if find_deadlines(cell + " " + text[at:].strip(), year, True):
                            due_cell.append(Line(line.number, " " * at + text[at:]))
                            task_text = text[:at]
                            break
            rows[-1][1].append(line)
            if task_text.strip():
                rows[-1][2].append(Line(line.number, task_text))
            k += 1
        for mark_text, whole, task_lines, due_lines in rows:
            opened = _id_line(mark_text + " Tittel") if not mark_text.isdigit() else None
            if opened is None and not mark_text.isdigit():
                opened = _own_code(mark_text)
            if opened is not None:
                scheme, identifier, key, _ = opened
                title_lines = _row_title(doc, task_lines)
                found.append(
                    RawAssignment(
                        scheme,
                        identifier,
                        key,
                        identifier,
                        title_lines,
                        doc.block(title_lines).text.strip() if title_lines else "",
                        task_lines[len(title_lines) :] or task_lines,
                        whole[0],
                        due=due_lines,
                        per_line=True,
                    )
                )
                continue
            key = f"{table_key}-nr-{int(mark_text)}"
            found.append(
                RawAssignment(
                    "table-row",
                    key,
                    key,
                    f"Nr. {mark_text}",
                    [],
                    "",
                    task_lines,
                    whole[0],
                    due=due_lines,
                    per_line=True,
                )
            )
    return found


def _row_title(doc: SourceDoc, task_lines: list[Line]) -> list[Line]:
    """A row's task cell that opens with a title of its own on the ID's line ("Arealeffektivisering i statlige
    kontorlokaler"), the description a sentence below it ("Statsbygg skal …"): the title line; else none."""
    if len(task_lines) < 2:
        return []
    first, second = task_lines[0].stripped, task_lines[1].stripped
    if first.endswith((".", ",", ":", ";")) or len(first) > 70 or _OBLIGATION.match(first):
        return []
    if not second[:1].isupper():
        return []
    # the description opens with an obligation, or carries an assignment over ("Oppdraget om å evaluere … /
    # videreføres."), its sentence read over the cell's lines
    rest = doc.block(task_lines[1:]).text
    return [task_lines[0]] if _OBLIGATION.match(second) or _CARRIED_OVER.match(rest) else []


def _table_rows(
    doc: SourceDoc, sections: list[Section], heading_lines: set[int], problems: list[Problem]
) -> list[list[RawAssignment]]:
    """The rows of the letter's tables of assignments (:mod:`.tables`), each an assignment: under the letter's own ID
    where the number column holds one; else keyed by its table and number ("tabell-3-nr-2") or, where no column
    numbers the rows (or the goal's number repeats), by its place ("tabell-3-rad-2"). A row's title is its task cell
    beside a description column, the first line of a cell that opens with a title over its text, or none."""
    out = []
    numbers = {section.number for section in sections}
    for table in read_tables(doc, lambda line: _stops(line, heading_lines)):
        if _calendar(doc, sections, table):
            continue
        found = _table_assignments(doc, sections, table, problems)
        if table.layout.point is not None:
            # an overview of assignments the text gives (:mod:`.overview`): its rows give none, save those given in
            # another letter ("Gitt i: Brev 3.12.2024"), which the letter gives only here
            elsewhere = {
                row.whole[0].number
                for row in table.rows
                if row.point and not numbers & set(_POINTED.findall(doc.block(row.point).text))
            }
            found = [raw for raw in found if raw.first_line.number in elsewhere]
        out.append(found)
    return out


#: A section's number in an overview's column of where each assignment is given ("Punkt 5.9", "5.2").
_POINTED = re.compile(r"\b\d{1,2}(?:\.\d{1,2}){0,3}\b")


#: What names a calendar of the year's deadlines, over a table or as its section's title.
_CALENDAR = re.compile(r"styringskalender|årshjul|oversikt\s+over\s+frist|frister\s+og\s+rapportering", re.IGNORECASE)


def _calendar(doc: SourceDoc, sections: list[Section], table: Table) -> bool:
    """True for a calendar of the year ("Tabell 3 Styringskalender 2024": "Frist | Leveranse"), whose rows are the
    days things are due, its first column the day: no table of assignments."""
    if not re.match(r"^\s*(?:Frist|Dato|Tidspunkt|Når|Måned|Månad)\b", table.header.text, re.IGNORECASE):
        return False
    above = [ln for ln in doc.content(max(1, table.header.number - 3), table.header.number - 1)]
    section = section_at(sections, table.header.number)
    return bool(
        (above and _CALENDAR.search(above[-1].text)) or (section is not None and _CALENDAR.search(section.title))
    )


def _table_assignments(
    doc: SourceDoc, sections: list[Section], table: Table, problems: list[Problem]
) -> list[RawAssignment]:
    section = _section_of(sections, table.header.number)
    table_key = f"tabell-{section}" if section else "tabell"
    found: list[RawAssignment] = []
    for index, row in enumerate(table.rows):
        mark = row.mark if table.numbered in ("number", "item") and row.mark else str(index + 1)
        if not row.task and not row.desc:
            problems.append(
                Problem(row.whole[0].number, row.whole[-1].number, "assignment-text", f"table row {mark} has no text")
            )
            continue
        described = row.desc if row.task else []  # a description beside the task cell, which then holds the title
        task = row.task or row.desc
        opened = _id_line(mark + " Tittel") if not mark.isdigit() and table.numbered == "number" else None
        if table.numbered == "number" and _YEAR_NUMBER.fullmatch(mark):  # "2025-1": the letter's own ID
            code = re.sub(r"[–—‐‑]", "-", mark)
            opened = ("other-id", code, code, "")
        if opened is None and not mark.isdigit() and table.numbered == "number" and len(mark) > 1:
            opened = _own_code(mark)
        if opened is not None:
            scheme, identifier, key, _ = opened
            title_lines = row.task if described else _row_title(doc, task)
            found.append(
                RawAssignment(
                    scheme,
                    identifier,
                    key,
                    mark if " " in mark.strip() else identifier,  # "FMA 24-01" as written, its ID one word
                    title_lines,
                    doc.block(title_lines).text.strip() if title_lines else "",
                    described or task[len(title_lines) :] or task,
                    row.whole[0],
                    due=row.due,
                    per_line=True,
                    report=row.report,
                    partners=row.partners,
                    goal=row.goal_number,
                )
            )
            continue
        if table.numbered in ("number", "item") and mark.isdigit():
            key, marking = f"{table_key}-nr-{int(mark)}", f"Nr. {mark}"
        elif table.numbered == "number":  # a letter's mark: "a)"
            key, marking = f"{table_key}-{_ascii(mark.lower())}", f"{mark})"
        else:
            key, marking = f"{table_key}-rad-{mark}", f"rad {mark}"
        title_lines = row.task if described else (_cell_title(task) if table.numbered == "none" else [])
        found.append(
            RawAssignment(
                "table-row",
                key,
                key,
                marking,
                title_lines,
                doc.block(title_lines).text.strip() if title_lines else "",
                described or task[len(title_lines) :],
                task[0] if table.numbered == "item" else row.whole[0],
                due=row.due,
                per_line=True,
                report=row.report,
                partners=row.partners,
                goal=row.goal_number,
            )
        )
    return found


def _own_code(mark: str) -> tuple[str, str, str, str]:
    """A code of the letter's own scheme opening a table row ("DFD-SB-1", "FMA 24-01"): scheme, ID (one word: "FMA
    24-01" is "FMA-24-01"), key and no title."""
    code = re.sub(r"\s+", "-", re.sub(r"[–—‐‑]", "-", mark.strip()))
    return ("other-id", code, re.sub(r"[^a-z0-9.]+", "-", _ascii(code.lower())).strip("-"), "")


def _cell_title(task_lines: list[Line]) -> list[Line]:
    """An unnumbered row's task cell that opens with a short title line of its own over the text ("Gevinstrealisering
    i Enhetsregisteret" / "Brønnøysundregistrene skal levere …"): the title line; else none."""
    if len(task_lines) < 2:
        return []
    first, second = task_lines[0].stripped, task_lines[1].stripped
    if (
        first.endswith((".", ",", ":", ";"))
        or len(first) > 90
        or _OBLIGATION.match(first)
        or _DANGLING.search(first)
        or not second[:1].isupper()
    ):
        return []
    return [task_lines[0]]


def _keyed_deadlines(doc: SourceDoc, found: list[RawAssignment], heading_lines: set[int]) -> None:
    """A table of deadlines keyed by the assignments' numbers ("Oppdrag nr. | Leveranse | Frist"): each row's
    delivery and deadline go to the assignment of that number, as its deadline cells (an interim report's row
    says so in its delivery: "Delrapport …")."""
    by_number: dict[str, RawAssignment] = {}
    for raw in found:
        number = re.fullmatch(r"(?:Nr\.|Oppdrag|Oppgave|Oppgåve)\s*(\d{1,3})", raw.marking.strip(), re.I)
        if number and number[1] not in by_number:
            by_number[number[1]] = raw
    if not by_number:
        return
    for row in read_keyed(doc, lambda line: _stops(line, heading_lines)):
        keyed = by_number.get(row.number)
        if keyed is not None:
            keyed.due.extend(row.lines)
            keyed.per_line = True


def _section_of(sections: list[Section], line: int) -> str | None:
    best = None
    for section in sections:
        if section.line_start <= line <= section.line_end and (best is None or section.depth >= best.depth):
            best = section
    return best.number if best else None


def _section_assignment(section: Section, body: list[Line], title: str | None = None) -> RawAssignment:
    """A numbered section that is one assignment: keyed ``punkt-<number>``, marked by its number, titled by its
    heading (or ``title``)."""
    key = f"punkt-{section.number}"
    return RawAssignment(
        "section-heading",
        key,
        key,
        section.number,
        section.title_lines,
        section.title if title is None else title,
        body,
        section.title_lines[0],
    )


def _split_sections(
    doc: SourceDoc, sections: list[Section], heading_lines: set[int], claimed: set[int], year: int
) -> list[RawAssignment]:
    """Assignments without any marking: sub-sections and bullets of a section about assignments."""
    lines = doc.content()
    found: list[RawAssignment] = []
    for section in sections:
        one = _ONE_ASSIGNMENT_HEADING.match(section.title)
        if one and not any(s.number.startswith(section.number + ".") for s in sections):
            if any(section.line_start <= n <= section.line_end for n in claimed):
                continue
            body = _body(lines, section.title_end, section.line_end, heading_lines)
            if body:
                found.append(_section_assignment(section, body, one["title"].strip()))
            continue
        if _GOALS_AND_ASSIGNMENTS.match(section.title):
            found += _goal_prose(doc, section, sections, heading_lines, claimed, year)
            continue
        if not _ASSIGNMENT_SECTION.match(section.title):
            continue
        children = [s for s in sections if s.number.startswith(section.number + ".") and s.depth == section.depth + 1]
        if children and not _LEAF_LIST_SECTION.match(section.title):
            # where one sub-section holds the marked assignments (IDs, "Oppdrag N", a table), its siblings are no
            # assignments of their own ("4.1 Generelt", "4.3 Fellesføringar")
            marked = any(any(c.line_start <= n <= c.line_end for n in claimed) for c in children)
            # bullets in the section's own body, before its first sub-section, are its own assignments ("4. Oppdrag
            # for 2025" / a lead-in / "• X skal …" / "4.1 Videreførte oppdrag")
            own = [
                ln
                for ln in _body(lines, section.title_end, children[0].line_start - 1, heading_lines)
                if ln.number not in claimed
            ]
            found += _bullet_assignments(section, own)
            for child in children:
                if _ASSIGNMENT_SECTION.match(child.title):
                    continue  # handled as a section of its own ("2.4 Andre oppdrag")
                if marked or _GENERAL_SECTION.match(child.title):
                    continue
                grandchildren = [
                    g for g in sections if g.number.startswith(child.number + ".") and g.depth == child.depth + 1
                ]
                if grandchildren:
                    # an area heading over assignments numbered within it ("4.1 Lønns- og regnskapstjenester" /
                    # "4.1.1 Plan for …" / a paragraph): each sub-section is one assignment, the area none
                    for leaf in grandchildren:
                        if _GENERAL_SECTION.match(leaf.title) or _ASSIGNMENT_SECTION.match(leaf.title):
                            continue
                        leaf_body = _body(lines, leaf.title_end, leaf.line_end, heading_lines)
                        if not leaf_body:
                            continue
                        found.append(_section_assignment(leaf, _without_closing(leaf_body, doc)))
                    continue
                body = _body(lines, child.title_end, child.line_end, heading_lines)
                if body and BULLET.match(body[0].text) and sum(bool(BULLET.match(ln.text)) for ln in body) >= 2:
                    # A topic heading over a list of assignments ("3.1 Beredskap" / "• POD skal …").
                    found += _bullet_assignments(child, body)
                    continue
                if body and _NO_ASSIGNMENTS_GIVEN.search(" ".join(doc.block(body[:3]).text.split())):
                    continue  # "4.8 Arbeids- og inkluderingsdepartementet" / "AID gir ingen nye oppdrag i …"
                if body and _ANNOUNCED.search(" ".join(doc.block(body[:3]).text.split())):
                    continue  # "5.3 Varslede oppdrag" / "Departementet tar sikte på å gi … et oppdrag om …"
                if _requests_in(body, doc, year) >= 2:
                    # A topic heading over several requests in prose ("4.1 Persontransport med tog" / "Departementet
                    # ber … innen 1. september." / "X skal gjennomgå … delrapport innen …"): each is an assignment,
                    # read by the general reading of requests, the topic none.
                    continue
                found.append(_section_assignment(child, _without_standing_tail(_without_closing(body, doc), doc, year)))
            continue
        body = [
            ln for ln in _body(lines, section.title_end, section.line_end, heading_lines) if ln.number not in claimed
        ]
        said = " ".join(doc.block(body).text.split()) if body else ""
        if (
            body
            and re.match(r"^Faste\b", section.title, re.IGNORECASE)
            and (_NOT_AN_ASSIGNMENT.search(said) or _NO_OWN_ASSIGNMENTS.search(said))
        ):
            continue  # "4 Faste oppgaver" / "… De faste oppgavene er ikke oppdrag i dette tildelingsbrevets forstand."
        if body and _STANDING_TASKS.match(section.title) and not find_deadlines(said, year):
            continue  # "4.4 Faste oppgaver" / "KNS skal forberede sakene for nemndene, …": standing work, no day
        bullets = _bullet_assignments(section, body)
        if bullets and not any(section.line_start <= n <= section.line_end for n in claimed):
            # a list inside paragraphs under titles of their own ("Desentralisert og fleksibel utdanning" / "…
            # Kartleggingen skal omfatte" / "– antall studenter …") is a list within one assignment
            paragraphs = _paragraph_assignments(section, body, doc, year)
            if len(paragraphs) >= 2 and all(p.title for p in paragraphs):
                bullets = paragraphs
        if bullets or not any(section.line_start <= n <= section.line_end for n in claimed):
            found += bullets or _paragraph_assignments(section, body, doc, year)
        else:
            # the section's assignments stand marked (IDs, a table); its paragraphs lead in or close ("X skal
            # varsle departementet dersom en frist ikke kan overholdes"), save one after them that adds an
            # assignment ("I tillegg til oppdraga i tabell 2 ber departementet …") or carries one over
            found += _after_marked(section, lines, doc, heading_lines, claimed)
    return found


def _without_standing_tail(body: list[Line], doc: SourceDoc, year: int) -> list[Line]:
    """``body`` of a topic sub-section read as one assignment, without the paragraphs after its request that state a
    standing duty of the recipient ("Jernbanedirektoratet skal forvalte tilskuddsordningen for godsoverføring …"): a
    paragraph whose every sentence is a duty of the recipient that asks for no piece of work."""
    units = _paragraphs(body, doc)
    names = proper_names(doc)
    end = len(units)
    while end > 1:
        text = doc.block(units[end - 1]).text
        spans = _sentences(text)
        if not spans or not all(
            is_standing_duty(text[a:b], year, names) and not _BACK_TO_THE_WORK.search(text[a:b]) for a, b in spans
        ):
            break
        end -= 1
    return [line for unit in units[:end] for line in unit]


#: A sentence about the assignment above it: "SPK skal holde departementet løpende orientert om arbeidet."
_BACK_TO_THE_WORK = re.compile(
    r"\b(?:arbeidet|oppdraget|dette|denne|planen|utredningen|utgreiinga|rapporten|leveransen|arbeidet\s+med)\b",
    re.IGNORECASE,
)


def _requests_in(body: list[Line], doc: SourceDoc, year: int) -> int:
    """How many paragraphs of ``body`` ask for work (:func:`tbgraph.extract.requests.is_request`) in one of their
    sentences ("Veterinærinstituttet leverer … . Departementet ber instituttet … gå gjennom avtalen …"), or carry an
    assignment over from an earlier letter."""
    count = 0
    for paragraph in _paragraphs(body, doc):
        text = doc.block(paragraph).text
        if _CARRIED_OVER.match(" ".join(text.split())) or any(
            is_request(text[a:b], year, after=text[b:]) for a, b in _sentences(text)
        ):
            count += 1
    return count


#: A section that gives the goals with the assignments under each ("3 Mål, styringsparametere og oppdrag for 2025",
#: "Mål og oppdrag"): where no assignment in it is marked, the assignments stand in the prose under each goal.
_GOALS_AND_ASSIGNMENTS = re.compile(r"^Mål\b[^.]{0,60}?\bog\s+oppdrag\b", re.IGNORECASE)
#: A sentence that opens with the ministry's request or the recipient's duty: "Departementet ber Arkivverket …",
#: "UD ber vidare Norec …", "Arkivverket skal, i samarbeid med …, utrede …", "Norec får i oppdrag å …", "I samarbeid
#: med Høgskulen på Vestlandet (HVL) skal Norec utvikle …". The subject is a name (words in capitals), never a
#: common noun ("Mengden digitalt skapt arkivmateriale som skal avleveres …").
_PROSE_DUTY = re.compile(
    r"^(?:(?:Departementet|Vi|(?-i:[A-ZÆØÅ]{2,6}))\s+ber\s+(?:(?:også|videre|vidare|dessuten|òg)\s+)?(?-i:[A-ZÆØÅ])"
    r"|(?-i:[A-ZÆØÅ][\w-]+)(?:\s+(?-i:[A-ZÆØÅ][\w-]+)){0,2}\s+(?:skal|bes|blir\s+bedt|får\s+i\s+oppdrag)\b"
    r"|I\s+samarbeid\s+med\s+[^.]{1,80}?\s+skal\s+(?-i:[A-ZÆØÅ]))",
    re.IGNORECASE,
)
#: A duty that is the ordinary reporting or a standing task, no assignment: "Norec skal rapportere på
#: styringsparametrane i årsrapporten", "X skal omtale resultata i årsrapporten".
_REPORTING_DUTY = re.compile(
    r"^\S+(?:\s+\S+){0,2}?\s+skal\s+(?:\S+\s+){0,3}?(?:rapportere|rapportera|omtale|omtala|gjere\s+greie|gjøre\s+rede|"
    r"redegjøre|følgje\s+opp\s+dette|følge\s+opp\s+dette)\b",
    re.IGNORECASE,
)
#: A deadline in brackets after the sentence that gives an assignment: "(frist 1. april 2024)", "(frist: 15.09.2024)",
#: "(løpande)", "(delrapport 1. juni 2024, endeleg rapport 1. desember 2024)", "(rapporterast i årsrapporten for
#: 2024)", "(i løpet av første halvår)", "(tidspunkt etter nærare avtale)".
_BRACKET_DEADLINE = re.compile(
    r"\((?=[^()]*(?:\bfrist|\bløp[ae]nde|\bfortløp|\brapport|\bavtale|\bhalvår|\btertial|\bkvartal|\d{1,2}\.\s*\w|"
    r"\d\d\.\d\d))[^()]{2,120}\)\s*[.;]?\s*$",
    re.IGNORECASE,
)


def _goal_prose(
    doc: SourceDoc, section: Section, sections: list[Section], heading_lines: set[int], claimed: set[int], year: int
) -> list[RawAssignment]:
    """The assignments given in running prose under each goal of a section "Mål, styringsparametere og oppdrag".

    Where a goal has numbered sub-sections that ask for work ("3.1 Mål 1: …" / "3.1.1 Studielitteratur for høyere
    utdanning" / "NLB skal … innen utgangen av mai 2025"), each is one assignment under its number.

    Where the section marks its assignments (IDs, "Oppdrag N", a table) it gives none here. Where a deadline in
    brackets follows some sentences ("… (frist 1. april 2024)."), each sentence that opens with a request or a
    duty and ends in such a bracket is an assignment, and the others are the goal's ordinary work. Otherwise each
    paragraph whose first sentence is a request or a duty is one, save priorities, work that goes on
    ("skal fortsatt …") and the ordinary reporting."""
    if any(section.line_start <= n <= section.line_end for n in claimed):
        return []
    lines = doc.content()
    if any(_LABEL.match(ln.text) for ln in lines if section.line_start < ln.number <= section.line_end):
        return []  # a label line over the assignments ("Særskilte oppdrag for 2024:"): the labelled rule reads them
    children = [s for s in sections if s.number.startswith(section.number + ".") and s.depth == section.depth + 1]
    found: list[RawAssignment] = []
    for child in children:
        if _GENERAL_SECTION.match(child.title) or _ASSIGNMENT_SECTION.match(child.title):
            continue
        found += _goal_leaves(doc, child, sections, heading_lines, year)
        # the goal's whole text, past its label line "Styringsparametere:" and the items under it
        body = []
        for ln in lines:
            if ln.number <= child.title_end or ln.number > child.line_end or ln.number in claimed:
                continue
            if ln.number in heading_lines or STOP_LINE.match(ln.text):
                break
            if not (BULLET.match(ln.text) or _LETTERED.match(ln.text) or _stops(ln, heading_lines)):
                body.append(ln)
            elif BULLET.match(ln.text) and _OBLIGATION.match(BULLET.sub("", ln.text)):
                body = []  # "– Havtil skal oppsummere …": the goal's assignments stand in a list, its prose is none
                break
        if not body:
            continue
        candidates: list[tuple[list[Line], str, bool]] = []  # the lines, the sentence, whether a bracket ends it
        runs_on = False  # the paragraph before opened an assignment (where a blank line follows every line)
        for paragraph in _paragraphs(body, doc):
            if len(paragraph) == 1 and paragraph[0].stripped.endswith(":"):
                continue  # "Styringsparametere:"
            block = doc.block(paragraph)
            opened = False
            for n, (start, end) in enumerate(_sentences(block.text)):
                sentence = block.text[start:end]
                duty = _PROSE_DUTY.match(sentence) and not (
                    _PRIORITY.match(sentence) or _REPORTING_DUTY.match(sentence)
                )
                if n == 0 and not duty and _PROSE_DUTY.match(sentence):
                    runs_on = False  # a priority or the reporting: the assignment before has ended
                if not duty:
                    continue
                bracket = bool(_BRACKET_DEADLINE.search(sentence))
                if bracket:
                    candidates.append((_masked(paragraph, block.origin, start, end), sentence, True))
                elif n == 0:
                    candidates.append((paragraph, sentence, False))
                    opened = True
            if not opened and runs_on and _spaced(doc) and candidates and not candidates[-1][2]:
                # a blank line after every line: paragraphs cannot be told from sentences, and the assignment runs
                # on ("… foreslå tiltak." / "Departementet ber om en statusrapport innen 15. juni 2025 …")
                candidates[-1] = (candidates[-1][0] + paragraph, candidates[-1][1], False)
                continue
            runs_on = opened
        bracketed = any(b for _, _, b in candidates)
        for k, (stretch, _sentence, _bracket) in enumerate(c for c in candidates if c[2] or not bracketed):
            if not stretch:
                continue
            key = f"punkt-{child.number}-avsnitt-{k + 1}"
            found.append(
                RawAssignment("paragraph", key, key, f"{child.number}, avsnitt {k + 1}", [], "", stretch, stretch[0])
            )
    return found


#: A section of the standing tasks ("Faste oppgaver", "Faste oppgåver"), not of standing assignments ("Faste oppdrag").
_STANDING_TASKS = re.compile(r"^(?:Andre\s+|Øvrige\s+)?faste\s+(?:oppgaver|oppgåver)\b", re.I)
#: A goal's sub-section that is no assignment: its steering parameters, its reporting, its results.
_GOAL_PART = re.compile(r"^(?:Styringsparamet\w*|Rapportering\w*|Resultat\w*|Måloppnåing|Måloppnåelse)\b", re.I)


def _goal_leaves(
    doc: SourceDoc, goal: Section, sections: list[Section], heading_lines: set[int], year: int
) -> list[RawAssignment]:
    """The numbered sub-sections of ``goal`` that ask for work, each one assignment; one that says it is none ("…
    Dette er ikke et eget oppdrag"), a goal's steering parameters or reporting, and standing tasks are none."""
    lines = doc.content()
    found: list[RawAssignment] = []
    for leaf in sections:
        if not leaf.number.startswith(goal.number + ".") or leaf.depth != goal.depth + 1:
            continue
        if _GENERAL_SECTION.match(leaf.title) or _ASSIGNMENT_SECTION.match(leaf.title) or _GOAL_PART.match(leaf.title):
            continue
        body = _body(lines, leaf.title_end, leaf.line_end, heading_lines)
        said = " ".join(doc.block(body).text.split()) if body else ""
        if not body or _NOT_AN_ASSIGNMENT.search(said):
            continue
        duty = any(  # "NLB skal følge opp gevinstrealiseringsplanen … Arbeidet er løpende.": work under its title
            _PROSE_DUTY.match(said[a:b]) and not _REPORTING_DUTY.match(said[a:b]) for a, b in _sentences(said)
        )
        if not duty and _requests_in(body, doc, year) == 0:
            continue
        found.append(_section_assignment(leaf, _without_standing_tail(_without_closing(body, doc), doc, year)))
    return found


#: A closing paragraph on assignments in general, no part of the one above it: "Oppdrag som ikke er sluttført ved
#: utgangen av året, skal omtales i årsrapporten", "Andre oppdrag fra tidligere år anses som avsluttet".
_GENERAL_CLOSING = GENERAL


#: A sentence on every assignment of the letter at once: "Status for alle oppdrag skal omtales kort i
#: tertialrapportene", "Språkrådet skal gje ei kort statusmelding om alle oppdraga", "For hvert oppdrag skal …".
_ALL_ASSIGNMENTS = re.compile(
    r"\b(?:alle|samtlige|samtlege|hvert|kvart)\s+(?:(?:de|dei|disse|desse)\s+)?(?:oppdrag|oppdraga|oppdragene)\b",
    re.IGNORECASE,
)


def _before_general_sentence(paragraph: list[Line]) -> list[Line]:
    """``paragraph`` up to a sentence on assignments in general that opens one of its lines ("… innen 1.
    oktober 2025." / "Andre oppdrag fra tidligere år anses som avsluttet …"), no part of the assignment."""
    for k in range(1, len(paragraph)):
        if paragraph[k - 1].text.rstrip().endswith(".") and _GENERAL_CLOSING.match(paragraph[k].text.strip()):
            return paragraph[:k]
    return paragraph


def _without_closing(body: list[Line], doc: SourceDoc) -> list[Line]:
    """``body`` without the paragraphs at its end that speak of assignments in general, or say they give none."""
    end = len(body)
    for k in range(len(body) - 1, 0, -1):
        gap = any(not doc.line(n).strip() for n in range(body[k - 1].number + 1, body[k].number))
        # or a sentence of its own that opens a line after a finished one, in the same paragraph
        sentence = doc.line(body[k - 1].number).rstrip().endswith(".") and _GENERAL_CLOSING.match(
            doc.line(body[k].number).strip()
        )
        if not gap and not sentence:
            continue
        rest = doc.block(body[k:end]).text.strip()
        # or a paragraph that says it gives no assignment ("… høsten 2025. Dette er ikke et nytt oppdrag.")
        if not _GENERAL_CLOSING.match(rest) and not (gap and _NOT_AN_ASSIGNMENT.search(rest)):
            break
        end = k
    return body[:end]


#: An assignment carried over from an earlier letter: "Oppdraget fra tildelingsbrevet for 2024 om å kartlegge …
#: videreføres", "Oppdraget om kartlegging av …, som ble gitt i tildelingsbrevet for 2024, videreføres i 2025".
_CARRIED_OVER = re.compile(
    # also under its code: "Oppdrag FMA 23-07 Evaluering av prosjektmodellen, gitt i iverksettingsbrevet for 2023,
    # videreføres."
    r"^Oppdrag(?:et)?\s+(?:(?:om|fra|frå|med|i)\s|(?-i:[A-ZÆØÅ]{1,6})[\s-]?\d{2,4}[-–]\d{1,3}\s+(?-i:[A-ZÆØÅ]))"
    r"(?:[^.]|(?<=\d)\.){0,250}?\b(?:videreføres|vidareførast|vidareførest|"
    r"vidareføres|forlenges|forlengast|held\s+fram|heldt\s+fram|fortsetter|fortset|"
    r"er\s+(?:ikke|ikkje)\s+(?:sluttført|fullført|avsluttet|avslutta))\b(?!\s+(?:ikke|ikkje)\b)",
    re.IGNORECASE,
)
#: A paragraph after a section's marked assignments that gives one more: "I tillegg til oppdraga i tabell 2 ber
#: departementet X om å …", "I tillegg skal X …", or carries one over from an earlier letter ("Oppdraget om
#: kartlegging av …, som ble gitt i tildelingsbrevet for 2024, videreføres i 2025").
_AFTER_MARKED = re.compile(
    r"^(?:I\s+tillegg(?:\s+til\s+[^.]{1,80}?)?\s*,?\s+(?:ber|skal|får|må)\s"
    r"|Oppdrag(?:et)?\s+(?:[A-ZÆØÅ][\w-]*\d\s+)?(?:om|fra|frå|med|i)\s(?:[^.]|(?<=\d)\.){0,250}?\b(?:videreføres|vidareførast|"
    r"vidareførest|vidareføres|forlenges|forlengast|er\s+(?:ikke|ikkje)\s+(?:sluttført|fullført|avsluttet|avslutta))\b(?!\s+(?:ikke|ikkje)\b))",
    re.IGNORECASE,
)


def _after_marked(
    section: Section, lines: list[Line], doc: SourceDoc, heading_lines: set[int], claimed: set[int]
) -> list[RawAssignment]:
    """The paragraphs after the last marked assignment of ``section`` that add or carry over an assignment."""
    last = max(n for n in claimed if section.line_start <= n <= section.line_end)
    paragraphs: list[list[Line]] = []
    for line in lines:
        if line.number <= last or line.number > section.line_end:
            continue
        if line.number in heading_lines or STOP_LINE.match(line.text):
            break
        gap = bool(paragraphs) and any(
            not doc.line(n).strip() for n in range(paragraphs[-1][-1].number + 1, line.number)
        )
        # a sentence runs on over a blank line (a text layer that puts one after every line, a page break)
        runs_on = (
            bool(paragraphs)
            and not paragraphs[-1][-1].stripped.endswith((".", ":", "!", "?"))
            and (line.stripped[:1].islower() or len(paragraphs[-1][-1].stripped) >= 60)
        )
        if paragraphs and (not gap or runs_on):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    found: list[RawAssignment] = []
    for paragraph in paragraphs:
        if not _AFTER_MARKED.match(doc.block(paragraph).text.strip()):
            continue
        paragraph = _before_general_sentence(paragraph)
        coded = _CARRIED_CODE.match(doc.block(paragraph).text)
        if coded is not None:
            # "Oppdrag NSM-24-06 fra tildelingsbrevet for 2024 om … er ikke sluttført": carried over under its code
            code = re.sub(r"[–—‐‑]", "-", coded["code"])
            key = re.sub(r"[^a-z0-9.]+", "-", _ascii(code.lower())).strip("-")
            found.append(RawAssignment("other-id", code, key, code, [], "", paragraph, paragraph[0]))
            continue
        n = len(found) + 1
        key = f"punkt-{section.number}-etter-{n}"
        marking = f"{section.number}, avsnitt etter oppdraga {n}"
        found.append(RawAssignment("paragraph", key, key, marking, [], "", paragraph, paragraph[0]))
    return found


#: A paragraph carrying an assignment over by its code: "Oppdrag NSM-24-06 fra tildelingsbrevet for 2024 om …".
_CARRIED_CODE = re.compile(rf"^\s*Oppdrag(?:et)?\s+(?P<code>{SCHEME_CODE}|{AGENCY_CODE})\s+(?:om|fra|frå|med|i)\s")


#: The opening of a paragraph that gives an assignment: "Arbeidstilsynet skal …", "Departementet ber
#: direktoratet om å …", "Direktoratet får i oppdrag å …".
_OBLIGATION = re.compile(
    r"^(?:\S+\s+){0,6}?(?:skal|må|bes\s+om|ber\s+\S+(?:\s+\S+)?\s+om|får\s+i\s+oppdrag|gis\s+i\s+oppdrag)\b|"
    r"^(?:Vi|Departementet)\s+ber\s+(?:også\s+|videre\s+|dessuten\s+)?om\s+at\b",
    re.IGNORECASE,
)
#: An obligation that opens a sentence inside a paragraph whose first sentence gives the background ("Det har
#: vært stor interesse … . Departementet ber X om å …"): the ministry asking, or the body that shall.
_OBLIGATION_SENTENCE = re.compile(
    r"(?<=[.!?])\s+(?=(?:Departementet|Vi)\s+ber\s+(?:(?:også|videre|dessuten)\s+)?(?:[A-ZÆØÅ]\w*|om\s+at)\b|"
    r"(?:[A-ZÆØÅ]\w+\s+){1,3}(?:skal\s+(?!\w+(?:es|ast)\b)\w+|bes\s+om|får\s+i\s+oppdrag)\s)",
)


#: The words of a lead-in that ends in a colon ("Følgende oppdrag videreføres:", "Departementet ber X om å:"), no title.
_LEAD_VERB = re.compile(
    r"\b(?:skal|ber|bes|er|blir|vert|har|får|gir|gjev|må|kan|følgende|følgjande|nedenfor|nedanfor|under|slik|"
    r"videreføres|vidareførast|gjelder|gjeld|omfatter|omfattar)\b",
    re.IGNORECASE,
)


def _paragraph_title(paragraph: list[Line]) -> bool:
    """A paragraph opened by a title line of its own: short, no sentence, above a sentence in a longer line."""
    if len(paragraph) < 2:
        return False
    title, below = paragraph[0].stripped, paragraph[1].stripped
    if title.endswith(":") and not _LEAD_VERB.search(title):
        title = title[:-1]  # "Felles økonomisystem for departementene:" over its paragraph: a title with a colon
    return (
        title[:1].isupper()
        and len(title) <= 70
        and len(title) < len(below) - 10
        and not title.endswith((".", ",", ":", ";", "!", "?"))
        and not _DANGLING.search(title)
        and not _OBLIGATION.match(title)
        and not BULLET.match(paragraph[0].text)
        and not _NUMBERED_ITEM.match(paragraph[0].text)
        and below[:1].isupper()
    )


#: A sentence that states what to prioritise ("Helsetilsynet skal i 2025 prioritere tilsyn på områder der …"): a
#: priority of the agency's ordinary work, no assignment.
_PRIORITY = re.compile(
    r"^(?:\S+\s+){0,3}?(?:skal|må|bør|ber\s+\S+(?:\s+\S+)?\s+(?:om\s+å\s+)?)\s*(?:(?:i|fra|frå)\s+\d{4}\s+)?"
    r"(?:særlig\s+|særleg\s+|spesielt\s+)?(?:prioritere|prioritera|vektlegge|vektleggje)\b"
    # work that goes on as before: "X skal fortsatt delta aktivt i …", "X skal framleis …", "Arbeidet med å avdekke
    # … skal videreføres" (work, not an assignment carried over: "Oppdraget om … videreføres" is one)
    r"|^(?:\S+\s+){0,3}?(?:skal|må)\s+(?:fortsatt|framleis|fremdeles|som\s+før)\s"
    # "X skal videreføre arbeidet med …", "X skal fortsette moderniseringen av …", "halde fram med"
    r"|^(?:\S+\s+){0,3}?(?:skal|må)\s+(?:videreføre|vidareføre|fortsette|halde\s+fram\s+med|holde\s+fram\s+med)\s"
    r"|^(?!Oppdrag)(?:\S+\s+){0,8}?(?:skal|må)\s+(?:videreføres|vidareførast|føres\s+videre|førast\s+vidare)\b",
    re.IGNORECASE,
)
#: A paragraph that says of itself that it gives no assignment: "Desse oppgåvene følgjer av instruksen og blir ikkje
#: gjentekne som oppdrag", "Dette er et løpende krav … og omtales ikke som eget oppdrag", "… er ikkje oppdrag i seg
#: sjølv".
#: A sub-section that says it gives none: "AID gir ingen nye oppdrag i tildelingsbrevet for 2025", "Det er ikke gitt
#: særskilte oppdrag for 2025".
_NO_ASSIGNMENTS_GIVEN = re.compile(
    r"\b(?:gir|gjev|gis|blir\s+gitt|vert\s+gitt)\s+(?:det\s+)?ingen\s+(?:nye\s+|særskilte\s+|særskilde\s+|egne\s+|eigne\s+)?oppdrag\b"
    r"|\b(?:er|blir|vert)\s+(?:ikke|ikkje)\s+gitt\s+(?:nye\s+|særskilte\s+|særskilde\s+|egne\s+|eigne\s+)?oppdrag\b",
    re.IGNORECASE,
)
#: "Dei faste oppgåvene er ikkje eigne oppdrag og …", "… er ikke egne oppdrag": the letter says its tasks are none.
_NO_OWN_ASSIGNMENTS = re.compile(r"\ber\s+(?:ikke|ikkje)\s+(?:egne|eigne|eget|eige)\s+oppdrag\b", re.IGNORECASE)
#: An assignment announced, to be given later: "Departementet tar sikte på å gi … et oppdrag om …", "Oppdraget vil bli
#: gitt i et eget tillegg til tildelingsbrevet".
_ANNOUNCED = re.compile(
    r"^(?:Departementet|Vi)\s+(?:tar|tek)\s+sikte\s+på\s+å\s+gi\b"
    r"|\b(?:vil\s+(?:bli|verte)\s+gitt|vil\s+kome|vil\s+komme)\s+i\s+(?:et|eit)\s+(?:eget|eige)\s+(?:brev|tillegg)",
    re.IGNORECASE,
)
#: "Desse er ikkje særlege oppdrag og skal ikkje rapporterast særskilt": the paragraph's work is none.
_SAID_NO_ASSIGNMENTS = re.compile(
    r"\b(?:Desse|Disse|Dei|De|Dette|Det)\s+er\s+(?:ikke|ikkje)\s+(?:særlege|særlige|særskilte|særskilde|egne|eigne)\s+"
    r"oppdrag\b",
    re.IGNORECASE,
)
_NOT_AN_ASSIGNMENT = re.compile(
    r"\b(?:ikke|ikkje)\s+(?:\S+\s+){0,2}?(?:som\s+)?(?:eget\s+|eige\s+|egne\s+|eigne\s+|eit\s+|et\s+)?oppdrag\b"
    r"(?!\s+(?:som|der|og|i\s+tildelingsbrevet))",
    re.IGNORECASE,
)
#: A paragraph whose work is covered by an assignment the letter gives under its code elsewhere: "… skal rapporteres
#: som en del av oppdrag KD-LK-2025-08", "Dette er også omtalt i oppdrag KD-LK-2025-03", "… inngår i oppdrag 4".
_COVERED_BY_ASSIGNMENT = re.compile(
    r"\b(?:(?:som\s+)?(?:en|ein|ei|et|eit)\s+del\s+av|(?:omtalt|omtala|omtalte|nevnt|nemnt|dekket|dekt)\s+i|"
    r"inngår\s+i|inngår\s+som\s+del\s+av)\s+oppdrag(?:et)?\s+(?:nr\.?\s*)?[A-ZÆØÅ0-9][\w.–-]*\d\b",
    re.IGNORECASE,
)
#: A lead-in over a list of priorities or standing tasks, no assignments: "Departementet forutsetter at Havtil i 2024
#: også prioriterer følgende løpende oppgaver:", "… ber X prioritere følgjande:", "Faste oppgåver er:".
_PRIORITY_LEAD = re.compile(
    r"(?:\bprioriter\w*|\bløp[ea]nde\s+oppg\w*|\bfaste\s+oppg\w*|\bordinære\s+oppg\w*)[^.]*:\s*$", re.IGNORECASE
)
#: A paragraph that introduces the assignments below it ("Departementet gir X følgende oppdrag for 2025"): none.
_LEAD_IN = re.compile(
    r"^(?:\S+\s+){0,4}?(?:gir|gjev|får|tildeler)\s+(?:\S+\s+){0,3}?(?:følgende|følgjande|disse|desse|dei|de)\s+"
    r"(?:\S+\s+)?(?:oppdrag|oppgaver|oppgåver)\b|"
    # "Departementet ber SSB om å utføre følgende særskilte oppdrag i 2026": the list below is the assignments
    r"^(?:\S+\s+){0,4}?(?:ber|bed)\s+\S+(?:\s+\S+)?\s+om\s+å\s+(?:utføre|gjennomføre|løyse|løse|følge\s+opp|følgje\s+opp)\s+"
    r"(?:følgende|følgjande|disse|desse|dei|de)\s+(?:\S+\s+)?(?:oppdrag|oppgaver|oppgåver)\b",
    re.IGNORECASE,
)


def _titled_work(doc: SourceDoc, body: list[Line], year: int) -> bool:
    """True where the text under a title asks for work: a request, or a day it is due; and does not say it is none."""
    if not body:
        return False
    text = " ".join(doc.block(body).text.split())
    if _NOT_AN_ASSIGNMENT.search(text) or _SAID_NO_ASSIGNMENTS.search(text):
        return False
    if re.match(r"^(?:OPPDRAG|Oppdrag)\s*:", text):
        return True  # "OPPDRAG: Riksteatret skal …": the letter marks it
    return bool(find_deadlines(text, year)) or any(is_request(text[a:b], year) for a, b in _sentences(text))


#: A paragraph that opens on an assignment's code of the letter's own scheme: "Oppdrag FMA 23-07 Evaluering av …".
_CODE_OPENING = re.compile(r"^Oppdrag(?:et)?\s+(?P<code>(?-i:[A-ZÆØÅ]{1,6})[\s-]?\d{2,4}[-–]\d{1,3})\s+(?-i:[A-ZÆØÅ])")


def _paragraph_assignments(section: Section, body: list[Line], doc: SourceDoc, year: int) -> list[RawAssignment]:
    """Each paragraph of ``body`` that opens with an obligation ("X skal …") as an assignment.

    A paragraph ends at a blank line, except where a sentence runs on over a page break (the line
    before does not end a sentence and the next starts in lower case)."""
    paragraphs: list[list[Line]] = []
    for line in body:
        gap = bool(paragraphs) and any(
            not doc.line(n).strip() for n in range(paragraphs[-1][-1].number + 1, line.number)
        )
        # a sentence never ends without its full stop: a long line without one runs on into the next (also where
        # a text layer puts a blank line after every line)
        runs_on = (
            bool(paragraphs)
            and not paragraphs[-1][-1].stripped.endswith((".", ":", "!", "?"))
            and (line.stripped[:1].islower() or len(paragraphs[-1][-1].stripped) >= 60)
        )
        if not paragraphs or (gap and not runs_on):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    found: list[RawAssignment] = []
    # a title line set apart by blank lines (also where the text layer puts one after every line) heads the
    # paragraph below it
    merged: list[list[Line]] = []
    for paragraph in paragraphs:
        lone = merged[-1] if merged and len(merged[-1]) == 1 else None
        if (
            lone is not None
            and _paragraph_title(lone + paragraph[:1])
            and (_spaced(doc) or _unnumbered_heading(doc, lone[0], merged[-2][-1] if len(merged) > 1 else None))
        ):
            merged[-1] = lone + paragraph
        else:
            merged.append(paragraph)
    titled = [paragraph for paragraph in merged if _paragraph_title(paragraph)]
    if len(titled) >= 2:
        # Unnumbered sub-headings: a short title line over each assignment's paragraph ("Modernisering av
        # Folkeregisteret" / "Etaten skal …"); the title and its paragraph are one assignment, whatever its first
        # sentence, and a paragraph without a title leads in. Where a blank line follows every line, paragraphs
        # cannot be told apart from sentences: an assignment runs on to the next title.
        if _spaced(doc):
            runs: list[list[Line]] = []
            for paragraph in merged:
                if any(paragraph is t for t in titled):
                    runs.append(list(paragraph))
                elif runs:
                    runs[-1] += paragraph
            titled = runs
        # a titled paragraph that says it is none ("Dette er ei prioritering og ikkje eit eige oppdrag"), or that asks
        # for nothing and gives no day ("Riksteatret skal arbeide for at …"), is the section's prose, no assignment
        titled = [p for p in titled if _titled_work(doc, p[1:], year)]
        for n, paragraph in enumerate(titled, 1):
            key = f"punkt-{section.number}-avsnitt-{n}"
            marking = f"{section.number}, avsnitt {n}"
            title = paragraph[0].stripped.removesuffix(":").rstrip()
            found.append(
                RawAssignment("paragraph", key, key, marking, paragraph[:1], title, paragraph[1:], paragraph[0])
            )
        return found
    for paragraph in paragraphs:
        block = doc.block(paragraph)
        first = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", block.text, maxsplit=1)[0]  # the paragraph's first sentence
        if _NOT_AN_ASSIGNMENT.search(block.text) or _SAID_NO_ASSIGNMENTS.search(" ".join(block.text.split())):
            continue  # "Desse oppgåvene … blir ikkje gjentekne som oppdrag": the paragraph says so itself
        if _COVERED_BY_ASSIGNMENT.search(block.text):
            continue  # "… som en del av oppdrag KD-LK-2025-08": the work of an assignment given under its code
        if _GENERAL_CLOSING.match(first) or _ALL_ASSIGNMENTS.search(first):
            continue  # "Oppdrag som ikke er sluttført …", "Status for alle oppdrag skal …": on assignments in general
        if _PRIORITY.match(first) or _LEAD_IN.match(first):
            continue  # a paragraph opened by a priority or a lead-in: what follows in it says more of the same
        if not _OBLIGATION.match(first) and not _CARRIED_OVER.match(first):
            inside = _OBLIGATION_SENTENCE.search(block.text)
            where = block.origin[inside.end()] if inside is not None and inside.end() < len(block.origin) else None
            if (
                inside is None
                and found
                and first == block.text
                and any(d.meaning == "to-be-agreed" for d in find_deadlines(first, year))
            ):
                # a paragraph of one sentence after the assignment that says when it is delivered ("Omfanget … og
                # tidspunkta for innspela vert avtalte nærmare …"): the assignment's
                found[-1].body = found[-1].body + paragraph
                continue
            if inside is None or where is None or _PRIORITY.match(block.text[inside.end() :]):
                continue
            if not is_request(block.text[inside.end() :], year):
                # a duty inside a paragraph that opened otherwise ("Departementet forventer at … . Tilsynet skal også
                # bidra …"): an assignment only as the general reading of requests has it, no standing duty
                continue
            # the paragraph from the obligation on: its first line masked up to the sentence
            number, column = where
            paragraph = [ln for ln in paragraph if ln.number >= number]
            paragraph[0] = Line(paragraph[0].number, " " * column + paragraph[0].text[column:])
        paragraph = _before_general_sentence(paragraph)
        n = len(found) + 1
        key = f"punkt-{section.number}-avsnitt-{n}"
        coded = _CODE_OPENING.match(doc.block(paragraph[:1]).text)
        if coded is not None:
            # "Oppdrag FMA 23-07 Evaluering av prosjektmodellen, gitt i … for 2023, videreføres.": under its code
            written = " ".join(coded["code"].split())
            scheme, identifier, own_key, _ = _own_code(written)
            found.append(RawAssignment(scheme, identifier, own_key, written, [], "", paragraph, paragraph[0]))
            continue
        found.append(
            RawAssignment("paragraph", key, key, f"{section.number}, avsnitt {n}", [], "", paragraph, paragraph[0])
        )
    return found


#: A numbered item opening a sentence ("1. Utdanningsdirektoratet skal …"), a list item where assignments stand.
_NUMBERED_ITEM = re.compile(r"^\s*\d{1,2}[.)]\s+(?-i:[A-ZÆØÅ])")


def _bullet_assignments(section: Section, body: list[Line]) -> list[RawAssignment]:
    """Each bullet (or numbered item) of ``body`` as an assignment; a paragraph between items ends the
    item before it."""
    items: list[list[Line]] = []
    current: list[Line] | None = None
    lead = ""  # the text before the list: a list of priorities or standing tasks gives none
    for line in body:
        if current is not None and (
            _sub_item(line, current[0]) or (BULLET.match(line.text) and _sub_list_item(line, current, items))
        ):
            # "c) Gjennomgang av …" over "  •  behandlingen av …" (a marker of another kind), or "… Planen skal blant
            # annet omfatte: / – hvilke produktgrupper … / – kostnader …" (led in by a colon): the items of a
            # sub-list, deeper than the list's own, are parts of the item above, as is what follows them
            current.append(line)
            continue
        if BULLET.match(line.text) or _NUMBERED_ITEM.match(line.text):
            current = [line]
            # "Departementet gir KNS følgende oppdrag for 2024. Oppdragene kommer i tillegg til de faste oppgavene
            # …:" leads in assignments, though it names the standing tasks
            if not _PRIORITY_LEAD.search(lead) or _LEAD_IN.search(lead):
                items.append(current)
        elif current is not None and (line.stripped[:1].islower() or _indent(line) > _indent(current[0])):
            current.append(line)
        else:
            current = None
            lead = (lead + " " + line.stripped) if lead and not lead.endswith((".", ":")) else line.stripped
    found = []
    for n, item in enumerate(items, 1):
        coded = _BULLET_CODE.match(BULLET.sub("", item[0].text, count=1))
        if coded is not None:
            # "• KD-LK-2024-05 Gjennomgang av … . Lånekassen skal …": an assignment carried over under its code
            code = re.sub(r"[–—‐‑]", "-", coded["code"] or coded["named"])
            key = re.sub(r"[^a-z0-9.]+", "-", _ascii(code.lower())).strip("-")
            marking = f"Oppdrag {code}" if coded["named"] else code  # "– Oppdrag 2023-3 Kartlegging av …"
            # the title is the first sentence after the code, which stays the marking only
            after = BULLET.sub("", " ".join(ln.stripped for ln in item), count=1).strip()
            opened = _BULLET_CODE.match(after)
            after = after[opened.end() - 1 :] if opened is not None else after
            title = re.split(r"(?<=[a-zæøå0-9)])\.\s", after, maxsplit=1)[0].strip().rstrip(".")
            if len(title) > 90:
                title = title[:90].rsplit(" ", 1)[0] + " …"
            found.append(RawAssignment("other-id", code, key, marking, [], title, item, item[0]))
            continue
        key = f"punkt-{section.number}-{n}"
        title_lines, title = _item_title(item)
        found.append(
            RawAssignment(
                "bullet",
                key,
                key,
                f"{section.number}, kulepunkt {n}",
                title_lines,
                title,
                item[len(title_lines) :],
                item[0],
            )
        )
    return found


def _marker(text: str) -> str:
    """The kind of a list item's marker: a letter ("a)"), a number ("1)", "1."), or the glyph itself."""
    mark = text.strip()[:2]
    if _LETTERED.match(text):
        return "letter"
    if mark[:1].isdigit():
        return "number"
    return mark[:1]


def _sub_item(line: Line, item: Line) -> bool:
    """A list item indented further than the item it stands under, with a marker of another kind: a sub-list of that
    item ("c)   Gjennomgang av …" / "  •  behandlingen av …"), no item of its own."""
    if not (BULLET.match(line.text) or _NUMBERED_ITEM.match(line.text)):
        return False
    return _indent(line) > _indent(item) + 1 and _marker(line.text) != _marker(item.text)


def _item_title(item: list[Line]) -> tuple[list[Line], str]:
    """A lettered item whose first line is a title of its own ("a)   Forberedelse av en registerbasert …"), its text a
    sentence indented below it ("     SSB skal utrede …"): the title line (its marker blanked) and the title."""
    marker = _LETTERED.match(item[0].text)
    if marker is None or len(item) < 2:
        return [], ""
    title = item[0].text[marker.end() :].strip()
    below = item[1]
    if (
        not title[:1].isupper()
        or len(title) > 80
        or title.endswith((".", ",", ":", ";", "!", "?"))
        or _DANGLING.search(title)
        or _OBLIGATION.match(title)
        or not below.stripped[:1].isupper()
        or BULLET.match(below.text)
        or _indent(below) < marker.end() - 1
    ):
        return [], ""
    return [Line(item[0].number, " " * marker.end() + item[0].text[marker.end() :])], title


def _sub_list_item(line: Line, current: list[Line], items: list[list[Line]]) -> bool:
    """True when the bullet ``line`` is an item of a sub-list inside the item ``current``: indented deeper than
    the list's own items, and led in by a colon (on the item's last line or on an item of the sub-list before
    it)."""
    top = min(_indent(item[0]) for item in items) if items else _indent(current[0])
    if _indent(line) <= top + 1:
        return False
    led_in = current[-1].stripped.endswith(":")
    in_sub_list = len(current) > 1 and BULLET.match(current[-1].text) is not None and _indent(current[-1]) > top + 1
    return led_in or in_sub_list


#: A list item that opens with an assignment's code and its title: "KD-LK-2024-05 Gjennomgang av …".
_BULLET_CODE = re.compile(
    rf"^\s*(?:(?:Oppdrag|Oppgåve|Oppgave)\s+(?:nr\.?\s*)?(?P<named>{SCHEME_CODE}|{AGENCY_CODE}|(?:19|20)\d\d[-–—‐‑]\d{{1,3}})"
    rf"|(?P<code>{SCHEME_CODE}|{AGENCY_CODE}))\s*[:.–—-]?\s+(?-i:[A-ZÆØÅ«])"
)


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def _body(lines: list[Line], after: int, last: int, heading_lines: set[int]) -> list[Line]:
    body: list[Line] = []
    for line in lines:
        if line.number <= after or line.number > last:
            continue
        if _stops(line, heading_lines) and not _label_in_sentence(line, body[-1] if body else None, heading_lines):
            break
        body.append(line)
    return body


def _label_in_sentence(line: Line, previous: Line | None, heading_lines: set[int]) -> bool:
    """A line that reads as a label line ("oppgaver i 2025:") but ends the sentence of the line straight above it
    ("… skal Riksantikvaren utføre følgende særskilte / oppgaver i 2025:"): no label of its own."""
    return (
        bool(_LABEL.match(line.text))
        and line.number not in heading_lines
        and not STOP_LINE.match(line.text)
        and previous is not None
        and previous.number == line.number - 1
        and previous.number not in heading_lines
        and not previous.stripped.endswith((".", ":", "!", "?"))
    )


def find_raw_assignments(
    doc: SourceDoc, sections: list[Section], year: int, problems: list[Problem]
) -> list[RawAssignment]:
    """Every assignment stretch of the letter, in letter order, under whichever scheme marks it."""
    goal_table = read_goal_tables(doc, sections).lines  # "L-1 Materiell leveres til …": a goal, no assignment's ID
    lines = [line for line in doc.content() if line.number not in goal_table]
    heading_lines = {s.line_start for s in sections}
    found = _drop_lone_short_codes(_split_ids(doc, lines, heading_lines, problems))
    claimed = {ln.number for raw in found for ln in raw.title_lines + raw.body}
    headed = _split_headed(doc, lines, heading_lines, claimed, year)
    found += headed
    claimed |= {ln.number for raw in headed for ln in raw.title_lines + raw.body}
    tables = _table_rows(doc, sections, heading_lines, problems) + [
        _split_flat_table(doc, sections, heading_lines, year)
    ]
    rows = [raw for table in tables for raw in table]
    row_starts = {raw.first_line.number for raw in rows if raw.scheme in ("tb-id", "other-id")}
    if row_starts:  # "TB2024-01   text   1. juni 2024": the table reads its cells, the ID line does not
        found = [raw for raw in found if raw.first_line.number not in row_starts]
        claimed = {ln.number for raw in found for ln in raw.title_lines + raw.body}
    markings = {re.sub(r"\s+", " ", raw.marking.lower()) for raw in found}
    # an overview of the assignments ("Vedlegg 1 Oversikt over oppdrag": ID | Oppdrag | Frist) repeats the IDs of
    # assignments given in the text: its rows give none
    titled_ids = {raw.identifier for raw in found if _trailing_id(raw.first_line.text) is not None}
    # so does a table whose every row gives the ID of an assignment given under it in the text ("ID | Kort omtale |
    # Frist")
    given = {raw.identifier for raw in found if raw.scheme in ("tb-id", "other-id")}
    overviews = [
        table
        for table in tables
        if table and all(raw.scheme in ("tb-id", "other-id") and raw.identifier in given for raw in table)
    ]
    rows = [
        raw
        for raw in rows
        if raw.identifier not in titled_ids and not any(raw is other for table in overviews for other in table)
    ]
    table = [
        raw
        for raw in rows
        if raw.first_line.number not in claimed
        # an overview of deadlines ("Oppdrag 1   1. mars 2024") names assignments found already
        and re.sub(r"\s+", " ", doc.block(raw.body).text.strip(" .:").lower()) not in markings
    ]
    found += table
    claimed |= {ln.number for raw in table for ln in raw.body + raw.due + raw.report}
    items = _split_goal_numbered(doc, sections, heading_lines, claimed)
    found += items
    claimed |= {ln.number for raw in items for ln in raw.body}
    by_section = _split_sections(doc, sections, heading_lines, claimed, year)
    found += by_section
    claimed |= {ln.number for raw in by_section for ln in raw.title_lines + raw.body}
    labelled = _split_labelled(doc, sections, heading_lines, claimed, year)
    found += labelled
    claimed |= {ln.number for raw in labelled for ln in raw.title_lines + raw.body}
    carried = _carried_in_prose(doc, sections, heading_lines, claimed, year)
    found += carried
    claimed |= {ln.number for raw in carried for ln in raw.body}
    found += _requested(doc, sections, heading_lines, claimed, year, found)
    _coded_paragraphs(doc, found)
    found += _closed_by_code(doc, heading_lines, found)
    found = _without_section_overviews(found, tables)
    found += _from_overview(doc, sections, heading_lines, found)
    found = _link_overview(doc, sections, found)
    found.sort(key=lambda raw: raw.first_line.number)
    _lettered_markings(found)
    _numbered_markings(found)
    _keyed_deadlines(doc, found, heading_lines)
    return found


def _without_section_overviews(found: list[RawAssignment], tables: list[list[RawAssignment]]) -> list[RawAssignment]:
    """``found`` without the rows of a table that lists assignments the letter gives under headings of their own
    ("Vedlegg – Oversikt over oppdrag og fristar": "4.1   Plan for å redusere …   1. april 2025" beside the section
    "4.1 Plan for å redusere restansane", "1   Sluttrapport om etableringa   1. april 2025" beside "Oppdrag 1:
    Sluttrapport om etableringa av DEKSA"): every row's number is such an assignment's, and its title shares a word
    with that assignment's."""
    headed = {_number_of(raw.marking): raw for raw in found if raw.scheme in ("section-heading", "oppdrag-heading")}
    overview = {
        id(raw)
        for table in tables
        if len(table) >= 2
        and all(
            (other := headed.get(_number_of(raw.marking))) is not None
            and set(content_words(raw.title or _row_text(raw))) & set(content_words(other.title))
            for raw in table
        )
        for raw in table
    }
    return [raw for raw in found if id(raw) not in overview]


def _number_of(marking: str) -> str:
    """The number a marking gives: "Oppdrag 4" → "4", "Nr. 4" → "4", "4.1" → "4.1"."""
    return re.sub(r"^(?:oppdrag|nr\.?|punkt)\s*", "", marking.strip(), flags=re.IGNORECASE)


def _row_text(raw: RawAssignment) -> str:
    return " ".join(line.stripped for line in raw.body[:2])


def _requested(
    doc: SourceDoc,
    sections: list[Section],
    heading_lines: set[int],
    claimed: set[int],
    year: int,
    found: list[RawAssignment],
) -> list[RawAssignment]:
    """The requests of work no marking, table or section reading has claimed (:mod:`.requests`), keyed by where
    they stand: ``punkt-3.2-avsnitt-1`` (a paragraph), ``punkt-3.2-2`` (a list item)."""
    keys = {raw.key for raw in found}
    out: list[RawAssignment] = []
    requests = find_requests(doc, sections, claimed, lambda line: _stops(line, heading_lines), year)
    per_section = Counter(request.section for request in requests)
    leaves = {s.number for s in sections if not any(o.number.startswith(s.number + ".") for o in sections)}
    for request in requests:
        # under a goal of a numbered list of goals: keyed and marked by the goal ("punkt-2-1-avsnitt-1", "2, mål 1,
        # avsnitt 1")
        where = request.section if request.item or request.goal is None else f"{request.section}-{request.goal}"
        key, n = _free_key("punkt-{}-{}" if request.item else "punkt-{}-avsnitt-{}", where, keys)
        title = " ".join(ln.stripped for ln in request.title_lines) or request_title(doc.block(request.lines).text)
        own = next((s for s in sections if s.number == request.section), None)
        if (
            not request.title_lines
            and not request.item
            and own is not None
            and own.number in leaves
            and "." in own.number
            and per_section[own.number] == 1
            and not (_GENERAL_SECTION.match(own.title) or _ASSIGNMENT_SECTION.match(own.title))
            # it opens the sub-section: no text before it
            and [ln.number for ln in doc.content(own.title_end + 1, request.lines[0].number)]
            == [request.lines[0].number]
        ):
            title = own.title  # the one request of a sub-section of its own: "8.2 Ny saksbehandlingsløsning – …"
            request.title_lines = list(own.title_lines)
        if request.item:
            marking = f"{request.section}, kulepunkt {n}"
            body = request.lines + request.deadline_lines
            raw = RawAssignment("bullet", key, key, marking, [], title, body, request.lines[0])
        else:
            first = (request.title_lines or request.lines)[0]
            goal = f"mål {request.goal}, " if request.goal is not None else ""
            marking = f"{request.section}, {goal}avsnitt {n}"
            body = request.lines + request.deadline_lines
            raw = RawAssignment("paragraph", key, key, marking, request.title_lines, title, body, first)
        out.append(raw)
    return out


def _coded_paragraphs(doc: SourceDoc, found: list[RawAssignment]) -> None:
    """A paragraph read as an assignment that names its own code: closing it in brackets ("… innen 1. mars 2025
    (UD-NUPI-2025-10).") or after "følgende oppdrag:" ("… gis også følgende oppdrag: TB2024-PSN-13 Felles
    begrepsbruk."): under that code."""
    taken = {raw.identifier for raw in found}
    for raw in found:
        if raw.scheme not in ("paragraph", "bullet"):
            continue
        said = doc.block(raw.body).text
        # (the code may stand before the request on its first line: "… følgende oppdrag: TB2024-PSN-13 Felles …")
        whole = " ".join(" ".join(doc.line(ln.number).split()) for ln in raw.body)
        coded = _CODE_CLOSING.search(said) or _CODE_GIVEN.search(whole)
        if coded is None:
            continue
        code = re.sub(r"[–—‐‑]", "-", coded["code"])
        if code in taken:
            continue
        raw.scheme, raw.identifier, raw.marking = "other-id", code, code
        raw.key = re.sub(r"[^a-z0-9.]+", "-", _ascii(code.lower())).strip("-")
        taken.add(code)


def _closed_by_code(doc: SourceDoc, heading_lines: set[int], found: list[RawAssignment]) -> list[RawAssignment]:
    """Paragraphs no reading took that close with a code of the letter's own scheme in brackets ("I lys av … skal
    NUPI gjennomføre … innen 30.09.2025 (UD-NUPI-2025-13)."), beside assignments found under codes of that scheme:
    each an assignment under its code."""
    schemes = {re.sub(r"\d+$", "", raw.identifier) for raw in found if raw.scheme == "other-id"}
    taken = {raw.identifier for raw in found}
    claimed = {ln.number for raw in found for ln in raw.title_lines + raw.body}
    lines = doc.content()
    out: list[RawAssignment] = []
    for k, line in enumerate(lines):
        coded = _CODE_CLOSING.search(line.text)
        if coded is None or line.number in claimed:
            continue
        code = re.sub(r"[–—‐‑]", "-", coded["code"])
        if code in taken or re.sub(r"\d+$", "", code) not in schemes:
            continue
        start = k
        while (
            start > 0
            and lines[start - 1].number == lines[start].number - 1
            and lines[start - 1].number not in heading_lines
            and lines[start - 1].number not in claimed
        ):
            start -= 1
        body = lines[start : k + 1]
        key = re.sub(r"[^a-z0-9.]+", "-", _ascii(code.lower())).strip("-")
        title = request_title(doc.block(body).text)
        out.append(RawAssignment("other-id", code, key, code, [], title, body, body[0]))
        taken.add(code)
    return out


#: An assignment's code given in a sentence: "… gis også følgende oppdrag: TB2024-PSN-13 Felles begrepsbruk."
_CODE_GIVEN = re.compile(
    rf"\b(?:følgende|følgjande)\s+oppdrag\s*:\s*(?P<code>{SCHEME_CODE}|{AGENCY_CODE})\s+(?-i:[A-ZÆØÅ])", re.IGNORECASE
)
#: An assignment's code in brackets closing its paragraph: "… innen 1. mars 2025 (UD-NUPI-2025-10)."
_CODE_CLOSING = re.compile(rf"\((?:ID\s*:?\s*)?(?P<code>{SCHEME_CODE}|{AGENCY_CODE})\)\s*\.?\s*$")


def _free_key(pattern: str, where: str, keys: set[str]) -> tuple[str, int]:
    """The first key ``pattern`` makes for ``where`` (``punkt-3.2-avsnitt-N``) that ``keys`` does not hold, taken into
    ``keys``, and its number."""
    n = 1
    while pattern.format(where, n) in keys:
        n += 1
    key = pattern.format(where, n)
    keys.add(key)
    return key, n


def _from_overview(
    doc: SourceDoc, sections: list[Section], heading_lines: set[int], found: list[RawAssignment]
) -> list[RawAssignment]:
    """The paragraphs an overview of the assignments points to that no assignment found is about
    (:mod:`.overview`): each an assignment keyed by where it stands and titled by its row; an assignment whose text
    ran over the paragraph ends before it."""
    spans = [(raw.first_line.number, raw.body) for raw in found]
    pointed = pointed_paragraphs(doc, sections, heading_lines, lambda line: _stops(line, heading_lines), spans)
    keys = {raw.key for raw in found}
    out: list[RawAssignment] = []
    for paragraph in pointed:
        start = paragraph.lines[0].number
        for raw in found:
            numbers = [ln.number for ln in raw.body]
            if start in numbers[1:]:
                raw.body = raw.body[: numbers.index(start)]
            if raw.scheme == "section-heading" and raw.key == f"punkt-{paragraph.section}" and raw.body:
                # the topic heading held more than one assignment: each is its paragraph, the topic none (as a topic
                # heading over several requests is read)
                raw.key, n = _free_key("punkt-{}-avsnitt-{}", paragraph.section, keys)
                raw.scheme, raw.identifier, raw.marking = "paragraph", raw.key, f"{paragraph.section}, avsnitt {n}"
                raw.title_lines, raw.first_line = [], raw.body[0]
                raw.title = request_title(doc.block(raw.body).text)
        key, n = _free_key("punkt-{}-avsnitt-{}", paragraph.section, keys)
        marking = f"{paragraph.section}, avsnitt {n}"
        out.append(
            RawAssignment("paragraph", key, key, marking, [], paragraph.title, paragraph.lines, paragraph.lines[0])
        )
    return out


#: A heading that names one assignment: "4.1.1 Oppdrag: Evaluering av …", "Oppgåve – Kartlegging av …".
_TASK_HEADING = re.compile(r"^(?:Oppdrag|Oppgåve|Oppgave)\s*[:–—-]\s*(?P<title>\S.*)$", re.IGNORECASE)


def _title_core(text: str) -> str:
    """A title without what a bracket or a dash adds to it, lower-cased: "Digitalisering av filmarven (med
    Nasjonalbiblioteket)" and "Digitalisering av filmarven – felles oppdrag med …" are one."""
    text = re.split(r"\s+[–—-]\s+|\s*\(", text, maxsplit=1)[0]
    return re.sub(r"\s+", " ", text).strip(" .:").lower()


def _link_overview(doc: SourceDoc, sections: list[Section], found: list[RawAssignment]) -> list[RawAssignment]:
    """An overview of the assignments ("Vedlegg 2 Oversikt over oppdrag": Nr. | Oppdrag | Frist) whose rows give
    the IDs of assignments that the text gives under headings of their own without them ("4.1.1 Oppdrag: <title>"):
    row and section are one assignment, under the row's ID, its text the section's. What else was read inside
    those sections (its paragraphs, a list in it) and in the goal sections above them is no assignment of its own:
    the letter marks its assignments."""
    headed = {
        section.number: (section, m["title"].strip())
        for section in sections
        if (m := _TASK_HEADING.match(section.title))
    }
    if not headed:
        return found
    by_core: dict[str, str] = {}
    for number, (_, title) in headed.items():
        by_core.setdefault(_title_core(title), number)
    linked: dict[str, RawAssignment] = {}
    for raw in found:
        if raw.scheme not in ("tb-id", "other-id") or raw.first_line.number <= min(
            s.line_start for s, _ in headed.values()
        ):
            continue
        core = _title_core(doc.block(raw.title_lines + raw.body).text)
        found_number = by_core.get(core)
        if found_number is None:
            found_number = next(
                (n for c, n in by_core.items() if len(c) >= 12 and (core.startswith(c) or c.startswith(core))), None
            )
        if found_number is not None and found_number not in linked:
            linked[found_number] = raw
    if not linked:
        return found
    spans = [(headed[n][0].line_start, headed[n][0].line_end) for n in linked]
    parents = {".".join(n.split(".")[:k]) for n in linked for k in range(1, n.count(".") + 1)}
    parent_spans = [(s.line_start, s.line_end) for s in sections if s.number in parents]
    out: list[RawAssignment] = []
    for raw in found:
        at = raw.first_line.number
        if any(raw is row for row in linked.values()):
            continue
        if raw.scheme in ("paragraph", "bullet", "section-heading") and any(
            a <= at <= b for a, b in spans + parent_spans
        ):
            continue
        out.append(raw)
    for number, row in linked.items():
        section, title = headed[number]
        body = _without_closing(doc.content(section.title_end + 1, section.line_end), doc)
        out.append(
            RawAssignment(
                row.scheme,
                row.identifier,
                row.key,
                row.marking,
                section.title_lines or [doc.content(section.line_start, section.title_end)[0]],
                re.split(r"\s+[–—]\s+", title, maxsplit=1)[0],
                body,
                section.title_lines[0] if section.title_lines else doc.content(section.line_start)[0],
                due=row.due,
                per_line=False,
                report=row.report,
                partners=row.partners,
            )
        )
    return out


_LETTERED = re.compile(r"^\s*(?P<letter>[a-zæøå])\)\s")


def _lettered_markings(found: list[RawAssignment]) -> None:
    """Lettered items whose letters run on through the letter ("Oppdrag under mål 1:" a) b), "Oppdrag under mål 2:"
    c) d) …) are named by their letter elsewhere ("Oppdrag h) har ingen fast frist"): the letter is their marking.
    Where the letters start anew under each goal, they name no item alone and the marking says where it stands."""
    lettered = [(raw, _LETTERED.match(raw.first_line.text)) for raw in found if raw.scheme == "bullet"]
    letters = [m["letter"] for _raw, m in lettered if m is not None]
    if len(letters) < 2 or len(letters) != len(lettered) or len(set(letters)) != len(letters):
        return
    if len({raw.key.rsplit("-", 1)[0] for raw, _m in lettered}) < 2 and letters != [
        chr(ord("a") + k) for k in range(len(letters))
    ]:
        return  # one list alone, lettered out of order: its position says as much as its letter
    for raw, m in lettered:
        raw.marking = f"{m['letter']})"  # type: ignore[index]


_NUMBERED_RUN = re.compile(r"^\s*(?P<n>\d{1,2})(?P<stop>[.)])\s")


def _numbered_markings(found: list[RawAssignment]) -> None:
    """Items numbered "1)" or "1." … whose numbers run on from one goal's list to the next ("Oppdrag knytte til
    målet:" 1) 2) 3), the next goal's 4) 5) …) are named by their number elsewhere ("oppdrag 5)"): the number is
    their marking. Numbers starting anew under each goal keep a marking by position; one list alone its number as
    written ("1.")."""
    listed = [(raw, _NUMBERED_RUN.match(raw.first_line.text)) for raw in found if raw.scheme == "bullet"]
    numbers = [int(m["n"]) for _raw, m in listed if m is not None]
    if len(numbers) < 2 or len(numbers) != len(listed) or numbers != list(range(1, len(numbers) + 1)):
        return
    positions = [raw.key.rsplit("-", 1)[-1] for raw, _m in listed]
    if all(position == str(n) for position, n in zip(positions, numbers, strict=True)):
        # one list alone: its key by position says as much as its number, and the number as written is the marking
        # ("1.   Nemnda skal gå gjennom …" is "1.", as a supplement names it, "oppdrag 1")
        for raw, m in listed:
            raw.marking = m.group(0).strip()  # type: ignore[union-attr]
        return
    for raw, m in listed:
        raw.marking = f"{m['n']}{m['stop']}"  # type: ignore[index]
        # the lists stand under one section ("3.oppdrag"): the number, not the place in its list, keeps keys apart
        raw.key = raw.identifier = f"{raw.key.rsplit('-', 1)[0]}-{m['n']}"  # type: ignore[index]


#: A label line of its own over a goal's assignments, without a section number: "Oppdrag",
#: "Særskilte oppdrag for 2024:", "Oppdrag i 2025".
_LABEL = re.compile(
    r"^\s*(?:(?:Særskilte|Særskilde|Særlege|Særlige|Spesielle|Andre|Øvrige|Nye|Nytt|Faste)\s+|"
    r"(?:Krav|Føringar|Føringer|Mål)\s+og\s+)?(?:oppdrag|oppgaver|oppgåver)(?:\s+og\s+(?:krav|føringar|føringer))?"
    r"(?:\s+(?:for|i)\s+\d{4})?"
    # the goal the assignments belong to: "Oppdrag under mål 1:", "Oppdrag knytt til hovudmål 2",
    # "Oppgaver til delmål 1.2"
    r"(?:\s+(?:under|til|for|knytt\s+til|knyttet\s+til|knytte\s+til)\s+(?:hoved|hovud|del|virksomhets|verksemds|sektor)?"
    # "Oppdrag knytte til målet:" (the goal just above)
    r"mål(?:et|(?:\s+(?:nr\.\s*)?\d{1,2}(?:\.\d{1,2})?))?)?\s*:?\s*$",
    re.IGNORECASE,
)


def _split_labelled(
    doc: SourceDoc, sections: list[Section], heading_lines: set[int], claimed: set[int], year: int
) -> list[RawAssignment]:
    """The bullets or paragraphs under an unnumbered label line "Oppdrag", up to the next heading or label
    line (a goal's "Styringsparametere", "Rapportering")."""
    lines = doc.content()
    found: list[RawAssignment] = []
    labels: dict[str, int] = {}  # labels met in each section
    for k, line in enumerate(lines):
        if line.number in heading_lines or line.number in claimed or not _LABEL.match(line.text):
            continue
        if _label_in_sentence(line, lines[k - 1] if k > 0 else None, heading_lines):
            continue
        body: list[Line] = []
        for nxt in lines[k + 1 :]:
            if nxt.number in heading_lines or _stops(nxt, heading_lines) or _LABEL.match(nxt.text):
                break
            if re.match(r"^\s*(?:Styringsparamet\w*|Rapportering\w*|Mål\w*|Resultatmål\w*)\s*:?\s*$", nxt.text, re.I):
                break
            body.append(nxt)
        body = [ln for ln in body if ln.number not in claimed]
        if not body:
            continue
        parent = None
        for section in sections:
            if section.line_start <= line.number <= section.line_end and (
                parent is None or section.depth > parent.depth
            ):
                parent = section
        where = f"{parent.number}.oppdrag" if parent else "oppdrag"
        # a second label in the same section (under the next goal, "Mål 2" / "Oppdrag:") keys its items apart
        labels[where] = labels.get(where, 0) + 1
        if labels[where] > 1:
            where = f"{where}-{labels[where]}"
        pseudo = Section(where, line.stripped, line.number, line.number, body[-1].number, [line])
        found += _bullet_assignments(pseudo, body) or _paragraph_assignments(pseudo, body, doc, year)
    return found


#: An item numbered after the goal it belongs to, its number hanging in the margin: "1.1  BFD ber X gjennomføre …",
#: "2.3  X skal …" under "Mål 2" (and "Hovudmål 2: …").
_GOAL_NUMBERED = re.compile(r"^(?P<indent>\s*)(?P<goal>\d{1,2})\.(?P<item>\d{1,2})\.?\s+(?=(?-i:[A-ZÆØÅ]))")


def _split_goal_numbered(
    doc: SourceDoc, sections: list[Section], heading_lines: set[int], claimed: set[int]
) -> list[RawAssignment]:
    """Items numbered after the goal stated last above them ("Mål 2 …" / "2.1  BFD ber X …" / "2.2  X skal …"),
    each opening with a request or a duty: one assignment each, under that goal, marked by its number ("2.1"). An
    item runs on over its indented lines, its bullets and a page break, up to the next item, goal, heading, label
    line ("Styringsparametere:") or text at the item's margin. Numbered lines that are no request or duty (steering
    parameters "1.1 Andel …") give none."""
    lines = doc.content()
    goal: str | None = None
    found: list[RawAssignment] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        k += 1
        if line.number in heading_lines:
            section = next((s for s in sections if s.line_start == line.number), None)
            stated = MAIN_GOAL_RE.match(section.title) if section is not None else None
            goal = (goal_number(stated) or "").split(".")[0] or None if stated is not None else None
            continue
        stated = MAIN_GOAL_RE.match(line.stripped)
        if stated is not None and goal_number(stated):
            goal = (goal_number(stated) or "").split(".")[0]
            continue
        item = _GOAL_NUMBERED.match(line.text)
        if item is None or goal is None or item["goal"] != goal or line.number in claimed:
            continue
        column = item.end()
        body = [Line(line.number, " " * column + line.text[column:])]
        while k < len(lines):
            nxt = lines[k]
            if (
                nxt.number in heading_lines
                or nxt.number in claimed
                or _stops(nxt, heading_lines)
                or _GOAL_NUMBERED.match(nxt.text)
                or MAIN_GOAL_RE.match(nxt.stripped)
                or _indent(nxt) < column - 1
            ):
                break
            body.append(nxt)
            k += 1
        sentence = _sentences(doc.block(body).text)[0]
        first = doc.block(body).text[sentence[0] : sentence[1]]
        if not (_OBLIGATION.match(first) or _PROSE_DUTY.match(first)) or _PRIORITY.match(first):
            continue
        number = f"{item['goal']}.{item['item']}"
        section_number = _section_of(sections, line.number) or "innledning"
        key = f"punkt-{section_number}-{number}"
        found.append(RawAssignment("paragraph", key, key, number, [], "", body, body[0], goal=goal))
    return found


def _carried_in_prose(
    doc: SourceDoc, sections: list[Section], heading_lines: set[int], claimed: set[int], year: int
) -> list[RawAssignment]:
    """An assignment carried over from an earlier letter with a deadline of its own, in a sentence of running prose
    outside the letter's assignments ("Oppdraget om en gjennomgang av … fra tildelingsbrevet for 2022 videreføres med
    ny frist 1. mars 2023.", or the deadline in a sentence after it: "… held fram i 2024. Sluttrapporten skal leverast
    innan 01.03.2024."): one, from that sentence to the end of its paragraph. A paragraph that carries one over
    without a deadline ("Oppdraget om … videreføres") gives none here: it may only tell of work that goes on."""
    lines: list[Line] = []
    for line in doc.content():
        if STOP_LINE.match(line.text):
            break  # the letter's closing: what follows is no running prose of the letter's own
        if line.number not in heading_lines:
            lines.append(line)
    found: list[RawAssignment] = []
    # paragraphs, a sentence running on over a blank line (a text layer that puts one after every line)
    for paragraph in _paragraphs(lines, doc):
        if any(ln.number in claimed for ln in paragraph) or BULLET.match(paragraph[0].text):
            continue
        block = doc.block(paragraph)
        spans = _sentences(block.text)
        for n, (start, end) in enumerate(spans):
            sentence = block.text[start:end]
            if not _CARRIED_OVER.match(sentence) or _NOT_AN_ASSIGNMENT.search(sentence):
                continue
            # its deadline in the sentence, or in the paragraph after it ("… held fram i 2024. Sluttrapporten skal
            # leverast innan 01.03.2024.")
            if not any(not d.unparsed and d.date is not None for d in find_deadlines(sentence, year)) and not any(
                not d.unparsed and d.date is not None and d.meaning == "date"
                for d in find_deadlines(block.text[end:], year)
            ):
                continue
            # the assignment runs to the paragraph's end, or up to the next sentence that carries one over
            last = end
            for a, b in spans[n + 1 :]:
                if _CARRIED_OVER.match(block.text[a:b]):
                    break
                last = b
            stretch = _masked(paragraph, block.origin, start, last)
            if not stretch:
                continue
            section = _section_of(sections, stretch[0].number) or "innledning"
            key = f"punkt-{section}-viderefort-{len(found) + 1}"
            marking = f"{section}, videreført oppdrag {len(found) + 1}"
            found.append(RawAssignment("paragraph", key, key, marking, [], "", stretch, stretch[0]))
    return found
