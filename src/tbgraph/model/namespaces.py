"""The project's own namespaces, generated from ``ontology/tbgraph.ttl``: do not edit by hand.

Each class is an rdflib ``DefinedNamespace`` with ``_fail = True``, so a misspelt term raises
``AttributeError`` at import time instead of silently minting an IRI no shape or query knows.
Regenerate with ``python scripts/generate_namespaces.py``.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["TB", "TBROLE", "TBDK", "TBDEP", "TBUNIT", "ID_BASE", "GRAPH_BASE", "ONTOLOGY_IRI", "SHAPES_NS"]

#: Base of every IRI the dataset mints (letters, assignments, organisations, ...).
ID_BASE = "https://w3id.org/tbgraph/id/"
#: Base of named-graph IRIs.
GRAPH_BASE = "https://w3id.org/tbgraph/graph/"
#: The ontology's own IRI (also the name of the graph holding it).
ONTOLOGY_IRI = "https://w3id.org/tbgraph/ontology"
#: Namespace of the SHACL shapes.
SHAPES_NS = "https://w3id.org/tbgraph/shapes#"


class TB(DefinedNamespace):
    """Terms of <https://w3id.org/tbgraph/ontology#>."""

    _fail = True
    _NS = Namespace("https://w3id.org/tbgraph/ontology#")

    Act: URIRef
    Agreement: URIRef
    AllocationLetter: URIRef
    Amendment: URIRef
    AmountUnit: URIRef
    AmountUnitScheme: URIRef
    AnnualCycleItem: URIRef
    Assignment: URIRef
    AssignmentAddition: URIRef
    AssignmentRevision: URIRef
    AssignmentWithdrawal: URIRef
    AuditFollowUp: URIRef
    AuditReport: URIRef
    AuthorisationAddition: URIRef
    BudgetAuthorisation: URIRef
    BudgetChange: URIRef
    BudgetChapter: URIRef
    BudgetPost: URIRef
    Circular: URIRef
    CommonDirective: URIRef
    ConstitutionalBody: URIRef
    Deadline: URIRef
    DeadlineChange: URIRef
    DeadlineKind: URIRef
    DeadlineKindScheme: URIRef
    Decision: URIRef
    Deliverable: URIRef
    Dependency: URIRef
    DependencyKind: URIRef
    DependencyKindScheme: URIRef
    Directorate: URIRef
    Document: URIRef
    EUProposal: URIRef
    Earmark: URIRef
    ExpenditureChapter: URIRef
    ExternalAssignment: URIRef
    ExternalDeliverable: URIRef
    FactChange: URIRef
    Goal: URIRef
    GovernmentGoal: URIRef
    GrantCondition: URIRef
    Instruction: URIRef
    InterestOrganisation: URIRef
    InternationalOrganisation: URIRef
    Involvement: URIRef
    LegalProvision: URIRef
    LegalSource: URIRef
    LetterSupplement: URIRef
    MainGoal: URIRef
    Ministry: URIRef
    MinistryDirective: URIRef
    Mission: URIRef
    Municipality: URIRef
    NationalEHealthSolution: URIRef
    Obligation: URIRef
    ParliamentaryDecision: URIRef
    ParliamentaryRecommendation: URIRef
    Plan: URIRef
    PolicyDocument: URIRef
    PriorityArea: URIRef
    Programme: URIRef
    Proposition: URIRef
    RegionalHealthAuthority: URIRef
    Regulation: URIRef
    ReportingDuty: URIRef
    Responsibility: URIRef
    RevenueChapter: URIRef
    Role: URIRef
    RoleScheme: URIRef
    SectorGroup: URIRef
    Solution: URIRef
    SourceLocation: URIRef
    SourceText: URIRef
    Standard: URIRef
    StateEnterprise: URIRef
    SteeringMeeting: URIRef
    SteeringParameter: URIRef
    Strategy: URIRef
    WhitePaper: URIRef
    afterNOK: URIRef
    againstRevenueOn: URIRef
    amendedItem: URIRef
    amendedProperty: URIRef
    amountNOK: URIRef
    announcedMeetings: URIRef
    authorisesExceeding: URIRef
    basedOn: URIRef
    beforeNOK: URIRef
    budgetYear: URIRef
    changeNOK: URIRef
    chapter: URIRef
    concerns: URIRef
    confidence: URIRef
    copyTo: URIRef
    curated: URIRef
    deadline: URIRef
    deadlineKind: URIRef
    deliverableOf: URIRef
    dependency: URIRef
    dependencyKind: URIRef
    funds: URIRef
    governmentGoal: URIRef
    hasDeliverable: URIRef
    inEffectFrom: URIRef
    inSourceText: URIRef
    involvement: URIRef
    issuedBy: URIRef
    key: URIRef
    legalBasis: URIRef
    lineEnd: URIRef
    lineStart: URIRef
    mainGoal: URIRef
    mayBeUsedUnder: URIRef
    mission: URIRef
    multiplier: URIRef
    operatedBy: URIRef
    orgNumber: URIRef
    outsideBudgetYear: URIRef
    quote: URIRef
    recipient: URIRef
    references: URIRef
    relatedTo: URIRef
    reportingChannel: URIRef
    section: URIRef
    sequence: URIRef
    sha256: URIRef
    signatory: URIRef
    source: URIRef
    statedAfter: URIRef
    statedAmount: URIRef
    statedBefore: URIRef
    statedChange: URIRef
    statedTotal: URIRef
    statedUnit: URIRef
    target: URIRef
    text: URIRef
    textOf: URIRef
    totalNOK: URIRef
    transferable: URIRef
    valueAfter: URIRef
    valueBefore: URIRef
    withinPost: URIRef


class TBROLE(DefinedNamespace):
    """Terms of <https://w3id.org/tbgraph/def/role/>."""

    _fail = True
    _NS = Namespace("https://w3id.org/tbgraph/def/role/")

    assisting: URIRef
    collaborating: URIRef
    consulted: URIRef
    coordinating: URIRef
    lead: URIRef
    owner: URIRef
    _extras = ["providing-input", "receiving-delivery"]


class TBDK(DefinedNamespace):
    """Terms of <https://w3id.org/tbgraph/def/deadline-kind/>."""

    _fail = True
    _NS = Namespace("https://w3id.org/tbgraph/def/deadline-kind/")

    continuous: URIRef
    final: URIRef
    preliminary: URIRef
    _extras = ["reporting-channel", "to-be-agreed"]


class TBDEP(DefinedNamespace):
    """Terms of <https://w3id.org/tbgraph/def/dependency-kind/>."""

    _fail = True
    _NS = Namespace("https://w3id.org/tbgraph/def/dependency-kind/")

    assignment: URIRef
    decision: URIRef
    deliverable: URIRef
    document: URIRef


class TBUNIT(DefinedNamespace):
    """Terms of <https://w3id.org/tbgraph/def/unit/>."""

    _fail = True
    _NS = Namespace("https://w3id.org/tbgraph/def/unit/")

    NOK: URIRef
    _extras = ["million-NOK", "thousand-NOK"]
