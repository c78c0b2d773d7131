"""Rules of the genre met in the tenth held-out round, group j, each held against the lines of the letters that
showed it (tests/fixtures/letters: Forbrukertilsynet 2023 from BFD, Sokkeldirektoratet 2025 from ED, and its
supplement tests/fixtures/supplements/endringsbrev-nr-1-2025-sokkeldirektoratet) and against small letters written
here in another language form, scheme or width, so that a rule is shown to read the layout, not the letter.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from tbgraph.extract import extract_letter
from tbgraph.extract.sections import find_sections
from tbgraph.extract.text import read_source
from tbgraph.extract.truth import extraction_actors

sys.path.insert(0, str(Path(__file__).resolve().parent))
import supplement_truth  # noqa: E402

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"
FORBRUKERTILSYNET = LETTERS / "tildelingsbrev-2023-forbrukertilsynet.txt"
SOKKELDIREKTORATET = LETTERS / "tildelingsbrev-2025-sokkeldirektoratet.txt"


def _letter(tmp_path: Path, text: str, name: str = "tildelingsbrev-2024-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _deadlines(assignment):  # type: ignore[no-untyped-def]
    found = [(d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines]
    return found + [(d.meaning, d.kind, d.date, d.channel) for p in assignment.parts for d in p.deadlines]


# --- a table "Nr. | Tema | Oppdrag | Frist" ---------------------------------------------------------------------


def test_a_table_with_a_theme_column_between_the_number_and_the_task() -> None:
    # tildelingsbrev-2025-sokkeldirektoratet, Vedlegg 2 (lines 233-326): "Nr. | Tema | Oppdrag | Frist", the theme
    # cell only on a group's first row and hyphenated over lines ("Ressurs-" / "forvaltning", lines 235-236); the
    # Frist cells "Delrapport 1.4." / "Sluttrapport 1.10." without a year (lines 235-236), "Løpende. Status / i
    # tertialrappor- / tene" (lines 255-257), "Innen 1. septem- / ber hvert år" (lines 310-311)
    found = {a.identifier: a for a in extract_letter(SOKKELDIREKTORATET).assignments}
    assert len(found) == 12
    first = found["ED-SOD-25-01"]
    assert first.title == "Levetidsforlengelse av felt i sen fase"
    assert (first.line_start, first.line_end) == (235, 240)
    assert _deadlines(first) == [
        ("date", "preliminary", dt.date(2025, 4, 1), None),
        ("date", "final", dt.date(2025, 10, 1), None),
    ]
    assert _deadlines(found["ED-SOD-25-04"]) == [
        ("continuous", "continuous", None, None),
        ("channel", "final", None, "tertialrapport"),
    ]
    assert _deadlines(found["ED-SOD-25-10"]) == [("date", "final", dt.date(2025, 9, 1), None)]
    # row 09 runs over the page break, the header repeated at the top of page 7 (lines 290-308)
    assert (found["ED-SOD-25-09"].line_start, found["ED-SOD-25-09"].line_end) == (290, 308)


def test_a_table_with_a_theme_column_of_another_ministry_in_nynorsk(tmp_path: Path) -> None:
    # KDD to Husbanken, Nynorsk, another width and scheme: "Nr. | Område | Oppdrag | Frist"
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Husbanken for 2024\n\n1. Innleiing\n\n"
        "Kommunal- og distriktsdepartementet viser til Prop. 1 S.\n\n2. Oppdrag\n\n"
        "Nr.       Område       Oppdrag                                Frist\n\n"
        "KDD-HB-1  Bustad-      Startlån til unge                      Delrapport 1.3.\n"
        "          politikk     Husbanken skal greie ut korleis        Sluttrapport 1.11.\n"
        "                       startlånet kan nå fleire unge.\n\n"
        "KDD-HB-2               Bustøtte i distrikta                   Innan utgangen\n"
        "                       Husbanken skal vurdere bustøtta i      av mai\n"
        "                       distrikta.\n\n"
        "3. Budsjett\n\nStortinget har vedteke løyvingane.\n",
    )
    found = {a.identifier: a for a in extract_letter(letter).assignments}
    assert set(found) == {"KDD-HB-1", "KDD-HB-2"}
    assert found["KDD-HB-1"].title == "Startlån til unge"
    assert found["KDD-HB-1"].text.startswith("Husbanken skal greie ut")
    assert _deadlines(found["KDD-HB-1"]) == [
        ("date", "preliminary", dt.date(2024, 3, 1), None),
        ("date", "final", dt.date(2024, 11, 1), None),
    ]
    assert _deadlines(found["KDD-HB-2"]) == [("date", "final", dt.date(2024, 5, 31), None)]


def test_the_supplement_reads_the_letters_deadlines_and_its_own_row() -> None:
    # endringsbrev-nr-1-2025-sokkeldirektoratet: "Fristen for oppdrag ED-SOD-25-02 … forlenges fra 15. juni 2025 til
    # 1. september 2025" (lines 49-50) and "Fristen for delrapporten i oppdrag ED-SOD-25-06 … flyttes fra 15. mai til
    # 15. august 2025" (lines 53-54) find the letter's deadlines (letter lines 242, 269); the new row ED-SOD-25-13 in
    # the letter's own table layout gives "Delrapport 15.9." / "Sluttrapport 15.12." (lines 82-84)
    with tempfile.TemporaryDirectory() as home:
        score, result = supplement_truth.score("endringsbrev-nr-1-2025-sokkeldirektoratet", Path(home))
    assert sum(score.truth.values()) == 6
    assert not score.missed and not score.extra, (score.missed, score.extra)
    assert not [p for p in result.problems if p.kind == "supplement"]


# --- items numbered after their goal ------------------------------------------------------------------------------


def test_items_numbered_after_their_goal() -> None:
    # tildelingsbrev-2023-forbrukertilsynet, section 3 (lines 60-156): "Mål N …" lines (66, 92, 125, 142), under each
    # the items "N.M" with a hanging indent, each opening "BFD ber Forbrukertilsynet …" or "Forbrukertilsynet skal
    # …"; "3.1  BFD ber Forbrukertilsynet, sammen med Finanstilsynet, …" (line 135) is no section heading
    sections = find_sections(read_source(FORBRUKERTILSYNET), [])
    assert [s.number for s in sections] == ["1", "2", "3", "4", "5", "5.1", "5.2", "6"]
    result = extract_letter(FORBRUKERTILSYNET)
    items = [a for a in result.assignments if a.marking[:1].isdigit() and "." in a.marking and "," not in a.marking]
    assert [a.marking for a in items] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2",
                                          "4.1", "4.2"]  # fmt: skip
    assert [a.goal for a in items] == ["1"] * 4 + ["2"] * 4 + ["3"] * 2 + ["4"] * 2
    by = {a.marking: a for a in items}
    # item 2.1 runs over its bullets and the page break (lines 102-112), its part and final report on line 111
    assert (by["2.1"].line_start, by["2.1"].line_end) == (102, 112)
    assert _deadlines(by["2.1"]) == [
        ("date", "preliminary", dt.date(2023, 5, 15), None),
        ("date", "final", dt.date(2023, 12, 1), None),
    ]
    # "innen utgangen / av første tertial" (lines 136-137); "avtales nærmere med departementet" (line 123)
    assert _deadlines(by["3.1"]) == [("date", "final", dt.date(2023, 4, 30), None)]
    assert _deadlines(by["2.4"]) == [("to-be-agreed", "to-be-agreed", None, None)]
    assert _deadlines(by["1.3"]) == []
    # "Mål 1 Effektivt tilsyn med markedsføring og avtalevilkår": a goal line without a stop after its number, and
    # the steering parameters below each goal belong to it (no "before any goal")
    assert [(g.number, g.line_start) for g in result.goals] == [("1", 66), ("2", 92), ("3", 125), ("4", 142)]
    assert [s.goal for s in result.steering] == ["1", "1", "2", "2", "3", "3", "4"]
    assert not [p for p in result.problems if p.kind == "steering-parameter"]


def test_items_numbered_after_their_goal_in_nynorsk(tmp_path: Path) -> None:
    # KD to Statped, Nynorsk "Hovudmål N …" lines, "KD ber Statped …", "Statped skal …", another indent; the goal's
    # own paragraph ("Statped skal gi god rettleiing") and a priority item are none
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Statped for 2024\n\n1 Innleiing\n\nKunnskapsdepartementet viser til Prop. 1 S.\n\n"
        "2 Mål og oppdrag for 2024\n\n"
        "Hovudmål 1 Gode tenester til kommunane\n\n"
        "Statped skal gi god rettleiing til kommunane.\n\n"
        "Styringsparametrar:\n"
        "   –  Del brukarar som er nøgde\n\n"
        "1.1 KD ber Statped greie ut eit nytt tilbod for born med\n"
        "    høyrselstap. Utgreiinga skal leverast innan 1. juni 2024.\n\n"
        "1.2 Statped skal i 2024 prioritere arbeidet med\n"
        "    dei minste kommunane.\n\n"
        "Hovudmål 2 Effektiv drift\n\n"
        "2.1 Statped skal vurdere samlokalisering av kontora.\n"
        "    Frist for oppdraget er 15.11.2024.\n\n"
        "3 Budsjett\n\nStortinget har vedteke løyvingane.\n",
    )
    result = extract_letter(letter)
    assert [(a.marking, a.goal) for a in result.assignments] == [("1.1", "1"), ("2.1", "2")]
    assert [_deadlines(a) for a in result.assignments] == [
        [("date", "final", dt.date(2024, 6, 1), None)],
        [("date", "final", dt.date(2024, 11, 15), None)],
    ]
    assert [g.number for g in result.goals] == ["1", "2"]


def test_numbered_lines_that_are_no_request_give_no_assignment(tmp_path: Path) -> None:
    # steering parameters numbered after their goal ("1.1 Andel saker …") are no assignments
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Datatilsynet for 2025\n\n1 Innledning\n\nDigitaliserings- og forvaltningsdepartementet "
        "viser til Prop. 1 S.\n\n2 Mål for 2025\n\nMål 1 Effektivt tilsyn\n\n"
        "1.1 Andel saker løst innen 30 dager\n"
        "1.2 Antall tilsyn med store plattformer\n\n"
        "3 Budsjett\n\nStortinget har vedtatt bevilgningene.\n",
    )
    assert extract_letter(letter).assignments == []


# --- an assignment carried over in the introduction ---------------------------------------------------------------


def test_an_assignment_carried_over_with_a_new_deadline_in_the_introduction() -> None:
    # tildelingsbrev-2023-forbrukertilsynet, 1 Innledning (lines 33-35): "Oppdraget om en gjennomgang av vilkårene i
    # abonnementsavtaler for strømme- / tjenester fra tildelingsbrevet for 2022 videreføres med ny frist 1. mars 2023.
    # Gjennomgangen skal særlig se på …", starting in the middle of line 33 after "… for 2023."
    carried = [a for a in extract_letter(FORBRUKERTILSYNET).assignments if a.section == "1"]
    assert len(carried) == 1
    assert carried[0].text.startswith("Oppdraget om en gjennomgang av vilkårene i abonnementsavtaler")
    assert carried[0].text.endswith("automatisk fornyelse og oppsigelse.")
    assert (carried[0].line_start, carried[0].line_end) == (33, 35)
    assert _deadlines(carried[0]) == [("date", "final", dt.date(2023, 3, 1), None)]


def test_an_assignment_carried_over_in_nynorsk_and_one_without_a_deadline(tmp_path: Path) -> None:
    # Nynorsk "vidareførast med ny frist …" after a sentence ending in a year; a sentence that carries work over
    # without a deadline ("Oppdraget om … vidareførast.") gives none
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Språkrådet for 2024\n\n1 Innleiing\n\n"
        "Kultur- og likestillingsdepartementet viser til innspelet frå hausten 2023. Oppdraget om\n"
        "kartlegging av språkbruken i staten frå tildelingsbrevet for 2023 vidareførast med ny frist\n"
        "1. april 2024. Kartlegginga skal omfatte direktorata.\n\n"
        "Oppdraget om rettleiing i klarspråk vidareførast.\n\n"
        "2 Budsjett\n\nStortinget har vedteke løyvingane.\n",
    )
    found = extract_letter(letter).assignments
    assert [a.text for a in found] == [
        "Oppdraget om kartlegging av språkbruken i staten frå tildelingsbrevet for 2023 vidareførast med ny frist "
        "1. april 2024. Kartlegginga skal omfatte direktorata."
    ]
    assert _deadlines(found[0]) == [("date", "final", dt.date(2024, 4, 1), None)]


# --- actors -------------------------------------------------------------------------------------------------------


def test_a_known_name_with_og_in_a_copy_list_and_an_abbreviation_a_regulation_defines() -> None:
    # tildelingsbrev-2023-forbrukertilsynet: "Kopi til" / "Sekretariatet for Markedsrådet og Forbrukerklageutvalget"
    # (line 236) is one body, not two; "EUs forordning om digitale tjenester (DSA)" (lines 114-115) names the
    # regulation, not Direktoratet for strålevern og atomsikkerhet
    names = {e.label for e in extraction_actors(extract_letter(FORBRUKERTILSYNET))}
    assert "Sekretariatet for Markedsrådet og Forbrukerklageutvalget" in names
    assert not names & {"Forbrukerklageutvalget", "Sekretariatet for Markedsrådet"}
    assert "Direktoratet for strålevern og atomsikkerhet" not in names


def test_a_copy_list_on_one_line_and_the_body_named_by_its_abbreviation(tmp_path: Path) -> None:
    # another ministry, Nynorsk: the copy list on one line; "(DSA)" after the body's own name is the body, after
    # "forordninga om …" the regulation
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Medietilsynet for 2024\n\n1 Innleiing\n\n"
        "Kultur- og likestillingsdepartementet viser til Prop. 1 S.\n\n"
        "2 Oppdrag\n\n"
        "Medietilsynet skal følgje opp EU-forordninga om digitale tenester (DSA) innan 1. mai 2024.\n\n"
        "Medietilsynet skal i samarbeid med Direktoratet for strålevern og atomsikkerhet (DSA) lage\n"
        "ei rettleiing innan 1. juni 2024.\n\n"
        "Med venleg helsing\n\n\nKari Nordmann\n\n"
        "Kopi: Riksrevisjonen og Sekretariatet for Markedsrådet og Forbrukerklageutvalget\n",
    )
    result = extract_letter(letter)
    assert [e.label for e in result.info.copy_to] == [
        "Riksrevisjonen",
        "Sekretariatet for Markedsrådet og Forbrukerklageutvalget",
    ]
    first, second = result.assignments
    involved = [{i.entry.label for i in a.involvements if i.entry is not None} for a in (first, second)]
    assert "Direktoratet for strålevern og atomsikkerhet" not in involved[0]
    assert "Direktoratet for strålevern og atomsikkerhet" in involved[1]
