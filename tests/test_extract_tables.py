"""Tables of assignments read by their columns' names (``tbgraph.extract.tables``), held against small letters written
here in the genre: header shapes the fixture letters do not all show (a column before "Oppdrag", after "Frist", the
deadline first, "Status", "Ansvar", a header over two lines, Bokmål and Nynorsk), rows with and without a number
column, a row over a page break with the header repeated, a deadline cell wrapped over lines; and tables that give no
assignment (budget posts, steering parameters, a reporting calendar).

Each test writes the rows it expects by hand, before the letter is read: marking (or title), first line, deadlines.
Line numbers are the letter's own (``str.splitlines``); every letter opens with the same ten lines (``_HEAD``), so
that a table written straight after it has its header on line 12.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tbgraph.extract import extract_letter
from tbgraph.extract.model import Assignment

_HEAD = (
    "DET KONGELIGE\n"  # 1
    "KUNNSKAPSDEPARTEMENT\n"  # 2
    "\n"
    "Tildelingsbrev til Utdanningsdirektoratet for 2025\n"  # 4
    "\n"
    "1. Innledning\n"  # 6
    "\n"
    "Departementet viser til Prop. 1 S (2024–2025) og Innst. 12 S (2024–2025).\n"  # 8
    "\n"
    "2. Oppdrag for 2025\n"  # 10
    "\n"
)
#: After the table: a section of running text, so that the letter is not one whose every line has a blank line after it
_TAIL = (
    "\n\n3. Budsjett\n\n"
    "Stortinget har vedtatt bevilgningene for 2025. Departementet stiller midlene til disposisjon for\n"
    "Utdanningsdirektoratet etter reglene i reglement for økonomistyring i staten. Direktoratet skal\n"
    "disponere midlene i samsvar med forutsetningene i budsjettproposisjonen og i dette brevet, og\n"
    "skal gi departementet melding dersom det blir vesentlige avvik fra det som er forutsatt. Midler\n"
    "som ikke er brukt ved årets slutt, kan overføres etter de reglene som gjelder for posten. Direktoratet\n"
    "skal også sørge for at midlene forvaltes effektivt og i tråd med god økonomistyring, og at det er\n"
    "etablert internkontroll som er tilpasset risiko og vesentlighet. Departementet vil følge opp\n"
    "bruken av midlene i etatsstyringsmøtene og i dialogen gjennom året, og ber om at direktoratet\n"
    "rapporterer om ressursbruken i årsrapporten. Vesentlige endringer i forutsetningene skal tas opp\n"
    "med departementet så snart som mulig.\n"
    "\nMed hilsen\n\nKari Nordmann\n"
)


def _read(tmp_path: Path, table: str, head: str = _HEAD, tail: str = _TAIL) -> list[Assignment]:
    path = tmp_path / "tildelingsbrev-2025-brev.txt"
    path.write_text(head + table + tail, encoding="utf-8")
    return extract_letter(path).assignments


def _deadlines(assignment: Assignment) -> list[tuple[str, str, dt.date | None, str | None]]:
    return [(d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines]


def test_a_number_column_and_a_responsibility_column_between_task_and_deadline(tmp_path: Path) -> None:
    # "Nr. | Oppdrag | Ansvar | Frist": rows "Nr. 1" (lines 13-14, 1. mars 2025) and "Nr. 2" (lines 15-16, "Løpende");
    # the "Ansvar" cells ("Avdeling for analyse") no part of the text
    found = _read(
        tmp_path,
        "Nr.  Oppdrag                                      Ansvar            Frist\n"  # 12
        "1.   Udir skal kartlegge bruken av digitale       Avdeling for      1. mars 2025\n"  # 13
        "     læremidler i grunnskolen.                    analyse\n"  # 14
        "2.   Udir skal revidere veilederen om             Avdeling for      Løpende\n"  # 15
        "     spesialundervisning.                         regelverk\n",  # 16
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("Nr. 1", 13, 14), ("Nr. 2", 15, 16)]
    assert found[0].text == "Udir skal kartlegge bruken av digitale læremidler i grunnskolen."
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 3, 1), None)]
    assert _deadlines(found[1]) == [("continuous", "continuous", None, None)]


def test_no_number_column_and_a_status_column_after_the_deadline(tmp_path: Path) -> None:
    # "Oppdrag | Frist | Status": row 1 (lines 13-14, 1. juni 2025), row 2 (lines 15-16, "Innen 1. oktober" / "2025");
    # the status "Nytt", "Videreført fra 2024" left out
    found = _read(
        tmp_path,
        "Oppdrag                                           Frist               Status\n"  # 12
        "Udir skal utrede en ny ordning for                1. juni 2025        Nytt\n"  # 13
        "leksehjelp i småskolen.\n"  # 14
        "Udir skal videreføre arbeidet med                 Innen 1. oktober    Videreført\n"  # 15
        "kompetansepakken for lærere.                      2025                fra 2024\n",  # 16
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("rad 1", 13, 14), ("rad 2", 15, 16)]
    assert found[1].text == "Udir skal videreføre arbeidet med kompetansepakken for lærere."
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 6, 1), None)]
    assert _deadlines(found[1]) == [("date", "final", dt.date(2025, 10, 1), None)]


def test_a_theme_column_first_and_a_reporting_column_last(tmp_path: Path) -> None:
    # "Tema | Oppdrag | Frist | Rapportering", rows set apart by blank lines, no number column: row 1 (lines 14-15,
    # 1. april 2025, "Eget notat"), row 2 (lines 17-19, "Løpende", "Årsrapporten"); the themes no part of the text
    found = _read(
        tmp_path,
        "Tema              Oppdrag                               Frist           Rapportering\n"  # 12
        "\n"
        "Digitalisering    Udir skal lage en plan for            1. april 2025   Eget notat\n"  # 14
        "                  digital eksamen.\n"  # 15
        "\n"
        "Beredskap         Udir skal oppdatere                   Løpende         Årsrapporten\n"  # 17
        "                  beredskapsplanen for\n"  # 18
        "                  skolesektoren.\n",  # 19
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("rad 1", 14, 15), ("rad 2", 17, 19)]
    assert found[0].text == "Udir skal lage en plan for digital eksamen."
    assert _deadlines(found[0]) == [
        ("date", "final", dt.date(2025, 4, 1), None),
        ("channel", "final", None, "eget notat"),
    ]
    assert ("continuous", "continuous", None, None) in _deadlines(found[1])
    assert ("channel", "final", None, "årsrapport") in _deadlines(found[1])


def test_a_nynorsk_table_of_tasks_with_a_responsible_unit(tmp_path: Path) -> None:
    # "Oppgåve | Ansvarleg eining | Tidsfrist" (Nynorsk): row 1 (lines 13-14, 15. mai 2025), row 2 (lines 15-16,
    # "Innan utgangen" / "av september": 30 September)
    head = _HEAD.replace("KUNNSKAPSDEPARTEMENT", "KUNNSKAPSDEPARTEMENTET").replace("Innledning", "Innleiing")
    head = head.replace("Utdanningsdirektoratet", "Statped")
    found = _read(
        tmp_path,
        "Oppgåve                                        Ansvarleg eining     Tidsfrist\n"  # 12
        "Statped skal greie ut eit tilbod om            Fagavdelinga         15. mai 2025\n"  # 13
        "fjernundervisning i teiknspråk.\n"  # 14
        "Statped skal evaluere rettleiingstenesta       Leiinga              Innan utgangen\n"  # 15
        "for PP-tenesta.                                                     av september\n",  # 16
        head=head,
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("rad 1", 13, 14), ("rad 2", 15, 16)]
    assert "Fagavdelinga" not in found[0].text
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 5, 15), None)]
    assert _deadlines(found[1]) == [("date", "final", dt.date(2025, 9, 30), None)]


def test_an_id_column_a_title_a_description_and_a_delivery_deadline(tmp_path: Path) -> None:
    # "ID | Tittel | Beskrivelse | Leveransefrist": KD-UD-01 (lines 13-14) titled "Lærermangel i distriktene", its
    # text the description, 1. mars 2025; KD-UD-02 (lines 15-16), 1. november 2025
    found = _read(
        tmp_path,
        "ID          Tittel                  Beskrivelse                              Leveransefrist\n"  # 12
        "KD-UD-01    Lærermangel i           Udir skal kartlegge lærermangelen i      1. mars 2025\n"  # 13
        "            distriktene             distriktskommunene.\n"  # 14
        "KD-UD-02    Ny eksamensordning      Udir skal foreslå en ny ordning for      1. november 2025\n"  # 15
        "                                    eksamen i yrkesfag.\n",  # 16
    )
    assert [(a.identifier, a.title, a.line_start) for a in found] == [
        ("KD-UD-01", "Lærermangel i distriktene", 13),
        ("KD-UD-02", "Ny eksamensordning", 15),
    ]
    assert found[0].text == "Udir skal kartlegge lærermangelen i distriktskommunene."
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 3, 1), None)]
    assert _deadlines(found[1]) == [("date", "final", dt.date(2025, 11, 1), None)]


def test_a_header_wrapped_over_two_lines(tmp_path: Path) -> None:
    # "Nr. | Oppdrag | Ansvarleg / eining | Frist for / levering" over lines 12-13: "Nr. 1" (lines 14-15, 1. oktober
    # 2025), "Nr. 2" (lines 16-17, "Løpande"); the header's second line is no row
    found = _read(
        tmp_path,
        "Nr.   Oppdrag                                Ansvarleg       Frist for\n"  # 12
        "                                             eining          levering\n"  # 13
        "1     Udir skal lage ein ny rettleiar        Fagavdelinga    1. oktober 2025\n"  # 14
        "      for skulebibliotek.\n"  # 15
        "2     Udir skal gå gjennom                   Regelverk       Løpande\n"  # 16
        "      forskrifta om skuleskyss.\n",  # 17
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("Nr. 1", 14, 15), ("Nr. 2", 16, 17)]
    assert found[0].text == "Udir skal lage ein ny rettleiar for skulebibliotek."
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 10, 1), None)]
    assert _deadlines(found[1]) == [("continuous", "continuous", None, None)]


def test_rows_without_a_number_set_apart_by_blank_lines_and_a_wrapped_deadline(tmp_path: Path) -> None:
    # "Oppdrag | Tidsfrist", no number column, rows apart by blank lines: row 1 (lines 14-15), row 2 (lines 17-19,
    # its second sentence opening a line of its own: "Kartlegginga skal …", line 18), row 3 (lines 21-22); row 2's
    # deadline cell wraps: "Delrapport 1. juni," / "sluttrapport 1. desember 2025" (lines 17-18)
    found = _read(
        tmp_path,
        "Oppdrag                                                   Tidsfrist\n"  # 12
        "\n"
        "Udir skal evaluere ordninga med leksehjelp og             1. mai 2025\n"  # 14
        "foreslå endringar i forskrifta.\n"  # 15
        "\n"
        "Udir skal kartleggje behovet for spesialpedagogar         Delrapport 1. juni,\n"  # 17
        "i distrikta. Kartlegginga skal gjerast saman              sluttrapport 1. desember 2025\n"  # 18
        "med KS.\n"  # 19
        "\n"
        "Udir skal halde departementet orientert om                Løpande\n"  # 21
        "utviklinga i lærarmangelen.\n",  # 22
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [
        ("rad 1", 14, 15),
        ("rad 2", 17, 19),
        ("rad 3", 21, 22),
    ]
    assert found[1].text.endswith("Kartlegginga skal gjerast saman med KS.")
    assert _deadlines(found[1]) == [
        ("date", "preliminary", dt.date(2025, 6, 1), None),
        ("date", "final", dt.date(2025, 12, 1), None),
    ]
    assert _deadlines(found[2]) == [("continuous", "continuous", None, None)]


def test_a_wrapped_deadline_cell_beside_a_reporting_column(tmp_path: Path) -> None:
    # "Nr. | Oppdrag | Frist | Rapporteres til": "Nr. 1" (lines 13-14), "Delrapport 1. juni," / "sluttrapport 1.
    # desember 2025"; "Nr. 2" (line 15) "Innen 15. mars 2025"
    found = _read(
        tmp_path,
        "Nr.   Oppdrag                                  Frist                            Rapporteres til\n"  # 12
        "1     Udir skal utrede ventetidene for         Delrapport 1. juni,              KD\n"  # 13
        "      skolepsykologisk hjelp.                  sluttrapport 1. desember 2025\n"  # 14
        "2     Udir skal levere en statusrapport.       Innen 15. mars 2025              KD\n",  # 15
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("Nr. 1", 13, 14), ("Nr. 2", 15, 15)]
    assert ("date", "preliminary", dt.date(2025, 6, 1), None) in _deadlines(found[0])
    assert ("date", "final", dt.date(2025, 12, 1), None) in _deadlines(found[0])
    assert ("date", "final", dt.date(2025, 3, 15), None) in _deadlines(found[1])


def test_a_row_over_a_page_break_with_the_header_repeated(tmp_path: Path) -> None:
    # "Nr. | Oppdrag | Frist" on page 1 (line 12), the page's number (line 19), the header again at the top of page 2
    # (line 21, after the form feed's line 20): row 2 (lines 15-17) goes on there (line 22); row 3 (lines 23-24)
    found = _read(
        tmp_path,
        "Nr.   Oppdrag                                       Frist\n"  # 12
        "1     Udir skal revidere forskriften om             1. mars 2025\n"  # 13
        "      skoleskyss.\n"  # 14
        "2     Udir skal utrede krav til universell          1. juni 2025\n"  # 15
        "      utforming av digitale læremidler og\n"  # 16
        "      prøver\n"  # 17
        "\n"
        "                                               Side 1 av 2\n"  # 19
        "\f"  # 20
        "Nr.   Oppdrag                                       Frist\n"  # 21
        "      i alle fag.\n"  # 22
        "3     Udir skal delta i arbeidet med                Løpende\n"  # 23
        "      nordisk statistikk.\n",  # 24
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [
        ("Nr. 1", 13, 14),
        ("Nr. 2", 15, 22),
        ("Nr. 3", 23, 24),
    ]
    assert found[1].text.endswith("digitale læremidler og prøver i alle fag.")
    assert _deadlines(found[1]) == [("date", "final", dt.date(2025, 6, 1), None)]


def test_the_deadline_column_first_then_a_status(tmp_path: Path) -> None:
    # "Frist | Oppdrag | Status": rows apart by blank lines, each task cell a title line over its text: "Ny
    # eksamensordning" (lines 13-14, 1. april), "Veileder om mobbing" (lines 16-17, "Innen utgangen" / "av juni")
    found = _read(
        tmp_path,
        "Frist              Oppdrag                                        Status\n"  # 12
        "1. april           Ny eksamensordning                             Nytt\n"  # 13
        "                   Udir skal foreslå en ny eksamensordning.\n"  # 14
        "\n"
        "Innen utgangen     Veileder om mobbing                            Videreført\n"  # 16
        "av juni            Udir skal revidere veilederen om mobbing.\n",  # 17
    )
    assert [(a.title, a.line_start, a.line_end) for a in found] == [
        ("Ny eksamensordning", 13, 14),
        ("Veileder om mobbing", 16, 17),
    ]
    assert found[1].text == "Udir skal revidere veilederen om mobbing."
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 4, 1), None)]
    assert _deadlines(found[1]) == [("date", "final", dt.date(2025, 6, 30), None)]


def test_a_goal_column_whose_numbers_repeat_in_nynorsk(tmp_path: Path) -> None:
    # "Hovudmål | Oppgåve | Frist": the goal's number repeating ("1", "1", "2"): rows by place, each under its goal
    found = _read(
        tmp_path,
        "Hovudmål   Oppgåve                                    Frist\n"  # 12
        "1          Udir skal greie ut ordninga med            1. mars 2025\n"  # 13
        "           fleksibel skulestart.\n"  # 14
        "1          Udir skal lage ei rettleiing om            1. juni 2025\n"  # 15
        "           overgangen til vidaregåande.\n"  # 16
        "2          Udir skal evaluere fagfornyinga.           Løpande\n",  # 17
    )
    assert [(a.marking, a.goal, a.line_start) for a in found] == [
        ("rad 1", "1", 13),
        ("rad 2", "1", 15),
        ("rad 3", "2", 17),
    ]
    assert _deadlines(found[1]) == [("date", "final", dt.date(2025, 6, 1), None)]


def test_header_words_set_right_of_where_their_cells_start(tmp_path: Path) -> None:
    # "Oppdrag" and "Frist" stand to the right of where their cells start (lines 13-16): the columns are where the
    # rows put them
    found = _read(
        tmp_path,
        "Nr.            Oppdrag                        Frist\n"  # 12
        "1     Udir skal kartlegge bruken av      1. mai 2025\n"  # 13
        "      skolebibliotek.\n"  # 14
        "2     Udir skal vurdere kravene til      Løpende\n"  # 15
        "      lærernes etterutdanning.\n",  # 16
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("Nr. 1", 13, 14), ("Nr. 2", 15, 16)]
    assert found[0].text == "Udir skal kartlegge bruken av skolebibliotek."
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 5, 1), None)]
    assert _deadlines(found[1]) == [("continuous", "continuous", None, None)]


def test_tables_that_give_no_assignment(tmp_path: Path) -> None:
    # steering parameters "Styringsparameter | Målverdi | Rapportering" (lines 18-20), a reporting calendar "Dato |
    # Rapportering" (lines 22-24) and budget posts "Kap. | Post | Betegnelse | Beløp" (lines 28-31) give none; the one
    # table of assignments (lines 12-13) gives its row
    found = _read(
        tmp_path,
        "Nr.   Oppdrag                                       Frist\n"  # 12
        "1     Udir skal revidere forskriften om             1. mars 2025\n"  # 13
        "      skoleskyss.\n"  # 14
        "\n"
        "3. Styring og rapportering\n"  # 16
        "\n"
        "Styringsparameter                               Målverdi      Rapportering\n"  # 18
        "Andel elever som fullfører videregående         85 %          Årsrapporten\n"  # 19
        "Saksbehandlingstid for klagesaker               8 uker        Tertialrapport\n"  # 20
        "\n"
        "Dato                 Rapportering\n"  # 22
        "15. mars 2026        Årsrapport for 2025\n"  # 23
        "31. mai 2025         Tertialrapport 1\n"  # 24
        "\n"
        "4. Budsjett\n"  # 26
        "\n"
        "Kap.   Post   Betegnelse                        Beløp (i 1000 kr)\n"  # 28
        "220           Utdanningsdirektoratet\n"  # 29
        "       01     Driftsutgifter                              402 300\n"  # 30
        "       21     Spesielle driftsutgifter                    128 900\n",  # 31
        tail="\n\nMed hilsen\n\nKari Nordmann\n",
    )
    assert [(a.marking, a.line_start) for a in found] == [("Nr. 1", 13)]


def test_a_header_whose_first_line_names_one_column_only(tmp_path: Path) -> None:
    # "Ansvarleg" stands alone over "eining" (lines 12-13), beside "Oppgåve" and "Tidsfrist" on the second line: the
    # header is both lines; rows "rad 1" (lines 14-15, 1. mai 2025) and "rad 2" (line 16, "Løpande")
    found = _read(
        tmp_path,
        "                                           Ansvarleg\n"  # 12
        "Oppgåve                                    eining          Tidsfrist\n"  # 13
        "Udir skal greie ut korleis skulane kan     Analyse         1. mai 2025\n"  # 14
        "dele læremiddel digitalt.\n"  # 15
        "Udir skal følgje med på fråværet.          Statistikk      Løpande\n",  # 16
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("rad 1", 14, 15), ("rad 2", 16, 16)]
    assert found[0].text == "Udir skal greie ut korleis skulane kan dele læremiddel digitalt."
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 5, 1), None)]
    assert _deadlines(found[1]) == [("continuous", "continuous", None, None)]


def test_a_label_line_over_a_header_is_no_part_of_it(tmp_path: Path) -> None:
    # "Oppdrag" alone on line 12 straight over the header "Nr. | Oppdrag | Frist" (line 13): a label, not "Oppdrag
    # nr." of a table of deadlines keyed by number; the rows are the assignments (lines 14, 15)
    found = _read(
        tmp_path,
        "Oppdrag\n"  # 12
        "Nr.   Oppdrag                                       Frist\n"  # 13
        "1     Udir skal revidere forskriften om skoleskyss. 1. mars 2025\n"  # 14
        "2     Udir skal evaluere leksehjelpen.              1. juni 2025\n",  # 15
    )
    assert [(a.marking, a.line_start) for a in found] == [("Nr. 1", 14), ("Nr. 2", 15)]
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 3, 1), None)]


def test_a_sentence_after_an_unnumbered_table_is_no_row(tmp_path: Path) -> None:
    # "Oppdrag | Frist", rows apart by blank lines (lines 14-15, 17-18), each beside its deadline; the sentence after
    # a blank line (line 20) stands beside no deadline: prose after the table, no third row
    found = _read(
        tmp_path,
        "Oppdrag                                                   Frist\n"  # 12
        "\n"
        "Udir skal evaluere ordningen med leksehjelp og            1. mai 2025\n"  # 14
        "foreslå endringer i forskriften.\n"  # 15
        "\n"
        "Udir skal kartlegge behovet for spesialpedagoger.         1. juni 2025\n"  # 17
        "Kartleggingen gjøres sammen med KS.\n"  # 18
        "\n"
        "Fristene gjelder for 2025.\n",  # 20
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("rad 1", 14, 15), ("rad 2", 17, 18)]


def test_letter_marks_a_priority_before_the_task_and_partners_after_it(tmp_path: Path) -> None:
    # "Nr. | Prioritet | Oppdrag | Samarbeidspartnere | Frist", rows marked "a)", "b)" (lines 13-14, 15-16): the
    # priority and the partners no part of the text
    found = _read(
        tmp_path,
        "Nr.   Prioritet   Oppdrag                               Samarbeidspartnere   Frist\n"  # 12
        "a)    Høy         Udir skal utrede nye krav til         KS,                  1. mars 2025\n"  # 13
        "                  skolefritidsordningen.                Statped\n"  # 14
        "b)    Middels     Udir skal lage en veileder om         Helsedirektoratet    Innen utgangen\n"  # 15
        "                  skolehelsetjenesten.                                       av 2025\n",  # 16
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("a)", 13, 14), ("b)", 15, 16)]
    assert found[0].text == "Udir skal utrede nye krav til skolefritidsordningen."
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 3, 1), None)]
    assert _deadlines(found[1]) == [("date", "final", dt.date(2025, 12, 31), None)]


def test_a_reference_column_with_codes_a_reporting_form_and_a_when_column(tmp_path: Path) -> None:
    # "Ref. | Oppdrag | Rapporteringsform | Når" (Nynorsk), codes "O1", "O2" (lines 13-14, 15): the letter's own IDs
    found = _read(
        tmp_path,
        "Ref.   Oppdrag                                    Rapporteringsform   Når\n"  # 12
        "O1     Udir skal greie ut korleis skulane kan     Eige notat          1. april 2025\n"  # 13
        "       bruke kunstig intelligens.\n"  # 14
        "O2     Udir skal følgje med på skulemiljøet.      Årsrapporten        Løpande\n",  # 15
    )
    assert [(a.identifier, a.line_start, a.line_end) for a in found] == [("O1", 13, 14), ("O2", 15, 15)]
    assert ("date", "final", dt.date(2025, 4, 1), None) in _deadlines(found[0])
    assert ("channel", "final", None, "eget notat") in _deadlines(found[0])
    assert ("continuous", "continuous", None, None) in _deadlines(found[1])


def test_a_cell_whose_second_sentence_opens_a_line_in_an_unnumbered_table(tmp_path: Path) -> None:
    # "Oppdrag | Frist | Rapportering", no number, no blank lines: row 1's second sentence opens line 14 ("Arbeidet skal
    # …"), beside no cell, and goes on with it; row 2 opens on line 15 beside its deadline; row 3 (line 17) beside its
    # report only
    found = _read(
        tmp_path,
        "Oppdrag                                              Frist                Rapportering\n"  # 12
        "Udir skal revidere rammeplanen for SFO.              1. mars 2025         Eget notat\n"  # 13
        "Arbeidet skal skje i samråd med KS.\n"  # 14
        "Udir skal evaluere ordningen med gratis              1. juni 2025         Eget notat\n"  # 15
        "leksehjelp.\n"  # 16
        "Udir skal følge med på elevenes læringsmiljø.                             Årsrapporten\n",  # 17
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [
        ("rad 1", 13, 14),
        ("rad 2", 15, 16),
        ("rad 3", 17, 17),
    ]
    assert found[0].text == "Udir skal revidere rammeplanen for SFO. Arbeidet skal skje i samråd med KS."


def test_every_header_word_centred_over_its_column(tmp_path: Path) -> None:
    # "Nr.", "Oppdrag" and "Frist" each stand right of where their cells start (line 12): the marks at the margin,
    # the task from column 6, the deadline from column 52 (lines 13-15)
    found = _read(
        tmp_path,
        "      Nr.                   Oppdrag                               Frist\n"  # 12
        "1     Udir skal kartlegge bruken av digitale            Innen 1. mars 2025\n"  # 13
        "      læremidler i grunnskolen.\n"  # 14
        "2     Udir skal revidere veilederen.                    Løpende\n",  # 15
    )
    assert [(a.marking, a.line_start, a.line_end) for a in found] == [("Nr. 1", 13, 14), ("Nr. 2", 15, 15)]
    assert found[0].text == "Udir skal kartlegge bruken av digitale læremidler i grunnskolen."
    assert _deadlines(found[0]) == [("date", "final", dt.date(2025, 3, 1), None)]


def test_a_goal_column_before_the_number_column(tmp_path: Path) -> None:
    # "Mål | Nr. | Oppdrag | Frist": the goal's words wrap in its cell ("Mål 1: Styrket" / "samordning", lines 13-14)
    # beside rows 1 and 2 (lines 13-14, 15); row 3 (line 16) stands under goal 2
    found = _read(
        tmp_path,
        "Mål              Nr.   Oppdrag                                   Frist\n"  # 12
        "Mål 1: Styrket   1     Udir skal kartlegge bruken av digitale    1. mars 2025\n"  # 13
        "samordning             læremidler.\n"  # 14
        "                 2     Udir skal revidere veilederen.            Løpende\n"  # 15
        "Mål 2: Færre     3     Udir skal evaluere leksehjelpen.          1. juni 2025\n"  # 16
        "ulykker\n",  # 17
    )
    assert [(a.marking, a.goal, a.line_start, a.line_end) for a in found] == [
        ("Nr. 1", "1", 13, 14),
        ("Nr. 2", "1", 15, 15),
        ("Nr. 3", "2", 16, 16),
    ]
    assert found[0].text == "Udir skal kartlegge bruken av digitale læremidler."


# --- a column of partners ------------------------------------------------------------------------------------------


def _involved(assignment) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(i.entry.key, i.role) for i in assignment.involvements if i.entry is not None and i.role != "owner"}


def test_the_bodies_of_a_samarbeid_column_collaborate_on_the_row() -> None:
    # tildelingsbrev-2024-statsforvaltarens-fellestenester, Vedlegg 1 "Nr. | Oppdrag | Samarbeid | Frist" (line 175):
    # row 2.2 "… kunstig intelligens   Digdir   I løpet av andre" (line 202), the directorate named only there;
    # row 1.2 "NSM" (line 182); rows with "–" name none
    letter = Path(__file__).resolve().parent / "fixtures" / "letters"
    letter = letter / "tildelingsbrev-2024-statsforvaltarens-fellestenester.txt"
    found = {a.marking.split()[-1]: a for a in extract_letter(letter).assignments}
    assert ("digdir", "collaborating") in _involved(found["2.2"])
    digdir = next(i for i in found["2.2"].involvements if i.entry is not None and i.entry.key == "digdir")
    assert [(q.line_start, q.text) for q in digdir.quotes] == [(202, "Digdir")]
    assert ("nsm", "collaborating") in _involved(found["1.2"])
    assert _involved(found["1.1"]) == set()


def test_a_partners_column_names_each_partner_and_no_group(tmp_path: Path) -> None:
    # (made up, after the STAF appendix) "Oppgave | Samarbeidspartnere | Tidsfrist", two partners in one cell, a group
    found = _read(
        tmp_path,
        "Oppgave                                    Samarbeidspartnere        Tidsfrist\n"  # 12
        "Kartlegging av skolebygg                   Statsbygg og KS           1. juni 2025\n"
        "Direktoratet skal kartlegge tilstanden i\n"
        "skolebyggene.\n"
        "\n"
        "Veileder for digitalisering                kommunene                 1. oktober 2025\n"
        "Direktoratet skal lage en veileder for\n"
        "digitalisering i skolen.\n",
    )
    assert [a.title for a in found] == ["Kartlegging av skolebygg", "Veileder for digitalisering"]
    assert _involved(found[0]) >= {("statsbygg", "collaborating"), ("ks", "collaborating")}
    assert not any(role == "collaborating" for _, role in _involved(found[1]))  # "kommunene": a group
