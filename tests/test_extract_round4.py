"""Rules of the genre met in the fourth held-out round, each held against the letter that showed it.

Line numbers are the project's (``splitlines``: the form feed opening a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.furniture import CONTENTS, FOOTER_DATA
from tbgraph.extract.sections import find_sections
from tbgraph.extract.text import read_source

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


def _read(text: str, year: int = 2025, cell: bool = False) -> list[tuple[str | None, str, str | None, str | None]]:
    return [
        (
            m.kind,
            m.meaning,
            m.date.isoformat() if m.date else None,
            m.channel or (m.period_start and str(m.period_start)),
        )
        for m in find_deadlines(text, year, cell)
    ]


@pytest.mark.parametrize(
    ("text", "cell", "expected"),
    [
        # tildelingsbrev-2024-luftfartstilsynet line 85 (year 2025 here: the letter's year applies)
        ("faktiske kostnadene ved tilsynet (innan 15.09.).", False, [("final", "date", "2025-09-15", None)]),
        # line 93: "(løpande)" closing an item
        ("saker av prinsipiell karakter (løpande).", False, [("continuous", "continuous", None, None)]),
        # tildelingsbrev-2025-riksantikvaren line 130
        ("Bistanden gis fortløpende etter behov.", False, [("continuous", "continuous", None, None)]),
        # tildelingsbrev-2025-helsetilsynet lines 199, 208-209, 224, 228, 241: the deadline and reporting columns
        ("Q3 2025", True, [("final", "period", "2025-09-30", "2025-07-01")]),
        ("Fortløpende", True, [("continuous", "continuous", None, None)]),
        ("Etatsstyringsmøtene", True, [("final", "channel", None, "etatsstyringsmøte")]),
        ("I tertialrapport 2", True, [("final", "channel", None, "tertialrapport")]),
        ("Etter avtale", True, [("to-be-agreed", "to-be-agreed", None, None)]),
        ("Årsrapport 2025", True, [("final", "channel", None, "årsrapport")]),
        ("HOD, med kopi til Helsedirektoratet", True, []),
        # tildelingsbrev-2025-dmp line 131, tildelingsbrev-2025-kartverket lines 102-103
        (
            "Departementet ber om en kort status på arbeidet i hvert etatsstyringsmøte.",
            False,
            [("final", "channel", None, "etatsstyringsmøte")],
        ),
        (
            "leggje fram erfaringane i det andre etatsstyringsmøtet.",
            False,
            [("final", "channel", None, "etatsstyringsmøte")],
        ),
        # a section number is no date without its year
        ("jf. punkt 1.5.1 i bestemmelsene", False, []),
    ],
)
def test_deadline_wordings_of_the_fourth_round(text: str, cell: bool, expected: list[object]) -> None:
    assert _read(text, cell=cell) == expected


def test_ids_with_the_agencys_abbreviation_and_carried_over_ones() -> None:
    """tildelingsbrev-2025-dmp lines 89-168: "Oppdrag TB2025-DMP-01 Beredskapslager …", and under "3.2 Videreførte
    oppdrag" the IDs of 2024 with the agency's old abbreviation ("Oppdrag TB2024-SLV-04 …")."""
    extraction = extract_letter(LETTERS / "tildelingsbrev-2025-dmp.txt")
    found = {a.identifier: a for a in extraction.assignments}
    assert list(found) == [f"TB2025-DMP-0{n}" for n in range(1, 9)] + [
        "TB2024-SLV-04",
        "TB2024-SLV-11",
        "TB2024-SLV-15",
    ]
    assert found["TB2025-DMP-01"].title == "Beredskapslager for kritiske legemidler"
    assert found["TB2024-SLV-04"].section == "3.2"
    assert found["TB2024-SLV-04"].deadlines == []  # line 156 "Frist: Se tildelingsbrev 2024"
    kinds = {(d.meaning, d.kind, d.channel) for d in found["TB2025-DMP-06"].deadlines}
    assert kinds == {("continuous", "continuous", None), ("channel", "final", "etatsstyringsmøte")}  # lines 130-132


def test_a_table_of_rows_numbered_by_year_over_a_page_break() -> None:
    """tildelingsbrev-2025-helsetilsynet lines 193-244: rows "2025-1" … "2025-10" of "Nr. | Oppdrag | Frist |
    Rapporteres til/i"; row 2025-5 runs on after the page break and the repeated header (line 222)."""
    extraction = extract_letter(LETTERS / "tildelingsbrev-2025-helsetilsynet.txt")
    rows = [a for a in extraction.assignments if a.scheme == "other-id"]
    assert [a.identifier for a in rows] == [f"2025-{n}" for n in range(1, 11)]
    fifth = rows[4]
    assert fifth.text.endswith("kan brukes i risikovurderingene før tilsyn.")
    assert fifth.line_end == 222
    assert rows[0].text.startswith("Helsetilsynet skal i samarbeid med Helsedirektoratet utarbeide")
    assert [(d.kind, d.date) for d in rows[7].deadlines] == [
        ("preliminary", dt.date(2025, 6, 30)),
        ("final", dt.date(2025, 12, 15)),
    ]
    # line 55: "Helsetilsynet skal i 2025 prioritere tilsyn …" is a priority, no assignment
    assert not [a for a in extraction.assignments if a.line_start == 55]


def test_a_letter_in_parts_with_numbered_goals() -> None:
    """tildelingsbrev-2025-riksantikvaren: "DEL I" … "DEL IV" (line 53 on), numbering anew in each part; the
    goals "1." … "3." under "2.   VIRKSOMHETSMÅL …" (lines 70, 83, 95) are a list, and each goal's indented
    paragraph that opens with an obligation is an assignment (lines 78, 91, 108); the disposition (lines 20-27)
    is no heading."""
    doc = read_source(LETTERS / "tildelingsbrev-2025-riksantikvaren.txt")
    sections = [(s.number, s.line_start) for s in find_sections(doc, [])]
    assert sections == [
        ("I", 53),
        ("I.1", 55),
        ("I.2", 64),
        ("II", 114),
        ("III", 161),
        ("III.1", 163),
        ("III.2", 194),
        ("III.3", 209),
        ("IV", 217),
    ]
    assert {n: doc.furniture[n] for n in (20, 23, 27)} == {20: CONTENTS, 23: CONTENTS, 27: CONTENTS}
    extraction = extract_letter(LETTERS / "tildelingsbrev-2025-riksantikvaren.txt")
    starts = [(a.line_start, a.section) for a in extraction.assignments]
    assert starts[:3] == [(78, "I.2"), (91, "I.2"), (108, "I.2")]
    assert [s for _, s in starts[3:]] == ["II"] * 8
    third = extraction.assignments[2]
    assert [(d.kind, d.date) for d in third.deadlines] == [
        ("preliminary", dt.date(2025, 9, 1)),
        ("final", dt.date(2026, 2, 1)),
    ]


def test_an_address_block_at_the_foot_of_the_first_page_is_furniture() -> None:
    """tildelingsbrev-2025-dmp lines 43-46: "Postadresse   Kontoradresse   Telefon*   Legemiddelavdelingen" over
    three lines of values, on page 1 only (so no running footer)."""
    doc = read_source(LETTERS / "tildelingsbrev-2025-dmp.txt")
    assert [doc.furniture.get(n) for n in range(43, 47)] == [FOOTER_DATA] * 4
    assert 37 not in doc.furniture  # the last line of the text above it


def test_a_numbered_list_under_headings_written_as_it_is_leaves_the_next_heading_a_heading() -> None:
    """The list rule of Riksantikvaren (goals "1. Tapet …" under a heading in capitals) keeps to that contrast: where
    the headings are written as the list is, "3. Oppdrag" after the items "1." and "2." of section 2 is section 3."""
    from tbgraph.extract.text import make_doc, split_lines

    text = (
        "1. Innledning\n\nTekst.\n\n2. Mål\n\nMålene er følgende.\n\n1. Første mål for året\n\n"
        "2. Andre mål for året\n\n3. Oppdrag\n\nTekst her.\n"
    )
    doc = make_doc(Path("brev.txt"), split_lines(text), "text/plain", "0")
    assert [s.number for s in find_sections(doc, [])] == ["1", "2", "3"]
