"""Supplement rules of the eighth held-out round, held against the lines of supplerande-nr-1-2024-imdi
(tests/fixtures/supplements) and against sentences of another scheme; the supplement as a whole is scored with the
others in tests/test_extract_supplements_genre.py (tests/supplement_truth.py, NAMES)."""

from __future__ import annotations

import pytest

from tbgraph.extract.supplement_prose import explicit_ref, move_sentence, withdrawal_sentence


@pytest.mark.parametrize(
    ("sentence", "marking", "old", "new"),
    [
        # supplerande-nr-1-2024-imdi, 2.2 (lines 74-76): a code that starts with "TB" but is of another scheme, and
        # the Nynorsk "blir utsett frå D til D"
        (
            "Fristen for oppdrag TB-2024-IMDi-4 om heilskapleg kvalifisering i introduksjonsprogrammet blir utsett frå "
            "1. oktober 2024 til 1. desember 2024, slik at kartlegginga kan omfatte erfaringane frå haustsemesteret.",
            "TB-2024-IMDi-4",
            "1. oktober 2024",
            "1. desember 2024",
        ),
        # variant: another agency's abbreviation in small letters, "blir flytta til D" with the old date after
        (
            "Fristen for oppdrag KD-HKdir-2025-3 blir flytta til 1. mars 2026, tidlegare 1. desember 2025.",
            "KD-HKdir-2025-3",
            "1. desember 2025",
            "1. mars 2026",
        ),
    ],
)
def test_a_deadline_moved_under_a_code_of_another_scheme(sentence: str, marking: str, old: str, new: str) -> None:
    moved = move_sentence(sentence)
    assert moved is not None
    assert moved.ref.marking == marking
    assert moved.old is not None and sentence[moved.old :].startswith(old)
    assert sentence[moved.new :].startswith(new)


def test_a_withdrawal_and_a_tb_id_still_read_as_before() -> None:
    # supplerande-nr-1-2024-imdi, 2.1 (lines 68-69): "Oppdrag TB-2024-IMDi-7 … blir trekt tilbake med verknad frå
    # 1. juli 2024" names the whole code, not "TB-2024"
    found = withdrawal_sentence(
        "Oppdrag TB-2024-IMDi-7 om ny organisering av minoritetsrådgjevarordninga blir trekt tilbake med verknad "
        "frå 1. juli 2024."
    )
    assert found is not None and found[0].marking == "TB-2024-IMDi-7"
    assert explicit_ref("Oppdrag TB2024-07 utgår.") == "TB2024-07"  # the TB scheme itself
