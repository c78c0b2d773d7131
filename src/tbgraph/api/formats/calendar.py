"""Deadlines as an iCalendar feed (RFC 5545): one all-day event per dated deadline.

Written with the ``icalendar`` package, which escapes text values, folds lines at 75 octets
without splitting a UTF-8 character and types dates (``DTSTART;VALUE=DATE``): the details a
hand-written writer gets subtly wrong. A deadline is a day, not a moment, so the events are
all-day (no time zone); only ``DTSTAMP`` is a UTC time, as the standard requires.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from icalendar import Calendar, Event

from tbgraph.api.models import Deadline

__all__ = ["deadlines_calendar"]

_CANONICAL = "https://w3id.org/tbgraph/"


def deadlines_calendar(deadlines: Iterable[Deadline], base: str, data_version: str) -> str:
    """The feed as text: a VCALENDAR with one VEVENT per deadline that has a date.

    Each event's UID is stable across restarts and data versions (a hash of the item, date and
    what is due), so a subscribed calendar updates events instead of duplicating them; its URL
    is the item's page under ``base``, the address the request came to.
    """
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//tbgraph//allocation letter deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Frister i tildelingsbrev (tbgraph)")
    calendar.add("x-wr-caldesc", "Deadlines of the allocation letters in tbgraph")
    for deadline in deadlines:
        if deadline.date is None:
            continue
        summary = f"{deadline.id}: {deadline.what}" if deadline.id and deadline.id != deadline.what else deadline.what
        uid = hashlib.sha256(f"{deadline.item}|{deadline.date}|{deadline.what}".encode()).hexdigest()[:24]
        url = deadline.item.replace(_CANONICAL, base, 1) if deadline.item.startswith(_CANONICAL) else deadline.item
        event = Event()
        event.add("uid", f"{uid}@tbgraph")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", f"{deadline.obligation}, {deadline.kind} deadline. Data version {data_version}.")
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical()).decode("utf-8")
