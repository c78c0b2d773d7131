"""Rules of the genre met in the eighth held-out round (and in the seventh round's third writer), each held against the
lines of the letters that showed it (tests/fixtures/letters) and against small letters written here in another
scheme, numbering or width, so that a rule is shown to read the layout, not the letter.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


def _read(text: str, year: int, cell: bool = False) -> list[tuple[str | None, str, str | None, str | None]]:
    return [
        (
            m.kind,
            m.meaning,
            m.date.isoformat() if m.date else None,
            m.channel or (m.period_start and str(m.period_start)),
        )
        for m in find_deadlines(text, year, cell)
    ]


@pytest.mark.parametrize(
    ("text", "year", "cell", "expected"),
    [
        # tildelingsbrev-2024-dsa, c) (lines 100-101): continuous, then the channel after a clause closed by a comma
        (
            "DSA skal holde departementet løpende orientert og rapportere om status to ganger i året, i "
            "tertialrapportene.",
            2024,
            False,
            [("continuous", "continuous", None, None), ("final", "channel", None, "tertialrapport")],
        ),
        # variant: Nynorsk, "halde … løpande informert og rapportere om framdrifta kvart halvår, i årsrapporten"
        (
            "Etaten skal halde departementet løpande informert og rapportere om framdrifta kvart halvår, "
            "i årsrapporten.",
            2025,
            False,
            [("continuous", "continuous", None, None), ("final", "channel", None, "årsrapport")],
        ),
        # tildelingsbrev-2024-dsa, e) (lines 112-113): a part report with what it is about between it and its date
        (
            "Departementet ber om et forslag til høringsnotat innen 1. november, med en delrapport om "
            "hovedproblemstillingene 1. mai.",
            2024,
            False,
            [("final", "date", "2024-11-01", None), ("preliminary", "date", "2024-05-01", None)],
        ),
        # tildelingsbrev-2024-dsa, j) (line 147): "løpende gjennom året"
        ("Bistanden gis løpende gjennom året.", 2024, False, [("continuous", "continuous", None, None)]),
        # variant: Nynorsk, "løpande gjennom heile året"
        ("Rettleiinga skjer løpande gjennom heile året.", 2025, False, [("continuous", "continuous", None, None)]),
        # tildelingsbrev-2024-imdi, TB-2024-IMDi-4 (line 117): "Frist for oppdraget er innan …"
        ("Frist for oppdraget er innan 1. oktober 2024.", 2024, False, [("final", "date", "2024-10-01", None)]),
        # variant: Bokmål, "Fristen for sluttrapporten blir 15. mars"
        ("Fristen for sluttrapporten blir 15. mars 2025.", 2025, False, [("final", "date", "2025-03-15", None)]),
        # tildelingsbrev-2025-spraakradet, 2025/6 (lines 160-161): Nynorsk plural "etatsstyringsmøta"
        (
            "Språkrådet skal rapportere om status to gonger i året, i samband med\netatsstyringsmøta.",
            2025,
            False,
            [("final", "channel", None, "etatsstyringsmøte")],
        ),
        # variant: Bokmål, "i forbindelse med etatsstyringsmøtene"
        (
            "Status gis i forbindelse med etatsstyringsmøtene.",
            2025,
            False,
            [("final", "channel", None, "etatsstyringsmøte")],
        ),
        # tildelingsbrev-2025-spraakradet, 2025/9 (line 182): the report in brackets after the period's end
        (
            "Status for arbeidet skal omtalast i rapporteringa per 30. april (tertialrapporten).",
            2025,
            False,
            [("final", "channel", None, "tertialrapport")],
        ),
        # variant: "rapporteringen pr. 31. desember (årsrapporten)"
        (
            "Resultatene omtales i rapporteringen pr. 31. desember (årsrapporten).",
            2025,
            False,
            [("final", "channel", None, "årsrapport")],
        ),
        # tildelingsbrev-2025-patentstyret, row 8's Frist cell (lines 136-137): the end of the period reported on
        ("I tertialrapporten\nper 31. august", 2025, True, [("final", "channel", None, "tertialrapport")]),
        # variant: Nynorsk, "Årsrapporten per 31. desember"
        ("Årsrapporten\nper 31. desember", 2024, True, [("final", "channel", None, "årsrapport")]),
    ],
)
def test_deadlines_of_the_eighth_round(text: str, year: int, cell: bool, expected: list[tuple[object, ...]]) -> None:
    assert _read(text, year, cell) == expected


def _letter(tmp_path: Path, text: str, name: str = "tildelingsbrev-2025-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


_HEAD = "Tildelingsbrev til Helsedirektoratet for 2025\n\nHelse- og omsorgsdepartementet viser til Prop. 1 S.\n\n"
_TAIL = "\n9 Budsjett\n\nStortinget har vedtatt bevilgningene.\n"


def _deadlines(assignment):  # type: ignore[no-untyped-def]
    return [(d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines]


def _spans(path: Path) -> dict[str, tuple[int, int]]:
    return {a.marking: (a.line_start, a.line_end) for a in extract_letter(path).assignments}


def test_lettered_items_that_run_on_across_the_goals() -> None:
    # tildelingsbrev-2024-dsa: "Oppdrag under mål 1:" (line 79) over "a)", "b)", on to "j)" under mål 4 (line 146),
    # e) over the page break (lines 107-113); "3.5 Videreførte oppdrag" a paragraph whose sentence holds a date
    # ("Oppdraget fra tilleggsbrev av 14. september 2023 om …", lines 151-153); the closing paragraph on assignments
    # in general ("Oppdrag som ikke er sluttført …", lines 155-156) gives none
    found = extract_letter(LETTERS / "tildelingsbrev-2024-dsa.txt").assignments
    assert [a.marking for a in found] == [f"{c})" for c in "abcdefghij"] + ["3.5, avsnitt 1"]
    assert (found[4].line_start, found[4].line_end) == (107, 113)
    assert found[-1].text.startswith("Oppdraget fra tilleggsbrev av 14. september 2023")
    assert _deadlines(found[-1]) == [("date", "final", dt.date(2024, 4, 1), None)]
    assert _deadlines(found[1]) == [
        ("date", "preliminary", dt.date(2024, 5, 15), None),  # "medio mai" (line 87)
        ("date", "final", dt.date(2024, 12, 1), None),  # "innen" / "1. desember 2024" (87-88)
    ]


def test_lettered_items_of_another_form(tmp_path: Path) -> None:
    # Nynorsk "Oppdrag knytt til hovudmål 1" without a colon; letters that start anew under each goal name no item
    # alone, so the marking says where the item stands
    text = (
        _HEAD + "1 Mål\n\n1.1 Hovudmål 1: God helse\n\nOppdrag knytt til hovudmål 1\n\n"
        "  a)  Direktoratet skal kartleggje ventetidene. Frist: 1. mai 2025.\n\n"
        "  b)  Direktoratet skal greie ut eit nytt tilskot. Frist: 1. juni 2025.\n\n"
        "1.2 Hovudmål 2: Gode tenester\n\nOppdrag knytt til hovudmål 2\n\n"
        "  {c})  Direktoratet skal evaluere ordninga. Frist: 1. oktober 2025.\n" + _TAIL
    )
    running = extract_letter(_letter(tmp_path, text.format(c="c"))).assignments
    assert [a.marking for a in running] == ["a)", "b)", "c)"]
    assert [d.date for a in running for d in a.deadlines] == [dt.date(2025, m, 1) for m in (5, 6, 10)]
    again = extract_letter(_letter(tmp_path, text.format(c="a"), "tildelingsbrev-2025-b.txt")).assignments
    assert [a.marking for a in again] == [
        "1.1.oppdrag, kulepunkt 1",
        "1.1.oppdrag, kulepunkt 2",
        "1.2.oppdrag, kulepunkt 1",
    ]


def test_title_lines_ending_in_their_id_and_an_annex_that_repeats_them() -> None:
    # tildelingsbrev-2024-imdi: "Busetjingsbehov og kapasitet i kommunane (TB-2024-IMDi-1)" (line 86) over its
    # paragraph (87-90); TB-2024-IMDi-6 right after the running header (line 133); TB-2024-IMDi-10 under "4 Andre
    # oppdrag" ends before the paragraphs after it (171); "Vedlegg 1" (lines 322-342) repeats the ten: none more
    found = extract_letter(LETTERS / "tildelingsbrev-2024-imdi.txt").assignments
    assert [a.identifier for a in found] == [f"TB-2024-IMDi-{n}" for n in range(1, 11)]
    assert found[0].title == "Busetjingsbehov og kapasitet i kommunane"
    assert (found[0].line_start, found[0].line_end) == (86, 90)
    assert (found[5].line_start, found[5].line_end) == (133, 136)
    assert (found[9].line_start, found[9].line_end) == (168, 171)
    assert _deadlines(found[3]) == [("date", "final", dt.date(2024, 10, 1), None)]  # "Frist for oppdraget er innan"


def test_title_lines_ending_in_ids_of_other_schemes(tmp_path: Path) -> None:
    # another ID scheme in the brackets, a TB ID, and an overview table "Nr. | Oppdrag | Frist" repeating them
    letter = _letter(
        tmp_path,
        _HEAD + "1 Oppdrag for 2025\n\nKartlegging av ventetider (KD-HKdir-3)\n"
        "Helsedirektoratet skal kartleggje ventetidene i spesialisthelsetenesta og\n"
        "foreslå tiltak. Frist: 1. mai 2025.\n\n"
        "Ny veileder for legemiddelhåndtering (TB2025-04)\n"
        "Helsedirektoratet skal utarbeide en veileder. Frist: 1. september 2025.\n\n"
        "Helsedirektoratet skal varsle departementet om forsinkelser.\n\n"
        "Vedlegg 1 Oversikt\n\n"
        "Nr.            Oppdrag                                Frist\n"
        "KD-HKdir-3     Kartlegging av ventetider              1. mai 2025\n"
        "TB2025-04      Ny veileder for legemiddelhåndtering   1. september 2025\n" + _TAIL,
    )
    found = extract_letter(letter).assignments
    assert [a.identifier for a in found] == ["KD-HKdir-3", "TB2025-04"]
    assert [a.title for a in found] == ["Kartlegging av ventetider", "Ny veileder for legemiddelhåndtering"]
    assert [_deadlines(a) for a in found] == [
        [("date", "final", dt.date(2025, 5, 1), None)],
        [("date", "final", dt.date(2025, 9, 1), None)],
    ]


def test_headings_with_a_year_and_number_and_a_slash() -> None:
    # tildelingsbrev-2025-spraakradet: "Oppdrag 2025/1  Norske språkressursar for kunstig intelligens" (line 123) over
    # its paragraph; 2025/7 over the page break (163-171); "Oppdrag 2024/5  Språkstatus" carried over (186-188);
    # "jf. oppdrag 2025/1" in the budget's prose (lines 211-212) is a reference
    found = _spans(LETTERS / "tildelingsbrev-2025-spraakradet.txt")
    assert list(found) == [f"2025/{n}" for n in range(1, 10)] + ["2024/5"]
    assert found["2025/7"] == (163, 171) and found["2024/5"] == (186, 188)


def test_headings_with_a_slash_of_another_width(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        _HEAD + "1 Oppdrag\n\nOppdrag nr. 2025/12: Evaluering av fritt behandlingsvalg\n"
        "Helsedirektoratet skal evaluere ordninga. Frist: 1. mars 2025.\n\n"
        "Oppdrag 2025/13 – Nasjonal veileder\nHelsedirektoratet skal utarbeide en veileder. Løpende.\n" + _TAIL,
    )
    found = extract_letter(letter).assignments
    assert [(a.identifier, a.title) for a in found] == [
        ("2025/12", "Evaluering av fritt behandlingsvalg"),
        ("2025/13", "Nasjonal veileder"),
    ]


def test_a_table_with_a_rule_under_its_header() -> None:
    # tildelingsbrev-2025-tolletaten, "Vedlegg 2" (lines 307-391): "Nr. | Oppdrag | Frist | Rapportering" over a rule
    # of dashes (line 311), repeated after the page break (lines 351-352); TOLL-25-06's row over it (347-358); the
    # paragraph "Status for alle oppdrag skal omtales kort i tertialrapportene …" (lines 111-113) gives none
    found = {a.identifier: a for a in extract_letter(LETTERS / "tildelingsbrev-2025-tolletaten.txt").assignments}
    assert list(found) == [f"TOLL-25-0{n}" for n in range(1, 10)] + ["TOLL-24-06"]
    assert (found["TOLL-25-06"].line_start, found["TOLL-25-06"].line_end) == (347, 358)
    assert _deadlines(found["TOLL-25-01"]) == [
        ("date", "preliminary", dt.date(2025, 5, 1), None),  # "Delrapport 1. mai," (line 315)
        ("date", "final", dt.date(2025, 11, 1), None),  # "endelig rapport" / "innen 1." / "november" (316-318)
    ]
    assert ("channel", "final", None, "etatsstyringsmøte") in _deadlines(found["TOLL-25-09"])  # lines 372-373


def test_a_table_with_a_rule_of_another_width(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        _HEAD + "1 Oppdrag\n\nAlle oppdrag skal omtales i årsrapporten.\n\n"
        "ID         Oppdrag                              Frist\n"
        "___________________________________________________________\n"
        "HD-25-1    Helsedirektoratet skal kartlegge     1. mai 2025\n"
        "           ventetidene.\n"
        "HD-25-2    Helsedirektoratet skal utarbeide     Løpende\n"
        "           en veileder.\n" + _TAIL,
    )
    found = extract_letter(letter).assignments
    assert [a.identifier for a in found] == ["HD-25-1", "HD-25-2"]
    assert [_deadlines(a) for a in found] == [
        [("date", "final", dt.date(2025, 5, 1), None)],
        [("continuous", "continuous", None, None)],
    ]


def test_areas_over_numbered_sub_sections_and_titles_ending_in_a_colon() -> None:
    # tildelingsbrev-2025-dfo: "4.1 Lønns- og regnskapstjenester" over "4.1.1 Plan for overgang …" (line 97), each
    # sub-section one assignment, the areas none; the table of contents (lines 22-37) none; "4.4 Videreførte
    # oppdrag" with "Felles økonomisystem for departementene:" (line 153) and "Oppfølging av Riksrevisjonens
    # undersøkelse av internkontroll:" (line 159, after the page break) over their paragraphs
    found = extract_letter(LETTERS / "tildelingsbrev-2025-dfo.txt").assignments
    assert [a.marking for a in found][:7] == ["4.1.1", "4.1.2", "4.2.1", "4.2.2", "4.2.3", "4.3.1", "4.3.2"]
    assert (found[0].line_start, found[0].line_end) == (97, 105)  # its deadline sentence split by the page break
    assert [a.title for a in found[7:]] == [
        "Felles økonomisystem for departementene",
        "Oppfølging av Riksrevisjonens undersøkelse av internkontroll",
    ]
    assert _deadlines(found[8]) == [("date", "final", dt.date(2026, 1, 15), None)]  # line 162


def test_areas_and_colon_titles_of_another_numbering(tmp_path: Path) -> None:
    # sections "2 Særskilte oppdrag" / "2.1 Helse" / "2.1.1 …" (another heading word), and a lead-in ending in a
    # colon that names the kind of assignments below it ("Følgende oppdrag videreføres:") is no title
    letter = _letter(
        tmp_path,
        _HEAD + "1 Innledning\n\nDepartementet viser til budsjettet.\n\n2 Særskilte oppdrag\n\n2.1 Helse\n\n"
        "2.1.1 Ventetider\n\n"
        "Helsedirektoratet skal kartlegge ventetidene. Frist: 1. mai 2025.\n\n"
        "2.1.2 Legemidler\n\nHelsedirektoratet skal utarbeide en veileder innen 1. juni 2025.\n\n"
        "2.2 Videreførte oppdrag\n\nFølgende oppdrag videreføres:\n\n"
        "Fritt behandlingsvalg:\nHelsedirektoratet skal evaluere ordningen innen 1. mars 2025.\n\n"
        "Nasjonal e-helsestrategi:\nHelsedirektoratet skal rapportere om framdriften i årsrapporten.\n" + _TAIL,
    )
    found = extract_letter(letter).assignments
    assert [a.marking for a in found][:2] == ["2.1.1", "2.1.2"]
    assert [a.title for a in found[2:]] == ["Fritt behandlingsvalg", "Nasjonal e-helsestrategi"]


def test_a_table_without_ids_whose_task_runs_on_beside_a_wrapped_deadline() -> None:
    # tildelingsbrev-2025-patentstyret, "Tabell 1 Oppdrag for 2025" (lines 96-138): row 3's task "… gjennomføre" /
    # "EUs designreform …" beside "Foreløpig vurdering" / "15.3.2025," / "endelig vurdering" / "1.9.2025" (108-111)
    # is one row; the carried-over paragraph after the table (lines 140-143) is one more; the priorities of section
    # 4 ("Patentstyret skal videreføre arbeidet …", "skal fortsette …", lines 82-86) are none
    found = extract_letter(LETTERS / "tildelingsbrev-2025-patentstyret.txt").assignments
    assert len(found) == 9
    assert (found[2].line_start, found[2].line_end) == (108, 110)
    assert _deadlines(found[2]) == [
        ("date", "preliminary", dt.date(2025, 3, 15), None),
        ("date", "final", dt.date(2025, 9, 1), None),
    ]
    assert found[-1].text.startswith("Oppdraget fra tildelingsbrevet for 2024 om å utvikle et kurstilbud")
    assert _deadlines(found[-1]) == [("date", "final", dt.date(2025, 12, 31), None)]  # "innen utgangen av året"
    assert _deadlines(found[7]) == [("channel", "final", None, "tertialrapport")]  # no 31 August (lines 136-137)


def test_a_table_without_ids_of_another_width(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        _HEAD + "1 Oppdrag\n\nDepartementet gir Helsedirektoratet følgende oppdrag for 2025. Oppdragene kommer i\n"
        "tillegg til de løpende oppgavene, og de skal gjennomføres i dialog med departementet og\n"
        "med berørte etater.\n\n"
        "Oppdrag                                                  Frist\n\n"
        "Helsedirektoratet skal utarbeide en plan for             Delrapport\n"
        "Nasjonal helseberedskap og vurdere tiltak.               1.4.2025, endelig\n"
        "                                                         rapport 1.10.2025\n\n"
        "Helsedirektoratet skal evaluere ordningen og             Løpende\n"
        "foreslå endringer i forskriften.\n\n"
        "2 Budsjett\n\nStortinget har vedtatt bevilgningene for 2025, og departementet stiller dem til\n"
        "disposisjon for direktoratet etter reglene i økonomiregelverket.\n",
    )
    found = extract_letter(letter).assignments
    assert len(found) == 2
    assert found[0].text.startswith("Helsedirektoratet skal utarbeide en plan for Nasjonal helseberedskap")
    assert _deadlines(found[0]) == [
        ("date", "preliminary", dt.date(2025, 4, 1), None),
        ("date", "final", dt.date(2025, 10, 1), None),
    ]


def test_an_assignment_carried_over_by_its_code_after_the_table() -> None:
    # tildelingsbrev-2025-nsm: "Oppdrag NSM-24-06 fra tildelingsbrevet for 2024 om … er ikke sluttført. Oppdraget
    # videreføres, …" (lines 205-208) under "Videreførte oppdrag"; "jf." / "oppdrag NSM-25-03. Midlene …" (lines
    # 242-243) is a reference
    found = _spans(LETTERS / "tildelingsbrev-2025-nsm.txt")
    assert list(found) == [f"NSM-25-{n:02d}" for n in range(1, 11)] + ["NSM-24-06"]
    assert found["NSM-24-06"] == (205, 208)
    # tildelingsbrev-2025-konkurransetilsynet: "Oppdrag NFD-KT-24-5 fra … ble avsluttet … og videreføres ikke"
    # (lines 171-172) is none
    konk = [a.identifier for a in extract_letter(LETTERS / "tildelingsbrev-2025-konkurransetilsynet.txt").assignments]
    assert "NFD-KT-24-5" not in konk


def test_a_code_in_a_column_beside_an_assignment_carried_over() -> None:
    # tildelingsbrev-2024-met: "KLD-MET-2023-4    Oppdraget frå tildelingsbrevet for 2023 om …" (line 153) in a
    # hanging indent; the paragraph at the margin after it (lines 157-158) is no part of it
    found = _spans(LETTERS / "tildelingsbrev-2024-met.txt")
    assert found["KLD-MET-2023-4"] == (153, 155)


def test_codes_of_other_schemes_carried_over_and_referred_to(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        _HEAD + "1 Oppdrag\n\n"
        "ID            Oppdrag                                  Frist\n"
        "HDIR-25-1     Helsedirektoratet skal kartlegge         1. mai 2025\n"
        "              ventetidene.\n\n"
        "Oppdrag HDIR-24-3 fra tildelingsbrevet for 2024 om nasjonal veileder er ikke fullført.\n"
        "Oppdraget videreføres, og sluttrapport leveres innen 1. mars 2025.\n\n"
        "Oppdrag HDIR-24-4 fra tildelingsbrevet for 2024 er levert og videreføres ikke.\n\n"
        "Midlene er knyttet til arbeidet, jf.\noppdrag HDIR-25-1. Resten går til drift.\n" + _TAIL,
    )
    found = extract_letter(letter).assignments
    assert [a.identifier for a in found] == ["HDIR-25-1", "HDIR-24-3"]
    assert _deadlines(found[1]) == [("date", "final", dt.date(2025, 3, 1), None)]
