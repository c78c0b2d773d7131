"""Rules of the genre met in the twelfth held-out round (budget tables across a page break, supplements' budget
tables headed "Tildelt per <dato>", deadlines named inside their own words, the end of a headed assignment, names of
bodies), each held against small letters written here in other ministries and language forms, and, where the round's
letters are fixtures (tests/fixtures/letters), against their lines.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.problems import Problem
from tbgraph.extract.sections import find_sections
from tbgraph.extract.supplement import _budget_tables
from tbgraph.extract.text import read_source
from tbgraph.extract.unknown import find_unknown_actors

HEAD = "DET KONGELIGE\nSAMFERDSELSDEPARTEMENT\n\nStatsbudsjettet 2024 – tildelingsbrev til Kystverket\n\n"


def _letter(tmp_path: Path, text: str, name: str = "tildelingsbrev-2024-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _posts(path: Path) -> dict[tuple[str, str], tuple[Decimal, str]]:
    chapters = extract_letter(path).chapters
    return {(c.chapter, p.post): (p.amount, p.unit) for c in chapters for p in c.posts} | {
        (c.chapter, "sum"): (c.total, c.unit) for c in chapters if c.total is not None
    }


# --- budget tables ------------------------------------------------------------------------------------------------


def test_a_table_headed_by_post_alone_runs_on_after_the_page_break(tmp_path: Path) -> None:
    # As in tildelingsbrev-2024-jernbanedirektoratet lines 162-177: "Kap. 1352 Jernbanedirektoratet" over a table
    # headed "Post  Betegnelse  Bevilgning 2024" (no "Kap." column), the header again at the next page's top, then
    # post 75 and "Sum kap. 1352". Here in Nynorsk, another ministry, amounts in kroner.
    text = HEAD + (
        "5 Budsjett\n\n"
        "Tabell 2 Løyving 2024 (i kroner)\n\n"
        "Kap. 1360 Kystverket\n"
        "Post   Nemning                                                  Løyving 2024\n"
        "01     Driftsutgifter                                            1 200 000 000\n"
        "21     Spesielle driftsutgifter, kan overførast                     45 500 000\n"
        "                                                                         Side 3 av 5\n"
        "\f"
        "Post   Nemning                                                  Løyving 2024\n"
        "45     Større utstyrskjøp og vedlikehald, kan\n"
        "       overførast                                                  310 000 000\n"
        "       Sum kap. 1360                                             1 555 500 000\n\n"
        "Løyvinga er auka med 3 prosent.\n"
    )
    posts = _posts(_letter(tmp_path, text))
    assert posts[("1360", "45")] == (Decimal("310000000"), "NOK")
    assert posts[("1360", "sum")] == (Decimal("1555500000"), "NOK")
    assert len([k for k in posts if k[0] == "1360"]) == 4


def test_a_total_over_the_chapters_named_samlet_does_not_end_the_table(tmp_path: Path) -> None:
    # As in tildelingsbrev-2025-helsedirektoratet lines 180-186: "Samlet tildeling utgifter  2 279 290" between
    # the expense chapters and the income chapter 3740. Here "Samla løyving" in Nynorsk before an income chapter.
    text = HEAD + (
        "5 Budsjett\n\n"
        "Tabell 1 Tildeling 2024 (i 1 000 kr)\n\n"
        "Kap.    Post    Nemning                                          Tildeling 2024\n"
        "1360            Kystverket\n"
        "        01      Driftsutgifter                                         980 400\n"
        "        Sum kap. 1360                                                  980 400\n\n"
        "        Samla løyving utgifter                                         980 400\n\n"
        "4360            Kystverket\n"
        "        02      Andre inntekter                                         12 300\n"
        "        Sum kap. 4360                                                   12 300\n\n"
        "Meirinntekter kan nyttast under post 01.\n"
    )
    posts = _posts(_letter(tmp_path, text))
    assert posts[("4360", "02")] == (Decimal("12300"), "thousand-NOK")
    assert posts[("4360", "sum")] == (Decimal("12300"), "thousand-NOK")


def test_a_header_repeated_after_a_page_break_keeps_the_tables_unit(tmp_path: Path) -> None:
    # As in tildelingsbrev-2025-domstoladministrasjonen lines 197-228: "Tabell 5.1 Bevilgninger 2025 (i kroner)",
    # and after the page break "Kap. Post Betegnelse Bevilgning 2025" again without a unit over chapter 3410: its
    # amounts stay kroner (they were read as thousands, 1 000 times too large).
    text = HEAD + (
        "5 Budsjett\n\n"
        "Tabell 3 Bevilgninger 2024 (i kroner)\n\n"
        "Kap.  Post  Betegnelse                                       Bevilgning 2024\n"
        "1360        Kystverket\n"
        "      01    Driftsutgifter                                     1 200 000 000\n"
        "            Sum kap. 1360                                      1 200 000 000\n\n"
        "                                                                 Side 4 av 6\n"
        "\f"
        "Kap.  Post  Betegnelse                                       Bevilgning 2024\n"
        "4360        Kystverket\n"
        "      02    Andre inntekter                                       14 650 000\n"
        "            Sum kap. 4360                                         14 650 000\n\n"
        "Merinntekter kan brukes under post 01.\n"
    )
    posts = _posts(_letter(tmp_path, text))
    assert posts[("4360", "02")] == (Decimal("14650000"), "NOK")
    assert posts[("1360", "01")] == (Decimal("1200000000"), "NOK")


# --- a supplement's budget table "Tildelt per <dato> | Endring | Ny tildeling" --------------------------------------


@pytest.mark.parametrize(
    ("header", "more", "rows", "unit"),
    [
        # tillegg-nr-2-2025-helsedirektoratet lines 34-37 ("– 10 000": the sign a space before its number)
        (
            "Kap.   Post   Betegnelse                        Tildelt per          Endring        Ny tildeling",
            "                                                27.06.2025",
            [
                "740    01     Driftsutgifter                      1 472 350         + 14 500            1 486 850",
                "765    72     Frivillig arbeid mv.                  245 700         – 10 000              235 700",
            ],
            "thousand-NOK",
        ),
        # a Nynorsk variant in kroner, "Løyvd per" and "Ny løyving", the change column wrapped in a two-line header
        (
            "Kap.   Post   Nemning                           Løyvd per            Endring        Ny løyving",
            "                                                1.1.2024",
            [
                "1360   01     Driftsutgifter                 1 200 000 000      – 2 500 000      1 197 500 000",
                "1360   45     Større utstyrskjøp               310 000 000     + 12 000 000        322 000 000",
            ],
            "NOK",
        ),
    ],
)
def test_a_change_table_headed_by_what_was_granted_on_a_day(
    tmp_path: Path, header: str, more: str, rows: list[str], unit: str
) -> None:
    caption = "(i 1 000 kr)" if unit == "thousand-NOK" else "(i kroner)"
    path = tmp_path / "tillegg.txt"
    path.write_text(
        "Tillegg nr. 2 til tildelingsbrev for 2024\n\n1 Endringar i løyvinga\n\n"
        f"Tabell 1 Endra løyving {caption}\n\n{header}\n{more}\n" + "\n".join(rows) + "\n\nAndre postar er uendra.\n",
        encoding="utf-8",
    )
    doc = read_source(path)
    problems: list[Problem] = []
    found = _budget_tables(doc, doc.content(), find_sections(doc, problems), problems)
    got = [(r.chapter, r.post, r.before + r.change == r.after, r.change, r.unit) for r in found]
    first, second = rows[0].split()[:2], rows[1].split()[:2]
    if unit == "thousand-NOK":
        assert got == [
            (first[0], first[1], True, Decimal("14500"), unit),
            (second[0], second[1], True, Decimal("-10000"), unit),
        ]
    else:
        assert got == [
            (first[0], first[1], True, Decimal("-2500000"), unit),
            (second[0], second[1], True, Decimal("12000000"), unit),
        ]


# --- deadlines ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tildelingsbrev-2024-nasjonalmuseet lines 73-74: the part report named inside the deadline's own words
        (
            "Frist for delrapport er 1. april 2024, og endeleg rapport skal leverast 1. november 2024.",
            [("preliminary", dt.date(2024, 4, 1)), ("final", dt.date(2024, 11, 1))],
        ),
        (
            "Fristen for delleveransen er 15. mai 2024. Sluttrapport innen 1. oktober 2024.",
            [("preliminary", dt.date(2024, 5, 15)), ("final", dt.date(2024, 10, 1))],
        ),
        # nasjonalmuseet lines 125-126: a carried-over assignment's moved deadline
        ("Oppdraget blir vidareført. Fristen blir endra til 1. mars 2024.", [("final", dt.date(2024, 3, 1))]),
        ("Arbeidet videreføres, og fristen er forlenget til 1. juni 2024.", [("final", dt.date(2024, 6, 1))]),
        # nasjonalmuseet line 131: Nynorsk "nærmare"
        ("Innspela skal leverast etter nærmare avtale med departementet.", [("to-be-agreed", None)]),
        # tildelingsbrev-2025-sivilrettsforvaltningen lines 85-89: the draft in a relative clause, then the final
        (
            "a) utarbeide utkast til revidert rundskriv, som sendes departementet innen 15. mai 2024, og b) fastsette "
            "endelig rundskriv. Endelig rundskriv skal foreligge innen 1. oktober 2024.",
            [("preliminary", dt.date(2024, 5, 15)), ("final", dt.date(2024, 10, 1))],
        ),
    ],
)
def test_deadlines_named_in_their_own_words(text: str, expected: list[tuple[str, dt.date | None]]) -> None:
    assert [(d.kind, d.date) for d in find_deadlines(text, 2024)] == expected


# --- where a headed assignment ends ---------------------------------------------------------------------------------


def test_a_headed_assignment_ends_at_a_heading_over_text_and_before_a_rule_for_all(tmp_path: Path) -> None:
    # tildelingsbrev-2025-sivilrettsforvaltningen lines 170-178: "Oppdrag 12 …" then "Andre forhold" (a heading
    # without a number, its paragraph straight below) whose "omtales i årsrapporten" is no deadline of Oppdrag 12;
    # tildelingsbrev-2025-domstoladministrasjonen lines 175-180: "Oppdrag som ikke er fullført innen fristen, skal
    # omtales i tertialrapportene …" after the last assignment, a rule for them all. Here both in one letter.
    text = HEAD + (
        "3 Oppdrag\n\n"
        "Oppdrag 1 Kartlegging av farleiene\n"
        "Kystverket skal kartlegge farleiene i Nord-Norge og vurdere behovet for nye\n"
        "merker og fyr langs kysten. Frist: 1. juni 2024.\n\n"
        "Oppdrag 2 Beredskapsplan for oljevern\n"
        "Kystverket skal revidere beredskapsplanen for akutt forurensning og øve den\n"
        "med de interkommunale utvalgene. Planen sendes departementet innen 1. oktober 2024.\n\n"
        "Oppdrag som ikke er fullført innen fristen, skal omtales i tertialrapportene og\n"
        "i årsrapporten.\n\n"
        "Andre forhold\n"
        "Departementet forutsetter at Kystverket fortsatt deltar i det nordiske samarbeidet\n"
        "om sjøsikkerhet. Dette er ordinær virksomhet og rapporteres i årsrapporten.\n\n"
        "4 Budsjett\n"
    )
    found = extract_letter(_letter(tmp_path, text)).assignments
    assert [a.marking for a in found] == ["Oppdrag 1", "Oppdrag 2"]
    assert [(d.kind, d.date, d.channel) for d in found[1].deadlines] == [("final", dt.date(2024, 10, 1), None)]
    assert "fullført" not in found[1].text and "nordiske" not in found[1].text


# --- names of bodies -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return load_gazetteer()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # tildelingsbrev-2025-sivilrettsforvaltningen lines 36-38 ("Den rettsmedisinske kommisjon", now in the
        # reference data, "Barnesakkyndig kommisjon"): a body's noun alone after a describing word; and a body of a
        # known body, in the genitive
        (
            "SRF er sekretariat for Den nasjonale forskningsetiske komité og Barnesakkyndig kommisjon, og forbereder "
            "saker for Stortingets utvalg for rettferdsvederlag.",
            [
                "Den nasjonale forskningsetiske komité",
                "Barnesakkyndig kommisjon",
                "Stortingets utvalg for rettferdsvederlag",
            ],
        ),
        # tildelingsbrev-2024-jernbanedirektoratet lines 106-107: the union's agency, not the union
        (
            "Direktoratet skal følge arbeidet i Den europeiske unions jernbanebyrå med tekniske spesifikasjoner.",
            ["Den europeiske unions jernbanebyrå"],
        ),
        # a variant: a council's committee, in Nynorsk
        ("Søknadene blir vurderte av Kulturrådets fagutval for musikk.", ["Kulturrådets fagutval for musikk"]),
        # tildelingsbrev-2024-nasjonalmuseet line 221: a branch named by an abbreviation and the country
        ("og med ICOM Norge om faglege standardar, og med WWF Noreg om", ["ICOM Norge", "WWF Noreg"]),
        # not bodies: a unit of a known body, an advice, a plan
        ("Helsedirektoratets avdeling for kommunikasjon gir faglig råd til Nasjonal helse- og samhandlingsplan.", []),
    ],
)
def test_names_of_bodies_met_in_round_twelve(gazetteer, text: str, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [m.entry.label for m in find_unknown_actors(text, gazetteer)] == names


@pytest.mark.parametrize(
    ("text", "union"),
    [
        # tildelingsbrev-2025-helsedirektoratet line 40: the union itself
        ("og følge utviklingen i EU på helseområdet, blant annet gjennom EU4Health.", True),
        ("Norge deltar i samarbeidet med EU om felles innkjøp.", True),
        # an area, an act's citation, a thing of the union's, another body of it (tildelingsbrev-2024-une line 264)
        ("Oppgaver i EU/EØS-arbeidet skal prioriteres.", False),
        ("jf. Europaparlaments- og rådsforordning (EU) 2023/1114.", False),
        ("arbeidet med nytt EU-regelverk for elektronisk kommunikasjon", False),
        ("gjennom EU-byrået for asyl (EUAA) og det nordiske samarbeidet", False),
    ],
)
def test_a_bare_eu_is_the_union_only_where_it_names_it(gazetteer, text: str, union: bool) -> None:  # type: ignore[no-untyped-def]
    found = {m.entry.key for m in gazetteer.find(text)}
    assert ("eu" in found) is union


def test_e_helse_alone_is_a_field_not_the_directorate(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # tildelingsbrev-2025-helsedirektoratet line 141 "Årlig status for e-helse"; the shipped letter lines 57, 330
    # ("Tilskudd til e-helse i kommunal sektor", "leverandørene innen e-helse")
    assert [m.entry.key for m in gazetteer.find("TB2025-10    Årlig status for e-helse")] == []
    assert [m.entry.key for m in gazetteer.find("Direktoratet for e-helse skal bidra")] == ["ehelse"]


# --- where assignments stand ------------------------------------------------------------------------------------------

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


def test_table_rows_numbered_after_their_goal() -> None:
    # tildelingsbrev-2024-statsforvaltarens-fellestenester, Vedlegg 1 "Nr. | Oppdrag | Samarbeid | Frist" (line 175):
    # rows "1.1" … "3.4", the deadline cells wrapped ("Innan utgangen av" / "juni 2024", lines 183-184), the
    # header repeated after the page break (line 218) inside row 2.4
    found = extract_letter(LETTERS / "tildelingsbrev-2024-statsforvaltarens-fellestenester.txt").assignments
    assert [a.marking.split()[-1] for a in found] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
    ]
    assert [(d.kind, d.date) for d in found[2].deadlines] == [("final", dt.date(2024, 6, 30))]
    assert "per teneste" in found[7].text  # row 2.4's text after the repeated header (line 220)


def test_a_table_row_numbered_one_is_no_undotted_heading(tmp_path: Path) -> None:
    # tildelingsbrev-2024-jernbanedirektoratet (held out) lines 60-62: a goals table "Mål | Styringsparameter |
    # Ambisjon 2024" whose first row is "1 Mer for pengene      Kostnad per …" made the letter's "1. Innledning" …
    # "4. Oppdrag for 2024" look like no headings at all. Here in Nynorsk.
    text = HEAD + (
        "1. Innleiing\n\nDepartementet stiller løyvingar til disposisjon for Kystverket i 2024 og gir\n"
        "oppdrag for året.\n\n"
        "2. Mål\n\n"
        "Mål                        Styringsparameter                 Ambisjon 2024\n"
        "1 Trygg ferdsel            Tal på ulukker                    Nedgang frå 2023\n"
        "2 Effektive hamner         Liggetid i hamn                   Under 12 timar\n\n"
        "3. Oppdrag\n\n"
        "Oppdrag 1 Kartlegging av farleia\n"
        "Kystverket skal kartleggje farleia i Nord-Noreg og vurdere behovet for nye merke og\n"
        "fyr langs kysten. Frist: 1. juni 2024.\n\n"
        "4. Budsjett\n\nLøyvinga er auka med tre prosent frå 2023, mellom anna til vedlikehald av\n"
        "merke og fyr.\n"
    )
    found = extract_letter(_letter(tmp_path, text))
    assert [a.marking for a in found.assignments] == ["Oppdrag 1"]
    assert found.assignments[0].section == "3"


def test_a_topic_heading_over_several_requests_gives_each_request(tmp_path: Path) -> None:
    # tildelingsbrev-2024-jernbanedirektoratet (held out) lines 85-98: "4.1 Persontransport med tog" under "4.
    # Oppdrag for 2024" holds a standing task and three requests, each its own assignment (the topic none). Here
    # "2.1" holds a standing task and two requests; "2.2" one request, the sub-section the assignment as before.
    text = HEAD + (
        "1. Innledning\n\nDepartementet stiller bevilgninger til disposisjon for Kystverket i 2024 og gir\n"
        "oppdrag for året.\n\n"
        "2. Oppdrag for 2024\n\n"
        "2.1 Farleier og merking\n\n"
        "Kystverket skal følge opp avtalene med leverandørene av merketjenester. Dette er en\n"
        "løpende oppgave.\n\n"
        "Departementet ber Kystverket utarbeide en plan for nye fyrlykter i Nord-Norge. Planen skal\n"
        "leveres innen 1. september 2024.\n\n"
        "Kystverket skal gjennomgå ordningen med losplikt og vurdere endringer. Det skal leveres en\n"
        "delrapport innen 1. april 2024 og en endelig rapport innen 1. oktober 2024.\n\n"
        "2.2 Beredskap\n\n"
        "Kystverket skal revidere beredskapsplanen for akutt forurensning innen 1. desember 2024.\n\n"
        "3. Budsjett\n\nBevilgningen er økt med tre prosent fra 2023, blant annet til vedlikehold av\n"
        "merker og fyr.\n"
    )
    found = extract_letter(_letter(tmp_path, text)).assignments
    by_start = {a.text.split()[0] + " " + a.text.split()[1]: a for a in found}
    assert len(found) == 3
    assert {(d.kind, d.date) for a in found for d in a.deadlines} == {
        ("final", dt.date(2024, 9, 1)),
        ("preliminary", dt.date(2024, 4, 1)),
        ("final", dt.date(2024, 10, 1)),
        ("final", dt.date(2024, 12, 1)),
    }
    assert "Kystverket skal" in by_start and "Departementet ber" in by_start
    assert not any("løpende oppgave" in a.text for a in found)


def test_a_paragraph_that_says_it_gives_no_assignment_ends_the_one_before() -> None:
    # tildelingsbrev-2025-domstoladministrasjonen lines 146-152: "Oppdrag 8 Tolking i domstolene" / … / "Frist:
    # Rapporteres i årsrapporten for 2025", then "Departementet viser ellers til at brukerundersøkelsen skal
    # gjennomføres høsten 2025 … Dette er ikke et nytt oppdrag."
    found = extract_letter(LETTERS / "tildelingsbrev-2025-domstoladministrasjonen.txt").assignments
    eighth = next(a for a in found if a.marking == "Oppdrag 8")
    assert (eighth.line_start, eighth.line_end) == (146, 149)
    assert [(d.kind, d.channel) for d in eighth.deadlines] == [("final", "årsrapport")]


def test_two_label_lines_in_one_section_key_their_items_apart() -> None:
    # tildelingsbrev-2024-nasjonalmuseet: under "2.2" the goals "Mål 1" and "Mål 2" each have an "Oppdrag:" label over
    # bullets; the second label's items were keyed as the first's ("punkt-2.2.oppdrag-1" twice: one IRI, two titles)
    found = extract_letter(LETTERS / "tildelingsbrev-2024-nasjonalmuseet.txt").assignments
    keys = [a.key for a in found]
    assert len(keys) == len(set(keys)) == 12
