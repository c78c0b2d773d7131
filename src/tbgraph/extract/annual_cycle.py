"""The annual cycle ("Årshjul"): rows of a date and what is due, "13. januar Regnskapsrapportering …".

Rows start with a date ("1.mars" without a space too); a description wrapped over lines continues
on lines that start in lower case. Dates fall in the budget year.
"""

from __future__ import annotations

import re

from tbgraph.extract.dates import DATE_RE, parse_date
from tbgraph.extract.model import CycleRow
from tbgraph.extract.problems import Problem
from tbgraph.extract.sections import Section
from tbgraph.extract.text import SourceDoc

__all__ = ["parse_annual_cycle"]

_TITLE = re.compile(r"årshjul|styringskalender", re.IGNORECASE)
_HEADER = re.compile(r"^\s*(?:Frist|Dato)\s+(?:Beskrivelse|Hva|Leveranse|Aktivitet)\b", re.IGNORECASE)
_ROW = re.compile(rf"^\s*(?P<date>{DATE_RE.pattern})\s*(?P<text>\S.*)?$", re.IGNORECASE)
_MEETING = re.compile(r"^\s*Etatsstyringsmøte", re.IGNORECASE)


def parse_annual_cycle(doc: SourceDoc, sections: list[Section], year: int, problems: list[Problem]) -> list[CycleRow]:
    rows: list[CycleRow] = []
    lines = doc.content()
    headings = {s.line_start for s in sections}
    for section in sections:
        if not _TITLE.search(section.title):
            continue
        body = [ln for ln in lines if section.title_end < ln.number <= section.line_end]
        start = next((k + 1 for k, ln in enumerate(body) if _HEADER.match(ln.text)), None)
        if start is None:
            start = next((k for k, ln in enumerate(body) if _ROW.match(ln.text)), len(body))
        current: list = []  # type: ignore[type-arg]
        groups = []
        rows_after = {k for k, ln in enumerate(body) if _ROW.match(ln.text)}
        for k in range(start, len(body)):
            line = body[k]
            if line.number in headings:
                break
            if _ROW.match(line.text):
                current = [line]
                groups.append(current)
            elif current and (
                line.stripped[:1].islower()
                or (
                    len(current) == 1
                    and len(line.stripped.split()) <= 5
                    and not current[-1].stripped.endswith((".", ":"))
                )
            ):
                current.append(line)  # a wrapped description ("… som skal tildeles" / "Norsk helsenett SF")
            elif any(r > k for r in rows_after):
                problems.append(
                    Problem(
                        line.number,
                        line.number,
                        "annual-cycle",
                        f"line in the annual cycle that is neither a dated row nor part of one: {line.stripped[:60]!r}",
                    )
                )
                current = []
            elif groups:
                break  # the prose after the table
        for group in groups:
            block = doc.block(group)
            match = _ROW.match(block.text)
            assert match is not None
            date_match = DATE_RE.match(block.text, match.start("date"))
            date = parse_date(date_match, year) if date_match else None
            description = (match["text"] or "").strip()
            if date is None or not description:
                problems.append(
                    Problem(
                        group[0].number,
                        group[-1].number,
                        "annual-cycle",
                        f"annual-cycle row without a valid date or text: {block.text[:60]!r}",
                    )
                )
                continue
            rows.append(
                CycleRow(
                    section=section.number,
                    quotes=block.quotes(),
                    sequence=len(rows) + 1,
                    date=date,
                    description=description,
                    meeting=bool(_MEETING.match(description)),
                )
            )
        if not groups:
            problems.append(
                Problem(
                    section.line_start,
                    section.line_end,
                    "annual-cycle",
                    f"section {section.number} looks like an annual cycle but has no dated rows",
                )
            )
    return rows
