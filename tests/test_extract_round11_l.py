"""Rules of the genre met in the eleventh held-out round, group l, each held against the lines of the letters that
showed it (tests/fixtures/letters: Sivil klareringsmyndigheit 2025, Nynorsk; Nkom 2026; tests/fixtures/supplements:
supplerande nr. 1 2025 to SKM) and against small letters written here in another language form or of another
ministry, so that a rule is shown to read the layout, not the letter.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.supplement_prose import explicit_ref, move_sentence, withdrawal_sentence
from tbgraph.extract.truth import extraction_actors
from tbgraph.extract.unknown import find_unknown_actors

HERE = Path(__file__).resolve().parent
LETTERS = HERE / "fixtures" / "letters"
sys.path.insert(0, str(HERE))
import supplement_truth  # noqa: E402


def _letter(tmp_path: Path, text: str, name: str = "tildelingsbrev-2025-brev.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _deadlines(assignment):  # type: ignore[no-untyped-def]
    found = [(d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines]
    return found + [(d.meaning, d.kind, d.date, d.channel) for p in assignment.parts for d in p.deadlines]


def _read(text: str, year: int, cell: bool = False) -> list[tuple[object, ...]]:
    return [(m.meaning, m.kind, m.date, m.channel) for m in find_deadlines(text, year, cell)]


# -- numbered items running on across the goals ------------------------------------------------------------------------


def test_numbered_items_running_on_across_the_goals() -> None:
    # tildelingsbrev-2025-skm, "3 Mål og oppdrag" (lines 44-127): under each "Mål N" the label "Oppdrag knytte til
    # målet:" (lines 58, 85, 107) over items "1)" … "11)", the numbers running on (goal 2 opens with "4)", goal 3
    # with "7)"); goal 1's label at the foot of page 1, its items after the address footer (64-66); goal 3's items
    # over the page break between 8) and 9)
    found = extract_letter(LETTERS / "tildelingsbrev-2025-skm.txt").assignments
    assert [a.marking for a in found] == [f"{n})" for n in range(1, 12)]
    assert [a.line_start for a in found] == [68, 71, 74, 86, 89, 96, 108, 110, 118, 123, 125]
    assert len({a.identifier for a in found}) == 11  # three lists under one section: keyed by number, not place
    by = {a.marking: a for a in found}
    # 1) "Status skal rapporterast kvart tertial" (lines 69-70)
    assert _deadlines(by["1)"]) == [("channel", "final", None, "tertialrapport")]
    # 3) "frå 1. januar og ut året" (line 74) and "omtalast i årsrapporten for 2025" (75-76)
    assert ("period", "final", dt.date(2025, 12, 31), None) in _deadlines(by["3)"])
    assert [d.period_start for d in by["3)"].deadlines if d.meaning == "period"] == [dt.date(2025, 1, 1)]
    # 4) "innan 14 dagar etter at forskrifta er vedteken" (line 88): a day the letter does not give
    assert _deadlines(by["4)"]) == []
    # 5) "Ein plan for arbeidet skal leverast innan 15. april 2025, og den nye løysinga skal vere i drift innan
    # 1. desember 2025" (lines 94-95), after a dash sub-list that stays part of the item (91-93)
    assert by["5)"].line_end == 95
    assert _deadlines(by["5)"]) == [
        ("date", "preliminary", dt.date(2025, 4, 15), None),
        ("date", "final", dt.date(2025, 12, 1), None),
    ]
    # 10) "innan utgangen av tredje kvartal 2025" (line 124); 11) "Frist etter nærare avtale" (126-127)
    assert _deadlines(by["10)"]) == [("date", "final", dt.date(2025, 9, 30), None)]
    assert _deadlines(by["11)"]) == [("to-be-agreed", "to-be-agreed", None, None)]


def test_numbers_running_on_in_bokmal_of_another_ministry(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Kystverket for 2025\n\n1. Innledning\n\nSamferdselsdepartementet viser til Prop. 1 S.\n\n"
        "2. Mål og oppdrag\n\nMål 1: Sikker ferdsel\n\nOppdrag knyttet til målet:\n"
        "1) Kystverket skal utrede nye farleder. Utredningen skal leveres innen 1. mai 2025.\n"
        "2) Kystverket skal kartlegge fyrlyktene. Status skal rapporteres hvert tertial.\n\n"
        "Mål 2: Effektiv drift\n\nOppdrag knyttet til målet:\n"
        "3) Kystverket skal fra 1. mars og ut året prøve ut digitale losbestillinger.\n"
        "4) Kystverket skal vurdere gebyrene for los innen 1. oktober 2025.\n\n"
        "3. Budsjett\n\nStortinget har vedtatt bevilgningene.\n",
    )
    found = extract_letter(letter).assignments
    assert [a.marking for a in found] == ["1)", "2)", "3)", "4)"]
    assert _deadlines(found[1]) == [("channel", "final", None, "tertialrapport")]
    assert _deadlines(found[2]) == [("period", "final", dt.date(2025, 12, 31), None)]


def test_numbers_starting_anew_under_each_goal_keep_their_place(tmp_path: Path) -> None:
    # the same layout, the numbers starting at "1)" under each goal: a number names no item alone
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Kystverket for 2025\n\n1. Innledning\n\nSamferdselsdepartementet viser til Prop. 1 S.\n\n"
        "2. Mål og oppdrag\n\nMål 1: Sikker ferdsel\n\nOppdrag knyttet til målet:\n"
        "1) Kystverket skal utrede nye farleder innen 1. mai 2025.\n"
        "2) Kystverket skal kartlegge fyrlyktene innen 1. juni 2025.\n\n"
        "Mål 2: Effektiv drift\n\nOppdrag knyttet til målet:\n"
        "1) Kystverket skal vurdere gebyrene for los innen 1. oktober 2025.\n\n"
        "3. Budsjett\n\nStortinget har vedtatt bevilgningene.\n",
    )
    found = extract_letter(letter).assignments
    assert len(found) == 3 and not any(a.marking.endswith(")") for a in found)


# -- a coded title over a spaced dash, "Leveranse:" and "Rapportering:" lines ------------------------------------------


def test_coded_titles_in_capitals_with_delivery_lines() -> None:
    # tildelingsbrev-2026-nkom, "3. Oppdrag for 2026" (lines 93-198): "O1 – NASJONAL FREKVENSSTRATEGI …" (line 103)
    # … "O11 – INNSPILL TIL STATSBUDSJETTET FOR 2028" (195), under the labels "Strategiske oppdrag" and "Løpende
    # oppdrag", each closing with "Leveranse: …" and some with "Rapportering: …"
    found = extract_letter(LETTERS / "tildelingsbrev-2026-nkom.txt").assignments
    assert [a.marking for a in found] == [f"O{n}" for n in range(1, 12)]
    by = {a.marking: a for a in found}
    assert by["O1"].title == "NASJONAL FREKVENSSTRATEGI FOR PERIODEN 2027–2032"
    # O2 "Leveranse: delrapport med kartleggingen 1. mars 2026, sluttrapport med forslag til krav" / "15.10.2026"
    # (lines 114-115)
    assert _deadlines(by["O2"]) == [
        ("date", "preliminary", dt.date(2026, 3, 1), None),
        ("date", "final", dt.date(2026, 10, 15), None),
    ]
    # O3 "Leveranse: 4. kvartal 2026" (128), "Rapportering: Hovedfunnene rapporteres i årsrapporten for 2026" (129)
    assert ("period", "final", dt.date(2026, 12, 31), None) in _deadlines(by["O3"])
    assert any(d[0] == "channel" and d[3] == "årsrapport" for d in _deadlines(by["O3"]))
    # O8 "Leveranse: løpende" / "Rapportering: i tertialrapportene" (180-181)
    assert _deadlines(by["O8"]) == [
        ("continuous", "continuous", None, None),
        ("channel", "final", None, "tertialrapport"),
    ]
    # O11 ends at its "Leveranse:" line (198); the paragraph after it ("Oppdrag som ikke er fullført innen fristen,
    # skal omtales i årsrapporten …", line 200) is the section's, no channel of O11's
    assert by["O11"].line_end == 198
    assert _deadlines(by["O11"]) == [("date", "final", dt.date(2026, 11, 1), None)]


def test_coded_titles_in_nynorsk_of_another_ministry(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Tildelingsbrev til Språkrådet for 2025\n\n1. Innleiing\n\nKultur- og likestillingsdepartementet viser til "
        "Prop. 1 S.\nLøyvingane er stilte til disposisjon\nfor Språkrådet.\n\n2. Oppdrag\n\n"
        "K1 – RETTLEIING AV KOMMUNANE\nSpråkrådet skal rettleie kommunane om klarspråk\nog om nynorsk i "
        "sakshandsaminga.\nLeveranse: løpande\nRapportering: i tertialrapportane\n\n"
        "K2 – STADNAMN I DIGITALE KART\nSpråkrådet skal gå gjennom stadnamna\ni dei digitale karta.\n"
        "Leveranse: 3. kvartal 2025\n\n"
        "Oppdrag som ikkje er fullførte, skal omtalast\ni årsrapporten med status.\n\n"
        "3. Budsjett\n\nStortinget har vedteke løyvingane\ntil Språkrådet.\n",
    )
    found = extract_letter(letter).assignments
    assert [a.marking for a in found] == ["K1", "K2"]
    assert _deadlines(found[0]) == [
        ("continuous", "continuous", None, None),
        ("channel", "final", None, "tertialrapport"),
    ]
    assert _deadlines(found[1]) == [("period", "final", dt.date(2025, 9, 30), None)]


# -- deadlines of the genre ----------------------------------------------------------------------------------------


def test_deadline_phrases_in_both_language_forms() -> None:
    # tildelingsbrev-2025-skm line 74 "frå 1. januar og ut året"; Bokmål with the year written
    found = find_deadlines("SKM skal frå 1. januar og ut året prøve ut ei ordning.", 2025)
    assert [(m.meaning, m.period_start, m.date) for m in found] == [
        ("period", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    ]
    found = find_deadlines("Direktoratet skal fra 1. mars og ut 2026 prøve ut ordningen.", 2026)
    assert [(m.meaning, m.period_start, m.date) for m in found] == [
        ("period", dt.date(2026, 3, 1), dt.date(2026, 12, 31))
    ]
    # tildelingsbrev-2025-skm lines 69-70 "Status skal rapporterast kvart tertial"; Bokmål "hvert tertial"
    assert _read("Status skal rapporterast kvart tertial.", 2025) == [("channel", "final", None, "tertialrapport")]
    assert _read("Fremdriften rapporteres hvert tertial.", 2026) == [("channel", "final", None, "tertialrapport")]
    # tildelingsbrev-2025-skm lines 94-95: a plan's day before the work's is a step on the way; Bokmål
    planned = (
        "En plan for arbeidet skal sendes innen 1. mars 2026, og systemet skal være i drift innen 1. oktober 2026."
    )
    assert _read(planned, 2026) == [
        ("date", "preliminary", dt.date(2026, 3, 1), None),
        ("date", "final", dt.date(2026, 10, 1), None),
    ]
    # a plan alone, no later day: its day is the deadline
    assert _read("Direktoratet skal leggje fram ein plan innan 1. mai 2025.", 2025) == [
        ("date", "final", dt.date(2025, 5, 1), None)
    ]
    # tildelingsbrev-2026-nkom lines 114-115 "delrapport med kartleggingen 1. mars 2026, sluttrapport med forslag
    # til krav 15.10.2026"; Nynorsk
    delivery = "Leveranse: delrapport med kartlegginga 1. mai 2025, sluttrapport med tilrådingar 1.11.2025"
    assert _read(delivery, 2025) == [
        ("date", "preliminary", dt.date(2025, 5, 1), None),
        ("date", "final", dt.date(2025, 11, 1), None),
    ]


def test_a_summer_is_no_day() -> None:
    # tildelingsbrev-2024-dibk line 181 "Før sommaren" (its truth: no deadline fact); tildelingsbrev-2026-nkom line
    # 107 "Leveranse: innen sommeren 2026" (its truth: 30 June) — the letters give no day, so none is made up
    assert _read("Før sommaren", 2024, cell=True) == []
    assert _read("Leveranse: innen sommeren 2026", 2026) == []


# -- actors ---------------------------------------------------------------------------------------------------------


def test_names_the_letters_read() -> None:
    # SKM line 118 "Forsvarets sikkerheitsavdeling (FSA)" (Nynorsk), not "Forsvaret"; Nkom lines 168-169 "European
    # Conference of Postal and Telecommunications" / "Administrations (CEPT)" wrapped
    keys = {e.key for e in extraction_actors(extract_letter(LETTERS / "tildelingsbrev-2025-skm.txt"))}
    assert "fsa" in keys and "forsvaret" not in keys
    keys = {e.key for e in extraction_actors(extract_letter(LETTERS / "tildelingsbrev-2026-nkom.txt"))}
    assert "cept" in keys
    # the Bokmål form
    gazetteer = load_gazetteer()
    assert [m.entry.key for m in gazetteer.find("Saka går til Forsvarets sikkerhetsavdeling i dag.")] == ["fsa"]


def test_an_acts_english_name_is_no_body() -> None:
    # tildelingsbrev-2026-nkom line 130 "(Gigabit Infrastructure Act)", line 167 "forslaget til Digital Networks Act";
    # another act; a body of capitalised words stays
    gazetteer = load_gazetteer()
    text = (
        "Arbeidet med forslaget til Digital Networks Act og Cyber Resilience Act skal samordnes med "
        "Nordic Telecom Forum Group."
    )
    names = [m.form for m in find_unknown_actors(text, gazetteer)]
    assert not any(n.endswith("Act") for n in names), names
    assert any("Nordic Telecom Forum Group" in n for n in names)


# -- the supplement ---------------------------------------------------------------------------------------------------


def test_a_numbered_item_named_in_a_supplement() -> None:
    # supplerande-nr-1-2025-skm line 45 "Fristen for oppdrag 2) blir utsett til 1. juni 2025."; line 50 "Oppdrag 7)
    # om ny rettleiar … fell bort med verknad frå 1. mars 2025."; line 56 "Teksten i oppdrag 5) blir endra"; Bokmål
    moved = move_sentence("Fristen for oppdrag 2) blir utsett til 1. juni 2025.")
    assert moved is not None and moved.ref.marking == "2)"
    ref, _day = withdrawal_sentence("Oppdrag 7) om ny rettleiar for autorisasjonsansvarlege fell bort.")  # type: ignore[misc]
    assert ref.marking == "7)"
    assert explicit_ref("Teksten i oppdrag 5) blir endra og skal lyde:") == "5)"
    ref, _day = withdrawal_sentence("Oppdrag 10) om nye lokaler utgår.")  # type: ignore[misc]
    assert ref.marking == "10)"
    assert explicit_ref("Fristen for oppdrag 3 utsettes.") == "Oppdrag 3"  # no bracket: the letter's "Oppdrag 3"


def test_the_supplement_reads_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # supplerande-nr-1-2025-skm: the budget change (lines 28-35), the moved deadline of 2) (45), the withdrawal of 7)
    # (50), the new text of 5) (56-70) and the new item 12) (78-80): all five changes and none more
    with tempfile.TemporaryDirectory() as home:
        monkeypatch.setenv("TBGRAPH_HOME", home)
        score, _result = supplement_truth.score("supplerande-nr-1-2025-skm", Path(home))
    assert not score.missed and not score.extra, (score.missed, score.extra)
    assert sum(score.truth.values()) == 5


# --- the two letters as a whole ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "left"),
    [
        # "politiet sine register" (line 96) and "innen sommeren 2026" (line 107): the truths were edited to one
        # rule each (a group is no actor, a season is no date; docs/extraction.md, twelfth round)
        ("tildelingsbrev-2025-skm", {}),
        ("tildelingsbrev-2026-nkom", {}),
    ],
)
def test_the_letters_of_the_round_read_whole(name: str, left: dict[str, list[str]]) -> None:
    from tbgraph.extract.truth import load_truth, score

    truth = load_truth(LETTERS / f"{name}.truth.yaml")
    figures = score(extract_letter(LETTERS / f"{name}.txt"), truth, load_gazetteer())
    for kind in ("assignments", "deadlines", "budget figures", "actors"):
        assert not figures[kind].extra, (kind, figures[kind].extra)
        assert [str(m) for m in figures[kind].missed] == left.get(kind, []), (kind, figures[kind].missed)
