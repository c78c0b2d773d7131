"""Rules of the genre met in the eleventh held-out round, group k, each held against the lines of the letters that
showed it (tests/fixtures/letters: NFD to Brønnøysundregistrene 2025, KUD to Norsk filminstitutt 2022, Nynorsk) and
against small letters written here in another ministry or language form, so that a rule is shown to read the
layout, not the letter.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own), as the
truths (``*.truth.yaml``) count them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.unknown import find_unknown_actors

HERE = Path(__file__).resolve().parent
LETTERS = HERE / "fixtures" / "letters"


def _letter(tmp_path: Path, text: str, name: str = "tildelingsbrev-2024-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _deadlines(assignment):  # type: ignore[no-untyped-def]
    return sorted(
        ((d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines),
        key=lambda d: (d[0], d[1], str(d[2]), str(d[3])),
    )


# --- a table "Frist | Oppdrag", the deadline column first -------------------------------------------------------


def test_a_table_with_the_deadline_column_first() -> None:
    # tildelingsbrev-2025-brreg, "4.3 Oppdrag for 2025": header "Frist  Oppdrag" (line 105), ten unnumbered rows,
    # each task cell a title line over its text ("1. mars | Gevinstrealisering i Enhetsregisteret", line 106);
    # the ninth row runs over the page break with the header repeated (lines 146-154)
    found = extract_letter(LETTERS / "tildelingsbrev-2025-brreg.txt").assignments
    table = [a for a in found if a.section == "4.3"]
    assert len(table) == 10
    assert table[0].title == "Gevinstrealisering i Enhetsregisteret"
    assert table[0].text.startswith("Brønnøysundregistrene skal levere en oversikt over realiserte")
    assert ("date", "final", dt.date(2025, 3, 1), None) in _deadlines(table[0])  # "1. mars", no year (line 106)
    assert ("date", "final", dt.date(2025, 5, 31), None) in _deadlines(table[1])  # "ultimo mai" (line 111)
    carried = table[8]
    assert carried.title.startswith("Oppfølging av Riksrevisjonens undersøkelse")
    assert "gjøre rede for hvilke tiltak" in carried.text  # the row's rest after the repeated header (line 152)
    # "Innen 1. juni og / 1. desember" (lines 125-126), the text "en statusrapport innen 1. juni og en sluttrapport
    # … innen 1. desember" (lines 127-128): the first a status report
    kinds = {(d.kind, d.date) for d in table[4].deadlines}
    assert ("preliminary", dt.date(2025, 6, 1)) in kinds and ("final", dt.date(2025, 6, 1)) not in kinds
    # "primo oktober" (line 131): the first ten days of the month
    assert ("period", "final", dt.date(2025, 10, 10), None) in _deadlines(table[5])
    assert [d.period_start for d in table[5].deadlines if d.meaning == "period"] == [dt.date(2025, 10, 1)]


def test_a_deadline_first_table_of_another_ministry_in_nynorsk(tmp_path: Path) -> None:
    text = (
        "DET KONGELEGE\nKLIMA- OG MILJØDEPARTEMENT\n\nTildelingsbrev for 2024 til Miljødirektoratet\n\n"
        "3 Oppdrag\n\n"
        "Frist                Oppdrag\n"
        "1. april             Kartlegging av framande artar\n"
        "                     Miljødirektoratet skal kartleggje utbreiinga av framande artar i\n"
        "                     kystsona.\n\n"
        "primo juni           Rettleiing til kommunane\n"
        "                     Miljødirektoratet skal utarbeide ei rettleiing om\n"
        "                     naturmangfald i arealplanar.\n\n"
        "Oppdrag som ikkje kan gjennomførast innan fristen, skal takast opp med departementet.\n\n"
        "4 Budsjett\n"
    )
    found = extract_letter(_letter(tmp_path, text)).assignments
    assert [a.title for a in found] == ["Kartlegging av framande artar", "Rettleiing til kommunane"]
    assert ("date", "final", dt.date(2024, 4, 1), None) in _deadlines(found[0])
    assert [(d.period_start, d.date) for d in found[1].deadlines] == [(dt.date(2024, 6, 1), dt.date(2024, 6, 10))]


def test_primo_is_a_period_of_the_months_first_days() -> None:
    found = [(m.meaning, m.period_start, m.date) for m in find_deadlines("Rapporten leveres primo mars 2026.", 2026)]
    assert ("period", dt.date(2026, 3, 1), dt.date(2026, 3, 10)) in found


# --- a dated request beside the table --------------------------------------------------------------------------


def test_a_dated_request_in_a_section_beside_the_table() -> None:
    # tildelingsbrev-2025-brreg, "4.4 Digitalisering" (lines 167-168): "NFD ber Brønnøysundregistrene utarbeide en
    # plan for ansvarlig bruk av kunstig intelligens … Frist: 1. november 2025."; "4.2 Prioriteringer" (lines 93-96)
    # asks without a day and gives none
    found = extract_letter(LETTERS / "tildelingsbrev-2025-brreg.txt").assignments
    assert [a.section for a in found if a.section in ("4.1", "4.2", "4.4")] == ["4.4"]
    request = next(a for a in found if a.section == "4.4")
    assert request.text.startswith("NFD ber Brønnøysundregistrene utarbeide en plan")
    assert ("date", "final", dt.date(2025, 11, 1), None) in _deadlines(request)


# --- an overview's row and the section it repeats --------------------------------------------------------------


def test_an_overview_row_and_its_section_are_one_assignment() -> None:
    # tildelingsbrev-2022-filminstituttet: "4.1.1 Oppdrag: Evaluering av tilskotsordningane for dokumentarfilm"
    # (line 64, deadline "Fristen er / 1. september 2022", lines 68-69) and the row "KUD-NFI-2022-01 Evaluering av
    # tilskotsordningane for / dokumentarfilm" of "Vedlegg 2 Oversikt over oppdrag" (lines 257-258); 4.2.1's row
    # shortens its title "(med Nasjonalbiblioteket)" (line 261) where the heading says "– felles oppdrag med …"
    found = extract_letter(LETTERS / "tildelingsbrev-2022-filminstituttet.txt").assignments
    assert [a.identifier for a in found] == [f"KUD-NFI-2022-{n:02d}" for n in range(1, 11)]
    first = found[0]
    assert first.title == "Evaluering av tilskotsordningane for dokumentarfilm"
    assert first.line_start <= 64 and first.text.startswith("Dei siste åra har talet på søknader")
    assert ("date", "final", dt.date(2022, 9, 1), None) in _deadlines(first)
    assert found[3].title == "Digitalisering av filmarven"
    # the bullets of 4.1.3 (lines 82-84) and the standing tasks of 4.1 (lines 61-62) are no assignments
    assert not any(a.identifier.startswith("2022-punkt") for a in found)


def test_an_overview_linked_to_its_sections_in_another_letter(tmp_path: Path) -> None:
    text = (
        "DET KONGELIGE\nKOMMUNAL- OG DISTRIKTSDEPARTEMENTET\n\nTildelingsbrev for 2024 til Husbanken\n\n"
        "1 Innledning\n\nDepartementet stiller midler til disposisjon for Husbanken.\n\n"
        "2 Situasjonen\n\nBoligmarkedet er stramt.\n\n"
        "3 Mål og oppdrag\n\n"
        "3.1 Hovedmål 1: Flere eier egen bolig\n\n"
        "Husbanken skal som før forvalte startlånet. Dette er faste oppgaver.\n\n"
        "3.1.1 Oppdrag: Evaluering av startlånet – sammen med kommunene\n\n"
        "Husbanken skal evaluere startlånet og foreslå endringer. Fristen er 1. oktober 2024.\n\n"
        "3.1.2 Oppdrag: Veileder for bostøtte\n\n"
        "Husbanken skal lage en veileder for kommunene:\n"
        "  •   om søknader\n"
        "  •   om klager\n"
        "(Frist: 1. mai 2024)\n\n"
        "4 Budsjett\n\n"
        "Vedlegg 1 Oversikt over oppdrag\n\n"
        "Nr.              Oppdrag                                   Frist\n"
        "KDD-HB-2024-01   Evaluering av startlånet (med kommunene)  1. oktober 2024\n"
        "KDD-HB-2024-02   Veileder for bostøtte                     1. mai 2024\n"
    )
    found = extract_letter(_letter(tmp_path, text)).assignments
    assert [(a.identifier, a.title) for a in found] == [
        ("KDD-HB-2024-01", "Evaluering av startlånet"),
        ("KDD-HB-2024-02", "Veileder for bostøtte"),
    ]
    assert found[0].text.startswith("Husbanken skal evaluere startlånet")


# --- actors -----------------------------------------------------------------------------------------------------


def test_names_joined_by_an_ampersand_and_an_international_institute() -> None:
    # tildelingsbrev-2022-filminstituttet: "i samarbeid med Film & Kino" (line 116), "samarbeidet med Nordisk Film &
    # TV Fond" (line 153), "Internasjonalt samisk / filminstitutt" (lines 75-76)
    gazetteer = load_gazetteer()
    text = (
        "NFI skal i samarbeid med Film & Kino vurdere tiltak, og styrkje samarbeidet med Nordisk Film & TV Fond. "
        "Utgreiinga skal gjerast i dialog med Internasjonalt samisk filminstitutt."
    )
    names = [m.form for m in find_unknown_actors(text, gazetteer)]
    assert "Film & Kino" in names and "Nordisk Film & TV Fond" in names
    assert "Internasjonalt samisk filminstitutt" in names
    assert "Nordisk Film" not in names


def test_a_fund_in_the_indefinite_is_still_no_body() -> None:
    # the rule kept: "Norsk kulturfond" names money under a post; "Bokmål: Norsk Kulturråd & Fond" is not asked
    names = [m.form for m in find_unknown_actors("Midlene går til Norsk kulturfond i 2024.", load_gazetteer())]
    assert "Norsk kulturfond" not in names
