"""Rules of the genre met in the thirteenth held-out round (a chapter of "bestillinger" whose numbered sub-sections are
the assignments, a topic section's requests read one by one wherever in a paragraph they ask, deliveries named before
their dates, bodies' names, supplements that speak of "bestillinger" and name a letter's paragraph by its section),
each held against small letters written here in other ministries and language forms, and against the round's letters
(tests/fixtures/letters, tests/fixtures/supplements) by their lines.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import pytest

from letter_helpers import HEAD, deadlines_of, read_deadlines, write_letter
from tbgraph.extract import extract_letter
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.unknown import find_unknown_actors

HERE = Path(__file__).resolve().parent
LETTERS = HERE / "fixtures" / "letters"
sys.path.insert(0, str(HERE))
import supplement_truth  # noqa: E402

D = dt.date


# --- a chapter of orders ---------------------------------------------------------------------------------------------


def test_the_numbered_sub_sections_of_a_chapter_of_orders_are_the_assignments() -> None:
    # tildelingsbrev-2025-havforskningsinstituttet: "4. PRIORITERTE TILTAK OG BESTILLINGER I 2025" (line 101), areas
    # "4.1 Havbruk" … "4.5 Forskningsfartøy og infrastruktur" (108-178), each order a heading "4.1.1 Risikorapport
    # norsk fiskeoppdrett 2025" (110) over its prose; the chapter's own paragraph (102-106: "Dette er faste oppgaver
    # som ikke omtales nærmere her") and the closing one on orders in general (184-186) give none.
    found = extract_letter(LETTERS / "tildelingsbrev-2025-havforskningsinstituttet.txt").assignments
    assert [a.marking for a in found] == [
        "4.1.1", "4.1.2", "4.1.3", "4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.3.1", "4.3.2", "4.3.3", "4.4.1", "4.5.1"
    ]  # fmt: skip
    by = {a.marking: a for a in found}
    # 4.1.3 "en delrapport innen 1. april 2025 og en sluttrapport innen 1. november 2025" (lines 121-123)
    assert deadlines_of(by["4.1.3"]) == [
        ("date", "preliminary", D(2025, 4, 1), None),
        ("date", "final", D(2025, 11, 1), None),
    ]
    # 4.5.1 "Planen skal foreligge innen 1. juni 2025" (181-182), not the årsrapport of the closing paragraph
    assert deadlines_of(by["4.5.1"]) == [("date", "final", D(2025, 6, 1), None)]
    assert "årsrapporten" not in by["4.5.1"].text


def test_a_chapter_of_orders_in_nynorsk_of_another_ministry(tmp_path: Path) -> None:
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Mål\n\nKystverket skal bidra til sikker ferdsel langs kysten.\n\n"
        "3 Bestillingar for 2024\n\n"
        "Kystverket skal også i 2024 halde ved lag beredskapen mot akutt forureining. Dette er faste oppgåver.\n\n"
        "3.1 Farleier\n\n"
        "3.1.1 Plan for merking av nye farleier\n"
        "Kystverket skal utarbeide ein plan for merking av nye farleier i Nord-Noreg. Frist: 1. juni 2024.\n\n"
        "3.1.2 Vurdering av losplikta\n"
        "Kystverket skal vurdere om losplikta bør endrast for mindre fartøy. Vurderinga skal sendast\n"
        "departementet innan 1. oktober 2024.\n\n"
        "Bestillingar som ikkje er fullførte ved årsskiftet, skal omtalast i årsrapporten.\n\n"
        "4 Budsjett\n\nTabell 1\n"
    )
    found = extract_letter(write_letter(tmp_path, text)).assignments
    assert [(a.marking, deadlines_of(a)) for a in found] == [
        ("3.1.1", [("date", "final", D(2024, 6, 1), None)]),
        ("3.1.2", [("date", "final", D(2024, 10, 1), None)]),
    ]


# --- a topic section's requests, one by one --------------------------------------------------------------------------


def test_a_topic_sections_requests_are_read_one_by_one() -> None:
    # tildelingsbrev-2024-veterinaerinstituttet, "3.2 Kunnskapsbasert forvaltning" (lines 109-136): a request after
    # an opening phrase without a comma ("Som ledd i oppfølginga av … skal Veterinærinstituttet … utarbeide", 112),
    # an order carried over whose deadline stands in the next sentence ("… held fram i 2024. Sluttrapporten skal
    # leverast innan 01.03.2024.", 120-122), a request in the paragraph's second sentence to the recipient as a
    # common noun with a bare infinitive ("Departementet ber instituttet og Mattilsynet i fellesskap gå gjennom
    # avtalen", 125), and a duty the letter calls an order ("skal bidra med fagleg underlag … Oppdraget er løpande",
    # 129-132); the standing reports (134-136: "ikkje rekna som særskilde oppdrag") give none.
    found = extract_letter(LETTERS / "tildelingsbrev-2024-veterinaerinstituttet.txt").assignments
    section = [a for a in found if a.marking.startswith("3.2")]
    assert [(a.marking, a.line_start) for a in section] == [
        ("3.2, avsnitt 1", 112),
        ("3.2, videreført oppdrag 1", 120),
        ("3.2, avsnitt 2", 125),
        ("3.2, avsnitt 3", 129),
    ]
    assert [deadlines_of(a) for a in section] == [
        [("date", "final", D(2024, 9, 30), None)],
        [("date", "final", D(2024, 3, 1), None)],
        [("date", "final", D(2024, 12, 1), None)],
        [("continuous", "continuous", None, None), ("to-be-agreed", "to-be-agreed", None, None)],
    ]


def test_requests_one_by_one_in_bokmal_of_another_ministry(tmp_path: Path) -> None:
    text = HEAD + (
        "1 Innledning\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Mål\n\nKystverket skal bidra til sikker ferdsel langs kysten.\n\n"
        "3 Oppdrag og prioriteringer\n\n"
        "3.1 Sjøsikkerhet\n\n"
        "For å styrke sjøsikkerheten i nord skal Kystverket utrede behovet for nye trafikksentraler.\n"
        "Utredningen skal leveres innen 1. september 2024.\n\n"
        "Kystverket har i dag en avtale med Redningsselskapet om slepeberedskap. Departementet ber\n"
        "direktoratet sammen gå gjennom avtalen innen 1. november 2024.\n\n"
        "Kystverket skal bidra med faglige innspill til arbeidet med havnestrategien. Oppdraget er\n"
        "løpende, og leveransene avtales nærmere med departementet.\n\n"
        "Kystverket skal fortsatt drifte lostjenesten. Dette er en løpende oppgave.\n\n"
        "4 Budsjett\n\nTabell 1\n"
    )
    found = extract_letter(write_letter(tmp_path, text)).assignments
    assert [(a.marking, deadlines_of(a)) for a in found] == [
        ("3.1, avsnitt 1", [("date", "final", D(2024, 9, 1), None)]),
        ("3.1, avsnitt 2", [("date", "final", D(2024, 11, 1), None)]),
        ("3.1, avsnitt 3", [("continuous", "continuous", None, None), ("to-be-agreed", "to-be-agreed", None, None)]),
    ]


def test_an_overview_of_the_letters_own_parts_is_no_assignment_but_an_overview_to_deliver_is() -> None:
    # tildelingsbrev-2025-artsdatabanken "3.11 Oversikt over planlagte datasett" (lines 162-164) is an order (a
    # list of datasets to send by 1 October); "Oversikt over oppdrag og frister" would be the letter's own summary.
    found = extract_letter(LETTERS / "tildelingsbrev-2025-artsdatabanken.txt").assignments
    eleven = next(a for a in found if a.marking == "3.11")
    assert eleven.title == "Oversikt over planlagte datasett"
    assert deadlines_of(eleven) == [("date", "final", D(2025, 10, 1), None)]


# --- an overview that says where each assignment is given ----------------------------------------------------------


def test_an_overview_naming_the_section_points_to_the_assignments_the_prose_hides() -> None:
    # tildelingsbrev-2024-jernbanedirektoratet (round 12): "Vedlegg 1 Oversikt over oppdrag og frister 2024" (lines
    # 231-251: Frist | Oppdrag | Punkt i brevet) names two assignments in 4.2, two in 4.3 and two in 4.5; the prose
    # reading found one in each. The rows no assignment found is about point to "Departementet ber om at
    # Jernbanedirektoratet rapporterer … i ERTMS-programmet i hvert etatsstyringsmøte" (106-108), "skal bistå
    # departementet i oppfølgingen av Nasjonal transportplan" (115-121) and "skal løpende følge opp … byvekstavtalene
    # … og rapportere status i tertialrapportene" (144-146), each titled by its row; 4.2's first assignment ends
    # before the ERTMS paragraph (104), and the standing task after it (107-108, "Direktoratet skal følge arbeidet i
    # … ERA") is no part of it.
    found = extract_letter(LETTERS / "tildelingsbrev-2024-jernbanedirektoratet.txt").assignments
    by = {a.title: a for a in found}
    ertms = by["ERTMS – rapportering i etatsstyringsmøtene"]
    assert (ertms.line_start, ertms.line_end) == (106, 107)
    assert deadlines_of(ertms) == [("channel", "final", None, "etatsstyringsmøte")]
    assert by["Innspill til oppfølging av Nasjonal transportplan 2025–2036"].line_start == 115
    byvekst = by["Byvekstavtalene – status i tertialrapportene"]
    assert deadlines_of(byvekst) == [
        ("continuous", "continuous", None, None),
        ("channel", "final", None, "tertialrapport"),
    ]
    # 4.2 is read as its paragraphs now: "Jernbanedirektoratet og Bane NOR SF skal sammen utarbeide en plan …" (102-104)
    plan = next(a for a in found if a.line_start == 102)
    assert (plan.marking, ertms.marking) == ("4.2, avsnitt 1", "4.2, avsnitt 2")
    assert deadlines_of(plan) == [("date", "final", D(2024, 9, 30), None)] and "ERTMS" not in plan.text
    assert len(found) == 11  # the overview's rows themselves are no assignments


def test_an_overview_in_nynorsk_of_another_ministry(tmp_path: Path) -> None:
    text = HEAD + (
        "1 Innleiing\n\nSamferdselsdepartementet viser til Prop. 1 S (2023–2024).\n\n"
        "2 Oppdrag\n\n"
        "2.1 Farleier\n\n"
        "Kystverket skal utgreie behovet for nye farleier i Nord-Noreg innan 1. mai 2024.\n\n"
        "Departementet ber om at Kystverket rapporterer om framdrifta i losreforma i kvart\n"
        "etatsstyringsmøte.\n\n"
        "2.2 Beredskap\n\n"
        "Kystverket skal revidere beredskapsplanen for akutt forureining innan 1. oktober 2024.\n\n"
        "3 Budsjett\n\nKystverket får 1 200 mill. kroner.\n\n"
        "Vedlegg 1 Oversikt over oppdrag\n\n"
        "Pkt.    Oppdrag                                        Frist\n"
        "2.1     Utgreiing av nye farleier i Nord-Noreg          1. mai 2024\n"
        "2.1     Losreforma – rapportering i                     Løpande\n"
        "        etatsstyringsmøta\n"
        "2.2     Revidert beredskapsplan                         1. oktober 2024\n"
    )
    found = extract_letter(write_letter(tmp_path, text)).assignments
    # "2.1 Farleier" over one request would be that assignment (as "2.2 Beredskap" is); the row about the reform
    # points to the paragraph after it, and the topic is then read as its two paragraphs (as Jernbanedirektoratet's 4.2)
    assert [(a.marking, a.title, a.line_start) for a in found] == [
        ("2.1, avsnitt 1", "Kystverket skal utgreie behovet for nye farleier i Nord-Noreg innan 1. mai 2024", 14),
        ("2.1, avsnitt 2", "Losreforma – rapportering i etatsstyringsmøta", 16),
        ("2.2", "Beredskap", 19),
    ]
    assert [deadlines_of(a) for a in found] == [
        [("date", "final", D(2024, 5, 1), None)],
        [("channel", "final", None, "etatsstyringsmøte")],
        [("date", "final", D(2024, 10, 1), None)],
    ]


# --- deliveries named before their dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        # tildelingsbrev-2024-sivil-klareringsmyndighet line 86
        (
            "Frist: Kravspesifikasjon 15.04.2024, sluttleveranse 01.11.2024.",
            2024,
            [("date", "preliminary", D(2024, 4, 15), None), ("date", "final", D(2024, 11, 1), None)],
        ),
        # the same in Nynorsk, the final one named "endeleg"
        (
            "Frist: Prosjektplan 1. mars 2025, endeleg rapport 1. desember 2025.",
            2025,
            [("date", "preliminary", D(2025, 3, 1), None), ("date", "final", D(2025, 12, 1), None)],
        ),
    ],
)
def test_deliveries_named_before_their_dates(text: str, year: int, expected: list[tuple[object, ...]]) -> None:
    assert read_deadlines(text, year) == expected


def test_a_deadline_moved_names_no_delivery() -> None:
    # tildelingsbrev-2025-lanekassen line 266-267 "Fristen er endret fra 1. desember 2024 til 30. april 2025": the
    # old day is no deadline (only after "Frist:" does a word before a date name a delivery)
    read = read_deadlines("Fristen er endret fra 1. desember 2024 til 30. april 2025.", 2025)
    assert ("date", "final", D(2025, 4, 30), None) in read
    assert not [d for d in read if d[2] == D(2024, 12, 1)]


def test_a_table_cells_label_before_a_colon_names_a_draft() -> None:
    # tildelingsbrev-2025-forskningsradet lines 252-253, the Frist cell of KD-2025-01: "Utkast til mandat:" over
    # "1. mars 2025", then the evaluation itself later
    found = extract_letter(LETTERS / "tildelingsbrev-2025-forskningsradet.txt").assignments
    first = next(a for a in found if a.identifier == "KD-2025-01")
    assert ("date", "preliminary", D(2025, 3, 1), None) in deadlines_of(first)


# --- names of bodies -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # tildelingsbrev-2025-havforskningsinstituttet line 103
        (
            "kvoteråd etter tidsplanen i ICES og i Den norsk-russiske fiskerikommisjonen.",
            ["Den norsk-russiske fiskerikommisjonen"],
        ),
        # lines 148-149: a list item's last word, then the paragraph's subject on the next line
        ("– snøkrabbe på norsk sokkel i Barentshavet Vurderingen skal leveres i løpet av første halvår 2025.", []),
        (
            "samarbeidet med Det nordisk-baltiske samarbeidsrådet skal halde fram.",
            ["Det nordisk-baltiske samarbeidsrådet"],
        ),
    ],
)
def test_names_of_bodies(text: str, names: list[str]) -> None:
    assert [m.form for m in find_unknown_actors(text, load_gazetteer())] == names


def test_a_world_organisation_with_its_english_abbreviation_is_known() -> None:
    # tildelingsbrev-2024-veterinaerinstituttet lines 89-90 "Verdsorganisasjonen for dyrehelse (WOAH)" (Nynorsk)
    found = load_gazetteer().find("samarbeidet med Verdsorganisasjonen for dyrehelse (WOAH) og EU")
    assert "woah" in {m.entry.key for m in found}


# --- supplements -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        # "Bestilling 4.3.2 … utgår med virkning fra 1. juli 2025" (line 42), "Ny bestilling:" over "4.2.5 …" (61-63)
        "tillegg-nr-1-2025-havforskningsinstituttet",
        # "(punkt 3.3 i tildelingsbrevet) ikkje skal gjennomførast … Oppdraget går ut med verknad frå 1. juli 2024"
        # (52-54): the paragraph of section 3.3 it describes, "3.3, avsnitt 2"
        "supplerande-nr-1-2024-veterinaerinstituttet",
        # "Fristen for oppdrag TB2024-04 … forlenges fra 1. september 2024 til 15. november 2024" (48-49): the
        # letter's own assignment, whose deadline on 1 September is the one replaced
        "supplerende-nr-1-2024-sivil-klareringsmyndighet",
    ],
)
def test_the_rounds_supplements_read_whole(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with tempfile.TemporaryDirectory() as home:
        monkeypatch.setenv("TBGRAPH_HOME", home)
        score, result = supplement_truth.score(name, Path(home))
    assert not score.missed and not score.extra, (score.missed, score.extra)
    assert not [p for p in result.problems if "no deadline on" in p.message or "was not found" in p.message]
