"""Unit tests of the extractor's small parts: dates, amounts, text cleaning, gazetteer, roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tbgraph.extract.amounts import find_amounts, parse_number
from tbgraph.extract.dates import find_deadlines
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.roles import find_involvements
from tbgraph.extract.text import SourceDoc, clean_join, is_page_marker


def _deadlines(text: str, year: int = 2023) -> list[tuple[str | None, dt.date | None]]:
    return [(m.kind, m.date) for m in find_deadlines(text, year)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frist: 1. mai", [("final", dt.date(2023, 5, 1))]),
        ("Frist 1. juni", [("final", dt.date(2023, 6, 1))]),  # no colon
        ("Frist: Innen 1. juni", [("final", dt.date(2023, 6, 1))]),
        ("Frist: innen 15. november", [("final", dt.date(2023, 11, 15))]),
        ("Frist: Løpende", [("continuous", None)]),
        ("Frist:15.november", [("final", dt.date(2023, 11, 15))]),
        (
            "legge fram et forslag i samarbeid med registerforvalterne innen 1. juni",
            [("final", dt.date(2023, 6, 1))],
        ),
        (
            "Foreløpig leveranse innen 15. februar. Endelig frist avklares i dialog med departementet.",
            [("preliminary", dt.date(2023, 2, 15)), ("to-be-agreed", None)],
        ),
        ("tilgjengeliggjøre priser på helsedata.no 1. februar 2023", [("final", dt.date(2023, 2, 1))]),
        # references to dates, not deadlines
        ("i tråd med anbefaling i leveranse 1. november 2022, herunder", []),
        ("jf. anbefalingen av 13. desember 2022.", []),
        ("felles plan som departementet mottar 1. oktober.", []),
        ("Frist: 31. juni", [(None, None)]),  # no such date: reported, not guessed
        ("Frist: snarest", [(None, None)]),
    ],
)
def test_deadline_phrases(text: str, expected: list[tuple[str | None, dt.date | None]]) -> None:
    assert _deadlines(text) == expected


def test_several_deadlines_in_one_text_keep_their_order() -> None:
    text = (
        "Direktoratet skal levere. Frist: Løpende - utarbeide et målbilde. "
        "Foreløpig leveranse innen 15. februar. "
        "Endelig frist avklares. - utarbeide indikatorer. Frist 1. juni"
    )
    assert _deadlines(text) == [
        ("continuous", None),
        ("preliminary", dt.date(2023, 2, 15)),
        ("to-be-agreed", None),
        ("final", dt.date(2023, 6, 1)),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("259 036", Decimal(259036)),
        ("73,9", Decimal("73.9")),
        ("1 234 567", Decimal(1234567)),
        ("4 653", Decimal(4653)),
        ("12", Decimal(12)),
        ("x", None),
    ],
)
def test_parse_number(text: str, value: Decimal | None) -> None:
    assert parse_number(text) == value


def test_prose_amounts_with_units() -> None:
    text = (
        "arbeid med 15,1 mill. kroner til Program Digital samhandling og 12 mill. kroner til pasientens "
        "legemiddelliste, og 500 000 kroner til annet i 2023."
    )
    amounts = [(a.value, a.unit, a.nok) for a in find_amounts(text)]
    assert amounts == [
        (Decimal("15.1"), "million-NOK", Decimal(15100000)),
        (Decimal(12), "million-NOK", Decimal(12000000)),
        (Decimal(500000), "NOK", Decimal(500000)),
    ]


@pytest.mark.parametrize("line", ["Side 5", " Side 11 ", "Side 3 av 12", "- 4 -", "3/14"])
def test_page_markers(line: str) -> None:
    assert is_page_marker(line)


@pytest.mark.parametrize("line", ["Sidene 5", "70 727", "Side om side", "2023"])
def test_not_page_markers(line: str) -> None:
    assert not is_page_marker(line)


def test_clean_join_mends_wrapped_words_and_keeps_ellipsis_hyphens() -> None:
    assert clean_join(["nasjonale e-", "helseløsninger"]) == "nasjonale e-helseløsninger"
    assert clean_join(["Prop 1 S (2022-", "2023)"]) == "Prop 1 S (2022-2023)"
    assert clean_join(["i helse- ", "og omsorgstjenesten"]) == "i helse- og omsorgstjenesten"
    assert clean_join(["Norsk helsenett", "", "SF skal"]) == "Norsk helsenett SF skal"


def test_block_skips_page_marker_and_quotes_around_it() -> None:
    lines = ("retning på e-", "", "Side 5", "", "helseområdet er kunnskapsbasert.")
    doc = SourceDoc(Path("x.txt"), lines, "text/plain", "", frozenset({3}))
    block = doc.block(doc.content())
    assert block.text == "retning på e-helseområdet er kunnskapsbasert."
    quotes = block.quotes()
    # The quote never contains the page marker: it is split around it, each piece exact.
    assert [(q.line_start, q.line_end, q.text) for q in quotes] == [
        (1, 1, "retning på e-"),
        (5, 5, "helseområdet er kunnskapsbasert."),
    ]


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return load_gazetteer()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Norsk helsenett SFs leveranser", "nhn"),
        ("Helsedirektoratets arbeid", "hdir"),
        ("med RHFenes oppdrag", "rhf"),
        ("KS’ nettverk", "ks"),
        ("de regionale helseforetakenes oppdrag", "rhf"),
        ("Direktoratet for e-helses arbeid", "ehelse"),
        ("Digitaliseringsdirektoratet har", "digdir"),
        ("i dialog med Bufdir,", "bufdir"),
    ],
)
def test_gazetteer_finds_inflected_names(gazetteer, text: str, key: str) -> None:  # type: ignore[no-untyped-def]
    assert [m.entry.key for m in gazetteer.find(text, ["actor"])] == [key]


def test_gazetteer_prefers_the_longest_name_and_respects_word_boundaries(gazetteer) -> None:  # type: ignore[no-untyped-def]
    found = [(m.entry.key, m.form) for m in gazetteer.find("Helse Sør-Øst RHF og HSØ, ikke KSnett", ["actor"])]
    assert found == [("helse-sor-ost", "Helse Sør-Øst RHF"), ("helse-sor-ost", "HSØ")]


def _roles(gazetteer, text: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    doc = SourceDoc(Path("x.txt"), (text,), "text/plain", "", frozenset())
    block = doc.block(doc.content())
    found = find_involvements(
        block, gazetteer, "1", recipient_key="ehelse", issuer_key="hod", id_quotes=block.quotes(0, 5)
    )
    return {(i.entry.key, i.role) for i in found if i.entry is not None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Direktoratet skal bistå Norsk helsenett SF i arbeidet.",
            {("nhn", "lead"), ("ehelse", "assisting")},
        ),
        (
            "Dette skal gjøres i samarbeid med Statens legemiddelverk, Norsk helsenett SF og Helsedirektoratet.",
            {("legemiddelverket", "collaborating"), ("nhn", "collaborating"), ("hdir", "collaborating")},
        ),
        ("Direktoratet skal delta i prosjektet som ledes av Helsedirektoratet.", {("hdir", "lead")}),
        ("Bufdir koordinerer arbeidet.", {("bufdir", "coordinating")}),
        (
            "Direktoratet skal basert på innføringsplaner for løsningene utarbeidet av Norsk helsenett SF, vurdere.",
            {("nhn", "providing-input")},
        ),
        (
            "KS, de regionale helseforetakene og øvrige interessenter skal involveres etter behov.",
            {("ks", "consulted"), ("rhf", "consulted")},
        ),
        (
            "Direktoratet skal levere kunnskapsgrunnlag til departementets arbeid.",
            {("hod", "receiving-delivery")},
        ),
    ],
)
def test_role_rules(gazetteer, text: str, expected: set[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert _roles(gazetteer, text) - {("ehelse", "owner")} == expected


def test_every_role_has_a_confidence_between_0_and_1(gazetteer) -> None:  # type: ignore[no-untyped-def]
    doc = SourceDoc(
        Path("x.txt"),
        ("Direktoratet skal bistå Norsk helsenett SF, sammen med Bufdir og NAV.",),
        "text/plain",
        "",
        frozenset(),
    )
    block = doc.block(doc.content())
    found = find_involvements(
        block, gazetteer, "1", recipient_key="ehelse", issuer_key="hod", id_quotes=block.quotes(0, 5)
    )
    assert found and all(0 < i.confidence <= 1 for i in found)
