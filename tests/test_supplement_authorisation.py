"""A fullmakt granted in a supplement is the supplement's own change (tb:AuthorisationAddition); a restated one is
no change (issue 15).

The supplement below is written for this test in the genre's layout; it amends
tests/fixtures/letters/tildelingsbrev-2025-mattilsynet.txt, whose budget (lines 62-69) has kap. 1115 posts 01, 22
and 71 and kap. 4115 posts 01 and 02, and whose fullmakt (section 3.2, lines 71-72) is to exceed kap. 1115 post 01
against revenue under kap. 4115. Its section 2 grants a new one (kap. 1115 post 22 against kap. 4115 post 02),
restates the letter's ("… gjelder som før") and dates the change ("Endringen gjelder fra 1. september 2025").
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from cli_process import tbgraph
from project_paths import ROOT

TB = Namespace("https://w3id.org/tbgraph/ontology#")
TBSH = Namespace("https://w3id.org/tbgraph/shapes#")
ID = "https://w3id.org/tbgraph/id/"
LETTER = ROOT / "tests" / "fixtures" / "letters" / "tildelingsbrev-2025-mattilsynet.txt"
BASE = URIRef(f"{ID}letter/mattilsynet/2025")

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")

SUPPLEMENT = """\
                                    Landbruks- og matdepartementet


Mattilsynet
Postboks 383
2381 BRUMUNDDAL
                                                  Deres ref        Vår ref          Dato
                                                                   24/2231-44       15.08.2025



Supplerende tildelingsbrev nr. 3 for 2025


1 Innledning

Landbruks- og matdepartementet viser til tildelingsbrev for 2025 av 20. desember 2024.


2 Fullmakter

Mattilsynet gis fullmakt til å overskride bevilgningen på kap. 1115 post 22 mot
tilsvarende merinntekter under kap. 4115 post 02.

Endringen gjelder fra 1. september 2025.

Fullmakten til å overskride bevilgningen på kap. 1115 post 01 mot tilsvarende merinntekter
under kap. 4115 post 01 gjelder som før.


Med hilsen


Hanne Strand (e.f.)
ekspedisjonssjef
"""


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    work = tmp_path_factory.mktemp("fullmakt")
    home = work / "home"
    supplement = work / "supplerende-nr-3-2025-mattilsynet.txt"
    supplement.write_text(SUPPLEMENT, encoding="utf-8")
    done = tbgraph(home, "load", str(LETTER))
    assert done.returncode == 0, done.stdout + done.stderr
    out = work / "supplement.ttl"
    done = tbgraph(home, "extract", str(supplement), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return home, supplement, done


def _graph(extracted: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> Graph:
    return Graph().parse(extracted[1].parent / "supplement.ttl", format="turtle")


def test_a_new_fullmakt_is_generated_by_the_supplements_change(extracted) -> None:  # type: ignore[no-untyped-def]
    # lines 22-23: "Mattilsynet gis fullmakt til å overskride bevilgningen på kap. 1115 post 22 mot tilsvarende
    # merinntekter under kap. 4115 post 02."; line 25: "Endringen gjelder fra 1. september 2025."
    g = _graph(extracted)
    (change,) = g.subjects(RDF.type, TB.AuthorisationAddition)
    (granted,) = g.objects(change, PROV.generated)
    assert (granted, RDF.type, TB.BudgetAuthorisation) in g
    assert g.value(granted, TB.authorisesExceeding) == URIRef(f"{BASE}/budget/kap-1115/post-22")
    assert g.value(granted, TB.againstRevenueOn) == URIRef(f"{BASE}/budget/kap-4115/post-02")
    assert g.value(granted, DCTERMS.isPartOf) == BASE  # a fullmakt of the amended letter, from the supplement on
    assert g.value(change, TB.amendedItem) == BASE
    assert g.value(change, TB.inEffectFrom) == Literal("2025-09-01", datatype=XSD.date)
    assert g.value(change, DCTERMS.isPartOf) == URIRef(f"{BASE}/supplement/3")
    for subject in (change, granted):
        source = g.value(subject, TB.source)
        assert int(g.value(source, TB.lineStart)) == 22 and int(g.value(source, TB.lineEnd)) == 23
        assert "kap. 1115 post 22 mot tilsvarende merinntekter under kap. 4115 post 02" in str(
            g.value(source, TB.quote)
        )


def test_a_restated_fullmakt_is_no_change_and_is_reported(extracted) -> None:  # type: ignore[no-untyped-def]
    # lines 27-28: "Fullmakten til å overskride … kap. 1115 post 01 … kap. 4115 post 01 gjelder som før."
    g = _graph(extracted)
    restated = URIRef(f"{BASE}/budget/authorisation/1115-01-merinntekt")
    assert (restated, RDF.type, TB.BudgetAuthorisation) not in g
    assert len(list(g.subjects(RDF.type, TB.AuthorisationAddition))) == 1
    stderr = extracted[2].stderr
    assert (
        "lines 27-28" in stderr and "kap. 1115 post 01" in stderr and "restated by the supplement: no change" in stderr
    )


def test_the_supplement_with_its_fullmakt_loads_and_conforms(extracted) -> None:  # type: ignore[no-untyped-def]
    home, supplement, _done = extracted
    done = tbgraph(home, "load", str(supplement))
    assert done.returncode == 0 and "loaded" in done.stdout, done.stdout + done.stderr


def test_the_shape_refuses_a_fullmakt_the_letter_already_has(extracted) -> None:  # type: ignore[no-untyped-def]
    """Valid and invalid side by side: the supplement with its letter conforms on tbsh:AuthorisationAdditionShape;
    with the letter holding the same fullmakt (kap. 1115 post 22 against kap. 4115 post 02) the addition is a
    restatement and is refused, focus the change, path prov:generated."""
    from tbgraph.extract import extract_letter
    from tbgraph.validation.shacl import validate

    os.environ["TBGRAPH_HOME"] = str(extracted[0])
    try:
        letter = extract_letter(LETTER).graph
    finally:
        os.environ.pop("TBGRAPH_HOME", None)
    g = _graph(extracted)
    (change,) = g.subjects(RDF.type, TB.AuthorisationAddition)
    data = Graph()
    for triple in (*letter, *g):
        data.add(triple)

    def findings(graph: Graph) -> list[tuple[str, str | None, str]]:
        report = validate(graph)
        return [(f.focus, f.path, f.shape) for f in report.findings if "AuthorisationAddition" in f.shape]

    assert findings(data) == []
    same = URIRef(f"{BASE}/budget/authorisation/1115-22-merinntekt-i-brevet")
    data.add((same, RDF.type, TB.BudgetAuthorisation))
    data.add((same, DCTERMS.isPartOf, BASE))
    data.add((same, TB.authorisesExceeding, URIRef(f"{BASE}/budget/kap-1115/post-22")))
    data.add((same, TB.againstRevenueOn, URIRef(f"{BASE}/budget/kap-4115/post-02")))
    assert findings(data) == [(str(change), str(PROV.generated), str(TBSH["AuthorisationAdditionShape-new"]))]
