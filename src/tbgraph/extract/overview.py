"""An overview of the assignments that says where in the letter each is given, read to find the ones the body's
reading kept out.

Letters often close with an overview ("Vedlegg 1 Oversikt over oppdrag og frister 2024": Frist | Oppdrag | Punkt i
brevet) whose rows name each assignment and the section that gives it. The rows are no assignments of their own (the
text gives them), but they are the letter's own word on how many there are: where a row names a section in which no
assignment found so far is about the row's words, the paragraph of that section the row describes (sharing most of its
words) is one the reading of requests kept out as standing work or ordinary reporting ("Departementet ber om at X
rapporterer om … i hvert etatsstyringsmøte"). That paragraph becomes an assignment, titled by the row, and the
assignment that ran over it ends before it. Nothing is added where the row's words fit no paragraph, or two alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tbgraph.extract.requests import gives_its_delivery, masked, paragraphs, sentences
from tbgraph.extract.sections import Section
from tbgraph.extract.tables import read_tables
from tbgraph.extract.text import Line, SourceDoc
from tbgraph.extract.words import content_words

__all__ = ["Pointed", "pointed_paragraphs"]

_POINT = re.compile(r"\b(\d{1,2}(?:\.\d{1,2}){0,3})\b")


@dataclass
class Pointed:
    """A paragraph an overview's row points to: the section, the row's title, the paragraph's lines."""

    section: str
    title: str
    lines: list[Line]


def _stems(text: str) -> set[str]:
    return set(content_words(text))


def _shared(row: set[str], text: set[str]) -> int:
    return len(row & text)


def pointed_paragraphs(
    doc: SourceDoc,
    sections: Sequence[Section],
    heading_lines: set[int],
    stops: Callable[[Line], bool],
    found: Sequence[tuple[int, list[Line]]],
) -> list[Pointed]:
    """The paragraphs the overview's rows point to that no assignment in ``found`` (first line, text lines) is about.

    A row is about an assignment of its section when the assignment's first paragraph shares half of the row's words
    (at least two, or the one word a short row has). Where a section has more rows than assignments found in it, a row
    about none points to the one of the section's paragraphs that shares the most words with it, alone, and at least
    as many; as many rows as the section lacks assignments."""
    rows: dict[str, list[str]] = {}
    for table in read_tables(doc, stops):
        if table.layout.point is None:
            continue
        for row in table.rows:
            where = _POINT.search(" ".join(line.text for line in row.point))
            if where is not None and row.task:
                rows.setdefault(where.group(1), []).append(" ".join(doc.block(row.task).text.split()))
    out: list[Pointed] = []
    for section in sections:
        titles = rows.get(section.number, [])
        inside = [(first, body) for first, body in found if section.line_start <= first <= section.line_end]
        lacking = len(titles) - len(inside)
        if lacking <= 0:
            continue
        own = [_stems(doc.block(paragraphs(body, doc)[0]).text) for _first, body in inside if body]
        body = [
            line for line in doc.content(section.title_end + 1, section.line_end) if line.number not in heading_lines
        ]
        units = paragraphs(body, doc)
        starts = {first for first, _body in inside}
        for title in titles:
            words = _stems(title)
            needed = max(1, min(2, len(words)), (len(words) + 1) // 2)
            if not words or any(_shared(words, stems) >= needed for stems in own):
                continue
            scored = sorted(((_shared(words, _stems(doc.block(p).text)), p) for p in units), key=lambda pair: -pair[0])
            if not scored or scored[0][0] < needed or (len(scored) > 1 and scored[1][0] == scored[0][0]):
                continue
            paragraph = scored[0][1]
            if paragraph[0].number in starts:
                continue  # the first paragraph of an assignment found: that one, under other words
            # to the end of the last sentence about the row ("… i hvert etatsstyringsmøte." and not the standing task
            # after it, "Direktoratet skal følge arbeidet i …")
            block = doc.block(paragraph)
            spans = sentences(block.text)
            about = [k for k, (start, end) in enumerate(spans) if _shared(words, _stems(block.text[start:end]))]
            if about:
                last = about[-1]
                # and the sentences right after it that say when its work is delivered ("Sluttrapport skal leverast
                # etter nærmare avtale med departementet.")
                while last + 1 < len(spans) and gives_its_delivery(block.text[spans[last + 1][0] : spans[last + 1][1]]):
                    last += 1
                lines = masked(paragraph, block.origin, 0, spans[last][1])
            else:
                lines = paragraph
            out.append(Pointed(section.number, title, lines or paragraph))
            starts.add(paragraph[0].number)
            lacking -= 1
            if not lacking:
                break
    return out
