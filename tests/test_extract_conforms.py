"""Every letter of the genre the extractor reads becomes a graph that conforms to the shapes.

`tbgraph load` keeps a letter only when its graph conforms, so a fact the extractor cannot place
fully (a steering parameter under a goal it did not find, a chapter without a "Sum kap." line) must
be a warning, never a violation that refuses the whole letter. Each fixture letter is extracted and
the letters are validated together with the shipped reference data, as `load` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from tbgraph.extract import extract_letter

HERE = Path(__file__).resolve().parent
LETTERS = sorted((HERE / "fixtures" / "letters").glob("*.txt"))
REFERENCE = HERE.parent / "data" / "reference"


def test_every_fixture_letter_conforms_to_the_shapes() -> None:
    validation = pytest.importorskip("tbgraph.validation.shacl")
    data = Graph()
    for path in sorted(REFERENCE.glob("*.ttl")):
        data.parse(path, format="turtle")
    for letter in LETTERS:
        data += extract_letter(letter).graph
    report = validation.validate(data)
    violations = sorted(f"{f.focus} {f.path}: {f.message}" for f in report.findings if f.severity == "Violation")
    assert violations == [], "\n".join(violations[:40])


def test_a_chapter_without_a_sum_line_and_a_parameter_without_a_goal_are_warnings() -> None:
    """tildelingsbrev-2025-spk lines 255-256: kap. 612 has one post and no "Sum kap." line;
    tildelingsbrev-2025-kartverket lines 39-52: steering parameters under goals "2.1"-"2.3"."""
    validation = pytest.importorskip("tbgraph.validation.shacl")
    data = Graph()
    for path in sorted(REFERENCE.glob("*.ttl")):
        data.parse(path, format="turtle")
    data += extract_letter(HERE / "fixtures" / "letters" / "tildelingsbrev-2025-spk.txt").graph
    report = validation.validate(data)
    shapes = {str(f.shape).rsplit("#", 1)[-1] for f in report.findings if f.severity == "Warning"}
    assert "BudgetChapterShape-statedTotal-given" in shapes
    assert not [f for f in report.findings if f.severity == "Violation"]
