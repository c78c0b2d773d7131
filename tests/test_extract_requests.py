"""Requests of work read wherever a letter states them (``tbgraph.extract.requests``), held against small letters
written here in the genre: lists led in by a request, paragraphs that ask, duties with a date, in Bokmål and
Nynorsk, under headings that name goals, priorities, or neither; and beside them, in the same passages, what must
give no assignment: standing duties, priorities, the ordinary reporting, the common requirements (fellesføringer),
the steering calendar, sentences that point to an assignment given elsewhere, the introduction and the budget.

Line numbers are those of the small letter (``str.splitlines``), cited in the comments as "line N".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.model import Assignment
from tbgraph.extract.requests import is_request


def _letter(tmp_path: Path, lines: list[str], name: str = "tildelingsbrev-2025-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dates(assignment: Assignment) -> list[tuple[str, dt.date | None]]:
    found = assignment.deadlines + [d for part in assignment.parts for d in part.deadlines]
    return [(d.kind, d.date) for d in found]


def _read(tmp_path: Path, lines: list[str], name: str = "tildelingsbrev-2025-brev.txt") -> list[Assignment]:
    return extract_letter(_letter(tmp_path, lines, name)).assignments


def test_a_list_led_in_by_a_request_under_a_goal(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Direktoratet for byggkvalitet for 2025",  # 1
        "",
        "1. Innledning",  # 3
        "",
        "Kommunal- og distriktsdepartementet stiller midler til disposisjon for Direktoratet for byggkvalitet.",
        "Direktoratet skal utarbeide en plan for virksomheten innen 1. februar 2025.",  # 6: the introduction
        "",
        "2. Mål for 2025",  # 8
        "",
        "2.1 Mål 1: Et godt og trygt byggeri",  # 10
        "",
        "Byggeriet skal bli tryggere. Direktoratet skal til enhver tid ha oversikt over tilstanden i",  # 12
        "bygningsmassen.",  # 13: a standing duty
        "",
        "Departementet ber Direktoratet om å:",  # 15
        "",
        "  –  kartlegge omfanget av fuktskader i nye boliger (frist 1. juni 2025)",  # 17
        "  –  foreslå endringer i byggteknisk forskrift om radon innen 1. oktober 2025",  # 18
        "",
        "Direktoratet skal rapportere på styringsparameterne i årsrapporten.",  # 20: the ordinary reporting
        "",
        "2.2 Mål 2: Effektiv forvaltning",  # 22
        "",
        "Direktoratet skal prioritere veiledning til kommunene om de nye reglene.",  # 24: a priority
        "",
        "Alle statlige virksomheter skal redusere bruken av konsulenter.",  # 26: a common requirement
        "",
        "3. Rapportering og styringsdialog",  # 28
        "",
        "Direktoratet skal sende årsrapporten innen 15. mars 2026. Departementet ber om at tertialrapporten",
        "sendes innen 20. mai 2025.",  # 30-31: the steering calendar, in the reporting chapter
        "",
        "Med vennlig hilsen",
    ]
    found = _read(tmp_path, lines)
    # lines 17 and 18: one assignment per item, each with the deadline its item states
    assert [a.title for a in found] == [
        "Kartlegge omfanget av fuktskader i nye boliger",
        "Foreslå endringer i byggteknisk forskrift om radon innen 1. oktober 2025",
    ]
    assert [a.line_start for a in found] == [17, 18]
    assert [_dates(a) for a in found] == [[("final", dt.date(2025, 6, 1))], [("final", dt.date(2025, 10, 1))]]
    assert [a.marking for a in found] == ["2.1, kulepunkt 1", "2.1, kulepunkt 2"]


def test_a_nynorsk_duty_with_a_date_under_priority_areas(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Statens kartverk for 2024",  # 1
        "",
        "1. Innleiing",
        "",
        "Departementet stiller løyvinga for 2024 til disposisjon for Statens kartverk.",
        "",
        "2. Prioriterte område",  # 7
        "",
        "Verksemda skal innan 1. oktober 2024 greie ut korleis stadnamndata kan gjerast opne for alle.",  # 9
        "Utgreiinga skal sendast til departementet.",  # 10
        "",
        "Verksemda skal prioritere arbeidet med sjøkartlegging i nordområda.",  # 12: a priority
        "",
        "Verksemda skal framleis halde oppe ein god beredskap langs kysten.",  # 14: work that goes on
        "",
        "Kartverket skal rapportere om framdrifta i årsrapporten.",  # 16: the ordinary reporting
        "",
        "3. Fellesføringar for 2024",  # 18
        "",
        "Alle statlege verksemder skal innan 1. desember 2024 ta inn minst éin lærling.",  # 20: to all agencies
        "",
        "Med helsing",
    ]
    found = _read(tmp_path, lines, "tildelingsbrev-2024-brev.txt")
    # lines 9-10: one assignment, the paragraph, by 1 October 2024
    assert len(found) == 1
    assert found[0].text.startswith("Verksemda skal innan 1. oktober 2024 greie ut korleis stadnamndata")
    assert (found[0].line_start, found[0].line_end) == (9, 10)
    assert _dates(found[0]) == [("final", dt.date(2024, 10, 1))]


def test_we_ask_that_with_the_deadline_in_a_sentence_of_its_own(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Lånekassen for 2025",  # 1
        "",
        "1 Innledning",
        "",
        "Kunnskapsdepartementet stiller bevilgningen til disposisjon for Statens lånekasse for utdanning.",
        "",
        "2 Digitalisering",  # 7
        "",
        "Digitalisering er et viktig virkemiddel for en effektiv og brukerrettet forvaltning. Vi ber om at",  # 9
        "Lånekassen i samarbeid med Digitaliseringsdirektoratet utarbeider en plan for overgang til nye",  # 10
        "fellesløsninger. Fristen er 1. september.",  # 11
        "",
        "Lånekassen skal følge opp digitaliseringsstrategien for offentlig sektor.",  # 13: a standing duty
        "",
        "3 Styringskalender",  # 15
        "",
        "Departementet ber om innspill til budsjettet for 2027 innen 15. januar 2026.",  # 17: the calendar
        "",
        "Med hilsen",
    ]
    found = _read(tmp_path, lines)
    # lines 9-11: from "Vi ber om at" on (the background sentence before it is no part), by 1 September 2025
    assert len(found) == 1
    assert found[0].text.startswith("Vi ber om at Lånekassen i samarbeid med Digitaliseringsdirektoratet")
    assert (found[0].line_start, found[0].line_end) == (9, 11)
    assert _dates(found[0]) == [("final", dt.date(2025, 9, 1))]


def test_other_guidance_with_one_request_and_two_priorities(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Språkrådet for 2025",  # 1
        "",
        "1 Innleiing",
        "",
        "Kultur- og likestillingsdepartementet stiller løyvinga til disposisjon for Språkrådet.",
        "",
        "2 Andre føringar",  # 7
        "",
        "Departementet bed Språkrådet om å leggje fram ei vurdering av korleis språklova blir følgd opp i",  # 9
        "kommunane, innan 1. november 2025.",  # 10
        "",
        "Språkrådet skal prioritere rettleiing om klarspråk i statlege verksemder.",  # 12: a priority
        "",
        "Departementet bed Språkrådet prioritere arbeidet med nynorsk i digitale tenester.",  # 14: a priority
        "",
        "Med helsing",
    ]
    found = _read(tmp_path, lines)
    assert len(found) == 1
    assert found[0].text.startswith("Departementet bed Språkrådet om å leggje fram ei vurdering")
    assert found[0].line_start == 9
    assert _dates(found[0]) == [("final", dt.date(2025, 11, 1))]


def test_a_request_list_under_a_heading_that_names_neither_goals_nor_assignments(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Datatilsynet for 2025",  # 1
        "",
        "1 Innledning",
        "",
        "Digitaliserings- og forvaltningsdepartementet stiller midler til disposisjon for Datatilsynet.",
        "",
        "2 Kunstig intelligens",  # 7
        "",
        "Departementet ber Datatilsynet om å:",  # 9
        "1) kartlegge bruken av kunstig intelligens i statlige virksomheter",  # 10
        "2) utarbeide veiledning om personvern ved bruk av språkmodeller",  # 11
        "Frist: 1. november 2025.",  # 12: the list's deadline
        "",
        "Datatilsynet skal følge utviklingen på feltet og bidra i det europeiske samarbeidet.",  # 14: standing
        "",
        "3 Budsjett",  # 16
        "",
        "Departementet ber Datatilsynet om å holde utgiftene innenfor rammen som er gitt.",  # 18: the terms
        "",
        "Med hilsen",
    ]
    found = _read(tmp_path, lines)
    # lines 10 and 11, each with the deadline of line 12; nothing from the budget (line 18)
    assert [a.title for a in found] == [
        "Kartlegge bruken av kunstig intelligens i statlige virksomheter",
        "Utarbeide veiledning om personvern ved bruk av språkmodeller",
    ]
    assert [a.line_start for a in found] == [10, 11]
    assert [_dates(a) for a in found] == [[("final", dt.date(2025, 11, 1))]] * 2


def test_given_and_got_assignments_beside_a_reference_and_the_calendar(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Arbeidstilsynet for 2025",  # 1
        "",
        "1 Innledning",
        "",
        "Arbeids- og inkluderingsdepartementet stiller midler til disposisjon for Arbeidstilsynet.",
        "",
        "2 Mål og prioriteringer",  # 7
        "",
        "2.1 Et trygt arbeidsliv",  # 9
        "",
        "Arbeidstilsynet får i oppdrag å evaluere tilsynsmetodikken for bygg og anlegg. Evalueringen skal",  # 11
        "leveres innen 15. desember 2025.",  # 12
        "",
        "Departementet gir Arbeidstilsynet i oppdrag å utrede en ny ordning for ID-kort i renholdsbransjen",  # 14
        "innen 1. juni 2025.",  # 15
        "",
        "Arbeidet med ID-kort skal ses i sammenheng med evalueringen, jf. oppdrag 1 over.",  # 17: a reference
        "",
        "Arbeidstilsynet skal sende budsjettforslag for 2027 innen 15. januar 2026.",  # 19: the calendar
        "",
        "Arbeidstilsynet skal følge opp evalueringen av arbeidsmiljøloven.",  # 21
        "Frist: 1. desember 2025.",  # 22: standing work, but by a date: an assignment
        "",
        "Med hilsen",
    ]
    found = _read(tmp_path, lines)
    assert [a.text.split()[:4] for a in found] == [
        ["Arbeidstilsynet", "får", "i", "oppdrag"],
        ["Departementet", "gir", "Arbeidstilsynet", "i"],
        ["Arbeidstilsynet", "skal", "følge", "opp"],
    ]
    assert [(a.line_start, a.line_end) for a in found] == [(11, 12), (14, 15), (21, 22)]
    assert [_dates(a) for a in found] == [
        [("final", dt.date(2025, 12, 15))],
        [("final", dt.date(2025, 6, 1))],
        [("final", dt.date(2025, 12, 1))],
    ]


def test_nynorsk_passive_and_inverted_requests_one_under_a_title_line(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Kulturrådet for 2025",  # 1
        "",
        "1 Innleiing",
        "",
        "Kultur- og likestillingsdepartementet stiller løyvinga til disposisjon for Kulturrådet.",
        "",
        "2 Kunst og kultur i heile landet",  # 7
        "",
        "Kunstnarøkonomi",  # 9: a title line over its paragraph
        "Kulturrådet blir bede om å greie ut korleis stipenda verkar på inntektene til kunstnarane, innan",  # 10
        "1. mars 2025.",  # 11
        "",
        "I samarbeid med Norsk kulturfond skal Kulturrådet innan 1. juni 2025 levere ei vurdering av",  # 13
        "tilskotsordningane for musikk.",  # 14
        "",
        "Kulturrådet skal halde departementet orientert om arbeidet med kunstnarøkonomi.",  # 16: standing
        "",
        "Kulturrådet skal vere ein pådrivar for mangfald i kulturlivet.",  # 18: standing
        "",
        "Med helsing",
    ]
    found = _read(tmp_path, lines)
    # line 9 is the first assignment's title; the second has none of its own: its first words, cut near 90 signs
    assert found[0].title == "Kunstnarøkonomi"
    assert found[1].title.startswith("I samarbeid med Norsk kulturfond skal Kulturrådet innan 1. juni 2025 levere")
    assert found[1].title.endswith(" …")
    assert [(a.line_start, a.line_end) for a in found] == [(9, 11), (13, 14)]
    assert [_dates(a) for a in found] == [[("final", dt.date(2025, 3, 1))], [("final", dt.date(2025, 6, 1))]]


def test_two_dated_requests_in_one_paragraph_after_its_background(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Utlendingsdirektoratet for 2025",  # 1
        "",
        "1 Innledning",
        "",
        "Justis- og beredskapsdepartementet stiller bevilgningen til disposisjon for UDI.",
        "",
        "2 Mål 1: Rask og korrekt saksbehandling",  # 7
        "",
        "Saksbehandlingstiden har økt de siste årene. Departementet ber UDI om å gjennomgå rutinene for",  # 9
        "registrering av søknader innen 1. april 2025. Departementet ber videre UDI om å levere en plan",  # 10
        "for å redusere restansene innen 1. september 2025.",  # 11
        "",
        "UDI skal bidra til at flere søknader behandles digitalt.",  # 13: standing
        "",
        "Status for alle oppdrag skal omtales i tertialrapportene.",  # 15: on every assignment
        "",
        "Med hilsen",
    ]
    found = _read(tmp_path, lines)
    assert [a.text.split()[:5] for a in found] == [
        ["Departementet", "ber", "UDI", "om", "å"],
        ["Departementet", "ber", "videre", "UDI", "om"],
    ]
    assert [(a.line_start, a.line_end) for a in found] == [(9, 10), (10, 11)]
    assert [_dates(a) for a in found] == [[("final", dt.date(2025, 4, 1))], [("final", dt.date(2025, 9, 1))]]


def test_a_request_with_its_parts_in_a_list_and_its_delivery_after_them(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Forbrukertilsynet for 2025",  # 1
        "",
        "1 Innledning",
        "",
        "Barne- og familiedepartementet stiller bevilgningen til disposisjon for Forbrukertilsynet.",
        "",
        "2 Forbrukervern i digitale tjenester",  # 7
        "",
        "   2.1  BFD ber Forbrukertilsynet, i samarbeid med Medietilsynet, utrede bruken av manipulerende",  # 9
        "        design i digitale tjenester for barn. Utredningen skal blant annet omfatte:",  # 10
        "          •  omfanget av manipulerende design i spill og apper,",  # 11: a part, no assignment
        "          •  hvordan regelverket håndheves i andre EØS-land.",  # 12: a part, no assignment
        "",
        "        Utredningen skal leveres departementet innen 1. september 2025.",  # 14: its delivery
        "",
        "   2.2  Forbrukertilsynet skal, i samarbeid med Forbrukerrådet, utarbeide en veileder om kjøp i",  # 16
        "        dataspill.",  # 17: a deliverable, no date: an assignment
        "",
        "   2.3  Forbrukertilsynet skal føre tilsyn med markedsføring rettet mot barn.",  # 19: standing
        "",
        "Med hilsen",
    ]
    found = _read(tmp_path, lines)
    assert [a.text.split()[:4] for a in found] == [
        ["BFD", "ber", "Forbrukertilsynet,", "i"],
        ["Forbrukertilsynet", "skal,", "i", "samarbeid"],
    ]
    # lines 9-14: the request, its parts and its delivery are one assignment, due 1 September 2025
    assert [(a.line_start, a.line_end) for a in found] == [(9, 14), (16, 17)]
    assert [_dates(a) for a in found] == [[("final", dt.date(2025, 9, 1))], []]


def test_a_list_of_priorities_and_a_list_of_standing_tasks_give_none(tmp_path: Path) -> None:
    lines = [
        "Tildelingsbrev til Tolletaten for 2025",  # 1
        "",
        "1 Innledning",
        "",
        "Finansdepartementet stiller bevilgningen til disposisjon for Tolletaten.",
        "",
        "2 Prioriteringer",  # 7
        "",
        "Departementet ber Tolletaten prioritere følgende:",  # 9
        "  •  Tolletaten skal innen 1. mars 2025 ta i bruk den nye løsningen for Digitoll.",  # 10
        "  •  god kontroll med varer som kan omgå sanksjonene",  # 11
        "",
        "Tolletaten skal i tillegg ivareta følgende løpende oppgaver:",  # 13
        "  •  kontroll av reisende",  # 14
        "  •  innkreving av toll og avgifter",  # 15
        "",
        "Tolletaten skal delta aktivt i det internasjonale tollsamarbeidet.",  # 17: standing
        "",
        "Med hilsen",
    ]
    assert _read(tmp_path, lines) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Departementet ber Direktoratet om å utrede en ny tilskuddsordning.", True),
        ("Vi ber om at Husbanken lager en plan for arbeidet innen 1. mai 2025.", True),
        ("KLD bed Miljødirektoratet leggje fram eit forslag til forskrift.", True),
        ("Direktoratet får i oppdrag å kartlegge behovet for nye kurs.", True),
        ("Verksemda blir bede om å vurdere ein ny modell for finansiering.", True),
        ("Direktoratet skal innen 1. mars 2025 levere en statusrapport.", True),
        ("Direktoratet skal til enhver tid ha oversikt over beredskapen.", False),
        ("Direktoratet skal følge opp arbeidet med strategien.", False),
        ("Direktoratet skal i 2025 særlig prioritere tilsyn med store aktører.", False),
        ("Departementet ber Direktoratet rapportere på styringsparameterne i årsrapporten.", False),
        ("Alle statlige virksomheter skal ta inn lærlinger.", False),
        ("Direktoratet skal sende årsrapporten innen 15. mars 2026.", False),
        ("Arbeidet skal ses i sammenheng med oppdraget om evaluering, jf. oppdrag 3.", False),
        ("Departementet ber SSB om å utføre følgende særskilte oppdrag i 2026.", False),
        ("Direktoratet skal fortsatt delta i det nordiske samarbeidet.", False),
        ("Tilsynet skal også bidra aktivt i det nordiske og europeiske samarbeidet.", False),
        ("Direktoratet skal ha oppdaterte beredskapsplaner og øve i løpet av året.", False),
        ("Departementet ber Direktoratet legge særlig vekt på følgende i 2025", False),
        # a request by the ministry for standing work is an assignment; a duty of standing work only with a product
        ("Departementet ber Direktoratet om å holde departementet orientert om byggeprosjektet.", True),
        ("Direktoratet skal samarbeide med Arkivverket om en felles strategi for bevaring.", True),
        ("Direktoratet skal samarbeide med Arkivverket om bevaring.", False),
        ("For å nå målet om kortere ventetid, ber departementet UDI om å legge fram en plan innen 1. mai.", True),
        ("Direktoratet må innen 1. mars 2025 levere en oversikt over restansene.", True),
        ("Virksomheten må sikre god informasjonssikkerhet.", False),
        ("Departementet ber Arkivverket, i dialog med Nasjonalbiblioteket, gjennomføre en risikovurdering.", True),
        ("Direktoratet skal, i samarbeid med Husbanken, utrede behovet for nye boliger.", True),
        ("Rapporten skal sendes departementet innen 1. juni 2025.", False),
        ("Departementet ber Direktoratet om å gjennomføre oppdragene i tabell 2.", False),
        # developing a culture is standing work; developing a plan is one piece of work
        ("Direktoratet skal utvikle en helhetlig sikkerhetskultur for å forebygge hendelser.", False),
        ("Direktoratet skal utvikle en plan for sikkerhetsarbeidet.", True),
        ("Direktoratet skal i tillegg gi en vurdering av resultatene.", False),
    ],
)
def test_what_a_request_is(sentence: str, expected: bool) -> None:
    assert is_request(sentence, 2025) is expected
