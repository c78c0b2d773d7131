"""Rules of the genre met in the nineteenth held-out round, each held against the round's letters and supplements (now
fixtures) by their lines, and where a rule is wider than one letter, against text written here.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from letter_helpers import LETTERS, SUPPLEMENTS, deadlines_of, read_deadlines
from tbgraph.extract import extract_letter
from tbgraph.extract.sections import find_sections
from tbgraph.extract.supplement import find_changes
from tbgraph.extract.supplement_prose import move_sentence
from tbgraph.extract.text import make_doc, split_lines

D = dt.date


def _by_marking(path: Path) -> dict[str, object]:
    return {a.marking: a for a in extract_letter(path).assignments}


def _doc(path: Path):  # type: ignore[no-untyped-def]
    return make_doc(path, split_lines(path.read_text(encoding="utf-8")), "text/plain", "0")


def test_assignments_in_an_attachment_after_the_closing() -> None:
    # tildelingsbrev-2025-ngu: "Med hilsen" (205), then "Vedlegg 2 Oppdrag for 2025" (247), its items "a)   Kritiske
    # råmaterialer …" (256) … "m)" (334) under goal labels; "Frist: medio mars 2025" (261), "Frist: ultimo juni" (266)
    path = LETTERS / "tildelingsbrev-2025-ngu.txt"
    assert [s.number for s in find_sections(_doc(path), [])][-2:] == ["V1", "V2"]
    found = _by_marking(path)
    assert list(found) == [f"{c})" for c in "abcdefghijklm"]
    assert deadlines_of(found["a)"]) == [("date", "final", D(2025, 3, 15), None)]
    assert deadlines_of(found["b)"]) == [("date", "final", D(2025, 6, 30), None)]
    # "Vedlegg 1: Styringskalender 2025" in a list of contents before the closing (sismo, line 27) is no attachment;
    # after the closing (243) it is
    sismo = LETTERS / "tildelingsbrev-2025-sismo.txt"
    assert [s.line_start for s in find_sections(_doc(sismo), []) if s.number.startswith("V")] == [243]


def test_a_numbered_list_alone_is_marked_by_its_numbers() -> None:
    # tildelingsbrev-2024-personvernnemnda: "1.   Nemnda skal gå gjennom …" (76) … "9.   Nemnda skal vurdere …" (115),
    # each closing "(frist …)"
    found = _by_marking(LETTERS / "tildelingsbrev-2024-personvernnemnda.txt")
    assert list(found) == [f"{n}." for n in range(1, 10)]
    assert deadlines_of(found["9."]) == [("date", "final", D(2024, 11, 15), None)]


def test_codes_closing_a_paragraph_and_result_indicators() -> None:
    # tildelingsbrev-2025-nupi: "… innen 1. mars 2025 (UD-NUPI-2025-10)." (155), a paragraph under 4.2 "…
    # departementet innen 30.09.2025 (UD-NUPI-2025-13)." (207); "Resultatindikatorer:" (68) over bullets; the title's
    # chapters after a dash ("– / kap. 115, 118 og 164 …", 19-20) are no part of the recipient's name
    result = extract_letter(LETTERS / "tildelingsbrev-2025-nupi.txt")
    found = {a.marking: a for a in result.assignments}
    assert [f"UD-NUPI-2025-{n}" for n in range(1, 14)] == sorted(found, key=lambda m: int(m.rsplit("-", 1)[1]))
    assert deadlines_of(found["UD-NUPI-2025-13"]) == [("date", "final", D(2025, 9, 30), None)]
    assert len(result.steering) == 8
    assert result.info is not None and result.info.recipient is not None
    assert result.info.recipient.label == "Norsk utenrikspolitisk institutt"


def test_a_small_agencys_paragraphs_and_what_follows_them() -> None:
    # tildelingsbrev-2025-riksmekleren: "… jf. oppdraget i tildelingsbrevet for 2024" (81), last year's work carried
    # on; "Framdrifta skal rapporterast i tertialrapportane" (82-83); a paragraph of its own "Omfanget av bistanden og
    # tidspunkta for innspela vert avtalte nærmare …" (89-90); "Dette er eit løpande arbeid" (96-97); "Oversynet skal
    # leggjast ved årsrapporten for 2025" (119-120); "… Desse er ikkje særlege oppdrag" (122) none; "Sum kap. 648
    # (Riksmeklaren)   23 310 000" (136)
    result = extract_letter(LETTERS / "tildelingsbrev-2025-riksmekleren.txt")
    assert len(result.assignments) == 8
    meanings = [sorted(d[0] for d in deadlines_of(a)) for a in result.assignments]
    assert ["channel"] in meanings and ["to-be-agreed"] in meanings and ["continuous"] in meanings
    assert {c.chapter: c.total for c in result.chapters}["648"] == Decimal("23310000")


def test_goals_of_an_agreement_numbered_on_and_a_table_of_national_parameters() -> None:
    # tildelingsbrev-2025-uia: sector goals 1-3, then the agreement's "Mål 1   Flere kandidater …" (121, wrapped, its
    # parameters under dashes); "Sektormål | Nasjonal styringsparameter" (96); "5.3 Varslede oppdrag" (277) announces
    # one to come, none; "Institusjonen skal løpende tilpasse …" (249) goes on
    result = extract_letter(LETTERS / "tildelingsbrev-2025-uia.txt")
    assert [g.number for g in result.goals] == ["1", "2", "3", "4", "5", "6"]
    assert result.goals[3].label.startswith("Flere kandidater fra profesjonsutdanningene fullfører")
    assert len(result.steering) == 11
    assert not [a for a in result.assignments if a.marking.startswith("5.3")]
    assert ("continuous", "continuous", None, None) in deadlines_of(
        _by_marking(LETTERS / "tildelingsbrev-2025-uia.txt")["5.1.8"]
    )


def test_goals_stated_as_phrases_a_closed_assignments_note_and_a_reporting_label() -> None:
    # tildelingsbrev-2025-riksadvokaten: "Samfunnsmålet for … er et trygt samfunn …" (60), "Hovedmålet for … er
    # redusert kriminalitet gjennom …" (63); "Oppdrag 2024-3 Kapasitet i ankesaker og oppdrag 2024-5 … ble avsluttet"
    # (133) is none; "Rapportering: 15.11.2025." (174) is Oppdrag 2025-5's day
    result = extract_letter(LETTERS / "tildelingsbrev-2025-riksadvokaten.txt")
    labels = [g.label for g in result.goals]
    assert labels[0].startswith("et trygt samfunn der folk opplever trygghet")
    assert any(label.startswith("redusert kriminalitet gjennom effektiv") for label in labels)
    found = {a.marking: a for a in result.assignments}
    assert "2024-3" not in found and len(found) == 11
    assert deadlines_of(found["2025-5"]) == [("date", "final", D(2025, 11, 15), None)]
    assert read_deadlines("Rapportering: 15.11.2025.", 2025) == [("date", "final", D(2025, 11, 15), None)]


def test_titled_paragraphs_that_ask_for_nothing_are_none() -> None:
    # tildelingsbrev-2025-riksteatret: "… Dette er ei prioritering og ikkje eit eige oppdrag" (95), "Riksteatret skal
    # arbeide for at …" (141, no day, no product) are none; "OPPDRAG: Riksteatret skal utarbeide ein plan …" (147) is
    # one, "Frist for planen blir avtalt nærare med departementet" (152)
    result = extract_letter(LETTERS / "tildelingsbrev-2025-riksteatret.txt")
    assert len(result.assignments) == 10
    plan = next(a for a in result.assignments if a.text.startswith("OPPDRAG: Riksteatret skal utarbeide ein plan"))
    assert deadlines_of(plan) == [("to-be-agreed", "to-be-agreed", None, None)]


def test_a_footnote_is_no_heading_and_a_code_given_in_it() -> None:
    # tildelingsbrev-2024-pasientskadenemnda: headings "1. INNLEDNING" (20) …; the footnote "1 Som en del av arbeidet
    # gis også følgende oppdrag: TB2024-PSN-13 Felles begrepsbruk. …" (110) is no heading and gives TB2024-PSN-13;
    # "TB2024-PSN-12 Bruk av medisinsk sakkyndige: Pasientskadenemnda skal innen 1. oktober 2024 …" (222): title, then
    # the task
    path = LETTERS / "tildelingsbrev-2024-pasientskadenemnda.txt"
    assert [s.number for s in find_sections(_doc(path), [])][:2] == ["1", "2"]
    found = _by_marking(path)
    assert deadlines_of(found["TB2024-PSN-13"]) == [("date", "final", D(2024, 11, 15), None)]
    assert found["TB2024-PSN-12"].title == "Bruk av medisinsk sakkyndige"  # type: ignore[attr-defined]
    assert deadlines_of(found["TB2024-PSN-12"]) == [("date", "final", D(2024, 10, 1), None)]


def test_supplements_new_numbered_heading_a_declined_request_and_a_change_table() -> None:
    # tillegg-2025-uia: "1      Nytt oppdrag" (24) over "5.2.4  Videreutdanning i spesialpedagogikk i Agder" (26);
    # "UiA har bedt om at fristen … utsettes til 1. februar 2026" (51) is no change; "260   50   + 3 500" (77) under
    # "Kap. | Post | Endring (i 1000 kr)"
    path = SUPPLEMENTS / "tillegg-2025-uia.txt"
    doc = _doc(path)
    changes = find_changes(doc, find_sections(doc, []), 2025, [])
    assert [(m.identifier, m.new) for m in changes.moves] == [("5.2.1", D(2025, 12, 15))]
    assert move_sentence("UiA har bedt om at fristen for oppdrag 5.1.4 utsettes til 1. februar 2026.") is None
    # tillegg-nr-1-2025-riksteatret line 47: "… blir flytt frå 1. oktober 2025 til 1. februar 2026" (Nynorsk "flytt")
    assert move_sentence("Fristen for oppdraget «Klimarekneskap» blir flytt frå 1. oktober 2025 til 1. februar 2026.")
