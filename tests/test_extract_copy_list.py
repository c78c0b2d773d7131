"""The copy list ("Kopi:") ends where an annex or a table begins: their words are no recipients."""

from __future__ import annotations

from pathlib import Path

from tbgraph.extract import extract_letter
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.truth import load_truth, score

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


def test_an_annex_table_after_the_copy_list_gives_no_actors() -> None:
    """tildelingsbrev-2024-kystverket lines 163-177: "Kopi:" over three ministries, then "Vedlegg 1:
    Styringskalender for 2024" and its rows ("15. mars   Årsrapport for 2023   Kystverket"), which
    were read as nine more copy recipients."""
    letter = LETTERS / "tildelingsbrev-2024-kystverket.txt"
    result = extract_letter(letter)
    assert result.info is not None
    assert [entry.label for entry in result.info.copy_to] == [
        "Riksrevisjonen",
        "Samferdselsdepartementet",
        "Klima- og miljødepartementet",
    ]
    figures = score(result, load_truth(letter.with_name(letter.stem + ".truth.yaml")), load_gazetteer())["actors"]
    assert not [name for name in figures.extra if "Styringskalender" in name or "Tertialrapport" in name]
    assert figures.precision is not None and figures.precision >= 0.9


def test_a_bare_page_number_under_the_copy_list_is_no_recipient() -> None:
    """tildelingsbrev-2025-nokut lines 197-202: "Kopi til:" over three names, then the last page's
    number "4" alone, centred, which was kept as an organisation named "4"."""
    result = extract_letter(LETTERS / "tildelingsbrev-2025-nokut.txt")
    assert result.info is not None
    labels = [entry.label for entry in result.info.copy_to]
    assert "4" not in labels and "Riksrevisjonen" in labels and len(labels) == 3
