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
        ("Fristen for delleveransen er 15. mai 2024. Sluttrapport innen 1. oktober 2024.",
         [("preliminary", dt.date(2024, 5, 15)), ("final", dt.date(2024, 10, 1))]),
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
