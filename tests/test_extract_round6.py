"""Rules of the genre met in the sixth held-out round, each held against a few lines in the layout that showed it.

The deadline phrases are quoted from the round's letters (tests/fixtures/letters); the assignment layouts are
written anew, in the layout of the letter named beside each.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines


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
        # tildelingsbrev-2024-arbeids-og-velferdsdirektoratet, TB2024-02: a report given in a channel
        (
            "Delrapport gis i tertialrapporten for 2. tertial, sluttrapport sendes departementet "
            "innen 1. februar 2025.",
            2024,
            False,
            [("final", "channel", None, "tertialrapport"), ("final", "date", "2025-02-01", None)],
        ),
        # TB2024-06 (and tildelingsbrev-2025-datatilsynet, bullet 6): a delivery time to be agreed
        (
            "Tidspunkt for leveranse avtales nærmere med departementet.",
            2024,
            False,
            [("to-be-agreed", "to-be-agreed", None, None)],
        ),
        # TB2024-08: a date a delivery is sent on, without "innen", preliminary by its clause
        (
            "Foreløpig utkast sendes departementet 1. juni, og endelig veiledning skal foreligge 1. desember 2024.",
            2024,
            False,
            [("preliminary", "date", "2024-06-01", None), ("final", "date", "2024-12-01", None)],
        ),
        # tildelingsbrev-2024-kystverket, table 2 row 7: months in a deadline column
        ("Mai–august 2024", 2024, True, [("final", "period", "2024-08-31", "2024-05-01")]),
        # tildelingsbrev-2025-nokut, table row 6: a half year in a deadline column
        ("1. halvår 2025", 2025, True, [("final", "period", "2025-06-30", "2025-01-01")]),
        ("Andre tertial", 2025, True, [("final", "period", "2025-08-31", "2025-05-01")]),
    ],
)
def test_deadlines_of_the_sixth_round(text: str, year: int, cell: bool, expected: list[tuple[object, ...]]) -> None:
    assert _read(text, year, cell) == expected


def _letter(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brev.txt"
    path.write_text(text, encoding="utf-8")
    return path


_HEAD = "Tildelingsbrev til Helsedirektoratet for 2025\n\nHelse- og omsorgsdepartementet viser til Prop. 1 S.\n\n"


def test_bullets_before_a_sections_first_sub_section_are_its_assignments(tmp_path: Path) -> None:
    # the layout of tildelingsbrev-2025-datatilsynet, "4. Oppdrag for 2025" (a lead-in, bullets, "4.1 Videreførte
    # oppdrag"); the priority paragraph of "2. Prioriteringer for 2025" gives none
    letter = _letter(
        tmp_path,
        _HEAD + "1. Innledning\nDepartementet viser til budsjettet.\n\n"
        "2. Prioriteringer for 2025\nDet er viktig med god veiledning. Departementet ber Helsedirektoratet\n"
        "prioritere veiledning om ny teknologi.\n\n"
        "Helsedirektoratet skal fortsatt delta aktivt i det nordiske samarbeidet.\n\n"
        "3. Oppdrag for 2025\nDepartementet gir Helsedirektoratet følgende oppdrag for 2025. Oppdragene kommer i\n"
        "tillegg til de løpende oppgavene.\n\n"
        "   •   Helsedirektoratet skal kartlegge ventetidene i spesialisthelsetjenesten og\n"
        "       foreslå tiltak. Rapport sendes innen 1. oktober 2025.\n\n"
        "   •   Helsedirektoratet skal utarbeide en veileder for kommunene. Arbeidet\n"
        "       rapporteres i årsrapporten for 2025.\n\n"
        "3.1 Videreførte oppdrag\nOppdraget fra tildelingsbrevet for 2024 om legemiddelberedskap videreføres.\n"
        "Endelig rapport skal leveres innen 30. juni 2025.\n\n"
        "Oppdrag som ikke er sluttført ved utgangen av året, skal omtales i årsrapporten.\n\n"
        "4. Budsjett\nStortinget har vedtatt bevilgningene.\n",
    )
    found = extract_letter(letter).assignments
    # "3.1 Videreførte oppdrag" names a kind of assignments, no one assignment: its paragraph is the assignment
    assert [a.marking for a in found] == ["3, kulepunkt 1", "3, kulepunkt 2", "3.1, avsnitt 1"]
    assert found[2].text.startswith("Oppdraget fra tildelingsbrevet for 2024")
    assert [[(d.meaning, d.date, d.channel) for d in a.deadlines] for a in found] == [
        [("date", dt.date(2025, 10, 1), None)],
        [("channel", None, "årsrapport")],
        [("date", dt.date(2025, 6, 30), None)],  # not the closing paragraph's annual report
    ]


def test_a_paragraph_after_a_table_of_assignments_that_adds_or_carries_one_over(tmp_path: Path) -> None:
    # the layouts of tildelingsbrev-2024-kystverket ("I tillegg til oppdraga i tabell 2 ber departementet …")
    # and tildelingsbrev-2025-nokut ("Oppdraget om … videreføres i 2025"); the closing sentence gives none
    letter = _letter(
        tmp_path,
        _HEAD + "1 Oppdrag\nDepartementet gir Helsedirektoratet oppdraga i tabellen.\n\n"
        "Nr.  Oppdrag                                                     Frist\n"
        "1    Helsedirektoratet skal kartlegge ventetidene i               1. oktober 2025\n"
        "     spesialisthelsetjenesten.\n"
        "2    Helsedirektoratet skal evaluere ordningen med                1. halvår 2025\n"
        "     fritt behandlingsvalg.\n\n"
        "I tillegg til oppdraga i tabellen ber departementet Helsedirektoratet om å levere eit\n"
        "oppdatert kostnadsoverslag innan 1. mars 2025.\n\n"
        "Oppdrag fra tidligere år\n\n"
        "Oppdraget om kartlegging av praksis i sykehusene, som ble gitt i tildelingsbrevet for\n"
        "2024, videreføres i 2025. Sluttrapporten skal leveres innen 1. november 2025.\n\n"
        "Helsedirektoratet skal varsle departementet dersom en frist ikke kan overholdes.\n\n"
        "2 Budsjett\nStortinget har vedtatt bevilgningene.\n",
    )
    found = extract_letter(letter).assignments
    assert [a.text.split(" ")[0:3] for a in found][2:] == [["I", "tillegg", "til"], ["Oppdraget", "om", "kartlegging"]]
    assert len(found) == 4
    assert [[(d.meaning, d.period_start, d.date) for d in a.deadlines] for a in found] == [
        [("date", None, dt.date(2025, 10, 1))],
        [("period", dt.date(2025, 1, 1), dt.date(2025, 6, 30))],
        [("date", None, dt.date(2025, 3, 1))],
        [("date", None, dt.date(2025, 11, 1))],
    ]
