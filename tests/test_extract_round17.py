"""Rules of the genre met in the seventeenth held-out round and the goals left by the sixteenth (goals numbered in
roman numerals, "Nasjonalt mål ii: …"), each held against small letters written here and, where the round's
letters became fixtures, against their lines.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

from pathlib import Path

from letter_helpers import HEAD, LETTERS, write_letter
from tbgraph.extract import extract_letter
from tbgraph.extract.truth import extraction_actors


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
    assert result.steering[0].label == "Andel av befolkningen som oppgir å ha tillit til Spesialenheten (måles annethvert år)"
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
