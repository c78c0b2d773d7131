"""What an assignment's and an actor's page show besides the resource's statements, on the day the page
is about (``?as_of``): the REST answer for that day, its neighbours in the letters' order, and what the
supplements changed (:mod:`tbgraph.web.history`).

``tbgraph.api.routers.resources`` dereferences every IRI; for these two kinds of resource it asks
:func:`entity_page` for the template and what to add to the context.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tbgraph.api.errors import ApiError
from tbgraph.api.services import Answers
from tbgraph.web.days import BadDay, requested_day
from tbgraph.web.history import Change, changes
from tbgraph.web.site import Site
from tbgraph.web.templating import site_templates

__all__ = ["entity_page"]


def entity_page(
    request: Request, answers: Answers, data: Site, path: str, iri: str, context: dict[str, Any]
) -> str | Response | None:
    """The template of an assignment's or an actor's page, with ``context`` filled for the day asked
    about; a 400 page for a malformed ``?as_of``; None for any other resource."""
    if not path.startswith(("id/assignment/", "id/org/")):
        return None
    try:
        day = requested_day(request)
    except BadDay as error:
        problem = {"message": error.message, "parameter": error.parameter, "near": []}
        return site_templates().TemplateResponse(request, "problem.html", {"problem": problem}, status_code=400)
    key = path.rsplit("/", 1)[-1]
    if path.startswith("id/assignment/"):
        with contextlib.suppress(ApiError):
            assignment = answers.assignment(key, day)
            if assignment.iri == iri:
                context.update(_assignment(answers, data, assignment, day))
                return "assignment.html"
        return None
    with contextlib.suppress(ApiError):
        agency = answers.agency(key, day)
        if agency.iri == iri:
            context["agency"] = agency
            context["actor_assignments"] = data.actor_assignments(agency.key, day)
            context["duties"] = data.actor_duties(iri)
            context["collaborators"] = _collaborators(answers, agency.key, day)
            mine = {entry["id"] for entry in context["actor_assignments"]}
            context["moved"] = _by_id([c for c in changes(answers) if c.kind == "moved" and c.id in mine], day)
            return "actor.html"
    return None


def _assignment(answers: Answers, data: Site, assignment: Any, day: dt.date | None) -> dict[str, Any]:
    mine = [c for c in changes(answers) if c.id == assignment.id]
    withdrawal = next((c for c in mine if c.kind == "withdrawn"), None)
    addition = next((c for c in mine if c.kind == "added"), None)
    active = not (withdrawal and withdrawal.in_effect(day)) and not (addition and not addition.in_effect(day))
    previous, following = data.neighbours(assignment.id, day)
    return {
        "assignment": assignment,
        "previous": previous,
        "next": following,
        "needed_by": data.needed_by(assignment.id, day),
        "history": mine,
        "withdrawal": withdrawal,
        "addition": addition,
        "active": active,
        # a deadline as the page lists it (label, day) → the move in effect that gave it that day
        "moved": {(c.item, c.after): c for c in mine if c.kind == "moved" and c.in_effect(day)},
        "moves": [c for c in mine if c.kind == "moved" and c.in_effect(day)],
    }


def _by_id(found: list[Change], day: dt.date | None) -> dict[str, list[Change]]:
    out: dict[str, list[Change]] = {}
    for change in found:
        if change.id and change.in_effect(day):
            out.setdefault(change.id, []).append(change)
    return out


def _collaborators(answers: Answers, key: str, day: dt.date | None) -> list[dict[str, Any]]:
    """Who the actor shares assignments with on ``day`` (the ``collaborators`` question)."""
    with contextlib.suppress(ApiError, LookupError):
        return list(answers.named("collaborators", {"agency": key}, as_of=day).records())
    return []
