"""Rules of the genre met in the sixteenth held-out round (an "Iverksettingsbrev" with goals coded "L-1" and
assignments coded "FMA 24-01", a table of assignments divided by "Nasjonalt mål ii" and "Øvrige oppdrag" with a row
"4*", standing tasks under "Faste oppgaver", an overview row pointing to a paragraph whose delivery sentence follows
it), each held against the round's letters (tests/fixtures/letters) by their lines and against small letters written
here.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letter_helpers import HEAD, LETTERS, deadlines_of, read_deadlines, write_letter
from tbgraph.extract import extract_letter

D = dt.date


def test_an_iverksettingsbrev_with_coded_goals_and_assignments() -> None:
    # tildelingsbrev-2024-forsvarsmateriell: "Iverksettingsbrev for 2024 til Forsvarsmateriell" (line 20) names the
    # year; "Virksomhetsmål | Styringsparameter | Ambisjon 2024" (61) with goals "L-1 Materiell leveres til …" (62),
    # "L-2", "Ø-1", "M-1" and parameters "L-1.1" …; "ID | Oppdrag | Frist | Medvirkende" (90) with rows "FMA 24-01"
    # (91) …; "Oppdrag FMA 23-07 Evaluering av prosjektmodellen, gitt i iverksettingsbrevet for 2023, / videreføres."
    # (156-157) under its code
    result = extract_letter(LETTERS / "tildelingsbrev-2024-forsvarsmateriell.txt")
    assert result.info is not None and result.info.year == 2024
    assert [g.number for g in result.goals] == ["1", "2", "3", "4"]
    assert result.goals[0].label.startswith("Materiell leveres til avtalt tid")
    assert [p.goal for p in result.steering] == ["1", "1", "2", "3", "3", "4"]
    markings = [a.marking for a in result.assignments]
    assert markings[:2] == ["FMA 24-01", "FMA 24-02"] and "FMA 23-07" in markings
    assert not [m for m in markings if m.startswith(("L-", "Ø-", "M-"))]
    carried = next(a for a in result.assignments if a.marking == "FMA 23-07")
    assert deadlines_of(carried) == [("date", "final", D(2024, 5, 1), None)]


def test_group_rows_over_the_task_column_and_a_starred_row(tmp_path: Path) -> None:
    # as in the round's Norsk kulturminnefond letter (/work/round16, not yet a fixture): "Nasjonalt mål ii" set over
    # the task column between the rows, a row "4*" (a joint assignment)
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Oppdrag\n\n"
        "Nr.     Oppdrag                                        Frist\n\n"
        "        Nasjonalt mål i\n\n"
        "1       Kartlegging av farleier                        1. juni 2024\n"
        "        Kystverket skal kartleggje farleiene.\n\n"
        "        Nasjonalt mål ii\n\n"
        "4*      Felles plan med Sjøfartsdirektoratet           1. oktober 2024\n"
        "        Kystverket og Sjøfartsdirektoratet skal lage ein plan.\n\n"
        "5       Vurdering av losplikta                         15.11.2024\n"
        "        Kystverket skal vurdere losplikta for mindre fartøy.\n\n"
        "3 Budsjett\n\nTabell 1\n"
    )
    found = extract_letter(write_letter(tmp_path, text)).assignments
    assert [(a.marking, deadlines_of(a)) for a in found][:2] == [
        ("Nr. 1", [("date", "final", D(2024, 6, 1), None)]),
        ("Nr. 4", [("date", "final", D(2024, 10, 1), None)]),
    ]


def test_standing_tasks_under_faste_oppgaver_are_none(tmp_path: Path) -> None:
    # as in the round's Distriktssenteret letter (/work/round16, not yet a fixture): "4 Faste oppgaver", a dash list,
    # "De faste oppgavene er ikke oppdrag i dette tildelingsbrevets forstand"; "… rundskriv" / "R-110 Fullmakter i
    # henhold til …" names a circular
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Faste oppgåver\n\nKystverket skal halde fram med\n  –  drift av fyrstasjonane\n  –  losteneste\n"
        "Dei faste oppgåvene er ikkje oppdrag i dette brevet.\n\n"
        "3 Oppdrag\n\nKystverket skal lage ein plan for nye farleier. Frist: 1. juni 2024.\n\n"
        "4 Budsjett\n\nFullmakta skal nyttast i samsvar med Finansdepartementets rundskriv\n"
        "R-110 Fullmakter i henhold til bevilgningsreglementet.\n\nTabell 1\n"
    )
    found = extract_letter(write_letter(tmp_path, text)).assignments
    assert [(a.section, a.marking) for a in found] == [("3", "3, avsnitt 1")]


def test_an_overview_rows_paragraph_keeps_its_delivery_sentence(tmp_path: Path) -> None:
    # as in the round's Pensjonstrygden letter (/work/round16, not yet a fixture): a row "… (vidareført frå 2023)  Etter
    # avtale  2.2" of an overview points to a paragraph whose last sentence gives its delivery
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Oppdrag\n\n"
        "Kystverket skal lage ein plan for nye farleier innan 1. juni 2024.\n\n"
        "Oppdraget frå tildelingsbrevet for 2023 om å gjennomgå losordninga held fram i 2024.\n"
        "Gjennomgangen skal omfatte losplikta og avgiftene. Sluttrapport skal leverast etter\n"
        "nærmare avtale med departementet.\n\n"
        "3 Budsjett\n\nTabell 1\n\n"
        "Vedlegg 1 Oversikt over oppdrag\n\n"
        "Oppdrag                                   Frist              Omtalt i punkt\n"
        "Plan for nye farleier                     1. juni 2024       2\n"
        "Losordninga (vidareført frå 2023)         Etter avtale       2\n"
    )
    found = extract_letter(write_letter(tmp_path, text)).assignments
    carried = next(a for a in found if a.text.startswith("Oppdraget frå tildelingsbrevet for 2023"))
    assert deadlines_of(carried) == [("to-be-agreed", "to-be-agreed", None, None)]


def test_a_time_and_form_to_be_agreed() -> None:
    # tildelingsbrev-2024-barneombudet line 86: "Tidspunkt og form blir avtalt nærare med departementet."
    assert read_deadlines("Tidspunkt og form blir avtalt nærare med departementet.", 2024) == [
        ("to-be-agreed", "to-be-agreed", None, None)
    ]
