"""Response models of the REST API: what the OpenAPI document promises and the handlers return."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "Text",
    "Ref",
    "AgencySummary",
    "AgencyDetail",
    "GoalRef",
    "AssignmentSummary",
    "Involvement",
    "DeadlineItem",
    "Dependency",
    "SolutionRef",
    "LegalRef",
    "SourceRef",
    "AssignmentDetail",
    "Goal",
    "BudgetLine",
    "Deadline",
    "Health",
    "QueryParameterInfo",
    "NamedQueryInfo",
    "AskAnswer",
    "ValidationResult",
    "ErrorBody",
]


def _iso_date(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"expected a date as YYYY-MM-DD, not {value!r}")
    return value


#: A date parameter: YYYY-MM-DD only (pydantic alone also reads "2023" as 2023 seconds after 1970).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Text(Model):
    """A text in Norwegian Bokmål and, where the data has it, English."""

    nb: str | None = None
    en: str | None = None


class Ref(Model):
    """A link to an actor: its stable key, official name and IRI."""

    key: str
    name: str
    iri: str | None = None


class AgencySummary(Model):
    key: str = Field(description="Short stable slug, e.g. 'nhn'.")
    name: str = Field(description="Official name (Bokmål), e.g. 'Norsk helsenett SF'.")
    name_en: str | None = None
    kind: str | None = Field(None, description="The kind of actor, e.g. 'state enterprise'.")
    org_number: str | None = Field(None, description="Organisation number in Enhetsregisteret, where sure.")
    assignments: int = Field(description="Assignments the actor takes part in, directly or through a part.")
    iri: str


class AgencyDetail(AgencySummary):
    identifiers: dict[str, str] = Field(description="Identifiers by scheme: key, org_number, iri.")
    alt_names: list[str] = Field(description="Other names and inflected forms the letters use.")
    part_of: list[Ref] = Field(description="Organisations this one is part of (org:subOrganizationOf).")
    members: list[Ref] = Field(description="Members, for a group such as the regional health authorities.")
    roles: dict[str, int] = Field(description="Number of assignments per role the actor plays in them.")


class GoalRef(Model):
    notation: str
    title: str | None = None


class TakingPart(Model):
    """How the actor asked about takes part: its role, the part it belongs to, the group it takes
    part through."""

    role: str
    part: str | None = Field(None, description="The sub-deliverable the role is for; none: the whole assignment.")
    via: str | None = Field(
        None,
        description="The group the actor takes part as one of (e.g. 'De regionale helseforetakene'); none: "
        "named itself.",
    )


class AssignmentSummary(Model):
    id: str = Field(description="The letter's ID, e.g. 'TB2023-01'.")
    iri: str
    title: Text
    goal: GoalRef | None = None
    owner: Ref | None = None
    role: str | None = Field(None, description="The matched role when filtered by agency or role.")
    roles: list[str] = Field(default_factory=list, description="All roles matched, when filtered by agency.")
    deadlines: list[str] = Field(default_factory=list, description="Due dates, with the kind when not final.")
    changes: list[str] = Field(
        default_factory=list,
        description="What supplements changed, in effect on the day asked about: added by, deadline moved from "
        "… to …, with the supplement and its lines.",
    )
    taking_part: list[TakingPart] = Field(
        default_factory=list,
        description="When filtered by agency: each way the actor takes part (role, part, via a group).",
    )


class Involvement(Model):
    agency: Ref
    role: str
    part: str | None = Field(None, description="The sub-deliverable the actor takes part through, if any.")


class DeadlineItem(Model):
    date: dt.date | None = Field(description="The due date, or null when the letter gives none.")
    label: str
    kind: str = Field(description="final, preliminary, continuous or to-be-agreed.")
    part: str | None = None
    changed: str | None = Field(None, description="Where a supplement moved it: from what, by which, its lines.")


class Dependency(Model):
    depends_on: str
    kind: str
    target_id: str | None = None
    target: str | None = None
    date: str | None = None
    by: str | None = None
    via: str | None = None


class SolutionRef(Model):
    key: str
    name: str
    type: str | None = None
    iri: str


class LegalRef(Model):
    source: str
    provision: str | None = None
    identifier: str | None = None
    type: str | None = None
    iri: str


class SourceRef(Model):
    section: str | None = None
    quote: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    text: str | None = Field(None, description="IRI of the source text the quote is from.")


class AssignmentDetail(Model):
    id: str
    iri: str
    title: Text
    text: Text
    goal: GoalRef | None
    owner: Ref | None
    involvements: list[Involvement]
    deadlines: list[DeadlineItem]
    depends_on: list[Dependency]
    solutions: list[SolutionRef]
    legal_basis: list[LegalRef]
    source: SourceRef | None
    letter: str | None = None
    changes: list[str] = Field(
        default_factory=list,
        description="Every change supplements make to the assignment and its deadlines, also those that take "
        "effect after the day asked about (added, withdrawn, deadline moved), with the supplement and its lines.",
    )


class Goal(Model):
    letter: str
    notation: str
    title: Text
    assignments: int
    steering_parameters: int
    iri: str


class BudgetLine(Model):
    chapter: str
    post: str | None
    level: str = Field(description="chapter, post or earmark.")
    name: str
    amount_nok: int | float | None = Field(
        None, description="None for a chapter whose letter states no total: its posts' sum is lines_sum_nok."
    )
    stated: int | float | None = None
    unit: str | None = None
    lines_sum_nok: int | float | None = None
    agrees: bool | None = None
    changed: str | None = Field(
        None, description="Where a supplement changed the amount: from what, by which, its lines."
    )


class Deadline(Model):
    date: dt.date | None
    id: str | None = Field(description="The assignment ID, or the item's label for obligations without one.")
    what: str
    kind: str
    obligation: str
    item: str
    changed: str | None = Field(None, description="Where a supplement moved it: from what, by which, its lines.")


class Amendment(Model):
    """One change a supplement (tillegg) makes to the letter it amends."""

    effective: dt.date = Field(description="The day the change takes effect.")
    supplement: str = Field(description="The supplement, e.g. 'Tillegg nr. 3'.")
    kind: str = Field(
        description="assignment added, assignment withdrawn, deadline changed, budget changed or fact changed."
    )
    id: str | None = Field(None, description="The assignment the change concerns, if any.")
    item: str = Field(description="What is changed, e.g. 'kap. 701 post 21'.")
    before: str | None = None
    after: str | None = None
    what: str | None = Field(None, description="The change in the supplement's words (Bokmål).")
    section: str | None = None
    lines: str
    history: str = Field(description="The change in one sentence, with the supplement and its lines.")
    iri: str


class Health(Model):
    status: str
    version: str
    data_version: str
    triples: int
    graphs: dict[str, int]
    conforms: bool | None
    query_workers: int
    query_workers_alive: int
    query_workers_isolated: bool | None = Field(
        None, description="Whether the query workers stand behind at least one network wall."
    )
    query_workers_network: str = Field(
        "none",
        description="The network walls around the query workers: seccomp (socket() refused, any user), "
        "namespace (a network namespace of their own, where permitted), both joined by '+', or none.",
    )
    query_timeouts: int = Field(0, description="Queries stopped at the time limit (their worker killed) since start.")
    query_workers_replaced: int = Field(
        0, description="Query workers replaced since start: one per time-out, plus any that died otherwise."
    )
    query_timeout: float
    max_rows: int
    cache_entries: int
    uptime_seconds: float
    data: Literal["current", "last-good"] = Field(
        "current", description="current: the configured files; last-good: the copy of an earlier start's"
    )
    reason: str | None = Field(None, description="Why the current files are not served (with data=last-good).")


class QueryParameterInfo(Model):
    name: str
    kind: str
    required: bool
    description: str


class NamedQueryInfo(Model):
    name: str
    title: Text
    question: Text
    description: str
    parameters: list[QueryParameterInfo]
    sparql: str


class AskAnswer(Model):
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]


class ValidationResult(Model):
    conforms: bool
    violations: int
    warnings: int
    results: list[dict[str, Any]]
    triples: int = Field(description="Triples in the body (the reference data is added for validation).")
    left_out: int = Field(
        default=0,
        description="Warnings and infos about the reference data itself, not about the body: left out of results.",
    )


class ErrorBody(Model):
    detail: Any
    near: list[dict[str, Any]] | None = None
