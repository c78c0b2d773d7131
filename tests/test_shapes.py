"""The SHACL shapes under ``shapes/`` and ``tbgraph.validation``, tested the way the W3C SHACL test
suite tests an engine: a valid and an invalid example side by side, and for the invalid one the
exact result expected - focus node, result path, source shape, constraint component, severity and
message - not merely ``conforms is False``.

The valid example is always the shipped data (ontology + ``data/reference/*.ttl`` +
``data/letters/*.ttl``). Each invalid example is a broken copy of it: a few triples removed or
added, after which validation must report the new result and nothing about the shipped data is
taken on trust. "New" means not already in the report on the shipped data, so the negative tests
stay meaningful while the data is being completed.

Line numbers cited below are lines of data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from decimal import Decimal

import pyshacl
import pytest
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, TIME

from tbgraph import validation
from tbgraph.resources import data_dir
from tbgraph.validation import Finding, ValidationReport, load_ontology, load_shapes, validate

TB = Namespace("https://w3id.org/tbgraph/ontology#")
TBSH = Namespace("https://w3id.org/tbgraph/shapes#")
TBROLE = Namespace("https://w3id.org/tbgraph/def/role/")
TBDK = Namespace("https://w3id.org/tbgraph/def/deadline-kind/")
TBDEP = Namespace("https://w3id.org/tbgraph/def/dependency-kind/")
TBUNIT = Namespace("https://w3id.org/tbgraph/def/unit/")
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = Namespace("https://w3id.org/tbgraph/id/")

LETTER = ID["letter/ehelse/2023"]
KAP_744 = ID["letter/ehelse/2023/budget/kap-744"]
POST_744_01 = ID["letter/ehelse/2023/budget/kap-744/post-01"]
POST_744_21 = ID["letter/ehelse/2023/budget/kap-744/post-21"]
EARMARK_744_21 = ID["letter/ehelse/2023/earmark/744-21-standardisert-sprak"]
MAIN_GOAL_1 = ID["letter/ehelse/2023/main-goal/1"]
MAIN_GOAL_2 = ID["letter/ehelse/2023/main-goal/2"]
ORG_HOD = ID["org/hod"]
ORG_EHELSE = ID["org/ehelse"]
ORG_NHN = ID["org/nhn"]
ORG_HELSE_VEST = ID["org/helse-vest"]


def assignment(number: int) -> URIRef:
    return ID[f"assignment/ehelse/TB2023-{number:02d}"]


###########################################################################################
# Fixtures and helpers
###########################################################################################


def _shipped_files() -> list:
    root = data_dir()
    return sorted((root / "reference").glob("*.ttl")) + sorted((root / "letters").glob("*.ttl"))


@pytest.fixture(scope="module")
def shipped() -> Graph:
    """The shipped data: reference data and letters (validation adds the ontology)."""
    graph = Graph()
    for path in _shipped_files():
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def baseline(shipped: Graph) -> ValidationReport:
    return validate(shipped)


@pytest.fixture
def broken(shipped: Graph) -> Graph:
    """A fresh copy of the shipped data for a test to break."""
    copy = Graph()
    for triple in shipped:
        copy.add(triple)
    for prefix, namespace in shipped.namespaces():
        copy.bind(prefix, namespace)
    return copy


def node_text(node: URIRef | BNode) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def new_findings(report: ValidationReport, baseline: ValidationReport) -> list[Finding]:
    known = set(baseline.findings)
    return [f for f in report.findings if f not in known]


def expect(
    findings: Iterable[Finding],
    *,
    focus: URIRef | BNode,
    shape: str,
    path: URIRef | str | None = None,
    constraint: str | None = None,
    severity: str = "Violation",
    value: object = None,
    message: Iterable[str] = (),
) -> Finding:
    """The one result for ``focus`` from ``tbsh:<shape>``, checked field by field."""
    findings = list(findings)
    matching = [f for f in findings if f.focus == node_text(focus) and f.shape == str(TBSH[shape])]
    listing = "\n".join(f"  {f.severity} {f.focus} {f.path} {f.shape} {f.constraint}: {f.message}" for f in findings)
    assert matching, f"expected a result of tbsh:{shape} on {node_text(focus)}; new results were:\n{listing}"
    finding = matching[0]
    assert finding.severity == severity
    if path is not None:
        assert finding.path == str(path)
    if constraint is not None:
        assert finding.constraint == constraint, listing
    if value is not None:
        assert finding.value == str(value)
    for text in message:
        assert text in finding.message, finding.message
    # Every result speaks both languages, with its placeholders filled in.
    assert finding.message_nb, f"no Bokmål message for {finding}"
    for text in (finding.message, finding.message_nb):
        assert "{$" not in text and "{?" not in text, text
    return finding


def none_from(findings: Iterable[Finding], shape: str, focus: URIRef | BNode | None = None) -> None:
    hits = [
        f
        for f in findings
        if f.shape == str(TBSH[shape]) and (focus is None or f.focus == node_text(focus))
    ]
    assert not hits, "\n".join(map(str, hits))


def source_of(graph: Graph, subject: URIRef) -> BNode:
    node = graph.value(subject, TB.source)
    assert node is not None, f"{subject} has no tb:source in the shipped data"
    return node


def involvement_with_role(graph: Graph, obligation: URIRef, role: URIRef) -> URIRef:
    for involvement in graph.objects(obligation, TB.involvement):
        if (involvement, PROV.hadRole, role) in graph:
            return involvement
    raise AssertionError(f"{obligation} has no involvement with role {role} in the shipped data")


def replace(graph: Graph, subject, predicate, new_object) -> None:
    graph.remove((subject, predicate, None))
    if new_object is not None:
        graph.add((subject, predicate, new_object))


def check(
    broken: Graph,
    baseline: ValidationReport,
    *,
    conforms: bool = False,
) -> list[Finding]:
    report = validate(broken)
    if not conforms:
        assert report.conforms is False
    return new_findings(report, baseline)


###########################################################################################
# The shipped data conforms (the valid side of every test below)
###########################################################################################


def test_shipped_data_conforms(baseline: ValidationReport) -> None:
    """Ontology + reference data + letters: no Violation. Warnings are allowed (for example an
    organisation whose number is seen in only one source, data/source/reference/organisations.tsv)."""
    assert baseline.conforms, "\n".join(str(f) for f in baseline.violations())
    assert all(f.severity != "Violation" for f in baseline.findings)


def test_shipped_data_has_the_letters_26_assignments(shipped: Graph) -> None:
    """The letter gives TB2023-01 to TB2023-26 (lines 364-989); the shapes' ID rules are only
    meaningful if the data holds them all."""
    ids = sorted(str(o) for s in shipped.subjects(RDF.type, TB.Assignment) for o in shipped.objects(s, DCTERMS.identifier))
    assert ids == [f"TB2023-{n:02d}" for n in range(1, 27)]


###########################################################################################
# Assignments
###########################################################################################


def test_assignment_without_owner(broken: Graph, baseline: ValidationReport) -> None:
    """Every assignment has exactly one owner (tbrole:owner): "Direktoratet skal videreføre
    arbeidet med standardisert språk" (TB2023-07, lines 504-506) makes the directorate its owner."""
    owner = involvement_with_role(broken, assignment(7), TBROLE.owner)
    broken.remove((assignment(7), TB.involvement, owner))
    findings = check(broken, baseline)
    expect(
        findings,
        focus=assignment(7),
        shape="AssignmentShape-owner",
        path=TB.involvement,
        constraint="QualifiedMinCountConstraintComponent",
        message=["exactly one involvement", "owner"],
    )


def test_assignment_with_two_owners(broken: Graph, baseline: ValidationReport) -> None:
    """TB2023-01 (lines 364-374) is the directorate's; Norsk helsenett SF only provides the
    introduction plans it builds on. Making NHN an owner too gives two owners."""
    nhn = involvement_with_role(broken, assignment(1), TBROLE["providing-input"])
    replace(broken, nhn, PROV.hadRole, TBROLE.owner)
    findings = check(broken, baseline)
    expect(
        findings,
        focus=assignment(1),
        shape="AssignmentShape-owner",
        path=TB.involvement,
        constraint="QualifiedMaxCountConstraintComponent",
    )
    # ... and the recommendation that the owner be the letter's recipient names NHN.
    expect(
        findings,
        focus=assignment(1),
        shape="AssignmentShape-owner-recipient",
        severity="Warning",
        value=ORG_NHN,
        message=[str(ORG_NHN), str(ORG_EHELSE)],
    )


def test_duplicate_assignment_id(broken: Graph, baseline: ValidationReport) -> None:
    """IDs are unique within a letter: the letter numbers TB2023-01 ... TB2023-26 once each."""
    replace(broken, assignment(2), DCTERMS.identifier, Literal("TB2023-01"))
    findings = check(broken, baseline)
    for this, other in ((assignment(1), assignment(2)), (assignment(2), assignment(1))):
        expect(
            findings,
            focus=this,
            shape="AssignmentShape-identifier-unique",
            path=DCTERMS.identifier,
            constraint="SPARQLConstraintComponent",
            value="TB2023-01",
            message=["TB2023-01", str(other), "same letter"],
        )
    # TB2023-02 is now missing, so TB2023-03 sits after a gap (a recommendation).
    expect(
        findings,
        focus=assignment(3),
        shape="AssignmentShape-identifier-sequence",
        severity="Warning",
        message=["TB2023-03", "not TB2023-02"],
    )


@pytest.mark.parametrize(
    "bad_id",
    [
        "TB2023–15",  # en dash, as the PDF text writes it at line 695
        "TB2023-7",
        "tb2023-07",
        " TB2023-07",
    ],
)
def test_assignment_id_not_matching_the_pattern(broken: Graph, baseline: ValidationReport, bad_id: str) -> None:
    """IDs are ^TB[0-9]{4}-[0-9]{2}$ with a plain hyphen; the letter's own text has "TB2023–15"
    with an en dash (line 695), which the data must normalise."""
    replace(broken, assignment(15), DCTERMS.identifier, Literal(bad_id))
    expect(
        check(broken, baseline),
        focus=assignment(15),
        shape="AssignmentShape-identifier",
        path=DCTERMS.identifier,
        constraint="PatternConstraintComponent",
        value=bad_id,
    )


def test_assignment_id_year_differs_from_budget_year(broken: Graph, baseline: ValidationReport) -> None:
    """The year in the ID is the letter's budget year ("for 2023", line 1)."""
    replace(broken, assignment(9), DCTERMS.identifier, Literal("TB2022-09"))
    expect(
        check(broken, baseline),
        focus=assignment(9),
        shape="AssignmentShape-identifier-year",
        path=DCTERMS.identifier,
        value="TB2022-09",
        message=["TB2022-09", "budget year 2023", str(LETTER)],
    )


def test_assignment_without_bokmal_title(broken: Graph, baseline: ValidationReport) -> None:
    """The title is the letter's words after the ID, "Sluttrapportering Nasjonal helse- og
    sykehusplan" (TB2023-05, line 440); it must be there in @nb. An @en title is only recommended."""
    for title in list(broken.objects(assignment(5), DCTERMS.title)):
        if title.language == "nb":
            broken.remove((assignment(5), DCTERMS.title, title))
    expect(
        check(broken, baseline),
        focus=assignment(5),
        shape="AssignmentShape-title-nb",
        path=DCTERMS.title,
        constraint="QualifiedMinCountConstraintComponent",
        message=["title", "Bokmål"],
    )


def test_assignment_without_english_title_is_only_a_warning(broken: Graph, baseline: ValidationReport) -> None:
    for title in list(broken.objects(assignment(5), DCTERMS.title)):
        if title.language == "en":
            broken.remove((assignment(5), DCTERMS.title, title))
    findings = check(broken, baseline, conforms=True)
    expect(findings, focus=assignment(5), shape="AssignmentShape-title-en", severity="Warning", path=DCTERMS.title)
    assert validate(broken).conforms


def test_assignment_with_two_bokmal_titles(broken: Graph, baseline: ValidationReport) -> None:
    broken.add((assignment(5), DCTERMS.title, Literal("En annen tittel", lang="nb")))
    findings = check(broken, baseline)
    expect(findings, focus=assignment(5), shape="AssignmentShape-title-nb", constraint="QualifiedMaxCountConstraintComponent")
    expect(findings, focus=assignment(5), shape="AssignmentShape-title", constraint="UniqueLangConstraintComponent")


def test_assignment_with_a_second_main_goal(broken: Graph, baseline: ValidationReport) -> None:
    """TB2023-01 stands under "2.1 Hovedmål 1" (lines 281, 360-374) and under no other goal."""
    broken.add((assignment(1), TB.mainGoal, MAIN_GOAL_2))
    expect(
        check(broken, baseline),
        focus=assignment(1),
        shape="AssignmentShape-mainGoal",
        path=TB.mainGoal,
        constraint="MaxCountConstraintComponent",
    )


def test_assignment_under_the_wrong_main_goal_is_flagged(broken: Graph, baseline: ValidationReport) -> None:
    """TB2023-07 stands in 2.2.2 (line 500), under main goal 2 (2.2, line 465); moving it to
    main goal 1 (2.1) contradicts its own section."""
    replace(broken, assignment(7), TB.mainGoal, MAIN_GOAL_1)
    expect(
        check(broken, baseline, conforms=True),
        focus=assignment(7),
        shape="AssignmentShape-mainGoal-section",
        severity="Warning",
        value=MAIN_GOAL_1,
        message=["2.2.2", "2.1"],
    )


def test_assignment_main_goal_of_another_letter(broken: Graph, baseline: ValidationReport) -> None:
    other_letter = ID["letter/ehelse/2024"]
    broken.add((other_letter, RDF.type, TB.AllocationLetter))
    replace(broken, MAIN_GOAL_2, DCTERMS.isPartOf, other_letter)
    findings = check(broken, baseline)
    expect(
        findings,
        focus=assignment(7),
        shape="AssignmentShape-mainGoal-letter",
        path=TB.mainGoal,
        value=MAIN_GOAL_2,
        message=[str(MAIN_GOAL_2), str(LETTER)],
    )


def test_assignment_not_part_of_a_letter(broken: Graph, baseline: ValidationReport) -> None:
    broken.remove((assignment(12), DCTERMS.isPartOf, None))
    expect(
        check(broken, baseline),
        focus=assignment(12),
        shape="AssignmentShape-letter",
        path=DCTERMS.isPartOf,
        constraint="MinCountConstraintComponent",
    )


def test_assignment_without_source(broken: Graph, baseline: ValidationReport) -> None:
    """Every item carries tb:source (the letter file's header); TB2023-12 is at lines 601-607."""
    broken.remove((assignment(12), TB.source, None))
    expect(
        check(broken, baseline),
        focus=assignment(12),
        shape="SourceRequiredShape-source",
        path=TB.source,
        constraint="MinCountConstraintComponent",
    )


def test_sub_deliverable_without_assignment(broken: Graph, baseline: ValidationReport) -> None:
    """The dashes under TB2023-04 (lines 410-436) are parts of that assignment."""
    part = ID["assignment/ehelse/TB2023-04/part/2"]
    broken.remove((part, TB.deliverableOf, None))
    broken.remove((None, TB.hasDeliverable, part))
    expect(
        check(broken, baseline),
        focus=part,
        shape="DeliverableShape-assignment",
        constraint="MinCountConstraintComponent",
    )


###########################################################################################
# Deadlines
###########################################################################################


@pytest.mark.parametrize(
    "bad_date",
    [
        Literal("2023-02-30", datatype=XSD.date),  # no such day
        Literal("1. mai"),  # the letter's words, not a date
        Literal("2023-05-01T00:00:00", datatype=XSD.dateTime),
    ],
)
def test_deadline_with_a_bad_date(broken: Graph, baseline: ValidationReport, bad_date: Literal) -> None:
    """"Frist: 1. mai" (line 374) is 2023-05-01^^xsd:date; anything else is not a valid date."""
    deadline = ID["assignment/ehelse/TB2023-01/deadline/1"]
    replace(broken, deadline, TIME.inXSDDate, bad_date)
    expect(
        check(broken, baseline),
        focus=deadline,
        shape="DeadlineShape-date",
        path=TIME.inXSDDate,
        constraint="DatatypeConstraintComponent",
        value=bad_date,
    )


def test_deadline_with_two_dates(broken: Graph, baseline: ValidationReport) -> None:
    deadline = ID["assignment/ehelse/TB2023-01/deadline/1"]
    broken.add((deadline, TIME.inXSDDate, Literal("2023-06-01", datatype=XSD.date)))
    expect(check(broken, baseline), focus=deadline, shape="DeadlineShape-date", constraint="MaxCountConstraintComponent")


def test_deadline_outside_the_budget_year(broken: Graph, baseline: ValidationReport) -> None:
    """The letter's deadlines carry no year ("Frist: 1. mai", line 374) and mean 2023; 2024 is
    outside the budget year unless the data says the letter means it (tb:outsideBudgetYear)."""
    deadline = ID["assignment/ehelse/TB2023-01/deadline/1"]
    replace(broken, deadline, TIME.inXSDDate, Literal("2024-05-01", datatype=XSD.date))
    expect(
        check(broken, baseline),
        focus=deadline,
        shape="DeadlineShape-budget-year",
        path=TIME.inXSDDate,
        constraint="SPARQLConstraintComponent",
        value="2024-05-01",
        message=["2024-05-01", "budget year 2023", str(assignment(1))],
    )
    # The valid side: the same date, marked as deliberately outside the budget year.
    broken.add((deadline, TB.outsideBudgetYear, Literal(True)))
    none_from(new_findings(validate(broken), baseline), "DeadlineShape-budget-year", deadline)


def test_sub_deliverable_deadline_outside_the_budget_year(broken: Graph, baseline: ValidationReport) -> None:
    """A part's deadline belongs to the letter through its assignment: "Foreløpig leveranse innen
    15. februar" (TB2023-04, line 424)."""
    deadline = ID["assignment/ehelse/TB2023-04/part/1/deadline/1"]
    replace(broken, deadline, TIME.inXSDDate, Literal("2022-02-15", datatype=XSD.date))
    expect(
        check(broken, baseline),
        focus=deadline,
        shape="DeadlineShape-budget-year",
        message=["2022-02-15", str(ID["assignment/ehelse/TB2023-04/part/1"])],
    )


def test_needless_outside_budget_year_mark(broken: Graph, baseline: ValidationReport) -> None:
    deadline = ID["assignment/ehelse/TB2023-01/deadline/1"]
    broken.add((deadline, TB.outsideBudgetYear, Literal(True)))
    expect(
        check(broken, baseline, conforms=True),
        focus=deadline,
        shape="DeadlineShape-outside-flag",
        severity="Warning",
        message=["2023-05-01"],
    )


def test_continuous_deadline_with_a_date(broken: Graph, baseline: ValidationReport) -> None:
    """"Frist: Løpende" (TB2023-04, line 406) is continuous and has no date."""
    deadline = ID["assignment/ehelse/TB2023-04/deadline/1"]
    broken.add((deadline, TIME.inXSDDate, Literal("2023-12-31", datatype=XSD.date)))
    expect(
        check(broken, baseline),
        focus=deadline,
        shape="DeadlineShape-undated-kind",
        path=TIME.inXSDDate,
        value="2023-12-31",
        message=[str(TBDK.continuous), "must have no date"],
    )


def test_final_deadline_without_a_date(broken: Graph, baseline: ValidationReport) -> None:
    deadline = ID["assignment/ehelse/TB2023-01/deadline/1"]
    broken.remove((deadline, TIME.inXSDDate, None))
    expect(
        check(broken, baseline),
        focus=deadline,
        shape="DeadlineShape-dated-kind",
        message=[str(TBDK.final), "must have a date"],
    )


def test_deadline_kind_not_in_the_scheme(broken: Graph, baseline: ValidationReport) -> None:
    deadline = ID["assignment/ehelse/TB2023-01/deadline/1"]
    replace(broken, deadline, TB.deadlineKind, TBDK.soon)
    expect(
        check(broken, baseline),
        focus=deadline,
        shape="DeadlineShape-kind",
        path=TB.deadlineKind,
        constraint="NodeConstraintComponent",
        value=TBDK.soon,
    )


def test_deadline_with_two_kinds(broken: Graph, baseline: ValidationReport) -> None:
    deadline = ID["assignment/ehelse/TB2023-01/deadline/1"]
    broken.add((deadline, TB.deadlineKind, TBDK.preliminary))
    expect(check(broken, baseline), focus=deadline, shape="DeadlineShape-kind", constraint="MaxCountConstraintComponent")


def test_deadline_pointed_to_as_a_plain_date(broken: Graph, baseline: ValidationReport) -> None:
    broken.add((assignment(2), TB.deadline, Literal("2023-11-15", datatype=XSD.date)))
    expect(check(broken, baseline), focus=assignment(2), shape="ObligationShape-deadline", constraint="ClassConstraintComponent")


###########################################################################################
# Budget
###########################################################################################


def test_budget_post_changed_so_the_chapter_no_longer_sums(broken: Graph, baseline: ValidationReport) -> None:
    """Kap. 744: post 01 259 036 + post 21 132 585 = 391 621 thousand kroner (lines 16-22).
    Raising post 01 by one thousand (consistently in stated and NOK amounts) breaks the sum."""
    replace(broken, POST_744_01, TB.statedAmount, Literal(259037))
    replace(broken, POST_744_01, TB.amountNOK, Literal(259037000))
    findings = check(broken, baseline)
    expect(
        findings,
        focus=KAP_744,
        shape="BudgetChapterShape-posts-sum",
        path=TB.totalNOK,
        constraint="SPARQLConstraintComponent",
        value="391621000",
        message=["391622000", "391621000"],
    )
    none_from(findings, "StatedAmountShape-conversion", POST_744_01)


def test_amount_nok_not_matching_the_stated_amount(broken: Graph, baseline: ValidationReport) -> None:
    """"Dette inkluderer 73,9 mill. kroner" (line 42): 73.9 x 1 000 000 = 73 900 000 kroner."""
    replace(broken, EARMARK_744_21, TB.amountNOK, Literal(Decimal("7390000")))
    expect(
        check(broken, baseline),
        focus=EARMARK_744_21,
        shape="StatedAmountShape-conversion",
        path=TB.amountNOK,
        value="7390000",
        message=["73.9", "1000000", "73900000"],
    )


def test_stated_total_not_matching_total_nok(broken: Graph, baseline: ValidationReport) -> None:
    """"Sum kap. 744 391 621" (line 22) in thousand kroner is 391 621 000 kroner."""
    replace(broken, KAP_744, TB.totalNOK, Literal(391621))
    findings = check(broken, baseline)
    expect(findings, focus=KAP_744, shape="StatedAmountShape-total-conversion", path=TB.totalNOK, value="391621")
    expect(findings, focus=KAP_744, shape="BudgetChapterShape-posts-sum", value="391621")


def test_negative_amount(broken: Graph, baseline: ValidationReport) -> None:
    replace(broken, EARMARK_744_21, TB.statedAmount, Literal(Decimal("-73.9")))
    replace(broken, EARMARK_744_21, TB.amountNOK, Literal(-73900000))
    findings = check(broken, baseline)
    for prop, shape in ((TB.statedAmount, "AmountShape-statedAmount"), (TB.amountNOK, "AmountShape-amountNOK")):
        expect(
            findings,
            focus=EARMARK_744_21,
            shape=shape,
            path=prop,
            constraint="MinInclusiveConstraintComponent",
            message=["non-negative"],
        )


@pytest.mark.parametrize(
    "bad_amount",
    [
        Literal("259036000"),  # a string
        Literal(259036000.0),  # xsd:double
        Literal("259 036", datatype=XSD.decimal),  # ill-formed decimal, as the table writes it (line 18)
    ],
)
def test_amount_that_is_not_a_decimal(broken: Graph, baseline: ValidationReport, bad_amount: Literal) -> None:
    replace(broken, POST_744_01, TB.amountNOK, bad_amount)
    expect(
        check(broken, baseline),
        focus=POST_744_01,
        shape="AmountShape-amountNOK",
        path=TB.amountNOK,
        constraint="OrConstraintComponent",
        value=bad_amount,
        message=["xsd:decimal or xsd:integer"],
    )


def test_integer_and_decimal_amounts_are_both_accepted(broken: Graph, baseline: ValidationReport) -> None:
    """Turtle writes 259036 as xsd:integer, which is derived from xsd:decimal."""
    replace(broken, POST_744_01, TB.statedAmount, Literal(Decimal("259036.0")))
    replace(broken, POST_744_01, TB.amountNOK, Literal(Decimal("259036000.00")))
    findings = new_findings(validate(broken), baseline)
    assert findings == []


def test_budget_post_without_chapter(broken: Graph, baseline: ValidationReport) -> None:
    broken.remove((POST_744_21, TB.chapter, None))
    findings = check(broken, baseline)
    expect(findings, focus=POST_744_21, shape="BudgetPostShape-chapter", path=TB.chapter, constraint="MinCountConstraintComponent")
    # Without the post, kap. 744 no longer sums either.
    expect(findings, focus=KAP_744, shape="BudgetChapterShape-posts-sum", message=["259036000"])


def test_budget_post_with_two_chapters(broken: Graph, baseline: ValidationReport) -> None:
    broken.add((POST_744_21, TB.chapter, ID["letter/ehelse/2023/budget/kap-701"]))
    expect(
        check(broken, baseline),
        focus=POST_744_21,
        shape="BudgetPostShape-chapter",
        constraint="MaxCountConstraintComponent",
    )


def test_earmarks_exceeding_their_post(broken: Graph, baseline: ValidationReport) -> None:
    """Kap. 744 post 21 is 132 585 thousand kroner (line 20); an earmark of 140 million within it
    is more than the post."""
    replace(broken, EARMARK_744_21, TB.statedAmount, Literal(140))
    replace(broken, EARMARK_744_21, TB.amountNOK, Literal(140000000))
    expect(
        check(broken, baseline),
        focus=POST_744_21,
        shape="BudgetPostShape-earmarks",
        path=TB.amountNOK,
        value="132585000",
        message=["140000000", "132585000"],
    )


def test_stated_unit_not_in_the_scheme(broken: Graph, baseline: ValidationReport) -> None:
    replace(broken, POST_744_01, TB.statedUnit, TBUNIT["billion-NOK"])
    expect(
        check(broken, baseline),
        focus=POST_744_01,
        shape="StatedAmountShape-statedUnit",
        path=TB.statedUnit,
        constraint="NodeConstraintComponent",
    )


def test_revenue_chapter_numbered_as_expenditure(broken: Graph, baseline: ValidationReport) -> None:
    """Kap. 3701 (line 123) is a revenue chapter: numbers from 3000."""
    chapter = ID["letter/ehelse/2023/budget/kap-3701"]
    replace(broken, chapter, SKOS.notation, Literal("701"))
    expect(check(broken, baseline), focus=chapter, shape="RevenueChapterShape-notation", constraint="PatternConstraintComponent")


def test_authorisation_against_revenue_on_an_expenditure_post(broken: Graph, baseline: ValidationReport) -> None:
    """Section 4.5 (lines 1272-1274): kap. 701 post 21 may be exceeded against additional
    revenue on kap. 3701 post 02 - a revenue post, not an expenditure post."""
    authorisation = ID["letter/ehelse/2023/budget/authorisation/701-21-merinntekt"]
    replace(broken, authorisation, TB.againstRevenueOn, POST_744_01)
    expect(
        check(broken, baseline),
        focus=authorisation,
        shape="BudgetAuthorisationShape-againstRevenueOn",
        constraint="ClassConstraintComponent",
    )


###########################################################################################
# Dependencies
###########################################################################################


def _add_dependency(graph: Graph, source: URIRef, target: URIRef, kind: URIRef = TBDEP.assignment) -> URIRef:
    dependency = URIRef(f"{source}/dependency/test-{target.split('/')[-1]}")
    graph.add((source, TB.dependency, dependency))
    graph.add((dependency, RDF.type, TB.Dependency))
    graph.add((dependency, TB.target, target))
    graph.add((dependency, TB.dependencyKind, kind))
    location = BNode()
    graph.add((dependency, TB.source, location))
    for triple in graph.triples((source_of(graph, source), None, None)):
        graph.add((location, triple[1], triple[2]))
    return dependency


def test_self_dependency(broken: Graph, baseline: ValidationReport) -> None:
    dependency = _add_dependency(broken, assignment(3), assignment(3))
    expect(
        check(broken, baseline),
        focus=assignment(3),
        shape="DependentShape-no-self",
        constraint="SPARQLConstraintComponent",
        value=assignment(3),
        message=["depends on itself", str(dependency)],
    )


def test_dependency_cycle(broken: Graph, baseline: ValidationReport) -> None:
    """A cycle through (tb:dependency/tb:target)+: 01 -> 02 -> 01."""
    _add_dependency(broken, assignment(1), assignment(2))
    _add_dependency(broken, assignment(2), assignment(1))
    findings = check(broken, baseline)
    for this, other in ((assignment(1), assignment(2)), (assignment(2), assignment(1))):
        expect(
            findings,
            focus=this,
            shape="DependentShape-no-cycle",
            value=other,
            message=["cycle", str(other)],
        )
    none_from(findings, "DependentShape-no-self")


def test_longer_dependency_cycle(broken: Graph, baseline: ValidationReport) -> None:
    _add_dependency(broken, assignment(5), assignment(6))
    _add_dependency(broken, assignment(6), assignment(8))
    _add_dependency(broken, assignment(8), assignment(5))
    findings = check(broken, baseline)
    for node in (assignment(5), assignment(6), assignment(8)):
        expect(findings, focus=node, shape="DependentShape-no-cycle")


def test_dependency_chain_without_cycle_is_valid(broken: Graph, baseline: ValidationReport) -> None:
    _add_dependency(broken, assignment(5), assignment(6))
    _add_dependency(broken, assignment(6), assignment(8))
    assert new_findings(validate(broken), baseline) == []


def test_dependency_without_target_and_with_unknown_kind(broken: Graph, baseline: ValidationReport) -> None:
    """TB2023-01 builds on NHN's introduction plans (lines 366-368)."""
    dependency = ID["assignment/ehelse/TB2023-01/dependency/1"]
    broken.remove((dependency, TB.target, None))
    replace(broken, dependency, TB.dependencyKind, TBDEP.hunch)
    findings = check(broken, baseline)
    expect(findings, focus=dependency, shape="DependencyShape-target", path=TB.target, constraint="MinCountConstraintComponent")
    expect(findings, focus=dependency, shape="DependencyShape-kind", path=TB.dependencyKind, constraint="NodeConstraintComponent")


def test_dependency_kind_not_fitting_its_target(broken: Graph, baseline: ValidationReport) -> None:
    """NHN's introduction plans are a deliverable, not a decision."""
    dependency = ID["assignment/ehelse/TB2023-01/dependency/1"]
    replace(broken, dependency, TB.dependencyKind, TBDEP.decision)
    expect(
        check(broken, baseline, conforms=True),
        focus=dependency,
        shape="DependencyShape-kind-matches-target",
        severity="Warning",
        value=TBDEP.decision,
    )


###########################################################################################
# Actors and involvements
###########################################################################################


def test_unknown_role(broken: Graph, baseline: ValidationReport) -> None:
    """Roles come from the closed list tb:RoleScheme."""
    involvement = involvement_with_role(broken, assignment(3), TBROLE.lead)
    replace(broken, involvement, PROV.hadRole, TBROLE.sponsor)
    findings = check(broken, baseline)
    expect(
        findings,
        focus=involvement,
        shape="InvolvementShape-role",
        path=PROV.hadRole,
        constraint="NodeConstraintComponent",
        value=TBROLE.sponsor,
        message=["tb:RoleScheme"],
    )


def test_involvement_whose_agent_is_not_an_organisation(broken: Graph, baseline: ValidationReport) -> None:
    """"Norsk helsenett SF" (line 368) is an organisation; a national solution is not."""
    involvement = involvement_with_role(broken, assignment(1), TBROLE["providing-input"])
    solution = ID["solution/kjernejournal"]
    replace(broken, involvement, PROV.agent, solution)
    expect(
        check(broken, baseline),
        focus=involvement,
        shape="InvolvementShape-agent",
        path=PROV.agent,
        constraint="ClassConstraintComponent",
        value=solution,
    )


def test_subclasses_of_organisation_count(baseline: ValidationReport, shipped: Graph) -> None:
    """A tb:Directorate, tb:StateEnterprise, tb:RegionalHealthAuthority or tb:SectorGroup agent is
    an org:Organization through the ontology and the W3C ORG axioms (no RDFS inference needed)."""
    kinds = {
        shipped.value(agent, RDF.type)
        for agent in shipped.objects(None, PROV.agent)
    }
    assert {TB.Directorate, TB.StateEnterprise, TB.SectorGroup} <= kinds
    none_from(baseline.findings, "InvolvementShape-agent")


def test_involvement_with_two_agents_and_no_role(broken: Graph, baseline: ValidationReport) -> None:
    involvement = involvement_with_role(broken, assignment(1), TBROLE["providing-input"])
    broken.add((involvement, PROV.agent, ID["org/hdir"]))
    broken.remove((involvement, PROV.hadRole, None))
    findings = check(broken, baseline)
    expect(findings, focus=involvement, shape="InvolvementShape-agent", constraint="MaxCountConstraintComponent")
    expect(findings, focus=involvement, shape="InvolvementShape-role", constraint="MinCountConstraintComponent")


def test_organisation_number_with_wrong_check_digit(broken: Graph, baseline: ValidationReport) -> None:
    """983887406 is HOD's number (data/source/reference/organisations.tsv); changing the last digit
    breaks the modulus-11 check (weights 3, 2, 7, 6, 5, 4, 3, 2)."""
    replace(broken, ORG_HOD, TB.orgNumber, Literal("983887407"))
    expect(
        check(broken, baseline),
        focus=ORG_HOD,
        shape="OrganisationShape-orgNumber-check-digit",
        path=TB.orgNumber,
        value="983887407",
        message=["983887407", "check digit"],
    )


@pytest.mark.parametrize("bad_number", ["98388740", "983 887 406", "NO983887406"])
def test_organisation_number_not_nine_digits(broken: Graph, baseline: ValidationReport, bad_number: str) -> None:
    replace(broken, ORG_HOD, TB.orgNumber, Literal(bad_number))
    expect(
        check(broken, baseline),
        focus=ORG_HOD,
        shape="OrganisationShape-orgNumber",
        constraint="PatternConstraintComponent",
        value=bad_number,
    )


def test_all_shipped_organisation_numbers_pass_the_check_digit(shipped: Graph) -> None:
    """The same modulus-11 rule in Python, so the SPARQL arithmetic is checked against it."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2, 1)
    numbers = [str(n) for n in shipped.objects(None, TB.orgNumber)]
    assert numbers
    for number in numbers:
        assert sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11 == 0, number


def test_duplicate_organisation_number(broken: Graph, baseline: ValidationReport) -> None:
    replace(broken, ORG_HELSE_VEST, TB.orgNumber, Literal("983887406"))
    expect(
        check(broken, baseline),
        focus=ORG_HELSE_VEST,
        shape="OrganisationShape-orgNumber-unique",
        message=[str(ORG_HOD)],
    )


def test_duplicate_key(broken: Graph, baseline: ValidationReport) -> None:
    """Keys are unique across the dataset: they name things on the command line."""
    replace(broken, ORG_HELSE_VEST, TB.key, Literal("nhn"))
    findings = check(broken, baseline)
    expect(
        findings,
        focus=ORG_HELSE_VEST,
        shape="KeyShape-key-unique",
        path=TB.key,
        value="nhn",
        message=["'nhn'", str(ORG_NHN)],
    )
    expect(findings, focus=ORG_NHN, shape="KeyShape-key-unique", message=[str(ORG_HELSE_VEST)])


@pytest.mark.parametrize("bad_key", ["Helse-Vest", "helse vest", "helse--vest", "helse-vest-", "helse_vest"])
def test_key_not_matching_the_pattern(broken: Graph, baseline: ValidationReport, bad_key: str) -> None:
    replace(broken, ORG_HELSE_VEST, TB.key, Literal(bad_key))
    expect(check(broken, baseline), focus=ORG_HELSE_VEST, shape="KeyShape-key", constraint="PatternConstraintComponent")


def test_organisation_without_key_or_english_label(broken: Graph, baseline: ValidationReport) -> None:
    broken.remove((ORG_HELSE_VEST, TB.key, None))
    for label in list(broken.objects(ORG_HELSE_VEST, RDFS.label)):
        if label.language == "en":
            broken.remove((ORG_HELSE_VEST, RDFS.label, label))
    findings = check(broken, baseline)
    expect(findings, focus=ORG_HELSE_VEST, shape="OrganisationShape-key", constraint="MinCountConstraintComponent")
    expect(findings, focus=ORG_HELSE_VEST, shape="OrganisationShape-label-en", constraint="QualifiedMinCountConstraintComponent")


def test_organisation_without_number_is_only_a_warning(baseline: ValidationReport) -> None:
    """KS's number was seen in one source only and is not linked (organisations.tsv)."""
    expect(baseline.findings, focus=ID["org/ks"], shape="OrganisationShape-orgNumber-recommended", severity="Warning")
    # International organisations and sector groups have no Norwegian number and get no warning.
    none_from(baseline.findings, "OrganisationShape-orgNumber-recommended", ID["org/who"])
    none_from(baseline.findings, "OrganisationShape-orgNumber-recommended", ID["org/rhf"])


###########################################################################################
# Provenance
###########################################################################################


def test_source_location_with_empty_quote(broken: Graph, baseline: ValidationReport) -> None:
    location = source_of(broken, assignment(1))
    replace(broken, location, TB.quote, Literal("   "))
    expect(
        check(broken, baseline),
        focus=location,
        shape="SourceLocationShape-quote",
        path=TB.quote,
        constraint="PatternConstraintComponent",
        message=["quote", "not empty"],
    )


def test_source_location_without_section(broken: Graph, baseline: ValidationReport) -> None:
    """TB2023-01 stands in section 2.1.1 (line 360)."""
    location = source_of(broken, assignment(1))
    broken.remove((location, TB.section, None))
    expect(
        check(broken, baseline),
        focus=location,
        shape="SourceLocationShape-section",
        path=TB.section,
        constraint="MinCountConstraintComponent",
    )


def test_source_location_with_reversed_or_zero_lines(broken: Graph, baseline: ValidationReport) -> None:
    """TB2023-01 spans lines 364-374."""
    location = source_of(broken, assignment(1))
    replace(broken, location, TB.lineStart, Literal(380))
    findings = check(broken, baseline)
    expect(findings, focus=location, shape="SourceLocationShape-lineStart", constraint="LessThanOrEqualsConstraintComponent")
    replace(broken, location, TB.lineStart, Literal(0))
    expect(
        new_findings(validate(broken), baseline),
        focus=location,
        shape="SourceLocationShape-lineStart",
        constraint="MinInclusiveConstraintComponent",
    )


def test_source_location_without_source_text(broken: Graph, baseline: ValidationReport) -> None:
    location = source_of(broken, assignment(1))
    broken.remove((location, TB.inSourceText, None))
    expect(check(broken, baseline), focus=location, shape="SourceLocationShape-inSourceText", constraint="MinCountConstraintComponent")


###########################################################################################
# The letter
###########################################################################################


def test_steering_meeting_count_no_longer_matches(broken: Graph, baseline: ValidationReport) -> None:
    """"Det skal som hovedregel gjennomføres fire etatsstyringsmøter i året" (line 1011), and the
    annual cycle lists four: 1 March, 9 May, 5 September and 17 October (lines 1084, 1094, 1099,
    1109). Dropping one of them from the data leaves three against tb:announcedMeetings 4."""
    meetings = sorted(broken.subjects(RDF.type, TB.SteeringMeeting))
    assert len(meetings) == 4
    broken.remove((meetings[0], RDF.type, TB.SteeringMeeting))
    expect(
        check(broken, baseline),
        focus=LETTER,
        shape="AllocationLetterShape-steering-meetings",
        path=TB.announcedMeetings,
        value="4",
        message=["announces 4", "but 3"],
    )


def test_announced_meetings_changed(broken: Graph, baseline: ValidationReport) -> None:
    replace(broken, LETTER, TB.announcedMeetings, Literal(5))
    expect(check(broken, baseline), focus=LETTER, shape="AllocationLetterShape-steering-meetings", message=["announces 5", "but 4"])


def test_letter_without_issuer_and_with_two_recipients(broken: Graph, baseline: ValidationReport) -> None:
    """"Helse- og omsorgsdepartementet ... tildelingsbrev til Direktoratet for e-helse" (lines 4-6)."""
    broken.remove((LETTER, TB.issuedBy, None))
    broken.add((LETTER, TB.recipient, ORG_NHN))
    findings = check(broken, baseline)
    expect(findings, focus=LETTER, shape="AllocationLetterShape-issuedBy", path=TB.issuedBy, constraint="MinCountConstraintComponent")
    expect(findings, focus=LETTER, shape="AllocationLetterShape-recipient", constraint="MaxCountConstraintComponent")


def test_letter_issued_by_a_non_ministry(broken: Graph, baseline: ValidationReport) -> None:
    """RDFS range inference would make any issuer an org:Organization; validation runs without it,
    so a wrong issuer is caught."""
    replace(broken, LETTER, TB.issuedBy, ID["legal/pasientjournalloven"])
    expect(check(broken, baseline), focus=LETTER, shape="AllocationLetterShape-issuedBy", constraint="ClassConstraintComponent")


def test_letter_issued_to_itself(broken: Graph, baseline: ValidationReport) -> None:
    replace(broken, LETTER, TB.recipient, ORG_HOD)
    expect(check(broken, baseline), focus=LETTER, shape="AllocationLetterShape-recipient", constraint="DisjointConstraintComponent")


def test_curated_letter_without_budget_year_or_bokmal_title(broken: Graph, baseline: ValidationReport) -> None:
    """The letter with a source text is "for 2023" (line 1). Letters it only refers to (the 2022
    letter, supplement no. 10) may lack these facts, and do in the shipped data."""
    broken.remove((LETTER, TB.budgetYear, None))
    for title in list(broken.objects(LETTER, DCTERMS.title)):
        if title.language == "nb":
            broken.remove((LETTER, DCTERMS.title, title))
    findings = check(broken, baseline)
    expect(findings, focus=LETTER, shape="SourcedLetterShape-budgetYear", constraint="MinCountConstraintComponent")
    expect(findings, focus=LETTER, shape="SourcedLetterShape-title-nb", constraint="QualifiedMinCountConstraintComponent")


def test_second_main_goal_number_one(broken: Graph, baseline: ValidationReport) -> None:
    """The letter numbers four main goals once each (lines 281, 465, 628, 891)."""
    replace(broken, MAIN_GOAL_2, SKOS.notation, Literal("1"))
    findings = check(broken, baseline)
    expect(findings, focus=MAIN_GOAL_2, shape="MainGoalShape-notation-unique", message=[str(MAIN_GOAL_1)])


def test_dangling_reference(broken: Graph, baseline: ValidationReport) -> None:
    """TB2023-01 concerns the national e-health solutions (data/reference/solutions.ttl); a
    misspelt address points to nothing."""
    missing = ID["solution/nasjonale-e-helselosningar"]
    broken.add((assignment(1), TB.concerns, missing))
    broken.add((assignment(1), TB.references, ID["legal/no-such-act"]))
    findings = check(broken, baseline)
    expect(findings, focus=assignment(1), shape="ReferenceShape-concerns", value=missing, constraint="ClassConstraintComponent")
    expect(findings, focus=assignment(1), shape="ReferenceShape-references", constraint="NodeConstraintComponent")


###########################################################################################
# Vocabulary self-check (DPV style) on ontology/tbgraph.ttl
###########################################################################################


def test_ontology_documents_every_term_in_bokmal_and_english() -> None:
    ontology = load_ontology()
    report = validate(ontology)
    assert report.conforms, "\n".join(map(str, report.violations()))
    for name in ("VocabularyTermShape-label-nb", "VocabularyTermShape-comment-en", "ClosedListConceptShape-inScheme"):
        none_from(report.findings, name)
    # The shape does reach the terms: every class and property of the tb: namespace is a target.
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(str(TB))
    }
    assert len(terms) > 80


def test_ontology_term_without_english_comment_or_bokmal_label() -> None:
    ontology = load_ontology()
    for comment in list(ontology.objects(TB.Assignment, RDFS.comment)):
        if comment.language == "en":
            ontology.remove((TB.Assignment, RDFS.comment, comment))
    for label in list(ontology.objects(TB.key, RDFS.label)):
        if label.language == "nb":
            ontology.remove((TB.key, RDFS.label, label))
    ontology.add((TB.Undocumented, RDF.type, OWL.Class))
    report = validate(ontology, ontology=ontology)
    expect(report.findings, focus=TB.Assignment, shape="VocabularyTermShape-comment-en", path=RDFS.comment)
    expect(report.findings, focus=TB.key, shape="VocabularyTermShape-label-nb", path=RDFS.label)
    for name in ("label-nb", "label-en", "comment-nb", "comment-en"):
        expect(report.findings, focus=TB.Undocumented, shape=f"VocabularyTermShape-{name}")


###########################################################################################
# The shapes themselves
###########################################################################################


def _shape_nodes(shapes: Graph) -> set:
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    for predicate in (SH.property, SH.node, SH.qualifiedValueShape):
        nodes |= set(shapes.objects(None, predicate))
    return nodes


def test_every_shape_is_named_and_explained_in_both_languages() -> None:
    shapes = load_shapes()
    nodes = _shape_nodes(shapes)
    assert len(nodes) > 100
    for node in nodes:
        assert isinstance(node, URIRef) and str(node).startswith(str(TBSH)), f"anonymous or foreign shape {node}"
        for predicate in (SH.name, SH.message):
            languages = {o.language for o in shapes.objects(node, predicate)}
            assert {"nb", "en"} <= languages, f"{node} lacks {predicate} in nb/en"
        if (node, RDF.type, SH.NodeShape) not in shapes:
            assert (node, RDF.type, SH.PropertyShape) in shapes, f"{node} is not typed"


def test_shapes_never_reuse_a_class_iri_and_every_property_shape_is_used() -> None:
    shapes = load_shapes()
    ontology = load_ontology()
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    for node in _shape_nodes(shapes):
        assert node not in classes
    used = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.node)) | set(
        shapes.objects(None, SH.qualifiedValueShape)
    )
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert shape in used, f"{shape} is not attached to any node shape"
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        targeted = any(
            (shape, p, None) in shapes
            for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        )
        assert targeted or shape in used, f"{shape} has no target and is not used"


def test_shapes_are_valid_shacl() -> None:
    """The shapes graph conforms to the SHACL-SHACL shapes (pySHACL's meta_shacl)."""
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=load_shapes(), meta_shacl=True)
    assert conforms, text


def test_violation_and_warning_are_the_only_severities() -> None:
    shapes = load_shapes()
    for shape in _shape_nodes(shapes):
        for severity in shapes.objects(shape, SH.severity):
            assert severity in (SH.Violation, SH.Warning)


###########################################################################################
# The validation module's API
###########################################################################################


def test_report_api(broken: Graph, baseline: ValidationReport) -> None:
    replace(broken, ORG_HOD, TB.orgNumber, Literal("983887407"))
    report = validate(broken)
    assert not report.conforms
    assert report.violations() == [f for f in report.findings if f.severity == "Violation"]
    data = report.to_json()
    assert set(data) == {"conforms", "violations", "warnings", "results"}
    assert data["conforms"] is False
    assert data["violations"] == len(report.violations())
    assert data["warnings"] == sum(f.severity == "Warning" for f in report.findings)
    assert json.loads(json.dumps(data))["results"][0].keys() == {
        "severity", "focus", "path", "value", "message", "message_nb", "shape", "constraint",
    }
    turtle = report.to_turtle()
    parsed = Graph().parse(data=turtle, format="turtle")
    assert (None, SH.resultSeverity, SH.Violation) in parsed
    # The report graph keeps the messages' language tags, SHACL-SPARQL ones included.
    sparql_messages = [
        m
        for r in parsed.subjects(SH.sourceConstraintComponent, SH.SPARQLConstraintComponent)
        for m in parsed.objects(r, SH.resultMessage)
    ]
    assert sparql_messages and all(m.language in ("nb", "en") for m in sparql_messages)


def test_findings_are_sorted_deterministically(broken: Graph) -> None:
    replace(broken, ORG_HOD, TB.orgNumber, Literal("983887407"))
    broken.remove((assignment(12), TB.source, None))
    first = validate(broken).findings
    second = validate(broken).findings
    assert first == second
    rank = {"Violation": 0, "Warning": 1, "Info": 2}
    keys = [(rank[f.severity], f.focus, f.path or "", f.message) for f in first]
    assert keys == sorted(keys)


def test_validation_leaves_the_data_untouched(shipped: Graph) -> None:
    before = len(shipped)
    validate(shipped)
    assert len(shipped) == before


def test_dataset_is_validated_as_the_union_of_its_graphs(baseline: ValidationReport) -> None:
    dataset = Dataset()
    for path in _shipped_files():
        dataset.graph(URIRef(f"https://w3id.org/tbgraph/graph/{path.stem}")).parse(path, format="turtle")
    report = validate(dataset)
    assert report.conforms == baseline.conforms
    assert [(f.focus, f.shape) for f in report.findings if not f.focus.startswith("_:")] == [
        (f.focus, f.shape) for f in baseline.findings if not f.focus.startswith("_:")
    ]


def test_complex_paths_are_rendered_as_sparql_paths(broken: Graph, baseline: ValidationReport) -> None:
    deadline = ID["letter/ehelse/2023/orphan-deadline"]
    broken.add((deadline, RDF.type, TB.Deadline))
    broken.add((deadline, TB.deadlineKind, TBDK.continuous))
    broken.add((deadline, RDFS.label, Literal("Foreldreløs frist", lang="nb")))
    broken.add((deadline, TB.source, source_of(broken, assignment(1))))
    finding = expect(check(broken, baseline), focus=deadline, shape="DeadlineShape-obligation")
    assert finding.path == f"^<{TB.deadline}>"


def _timed(run: Callable[[], ValidationReport]) -> tuple[float, ValidationReport]:
    start = time.perf_counter()
    report = run()
    return time.perf_counter() - start, report


@pytest.mark.slow
def test_validation_is_fast_enough(shipped: Graph) -> None:
    """The shipped data validates in a few seconds (measured 1.5-2.5 s for ~6 300 data triples
    plus the ontology on the development machine; the bound leaves room for slow CI)."""
    validate(shipped)  # warm: SPARQL texts parsed once per process
    seconds, report = _timed(lambda: validate(shipped))
    print(f"validated {len(shipped)} data triples in {seconds:.2f} s ({len(report.findings)} results)")
    assert seconds < 20


@pytest.mark.slow
def test_rdfs_inference_would_hide_errors(broken: Graph) -> None:
    """Why validation runs without RDFS inference: tb:recipient has rdfs:range org:Organization, so
    under RDFS entailment any recipient - here an act - would be typed an organisation and pass the
    sh:class org:Organization check. Without inference the wrong recipient is caught."""
    act = ID["legal/pasientjournalloven"]
    replace(broken, LETTER, TB.recipient, act)

    def recipient_class_results(report: ValidationReport) -> list[Finding]:
        return [
            f
            for f in report.findings
            if f.shape == str(TBSH["AllocationLetterShape-recipient"]) and f.constraint == "ClassConstraintComponent"
        ]

    with_rdfs = validation._run(validation._data_graph(broken, load_ontology()), load_shapes(), inference="rdfs")
    assert recipient_class_results(with_rdfs) == []
    without = recipient_class_results(validate(broken))
    assert [(f.focus, f.value) for f in without] == [(str(LETTER), str(act))]
