"""A revised assignment and a changed number of steering meetings, applied as of a day.

* supplerande-nr-1-2024-norad.txt (tests/fixtures/supplements), dated 28 June 2024 (line 8), lines 34-37:
  "3.1 Oppdrag 4.3 vert endra slik: «Norad skal gå gjennom rutinane for oppfølging av tilskotsmottakarar og
  leggje fram forslag til eit felles rapporteringsformat for dei største mottakarane. Frist: 1. desember
  2024.»" — the letter's 4.3 (tildelingsbrev-2024-norad.txt lines 54-56) read "Norad skal gå gjennom rutinane
  for oppfølging av tilskotsmottakarar og rapportere til departementet innan 1. oktober."
* tillegg-nr-5-2023-direktoratet-for-e-helse.txt, dated 20 October 2023 (line 12), lines 45-46: "Departementet
  legger opp til tre etatsstyringsmøter i 2023, ikke fire som varslet i tildelingsbrevet. Det siste møtet i
  november utgår." (2023-hod-ehelse-tillegg-5.ttl, change/5).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from cli_process import tbgraph
from project_paths import ROOT, SUPPLEMENTS, amended_data_root

LETTERS = ROOT / "tests" / "fixtures" / "letters"
TBA = Namespace("https://w3id.org/tbgraph/ontology#")
ID = "https://w3id.org/tbgraph/id/"

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def norad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("norad-home")
    for path in (LETTERS / "tildelingsbrev-2024-norad.txt", SUPPLEMENTS / "supplerande-nr-1-2024-norad.txt"):
        done = tbgraph(home, "load", str(path))
        assert done.returncode == 0, done.stdout + done.stderr
    return home


def _assignment_43(home: Path, *as_of: str) -> dict[str, str]:
    done = tbgraph(home, "ask", "assignments", "--recipient", "norad", "--year", "2024", *as_of, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = [r for r in json.loads(done.stdout) if r["id"].endswith("punkt-4.3")]
    assert len(rows) == 1, [r["id"] for r in json.loads(done.stdout)]
    return rows[0]  # type: ignore[no-any-return]


def test_a_revised_assignment_has_its_new_text_and_deadline_from_the_day(norad: Path) -> None:
    # Before the supplement (28 June 2024, line 8): the letter's text and deadline (letter lines 55-56).
    before = _assignment_43(norad, "--as-of", "2024-06-27")
    assert "rapportere til departementet innan 1. oktober" in before["text"]
    assert before["deadlines"] == "2024-10-01"
    assert not before["changes"]
    # From it: the new text of lines 35-37, its deadline "Frist: 1. desember 2024", and the history.
    for row in (_assignment_43(norad, "--as-of", "2024-06-28"), _assignment_43(norad)):
        assert row["text"].startswith("Norad skal gå gjennom rutinane for oppfølging av tilskotsmottakarar og leggje")
        assert "felles rapporteringsformat for dei største mottakarane" in row["text"]
        assert row["deadlines"] == "2024-12-01"
        assert row["changes"] == "text revised by Tillegg nr. 1 (from 2024-06-28), lines 34–37"


def test_a_revised_assignments_old_deadline_is_replaced_in_the_deadlines(norad: Path) -> None:
    def due(*as_of: str) -> set[str]:
        done = tbgraph(norad, "ask", "deadlines", "--recipient", "norad", "--year", "2024", *as_of, "--format", "json")
        assert done.returncode == 0, done.stderr
        return {r["date"] for r in json.loads(done.stdout) if str(r["id"]).endswith("punkt-4.3")}

    assert due("--as-of", "2024-06-27") == {"2024-10-01"}  # letter line 56 "innan 1. oktober"
    assert due() == {"2024-12-01"}  # supplement lines 36-37 "Frist: 1. desember 2024."


def test_the_revision_is_written_in_the_amendment_model(norad: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tbgraph.extract import extract_letter

    monkeypatch.setenv("TBGRAPH_HOME", str(norad))  # the amended letter loaded, as `tbgraph load` reads it

    result = extract_letter(SUPPLEMENTS / "supplerande-nr-1-2024-norad.txt")
    g = result.graph
    revisions = list(g.subjects(RDF.type, TBA.AssignmentRevision))
    assert len(revisions) == 1
    change = revisions[0]
    target = URIRef(f"{ID}assignment/norad/2024/punkt-4.3")  # the letter's sub-section 4.3
    assert g.value(change, TBA.amendedItem) == target
    assert str(g.value(change, TBA.inEffectFrom)) == "2024-06-28"  # the supplement's date, line 8
    texts = [v for v in g.objects(change, PROV.generated) if g.value(v, TBA.text) is not None]
    assert len(texts) == 1 and g.value(texts[0], PROV.wasRevisionOf) == target
    assert str(g.value(texts[0], TBA.text)).endswith("Frist: 1. desember 2024.")
    assert (change, PROV.invalidated, URIRef(f"{target}/deadline/1")) in g  # the letter's "innan 1. oktober"


def _revision_graph(revision_of: URIRef) -> Graph:
    a = URIRef(f"{ID}assignment/x/2024/2024-punkt-1")
    change = URIRef(f"{ID}letter/x/2024/supplement/1/change/1")
    text = URIRef(f"{change}/text")
    g = Graph()
    g.add((a, RDF.type, TBA.Assignment))
    g.add((change, RDF.type, TBA.AssignmentRevision))
    g.add((change, TBA.amendedItem, a))
    g.add((change, PROV.generated, text))
    g.add((change, TBA.inEffectFrom, Literal("2024-06-28", datatype=XSD.date)))
    g.add((change, DCTERMS.isPartOf, URIRef(f"{ID}letter/x/2024/supplement/1")))
    g.add((text, TBA.text, Literal("Ny tekst", lang="nb")))
    g.add((text, PROV.wasRevisionOf, revision_of))
    return g


def _revision_findings(graph: Graph) -> set[tuple[str, str | None, str]]:
    from tbgraph.validation.shacl import validate

    report = validate(graph)
    return {
        (f.focus, f.path, f.shape.rsplit("#", 1)[-1])
        for f in report.violations()
        if "AssignmentRevisionShape" in f.shape or "RevisedTextShape" in f.shape
    }


def test_the_revision_shape_holds_a_revision_of_the_amended_assignment() -> None:
    change = f"{ID}letter/x/2024/supplement/1/change/1"
    # valid: the new text is a revision of the assignment the change names
    assert _revision_findings(_revision_graph(URIRef(f"{ID}assignment/x/2024/2024-punkt-1"))) == set()
    # invalid: a revision of another assignment
    wrong = _revision_findings(_revision_graph(URIRef(f"{ID}assignment/x/2024/2024-punkt-2")))
    assert wrong == {(change, str(PROV.generated), "AssignmentRevisionShape-revision-of-item")}
    # invalid: no text at all
    bare = _revision_graph(URIRef(f"{ID}assignment/x/2024/2024-punkt-1"))
    bare.remove((None, TBA.text, None))
    assert (change, str(PROV.generated), "AssignmentRevisionShape-text") in _revision_findings(bare)


@pytest.fixture(scope="module")
def ehelse_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped 2023 letter with the two hand-modelled supplements (as tests/test_as_of.py loads them)."""
    root = tmp_path_factory.mktemp("ehelse")
    amended_data_root(root)
    return root


def test_the_number_of_steering_meetings_follows_the_supplement(ehelse_root: Path) -> None:
    def meetings(*as_of: str) -> list[dict[str, str]]:
        done = tbgraph(None, "ask", "deadlines", "--data-root", str(ehelse_root), *as_of, "--format", "json")
        assert done.returncode == 0, done.stderr
        return [r for r in json.loads(done.stdout) if str(r["what"]).startswith("Etatsstyringsmøte")]

    # The letter's annual cycle (data/source/…-e-helse.txt lines 1084, 1094, 1099, 1109): four meetings.
    before = meetings("--as-of", "2023-10-19")
    assert [r["date"] for r in before] == ["2023-03-01", "2023-05-09", "2023-09-05", "2023-10-17"]
    assert all(not r["changed"] for r in before)
    # From 20 October 2023 (Tillegg nr. 5, line 12; lines 45-46 "tre etatsstyringsmøter i 2023, ikke fire"):
    # each meeting says how many the year now has. "Det siste møtet i november utgår" names a meeting the
    # letter does not list (its last is 17 October), so none is left out.
    note = "steering meetings in the year: 3, not 4, by Tillegg nr. 5 (from 2023-10-20), lines 45–46"
    for rows in (meetings("--as-of", "2023-10-20"), meetings()):
        assert [r["date"] for r in rows] == ["2023-03-01", "2023-05-09", "2023-09-05", "2023-10-17"]
        assert {r["changed"] for r in rows} == {note}


def test_a_cancelled_meeting_the_letter_lists_is_left_out_from_the_day(tmp_path: Path) -> None:
    # The same wording naming a meeting the letter has ("17. oktober Etatsstyringsmøte", line 1109): the change
    # ends that meeting. The supplement's text is Tillegg nr. 5's with the month changed (lines 45-46).
    text = (SUPPLEMENTS / "tillegg-nr-5-2023-direktoratet-for-e-helse.txt").read_text(encoding="utf-8")
    assert "Det siste møtet i november utgår." in text
    changed = tmp_path / "tillegg-nr-5-2023-direktoratet-for-e-helse.txt"
    changed.write_text(text.replace("Det siste møtet i november utgår.", "Det siste møtet i oktober utgår."), "utf-8")
    from tbgraph.extract import extract_letter

    g = extract_letter(changed).graph
    facts = list(g.subjects(RDF.type, TBA.FactChange))
    assert len(facts) == 1
    assert g.value(facts[0], PROV.invalidated) == URIRef(f"{ID}letter/ehelse/2023/annual-cycle/15")
