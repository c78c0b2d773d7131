"""The amendment model: two hand-modelled supplements (tests/fixtures/supplements) conform to the
shapes, quote their letters at the lines they name, load into graphs of their own beside the letter
they amend, and every rule of shapes/amendments.ttl catches the breakage it is for.

Line numbers cited are lines of the supplements' texts: tillegg-nr-3-… (TB2023-27 added, lines
46-51; TB2023-17 withdrawn from 1 July 2023, lines 55-56; TB2023-15's document sharing strategy moved
from 1 September to 1 November 2023, lines 61-63; kap. 701 post 21 from 70 727 to 75 727, lines 31-36,
the chapter from 91 147 to 96 147, line 34) and tillegg-nr-5-… (kap. 744 post 21 from 132 585 to
129 585, lines 23-30, the chapter from 391 621 to 388 621, line 31; TB2023-10 moved to 1 December 2023,
line 40; TB2023-11 to 1 February 2024, line 41; three steering meetings instead of four, lines 45-46).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from project_paths import ROOT
from tbgraph.dataset.loader import DataFileError, _letter_source, letter_graph, supplement_graph
from tbgraph.validation.provenance import check_provenance
from tbgraph.validation.shacl import Finding, ValidationReport, validate

TB = Namespace("https://w3id.org/tbgraph/ontology#")
TBSH = Namespace("https://w3id.org/tbgraph/shapes#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ID = Namespace("https://w3id.org/tbgraph/id/")

SUPPLEMENTS = ROOT / "tests" / "fixtures" / "supplements"
SUPPLEMENT_3 = ID["letter/ehelse/2023/supplement/3"]
SUPPLEMENT_5 = ID["letter/ehelse/2023/supplement/5"]


def change(supplement: int, number: int) -> URIRef:
    return ID[f"letter/ehelse/2023/supplement/{supplement}/change/{number}"]


def _parse(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def supplements() -> Graph:
    return _parse(*sorted(SUPPLEMENTS.glob("*.ttl")))


@pytest.fixture(scope="module")
def amended() -> Graph:
    """The reference data, the curated letter and both supplements."""
    data = ROOT / "data"
    return _parse(
        *sorted((data / "reference").glob("*.ttl")),
        *sorted((data / "letters").glob("*.ttl")),
        *sorted(SUPPLEMENTS.glob("*.ttl")),
    )


@pytest.fixture(scope="module")
def baseline(amended: Graph) -> ValidationReport:
    return validate(amended)


def _new(report: ValidationReport, baseline: ValidationReport) -> list[Finding]:
    known = set(baseline.findings)
    return [f for f in report.findings if f not in known]


def _one(findings: list[Finding], focus: URIRef, shape: str) -> Finding:
    hits = [f for f in findings if f.focus == str(focus) and f.shape == str(TBSH[shape])]
    assert hits, f"no result of tbsh:{shape} on {focus}; new results:\n" + "\n".join(map(str, findings))
    finding = hits[0]
    assert finding.severity == "Violation"
    assert finding.message_nb and "{" not in finding.message and "{" not in finding.message_nb
    return finding


def test_the_supplements_quote_their_texts_at_the_lines_they_name(supplements: Graph) -> None:
    locations = set(supplements.objects(None, TB.source))
    assert len(locations) == 24  # every change, new assignment, involvement, deadline and supplement
    assert check_provenance(supplements, root=ROOT) == []


def test_a_withdrawal_quoted_with_another_day_is_caught(supplements: Graph) -> None:
    """Lines 55-56 withdraw TB2023-17 "med virkning fra 1. juli 2023", not from 1 August."""
    graph = Graph()
    for triple in supplements:
        graph.add(triple)
    location = graph.value(change(3, 4), TB.source)
    quote = str(graph.value(location, TB.quote))
    graph.set((location, TB.quote, Literal(quote.replace("1. juli", "1. august"))))
    problems = check_provenance(graph, root=ROOT)
    assert [p.location for p in problems] == [str(change(3, 4))]
    assert "not found anywhere" in problems[0].message


def test_every_change_has_a_source_in_its_supplement(supplements: Graph) -> None:
    changes = {c for c in supplements.subjects(TB.inEffectFrom, None)}
    assert len(changes) == 10  # five in each supplement
    for item in changes:
        texts = {supplements.value(location, TB.inSourceText) for location in supplements.objects(item, TB.source)}
        supplement = supplements.value(item, DCTERMS.isPartOf)
        assert texts == {supplements.value(predicate=TB.textOf, object=supplement)}, item


def test_the_amended_letter_conforms(baseline: ValidationReport) -> None:
    violations = [f for f in baseline.findings if f.severity == "Violation"]
    assert violations == [], "\n".join(map(str, violations))
    # The one warning the supplements add: TB2023-27 stands in the supplement's section 3.1, not
    # under its main goal's section 2.2 of the letter (lines 41-44 say which main goal it is under).
    ours = [f for f in baseline.findings if "TB2023-27" in f.focus]
    assert [(f.severity, f.shape.split("#")[1]) for f in ours] == [("Warning", "AssignmentShape-mainGoal-section")]


def test_the_model_reuses_prov_and_eli(supplements: Graph) -> None:
    """A withdrawal invalidates the assignment; a moved deadline is a revision of the old one."""
    withdrawn = ID["assignment/ehelse/TB2023-17"]
    assert (change(3, 4), PROV.invalidated, withdrawn) in supplements
    assert supplements.value(change(3, 4), TB.inEffectFrom) == Literal("2023-07-01", datatype=XSD.date)
    new = ID["assignment/ehelse/TB2023-15/part/7/deadline/2"]
    assert (new, PROV.wasRevisionOf, ID["assignment/ehelse/TB2023-15/part/7/deadline/1"]) in supplements
    assert (SUPPLEMENT_3, ELI.amends, ID["letter/ehelse/2023"]) in supplements
    assert (change(3, 3), PROV.generated, ID["assignment/ehelse/TB2023-27"]) in supplements


def test_a_supplement_file_loads_into_a_graph_beside_its_letter(tmp_path: Path) -> None:
    source = _letter_source(SUPPLEMENTS / "2023-hod-ehelse-tillegg-3.ttl")
    assert source.graph == supplement_graph("ehelse", 2023, 3) == letter_graph("ehelse", 2023) + "/supplement/3"
    assert _letter_source(ROOT / "data" / "letters" / "2023-hod-ehelse.ttl").graph == letter_graph("ehelse", 2023)
    with pytest.raises(DataFileError, match="tillegg-N.ttl"):
        _letter_source(tmp_path / "tillegg-3.ttl")


###########################################################################################
# The rules, each broken once (one validation of one broken copy; each breakage on its own node)
###########################################################################################


@pytest.fixture(scope="module")
def broken(amended: Graph, baseline: ValidationReport) -> list[Finding]:
    graph = Graph()
    for triple in amended:
        graph.add(triple)
    # TB2023-17 withdrawn a second time, by supplement 5 (supplement 3 withdraws it, lines 55-56).
    twice = change(5, 9)
    graph.add((twice, RDF.type, TB.AssignmentWithdrawal))
    graph.add((twice, DCTERMS.isPartOf, SUPPLEMENT_5))
    graph.add((twice, TB.amendedItem, ID["assignment/ehelse/TB2023-17"]))
    graph.add((twice, PROV.invalidated, ID["assignment/ehelse/TB2023-17"]))
    graph.add((twice, TB.inEffectFrom, Literal("2023-10-20", datatype=XSD.date)))
    graph.add((twice, TB.source, next(graph.objects(change(5, 3), TB.source))))
    # Kap. 701 post 21: 70 727 + 5 000 said to make 75 000 (line 31 says 75 727).
    graph.set((change(3, 1), TB.statedAfter, Literal(75000)))
    graph.set((change(3, 1), TB.afterNOK, Literal(75000000)))
    # Kap. 744: a cut that adds up but starts from 391 000, not the letter's 391 621 (line 31).
    graph.set((change(5, 2), TB.statedBefore, Literal(391000)))
    graph.set((change(5, 2), TB.beforeNOK, Literal(391000000)))
    graph.set((change(5, 2), TB.statedAfter, Literal(388000)))
    graph.set((change(5, 2), TB.afterNOK, Literal(388000000)))
    # The steering meetings change names nothing it changes; the new assignment no day.
    graph.remove((change(5, 5), TB.amendedItem, None))
    graph.remove((change(3, 3), TB.inEffectFrom, None))
    # TB2023-10's new deadline (line 40) not attached to TB2023-10.
    graph.remove((ID["assignment/ehelse/TB2023-10"], TB.deadline, ID["assignment/ehelse/TB2023-10/deadline/2"]))
    # Supplement 5 says nothing of what it amends; supplement 3 claims another budget year.
    graph.remove((SUPPLEMENT_5, ELI.amends, None))
    graph.set((SUPPLEMENT_3, TB.budgetYear, Literal("2024", datatype=XSD.gYear)))
    return _new(validate(graph), baseline)


def test_an_assignment_is_not_withdrawn_twice(broken: list[Finding]) -> None:
    finding = _one(broken, change(5, 9), "AssignmentWithdrawalShape-once")
    assert str(change(3, 4)) in finding.message and "TB2023-17" in finding.message
    _one(broken, change(3, 4), "AssignmentWithdrawalShape-once")


def test_a_budget_change_adds_up(broken: list[Finding]) -> None:
    finding = _one(broken, change(3, 1), "BudgetChangeShape-adds-up")
    assert "70727 + 5000 is not 75000" in finding.message


def test_a_budget_change_starts_from_what_the_post_had(broken: list[Finding]) -> None:
    finding = _one(broken, change(5, 2), "BudgetChangeShape-before-matches")
    assert "391000000" in finding.message and "391621000" in finding.message
    assert not [f for f in broken if f.focus == str(change(5, 2)) and f.shape.endswith("adds-up")]


def test_a_change_names_what_it_changes_and_when(broken: list[Finding]) -> None:
    assert _one(broken, change(5, 5), "AmendmentShape-amendedItem").constraint == "MinCountConstraintComponent"
    assert _one(broken, change(3, 3), "AmendmentShape-inEffectFrom").constraint == "MinCountConstraintComponent"


def test_a_moved_deadline_belongs_to_what_the_change_amends(broken: list[Finding]) -> None:
    finding = _one(broken, change(5, 3), "DeadlineChangeShape-of-item")
    assert "TB2023-10/deadline/2" in finding.message


def test_a_supplement_names_the_letter_it_amends_for_its_year(broken: list[Finding]) -> None:
    _one(broken, SUPPLEMENT_5, "SourcedSupplementShape")
    finding = _one(broken, SUPPLEMENT_3, "LetterSupplementShape-same-letter")
    assert "2024" in finding.message and "2023" in finding.message


###########################################################################################
# Synthetic letters with supplements (tbgraph.growth.supplements), for growth benchmarks
###########################################################################################


def test_synthetic_supplements_conform_and_change_their_letters(tmp_path: Path) -> None:
    from tbgraph.dataset.opening import open_dataset
    from tbgraph.growth.letters import write_dataset
    from tbgraph.questions.named import run_named

    dataset = write_dataset(tmp_path / "root", 4, years=2, supplements=True)
    assert [p.name for p in dataset.supplements] == [f"{p.stem}-tillegg-1.ttl" for p in dataset.letters]
    graph = _parse(*sorted((dataset.root / "data" / "reference").glob("*.ttl")), *dataset.letters, *dataset.supplements)
    assert check_provenance(graph, dataset.root) == []
    report = validate(graph)
    assert report.conforms, "\n".join(map(str, report.violations()[:20]))
    expected = {"OrganisationShape-orgNumber-recommended", "AssignmentShape-mainGoal-section"}
    assert {f.shape.rsplit("#", 1)[1] for f in report.warnings()} <= expected
    store = open_dataset(sources=dataset.sources()).store
    withdrawn = {str(a) for a in graph.objects(None, PROV.invalidated) if (a, RDF.type, TB.Assignment) in graph}
    assert len(withdrawn) == 4  # one in each supplement, from 1 July
    now = {r["assignment"] for r in run_named(store, "assignments").records()}
    assert not withdrawn & now
    import datetime as dt

    summer_2022 = {r["assignment"] for r in run_named(store, "assignments", as_of=dt.date(2022, 6, 30)).records()}
    assert withdrawn & summer_2022 == withdrawn  # 2022's not yet withdrawn, 2023's not yet
    budget = run_named(store, "budget").records()
    assert all(r["agrees"] is True for r in budget if r["level"] == "chapter")
    assert sum(1 for r in budget if r["changed"]) == 8  # a post and its chapter in each supplement
