"""``/api/goals``, ``/api/budget``, ``/api/deadlines`` (and its iCalendar feed), ``/api/amendments``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from tbgraph.api.deps import AnswersDep, BaseUrlDep, StateDep
from tbgraph.api.formats.calendar import deadlines_calendar
from tbgraph.api.models import Amendment, BudgetLine, Deadline, ErrorBody, Goal, IsoDate
from tbgraph.api.routers.questions import AsOf

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["letters"])

FromQuery = Annotated[IsoDate | None, Query(alias="from", description="On or after this date (YYYY-MM-DD).")]
ToQuery = Annotated[IsoDate | None, Query(alias="to", description="On or before this date (YYYY-MM-DD).")]


@router.get("/goals", response_model=list[Goal], summary="Main goals")
def list_goals(answers: AnswersDep, as_of: AsOf = None) -> list[Goal]:
    """The main goals of each letter with the number of assignments and steering parameters under them."""
    return answers.goals(as_of)


@router.get("/budget", response_model=list[BudgetLine], summary="Budget chapters, posts and earmarks")
def get_budget(answers: AnswersDep, as_of: AsOf = None) -> list[BudgetLine]:
    """Chapters, posts and earmarks in kroner and as stated, and whether the lines add up: the amounts
    supplements set in effect on ``as_of`` (default: after every loaded change), and where one changed an
    amount, from what, by which supplement and its lines (``changed``)."""
    return answers.budget(as_of)


@router.get("/amendments", response_model=list[Amendment], summary="Changes made by supplements")
def list_amendments(answers: AnswersDep, as_of: AsOf = None) -> list[Amendment]:
    """Every change the loaded supplements (tillegg) make to the letters they amend, by the day it takes
    effect (only those in effect on ``as_of`` when given): assignments added and withdrawn, deadlines
    moved, budget posts and chapters changed, other facts changed, with before and after, the
    supplement, and the section and lines that say it."""
    return answers.amendments(as_of)


@router.get("/deadlines", response_model=list[Deadline], responses={422: {"model": ErrorBody}}, summary="Deadlines")
def list_deadlines(
    answers: AnswersDep, start: FromQuery = None, end: ToQuery = None, as_of: AsOf = None
) -> list[Deadline]:
    """Every deadline sorted by date; with from/to only dated deadlines in that range. A deadline a
    supplement moved shows its new date from the day the change takes effect (``as_of``: an earlier
    day), and from what it moved (``changed``)."""
    return answers.deadlines(start, end, as_of)


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
    answers: AnswersDep,
    state: StateDep,
    base: BaseUrlDep,
    start: FromQuery = None,
    end: ToQuery = None,
    as_of: AsOf = None,
) -> Response:
    """The dated deadlines as all-day events a calendar program can subscribe to."""
    body = state.memo.get(
        ("ics", base, start, end, as_of),
        lambda: deadlines_calendar(answers.deadlines(start, end, as_of), base, state.data_version).encode(),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="tbgraph-deadlines.ics"'},
    )
