"""``/api/goals``, ``/api/budget``, ``/api/deadlines`` (and its iCalendar feed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ..calendar import deadlines_calendar
from ..deps import AnswersDep, BaseUrlDep, StateDep
from ..models import BudgetLine, Deadline, ErrorBody, Goal, IsoDate

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["letters"])

FromQuery = Annotated[IsoDate | None, Query(alias="from", description="On or after this date (YYYY-MM-DD).")]
ToQuery = Annotated[IsoDate | None, Query(alias="to", description="On or before this date (YYYY-MM-DD).")]


@router.get("/goals", response_model=list[Goal], summary="Main goals")
def list_goals(answers: AnswersDep) -> list[Goal]:
    """The main goals of each letter with the number of assignments and steering parameters under them."""
    return answers.goals()


@router.get("/budget", response_model=list[BudgetLine], summary="Budget chapters, posts and earmarks")
def get_budget(answers: AnswersDep) -> list[BudgetLine]:
    """Chapters, posts and earmarks in kroner and as stated, and whether the lines add up."""
    return answers.budget()


@router.get(
    "/deadlines", response_model=list[Deadline], responses={422: {"model": ErrorBody}}, summary="Deadlines"
)
def list_deadlines(answers: AnswersDep, start: FromQuery = None, end: ToQuery = None) -> list[Deadline]:
    """Every deadline sorted by date; with from/to only dated deadlines in that range."""
    return answers.deadlines(start, end)


@router.get(
    "/deadlines.ics",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "An iCalendar (RFC 5545) feed."},
        422: {"model": ErrorBody},
    },
    summary="Deadlines as an iCalendar feed",
)
def deadlines_ics(
    answers: AnswersDep, state: StateDep, base: BaseUrlDep, start: FromQuery = None, end: ToQuery = None
) -> Response:
    """The dated deadlines as all-day events a calendar program can subscribe to."""
    body = state.memo.get(
        ("ics", base, start, end),
        lambda: deadlines_calendar(answers.deadlines(start, end), base, state.data_version).encode(),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="tbgraph-deadlines.ics"'},
    )
