"""A numbered list led in by a colon is a list, not a run of section headings.

tests/fixtures/supplements/tillegg-nr-1-2025-sjofartsdirektoratet.txt (lines 37-58): "Departementet gir
Sjøfartsdirektoratet følgende nye oppdrag:" and below it "1. Sjøfartsdirektoratet skal bistå …" and, after a
page break, "2. Sjøfartsdirektoratet skal kartlegge …" were read as sections 1 and 2 ("section 1 '.
Sjøfartsdirektoratet skal bistå depart…'"), their text swallowed as headings. The letter's own headings are
unnumbered there, so the numbered items were the only candidates.
"""

from __future__ import annotations

from pathlib import Path

from tbgraph.extract.sections import find_sections
from tbgraph.extract.text import make_doc, split_lines

ROOT = Path(__file__).resolve().parent.parent


def _sections(text: str) -> list[tuple[str, str]]:
    doc = make_doc(Path("x.txt"), split_lines(text), "text/plain", "0")
    return [(s.number, s.title) for s in find_sections(doc, [])]


def test_items_after_a_lead_in_colon_are_no_headings() -> None:
    text = (
        "Nye oppdrag\n\nDepartementet gir direktoratet følgende nye oppdrag:\n\n"
        "1. Direktoratet skal bistå departementet i arbeidet med en ny strategi.\n   Frist: løpende.\n\n"
        "2. Direktoratet skal kartlegge bruken av ammoniakk som drivstoff.\n"
    )
    assert _sections(text) == []


def test_headings_written_1_dot_without_a_lead_in_stay_headings() -> None:
    # endring-2025-husbanken lines 22-31: "1. Oppdrag som fell bort" after "… er ikkje endra." is a heading.
    text = "Innleiing.\n\n1. Oppdrag som fell bort\n\nTekst.\n\n2. Endra fristar\n\nTekst.\n"
    assert _sections(text) == [("1", "Oppdrag som fell bort"), ("2", "Endra fristar")]


def test_a_heading_after_the_list_is_read_again() -> None:
    # The list's numbering ends where a heading is accepted; "1 Innledning" style is untouched.
    text = "1 Innledning\n\nVi ber om følgende:\n\n1. Noe å gjøre.\n2. Noe annet.\n\n2 Oppdrag\n\nTekst.\n"
    assert [n for n, _t in _sections(text)] == ["1", "2"]


def test_the_sjofart_supplement_has_no_numbered_sections() -> None:
    path = ROOT / "tests/fixtures/supplements/tillegg-nr-1-2025-sjofartsdirektoratet.txt"
    doc = make_doc(path, split_lines(path.read_text(encoding="utf-8")), "text/plain", "0")
    assert find_sections(doc, []) == []  # lines 39 "1. Sjøfartsdirektoratet skal bistå …", 55 "2. …" are items


def test_parts_numbered_in_roman_numerals_alone() -> None:
    # A letter in parts without the word "DEL" ("I   INNLEIING", "II   MÅL …", "III   OPPDRAG"): each part runs to
    # the next, over the sections in it; a stray "V" (not the next of the series) and a part's list are none.
    text = (
        "I      INNLEIING\n\nTekst.\n\n"
        "II     MÅL OG STYRINGSPARAMETRAR\n\n1 Mål for 2025\n\nTekst.\n\n2 Styringsparametrar\n\nTekst.\n\n"
        "III    OPPDRAG\n\n1 Nye oppdrag\n\nTekst.\n\n"
        "V      FEIL NUMMER\n\nTekst.\n"
    )
    assert _sections(text) == [
        ("I", "INNLEIING"),
        ("II", "MÅL OG STYRINGSPARAMETRAR"),
        ("II.1", "Mål for 2025"),
        ("II.2", "Styringsparametrar"),
        ("III", "OPPDRAG"),
        ("III.1", "Nye oppdrag"),
    ]


def test_a_list_of_the_parts_and_a_sentence_are_no_parts() -> None:
    text = "Brevet har desse delane:\nI      INNLEIING\nII     MÅL\nIII    OPPDRAG\n\nI 2025 skal verksemda …\n"
    assert _sections(text) == []
