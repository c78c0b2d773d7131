"""The extractor's genre rules one at a time: page furniture, deadline meanings, assignment markings,
tables, unknown actors, hyphenation, budget units and a supplement's amounts.

Each case is a few lines in the genre's layout, so that a failing rule is named by its test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.furniture import CONTENTS, PAGE_NUMBER, RUNNING, find_furniture
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.supplement import _split_three
from tbgraph.extract.text import clean_join, split_lines
from tbgraph.extract.unknown import find_unknown_actors


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return load_gazetteer()


def _meanings(text: str, year: int = 2024) -> list[tuple[str | None, str, str | None, str | None]]:
    return [
        (
            m.kind,
            m.meaning,
            m.date.isoformat() if m.date else None,
            m.channel or (m.period_start and m.period_start.isoformat()),
        )
        for m in find_deadlines(text, year)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frist: 1. mars 2024", [("final", "date", "2024-03-01", None)]),
        ("Frist 1.10.2024", [("final", "date", "2024-10-01", None)]),
        ("Fristen er 15. august 2024.", [("final", "date", "2024-08-15", None)]),
        ("en statusrapport innen utgangen av juni 2024.", [("final", "date", "2024-06-30", None)]),
        ("Innan utgangen av september", [("final", "date", "2024-09-30", None)]),
        ("status gis innen utgangen av 2. kvartal 2025", [("final", "date", "2025-06-30", None)]),
        ("et samlet forslag i løpet av første halvår 2024.", [("final", "period", "2024-06-30", "2024-01-01")]),
        ("i løpet av andre halvår 2025", [("final", "period", "2025-12-31", "2025-07-01")]),
        ("Oppdraget rapporteres i årsrapporten.", [("final", "channel", None, "årsrapport")]),
        ("Rapporterast i årsrapporten", [("final", "channel", None, "årsrapport")]),
        ("Oppfølgingen er løpende.", [("continuous", "continuous", None, None)]),
        ("holde departementet løpende orientert", [("continuous", "continuous", None, None)]),
        ("Løpande", [("continuous", "continuous", None, None)]),
        (
            "Delrapport leveres innen 1. juni 2024, og sluttrapport innen 1. desember 2024.",
            [("preliminary", "date", "2024-06-01", None), ("final", "date", "2024-12-01", None)],
        ),
        (
            "Delrapport 1. mai 2024, sluttrapport 1. november 2024",
            [("preliminary", "date", "2024-05-01", None), ("final", "date", "2024-11-01", None)],
        ),
        (
            "En foreløpig plan sendes departementet innen 1. mars 2024, endelig plan innen 1. oktober 2024.",
            [("preliminary", "date", "2024-03-01", None), ("final", "date", "2024-10-01", None)],
        ),
        ("Frist: 2. kvartal 2024", [("final", "period", "2024-06-30", "2024-04-01")]),
        ("Frist: innen utgangen av 2024", [("final", "date", "2024-12-31", None)]),
        ("Leveransefrist: 1.3.2024", [("final", "date", "2024-03-01", None)]),
        ("Frist for sluttrapport: 1. desember", [("final", "date", "2024-12-01", None)]),
        ("i samband med årsrapporten", [("final", "channel", None, "årsrapport")]),
        ("Status rapporteres i 2. tertialrapport.", [("final", "channel", None, "tertialrapport")]),
        ("holde departementet orientert i etatsstyringsmøtene", [("final", "channel", None, "etatsstyringsmøte")]),
        # what is no deadline of the agency's: the ministry settling something, a sentence with no date
        ("Omfanget vil avklares i dialog med direktoratet i løpet av januar.", []),
        ("Direktoratet skal ha løpende oversikt over regelverket.", []),
    ],
)
def test_deadlines_and_what_they_mean(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _meanings(text) == expected


def test_a_bare_date_is_a_deadline_only_in_a_deadline_column() -> None:
    assert _meanings("15.10.2024") == []
    assert [(m.kind, m.date) for m in find_deadlines("15.10.2024", 2024, due_cell=True)] == [
        ("final", dt.date(2024, 10, 15))
    ]


def test_page_furniture() -> None:
    lines = split_lines(
        "Innhold\n1   Innledning ........................ 1\n2   Oppdrag ........................... 2\n"
        "1 Innledning\nTekst på første side.\n\n"
        "Statsbudsjettet 2024 – tildelingsbrev til HK-dir              Side 1 av 2\n"
        "\fKlima- og miljødepartementet          Tildelingsbrev 2025\n2 Oppdrag\nTekst.\n"
        "Side 2 av 2   Postadresse: Postboks 8010 Dep, 0030 Oslo   Org.nr. 972 417 904\n"
        "\fKlima- og miljødepartementet          Tildelingsbrev 2025\nSiste side.\n- 3 -\n"
    )
    found = find_furniture(lines)
    assert found[1] == found[2] == found[3] == CONTENTS  # the contents and its heading
    assert found[7] == PAGE_NUMBER  # a footer carrying "Side 1 av 2"
    assert found[12] == PAGE_NUMBER  # "Side 2 av 2" beside the postal address
    assert found[9] == found[14] == RUNNING  # the same header on two pages
    assert 4 not in found and 5 not in found and 10 not in found  # headings and text stay


def test_a_form_feed_ends_a_line_as_the_provenance_check_counts_lines() -> None:
    # pdftotext glues the form feed to the page's first line; splitlines ends a line there.
    assert split_lines("a\n\fb\nc") == ["a", "", "\fb", "c"]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (
            ["søknader om godkjenning av uten-", "landsk fagutdanning"],
            "søknader om godkjenning av utenlandsk fagutdanning",
        ),
        (["Dette brevet gir Miljø-", "direktoratet rammer"], "Dette brevet gir Miljødirektoratet rammer"),
        (["innføring av e-", "helseløsninger"], "innføring av e-helseløsninger"),  # "e-" keeps its hyphen
        (["sikring av IKT-", "systemene"], "sikring av IKT-systemene"),
        (["Helse- og omsorgs-", "departementet"], "Helse- og omsorgsdepartementet"),
        (["Prop. 1 S (2022-", "2023)"], "Prop. 1 S (2022-2023)"),
        (["helse-", "og omsorgssektoren"], "helse- og omsorgssektoren"),
    ],
)
def test_words_broken_at_a_line_end_are_mended(lines: list[str], joined: str) -> None:
    assert clean_join(lines) == joined


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "i samarbeid med Stiftelsen for samfunns- og næringslivsforskning (SNF) og andre",
            ["Stiftelsen for samfunns- og næringslivsforskning"],
        ),
        ("delta i arbeidet til Det europeiske jernbanebyrået (ERA) med", ["Det europeiske jernbanebyrået"]),
        # names the reference data does not hold (Statens arbeidsmiljøinstitutt, Statsforvalteren i
        # Innlandet and Oslo politidistrikt are in it now): a council, a former county governor, a former
        # police district
        ("innspill fra Statens seniorråd om", ["Statens seniorråd"]),
        ("i dialog med Fylkesmannen i Hedmark og", ["Fylkesmannen i Hedmark"]),
        ("synspunkter fra Norsk Industri.", ["Norsk Industri"]),
        ("bidra i arbeidet med Havpanelets anbefalinger", ["Havpanelet"]),
        ("involvere Romerike politidistrikt og", ["Romerike politidistrikt"]),
        ("saman med Vestlandsbanen AS og", ["Vestlandsbanen AS"]),
        # a sentence start, a known name or a plain noun is no unknown organisation
        ("Direktoratet skal levere. Arbeidet skal skje raskt.", []),
        ("i samarbeid med Helsedirektoratet", []),
        # a known body under its full name and abbreviation leaves no piece of the name behind (SINTEF is
        # in the reference data since the ninth round: DiBK's letter, line 103)
        ("i samarbeid med Stiftelsen for industriell og teknisk forskning (SINTEF) og andre", []),
        ("på lang sikt skal grunnlaget styrkes", []),
    ],
)
def test_unknown_organisations_are_found_by_the_shape_of_their_names(gazetteer, text: str, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [m.entry.label for m in find_unknown_actors(text, gazetteer)] == names
    assert all(not m.entry.known for m in find_unknown_actors(text, gazetteer))


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("70 727 5 000 75 727", (70727, 5000, 75727)),
        ("132 585 -3 000 129 585", (132585, -3000, 129585)),
        ("91 147 5 000 96 147", (91147, 5000, 96147)),
        ("1 200 300 300 000 1 500 300", (1200300, 300000, 1500300)),
        ("12 3", None),
    ],
)
def test_a_supplements_three_amounts_are_the_split_that_adds_up(text: str, amounts: tuple[int, ...] | None) -> None:
    split = _split_three(text)
    assert (tuple(int(v) for v in split) if split else None) == amounts


def _letter(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brev.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_assignment_ends_at_the_signature_and_skips_the_footer(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Helsedirektoratet for 2024\n\nHelse- og omsorgsdepartementet viser til Prop. 1 S.\n\n"
        "1 Oppdrag\n\nOppdrag 1: Kartlegging av ventetider\nHelsedirektoratet skal kartlegge ventetidene og\n\n"
        "Tildelingsbrev 2024 – Helsedirektoratet                    Side 1 av 2\n"
        "\fforeslå tiltak. Frist: 1. mai 2024\n\nMed hilsen\n\nKari Nordmann\nekspedisjonssjef\n\n"
        "Kopi til:\nRiksrevisjonen\n",
    )
    result = extract_letter(letter)
    (assignment,) = result.assignments
    assert assignment.identifier == "2024-oppdrag-1" and assignment.marking == "Oppdrag 1"
    assert assignment.text == "Helsedirektoratet skal kartlegge ventetidene og foreslå tiltak. Frist: 1. mai 2024"
    # line 12 (the form feed ends line 11 of its own), not the signature (line 14) nor the copy list
    assert assignment.line_end == 12
    assert [d.date for d in assignment.deadlines] == [dt.date(2024, 5, 1)]


def test_budget_units_from_the_header_or_the_caption(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Helsedirektoratet for 2024\n\n1 Budsjett\n\nUtgifter (i mill. kroner)\n"
        "Kap.   Post   Betegnelse                         2024\n740           Helsedirektoratet\n"
        "       01     Driftsutgifter                     1 234,5\n"
        "              Sum kap. 740                       1 234,5\n\n"
        "Kap.   Post   Formål                             Beløp (i kr)\n3740          Helsedirektoratet\n"
        "       02     Diverse inntekter                  9 400 000\n"
        "Sum kapittel 3740                         9 400 000\n",
    )
    chapters = {c.chapter: c for c in extract_letter(letter).chapters}
    assert chapters["740"].unit == "million-NOK" and chapters["740"].posts[0].amount == Decimal("1234.5")
    assert chapters["3740"].unit == "NOK" and chapters["3740"].total == Decimal("9400000")


def test_a_letter_names_its_recipient_in_the_address_block_when_the_title_does_not(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "DET KONGELIGE\nKUNNSKAPSDEPARTEMENT\n\nUtdanningsdirektoratet\nPostboks 9359 Grønland\n0135 OSLO\n\n"
        "TILDELINGSBREV 2024\n\n1 Innledning\nVi gir med dette rammene for 2024.\n",
    )
    info = extract_letter(letter).info
    assert info is not None and info.recipient is not None and info.issuer is not None
    assert (info.recipient.key, info.issuer.key, info.year) == ("udir", "kd", 2024)


def test_table_rows_whatever_their_layout(tmp_path: Path) -> None:
    """A number beside the middle line of its cell, a column between task and deadline, a heading after."""
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Statens jernbanetilsyn for 2024\n\nSamferdselsdepartementet viser til Prop. 1 S.\n\n"
        "1 Oppdrag\n\n"
        "  Nr.   Oppdrag                                         Ansvar          Frist\n"
        "        Jernbanetilsynet skal greie ut korleis tilsynet\n"
        "  1     kan nytte risikobasert tilsyn overfor mindre    Tilsynet        1. juni 2024\n"
        "        aktørar.\n"
        "  2     Jernbanetilsynet skal delta i arbeidet.         Tilsynet        Løpande\n\n"
        "2 Løyvingar\n",
    )
    rows = extract_letter(letter).assignments
    assert [(a.identifier, a.marking) for a in rows] == [
        ("2024-tabell-1-nr-1", "Nr. 1"),
        ("2024-tabell-1-nr-2", "Nr. 2"),
    ]
    assert rows[0].text == (
        "Jernbanetilsynet skal greie ut korleis tilsynet kan nytte risikobasert tilsyn overfor mindre aktørar."
    )  # the "Ansvar" column left out
    assert [(d.kind, d.date) for d in rows[0].deadlines] == [("final", dt.date(2024, 6, 1))]
    assert [d.kind for d in rows[1].deadlines] == ["continuous"]


def test_oppdrag_headings_with_or_without_a_separator(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Utdanningsdirektoratet for 2024\n\nKunnskapsdepartementet viser til Prop. 1 S.\n\n"
        "1 Oppdrag\n\nOppdrag 1 Kartlegging av lærermangel\nUtdanningsdirektoratet skal kartlegge.\n\n"
        "Oppdrag nr. 2 – Ny læreplan\nUtdanningsdirektoratet skal revidere.\n\n"
        "Oppdrag 3 skal ses i sammenheng med dette.\n",
    )
    found = extract_letter(letter).assignments
    assert [(a.marking, a.title) for a in found] == [
        ("Oppdrag 1", "Kartlegging av lærermangel"),
        ("Oppdrag 2", "Ny læreplan"),
    ]  # "Oppdrag 3 skal …" is running text, and ends the second assignment
    assert found[1].text == "Utdanningsdirektoratet skal revidere. Oppdrag 3 skal ses i sammenheng med dette."


def test_a_budget_table_with_several_amount_columns_gives_the_years_allocation(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Statens jernbanetilsyn for 2024\n\nSamferdselsdepartementet viser til Prop. 1 S.\n\n"
        "1 Løyvingar\n\n"
        "Kap.   Post   Nemning                          Saldert 2023    Løyving 2024\n"
        "                                                (i 1000 kr)     (i 1000 kr)\n"
        "1352          Jernbanetilsynet\n"
        "       01     Driftsutgifter                         95 000          98 400\n"
        "       21     Spesielle driftsutgifter                4 000           4 250\n"
        "              Sum kap. 1352                          99 000         102 650\n",
    )
    result = extract_letter(letter)
    (chapter,) = result.chapters
    assert [(p.post, p.name, p.amount) for p in chapter.posts] == [
        ("01", "Driftsutgifter", Decimal("98400")),
        ("21", "Spesielle driftsutgifter", Decimal("4250")),
    ]
    assert chapter.total == Decimal("102650") and chapter.unit == "thousand-NOK"
    assert [p for p in result.problems if p.kind.startswith("budget")] == []


def test_text_that_becomes_no_fact_is_reported_with_its_section_and_lines(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Helsedirektoratet for 2024\n\nHelse- og omsorgsdepartementet viser til Prop. 1 S.\n\n"
        "1 Innledning\nDirektoratet har en viktig rolle i helsesektoren.\nDet gjelder også i 2024.\n\n"
        "2 Oppdrag\n\nOppdrag 1: Kartlegging\nHelsedirektoratet skal kartlegge ventetider. Frist: 1. mai 2024\n\n"
        "Innhold\n1 Innledning ........ 1\n\nSide 1 av 1\n",
    )
    result = extract_letter(letter)
    unread = [(p.line_start, p.line_end) for p in result.unread]
    assert (6, 7) in unread  # the two lines of prose in section 1
    assert any("section 1 'Innledning'" in p.message for p in result.unread)
    covered = {n for p in result.unread for n in range(p.line_start, p.line_end + 1)}
    assert not covered & {10, 11, 13, 14, 16}  # the assignment, the contents and the page number are no "unread text"


def test_assignments_under_an_unnumbered_label_and_as_numbered_items(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Utdanningsdirektoratet for 2024\n\nKunnskapsdepartementet viser til Prop. 1 S.\n\n"
        "1 Mål og oppdrag\n\n1.1 Mål 1: God læring\n\nOppdrag\n"
        "1. Utdanningsdirektoratet skal revidere veilederen. Frist: 1. mai 2024.\n"
        "2. Utdanningsdirektoratet skal følge opp ordningen. Oppfølgingen er løpende.\n\n"
        "Styringsparametere\n  • Andel elever som fullfører\n\n"
        "1.2 Mål 2: Gode barnehager\n\nSærskilte oppdrag for 2024:\n"
        "Utdanningsdirektoratet skal kartlegge bemanningen i barnehagene innen utgangen av juni.\n",
    )
    found = extract_letter(letter).assignments
    # the numbered items, the letter's one numbered list, are marked as the letter numbers them ("1.", "2."); their
    # keys stay by place ("…-1.1.oppdrag-1")
    assert [(a.marking, a.goal, a.text.split(" skal ")[1][:12]) for a in found] == [
        ("1.", "1", "revidere vei"),
        ("2.", "1", "følge opp or"),
        ("1.2.oppdrag, avsnitt 1", "2", "kartlegge be"),
    ]
    assert [[(d.meaning, d.date) for d in a.deadlines] for a in found] == [
        [("date", dt.date(2024, 5, 1))],
        [("continuous", None)],
        [("date", dt.date(2024, 6, 30))],
    ]


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("Tillegg nr. 3 til tildelingsbrev for 2023", 3),
        ("Statsbudsjettet 2023 – Tillegg nr. 4 til tildelingsbrev til Direktoratet for e-helse", 4),
        ("Supplerende tildelingsbrev nr. 2 for 2023 – Direktoratet for e-helse", 2),
        ("Endringsbrev nr. 1 – Direktoratet for e-helse 2023", 1),
        ("Tilleggstildelingsbrev 2023 – Direktoratet for e-helse", 1),
        ("Tildelingsbrev til Direktoratet for e-helse for 2023", None),
    ],
)
def test_a_supplement_under_any_of_its_names(tmp_path: Path, title: str, number: int | None) -> None:
    letter = _letter(tmp_path, f"{title}\n\nHelse- og omsorgsdepartementet viser til tildelingsbrevet.\n")
    info = extract_letter(letter).info
    assert info is not None and (info.supplement, info.year) == (number, 2023)


def test_a_goal_without_a_number_keeps_its_steering_parameters(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Arbeidstilsynet for 2025\n\nArbeids- og inkluderingsdepartementet viser til Prop. 1 S.\n\n"
        "1 Mål\n\n1.1 Mål: Et sikkert og seriøst arbeidsliv\n\nStyringsparameter: Andel tilsyn der reaksjon er gitt\n",
    )
    result = extract_letter(letter)
    assert [(g.number, g.label) for g in result.goals] == [("1", "Et sikkert og seriøst arbeidsliv")]
    assert [(s.goal, s.label) for s in result.steering] == [("1", "Andel tilsyn der reaksjon er gitt")]


def test_codes_of_a_letter_and_the_goals_number_in_a_column_of_their_own(tmp_path: Path) -> None:
    """A title page without an address block; "A 1.1" beside the task (the steering parameter "1.1" above is none);
    a label line "Fellesføringer" ends the last assignment."""
    letter = _letter(
        tmp_path,
        "          HELSE- OG OMSORGSDEPARTEMENTET\n\n\n            Tildelingsbrev 2025\n\n"
        "              Helsedirektoratet\n\n\n"
        "1    Mål og oppdrag\n\nHelse- og omsorgsdepartementet viser til Prop. 1 S.\n\n"
        "1.1 Mål 1   Likeverdige tjenester\n\nStyringsparametere\n     1.1    Ventetid i spesialisthelsetjenesten\n\n"
        "Oppdrag\nA 1.1      Helsedirektoratet skal utrede en ny modell for\n"
        "           finansiering av legevakt.\n           Frist: 1. juni 2025\n\n"
        "A 1.2      Helsedirektoratet skal følge opp handlingsplanen.\n           Frist: løpende\n\n"
        "Fellesføringer\nAlle statlige virksomheter skal redusere konsulentbruken.\n",
    )
    result = extract_letter(letter)
    assert result.info is not None and result.info.recipient is not None
    assert result.info.recipient.key == "hdir"
    assert [(a.identifier, a.marking) for a in result.assignments] == [("A1.1", "A 1.1"), ("A1.2", "A 1.2")]
    assert result.assignments[0].text == ("Helsedirektoratet skal utrede en ny modell for finansiering av legevakt.")
    assert "konsulentbruken" not in result.assignments[1].text
    assert [[d.meaning for d in a.deadlines] for a in result.assignments] == [["date"], ["continuous"]]


def test_a_table_whose_first_column_holds_the_ids_beside_a_description(tmp_path: Path) -> None:
    """ "Oppdrag | Beskrivelse | Frist", IDs "KD-UD-1" in the first column, the title on the ID's line; the section's
    lead-in paragraph is no assignment."""
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Utdanningsdirektoratet for 2025\n\nKunnskapsdepartementet viser til Prop. 1 S.\n\n"
        "1     Oppdrag\n\nUtdanningsdirektoratet skal melde fra dersom en frist ikke kan holdes.\n\n"
        "Oppdrag      Beskrivelse                                         Frist\n\n"
        "KD-UD-1      Kartlegging av lærermangel                          1. mars 2025\n"
        "             Utdanningsdirektoratet skal kartlegge behovet for\n"
        "             lærere i grunnskolen.\n\n"
        "KD-UD-2      Ny veileder                                         Løpende\n"
        "             Utdanningsdirektoratet skal revidere veilederen.\n\n"
        "2     Budsjett\n",
    )
    found = extract_letter(letter).assignments
    assert [(a.identifier, a.title) for a in found] == [
        ("KD-UD-1", "Kartlegging av lærermangel"),
        ("KD-UD-2", "Ny veileder"),
    ]
    assert found[0].text == "Utdanningsdirektoratet skal kartlegge behovet for lærere i grunnskolen."
    assert [[(d.meaning, d.date) for d in a.deadlines] for a in found] == [
        [("date", dt.date(2025, 3, 1))],
        [("continuous", None)],
    ]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_title_lines_over_paragraphs_are_one_assignment_each(tmp_path: Path, gap: str) -> None:
    """Unnumbered title lines, each over a paragraph whose first sentence need not give the task; the lead-in
    paragraph without a title is none. Also where a blank line follows every line (``gap``)."""
    text = (
        "Tildelingsbrev til Utdanningsdirektoratet for 2025\n\nKunnskapsdepartementet viser til Prop. 1 S.\n\n"
        "1   Oppdrag for 2025\n\nOppdragene kommer i tillegg til de faste oppgavene. Utdanningsdirektoratet\n"
        "skal melde fra dersom en frist ikke kan holdes.\n\n"
        "Vurdering av eksamensordningen\nDe nye eksamensformene er prøvd ut i tre fylker. Direktoratet\n"
        "skal vurdere erfaringene og gi departementet en samlet vurdering innen\n1. mai 2025.\n\n"
        "Digitale læremidler\nUtdanningsdirektoratet skal følge opp arbeidet med digitale læremidler.\n"
        "Departementet skal holdes løpende orientert.\n"
    )
    letter = _letter(tmp_path, text.replace("\n", gap) if gap != "\n" else text)
    found = extract_letter(letter).assignments
    assert [a.title for a in found] == ["Vurdering av eksamensordningen", "Digitale læremidler"]
    assert [[(d.meaning, d.date) for d in a.deadlines] for a in found] == [
        [("date", dt.date(2025, 5, 1))],
        [("continuous", None)],
    ]
