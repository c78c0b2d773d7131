"""Rules of the genre met in the tenth held-out round, group h, each held against the lines of the letters that
showed it (tests/fixtures/letters: SSB 2026, Norsk Polarinstitutt 2023; tests/fixtures/supplements: supplerende
nr. 1 2026 to SSB) and against small letters written here in another language form, ministry or width, so that a
rule is shown to read the layout, not the letter.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.supplement_prose import explicit_ref, withdrawal_sentence
from tbgraph.extract.truth import extraction_actors
from tbgraph.extract.unknown import find_unknown_actors

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


def _letter(tmp_path: Path, text: str, name: str = "tildelingsbrev-2025-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _deadlines(assignment):  # type: ignore[no-untyped-def]
    found = [(d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines]
    return found + [(d.meaning, d.kind, d.date, d.channel) for p in assignment.parts for d in p.deadlines]


def _read(text: str, year: int, cell: bool = False) -> list[tuple[object, ...]]:
    return [(m.meaning, m.kind, m.date, m.channel) for m in find_deadlines(text, year, cell)]


# -- a table "Mål | Oppdrag | Frist | Rapportering" ---------------------------------------------------------------


def test_a_table_whose_first_column_names_the_goal() -> None:
    # tildelingsbrev-2023-polarinstituttet, Tabell 1 (lines 119-177): "Mål | Oppdrag | Frist | Rapportering", the Mål
    # cell repeating the goal's number ("1", "1", "2", …): eight rows keyed by place, row 5 over the page break with
    # the header repeated (line 156), its text running on there (158-160)
    found = extract_letter(LETTERS / "tildelingsbrev-2023-polarinstituttet.txt").assignments
    assert [a.marking for a in found] == [f"rad {n}" for n in range(1, 9)]
    assert [a.line_start for a in found] == [123, 129, 135, 143, 149, 162, 168, 174]
    assert found[4].line_end == 160 and found[4].text.endswith("der departementet ber om det.")
    # row 1 "15. november" / "2023" beside "Eige notat" (lines 123-124)
    assert _deadlines(found[0]) == [
        ("date", "final", dt.date(2023, 11, 15), None),
        ("channel", "final", None, "eget notat"),
    ]
    # row 3 "Delrapport / 1.4.2023 / Sluttrapport / 1.10.2023" (lines 135-138): the final report names itself
    assert ("date", "final", dt.date(2023, 10, 1), None) in _deadlines(found[2])
    assert ("date", "preliminary", dt.date(2023, 4, 1), None) in _deadlines(found[2])
    # row 4 "Etatsstyrings-" / "møte" in the Rapportering column (lines 143-144)
    assert ("channel", "final", None, "etatsstyringsmøte") in _deadlines(found[3])


def test_a_goal_table_of_another_ministry_and_width(tmp_path: Path) -> None:
    # Bokmål, "Hovedmål | Oppdrag | Frist | Rapportering", narrower columns, goal numbers repeating
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Kystverket for 2025\n\n1. Innledning\n\n"
        "Samferdselsdepartementet viser til Prop. 1 S.\n\n2. Oppdrag\n\n"
        "Hovedmål  Oppdrag                               Frist          Rapportering\n\n"
        "1         Kystverket skal utrede nye farleder   1. mai 2025    Eget notat\n"
        "          i Nord-Norge.\n\n"
        "1         Kystverket skal kartlegge behovet     Løpende        Tertialrapport\n"
        "          for nye fyrlykter.\n\n"
        "2         Kystverket skal vurdere gebyrene      Delrapport     Årsrapport\n"
        "          for los.                              1.3.2025\n"
        "                                                Sluttrapport\n"
        "                                                1.9.2025\n\n"
        "3. Budsjett\n\nStortinget har vedtatt bevilgningene.\n",
    )
    found = extract_letter(letter).assignments
    assert [a.marking for a in found] == ["rad 1", "rad 2", "rad 3"]
    assert _deadlines(found[0]) == [
        ("date", "final", dt.date(2025, 5, 1), None),
        ("channel", "final", None, "eget notat"),
    ]
    assert ("continuous", "continuous", None, None) in _deadlines(found[1])
    assert ("date", "final", dt.date(2025, 9, 1), None) in _deadlines(found[2])
    assert ("date", "preliminary", dt.date(2025, 3, 1), None) in _deadlines(found[2])


def test_a_report_of_its_own_in_a_reporting_column() -> None:
    # tildelingsbrev-2023-polarinstituttet line 123: "Eige notat" (Nynorsk); Bokmål "Eget notat"; not in prose
    assert _read("Eige notat", 2023, cell=True) == [("channel", "final", None, "eget notat")]
    assert _read("Eget notat", 2025, cell=True) == [("channel", "final", None, "eget notat")]
    assert _read("Vi viser til eget notat om saken.", 2025) == []


# -- a lettered list of assignments ------------------------------------------------------------------------------


def test_lettered_assignments_with_a_sub_list_and_a_title_line() -> None:
    # tildelingsbrev-2026-ssb, DEL III "Særskilte oppdrag for 2026" (lines 131-200): items "a)" … "j)" marked by their
    # letter, each titled by its first line; c)'s bullets (150-152) are part of c); the lead-in "Departementet ber
    # SSB om å utføre følgende særskilte oppdrag i 2026" (line 127) is none; the steering parameters a) b) c) under
    # "Styringsparametre:" (lines 91-120) are none
    found = extract_letter(LETTERS / "tildelingsbrev-2026-ssb.txt").assignments
    lettered = [a for a in found if a.marking.endswith(")")]
    assert [a.marking for a in lettered] == [f"{c})" for c in "abcdefghij"]
    assert lettered[0].line_start == 133
    assert lettered[2].title == "Gjennomgang av konsumprisindeksen"
    assert lettered[2].line_end == 154 and "skannerdata" in lettered[2].text
    assert ("channel", "final", dt.date(2027, 3, 15), "årsrapport") in _deadlines(lettered[2])  # line 154
    # h) over the page break, "01.10.2026" after it (lines 180-189)
    assert lettered[7].line_end == 189 and _deadlines(lettered[7]) == [("date", "final", dt.date(2026, 10, 1), None)]
    # d) "orientere departementet om fremdrift, kostnader og risiko løpende i etatsstyringsmøtene" (lines 159-160)
    assert {d[0] for d in _deadlines(lettered[3])} == {"continuous", "channel"}


def test_a_lettered_list_in_nynorsk_of_another_ministry(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Statens kartverk for 2025\n\n1. Innleiing\n\n"
        "Kommunal- og distriktsdepartementet viser til Prop. 1 S.\n\n2. Oppdrag\n\n"
        "Departementet ber Kartverket om å gjennomføre følgjande oppdrag i 2025.\n\n"
        "Oppdrag for 2025\n\n"
        "a) Ny høgdemodell for kysten\n"
        "   Kartverket skal lage ein ny høgdemodell. Arbeidet skal mellom anna omfatte:\n"
        "     –  djupnedata frå sjøkart\n"
        "     –  laserdata frå land\n"
        "   Frist for oppdraget er 1. oktober 2025.\n\n"
        "b) Stadnamn i samiske område\n"
        "   Kartverket skal gå gjennom stadnamna. Frist for oppdraget er 1. juni 2025.\n\n"
        "3. Løyvingar\n\nStortinget har vedteke løyvingane.\n",
    )
    found = extract_letter(letter).assignments
    assert [(a.marking, a.title) for a in found] == [
        ("a)", "Ny høgdemodell for kysten"),
        ("b)", "Stadnamn i samiske område"),
    ]
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 10, 1), None)]


def test_continuous_through_a_channel() -> None:
    # tildelingsbrev-2026-ssb lines 159-160; Nynorsk variant
    assert [
        m[:2] for m in _read("SSB skal orientere departementet om fremdrift løpende i etatsstyringsmøtene.", 2026)
    ] == [
        ("channel", "final"),
        ("continuous", "continuous"),
    ]
    assert {m[0] for m in _read("Direktoratet skal rapportere om framdrifta løpande i etatsstyringsmøta.", 2025)} == {
        "channel",
        "continuous",
    }


# -- requests by a day in the budget section ------------------------------------------------------------------------


def test_dated_requests_in_the_budget_section() -> None:
    # tildelingsbrev-2026-ssb, DEL IV (lines 230-232, 235-237): "Departementet ber SSB om å utarbeide en oversikt …
    # innen 1. mars 2026." after "kap. 3620 post 01." and "… legge fram en plan … innen 15. oktober 2026."; the
    # allocation's terms around them ("Bevilgningen på post 01 er økt med 9,2 mill. kroner …") are none
    found = extract_letter(LETTERS / "tildelingsbrev-2026-ssb.txt").assignments
    prose = [a for a in found if not a.marking.endswith(")")]
    assert [(a.line_start, a.line_end) for a in prose] == [(230, 232), (235, 237)]
    assert prose[0].text.startswith("Departementet ber SSB om å utarbeide en oversikt")
    assert _deadlines(prose[0]) == [("date", "final", dt.date(2026, 3, 1), None)]
    assert _deadlines(prose[1]) == [("date", "final", dt.date(2026, 10, 15), None)]


def test_a_dated_request_in_a_nynorsk_budget_section(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Statens kartverk for 2025\n\n1. Innleiing\n\n"
        "Kommunal- og distriktsdepartementet viser til Prop. 1 S.\n\n2. Løyvingar for 2025\n\n"
        "Løyvinga på post 01 er auka med 3 mill. kroner. KDD ber Kartverket om å leggje fram ein plan for\n"
        "bruken av midlane innan 1. april 2025. Departementet ber Kartverket om å halde kostnadene nede.\n",
    )
    found = extract_letter(letter).assignments
    assert len(found) == 1 and found[0].text.startswith("KDD ber Kartverket om å leggje fram")
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 4, 1), None)]


# -- actors ---------------------------------------------------------------------------------------------------------


def test_names_the_letters_read() -> None:
    # Polarinstituttet: "Norsk institutt for natur-" / "forsking (NINA)" in a table cell (lines 129-130), Arktisk
    # råd (54), Universitetssenteret på Svalbard (UNIS) (57), Komiteen for miljøvern (CEP) (165); SSB: Eurostat
    # (67), OECD (68)
    for name, wanted in (
        (
            "tildelingsbrev-2023-polarinstituttet.txt",
            {"arktisk-rad", "unis", "cep", "norsk-institutt-for-naturforsking"},
        ),
        ("tildelingsbrev-2026-ssb.txt", {"eurostat", "oecd"}),
    ):
        keys = {e.key for e in extraction_actors(extract_letter(LETTERS / name))}
        assert wanted <= keys | {k.replace("naturforskning", "naturforsking") for k in keys}, wanted - keys


def test_capitalised_words_that_name_no_body() -> None:
    # «Kronprins Haakon» (a vessel), "(SEEA EA)" (a standard), "på Svalbard og Jan Mayen" (a place); a body stays
    gazetteer = load_gazetteer()
    text = (
        "Fartøyet «Kronprins Haakon» og standarden (SEEA EA) skal brukes på Svalbard og Jan Mayen i samarbeid "
        "med Kings Bay AS og Polar Logistikk Gruppen."
    )
    names = [m.form for m in find_unknown_actors(text, gazetteer)]
    assert "Kronprins Haakon" not in names and "SEEA EA" not in names and "Jan Mayen" not in names
    assert any("Polar Logistikk Gruppen" in n for n in names)


# -- the supplement ---------------------------------------------------------------------------------------------------


def test_a_lettered_item_named_in_a_supplement() -> None:
    # supplerende-nr-1-2026-ssb line 46: "Oppdrag g) Statistikk over sykefravær i kommunal sektor utgår."; line 52
    # "oppdrag b) om statistikk over formuesfordelingen"; Nynorsk variant
    ref, _day = withdrawal_sentence("Oppdrag g) Statistikk over sykefravær i kommunal sektor utgår.")  # type: ignore[misc]
    assert ref.marking == "g)"
    assert explicit_ref("Fristen for endelig rapport i oppdrag b) om statistikk over formuesfordelingen") == "b)"
    ref, _day = withdrawal_sentence("Oppdraget c) om stadnamn fell bort.")  # type: ignore[misc]
    assert ref.marking == "c)"
