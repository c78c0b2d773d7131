"""Rules of the genre met in the seventh held-out round, each held against the lines of the round's letters that
showed it (tests/fixtures/letters) and against small letters written here in another scheme or width, so that a rule
is shown to read the layout, not the letter.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines
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
        # tildelingsbrev-2025-udi, JD-UDI-2025-06, the Frist cell (lines 139-140): a channel after "i forbindelse med"
        ("I forbindelse med\n2. tertialrapport", 2025, True, [("final", "channel", None, "tertialrapport")]),
        # tildelingsbrev-2024-havtil, 3.1 (lines 99-100): the same in running text
        (
            "Status rapporteres i forbindelse med 2. tertialrapport.",
            2024,
            False,
            [("final", "channel", None, "tertialrapport")],
        ),
        # variant: Nynorsk, "i samband med den andre tertialrapporten"
        (
            "Status blir gitt i samband med den andre tertialrapporten.",
            2024,
            False,
            [("final", "channel", None, "tertialrapport")],
        ),
        # tildelingsbrev-2025-konkurransetilsynet, NFD-KT-25-5 (lines 138-139): to be agreed alone in the Frist cell
        ("Avtales med\ndepartementet", 2025, True, [("to-be-agreed", "to-be-agreed", None, None)]),
        # variant: Nynorsk, as tildelingsbrev-2024-statped's overview table writes it (line 322)
        ("Blir avtalt", 2024, True, [("to-be-agreed", "to-be-agreed", None, None)]),
        # NFD-KT-25-7 (lines 160-164): two channels in one Frist cell, the second after a noun
        (
            "Status i\ntertialrapportene,\nresultater i\nårsrapporten for\n2025",
            2025,
            True,
            [("final", "channel", None, "tertialrapport"), ("final", "channel", None, "årsrapport")],
        ),
        # NFD-KT-25-8 (line 166): "I løpet av 2025" alone in the Frist cell is the whole year
        ("I løpet av 2025", 2025, True, [("final", "period", "2025-12-31", "2025-01-01")]),
        # ... while a state to be reached in it is due by the year's end (the shipped 2023 letter, line 508); work
        # carried out in it ("Arbeidet skal gjennomføres i løpet av 2024", tildelingsbrev-2024-diskrimineringsnemnda
        # line 170) is the year, tests/test_extract_round17.py
        ("Det skal i løpet av 2023 være etablert en løsning.", 2023, False, [("final", "date", "2023-12-31", None)]),
        # tildelingsbrev-2024-statped, 2024-01 a) (lines 82-83): "med frist" is a deadline's word
        (
            "a) ei kartlegging av kva kompetansebehov PP-tenesta melder om, med frist 1. mars 2024 b) ein plan",
            2024,
            False,
            [("final", "date", "2024-03-01", None)],
        ),
        # 2024-04 (lines 114-116): a status report that a final report follows is preliminary
        (
            "Statped skal levere ein statusrapport innan 1. mai 2024. Endeleg rapport med tilrådingar skal "
            "leverast innan 1. desember 2024.",
            2024,
            False,
            [("preliminary", "date", "2024-05-01", None), ("final", "date", "2024-12-01", None)],
        ),
        # ... and a status report alone is the delivery (tildelingsbrev-2025-finanstilsynet, line 47)
        (
            "Finanstilsynet skal gi departementet en statusrapport innen 1. juni 2025.",
            2025,
            False,
            [("final", "date", "2025-06-01", None)],
        ),
        # tildelingsbrev-2024-havtil, 3.3 (line 140): the first of recurring reports, then every quarter
        (
            "Havtil skal gi departementet en statusrapport første gang 1. april 2024, deretter hvert kvartal.",
            2024,
            False,
            [("preliminary", "date", "2024-04-01", None), ("continuous", "continuous", None, None)],
        ),
        # tildelingsbrev-2024-statped, 2024-09 (lines 159-161): the day a law takes effect is no deadline; the
        # time of delivery "blir avtalt nærare" is to be agreed
        (
            "jf. den nye opplæringslova som tek til å gjelde 1. august 2024. Tidspunkt for innspelet blir avtalt "
            "nærare med departementet.",
            2024,
            False,
            [("to-be-agreed", "to-be-agreed", None, None)],
        ),
    ],
)
def test_deadlines_of_the_seventh_round(text: str, year: int, cell: bool, expected: list[tuple[object, ...]]) -> None:
    assert _read(text, year, cell) == expected


def _letter(tmp_path: Path, text: str, name: str = "tildelingsbrev-2025-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


_HEAD = "Tildelingsbrev til Helsedirektoratet for 2025\n\nHelse- og omsorgsdepartementet viser til Prop. 1 S.\n\n"


def _deadlines(assignment):  # type: ignore[no-untyped-def]
    return [(d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines]


def test_a_table_with_an_id_column_of_the_udi_scheme_and_a_status_column() -> None:
    # tildelingsbrev-2025-udi, "Tabell 2 Oppdrag for 2025" (lines 105-159): "ID | Oppdrag | Frist | Status", IDs
    # "JD-UDI-2025-01", the header repeated after the page break (line 128), "Videreført" / "fra 2024" in the Status
    # column beside a row's second line (lines 153-154)
    found = {a.identifier: a for a in extract_letter(LETTERS / "tildelingsbrev-2025-udi.txt").assignments}
    assert list(found) == [f"JD-UDI-2025-0{n}" for n in range(1, 9)] + [
        "JD-UDI-2024-03",
        "JD-UDI-2024-05",
        "JD-UDI-2024-06",
    ]
    assert (found["JD-UDI-2024-05"].line_start, found["JD-UDI-2024-05"].line_end) == (153, 155)
    assert "fra 2024" not in found["JD-UDI-2024-05"].text and "Videreført" not in found["JD-UDI-2024-06"].text
    assert _deadlines(found["JD-UDI-2025-01"]) == [
        ("date", "preliminary", dt.date(2025, 4, 1), None),  # "Delrapport 1. april" / "2025." (lines 109-110)
        ("date", "final", dt.date(2025, 10, 1), None),  # "Endelig" / "rapport 1. oktober" / "2025" (110-112)
    ]
    assert _deadlines(found["JD-UDI-2024-06"]) == [("date", "final", dt.date(2025, 2, 1), None)]  # line 156


def test_a_table_with_two_digit_years_and_page_breaks_with_the_header_repeated() -> None:
    # tildelingsbrev-2025-konkurransetilsynet, "Tabell 2 Oppdrag 2025" (lines 100-169): IDs "NFD-KT-25-1", the header
    # repeated at lines 117 and 151, row NFD-KT-25-5 over the page break, its last word alone on line 153
    found = {
        a.identifier: a for a in extract_letter(LETTERS / "tildelingsbrev-2025-konkurransetilsynet.txt").assignments
    }
    assert [k for k in found if k.startswith("NFD")] == [f"NFD-KT-25-{n}" for n in range(1, 9)]
    assert (found["NFD-KT-25-5"].line_start, found["NFD-KT-25-5"].line_end) == (138, 153)
    assert found["NFD-KT-25-5"].text.endswith("Konkurranseklagenemnda.")
    assert _deadlines(found["NFD-KT-25-5"]) == [("to-be-agreed", "to-be-agreed", None, None)]
    # "… til arbeidet med oppdrag" / "NFD-KT-25-5. Fullmakten skal …" (lines 222-223): a reference, no assignment
    assert sum(a.identifier == "NFD-KT-25-5" for a in found.values()) == 1


def test_a_table_of_another_scheme_and_width(tmp_path: Path) -> None:
    # a scheme the letters do not use ("HOD-HDIR-24-7": two agency codes, a two-digit year) in a five-column table
    # "ID | Oppdrag | Ansvar | Frist | Status", wrapped cells, a page break without the header repeated
    letter = _letter(
        tmp_path,
        _HEAD + "1 Oppdrag for 2025\n\nDepartementet gir Helsedirektoratet oppdraga i tabellen.\n\n"
        " ID              Oppdrag                                  Ansvar       Frist               Status\n\n"
        " HOD-HDIR-24-7   Helsedirektoratet skal kartlegge         Avd. A       Delrapport          Videreført\n"
        "                 ventetidene i spesialisthelsetjenesten                1. mars 2025.       fra 2024\n"
        "                 og foreslå tiltak.                                    Sluttrapport\n"
        "                                                                       1. oktober 2025\n"
        " HOD-HDIR-25-1   Helsedirektoratet skal utarbeide en      Avd. B       Løpende             Nytt\n"
        "\f"
        "                 veileder for kommunene om\n"
        "                 legemiddelhåndtering.\n"
        " HOD-HDIR-25-2   Helsedirektoratet skal evaluere          Avd. A       Avtales med         Nytt\n"
        "                 ordningen med fritt behandlingsvalg.                  departementet\n\n"
        "Helsedirektoratet skal varsle departementet dersom en frist ikke kan overholdes.\n\n"
        "2 Budsjett\n\nStortinget har vedtatt bevilgningene.\n",
    )
    found = extract_letter(letter).assignments
    assert [a.identifier for a in found] == ["HOD-HDIR-24-7", "HOD-HDIR-25-1", "HOD-HDIR-25-2"]
    assert found[1].text == "Helsedirektoratet skal utarbeide en veileder for kommunene om legemiddelhåndtering."
    assert "Avd." not in found[0].text and "Videreført" not in found[0].text
    assert [_deadlines(a) for a in found] == [
        [("date", "preliminary", dt.date(2025, 3, 1), None), ("date", "final", dt.date(2025, 10, 1), None)],
        [("continuous", "continuous", None, None)],
        [("to-be-agreed", "to-be-agreed", None, None)],
    ]


def test_bare_year_ids_in_a_hanging_indent_under_a_goals_oppdrag_line() -> None:
    # tildelingsbrev-2024-statped: "Oppdrag knytt til hovudmål 1:" (line 76) over "2024-01   Statped skal, …" in a
    # hanging indent with lettered parts a) and b), each with its own deadline (lines 78-85); 2024-04 over a page
    # break (lines 108-116); the last of 3.5 ends before the paragraph at the margin after the page break (line 166)
    found = {a.identifier: a for a in extract_letter(LETTERS / "tildelingsbrev-2024-statped.txt").assignments}
    assert list(found) == [f"2024-0{n}" for n in range(1, 10)]
    first = found["2024-01"]
    assert [[d.date for d in p.deadlines] for p in first.parts] == [[dt.date(2024, 3, 1)], [dt.date(2024, 10, 1)]]
    assert (found["2024-04"].line_start, found["2024-04"].line_end) == (108, 116)
    assert found["2024-09"].line_end == 161
    assert _deadlines(found["2024-09"]) == [("to-be-agreed", "to-be-agreed", None, None)]


def test_bare_year_ids_of_another_form(tmp_path: Path) -> None:
    # Bokmål, "Oppdrag knyttet til mål 2:", IDs "2025-1" with a wider hanging indent; a line "2019-2024" in running
    # text and a year range opening a line are no IDs
    letter = _letter(
        tmp_path,
        _HEAD + "1 Mål og oppdrag\n\n1.1 Mål 2: God helse\n\nBefolkningen har god helse.\n\n"
        "Oppdrag knyttet til mål 2:\n\n"
        "2025-1      Helsedirektoratet skal kartlegge ventetidene i perioden\n"
        "            2019–2024. Frist: 1. mai 2025.\n\n"
        "2025-2      Helsedirektoratet skal utarbeide en plan for\n"
        "            a) oppfølging av kommunene, med frist 1. mars 2025\n"
        "            b) evaluering av tiltakene, med frist 1. november 2025\n\n"
        "2019–2024   Tidligere planperiode.\n\n"
        "Oppdrag som ikke er fullført, skal omtales i årsrapporten.\n\n"
        "2 Budsjett\n\nStortinget har vedtatt bevilgningene.\n",
    )
    found = extract_letter(letter).assignments
    assert [a.identifier for a in found] == ["2025-1", "2025-2"]
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 5, 1), None)]
    assert [[d.date for d in p.deadlines] for p in found[1].parts] == [[dt.date(2025, 3, 1)], [dt.date(2025, 11, 1)]]


def test_lists_and_paragraphs_that_say_they_give_no_assignment(tmp_path: Path) -> None:
    # tildelingsbrev-2024-havtil, "4. Andre oppgaver og prioriteringer" (lines 164-171): a dash list after a lead-in
    # naming priorities and standing tasks; tildelingsbrev-2025-kulturradet, "5.1 Faste oppgåver" (lines 154-159):
    # "… blir ikkje gjentekne som oppdrag"; "Oppdrag 5.3.4 i tildelingsbrevet for 2024 …" (line 251) no heading
    havtil = extract_letter(LETTERS / "tildelingsbrev-2024-havtil.txt").assignments
    assert not [a for a in havtil if a.section == "4"]
    kulturradet = extract_letter(LETTERS / "tildelingsbrev-2025-kulturradet.txt").assignments
    assert [a.marking for a in kulturradet] == ["5.2.1", "5.2.2"] + [f"5.3.{n}" for n in range(1, 9)]
    # the same in a letter of another wording
    letter = _letter(
        tmp_path,
        _HEAD + "1 Andre oppgaver\n\nDepartementet forutsetter at direktoratet også prioriterer følgende faste "
        "oppgaver:\n"
        "   •   Helsedirektoratet skal forvalte tilskuddsordningene\n"
        "   •   Helsedirektoratet skal publisere statistikk\n\n"
        "2 Særskilte oppdrag\n\n"
        "Helsedirektoratet skal ha en oppdatert beredskapsplan. Dette er et løpende krav og omtales ikke som eget "
        "oppdrag.\n\n"
        "Helsedirektoratet skal utrede en ny finansieringsmodell innen 1. juni 2025.\n\n"
        "3 Budsjett\n\nStortinget har vedtatt bevilgningene.\n",
    )
    found = extract_letter(letter).assignments
    assert [a.text for a in found] == ["Helsedirektoratet skal utrede en ny finansieringsmodell innen 1. juni 2025."]


def _actor_labels(path: Path) -> set[str]:
    return {e.label for e in extraction_actors(extract_letter(path))}


def test_actors_of_the_round() -> None:
    # reference data: Konkurranseklagenemnda (tildelingsbrev-2025-konkurransetilsynet, line 35), St. Olavs hospital
    # (tildelingsbrev-2024-statped, line 155), the EU by "EUs pakt" and its asylum agency (tildelingsbrev-2025-udi,
    # lines 109, 147), UNHCR (line 216); name shapes: "Diamanten skole" (statped, lines 145, 154),
    # "Telemarksforsking" (tildelingsbrev-2025-kulturradet, line 185), "International Regulators' Forum (IRF)"
    # (tildelingsbrev-2024-havtil, lines 168-169); "programmet Kreativt Europa" (kulturradet, line 218) is a
    # programme
    assert "Konkurranseklagenemnda" in _actor_labels(LETTERS / "tildelingsbrev-2025-konkurransetilsynet.txt")
    statped = _actor_labels(LETTERS / "tildelingsbrev-2024-statped.txt")
    assert {"St. Olavs hospital HF", "Diamanten skole"} <= statped
    udi = _actor_labels(LETTERS / "tildelingsbrev-2025-udi.txt")
    assert {"Den europeiske union", "EUs asylbyrå", "FNs høykommissær for flyktninger"} <= udi
    kulturradet = _actor_labels(LETTERS / "tildelingsbrev-2025-kulturradet.txt")
    assert "Telemarksforsking" in kulturradet and "Kreativt Europa" not in kulturradet
    havtil = _actor_labels(LETTERS / "tildelingsbrev-2024-havtil.txt")
    assert "International Regulators' Forum" in havtil and "International Regulators" not in havtil
    # "EU/EØS" (tildelingsbrev-2025-datatilsynet, line 40) names an area, and "(EU) 2023/1114" a legal act
    assert "Den europeiske union" not in _actor_labels(LETTERS / "tildelingsbrev-2025-datatilsynet.txt")
    assert "Den europeiske union" not in _actor_labels(LETTERS / "tildelingsbrev-2025-finanstilsynet.txt")


def test_actor_shapes_in_another_letter(tmp_path: Path) -> None:
    # the same shapes with other names: a school after its name, a regional research institute in one word, a
    # foreign body whose abbreviation starts its first word, a programme named after "programmet"
    letter = _letter(
        tmp_path,
        _HEAD + "1 Oppdrag\n\n"
        "Helsedirektoratet skal i samarbeid med Vestlandsforsking og Tambartun skole kartlegge tilbudet, og delta\n"
        "i European Network of Health Authorities (ENHA) og i programmet Digital Europa. Frist: 1. mai 2025.\n\n"
        "2 Budsjett\n\nStortinget har vedtatt bevilgningene.\n",
    )
    labels = _actor_labels(letter)
    assert {"Vestlandsforsking", "Tambartun skole", "European Network of Health Authorities"} <= labels
    assert "Digital Europa" not in labels
