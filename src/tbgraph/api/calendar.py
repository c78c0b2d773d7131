"""Deadlines as an iCalendar feed (RFC 5545): one all-day event per dated deadline."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from .models import Deadline

__all__ = ["deadlines_calendar"]

_CANONICAL = "https://w3id.org/tbgraph/"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line to at most 75 octets per physical line (RFC 5545 §3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def deadlines_calendar(deadlines: Iterable[Deadline], base: str, data_version: str) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tbgraph//allocation letter deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Frister i tildelingsbrev (tbgraph)",
        "X-WR-CALDESC:Deadlines of the allocation letters in tbgraph",
    ]
    description = "{obligation}, {kind} deadline. Data version " + data_version + "."
    for deadline in deadlines:
        if deadline.date is None:
            continue
        summary = (
            f"{deadline.id}: {deadline.what}"
            if deadline.id and deadline.id != deadline.what
            else deadline.what
        )
        uid = hashlib.sha256(f"{deadline.item}|{deadline.date}|{deadline.what}".encode()).hexdigest()[:24]
        url = (
            deadline.item.replace(_CANONICAL, base) if deadline.item.startswith(_CANONICAL) else deadline.item
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@tbgraph",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{deadline.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline.date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            "DESCRIPTION:" + _escape(description.format(obligation=deadline.obligation, kind=deadline.kind)),
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
