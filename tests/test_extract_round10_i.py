"""Rules of the genre met in the tenth held-out round, group i, each held against the lines of the letters that
showed it (tests/fixtures/letters: HOD to DMP 2026, JD to UNE 2024; tests/fixtures/supplements: supplerande
tildelingsbrev nr. 2 for 2024 to UNE) and against small letters written here in another language form, ministry or
width, so that a rule is shown to read the layout, not the letter.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own), as the
truths (``*.truth.yaml``) count them.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.truth import extraction_actors
from tbgraph.extract.unknown import find_unknown_actors

HERE = Path(__file__).resolve().parent
LETTERS = HERE / "fixtures" / "letters"
sys.path.insert(0, str(HERE))
import supplement_truth  # noqa: E402


def _letter(tmp_path: Path, text: str, name: str = "tildelingsbrev-2025-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _deadlines(assignment):  # type: ignore[no-untyped-def]
    found = [(d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines]
    return found + [(d.meaning, d.kind, d.date, d.channel) for p in assignment.parts for d in p.deadlines]


def _read(text: str, year: int) -> list[tuple[str | None, str, str | None]]:
    return [(m.kind, m.meaning, m.date.isoformat() if m.date else None) for m in find_deadlines(text, year)]


# --- a sub-list inside a list item ------------------------------------------------------------------------------


def test_a_sub_list_inside_a_bullet_is_part_of_it() -> None:
    # tildelingsbrev-2026-dmp, 2.3 "Oppdrag:" (lines 145-160): the bullet at lines 148-153 leads in a sub-list with
    # "Planen skal blant annet omfatte:" (line 149), three en-dash items indented deeper (lines 150-152) and its
    # deadline after them, "Frist 1. november 2026." (line 153): one assignment, not four
    found = [a for a in extract_letter(LETTERS / "tildelingsbrev-2026-dmp.txt").assignments if a.section == "2.3"]
    assert [(a.line_start, a.line_end) for a in found] == [(145, 147), (148, 153), (154, 160)]
    assert found[1].text.startswith("I samarbeid med Helsedirektoratet og Helse Sør-Øst RHF skal DMP")
    assert ("date", "final", dt.date(2026, 11, 1), None) in _deadlines(found[1])


def test_a_sub_list_inside_an_item_of_another_letter(tmp_path: Path) -> None:
    # Nynorsk, KD, bullets "•" indented two and a sub-list "◦" indented seven, its deadline after it
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Utdanningsdirektoratet for 2025\n\n1 Innleiing\n\n"
        "Kunnskapsdepartementet viser til Prop. 1 S.\n\n2 Oppdrag\n\n"
        "  •  Utdanningsdirektoratet skal lage ein plan for vidareutdanning. Planen skal mellom anna\n"
        "     omfatte:\n"
        "       ◦  kva fag som skal prioriterast\n"
        "       ◦  korleis kommunane skal vere med\n"
        "     Frist 1. juni 2025.\n"
        "  •  Utdanningsdirektoratet skal evaluere ordninga med lærarspesialistar (frist 1. oktober 2025).\n\n"
        "3 Budsjett\n\nStortinget har vedteke løyvingane.\n",
    )
    found = extract_letter(letter).assignments
    assert len(found) == 2
    assert [_deadlines(a)[0][2] for a in found] == [dt.date(2025, 6, 1), dt.date(2025, 10, 1)]


# --- a deadline closing an assignment's title line -----------------------------------------------------------------


def test_a_new_deadline_after_a_dash_closing_the_title() -> None:
    # tildelingsbrev-2026-dmp, Vedlegg 1 (lines 328-333): "HOD-2025-11 Evaluering av …, i samarbeid med /
    # Apotekforeningen – ny frist 30.06.2026", the title wrapped and the deadline closing its second line;
    # "HOD-2025-07 … i sykehus – ny frist / 1. mars 2026", the date wrapped to the line below
    found = {a.identifier: a for a in extract_letter(LETTERS / "tildelingsbrev-2026-dmp.txt").assignments}
    assert _deadlines(found["HOD-2025-07"]) == [("date", "final", dt.date(2026, 3, 1), None)]
    assert _deadlines(found["HOD-2025-11"]) == [("date", "final", dt.date(2026, 6, 30), None)]
    assert _deadlines(found["HOD-2025-14"]) == [("date", "final", dt.date(2026, 10, 1), None)]
    assert found["HOD-2025-11"].title == (
        "Evaluering av ordningen med legemiddelgjennomgang i apotek, i samarbeid med Apotekforeningen"
    )
    assert "frist" not in found["HOD-2025-14"].title


def test_a_deadline_closing_the_title_in_another_letter(tmp_path: Path) -> None:
    # Nynorsk, KDD, another width: a bracketed deadline, and a dash with the date in numbers wrapped to its own line
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Husbanken for 2025\n\n1 Innleiing\n\n"
        "Kommunal- og distriktsdepartementet viser til Prop. 1 S.\n\n2 Oppdrag frå tidlegare år\n\n"
        "KDD-2024-3   Kartlegging av bustadbehovet i distrikta (ny frist 1. juni 2025)\n"
        "KDD-2024-8   Evaluering av startlånsordninga i kommunane, saman med KS – ny frist\n"
        "             01.09.2025\n\n"
        "3 Budsjett\n\nStortinget har vedteke løyvingane.\n",
    )
    found = {a.identifier: a for a in extract_letter(letter).assignments}
    assert found["KDD-2024-3"].title == "Kartlegging av bustadbehovet i distrikta"
    assert _deadlines(found["KDD-2024-3"]) == [("date", "final", dt.date(2025, 6, 1), None)]
    assert _deadlines(found["KDD-2024-8"]) == [("date", "final", dt.date(2025, 9, 1), None)]


# --- "løpende" as the adverb of a verb of following ---------------------------------------------------------------


def test_following_something_løpende_is_continuous() -> None:
    # tildelingsbrev-2026-dmp, 2.3 (lines 145-147): "DMP skal følge forsyningssituasjonen for kritiske legemidler
    # løpende og gi departementet … Status rapporteres i tertialrapportene": continuous, and the channel
    found = [a for a in extract_letter(LETTERS / "tildelingsbrev-2026-dmp.txt").assignments if a.section == "2.3"]
    kinds = {(meaning, channel) for meaning, _kind, _date, channel in _deadlines(found[0])}
    assert kinds == {("continuous", None), ("channel", "tertialrapport")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Nynorsk, the adverb before a comma
        ("Direktoratet skal følgje utviklinga i saksinngangen løpande, og varsle departementet.", 1),
        # the adverb before the verb
        ("Tilsynet skal løpende vurdere behovet for nye tiltak og rapportere i årsrapporten.", 1),
        # an adjective before a noun: the standing tasks, no deadline
        ("Etaten skal følge opp de løpende og faste oppgavene innenfor rammen.", 0),
    ],
)
def test_following_something_løpende_in_other_words(text: str, expected: int) -> None:
    assert sum(1 for m in find_deadlines(text, 2025) if m.meaning == "continuous") == expected


# --- "ved utgangen av" dating a state, not a delivery ---------------------------------------------------------------


def test_a_status_and_a_target_at_the_end_of_a_month_are_no_deadlines() -> None:
    # tildelingsbrev-2024-une, 4.1 (lines 88-93): "UNE hadde ved utgangen av november 2023 om lag 4 600 ubehandla
    # saker" (a status before the letter's year) and "med mål om at talet på ubehandla saker ved utgangen av 2025
    # ikkje skal vere høgare enn 2 500" (a target): the deadline is "Frist: 1. mars 2024" (line 93) alone
    found = {a.marking: a for a in extract_letter(LETTERS / "tildelingsbrev-2024-une.txt").assignments}
    assert _deadlines(found["4.1"]) == [("date", "final", dt.date(2024, 3, 1), None)]


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        # Bokmål, another ministry: a target stated by its level
        ("Antallet ubehandlede klager skal ved utgangen av 2026 være under 3 000.", 2025, []),
        # a status of the year before
        ("Direktoratet hadde ved utgangen av oktober 2024 om lag 900 saker til behandling.", 2025, []),
        # a delivery at the end of the year stays a deadline (tildelingsbrev-2025-kartverket, line 94)
        ("Planen skal vere ferdig ved utgangen av året.", 2025, [("final", "date", "2025-12-31")]),
    ],
)
def test_the_end_of_a_period_as_a_state_or_a_deadline(text: str, year: int, expected: list[object]) -> None:
    assert _read(text, year) == expected


# --- two names joined by "og", the second with its abbreviation ----------------------------------------------------


def test_two_bodies_joined_by_og_are_two() -> None:
    # tildelingsbrev-2024-une, 4.3 (lines 109-110): "i dialog med Den Norske Advokatforening og Norsk organisasjon
    # for asylsøkere / (NOAS)": two bodies, the first with its article
    actors = {e.label for e in extraction_actors(extract_letter(LETTERS / "tildelingsbrev-2024-une.txt"))}
    assert {"Den Norske Advokatforening", "Norsk organisasjon for asylsøkere"} <= actors
    assert not any(" og Norsk" in name for name in actors)


def test_two_bodies_joined_by_og_in_another_sentence() -> None:
    text = (
        "Arbeidet skal skje i samråd med Norsk Pasientforening og Norsk forbund for utviklingshemmede (NFU), "
        "og med Den Norske Turistforening."
    )
    names = [m.entry.label for m in find_unknown_actors(text, load_gazetteer())]
    assert "Norsk forbund for utviklingshemmede" in names
    assert "Den Norske Turistforening" in names
    assert not any(" og " in name for name in names)


# --- a supplement's new assignment under a heading numbered as the letter's ----------------------------------------


def test_a_new_assignment_numbered_as_the_letters_in_an_indented_block(monkeypatch: pytest.MonkeyPatch) -> None:
    # supplerande-nr-2-2024-une, 2.1 (lines 42-52): "Departementet gir UNE eit nytt oppdrag, som blir teke inn som
    # punkt 4.11 i tildelings- / brevet:" over an indented block "4.11 Konsekvensar av …" (line 45), its paragraph
    # (47-49) and "Fristar: delrapport 1. oktober 2024 / sluttrapport 15. januar 2025" (51-52); with the withdrawal
    # (66), the moved deadline (71-72) and the budget change (32-33), all four changes and none more
    with tempfile.TemporaryDirectory() as home:
        # extract_with_base sets TBGRAPH_HOME to the home it is given; the patch gives the session's back after
        monkeypatch.setenv("TBGRAPH_HOME", home)
        score, result = supplement_truth.score("supplerande-nr-2-2024-une", Path(home))
    assert not score.missed and not score.extra, (score.missed, score.extra)
    assert sum(score.truth.values()) == 4
    added = [a for a in result.assignments if a.marking == "4.11"]
    assert [(a.line_start, a.line_end) for a in added] == [(45, 52)]
    assert added[0].title == "Konsekvensar av endringane i reglane om kollektiv beskyttelse"
    assert _deadlines(added[0]) == [
        ("date", "preliminary", dt.date(2024, 10, 1), None),
        ("date", "final", dt.date(2025, 1, 15), None),
    ]


@pytest.mark.parametrize("indent", ["     ", ""])
def test_a_new_assignment_numbered_as_the_letters_in_another_supplement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indent: str
) -> None:
    # Bokmål, NFD, the heading indented five or at the margin, its deadline on one line; a paragraph read by its
    # opening words under the heading gives way to it; "punkt 5.2" in running text gives none
    monkeypatch.setenv("TBGRAPH_HOME", str(tmp_path / "home"))
    supplement = _letter(
        tmp_path,
        "Tillegg nr. 1 til tildelingsbrev for 2025 – Sjøfartsdirektoratet\n\n"
        "Nærings- og fiskeridepartementet viser til tildelingsbrevet for 2025.\n\n"
        "1 Nye oppdrag\n\n"
        "Følgende nye oppdrag tas inn som punkt 5.3 i tildelingsbrevet:\n\n"
        f"{indent}5.3 Kartlegging av risiko ved autonome skip\n\n"
        f"{indent}Sjøfartsdirektoratet skal kartlegge risikoen ved autonome skip i norske farvann.\n"
        f"{indent}Frist: 1. desember 2025\n\n\n"
        "2 Andre forhold\n\n"
        "Oppdraget i punkt 5.2 står fast. Elles gjelder tildelingsbrevet uendret.\n",
        name="tillegg-nr-1-2025-sjofartsdirektoratet-variant.txt",
    )
    found = extract_letter(supplement).assignments
    assert [(a.marking, a.title) for a in found] == [("5.3", "Kartlegging av risiko ved autonome skip")]
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 12, 1), None)]


# --- the two letters as a whole ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tildelingsbrev-2026-dmp", "tildelingsbrev-2024-une"])
def test_the_letters_of_the_round_read_whole(name: str) -> None:
    from tbgraph.extract.truth import load_truth, score

    truth = load_truth(LETTERS / f"{name}.truth.yaml")
    figures = score(extract_letter(LETTERS / f"{name}.txt"), truth, load_gazetteer())
    for kind in ("assignments", "deadlines", "budget figures", "actors"):
        assert not figures[kind].missed and not figures[kind].extra, (kind, figures[kind].missed, figures[kind].extra)
