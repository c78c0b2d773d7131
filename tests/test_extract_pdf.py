"""The PDF path: a letter printed to PDF (with page footers) gives the same graph as its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from tbgraph.cli.main import main
from tbgraph.extract import SourceError, extract_letter
from tbgraph.extract.compare import facts
from tbgraph.model.namespaces import TB
from tbgraph.validation.provenance import check_provenance, normalise

pytest.importorskip("reportlab")

HERE = Path(__file__).resolve().parent
SHIPPED = HERE.parent / "data" / "source" / "tildelingsbrev-2023-direktoratet-for-e-helse.txt"
FIXTURE = HERE / "fixtures" / "extract" / "tildelingsbrev-2031-direktoratet-for-e-helse.txt"


def write_pdf(text_path: Path, pdf_path: Path, lines_per_page: int = 48) -> None:
    """Print a letter's text to PDF as a word processor would: one text line per line, blank lines
    dropped, a "Side N" footer on every page, in a TrueType font with æ, ø, å, en dash and «»."""
    import reportlab
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    pdfmetrics.registerFont(TTFont("Vera", str(font)))
    pdf = canvas.Canvas(str(pdf_path), pagesize=A4)
    lines = [ln.rstrip() for ln in text_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for page, start in enumerate(range(0, len(lines), lines_per_page), 1):
        pdf.setFont("Vera", 9)
        y = 800
        for line in lines[start : start + lines_per_page]:
            pdf.drawString(40, y, line)
            y -= 15
        pdf.drawString(280, 30, f"Side {page}")
        pdf.showPage()
    pdf.save()


def _without_source_file(graph: Graph, source_text: URIRef) -> set[tuple[object, object, object]]:
    """The triples that do not depend on which file was read: no tb:source locations, no file details."""
    kept = set()
    for s, p, o in graph:
        if p == TB.source or (s, RDF.type, TB.SourceLocation) in graph or s == source_text:
            continue
        kept.add((s, p, o))
    return kept


def _quotes(graph: Graph) -> dict[object, str]:
    """Each subject's quotes, joined in line order: the same text whichever way pages were broken."""
    out: dict[object, list[tuple[int, str]]] = {}
    for subject, location in graph.subject_objects(TB.source):
        out.setdefault(subject, []).append(
            (int(graph.value(location, TB.lineStart)), str(graph.value(location, TB.quote)))
        )
    return {s: normalise(" ".join(q for _, q in sorted(parts))) for s, parts in out.items()}


@pytest.mark.parametrize("letter", [SHIPPED, FIXTURE], ids=["shipped", "fixture"])
def test_pdf_and_text_give_the_same_graph(letter: Path, tmp_path: Path) -> None:
    pdf = tmp_path / (letter.stem + ".pdf")
    write_pdf(letter, pdf)
    from_text = extract_letter(letter)
    from_pdf = extract_letter(pdf)
    assert from_pdf.source is not None and from_pdf.source.media_type == "application/pdf"
    assert from_pdf.graph_iri == from_text.graph_iri
    assert facts(from_pdf.graph) == facts(from_text.graph)
    text_triples = _without_source_file(from_text.graph, URIRef(from_text.source_text_iri))
    pdf_triples = _without_source_file(from_pdf.graph, URIRef(from_pdf.source_text_iri))
    assert text_triples - pdf_triples == set()
    assert pdf_triples - text_triples == set()
    # Page footers ("Side 3") never leak into a quote, so what is quoted is the same text too.
    text_quotes, pdf_quotes = _quotes(from_text.graph), _quotes(from_pdf.graph)
    differing = {s for s in text_quotes if text_quotes[s] != pdf_quotes.get(s)}
    assert not differing, sorted(map(str, differing))[:5]
    assert [(p.kind, p.message) for p in from_pdf.problems] == [(p.kind, p.message) for p in from_text.problems]


def test_pdf_provenance_points_at_its_saved_text_layer(tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    write_pdf(FIXTURE, pdf)
    result = extract_letter(pdf)
    result.save_source_text(tmp_path / "letter.txt")
    source = URIRef(result.source_text_iri)
    assert result.graph.value(source, DCTERMS.identifier) == Literal((tmp_path / "letter.txt").resolve().as_posix())
    assert check_provenance(result.graph) == []


def test_pdf_without_text_layer_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportlab.pdfgen import canvas

    blank = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(blank))
    pdf.rect(100, 100, 200, 200)  # a drawing, no text
    pdf.showPage()
    pdf.save()
    with pytest.raises(SourceError, match="no text layer"):
        extract_letter(blank)
    assert main(["extract", str(blank)]) == 2
    assert "no text layer" in capsys.readouterr().err


def test_cli_writes_pdf_text_layer_next_to_output(tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    write_pdf(FIXTURE, pdf)
    out = tmp_path / "out" / "letter.ttl"
    assert main(["extract", str(pdf), "-o", str(out), "-q"]) == 0
    graph = Graph().parse(out, format="turtle")
    assert (tmp_path / "out" / "letter.txt").is_file()
    assert check_provenance(graph) == []
    assert len(set(graph.subjects(RDF.type, TB.Assignment))) == 4
    assert graph.value(URIRef("https://w3id.org/tbgraph/id/letter/ehelse/2031"), RDFS.label) is not None
