"""``/api/assignments``: the assignments (oppdrag) of the letters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from tbgraph.api.deps import AnswersDep
from tbgraph.api.models import AssignmentDetail, AssignmentSummary, ErrorBody, IsoDate
from tbgraph.api.paging import Limit, Offset, page
from tbgraph.api.routers.questions import AsOf

__all__ = ["router"]

router = APIRouter(prefix="/api/assignments", tags=["assignments"])


@router.get(
    "",
    response_model=list[AssignmentSummary],
    responses={422: {"model": ErrorBody}},
    summary="Assignments, filtered",
)
def list_assignments(
    answers: AnswersDep,
    request: Request,
    response: Response,
    agency: Annotated[str | None, Query(description="Only those this actor takes part in (key or name).")] = None,
    role: Annotated[str | None, Query(description="Only those with this role (with agency: the actor's role).")] = None,
    goal: Annotated[str | None, Query(description="Only those under this main goal (its number, e.g. 1).")] = None,
    solution: Annotated[str | None, Query(description="Only those concerning this solution (key or name).")] = None,
    law: Annotated[
        str | None,
        Query(
            description="Only those resting on this legal source or policy document "
            "(key, name or identifier such as LOV-2014-06-20-42)."
        ),
    ] = None,
    due_from: Annotated[
        IsoDate | None, Query(description="Only those with a deadline on or after (YYYY-MM-DD).")
    ] = None,
    due_to: Annotated[
        IsoDate | None, Query(description="Only those with a deadline on or before (YYYY-MM-DD).")
    ] = None,
    limit: Limit = None,
    offset: Offset = 0,
    as_of: AsOf = None,
) -> list[AssignmentSummary]:
    """Each assignment's ID, titles, main goal, owner, deadlines and, when filtered by actor or role, the
    role matched, and what supplements changed (``changes``). Filters combine (all must hold); a
    withdrawn assignment is not listed from the day its withdrawal takes effect (``as_of``: an earlier
    day).

    With many letters loaded the list is long (26 assignments a letter): ``limit`` and ``offset``
    page it. ``X-Total-Count`` gives the length of the whole list, and a ``Link`` header (RFC 8288)
    the ``next`` and ``prev`` pages."""
    found = answers.assignments(
        agency=agency,
        role=role,
        goal=goal,
        solution=solution,
        law=law,
        due_from=due_from,
        due_to=due_to,
        as_of=as_of,
    )
    return page(found, request, response, limit, offset)


@router.get("/{id}", response_model=AssignmentDetail, responses={404: {"model": ErrorBody}}, summary="One assignment")
def get_assignment(
    id: Annotated[str, Path(description="The letter's ID, e.g. TB2023-01 (a dash or en dash).")],  # noqa: A002
    answers: AnswersDep,
    as_of: AsOf = None,
) -> AssignmentDetail:
    """Everything the letter says about one assignment: text, goal, owner, who else takes part and how,
    deadlines (as supplements left them on ``as_of``), dependencies, solutions, legal basis, the quoted
    source, and every change supplements make to it (``changes``)."""
    return answers.assignment(id, as_of)
