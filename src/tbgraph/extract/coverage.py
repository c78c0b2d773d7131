"""What the letter says besides its parsed parts: dates of reporting channels, organisations named
outside assignments, and the stretches of text that became no fact at all.

``unread_text`` is what keeps ``extract`` honest: every content line that no ``tb:source`` quote
covers, that is neither page furniture nor a heading, the letterhead or the closing, is reported
with its section and lines, so nothing is dropped in silence.
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Graph, Literal

from tbgraph.extract.budget import BUDGET_CAPTION, BUDGET_HEADER
from tbgraph.extract.dates import DATE_RE, parse_date
from tbgraph.extract.gazetteer import KIND_ACTOR, Entry, Gazetteer
from tbgraph.extract.goals import STEERING_INTRO
from tbgraph.extract.markings import STOP_LINE
from tbgraph.extract.model import LetterInfo
from tbgraph.extract.problems import Problem
from tbgraph.extract.sections import Section, section_at
from tbgraph.extract.tables import is_header, spaced
from tbgraph.extract.text import Quote, SourceDoc
from tbgraph.extract.unknown import find_unknown_actors, inside
from tbgraph.model.namespaces import TB

__all__ = ["find_channel_dates", "letter_mentions", "unread_text"]

_STRUCTURE = (BUDGET_HEADER, BUDGET_CAPTION, STEERING_INTRO)
#: A row of a budget table ("23  Trafikktilsyn, drift og vedlikehald …   9 876 500"): names a post, no body.
_BUDGET_ROW = re.compile(r"^\s*(?:\d{3,4}\s+)?\d{2}\s+\S.*?\s\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?\s*$")

#: "Årsrapporten for 2024 skal sendes departementet innen 15. mars 2025", in the same sentence.
_CHANNEL_DATE = re.compile(
    rf"\b(?P<channel>Årsrapport(?:en)?|Årsmelding(?:a|en)?)\b[^.]{{0,120}}?\b(?:innen|innan|senest|seinast)\s+"
    rf"(?:den\s+)?(?P<date>{DATE_RE.pattern})",
    re.IGNORECASE,
)


def find_channel_dates(doc: SourceDoc, sections: list[Section], year: int) -> dict[str, tuple[dt.date, list[Quote]]]:
    """The date the letter gives for each reporting channel ("årsrapport" → 15 March next year)."""
    lines = doc.content()
    block = doc.block(lines)
    found: dict[str, tuple[dt.date, list[Quote]]] = {}
    for match in _CHANNEL_DATE.finditer(block.text):
        date_match = DATE_RE.match(block.text, match.start("date"))
        date = parse_date(date_match, year + 1) if date_match else None
        if date is None:
            continue
        channel = "årsmelding" if match["channel"].lower().startswith("årsmelding") else "årsrapport"
        found.setdefault(channel, (date, block.quotes(match.start(), match.end())))
    return found


def _closing_start(doc: SourceDoc) -> int:
    for line in doc.content():
        if re.match(r"^\s*(?:Med\s+(?:vennlig\s+|venleg\s+)?(?:hilsen|helsing)|Vennlig\s+hilsen)", line.text, re.I):
            return line.number
    return len(doc.lines) + 1


def letter_mentions(
    doc: SourceDoc, sections: list[Section], gazetteer: Gazetteer, skip: set[int], info: LetterInfo
) -> list[tuple[Entry, list[Quote], str]]:
    """Organisations the letter names outside its assignments, its address block and its closing."""
    closing = _closing_start(doc)
    first_body = min((s.line_start for s in sections), default=1)
    title_end = max((q.line_end for q in info.quotes[:1]), default=0)
    lines = [
        ln
        for ln in doc.content()
        if ln.number not in skip
        and ln.number < closing
        and ln.number > title_end
        or ln.number >= first_body
        and ln.number not in skip
        and ln.number < closing
    ]
    out: dict[str, tuple[Entry, list[Quote], str]] = {}
    paragraph: list = []  # type: ignore[type-arg]

    def flush() -> None:
        if not paragraph:
            return
        block = doc.block(paragraph)
        mentions = list(gazetteer.find(block.text, [KIND_ACTOR]))
        unknown = find_unknown_actors(block.text, gazetteer, [(m.start, m.end) for m in mentions], strict=True)
        mentions = [m for m in mentions if not inside(m.start, m.end, unknown)] + unknown
        for mention in mentions:
            if TB.SectorGroup in mention.entry.types:
                continue  # "sektoren", "kommunene": groups, not organisations
            quotes = block.quotes(mention.start, mention.end)
            if not quotes:
                continue
            section = section_at(sections, quotes[0].line_start)
            key = str(mention.entry.iri)
            if key in out:
                out[key][1].extend(q for q in quotes if q not in out[key][1])
            else:
                out[key] = (mention.entry, quotes, section.number if section else "innledning")
        paragraph.clear()

    previous = 0
    # a blank line ends the paragraph; where the text layer puts one after nearly every line, two do
    gap = 2 if spaced(doc) else 1
    for line in lines:
        if previous and sum(not doc.line(n).strip() for n in range(previous + 1, line.number)) >= gap:
            flush()
        if (
            STOP_LINE.match(line.text)
            or re.match(r"^\s*(?:Kap\.?\s+Post|Post\s+\w+|Sum\s+kap)", line.text, re.I)
            or _BUDGET_ROW.match(line.text)
        ):
            flush()
            previous = line.number
            continue
        paragraph.append(line)
        previous = line.number
    flush()
    return list(out.values())


def unread_text(doc: SourceDoc, sections: list[Section], graph: Graph) -> list[Problem]:
    """Runs of content lines that no quote covers: the parts of the letter that became no fact."""
    covered: set[int] = set()
    for location in graph.objects(None, TB.source):
        start, end = graph.value(location, TB.lineStart), graph.value(location, TB.lineEnd)
        if isinstance(start, Literal) and isinstance(end, Literal):
            covered.update(range(int(start), int(end) + 1))
    covered |= {n for s in sections for n in range(s.line_start, s.title_end + 1)}
    # Column headers, captions and list intros structure the facts around them; they are no text.
    covered |= {ln.number for ln in doc.content() if is_header(ln.text) or any(p.match(ln.text) for p in _STRUCTURE)}
    runs: list[list[int]] = []
    for line in doc.content():
        if line.number in covered:
            continue
        if runs and all(n in doc.markers or not doc.line(n).strip() for n in range(runs[-1][-1] + 1, line.number)):
            runs[-1].append(line.number)
        else:
            runs.append([line.number])
    out = []
    for run in runs:
        section = section_at(sections, run[0])
        where = f"section {section.number} {section.title[:40]!r}" if section else "before the first section"
        first_words = " ".join(doc.line(run[0]).split())[:60]
        out.append(
            Problem(
                run[0], run[-1], "unread", f"{where}: became no fact: {first_words!r}{' …' if len(run) > 1 else ''}"
            )
        )
    return out
