"""Rules of the genre met in the ninth held-out round, each held against the lines of the letters that showed it
(tests/fixtures/letters: Arkivverket 2025, Norec 2024, Lånekassen 2025, DiBK 2024, STAMI 2025, and Patentstyret 2025
of the eighth round) and against small letters written here in another language form, scheme or width, so that a
rule is shown to read the layout, not the letter.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.text import read_source
from tbgraph.extract.truth import extraction_actors

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


def _read(text: str, year: int, cell: bool = False) -> list[tuple[str | None, str, str | None, str | None]]:
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
    ("text", "year", "cell", "expected"),
    [
        # tildelingsbrev-2024-norec (lines 135-136): "(tidspunkt etter nærare avtale)", Nynorsk "nærare"
        (
            "Norec skal bidra med data og erfaringar til gjennomgangen (tidspunkt etter nærare avtale).",
            2024,
            False,
            [("to-be-agreed", "to-be-agreed", None, None)],
        ),
        # variant: Bokmål "nærmere"
        (
            "Tiltaket skal være på plass (tidspunkt etter nærmere avtale).",
            2025,
            False,
            [("to-be-agreed", "to-be-agreed", None, None)],
        ),
        # tildelingsbrev-2025-arkivverket (lines 103-104): delivered with the budget proposal, a channel
        (
            "Utredningen skal følge kravene i utredningsinstruksen og leveres sammen med budsjettforslaget for 2027.",
            2025,
            False,
            [("final", "channel", None, "budsjettforslag")],
        ),
        # variant: Nynorsk "saman med budsjettframlegget"
        (
            "Analysen skal leggjast fram saman med budsjettframlegget for 2026.",
            2025,
            False,
            [("final", "channel", None, "budsjettforslag")],
        ),
        # tildelingsbrev-2025-lanekassen, KD-LK-2025-02 (lines 207-208): a day of every month, no one date
        ("Innen 20. hver måned", 2025, True, [("continuous", "continuous", None, None)]),
        # variant: Nynorsk "innan den 5. kvar månad"
        ("Innan den 5. kvar månad", 2024, True, [("continuous", "continuous", None, None)]),
        # tildelingsbrev-2025-stami, row 8 (line 160): an ISO week of the letter's year, Monday to Sunday
        ("I løpet av uke 43", 2025, True, [("final", "period", "2025-10-26", "2025-10-20")]),
        # variant: Nynorsk "veke" with the year, in prose
        ("Rapporten skal leverast innan veke 12 2026.", 2025, False, [("final", "period", "2026-03-22", "2026-03-16")]),
        # tildelingsbrev-2024-dibk, Oppdrag 1 (line 107): a part delivery and the final study after "Frist:"
        (
            "Frist:           Delleveranse 2. april 2024, endeleg utgreiing 15. oktober 2024",
            2024,
            False,
            [("preliminary", "date", "2024-04-02", None), ("final", "date", "2024-10-15", None)],
        ),
        # variant: Bokmål "endelig leveranse"
        (
            "Frist: Delleveranse 1. mars 2025, endelig leveranse 1. september 2025",
            2025,
            False,
            [("preliminary", "date", "2025-03-01", None), ("final", "date", "2025-09-01", None)],
        ),
    ],
)
def test_deadlines_of_the_ninth_round(text: str, year: int, cell: bool, expected: list[tuple[object, ...]]) -> None:
    assert _read(text, year, cell) == expected


def _letter(tmp_path: Path, text: str, name: str = "tildelingsbrev-2025-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _deadlines(assignment):  # type: ignore[no-untyped-def]
    found = [(d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines]
    return found + [(d.meaning, d.kind, d.date, d.channel) for p in assignment.parts for d in p.deadlines]


_HEAD = (
    "Tildelingsbrev til Helsedirektoratet for 2025\n\n1. Innledning\n\n"
    "Helse- og omsorgsdepartementet viser til Prop. 1 S.\n\n"
)
_TAIL = "\n\n3. Budsjett\n\nStortinget har vedtatt bevilgningene.\n"


def test_prose_assignments_under_each_goal() -> None:
    # tildelingsbrev-2025-arkivverket: "3. Mål, styringsparametere og oppdrag for 2025" over "3.N Mål N: …"; each
    # paragraph opened by "Departementet ber Arkivverket …" or "Arkivverket skal …" is an assignment (lines 77-80,
    # 82-84, 98-100, 102-104, 106-109, 125-127, 132-135, 137-140); "Arkivverket skal fortsatt føre … tilsyn"
    # (lines 74-75) is standing work, "Mengden … som skal avleveres, øker" (95-96) has a common noun for subject,
    # the Norsk Tipping paragraph (111-113) opens "Departementet viser til": none of them
    found = extract_letter(LETTERS / "tildelingsbrev-2025-arkivverket.txt").assignments
    prose = [a for a in found if a.marking.startswith("3.")]
    assert [(a.line_start, a.line_end) for a in prose] == [
        (77, 80), (82, 84), (98, 100), (102, 104), (106, 109), (125, 127), (132, 135), (137, 140)
    ]  # fmt: skip
    assert _deadlines(prose[-2]) == [
        ("date", "preliminary", dt.date(2025, 6, 15), None),
        ("date", "final", dt.date(2026, 2, 1), None),
    ]


def test_prose_assignments_under_goals_of_another_letter(tmp_path: Path) -> None:
    # Bokmål "Mål og oppdrag" with "får i oppdrag", a priority, a reporting duty, a common noun for subject and a
    # goal whose assignments stand in a list (the list's, not the prose's)
    letter = _letter(
        tmp_path,
        _HEAD + "2. Mål og oppdrag\n\n2.1 Mål 1: Gode helsetjenester\n\nStyringsparametere:\n"
        "   a) Ventetid\n\n"
        "Helsedirektoratet skal i 2025 prioritere arbeidet med ventetider.\n\n"
        "Antallet saker som skal behandles, øker.\n\n"
        "Helsedirektoratet får i oppdrag å utrede en ny finansieringsmodell. Utredningen\n"
        "leveres innen 1. juni 2025.\n\n"
        "Helsedirektoratet skal rapportere på styringsparameterne i årsrapporten.\n\n"
        "2.2 Mål 2: God beredskap\n\n"
        "Departementet ber Helsedirektoratet, i samarbeid med DSB, lage en plan for øvelser.\n"
        "Planen skal leveres innen 1. oktober 2025.\n\n"
        "3. Budsjett\n\nHelsedirektoratet skal redusere konsulentbruken.\n",
    )
    found = extract_letter(letter).assignments
    assert [a.text.split(" ", 3)[:3] for a in found] == [
        ["Helsedirektoratet", "får", "i"],
        ["Departementet", "ber", "Helsedirektoratet,"],
    ]
    assert [_deadlines(a)[0][2] for a in found] == [dt.date(2025, 6, 1), dt.date(2025, 10, 1)]


def test_a_goal_whose_assignments_stand_in_a_list_gives_none_from_its_prose(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        _HEAD + "2. Mål, styringsparametere og oppdrag\n\n2.1 Mål 1: Gode helsetjenester\n\n"
        "Helsedirektoratet skal følge opp at tjenestene er gode.\n\n"
        "     –   Helsedirektoratet skal kartlegge ventetidene innen 1. mai 2025.\n"
        "     –   Helsedirektoratet skal lage en veileder innen 1. juni 2025.\n" + _TAIL,
    )
    found = extract_letter(letter).assignments
    assert not any(a.text.startswith("Helsedirektoratet skal følge opp") for a in found)


def test_sentences_with_their_deadline_in_brackets() -> None:
    # tildelingsbrev-2024-norec: under "3 Mål, styringsparametrar og oppdrag for 2024" ("Fristen for kvart oppdrag
    # står i parentes etter oppdraget", lines 66-67) each sentence of a request or a duty that ends in a bracketed
    # deadline is an assignment, also where it starts mid-line ("UD ber / vidare Norec kartleggje …", lines 79-81);
    # "Norec skal vidareutvikle kurstilbodet …" (line 77, no bracket) and "Norec skal rapportere på
    # styringsparametrane" (line 138) are none
    found = extract_letter(LETTERS / "tildelingsbrev-2024-norec.txt").assignments
    assert [(a.line_start, a.line_end) for a in found] == [
        (78, 79), (79, 81), (93, 94), (94, 96), (98, 100), (113, 114), (114, 116), (128, 129), (133, 134), (136, 137)
    ]  # fmt: skip
    assert found[1].text.startswith("UD ber vidare Norec kartleggje")
    assert _deadlines(found[3]) == [
        ("date", "preliminary", dt.date(2024, 6, 1), None),
        ("date", "final", dt.date(2024, 12, 1), None),
    ]


def test_sentences_with_bracketed_deadlines_in_another_letter(tmp_path: Path) -> None:
    # Bokmål, "(frist: 1. mai 2025)", "(løpende)", a sentence starting "I samarbeid med …", a duty without bracket
    letter = _letter(
        tmp_path,
        _HEAD + "2. Mål, styringsparametere og oppdrag for 2025\n\n2.1 Mål 1: Gode helsetjenester\n\n"
        "Helsedirektoratet skal styrke veiledningen til kommunene. Helsedirektoratet skal\n"
        "kartlegge ventetidene i kommunene (frist: 1. mai 2025). I samarbeid med FHI skal\n"
        "Helsedirektoratet følge utviklingen i sykdomsbyrden (løpende).\n" + _TAIL,
    )
    found = extract_letter(letter).assignments
    assert [a.text[:40] for a in found] == [
        "Helsedirektoratet skal kartlegge venteti",
        "I samarbeid med FHI skal Helsedirektorat",
    ]
    assert [_deadlines(a)[0][:2] for a in found] == [("date", "final"), ("continuous", "continuous")]


def test_a_table_of_a_new_deadline_beside_the_first() -> None:
    # tildelingsbrev-2025-arkivverket, Vedlegg 1 (lines 270-280): "Nr. | Oppdrag | Opprinnelig frist | Ny frist",
    # IDs "2024.3"; the new deadline is the deadline, the first one superseded
    found = {a.identifier: a for a in extract_letter(LETTERS / "tildelingsbrev-2025-arkivverket.txt").assignments}
    assert _deadlines(found["2024.3"]) == [("date", "final", dt.date(2025, 3, 1), None)]
    assert _deadlines(found["2024.7"]) == [("date", "final", dt.date(2025, 4, 30), None)]
    assert found["2023.5"].title.startswith("Veileder om arkivering av e-post")


def test_a_table_of_a_revised_deadline_of_another_width(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        _HEAD + "2. Oppdrag fra tidligere år\n\n"
        "Nr.     Oppdrag                        Frist       Revidert frist\n\n"
        "2023.12 Kartlegging av ventetider      1.3.2024    1. mai 2025\n"
        "        i kommunene\n\n"
        "2024.4  Veileder om legemidler         1.6.2024    1. juni 2025\n" + _TAIL,
    )
    found = {a.identifier: a for a in extract_letter(letter).assignments}
    assert _deadlines(found["2023.12"]) == [("date", "final", dt.date(2025, 5, 1), None)]
    assert _deadlines(found["2024.4"]) == [("date", "final", dt.date(2025, 6, 1), None)]


def test_a_table_with_a_title_and_a_description_over_a_page_break() -> None:
    # tildelingsbrev-2025-lanekassen, Tabell 3 (lines 199-259): "Nr. | Oppdrag | Beskrivelse | Frist", the header
    # repeated at the top of page 6 (line 237), which is the table's and no running header; the "Oppdrag" cell is
    # the title, the description the text
    source = read_source(LETTERS / "tildelingsbrev-2025-lanekassen.txt")
    assert 199 not in source.furniture and 237 not in source.furniture
    found = {a.identifier: a for a in extract_letter(LETTERS / "tildelingsbrev-2025-lanekassen.txt").assignments}
    first = found["KD-LK-2025-01"]
    assert first.title == "Konsekvenser av endret inntektsgrense"
    assert (first.line_start, first.line_end) == (201, 205)
    assert first.text.startswith("Lånekassen skal utrede konsekvensene")
    assert _deadlines(found["KD-LK-2025-06"]) == [("date", "final", dt.date(2025, 12, 1), None)]


def test_a_table_with_a_title_and_a_description_of_another_width(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        _HEAD + "2. Oppdrag for 2025\n\n"
        "Nr.        Oppdrag            Beskrivelse                            Frist\n\n"
        "HOD-HD-01  Ventetider         Helsedirektoratet skal kartlegge       1. mai 2025\n"
        "                              ventetidene i kommunene.\n\n"
        "HOD-HD-02  Legemidler         Helsedirektoratet skal lage en         1. juni 2025\n"
        "           i sykehjem         veileder om legemidler.\n" + _TAIL,
    )
    found = {a.identifier: a for a in extract_letter(letter).assignments}
    assert found["HOD-HD-02"].title == "Legemidler i sykehjem"
    assert found["HOD-HD-02"].text.startswith("Helsedirektoratet skal lage en veileder")
    assert _deadlines(found["HOD-HD-01"]) == [("date", "final", dt.date(2025, 5, 1), None)]


def test_list_items_that_open_with_a_code() -> None:
    # tildelingsbrev-2025-lanekassen, 5.2 (lines 265-272): "• KD-LK-2024-05 Gjennomgang av …"; tildelingsbrev-2024-dibk,
    # 3.2 (lines 188-192): "– Oppdrag 2023-3 Kartlegging av …": each an assignment under its code
    lanekassen = {a.identifier for a in extract_letter(LETTERS / "tildelingsbrev-2025-lanekassen.txt").assignments}
    assert {"KD-LK-2024-05", "KD-LK-2024-08"} <= lanekassen
    dibk = [a for a in extract_letter(LETTERS / "tildelingsbrev-2024-dibk.txt").assignments if "2023" in a.marking]
    assert [a.marking for a in dibk] == ["Oppdrag 2023-3", "Oppdrag 2023-6", "Oppdrag 2023-9"]
    assert _deadlines(dibk[0]) == [("date", "final", dt.date(2024, 3, 1), None)]


def test_list_items_that_open_with_a_code_of_another_scheme(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        _HEAD + "2. Videreførte oppdrag\n\n"
        "  •   HOD-2024-07 Kartlegging av ventetider. Fristen er 1. mai 2025.\n\n"
        "  •   Oppdrag 2024-3 Veileder om legemidler. Ny frist er 1. juni 2025.\n" + _TAIL,
    )
    found = extract_letter(letter).assignments
    assert [a.identifier for a in found] == ["HOD-2024-07", "2024-3"]
    assert [_deadlines(a)[0][2] for a in found] == [dt.date(2025, 5, 1), dt.date(2025, 6, 1)]


def test_a_list_of_attachments_numbered_without_a_dot_leaves_the_headings_dotted(tmp_path: Path) -> None:
    # tildelingsbrev-2025-arkivverket: headings "1. Innledning" … "7. Styringsdialog …", and "Vedlegg:" over
    # "1  Oppdrag fra tidligere år …" (lines 254-255), an item of a list, not a heading written "1 Tittel"
    source = read_source(LETTERS / "tildelingsbrev-2025-arkivverket.txt")
    from tbgraph.extract.sections import find_sections

    # (after the closing, "Vedlegg 1 Oppdrag fra tidligere år som fortsatt gjelder" (258) is an attachment, part "V1")
    assert [s.number for s in find_sections(source, []) if s.depth == 1] == ["1", "2", "3", "4", "5", "6", "7", "V1"]
    letter = _letter(
        tmp_path,
        _HEAD + "2. Oppdrag\n\nHelsedirektoratet skal kartlegge ventetidene innen 1. mai 2025.\n\n"
        "3. Rapportering\n\nÅrsrapporten sendes innen 15. mars 2026.\n\nVedlegg:\n1  Oversikt over oppdrag\n",
    )
    assert [s.number for s in find_sections(read_source(letter), [])] == ["1", "2", "3"]


def test_names_in_prose_quoted_by_a_table_rows_deadline_are_read() -> None:
    # tildelingsbrev-2025-patentstyret, line 217: DFØ in the prose on the annual report, whose date a table row's
    # channel deadline quotes; only a row's own lines are the table's
    actors = {e.label for e in extraction_actors(extract_letter(LETTERS / "tildelingsbrev-2025-patentstyret.txt"))}
    assert "Direktoratet for forvaltning og økonomistyring" in actors
