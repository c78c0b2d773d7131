"""The held-out letter to Landbruksdirektoratet (tests/fixtures/letters/tildelingsbrev-2025-landbruksdirektoratet.txt)
as a word processor would print it: proportional fonts, real tables with ruled cells that wrap their text,
a running page header with "Side N av M" in the middle of the line, and the deadline table broken by a page
with its header row repeated (reportlab's platypus splits the table where the page ends).

The letter is read from the PDF as from its text, against the same hand-written truth; the first run of
both is in docs/extraction.md. Run as a script it writes the PDF:
``.venv/bin/python tests/test_extract_heldout_pdf.py OUT.pdf``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tbgraph.extract import extract_letter
from tbgraph.extract.gazetteer import load_gazetteer
from tbgraph.extract.truth import KINDS, load_truth, score

LETTER = Path(__file__).resolve().parent / "fixtures" / "letters" / "tildelingsbrev-2025-landbruksdirektoratet.txt"

LETTERHEAD = ["DET KONGELIGE", "LANDBRUKS- OG MATDEPARTEMENT"]
ADDRESS = ["Landbruksdirektoratet", "Postboks 1450 Vika", "0116 OSLO"]
TITLE = "Tildelingsbrev for 2025 – Landbruksdirektoratet"
HEADER = "Tildelingsbrev 2025 – Landbruksdirektoratet"
INTRO = (
    "Landbruks- og matdepartementet (LMD) viser til Stortingets vedtak om statsbudsjettet for 2025. Med dette "
    "brevet stilles bevilgningene til disposisjon for Landbruksdirektoratet, og departementet gir mål, oppdrag og "
    "frister for året."
)
GOALS = [
    "Hovedmål 1: Matsikkerhet og beredskap",
    "Hovedmål 2: Landbruk over hele landet",
    "Hovedmål 3: Økt verdiskaping i landbruket",
]
ASSIGNMENTS_LEAD = (
    "Departementet gir Landbruksdirektoratet disse oppdragene for 2025. Fristene og hva som skal leveres, står i "
    "tabellen i punkt 4."
)
ASSIGNMENTS = [
    ("1", "Utarbeide en plan for kornlagring som del av den nasjonale beredskapen, i samarbeid med Norsk institutt "
     "for bioøkonomi (NIBIO)."),
    ("2", "Evaluere tilskuddsordningen for drenering av jordbruksjord."),
    ("3", "Utvikle en felles digital søknadsløsning for produksjonstilskudd sammen med Mattilsynet."),
    ("4", "Gjennomgå regelverket for avløsertilskudd og foreslå forenklinger."),
    ("5", "Følge utviklingen i markedet for kjøtt og melk, med tall fra Statistisk sentralbyrå (SSB), og orientere "
     "departementet om vesentlige endringer."),
]  # fmt: skip
DEADLINES = [
    ("1", "Plan for kornlagring", "1. mai 2025"),
    ("2", "Delrapport med foreløpige funn", "1. juni 2025"),
    ("2", "Endelig evaluering", "1. desember 2025"),
    ("3", "Løsningen tas i bruk", "15. januar 2026"),
    ("4", "Forslag til forenklinger", "1. oktober 2025"),
    ("5", "Orientering i etatsstyringsmøtene", "Løpende"),
]
BUDGET_HEADER = ("Kap.", "Post", "Betegnelse", "Regnskap 2023", "Saldert budsjett 2024", "Tildeling 2025")
BUDGET = [
    ("1142", "", "Landbruksdirektoratet", "", "", ""),
    ("", "01", "Driftsutgifter", "248 510", "256 200", "268 450"),
    ("", "45", "Større utstyrsanskaffelser", "12 300", "10 000", "9 500"),
    ("", "", "Sum kap. 1142", "260 810", "266 200", "277 950"),
    ("4142", "", "Landbruksdirektoratet", "", "", ""),
    ("", "01", "Diverse inntekter", "18 420", "19 000", "19 800"),
    ("", "", "Sum kap. 4142", "18 420", "19 000", "19 800"),
]


def build_pdf(path: Path, space_before_deadlines: float = 100.0) -> int:
    """Write the letter as a PDF; returns the number of pages. ``space_before_deadlines`` pushes the
    deadline table down so that the page ends inside it."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body, h1 = styles["BodyText"], styles["Heading2"]
    cell = styles["BodyText"].clone("cell", fontSize=9, leading=11)
    pages: list[int] = []

    def header(canvas: Any, doc: Any) -> None:
        pages.append(doc.page)
        if doc.page > 1:
            canvas.saveState()
            canvas.setFont("Helvetica", 8)
            canvas.drawString(20 * mm, 285 * mm, HEADER)
            canvas.drawCentredString(130 * mm, 285 * mm, f"Side {doc.page} av {{total}}")
            canvas.drawRightString(190 * mm, 285 * mm, "LMD")
            canvas.restoreState()

    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story: list[Any] = [Paragraph(line, body) for line in LETTERHEAD]
    story += [Spacer(1, 6 * mm)] + [Paragraph(line, body) for line in ADDRESS]
    story += [Paragraph("Vår ref 24/3310-12 &nbsp;&nbsp;&nbsp; Dato 18.12.2024", body), Spacer(1, 6 * mm)]
    story += [Paragraph(TITLE, styles["Heading1"]), Paragraph("1 Innledning", h1), Paragraph(INTRO, body)]
    story += [Paragraph("2 Mål for 2025", h1)] + [Paragraph(goal, body) for goal in GOALS]
    story += [Paragraph("3 Oppdrag", h1), Paragraph(ASSIGNMENTS_LEAD, body)]
    two_columns = Table(
        [["Nr.", "Oppdrag"]] + [[n, Paragraph(text, cell)] for n, text in ASSIGNMENTS],
        colWidths=[15 * mm, 150 * mm],
        repeatRows=1,
    )
    two_columns.setStyle(grid)
    story += [two_columns, Spacer(1, space_before_deadlines)]
    story += [Paragraph("4 Frister og rapportering", h1)]
    deadlines = Table(
        [["Oppdrag nr.", "Leveranse", "Frist"]] + [[n, Paragraph(what, cell), due] for n, what, due in DEADLINES],
        colWidths=[25 * mm, 95 * mm, 45 * mm],
        repeatRows=1,
    )
    deadlines.setStyle(grid)
    story += [deadlines, Paragraph("5 Budsjett", h1), Paragraph("Beløp i tusen kroner", body)]
    budget = Table([list(BUDGET_HEADER)] + [list(row) for row in BUDGET], repeatRows=1)
    budget.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8), ("ALIGN", (3, 0), (-1, -1), "RIGHT")]))
    story += [budget, PageBreak(), Paragraph("Med hilsen", body), Spacer(1, 8 * mm)]
    story += [Paragraph("Anne Haug (e.f.)", body), Paragraph("ekspedisjonssjef", body)]
    story += [Paragraph("Per Dahl", body), Paragraph("seniorrådgiver", body), Spacer(1, 6 * mm)]
    story += [Paragraph("Kopi: Riksrevisjonen", body)]

    def build(total: int) -> None:
        def on_page(canvas: Any, doc: Any) -> None:
            original = canvas.drawCentredString

            def centred(x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
                original(x, y, text.replace("{total}", str(total)), *args, **kwargs)

            canvas.drawCentredString = centred
            header(canvas, doc)
            canvas.drawCentredString = original

        doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=25 * mm, bottomMargin=20 * mm)
        doc.build(list(story), onFirstPage=on_page, onLaterPages=on_page)

    build(0)
    total = max(pages)
    pages.clear()
    build(total)
    return total


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("reportlab")
    path = tmp_path_factory.mktemp("heldout") / "tildelingsbrev-2025-landbruksdirektoratet.pdf"
    assert build_pdf(path) == 3
    return path


def test_the_page_ends_inside_the_deadline_table(pdf: Path) -> None:
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(str(pdf)).pages]
    # rows 1 and 2 (the interim report) on page 1, the header repeated over the rest on page 2 (text lines 47-57)
    assert "Delrapport med foreløpige funn" in pages[0] and "Endelig evaluering" not in pages[0]
    assert "Oppdrag nr." in pages[1] and "Endelig evaluering" in pages[1]
    assert "Side 2 av 3" in pages[1]


def test_the_printed_letter_reads_as_its_truth(pdf: Path) -> None:
    gazetteer = load_gazetteer()
    extraction = extract_letter(pdf, gazetteer=gazetteer)
    assert extraction.source is not None and extraction.source.media_type == "application/pdf"
    result = score(extraction, load_truth(LETTER.with_name(LETTER.stem + ".truth.yaml")), gazetteer)
    for kind in KINDS:
        assert (result[kind].recall or 0) >= 0.9, (kind, result[kind].missed)
    # the deadlines came from the table keyed by number (text lines 47-57), an interim and a final one for nr. 2
    by_marking = {a.marking: a for a in extraction.assignments}
    assert sorted((d.kind, str(d.date)) for d in by_marking["Nr. 2"].deadlines) == [
        ("final", "2025-12-01"),
        ("preliminary", "2025-06-01"),
    ]


if __name__ == "__main__":
    print(build_pdf(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 100.0))
