"""The seventh held-out round of supplements (docs/amendments.md): the rules its first run asked for, each held
against the supplement's lines and against a sentence of another wording or scheme.

* tillegg-nr-2-2025-konkurransetilsynet (NFD): IDs "NFD-KT-25-6" (two groups of capitals, a two-digit year, the
  number last) in "Oppdrag NFD-KT-25-6 … utgår derfor" (lines 65-66), "Fristen for oppdrag NFD-KT-25-4 …
  utsettes fra … til …" (lines 70-71), "Oppdrag NFD-KT-25-2 endres og lyder nå:" (line 75); the budget prose's
  back-reference "… følger av at oppdrag NFD-KT-25-6 utgår, jf. punkt 2.1" (line 45) is no withdrawal of its own;
* supplerande-nr-1-2024-statped (KD, Nynorsk): budget changes in prose with the Nynorsk verb "aukar" ("Løyvinga
  på kap. 230, post 01 Driftsutgifter aukar med 6,2 mill. kroner, frå 798 450 000 kroner til 804 650 000
  kroner", lines 34-35; "Departementet aukar òg inntektsløyvinga på kap. 3230, post 01 … med 1,2 mill. kroner,
  til 38 000 000 kroner", lines 42-43); bare IDs "2024-05" of the letter's hanging indent.

Line numbers count as str.splitlines() does (the form feed that opens page 2 ends a line of its own).
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from tbgraph.extract.supplement_prose import budget_sentence, explicit_ref, move_sentence, withdrawal_sentence

sys.path.insert(0, str(Path(__file__).resolve().parent))
import supplement_truth  # noqa: E402


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tillegg-nr-2-2025-konkurransetilsynet, lines 65-66
        ("Oppdrag NFD-KT-25-6 om faglige innspill til meldingsarbeidet utgår derfor.", "NFD-KT-25-6"),
        # tildelingsbrev-2025-udi's scheme, four parts ("Oppdrag JD-UDI-2024-04 … utgår", letter line 160)
        ("Oppdrag JD-UDI-2024-04 i tildelingsbrevet for 2024 utgår.", "JD-UDI-2024-04"),
        # another scheme of the same shape
        ("Oppdraget HOD-HDIR-25-12 trekkes tilbake.", "HOD-HDIR-25-12"),
    ],
)
def test_an_id_of_any_scheme_is_read_whole(text: str, expected: str) -> None:
    assert explicit_ref(text) == expected
    found = withdrawal_sentence(text)
    assert found is not None and found[0].marking == expected


def test_a_move_names_the_whole_id() -> None:
    # lines 70-71
    moved = move_sentence(
        "Fristen for oppdrag NFD-KT-25-4 om veileder mot ulovlig anbudssamarbeid utsettes fra 1. september 2025 til "
        "1. desember 2025, slik at veilederen kan ta hensyn til de nye reglene."
    )
    assert moved is not None and moved.ref.marking == "NFD-KT-25-4"


@pytest.mark.parametrize(
    "text",
    [
        # line 45: the budget's reason points to the section that withdraws the assignment
        "Reduksjonen på post 21 følger av at oppdrag NFD-KT-25-6 utgår, jf. punkt 2.1, og midlene er overført.",
        # Nynorsk, "sjå punkt"
        "Reduksjonen kjem av at oppdrag 2024-05 fell bort (sjå punkt 2.1).",
    ],
)
def test_a_withdrawal_named_as_stated_elsewhere_is_no_change(text: str) -> None:
    assert withdrawal_sentence(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # supplerande-nr-1-2024-statped, lines 34-35: the change in million, before and after in kroner
        (
            "Løyvinga på kap. 230, post 01 Driftsutgifter aukar med 6,2 mill. kroner, frå 798 450 000 kroner til "
            "804 650 000 kroner.",
            ("230", "01", Decimal("798450000"), Decimal("6200000"), Decimal("804650000"), "NOK"),
        ),
        # lines 42-43: the verb before the post, no amount before (the letter's)
        (
            "Departementet aukar òg inntektsløyvinga på kap. 3230, post 01 Driftsinntekter med 1,2 mill. kroner, "
            "til 38 000 000 kroner.",
            ("3230", "01", None, Decimal("1200000"), Decimal("38000000"), "NOK"),
        ),
        # Bokmål of the same
        (
            "Bevilgningen på kap. 1352, post 21 øker med 500 000 kroner til 4 500 000 kroner.",
            ("1352", "21", None, Decimal("500000"), Decimal("4500000"), "NOK"),
        ),
    ],
)
def test_a_budget_change_in_nynorsk_prose(text: str, expected: tuple[object, ...]) -> None:
    found = budget_sentence(text)
    assert found is not None
    assert (found.chapter, found.post, found.before, found.change, found.after, found.unit) == expected


@pytest.mark.parametrize(
    ("name", "changes"),
    [("tillegg-nr-2-2025-konkurransetilsynet", 6), ("supplerande-nr-1-2024-statped", 7)],
)
def test_every_change_of_the_round_is_read_and_none_more(name: str, changes: int) -> None:
    with tempfile.TemporaryDirectory() as home:
        score, _result = supplement_truth.score(name, Path(home))
    assert sum(score.truth.values()) == changes
    assert not score.missed and not score.extra, (score.missed, score.extra)
