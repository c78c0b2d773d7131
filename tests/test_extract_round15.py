"""Rules of the genre met in the fifteenth held-out round (a chapter "Spesielle tiltak og oppdrag", a table of contents
without page numbers, a topic section whose requests are dated by the sentence after them, an overview attachment
of "Oppdrag N:" headings, supplements titled over two lines, naming their assignments by "Punkt 3.3" and "(punkt 3.2,
andre kulepunkt)", moving a deadline "fra utgangen av september", giving a text "skal etter dette lyde:" and a new
assignment "Nytt oppdrag 12 …"), each held against the round's letters (tests/fixtures/letters,
tests/fixtures/supplements) by their lines and against small letters written here.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from letter_helpers import HEAD, LETTERS, SUPPLEMENTS, deadlines_of, read_deadlines, write_letter
from tbgraph.extract import extract_letter
from tbgraph.extract.text import Line, read_source

sys.path.insert(0, str(Path(__file__).resolve().parent))
import supplement_truth  # noqa: E402

D = dt.date


def test_a_chapter_of_special_measures_and_assignments() -> None:
    # tildelingsbrev-2025-sismo: "3. Spesielle tiltak og oppdrag" (line 96), sub-sections "3.1 Forberedelser til ny
    # innkrevingslov" (101) … "3.11 Anslag til revidert nasjonalbudsjett 2025" (160), one assignment each;
    # "Departementet ber SI være oppmerksom på risikoen for økte restanser …" (90-92) asks for no piece of work
    found = extract_letter(LETTERS / "tildelingsbrev-2025-sismo.txt").assignments
    assert [a.marking for a in found] == [f"3.{n}" for n in range(1, 12)]


def test_a_table_of_contents_without_page_numbers_is_no_list_of_headings() -> None:
    # tildelingsbrev-2024-trygderetten: "Innhold" (line 23) over "1.  Innledning" … "6.  Rapportering og
    # styringsdialog" (24-29), no page numbers; the headings are "1.  INNLEDNING" (32) and on
    found = extract_letter(LETTERS / "tildelingsbrev-2024-trygderetten.txt")
    assert len(found.assignments) == 11
    assert not any(p.line_start in range(23, 30) for p in found.unread)


def test_a_list_under_innhold_that_is_no_table_of_contents_is_kept(tmp_path: Path) -> None:
    # the numbered lines under "Innhold" are furniture only where each stands again later as a heading
    text = HEAD + (
        "1 Innleiing\n\nInnhold\n1. Kartlegging av farleier\n2. Plan for losing\n\n"
        "Kystverket skal gjere greie for innhaldet i planane.\n\n2 Budsjett\n\nTabell 1\n"
    )
    doc = read_source(write_letter(tmp_path, text))
    lines = text.splitlines()
    assert not ({n for n, line in enumerate(lines, 1) if line.startswith(("1. Kart", "2. Plan"))} & set(doc.markers))


def test_a_topic_sections_requests_dated_by_the_sentence_after_them() -> None:
    # tildelingsbrev-2024-trygderetten "3.3 Åpenhet, informasjon og digitalisering": "Trygderetten skal fullføre
    # innføringen av ny saksbehandlingsløsning …" (line 125) dated by "Trygderetten skal sende departementet en status-
    # / rapport innen utgangen av første kvartal 2024 og en sluttrapport innen 1. desember 2024" (126-127); "…
    # i samarbeid med Stiftelsen Lovdata legge til rette …" (131) by "Arbeidet skal gjennomføres i løpet / av andre
    # halvår 2024" (132-133); in 3.2 "Trygderetten skal utvikle et opplæringsprogram …" (118) is a piece of work
    found = extract_letter(LETTERS / "tildelingsbrev-2024-trygderetten.txt").assignments
    new_system = next(a for a in found if a.text.startswith("Trygderetten skal fullføre innføringen"))
    assert deadlines_of(new_system) == [
        ("date", "preliminary", D(2024, 3, 31), None),
        ("date", "final", D(2024, 12, 1), None),
    ]
    lovdata = next(a for a in found if a.text.startswith("Trygderetten skal i samarbeid med Stiftelsen Lovdata"))
    assert deadlines_of(lovdata) == [("period", "final", D(2024, 12, 31), None)]
    assert any(a.text.startswith("Trygderetten skal utvikle et opplæringsprogram") for a in found)


def test_an_attachment_repeating_oppdrag_headings_gives_none() -> None:
    # tildelingsbrev-2025-deksa: "Oppdrag 1: …" (line 97) … "Oppdrag 12: …" (168); "Vedlegg 1 Oversikt over oppdrag og
    # fristar 2025" (264) repeats them as rows "1  Sluttrapport om etableringa  1. april 2025" …
    found = extract_letter(LETTERS / "tildelingsbrev-2025-deksa.txt").assignments
    assert [a.marking for a in found] == [f"Oppdrag {n}" for n in range(1, 13)]


def test_a_date_something_runs_out_on_is_no_deadline() -> None:
    # tildelingsbrev-2025-hovedredningssentralen line 154: "Dagens avtale med Telenor Kystradio … utløper ved utgangen
    # av 2026." in Oppdrag 3.3, whose deadline is "Frist: 15.09.2025"
    assert read_deadlines("Dagens avtale med Telenor Kystradio utløper ved utgangen av 2026.", 2025) == []
    letter = LETTERS / "tildelingsbrev-2025-hovedredningssentralen.txt"
    found = {a.marking: a for a in extract_letter(letter).assignments}
    assert deadlines_of(found["Oppdrag 3.3"]) == [("date", "final", D(2025, 9, 15), None)]


def test_standing_requirements_under_other_requirements_are_no_assignments() -> None:
    # tildelingsbrev-2024-sikt "6 Andre forutsetninger og krav" (line 207), "6.2 Lærlinger" (215): "Sikt skal knytte
    # til seg lærlinger og vurdere om det er mulig å øke antallet." (217)
    found = extract_letter(LETTERS / "tildelingsbrev-2024-sikt.txt").assignments
    assert not [a for a in found if a.section.startswith("6")]


def test_a_compound_of_names_over_a_line_end_keeps_its_hyphen(tmp_path: Path) -> None:
    # tildelingsbrev-2025-uit lines 151-152: "… hele medisinutdanningen i Nord-" / "Norge, blant annet …"
    doc = read_source(write_letter(tmp_path, "medisinutdanningen i Nord-\nNorge, og helse- og\nomsorg\n"))
    block = doc.block([Line(1, doc.line(1)), Line(2, doc.line(2)), Line(3, doc.line(3))])
    assert block.text == "medisinutdanningen i Nord-Norge, og helse- og omsorg"


# --- supplements -----------------------------------------------------------------------------------------------------


def test_a_supplement_titled_over_two_lines() -> None:
    # tillegg-nr-1-2024-npe lines 19-20: "Statsbudsjettet 2024 – kap. 741 Norsk pasientskadeerstatning – tillegg nr. 1
    # til" / "tildelingsbrev"
    info = extract_letter(SUPPLEMENTS / "tillegg-nr-1-2024-npe.txt").info
    assert info is not None
    assert (info.supplement, info.year, info.recipient.key if info.recipient else None) == (1, 2024, "npe")


@pytest.mark.parametrize(
    "name",
    [
        # "(punkt 3.2, andre kulepunkt) forlenges fra utgangen av september 2024 til 15. november 2024" (lines
        # 53-54); "Oppdraget skal etter dette lyde:" over a quoted text (70-74)
        "tillegg-nr-1-2024-npe",
        # "Nytt oppdrag 12 Diskrimineringsvern ved bruk av kunstig intelligens i arbeidslivet" (65), its text ending
        # before "Oppdrag 2 videreføres uendret." (72)
        "tillegg-nr-1-2025-ldo",
        # "Punkt 3.3 Analyse av gjeldsordningssaker" (46) over "Fristen for oppdraget utsettes derfor fra 30. juni
        # 2025 til / 15. september 2025" (48-49)
        "endringsbrev-nr-1-2025-sismo",
        "supplerende-nr-2-2024-sikt",
    ],
)
def test_the_rounds_supplements_score_every_change(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBGRAPH_HOME", str(tmp_path))
    assert supplement_truth.what_went_wrong(name, tmp_path) == []
