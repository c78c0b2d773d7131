"""The day a page is about: ``?as_of=YYYY-MM-DD`` on every list and entity page, as on every ``/api``
answer. Without it a page shows the letters after every loaded supplement.

A malformed day is the reader's mistake, answered by a 400 page that names the parameter and the
form expected (:class:`BadDay`), never a 500. The day is named as the page's language writes it
(«1. september 2023», «1 September 2023»).
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from starlette.requests import Request

from tbgraph.questions.named import QueryParameterError, as_of_day

__all__ = ["PARAMETER", "BadDay", "requested_day", "day_name"]

PARAMETER = "as_of"


class BadDay(ValueError):
    """``?as_of`` is not a day as YYYY-MM-DD."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.parameter = PARAMETER


def requested_day(request: Request) -> dt.date | None:
    """The day ``?as_of`` names (None: after every loaded change); :class:`BadDay` for anything else."""
    raw = request.query_params.get(PARAMETER)
    try:
        return as_of_day(raw, PARAMETER)
    except QueryParameterError as error:
        raise BadDay(str(error)) from None


def day_name(day: dt.date | str | None, lang: str, year: bool = True) -> str:
    """A day as ``lang`` writes it: «1. september 2023» (nb), «1 September 2023» (en); without the
    year when ``year`` is false («1. september»)."""
    if day is None:
        return ""
    if isinstance(day, str):
        try:
            when = dt.date.fromisoformat(day)
        except ValueError:
            return day
    else:
        when = day
    pattern = ("d. MMMM" if lang == "nb" else "d MMMM") + (" y" if year else "")
    return str(format_date(when, pattern, locale="nb" if lang == "nb" else "en"))
