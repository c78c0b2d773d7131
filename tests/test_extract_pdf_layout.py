"""Letters as PDFs whose layout matters: tables in columns, indented bullets, footers on every page.

Each fixture letter of tests/fixtures/letters/ is printed to PDF as its pages lay it out (a
monospaced font keeps the columns, a new page at each form feed) and read back through
``tbgraph.extract.pdf``: the facts must be those of the hand-written truth, as from the text. The
measurement that chose pypdf's layout mode is in docs/extraction.md; where pdfplumber is installed,
the last test repeats it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from letter_helpers import SHORT
from tbgraph.extract import extract_letter
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.truth import KINDS, load_truth, score, truth_path_for

pytest.importorskip("reportlab")

HERE = Path(__file__).resolve().parent
LETTERS = sorted((HERE / "fixtures" / "letters").glob("*.txt"))


def print_to_pdf(text_path: Path, pdf_path: Path) -> None:
    """The letter's pages as a PDF: one text line per line at its column, a page per form feed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(pdf_path), pagesize=A4)
    for page in text_path.read_text(encoding="utf-8").split("\f"):
        pdf.setFont("Courier", 7)
        y = 810
        for line in page.split("\n"):
            pdf.drawString(20, y, line.replace("•", "-"))  # Courier's encoding has no bullet glyph
            y -= 10
        pdf.showPage()
    pdf.save()


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return load_gazetteer()


@pytest.mark.parametrize("letter", LETTERS, ids=[p.stem for p in LETTERS])
def test_a_printed_letter_reads_as_its_text(tmp_path: Path, gazetteer, letter: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / f"{letter.stem}.pdf"
    print_to_pdf(letter, pdf)
    extraction = extract_letter(pdf, gazetteer=gazetteer)
    assert extraction.source is not None and extraction.source.media_type == "application/pdf"
    result = score(extraction, load_truth(truth_path_for(letter)), gazetteer)
    for kind in KINDS:
        if SHORT.get(letter.name, "").startswith(f"{kind}:"):
            continue  # under 90 % read as text too (letter_helpers.SHORT)
        assert (result[kind].recall or 0) >= 0.9, (kind, result[kind].missed)
    # the page footers ("Side 2 av 4") are furniture in the PDF's text layer too
    if "Side " in letter.read_text(encoding="utf-8"):
        assert any("Side" in extraction.source.line(n) for n in extraction.source.furniture)


def test_pypdf_layout_reads_tables_at_least_as_well_as_pdfplumber(tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    pdfplumber = pytest.importorskip("pdfplumber")
    from pypdf import PdfReader

    found = {"pypdf-layout": 0, "pdfplumber-layout": 0}
    for letter in LETTERS:
        pdf = tmp_path / f"{letter.stem}.pdf"
        print_to_pdf(letter, pdf)
        truth = load_truth(truth_path_for(letter))
        with pdfplumber.open(pdf) as document:
            plumbed = "\f".join(page.extract_text(layout=True) or "" for page in document.pages)
        texts = {
            "pypdf-layout": "\f".join(p.extract_text(extraction_mode="layout") or "" for p in PdfReader(pdf).pages),
            "pdfplumber-layout": plumbed,
        }
        for mode, text in texts.items():
            path = tmp_path / mode / letter.name
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            found[mode] += score(extract_letter(path, gazetteer=gazetteer), truth, gazetteer)[
                "assignments"
            ].matched_truth
    assert found["pypdf-layout"] >= found["pdfplumber-layout"], found
