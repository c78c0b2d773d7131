"""The fourth held-out round of supplements (docs/amendments.md): the rules its misses asked for, one at a time,
and what the named questions answer once each supplement is loaded after its letter.

* supplerende-nr-2-2025-mattilsynet (LMD): a table whose header wraps ("Tidligere / tildelt", "Ny / tildeling",
  lines 31-32), cuts with an en dash and a hyphen (lines 34, 42), a post new from 0 whose amounts stand on its
  second line (lines 36-37), an income chapter after the first chapter's sum (lines 40-44), and a move between
  posts in prose (lines 67-69);
* endring-2025-husbanken (KDD, Nynorsk): "Oppdrag K5 … fell bort." (line 24) and, two sentences on, "Oppdraget
  vert difor trekt tilbake med verknad frå 1. juli 2025" (line 26); "Fristen for sluttrapporten i oppdrag K3 vert
  utsett til 1. mars 2026." (line 33);
* tillegg-nr-1-2025-sjofartsdirektoratet (NFD): "Oppdrag O-3 Landstrøm får følgende nye ordlyd:" (line 23) over an
  indented block (lines 25-29); a numbered list of new assignments (lines 39, 55);
* tillegg-nr-1-2025-bufdir (BFD): "Oppdrag 2025-04 om … avsluttes derfor med virkning fra 1. september 2025"
  (lines 26-28), "fremskyndes fra 1. februar 2026 til 15. desember 2025" (lines 32-33), a new assignment under
  "Nytt oppdrag: …" (line 38) that "får nummer 2025-06" (line 45).

Line numbers count as str.splitlines() does (the form feed that opens page 2 ends a line of its own).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from cli_process import tbgraph
from project_paths import ROOT
from tbgraph.extract.supplement_prose import (
    marking_candidates,
    move_sentence,
    post_move,
    revision_leads_in,
    revisions_in,
    withdrawal_follow_up,
    withdrawal_sentence,
)

SUPPLEMENTS = ROOT / "tests" / "fixtures" / "supplements"
LETTERS = ROOT / "tests" / "fixtures" / "letters"

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")


# --- the wordings, as text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oppdrag K5 Energieffektivisering i bustader fell bort.", ("K5",)),  # husbanken line 24
        ("Fristen for sluttrapporten i oppdrag K3 vert utsett til 1. mars 2026.", ("K3",)),  # husbanken line 33
        ("Oppdrag O-3 Landstrøm får følgende nye ordlyd:", ("O-3",)),  # sjøfart line 23
        ("Oppdrag 2025-04 om forvaltning av tilskuddsordningen", ("2025-04",)),  # bufdir line 26
        # a year range, a budget chapter and a post are no markings
        ("jf. Prop. 146 S (2024–2025) og Innst. 450 S (2024–2025), kap. 1115 post 01", ()),
    ],
)
def test_a_marking_of_any_scheme_is_a_candidate(text: str, expected: tuple[str, ...]) -> None:
    assert marking_candidates(text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Oppdrag K5 Energieffektivisering i bustader fell bort.",
        "Oppdrag 2025-04 om forvaltning av tilskuddsordningen avsluttes derfor med virkning fra 1. september 2025.",
        "Oppdrag K2 vert difor trekt tilbake.",
        "Oppdrag A-1 bortfaller.",
        "Oppdrag A-1 oppheves fra 1. mai 2025.",
        "Oppdrag A-1 utgår.",
        "Oppdrag A-1 trekkes tilbake.",
    ],
)
def test_withdrawal_verbs_with_or_without_an_adverb(sentence: str) -> None:
    found = withdrawal_sentence(sentence)
    assert found is not None, sentence
    ref, _day = found
    assert ref.marking or ref.candidates


def test_a_code_standing_alone_names_only_what_the_letter_marks_so() -> None:
    # "K5 fell bort.": the code is looked up among the letter's markings; the words are no description to match
    # an assignment by, so a code the letter does not have withdraws nothing (it is reported)
    found = withdrawal_sentence("K5 fell bort.")
    assert found is not None
    ref, _day = found
    assert ref.candidates == ("K5",) and ref.bare
    found = withdrawal_sentence("Oppdrag K5 Energieffektivisering i bustader fell bort.")  # husbanken line 24
    assert found is not None and not found[0].bare


def test_the_day_of_a_withdrawal_in_a_later_sentence() -> None:
    # husbanken line 26: no marking of its own, the verb with "difor" between, "med verknad frå"
    sentence = "Oppdraget vert difor trekt tilbake med verknad frå 1. juli 2025, og Husbanken skal ikkje rapportere."
    at = withdrawal_follow_up(sentence)
    assert at is not None and sentence[at:].startswith("1. juli 2025")


@pytest.mark.parametrize(
    ("sentence", "old", "new"),
    [
        # bufdir lines 32-33: a deadline moved earlier
        (
            "Fristen for oppdrag 2025-02 om kapasiteten fremskyndes fra 1. februar 2026 til 15. desember 2025.",
            "1. februar 2026",
            "15. desember 2025",
        ),
        ("Fristen for sluttrapporten i oppdrag K3 vert utsett til 1. mars 2026.", None, "1. mars 2026"),
        ("Fristen for oppdrag K3 vert derfor utsett til 1. mars 2026.", None, "1. mars 2026"),
        ("Fristen for oppdrag A-2 forskyves fra 1. mai 2025 til 1. juni 2025.", "1. mai 2025", "1. juni 2025"),
    ],
)
def test_move_verbs_later_and_earlier(sentence: str, old: str | None, new: str) -> None:
    moved = move_sentence(sentence)
    assert moved is not None
    assert sentence[moved.new :].startswith(new)
    if old is None:
        assert moved.old is None  # the letter gives the old day
    else:
        assert moved.old is not None and sentence[moved.old :].startswith(old)


def test_a_move_between_posts_is_two_changes() -> None:
    # mattilsynet lines 67-69
    sentence = (
        "I tillegg til endringene i tabellen flyttes 2 mill. kroner fra post 01 til post 71 på kap. 1115, "
        "jf. Stortingets vedtak, for å dekke økt norsk kontingent."
    )
    down, up = post_move(sentence)
    assert (down.chapter, down.post, down.change, down.unit) == ("1115", "01", Decimal(-2), "million-NOK")
    assert (up.chapter, up.post, up.change, up.unit) == ("1115", "71", Decimal(2), "million-NOK")
    assert down.before is None and up.after is None  # the letter gives them
    assert post_move("Midlene kan overføres til 2026.") == []  # mattilsynet line 62: no posts named


def test_a_revision_whose_new_text_stands_below() -> None:
    # sjøfart line 23, the new text the indented paragraph of lines 25-29
    assert revision_leads_in("Oppdrag O-3 Landstrøm får følgende nye ordlyd:")
    assert revision_leads_in("Oppdrag 3 skal lyde:")
    assert not revision_leads_in("Departementet gir Sjøfartsdirektoratet følgende nye oppdrag:")
    text = "Oppdrag O-3 Landstrøm får følgende nye ordlyd: Sjøfartsdirektoratet skal følge opp handlingsplanen."
    (span,) = revisions_in(text)
    assert text[span.text_start : span.text_end] == "Sjøfartsdirektoratet skal følge opp handlingsplanen."
    assert span.ref.candidates == ("O-3",)


@pytest.mark.parametrize(
    "text",
    [
        # supplerande-tildelingsbrev-nr-2-2025-forbrukerradet lines 65-71: a lead-in over a table of moved deadlines
        "Fristane for desse oppdraga blir endra: Nr. Oppdrag Opphavleg frist Ny frist 3 Samanlikning av "
        "innboforsikringar på Finansportalen.no 1. oktober 2025 1. desember 2025",
        "De nye fristene for følgende oppdrag endres slik: Oppdrag 2 Tilsyn med markedsføring 1. mai 2025",
        "Teksten i disse oppdragene endres til: Direktoratet skal utrede nye tiltak innen 1. juni.",
    ],
)
def test_deadlines_or_many_assignments_changed_are_no_revised_text(text: str) -> None:
    assert revisions_in(text) == []


def test_one_assignment_named_before_its_revised_text_is_still_read() -> None:
    text = "Teksten i oppdrag nr. 6 skal etter dette lyde: «Forbrukarrådet skal leggje fram ein plan.»"
    (span,) = revisions_in(text)
    assert span.ref.marking == "Oppdrag 6"


# --- loaded after the letter: what the questions answer --------------------------------------------------------


def _loaded(tmp_path_factory: pytest.TempPathFactory, letter: str, supplement: str) -> Path:
    home = tmp_path_factory.mktemp(supplement.rsplit("-", 1)[-1])
    for path in (LETTERS / letter, SUPPLEMENTS / supplement):
        done = tbgraph(home, "load", str(path))
        assert done.returncode == 0, done.stdout + done.stderr
    return home


def _ask(home: Path, question: str, recipient: str, *as_of: str) -> list[dict[str, Any]]:
    args = ["ask", question, "--recipient", recipient, "--year", "2025", "--format", "json"]
    done = tbgraph(home, *args, *(["--as-of", as_of[0]] if as_of else []))
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout or "[]")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def mattilsynet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _loaded(tmp_path_factory, "tildelingsbrev-2025-mattilsynet.txt", "supplerende-nr-2-2025-mattilsynet.txt")


def test_a_new_post_is_in_the_budget_from_the_supplement(mattilsynet: Path) -> None:
    """Lines 36-37 "45  Større utstyrsanskaffelser og / vedlikehold, kan overføres  0  6 000  6 000" (in 1000 kr,
    line 30): the letter has no post 45 (tildelingsbrev-2025-mattilsynet lines 62-69)."""

    def post_45(*as_of: str) -> list[dict[str, Any]]:
        return [
            r for r in _ask(mattilsynet, "budget", "mattilsynet", *as_of) if (r["chapter"], r["post"]) == ("1115", "45")
        ]

    assert post_45("2025-06-26") == []
    (row,) = post_45()
    assert float(row["amount_nok"]) == 6_000_000
    assert row["name"] == "Større utstyrsanskaffelser og vedlikehold, kan overføres"
    assert "lines 36–37" in row["changed"]


def test_a_move_between_posts_changes_both_and_not_the_chapter(mattilsynet: Path) -> None:
    """Lines 67-69 "flyttes 2 mill. kroner fra post 01 til post 71 på kap. 1115"; "Flyttingen endrer ikke summen for
    kapitlet" (line 69): post 01 from 1 512 345 to 1 510 345 and post 71 from 4 150 to 6 150 thousand (the letter's
    lines 62 and 64); the chapter's sum is the table's (line 38), 1 531 395 thousand, and its posts add up to it."""
    rows = {(r["chapter"], r["post"]): r for r in _ask(mattilsynet, "budget", "mattilsynet")}
    assert float(rows[("1115", "01")]["amount_nok"]) == 1_510_345_000
    assert float(rows[("1115", "71")]["amount_nok"]) == 6_150_000
    assert float(rows[("1115", "")]["amount_nok"]) == 1_531_395_000
    assert rows[("1115", "")]["agrees"] in (True, "yes", "true")
    before = {(r["chapter"], r["post"]): r for r in _ask(mattilsynet, "budget", "mattilsynet", "2025-06-26")}
    assert float(before[("1115", "01")]["amount_nok"]) == 1_512_345_000
    assert float(before[("1115", "71")]["amount_nok"]) == 4_150_000


def test_the_income_chapter_after_the_first_sum_is_read(mattilsynet: Path) -> None:
    """Lines 40-44: kap. 4115 post 02 "14 800  -1 300  13 500" (a hyphen), the sum 236 100 → 244 000."""
    rows = {(r["chapter"], r["post"]): r for r in _ask(mattilsynet, "budget", "mattilsynet")}
    assert float(rows[("4115", "02")]["amount_nok"]) == 13_500_000
    assert float(rows[("4115", "")]["amount_nok"]) == 244_000_000


@pytest.fixture(scope="module")
def husbanken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _loaded(tmp_path_factory, "tildelingsbrev-2025-husbanken.txt", "endring-2025-husbanken.txt")


def test_a_withdrawal_takes_its_day_from_a_later_sentence(husbanken: Path) -> None:
    """Line 24 "Oppdrag K5 Energieffektivisering i bustader fell bort." and line 26 "Oppdraget vert difor trekt
    tilbake med verknad frå 1. juli 2025": K5 (the letter's lines 65-67) is active until 30 June."""

    def k5(*as_of: str) -> list[dict[str, Any]]:
        return [r for r in _ask(husbanken, "assignments", "husbanken", *as_of) if r["assignment"].endswith("/k5")]

    assert len(k5("2025-06-30")) == 1
    assert k5("2025-07-01") == []
    assert k5() == []


def test_a_moved_deadline_named_by_oppdrag_and_its_marking(husbanken: Path) -> None:
    """Line 33 "Fristen for sluttrapporten i oppdrag K3 vert utsett til 1. mars 2026.": K3's final report (letter
    lines 58-59, "sluttrapport innan 1. desember 2025"), not its part report of 1 April 2025."""

    def k3(*as_of: str) -> set[str]:
        rows = _ask(husbanken, "deadlines", "husbanken", *as_of)
        return {r["date"] for r in rows if "/k3" in str(r["item"])}

    assert k3("2025-06-12") >= {"2025-04-01", "2025-12-01"}
    assert "2026-03-01" in k3() and "2025-12-01" not in k3() and "2025-04-01" in k3()


@pytest.fixture(scope="module")
def sjofart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _loaded(
        tmp_path_factory, "tildelingsbrev-2025-sjofartsdirektoratet.txt", "tillegg-nr-1-2025-sjofartsdirektoratet.txt"
    )


def test_a_revised_text_from_the_indented_block_below(sjofart: Path) -> None:
    """Lines 23-29: O-3's new text is the indented block, up to "… i årsrapporten for 2025." (line 29), not the
    reason after it (line 31 "Endringen skyldes …"); its deadline 1 December 2025 (line 28)."""
    rows = [r for r in _ask(sjofart, "assignments", "sjofartsdirektoratet") if r["assignment"].endswith("/o-3")]
    (row,) = rows
    assert row["text"].startswith("Sjøfartsdirektoratet skal, sammen med Miljødirektoratet og Enova SF, følge opp")
    assert row["text"].endswith("Arbeidet med handlingsplanen rapporteres for øvrig i årsrapporten for 2025.")
    assert "2025-12-01" in str(row["deadlines"])
    assert "lines 23–29" in str(row["changes"])


def test_a_numbered_list_of_new_assignments_over_a_page_break(sjofart: Path) -> None:
    """Line 37 "… følgende nye oppdrag:", items "1." (lines 39-43, "Frist: løpende.") and "2." (lines 55-58,
    "innen 15. oktober 2025", after the page footer and header)."""
    before = {r["assignment"] for r in _ask(sjofart, "assignments", "sjofartsdirektoratet", "2025-05-14")}
    new = [r for r in _ask(sjofart, "assignments", "sjofartsdirektoratet") if r["assignment"] not in before]
    titles = sorted(r["title"] for r in new)
    assert len(titles) == 2, titles
    assert titles[0].startswith("Sjøfartsdirektoratet skal bistå departementet i arbeidet med en ny strategi")
    assert titles[1].startswith("Sjøfartsdirektoratet skal kartlegge bruken av ammoniakk og hydrogen")
    assert any("2025-10-15" in str(r["deadlines"]) for r in new)


@pytest.fixture(scope="module")
def bufdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _loaded(tmp_path_factory, "tildelingsbrev-2025-bufdir.txt", "tillegg-nr-1-2025-bufdir.txt")


def test_a_deadline_moved_earlier(bufdir: Path) -> None:
    """Lines 32-33 "Fristen for oppdrag 2025-02 … fremskyndes fra 1. februar 2026 til 15. desember 2025"."""

    def days(*as_of: str) -> set[str]:
        rows = _ask(bufdir, "deadlines", "bufdir", *as_of)
        return {r["date"] for r in rows if str(r["item"]).split("/")[-1] == "2025-02" or "/2025-02/" in str(r["item"])}

    assert "2026-02-01" in days("2025-07-03") and "2025-12-15" not in days("2025-07-03")
    assert "2025-12-15" in days() and "2026-02-01" not in days()


def test_a_new_assignment_under_an_unnumbered_heading_with_its_number(bufdir: Path) -> None:
    """Line 38 "Nytt oppdrag: Oppfølging av ungdom som flytter ut fra barnevernsinstitusjon", its text lines 40-46
    ("Oppdraget får nummer 2025-06", line 45; "innen 1. mars 2026", line 46); it ends before the page footer."""
    before = {r["assignment"] for r in _ask(bufdir, "assignments", "bufdir", "2025-07-03")}
    new = [r for r in _ask(bufdir, "assignments", "bufdir") if r["assignment"] not in before]
    (row,) = new
    assert row["title"] == "Oppfølging av ungdom som flytter ut fra barnevernsinstitusjon"
    assert "2026-03-01" in str(row["deadlines"])
    assert row["text"].endswith("og skal orientere om status i etatsstyringsmøtet i november.")
    # the number it is given is its marking (skos:notation), as the letter's "Oppdrag 2025-05" is theirs
    out = bufdir / "supplement.ttl"
    done = tbgraph(bufdir, "extract", str(SUPPLEMENTS / "tillegg-nr-1-2025-bufdir.txt"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    graph = Graph().parse(out, format="turtle")
    assert str(graph.value(URIRef(row["assignment"]), SKOS.notation)) == "2025-06"
