"""The deadlines feed (/api/deadlines.ics) read back as a calendar program reads it.

The feed is parsed with ``icalendar`` and, independently of any library, checked line by line
against RFC 5545's rules a hand-written writer gets wrong: CRLF line ends, lines folded at 75
octets without splitting a UTF-8 character, text escaping, all-day dates.
"""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from icalendar import Calendar

from tbgraph.api.formats.calendar import deadlines_calendar
from tbgraph.api.models import Deadline


def _events(text: str) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(text)
    return [
        {
            "uid": str(event["UID"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "stamp": event.decoded("DTSTAMP"),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "url": str(event["URL"]),
        }
        for event in calendar.walk("VEVENT")
    ]


def test_the_feed_has_one_all_day_event_per_dated_deadline(client: TestClient) -> None:
    response = client.get("/api/deadlines.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    events = _events(response.text)
    dated = [d for d in client.get("/api/deadlines").json() if d["date"]]
    assert len(events) == len(dated) == 36  # of the letter's 39 deadlines, 3 give no date
    assert len({e["uid"] for e in events}) == len(events)
    # TB2023-01 "Frist: 1. mai" (section 2.1.1, letter lines 363-371): an all-day event on 1 May.
    first = next(e for e in events if str(e["summary"]).startswith("TB2023-01: "))
    assert first["summary"] == "TB2023-01: Vurdering av grunnlag for plikt til bruk"
    assert (first["start"], first["end"]) == (dt.date(2023, 5, 1), dt.date(2023, 5, 2))
    assert type(first["start"]) is dt.date  # a day, not a moment: no time zone to get wrong
    assert first["url"] == "http://testserver/id/assignment/ehelse/TB2023-01"
    assert "assignment, final deadline" in str(first["description"])
    stamp = first["stamp"]
    assert isinstance(stamp, dt.datetime) and stamp.utcoffset() == dt.timedelta(0)
    assert {e["start"] for e in events} == {dt.date.fromisoformat(d["date"]) for d in dated}


def test_the_feed_keeps_rfc_5545_line_rules(client: TestClient) -> None:
    body = client.get("/api/deadlines.ics").content
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character


def test_text_is_escaped_and_folded_so_that_it_reads_back_the_same() -> None:
    what = (
        'Rapport; med komma, semikolon, omvendt skråstrek \\ og "anførsel" — en tittel lang nok til å '
        "brettes over flere linjer: æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ"
    )
    deadline = Deadline(
        date=dt.date(2023, 12, 31),
        id="TB2023-99",
        what=what,
        kind="preliminary",
        obligation="part of assignment",
        item="https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-99",
    )
    undated = deadline.model_copy(update={"date": None, "id": "TB2023-98"})
    text = deadlines_calendar([deadline, undated], "https://data.example/tb/", "v1")
    unfolded = text.replace("\r\n ", "")
    assert "semikolon\\, omvendt skråstrek \\\\ og" in unfolded and "Rapport\\; med" in unfolded
    [event] = _events(text)  # the undated deadline has no event
    assert event["summary"] == f"TB2023-99: {what}"
    assert event["description"] == "part of assignment, preliminary deadline. Data version v1."
    assert event["url"] == "https://data.example/tb/id/assignment/ehelse/TB2023-99"
    assert (event["start"], event["end"]) == (dt.date(2023, 12, 31), dt.date(2024, 1, 1))
    # the same deadline keeps its UID in the next feed, so a subscribed calendar updates it
    assert _events(deadlines_calendar([deadline], "https://other.example/", "v2"))[0]["uid"] == event["uid"]
