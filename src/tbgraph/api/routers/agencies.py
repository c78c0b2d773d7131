"""``/api/agencies``: the actors the letters name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from tbgraph.api.deps import AnswersDep
from tbgraph.api.models import AgencyDetail, AgencySummary, AssignmentSummary, ErrorBody
from tbgraph.api.routers.questions import AsOf

__all__ = ["router"]

router = APIRouter(prefix="/api/agencies", tags=["actors"])

KeyPath = Annotated[str, Path(description="The actor's key (nhn) or one of its names (Norsk helsenett SF).")]


@router.get("", response_model=list[AgencySummary], summary="All actors")
def list_agencies(answers: AnswersDep, as_of: AsOf = None) -> list[AgencySummary]:
    """Every actor with its key, official name, kind, organisation number and number of assignments."""
    return answers.agencies(as_of)


@router.get("/{key}", response_model=AgencyDetail, responses={404: {"model": ErrorBody}}, summary="One actor")
def get_agency(key: KeyPath, answers: AnswersDep, as_of: AsOf = None) -> AgencyDetail:
    """One actor with its identifiers, other names, parent organisations and assignments per role."""
    return answers.agency(key, as_of)


@router.get(
    "/{key}/assignments",
    response_model=list[AssignmentSummary],
    responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
    summary="The assignments an actor takes part in",
)
def agency_assignments(
    key: KeyPath,
    answers: AnswersDep,
    role: Annotated[
        str | None,
        Query(
            description="Only this role (owner, lead, assisting, collaborating, "
            "coordinating, providing-input, consulted, receiving-delivery)."
        ),
    ] = None,
    as_of: AsOf = None,
) -> list[AssignmentSummary]:
    """The same answer as ``tbgraph ask assignments-involving --agency KEY [--role ROLE]``."""
    agency = answers.find("agency", key)
    return answers.assignments(agency=agency.key, role=role, as_of=as_of)
