"""Helpers the extraction tests share: a letter written into a folder, and an assignment's or a text's deadlines
as tuples that compare. (The round test files before the thirteenth keep their own copies; new ones import these.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tbgraph.extract.dates import find_deadlines

#: The fixture letters and supplements, each beside its truth.
LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"
SUPPLEMENTS = Path(__file__).resolve().parent / "fixtures" / "supplements"

#: A letterhead and title that make any text below it a letter of Samferdselsdepartementet for 2024.
HEAD = "DET KONGELIGE\nSAMFERDSELSDEPARTEMENT\n\nStatsbudsjettet 2024 – tildelingsbrev til Kystverket\n\n"


#: Fixture letters that stay under 90 % in a kind, and why (the truth stays as written).
SHORT = {
    # tildelingsbrev-2025-nupi: 16 of 18 actors; "Sveriges og Finlands NATO-medlemskap" (lines 117-118) and
    # "FN-politikk" name no body by the project's rule (an abbreviation before a hyphen names a thing of the body), and
    # "FN" is not in the reference data (earlier truths read "FNs barnekomité", "FNs konvensjon" as no mention of it)
    "tildelingsbrev-2025-nupi.txt": "actors: NATO and FN named only in compounds, or in no reference entry",
}


def write_letter(folder: Path, text: str, name: str = "tildelingsbrev-2024-brev.txt") -> Path:
    """``text`` as the letter ``name`` in ``folder``."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def deadlines_of(assignment: Any) -> list[tuple[object, ...]]:
    """(meaning, kind, date, channel) of an assignment's deadlines and its parts'."""
    found = [(d.meaning, d.kind, d.date, d.channel) for d in assignment.deadlines]
    return found + [(d.meaning, d.kind, d.date, d.channel) for p in assignment.parts for d in p.deadlines]


def read_deadlines(text: str, year: int, cell: bool = False) -> list[tuple[object, ...]]:
    """(meaning, kind, date, channel) of every deadline ``find_deadlines`` reads in ``text``."""
    return [(m.meaning, m.kind, m.date, m.channel) for m in find_deadlines(text, year, cell)]
