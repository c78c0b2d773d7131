"""Rules of the genre met in the seventeenth held-out round and the goals left by the sixteenth (goals numbered in
roman numerals, "Nasjonalt mål ii: …"), each held against small letters written here and, where the round's
letters became fixtures, against their lines.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letter_helpers import HEAD, LETTERS, deadlines_of, write_letter
from tbgraph.extract import extract_letter
from tbgraph.extract.truth import extraction_actors

D = dt.date


def test_goals_numbered_in_roman_numerals(tmp_path: Path) -> None:
    # Klima- og miljødepartementet numbers its national goals "i", "ii", "iii" (the sixteenth round's Norsk
    # kulturminnefond letter); a goal "Nasjonalt mål II: …" is goal 2, its parameters under it. "Mål i 2025" and a
    # sentence "Mål i Norge …" are no goals.
    text = HEAD + (
        "1 Innledning\n\nMål i 2025 er omtalt nedenfor.\n\n"
        "2 Mål og styringsparametere\n\n"
        "Nasjonalt mål i: Tapet av verneverdige kulturminner skal begrenses\n\n"
        "Styringsparametere:\n"
        "  • Andel fredede bygninger i god stand\n\n"
        "Nasjonalt mål ii: Et representativt utvalg kulturminner skal tas vare på\n\n"
        "Styringsparametere:\n"
        "  • Antall tilskudd til istandsetting\n"
        "  • Andel tilskudd til private eiere\n\n"
        "Nasjonalt mål iii. Kulturminner skal tas i bruk som kilde til kunnskap\n\n"
        "3 Budsjett\n\nTabell 1\n"
    )
    result = extract_letter(write_letter(tmp_path, text))
    assert [(g.number, g.label) for g in result.goals] == [
        ("1", "Tapet av verneverdige kulturminner skal begrenses"),
        ("2", "Et representativt utvalg kulturminner skal tas vare på"),
        ("3", "Kulturminner skal tas i bruk som kilde til kunnskap"),
    ]
    assert [p.goal for p in result.steering] == ["1", "2", "2"]


def test_parameters_numbered_in_the_margin_left_of_their_table() -> None:
    # tildelingsbrev-2025-spesialenheten lines 67-90: "Styringsparameter   Resultatkrav 2025" over rows whose number
    # hangs left of the header ("     1.1 Andel av befolkningen …", line 68); line 93 "Styringsparameter 2.1 og 2.2
    # rapporteres i tillegg per tertial." is a sentence about two of them, no parameter
    result = extract_letter(LETTERS / "tildelingsbrev-2025-spesialenheten.txt")
    assert [p.goal for p in result.steering] == ["1", "1", "2", "2", "2", "2", "3", "3"]
    assert (
        result.steering[0].label
        == "Andel av befolkningen som oppgir å ha tillit til Spesialenheten (måles annethvert år)"
    )
    assert not [p for p in result.steering if p.label.startswith("1 og")]


def test_a_label_below_a_heading_at_a_pages_top_is_no_running_header() -> None:
    # tildelingsbrev-2024-kriminalomsorgsdirektoratet: pages 3 and 4 open with the running title (103, 145), a goal's
    # heading (105 "3.1 Mål 1 …", 147) and "Styringsparametrar" (107, 149): the same line near two pages' tops, but
    # below a heading, so content; its parameters "1.1 Talet på rømmingar …" (108-109) and "3.1 …" (150-151) are read
    result = extract_letter(LETTERS / "tildelingsbrev-2024-kriminalomsorgsdirektoratet.txt")
    assert [p.goal for p in result.steering] == ["1", "1", "2", "2", "3", "3"]
    assert result.steering[0].label == "Talet på rømmingar og unnvikingar frå fengsel"


def test_a_steering_parameter_with_its_number_on_its_line() -> None:
    # tildelingsbrev-2025-spk lines 131-140: "Styringsparameter 1.1  Andel pensjonsberegninger uten feil" (131) is a
    # parameter, not the header of a table whose next line would be its first row
    result = extract_letter(LETTERS / "tildelingsbrev-2025-spk.txt")
    assert [(p.goal, p.label) for p in result.steering][:2] == [
        ("1", "Andel pensjonsberegninger uten feil"),
        ("1", "Saksbehandlingstid for søknader om alderspensjon"),
    ]
    assert len(result.steering) == 6


def test_a_table_of_other_goals_is_numbered_on_after_the_letters_goals() -> None:
    # tildelingsbrev-2025-nmh: "Mål 1" … "Mål 3" (65, 72, 78), each over "Nasjonale styringsparametere" or, for one,
    # "Nasjonal styringsparameter" (80-81); then the development agreement's table "Mål | Styringsparameter |
    # Ambisjon 2026" (97) with goals "U1", "U2" (98, 102): goals 4 and 5 with their three parameters. "Antall avlagte
    # studiepoeng i etter- og videreutdanning (EVU)" (81) names a measure, no body.
    result = extract_letter(LETTERS / "tildelingsbrev-2025-nmh.txt")
    assert [g.number for g in result.goals] == ["1", "2", "3", "4", "5"]
    assert result.goals[3].label == "NMH skal tilby en studieportefølje som møter fremtidens behov i musikklivet"
    assert [p.goal for p in result.steering] == ["1", "1", "1", "2", "2", "3", "4", "4", "5"]
    names = {entry.label for entry in extraction_actors(result)}
    assert "Kunsthøgskolen i Oslo" in names and not [n for n in names if n.startswith("Antall")]


# --- the seventeenth held-out round's letters (tests/fixtures/letters) ------------------------------------------


def _by_marking(path: Path) -> dict[str, object]:
    return {a.marking: a for a in extract_letter(path).assignments}


def test_oppdrag_n_hung_in_a_column_of_its_own() -> None:
    # tildelingsbrev-2025-pensjonstrygden: "Oppdrag 1     Medlemsregister …" (93), "Oppdrag 2     Min side for
    # medlemmer" (100), the text indented under the title; "Frist: Status i rapporten for 2. tertial, ferdig løsning
    # innen / 1. desember 2025" (104-105): the second tertial report, and the day
    found = _by_marking(LETTERS / "tildelingsbrev-2025-pensjonstrygden.txt")
    assert [f"Oppdrag {n}" for n in range(1, 13)] == list(found)
    assert deadlines_of(found["Oppdrag 2"]) == [
        ("channel", "final", None, "tertialrapport"),
        ("date", "final", D(2025, 12, 1), None),
    ]


def test_an_overview_row_oppdrag_n_beside_a_column_is_no_heading(tmp_path: Path) -> None:
    # "Oppdrag 3        Årsrapporten" (a row of an overview, tildelingsbrev-2024-udir line 42) stays a row: the line
    # below does not go on at its title's column
    text = HEAD + (
        "1 Oppdrag\n\nOppdrag 1: Kartlegging av farleier\nKystverket skal kartlegge farleiene. Frist: 1. juni 2024.\n\n"
        "2 Oversikt\n\nOppdrag       Rapportering\nOppdrag 1     Årsrapporten\n\n3 Budsjett\n\nTabell 1\n"
    )
    assert [a.marking for a in extract_letter(write_letter(tmp_path, text)).assignments] == ["Oppdrag 1"]


def test_codes_in_the_right_margin_and_sections_numbered_through_parts() -> None:
    # tildelingsbrev-2024-diskrimineringsnemnda: parts "DEL II" (78) and "DEL III" (191) over sections numbered
    # through them ("5. Oppdrag for 2024", 122); titles with their codes in the right margin ("Brukerundersøkelse blant
    # parter      DN-24-A", 128); "Tabell 3 Styringskalender 2024" (235, "Frist | Leveranse") gives none; a paragraph
    # saying "Dette er ikke et eget oppdrag til nemnda" (188) none; "8.2 Ny saksbehandlingsløsning – …" (223) under
    # "8. Administrative forhold" asks by a day ("… sendes departementet innen 1. oktober 2024", 226); "i løpet av
    # 2024" (170) is the whole year
    result = extract_letter(LETTERS / "tildelingsbrev-2024-diskrimineringsnemnda.txt")
    markings = [a.marking for a in result.assignments]
    assert markings[:9] == [f"DN-24-{c}" for c in "ABCDEFGHI"]
    assert len(markings) == 10 and result.assignments[9].title == "Ny saksbehandlingsløsning – gevinstrealisering"
    assert deadlines_of(result.assignments[9]) == [("date", "final", D(2024, 10, 1), None)]
    clear = next(a for a in result.assignments if a.marking == "DN-24-F")
    assert [(d.meaning, d.period_start, d.date) for d in clear.deadlines] == [
        ("period", D(2024, 1, 1), D(2024, 12, 31))
    ]


def test_a_budget_table_with_a_ministry_column_and_a_section_that_gives_none() -> None:
    # tildelingsbrev-2025-statsforvalteren: "Departement   Kap.   Post   Betegnelse   Beløp" (299, again 309) over "HOD
    # 761   21 …" (300); "4.8 Arbeids- og inkluderingsdepartementet" (256) / "… gir ingen nye oppdrag" (258); a) and b)
    # of 4.3.1 (185-189) with their days before "Frist: Samlet rapport innen 15. desember 2025" (192): steps; "Frist:
    # Etter avtale med Bufdir" (253); "Frist: Tilsynene skal være gjennomført innen 30. november 2025." (241)
    result = extract_letter(LETTERS / "tildelingsbrev-2025-statsforvalteren.txt")
    posts = {(c.chapter, p.post): p.amount for c in result.chapters for p in c.posts}
    assert posts[("761", "21")] == 12600 and posts[("1150", "50")] == 8900  # "(i 1000 kr)", line 297
    found = {a.marking: a for a in result.assignments}
    assert "4.8" not in found
    assert sorted(deadlines_of(found["4.3.1"]), key=str) == sorted(
        [
            ("date", "final", D(2025, 12, 15), None),
            ("date", "preliminary", D(2025, 6, 1), None),
            ("date", "preliminary", D(2025, 11, 30), None),
        ],
        key=str,
    )
    assert deadlines_of(found["4.7.1"]) == [("to-be-agreed", "to-be-agreed", None, None)]
    assert ("date", "final", D(2025, 11, 30), None) in deadlines_of(found["4.6.1"])


def test_requests_by_a_day_under_the_allocations_and_the_authorisations() -> None:
    # tildelingsbrev-2025-kulturminnefondet: "8  Føringer for bruk av midlene" (195) in "DEL III BUDSJETT, FULLMAKTER OG
    # FØRINGER" (170): "Kulturminnefondet skal innen 1. april 2025 legge fram en plan …" (203); "9  Fullmakter" (207):
    # "… skal derfor vurdere … og sende sin vurdering til departementet innen 1. oktober 2025" (215-217)
    found = _by_marking(LETTERS / "tildelingsbrev-2025-kulturminnefondet.txt")
    assert deadlines_of(found["8, avsnitt 1"]) == [("date", "final", D(2025, 4, 1), None)]
    assert deadlines_of(found["9, avsnitt 1"]) == [("date", "final", D(2025, 10, 1), None)]


def test_group_rows_wrapped_and_standing_tasks_listed() -> None:
    # tildelingsbrev-2025-forbrukerradet: "Delmål 2 Forbrukarar som står i ein tvist, får rask og kompetent hjelp"
    # (131, thirteen words) and "Delmål 3 … og i" / "regelverksarbeidet nasjonalt og i EU/EØS" (155-156) between the
    # rows; "3.2   Faste oppgåver" (191) lists tasks and says "Dei faste oppgåvene er ikkje eigne oppdrag" (199)
    result = extract_letter(LETTERS / "tildelingsbrev-2025-forbrukerradet.txt")
    assert [a.marking for a in result.assignments] == [f"Nr. {n}" for n in range(1, 14)]
    names = {entry.label for entry in extraction_actors(result)}
    assert {"Forbruker Europa", "Forbruksforskningsinstituttet SIFO", "Forbrukerklageutvalget"} <= names


def test_titled_paragraphs_closed_assignments_and_a_hyphen_the_letter_writes() -> None:
    # tildelingsbrev-2025-ntnu: "… tildelingsbrev for Norges teknisk-" / "naturvitenskapelige universitet" (21-22) keeps
    # its hyphen, as the letter writes the name whole (line 26); "5.3 Avsluttede oppdrag" (265) gives none
    result = extract_letter(LETTERS / "tildelingsbrev-2025-ntnu.txt")
    assert result.info is not None and result.info.recipient is not None
    assert result.info.recipient.key == "ntnu"
    titles = [a.title for a in result.assignments]
    assert len(titles) == 10 and "Tomter til studentboliger" in titles and "Avsluttede oppdrag" not in titles


def test_goals_stated_in_a_sentence_or_for_a_sector() -> None:
    # tildelingsbrev-2025-romsenter: "Samfunnsmålet for den norske romsatsinga er at romverksemda skal bidra til" /
    # "lønsam næringsutvikling …" (43-44); tildelingsbrev-2024-konfliktradet: "Hovedmål for justissektoren: Et trygt
    # samfunn …" (54-55), and "Belastningsfullmakt fra Barne- og familiedepartementet" (249) over "854  21 …" (250)
    rom = extract_letter(LETTERS / "tildelingsbrev-2025-romsenter.txt")
    assert rom.goals[0].label.startswith("romverksemda skal bidra til lønsam næringsutvikling")
    kr = extract_letter(LETTERS / "tildelingsbrev-2024-konfliktradet.txt")
    assert kr.goals[0].label.startswith("Et trygt samfunn der folk opplever rettssikkerhet")
    posts = {(c.chapter, p.post): p.amount for c in kr.chapters for p in c.posts}
    assert posts[("854", "21")] == 1500  # "(i 1000 kr)", line 231
