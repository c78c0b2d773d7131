"""Rules of the genre met in the fourteenth held-out round (assignments headed "Oppdrag 1.1 …", tables of assignments
divided by goal rows or with a note under an ID, titled paragraphs holding a list, an attachment that repeats the
letter's numbered assignments, goals and steering parameters in tables and lists of many shapes, deadlines in more of
the forms letters use, supplements that name an assignment a sentence before they move its deadline), each held
against a small letter written here in another ministry or language form, and against the round's letters
(tests/fixtures/letters, tests/fixtures/supplements) by their lines.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from letter_helpers import HEAD, LETTERS, deadlines_of, read_deadlines, write_letter
from tbgraph.extract import extract_letter
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.truth import load_truth, score, truth_path_for

sys.path.insert(0, str(Path(__file__).resolve().parent))
import supplement_truth  # noqa: E402

D = dt.date


# --- assignments -----------------------------------------------------------------------------------------------------


def test_assignments_headed_oppdrag_with_a_dotted_number() -> None:
    # tildelingsbrev-2025-dss: "Oppdrag 1.1 Sikring av byggetrinn 1 i nytt regjeringskvartal" (line 76) … "Oppdrag 3.3
    # Innspill til satsingsforslag for 2027" (163), each over its text and a "Frist:" line
    found = extract_letter(LETTERS / "tildelingsbrev-2025-dss.txt").assignments
    assert [a.marking for a in found] == [
        "Oppdrag 1.1", "Oppdrag 1.2", "Oppdrag 1.3", "Oppdrag 1.4", "Oppdrag 2.1", "Oppdrag 2.2", "Oppdrag 2.3",
        "Oppdrag 2.4", "Oppdrag 3.1", "Oppdrag 3.2", "Oppdrag 3.3",
    ]  # fmt: skip
    assert found[0].title == "Sikring av byggetrinn 1 i nytt regjeringskvartal"
    # "Frist: Delrapport 1. april 2025. Endelig plan 1. oktober 2025." (line 80)
    assert deadlines_of(found[0]) == [
        ("date", "preliminary", D(2025, 4, 1), None),
        ("date", "final", D(2025, 10, 1), None),
    ]


def test_a_dotted_oppdrag_heading_in_nynorsk_and_a_sentence_that_is_no_heading(tmp_path: Path) -> None:
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Oppdrag\n\n"
        "Oppdrag 2.1 Plan for vedlikehald av fyrstasjonar\n"
        "Kystverket skal lage ein plan for vedlikehald av fyrstasjonane.\n"
        "Frist: 1. juni 2024.\n\n"
        "Oppdrag 2.2 Losordninga i nord\n"
        "Kystverket skal greie ut losordninga i Nord-Noreg.\n"
        "Frist: 15.10.2024\n\n"
        "3 Budsjett\n\nTabell 1\n"
    )
    found = extract_letter(write_letter(tmp_path, text)).assignments
    assert [(a.marking, a.title, deadlines_of(a)) for a in found] == [
        ("Oppdrag 2.1", "Plan for vedlikehald av fyrstasjonar", [("date", "final", D(2024, 6, 1), None)]),
        ("Oppdrag 2.2", "Losordninga i nord", [("date", "final", D(2024, 10, 15), None)]),
    ]


def test_goal_rows_inside_a_table_of_assignments_do_not_end_it() -> None:
    # tildelingsbrev-2024-helseklage: "ID | Oppdrag | Frist" (line 95) with "Virksomhetsmål 1" (96), "Virksomhetsmål 2"
    # (129) and "Virksomhetsmål 3" (151) on lines of their own between the rows: every row is read with its Frist cell
    found = {a.identifier: a for a in extract_letter(LETTERS / "tildelingsbrev-2024-helseklage.txt").assignments}
    # TB2024-05 "Innen utgangen / av 3. kvartal / 2024" (lines 130-132)
    assert deadlines_of(found["TB2024-05"]) == [("date", "final", D(2024, 9, 30), None)]
    # TB2024-09 "Innen 1. sep- / tember hvert år" (152-153)
    assert deadlines_of(found["TB2024-09"]) == [("date", "final", D(2024, 9, 1), None)]
    # TB2023-07 "1. juni 2024 / (forlenget fra / 1. desember 2023)" (102-104): the old date is no deadline
    assert deadlines_of(found["TB2023-07"]) == [("date", "final", D(2024, 6, 1), None)]


def test_a_goal_row_in_a_numbered_table_of_another_ministry(tmp_path: Path) -> None:
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Oppdrag\n\n"
        "Nr.   Oppdrag                                             Frist\n"
        "Mål 1\n"
        "1     Kystverket skal kartleggje behovet for nye          1. mars 2024\n"
        "      farleier.\n"
        "Mål 2\n"
        "2     Kystverket skal vurdere beredskapsdepota.           1. oktober 2024\n\n"
        "3 Budsjett\n\nTabell 1\n"
    )
    found = extract_letter(write_letter(tmp_path, text)).assignments
    # each row under the goal its group row names
    assert [(a.marking, a.goal, deadlines_of(a)) for a in found] == [
        ("Nr. 1", "1", [("date", "final", D(2024, 3, 1), None)]),
        ("Nr. 2", "2", [("date", "final", D(2024, 10, 1), None)]),
    ]


def test_a_note_under_an_id_in_its_column_keeps_the_row_going() -> None:
    # tildelingsbrev-2025-justervesenet: "JV-2024-06   Evaluering av kontrollordningen for taksametre   Egen rapport
    # 1. mars 2025" (line 152) over "(videreført) Oppdraget fra tildelingsbrevet for 2024 videre-" (153): the rows after
    # it are read as rows, their Frist and Rapportering cells with them
    found = {a.identifier: a for a in extract_letter(LETTERS / "tildelingsbrev-2025-justervesenet.txt").assignments}
    assert "ferdigstille evalueringen" in found["JV-2024-06"].text
    assert deadlines_of(found["JV-2024-06"]) == [("date", "final", D(2025, 3, 1), None)]
    # JV-2025-08 "Etatsstyrings- / møtet høsten / 2025" (reporting) and "Innen 14. november / 2025" (lines 165-167)
    assert sorted(deadlines_of(found["JV-2025-08"]), key=str) == sorted(
        [("channel", "final", None, "etatsstyringsmøte"), ("date", "final", D(2025, 11, 14), None)], key=str
    )
    # JV-2025-02 "Høringsnotat: / 1. april 2025 / Endelig forslag: / 1. oktober 2025" (lines 110-113)
    assert deadlines_of(found["JV-2025-02"]) == [
        ("date", "preliminary", D(2025, 4, 1), None),
        ("date", "final", D(2025, 10, 1), None),
    ]


def test_titled_paragraphs_hold_their_lists() -> None:
    # tildelingsbrev-2025-uit: "3. Oppdrag for 2025" (line 112), titles over paragraphs; "Desentralisert og fleksibel
    # utdanning" (142) holds a list of four dashes (145-148) and its deadline after it (149)
    found = extract_letter(LETTERS / "tildelingsbrev-2025-uit.txt").assignments
    assert len(found) == 11
    titled = {a.title: a for a in found}
    spread = titled["Desentralisert og fleksibel utdanning"]
    assert "hvilke kommuner og regioner" in spread.text
    assert deadlines_of(spread) == [("period", "final", D(2025, 6, 30), None)]
    # "Økt opptak til medisinutdanningen" (151): "Arbeidet skjer / løpende, og status rapporteres i årsrapporten."
    assert {d[0] for d in deadlines_of(titled["Økt opptak til medisinutdanningen"])} == {"continuous", "channel"}


def test_an_attachment_repeating_the_numbered_assignments_gives_none() -> None:
    # tildelingsbrev-2025-havarikommisjonen: sections 4.1-4.11 are the assignments; "Vedlegg – Oversikt over oppdrag
    # og fristar 2025" (line 322) repeats them in a table (325-339); "jf. Finansdepartementets rundskriv / R-110. SHK
    # skal …" (215-216) names a circular, no assignment
    found = extract_letter(LETTERS / "tildelingsbrev-2025-havarikommisjonen.txt").assignments
    assert [a.marking for a in found] == [f"4.{n}" for n in range(1, 12)]


def test_an_overview_of_numbered_sections_in_another_letter(tmp_path: Path) -> None:
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Oppdrag\n\n"
        "2.1 Plan for nye farleier\n\nKystverket skal lage ein plan for nye farleier. Frist: 1. juni 2024.\n\n"
        "2.2 Vurdering av losplikta\n\nKystverket skal vurdere losplikta. Frist: 1. oktober 2024.\n\n"
        "3 Budsjett\n\nTabell 1\n\n"
        "Vedlegg 1 Oversikt over oppdrag\n\n"
        "Punkt   Oppdrag                                  Frist\n"
        "2.1     Plan for nye farleier                    1. juni 2024\n"
        "2.2     Vurdering av losplikta                   1. oktober 2024\n"
    )
    found = extract_letter(write_letter(tmp_path, text)).assignments
    assert [a.marking for a in found] == ["2.1", "2.2"]


# --- deadlines -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        # tildelingsbrev-2024-ffi line 155 "Frist: Uke 38": ISO week 38 of 2024
        ("Frist: Uke 38", 2024, [("period", "final", D(2024, 9, 22), None)]),
        # line 121 "Frist: Rapporteres i T2-rapporten": the second tertial report
        ("Frist: Rapporteres i T2-rapporten", 2024, [("channel", "final", None, "tertialrapport")]),
        # tildelingsbrev-2024-nibio lines 148-149 "Fristen for endeleg rapport blir sett til / 15. april 2024"
        ("Fristen for endeleg rapport blir sett til 15. april 2024.", 2024, [("date", "final", D(2024, 4, 15), None)]),
        ("Fristen for sluttrapporten er satt til 1. mars 2025.", 2025, [("date", "final", D(2025, 3, 1), None)]),
        # nibio line 131 "Fangsttala skal rapporterast løpande"; tildelingsbrev-2025-kfv line 133 "KFV skal løpende gi"
        ("Fangsttala skal rapporterast løpande til direktoratet.", 2024, [("continuous", "continuous", None, None)]),
        ("KFV skal løpende gi departementet innspill om endringer.", 2025, [("continuous", "continuous", None, None)]),
    ],
)
def test_more_forms_of_deadlines(text: str, year: int, expected: list[tuple[object, ...]]) -> None:
    assert read_deadlines(text, year) == expected


def test_in_a_deadline_cell_the_date_a_deadline_replaced_is_none() -> None:
    assert read_deadlines("1. juni 2024 (forlenget fra 1. desember 2023)", 2024, True) == [
        ("date", "final", D(2024, 6, 1), None)
    ]
    assert read_deadlines("15.11.2025 (opprinnelig frist 1.10.2025)", 2025, True) == [
        ("date", "final", D(2025, 11, 15), None)
    ]


def test_a_period_in_a_rows_task_is_when_the_work_is_done_where_the_deadline_column_gives_the_deadlines(
    tmp_path: Path,
) -> None:
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Oppdrag\n\n"
        "ID          Oppdrag                                              Frist\n"
        "SD-2024-1   Kystverket skal merke nye farleier i andre halvår.   1. desember 2024\n\n"
        "3 Budsjett\n\nTabell 1\n"
    )
    (found,) = extract_letter(write_letter(tmp_path, text)).assignments
    assert deadlines_of(found) == [("date", "final", D(2024, 12, 1), None)]


# --- goals and steering parameters -----------------------------------------------------------------------------------


def _goals(path: Path) -> list[tuple[str, str]]:
    return [(g.number, g.label) for g in extract_letter(path).goals]


def _parameters(path: Path) -> list[tuple[str | None, str]]:
    return [(p.goal, p.label) for p in extract_letter(path).steering]


def test_goals_and_parameters_in_a_table_in_nynorsk() -> None:
    # tildelingsbrev-2024-kystverket: "Tabell 1 Mål og styringsparametrar" (line 53), "Mål | Styringsparameter" (55),
    # goals "1 Sikker og effektiv ferdsel / langs kysten" (56-57), parameters "1.1" … "3.1" beside them
    path = LETTERS / "tildelingsbrev-2024-kystverket.txt"
    assert _goals(path) == [
        ("1", "Sikker og effektiv ferdsel langs kysten"),
        ("2", "God beredskap mot akutt forureining"),
        ("3", "Velfungerande hamner for sjømatnæringa og sjøtransporten"),
    ]
    parameters = _parameters(path)
    assert [goal for goal, _ in parameters] == ["1", "1", "1", "2", "2", "3"]
    assert parameters[2] == ("1", "Del av losoppdraga som blir gjennomførte utan forseinking")


def test_unnumbered_parameters_beside_their_goals_with_a_target_column() -> None:
    # tildelingsbrev-2025-helsetilsynet lines 37-46: "Mål | Styringsparameter | Ambisjon 2025"; the parameters have no
    # number, each opens with a capital ("Andel planlagte tilsyn som er / gjennomført")
    path = LETTERS / "tildelingsbrev-2025-helsetilsynet.txt"
    assert [g for g, _ in _goals(path)] == ["1", "2", "3"]
    assert _parameters(path)[:2] == [
        ("1", "Andel planlagte tilsyn som er gjennomført"),
        ("1", "Andel hendelsesbaserte saker avsluttet innen fem måneder"),
    ]


def test_a_goals_table_of_parameters_alone_and_a_numbered_list() -> None:
    # tildelingsbrev-2025-stami line 72: "Styringsparameter | Resultatmål 2025" under "Mål 1 …" (67): the targets are
    # no part of the parameters
    stami = _parameters(LETTERS / "tildelingsbrev-2025-stami.txt")
    assert stami[0] == ("1", "Antall publikasjonspoeng")
    assert len(stami) == 8
    # tildelingsbrev-2024-arbeids-og-velferdsdirektoratet lines 40-43: "Styringsparametere" over "1.1   Andel …"
    nav = _parameters(LETTERS / "tildelingsbrev-2024-arbeids-og-velferdsdirektoratet.txt")
    assert nav[0] == ("1", "Andel arbeidssøkere med nedsatt arbeidsevne som går over til arbeid")


def test_parameters_bulleted_under_their_goal_and_inline_after_a_bullet() -> None:
    # tildelingsbrev-2024-statsforvaltarens-fellestenester lines 59-61: "Mål 1: …" with dashes straight below it
    sf = _parameters(LETTERS / "tildelingsbrev-2024-statsforvaltarens-fellestenester.txt")
    assert [g for g, _ in sf] == ["1", "1", "2", "2", "3", "3"]
    # tildelingsbrev-2025-datatilsynet line 57: "•   Styringsparameter 1.1: Andel av befolkningen som …"
    dt_ = _parameters(LETTERS / "tildelingsbrev-2025-datatilsynet.txt")
    assert dt_[0] == ("1", "Andel av befolkningen som kjenner til retten til innsyn")
    # tildelingsbrev-2024-ffi lines 68-69: "3.1   Virksomhetsmål 1 – …" over "•  SP 1.1  Brukernes vurdering …"
    ffi = _parameters(LETTERS / "tildelingsbrev-2024-ffi.txt")
    assert ffi[0][0] == "1" and ffi[0][1].startswith("Brukernes vurdering av relevans")


def test_a_goal_in_a_sentence_and_goals_named_only_over_their_parameters() -> None:
    # tildelingsbrev-2024-veterinaerinstituttet line 42 "Hovudmålet for Veterinærinstituttet er: God helse hos dyr,
    # fisk og menneske." over "Delmål 1: God beredskap" (58): the overall goal is numbered 0, the sub-goals keep 1-3
    assert _goals(LETTERS / "tildelingsbrev-2024-veterinaerinstituttet.txt") == [
        ("0", "God helse hos dyr, fisk og menneske"),
        ("1", "God beredskap"),
        ("2", "Kunnskapsbasert forvaltning"),
        ("3", "Konkurransekraftige bionæringar"),
    ]
    # tildelingsbrev-2025-kartverket lines 37-46: "2.1 Sikre og effektive eigedomsrettar" / "Styringsparametrar:"
    assert [label for _, label in _goals(LETTERS / "tildelingsbrev-2025-kartverket.txt")][:2] == [
        "Sikre og effektive eigedomsrettar",
        "Oppdaterte og tilgjengelege geografiske data",
    ]


def test_a_parameter_table_with_a_number_column_in_another_letter(tmp_path: Path) -> None:
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Mål\n\n"
        "Delmål 1 Sikker ferdsel\nDelmål 2 God beredskap\n\n"
        "Nasjonale styringsparametrar:\n"
        "Nr.   Styringsparameter                          Resultatkrav\n"
        "1.1   Tal på ulukker i farleia                   Færre enn 10\n"
        "2.1   Responstid ved akutt                       Under 2 timar\n"
        "      forureining\n\n"
        "Kystverket skal rapportere på styringsparametrane i årsrapporten.\n\n"
        "3 Budsjett\n\nTabell 1\n"
    )
    result = extract_letter(write_letter(tmp_path, text))
    assert [(g.number, g.label) for g in result.goals] == [("1", "Sikker ferdsel"), ("2", "God beredskap")]
    assert [(p.goal, p.label) for p in result.steering] == [
        ("1", "Tal på ulukker i farleia"),
        ("2", "Responstid ved akutt forureining"),
    ]


def test_goals_and_parameters_are_scored_against_the_truths() -> None:
    # every fixture truth lists its goals and counts its parameters: the reading finds nearly all
    gazetteer = load_gazetteer()
    goals = [0, 0]
    parameters = [0, 0]
    for letter in sorted(LETTERS.glob("*.txt")):
        result = score(extract_letter(letter, gazetteer=gazetteer), load_truth(truth_path_for(letter)), gazetteer)
        goals[0] += result["goals"].truth
        goals[1] += result["goals"].matched_truth
        parameters[0] += result["steering parameters"].truth
        parameters[1] += result["steering parameters"].matched_truth
    assert goals[1] >= 0.97 * goals[0], goals
    assert parameters[1] >= 0.95 * parameters[0], parameters


# --- actors ----------------------------------------------------------------------------------------------------------


def test_a_copy_lists_remark_in_brackets_is_no_part_of_the_name() -> None:
    # tildelingsbrev-2025-havarikommisjonen line 286 "Kystverket (til orientering om oppdrag 4.4)"
    result = extract_letter(LETTERS / "tildelingsbrev-2025-havarikommisjonen.txt")
    assert "Kystverket" in [e.label for e in result.info.copy_to]  # type: ignore[union-attr]


def test_a_sentence_before_an_abbreviation_in_brackets_is_no_body() -> None:
    # tildelingsbrev-2024-ffi lines 207-208 "6.1 Etatsstyringsmøter" / "Det holdes etatsstyringsmøter (ESM) …" and
    # 215 "Årsregnskapet avlegges etter de statlige regnskapsstandardene (SRS)"
    result = extract_letter(LETTERS / "tildelingsbrev-2024-ffi.txt")
    labels = {e.label for e, _q, _s in result.mentions}
    assert not any("holdes" in label or "avlegges" in label for label in labels)


# --- supplements -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "tillegg-nr-2-2024-helseklage",
        "supplerande-nr-1-2025-havarikommisjonen",
        "supplerende-nr-2-2025-kfv",
        "endringsbrev-nr-1-2025-justervesenet",
    ],
)
def test_the_rounds_supplements_score_every_change(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # tillegg-nr-2-2024-helseklage lines 64-73: "TB2024-10 Utredning av …" / "TB2024-03 Klager på …" over what the
    # supplement says of them are the letter's assignments, no new ones; supplerende-nr-2-2025-kfv lines 55-57:
    # "Departementet har mottatt delrapporten i oppdrag 2 …. Etter ønske fra KFV forlenges fristen for sluttrapporten
    # fra 1. november 2025 til 15. desember 2025": the move is oppdrag 2's
    monkeypatch.setenv("TBGRAPH_HOME", str(tmp_path))
    assert supplement_truth.what_went_wrong(name, tmp_path) == []
