"""Supplements read by the extractor, held against the same supplements modelled by hand.

tests/fixtures/supplements/ holds two supplements to the 2023 letter in the genre (no. 3: kap. 701
post 21 raised, a new assignment TB2023-27, TB2023-17 withdrawn from 1 July, a deadline of
TB2023-15 moved; no. 5: kap. 744 post 21 cut, two deadlines moved in a table, three steering
meetings instead of four), each with its changes modelled by hand in the amendment model. The
extractor must find the same changes: kind, what they amend, what they end and start, the day
they take effect and the amounts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, TIME

from tbgraph.extract import extract_letter
from tbgraph.model.namespaces import ID_BASE
from tbgraph.validation.provenance import check_provenance

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "supplements"
BASE = HERE.parent / "data" / "letters" / "2023-hod-ehelse.ttl"
TBA = Namespace("https://w3id.org/tbgraph/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ID = Namespace(ID_BASE)
_FACTS = (
    TBA.amendedItem,
    TBA.inEffectFrom,
    PROV.invalidated,
    PROV.generated,
    TBA.statedBefore,
    TBA.statedChange,
    TBA.statedAfter,
    TBA.beforeNOK,
    TBA.afterNOK,
    TBA.changeNOK,
    TBA.statedUnit,
    TBA.amendedProperty,
    TBA.valueBefore,
    TBA.valueAfter,
)


def _changes(graph: Graph) -> set[tuple[str, ...]]:
    out = set()
    for change in graph.subjects(DCTERMS.isPartOf, None):
        kinds = [t for t in graph.objects(change, RDF.type) if str(t).startswith(str(TBA))]
        if not any(str(k).endswith(("Change", "Addition", "Withdrawal")) for k in kinds):
            continue
        for prop in _FACTS:
            for value in graph.objects(change, prop):
                out.add((str(change), str(kinds[0]), str(prop), str(value)))
    return out


@pytest.fixture(scope="module", params=[3, 5])
def pair(request):  # type: ignore[no-untyped-def]
    number = request.param
    extracted = extract_letter(FIXTURES / f"tillegg-nr-{number}-2023-direktoratet-for-e-helse.txt")
    curated = Graph().parse(FIXTURES / f"2023-hod-ehelse-tillegg-{number}.ttl")
    return number, extracted, curated


def test_every_change_as_modelled_by_hand(pair) -> None:  # type: ignore[no-untyped-def]
    _number, extracted, curated = pair
    assert _changes(extracted.graph) == _changes(curated)


def test_the_supplement_names_the_letter_it_amends_and_its_date(pair) -> None:  # type: ignore[no-untyped-def]
    number, extracted, curated = pair
    letter = URIRef(extracted.letter_iri)
    assert letter == ID[f"letter/ehelse/2023/supplement/{number}"]
    g = extracted.graph
    assert (letter, RDF.type, TBA.LetterSupplement) in g
    for prop in (ELI.amends, DCTERMS.issued, TBA.issuedBy, TBA.recipient):
        assert g.value(letter, prop) == curated.value(letter, prop), prop


def test_a_new_assignment_belongs_to_the_amended_letter() -> None:
    extracted = extract_letter(FIXTURES / "tillegg-nr-3-2023-direktoratet-for-e-helse.txt")
    g = extracted.graph
    new = ID["assignment/ehelse/TB2023-27"]
    assert g.value(new, DCTERMS.isPartOf) == ID["letter/ehelse/2023"]  # line 46 ("ID: TB2023–27 …")
    assert g.value(new, TBA.mainGoal) == ID["letter/ehelse/2023/main-goal/2"]  # lines 43-44 "hovedmål 2"
    dates = {str(g.value(d, TIME.inXSDDate)) for d in g.objects(new, TBA.deadline)}
    assert dates == {"2023-12-15"}  # line 51 "Frist: 15. desember 2023"
    agents = {str(g.value(i, PROV.agent)).rsplit("/", 1)[-1] for i in g.objects(new, TBA.involvement)}
    assert {"ehelse", "ks", "nhn"} <= agents  # line 47 "i samarbeid med KS og Norsk helsenett SF"
    # The withdrawn and the moved assignments are no assignments of the supplement.
    assert {a.identifier for a in extracted.assignments} == {"TB2023-27"}


def test_quotes_check_out_and_the_supplement_conforms_with_its_letter(pair) -> None:  # type: ignore[no-untyped-def]
    from tbgraph.dataset.loader import default_sources
    from tbgraph.model.rdfio import parse_graph
    from tbgraph.validation.shacl import validate

    number, extracted, _curated = pair
    assert check_provenance(extracted.graph) == []
    # Tillegg nr. 5 lines 45-46 "Det siste møtet i november utgår": the letter's annual cycle has no meeting in
    # November (its last, line 1109, is "17. oktober Etatsstyringsmøte"), so no meeting is ended; this is said.
    expected = [(45, 46, "supplement")] if number == 5 else []
    assert [(p.line_start, p.line_end, p.kind) for p in extracted.problems] == expected, extracted.problems
    data = Graph()
    for source in default_sources(include_shapes=False, include_loaded=False):
        if "reference" in str(source.path):
            data += parse_graph(source.path)
    data += parse_graph(BASE)
    report = validate(data + extracted.graph)
    assert report.conforms, [f.message for f in report.violations()][:5]


@pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")
def test_a_supplement_to_a_letter_without_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tillegg nr. 1 (tests/fixtures/extract/tillegg-nr-1-2024-jernbanetilsynet.txt, Nynorsk) to the
    table letter of tests/fixtures/letters, loaded first: assignments are named by number ("Oppdrag
    nr. 4", "oppdrag nr. 1") and found by the marking the letter gave them (table rows Nr. 4, Nr. 1)."""
    from tbgraph.dataset.library import save_letter

    monkeypatch.setenv("TBGRAPH_HOME", str(tmp_path))
    base = extract_letter(HERE / "fixtures" / "letters" / "tildelingsbrev-2024-jernbanetilsynet.txt")
    save_letter(base.graph, base.graph_iri, "2024-sd-jernbanetilsynet", home=tmp_path)
    result = extract_letter(HERE / "fixtures" / "extract" / "tillegg-nr-1-2024-jernbanetilsynet.txt")
    g = result.graph
    letter = ID["letter/jernbanetilsynet/2024/supplement/1"]
    assert URIRef(result.letter_iri) == letter and g.value(letter, ELI.amends) == ID["letter/jernbanetilsynet/2024"]
    rows = ID["assignment/jernbanetilsynet/2024/tabell-3"]
    change = {int(str(c).rsplit("/", 1)[-1]): c for c in g.subjects(DCTERMS.isPartOf, letter) if "/change/" in str(c)}
    assert sorted(change) == [1, 2, 3, 4, 5]
    # lines 27-28: "Oppdrag nr. 4 … fell bort med verknad frå 1. oktober 2024."
    assert (change[1], RDF.type, TBA.AssignmentWithdrawal) in g
    assert g.value(change[1], PROV.invalidated) == URIRef(f"{rows}-nr-4")
    assert str(g.value(change[1], TBA.inEffectFrom)) == "2024-10-01"
    # line 30: "Fristen for oppdrag nr. 1 vert endra frå 1. juni 2024 til 1. oktober 2024."
    assert g.value(change[2], PROV.invalidated) == URIRef(f"{rows}-nr-1/deadline/1")
    new = g.value(change[2], PROV.generated)
    assert str(g.value(new, TIME.inXSDDate)) == "2024-10-01"
    assert str(g.value(change[2], TBA.inEffectFrom)) == "2024-09-02"  # line 14, the letter's date
    # lines 33-34: a new assignment, keyed as the supplement's own
    added = g.value(change[3], PROV.generated)
    assert added == ID["assignment/jernbanetilsynet/2024/tillegg-1-punkt-3-avsnitt-1"]
    assert g.value(added, DCTERMS.isPartOf) == ID["letter/jernbanetilsynet/2024"]
    assert {str(g.value(d, TIME.inXSDDate)) for d in g.objects(added, TBA.deadline)} == {"2024-12-01"}
    # lines 38-41: before / change / after in thousand kroner, post and chapter
    budget = {
        (
            str(g.value(c, TBA.amendedItem)).rsplit("/", 2)[-2:][-1],
            int(g.value(c, TBA.statedBefore)),
            int(g.value(c, TBA.statedChange)),
            int(g.value(c, TBA.statedAfter)),
        )
        for c in (change[4], change[5])
    }
    assert budget == {("post-01", 98400, 1600, 100000), ("kap-1352", 102650, 1600, 104250)}
    assert check_provenance(result.graph) == []
