"""The letter itself: title, recipient, year, issuing ministry, basis, signatories, copy, meetings."""

from __future__ import annotations

import re

from .gazetteer import KIND_ACTOR, Gazetteer
from .legal import find_citations
from .model import LetterInfo, Reference, Sourced
from .problems import Problem
from .sections import Section, section_at
from .text import SourceDoc

__all__ = ["parse_letter_info"]

_TITLE = re.compile(
    r"^(?P<supp>Tillegg\s*(?:nr\.?\s*(?P<n1>\d+)\s*)?til\s+)?tildelingsbrev(?:\s+nr\.?\s*(?P<n2>\d+))?\b.*?"
    r"(?:\btil\s+(?P<recipient>.+?))?\s+(?:for|i)\s+(?:budsjettåret\s+)?(?P<year>20\d\d)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "én": 1,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "åtte": 8,
    "ni": 9,
    "ti": 10,
    "elleve": 11,
    "tolv": 12,
}
_MEETINGS = re.compile(rf"\b(?P<n>\d+|{'|'.join(_NUMBER_WORDS)})\s+etatsstyringsmøter\b", re.IGNORECASE)


def parse_letter_info(
    doc: SourceDoc,
    sections: list[Section],
    gazetteer: Gazetteer,
    problems: list[Problem],
    fallback_year: int | None = None,
) -> LetterInfo:
    lines = doc.content()
    info = LetterInfo(section="innledning", quotes=[])
    title_line = None
    for line in lines[:15]:
        if re.search(r"tildelingsbrev", line.text, re.IGNORECASE):
            title_line = line
            break
    if title_line is None:
        problems.append(
            Problem(
                1,
                lines[0].number if lines else 1,
                "letter",
                "no title line with 'tildelingsbrev' among the first lines; recipient and year are guessed",
            )
        )
    else:
        info.title = title_line.stripped
        info.quotes = doc.block([title_line]).quotes()
        match = _TITLE.search(info.title)
        if match:
            info.year = int(match["year"])
            if match["supp"] or match["n2"]:
                info.supplement = int(match["n1"] or match["n2"] or 0) or None
            info.recipient_name = (match["recipient"] or "").strip()
        else:
            years = re.findall(r"\b(20\d\d)\b", info.title)
            if years:
                info.year = int(years[-1])
        if re.match(r"^\s*Tillegg\b", info.title, re.IGNORECASE) and info.supplement is None:
            number = re.search(r"\bnr\.?\s*(\d+)", info.title, re.IGNORECASE)
            info.supplement = int(number.group(1)) if number else 1
        actors = [m for m in gazetteer.find(info.title, [KIND_ACTOR])]
        after_til = [m for m in actors if re.search(r"\btil\s+$", info.title[: m.start])]
        pick = after_til or [m for m in actors if m.entry.iri not in gazetteer.ministries]
        if pick:
            info.recipient = pick[0].entry
    if not info.year:
        years = [int(y) for line in lines[:40] for y in re.findall(r"\b(20\d\d)\b", line.text)]
        info.year = fallback_year or (max(set(years), key=years.count) if years else 0)
        problems.append(Problem(1, 1, "letter", f"budget year not in the title; using {info.year or 'none'}"))
    if info.recipient is None:
        problems.append(
            Problem(
                title_line.number if title_line else 1,
                title_line.number if title_line else 1,
                "recipient",
                f"recipient {info.recipient_name or '(unnamed)'!r} is not in the reference data "
                "(data/reference/*.ttl); add it with its aliases",
            )
        )

    # The opening sentence: issuer and basis ("… har på bakgrunn av Prop. 1 S … utarbeidet tildelingsbrev …").
    intro_lines = lines[1:12] if title_line is not None else lines[:12]
    if intro_lines:
        block = doc.block(intro_lines)
        end = block.text.find(". ", 0)
        for match in re.finditer(r"[.!?](?:\s|$)", block.text):
            if not re.search(r"(?:Prop|Innst|St|nr|kap|jf)\.$", block.text[: match.start() + 1]):
                end = match.start() + 1
                break
        sentence = block.text[: end if end > 0 else len(block.text)]
        for mention in gazetteer.find(sentence, [KIND_ACTOR]):
            if mention.entry.iri in gazetteer.ministries:
                info.issuer = mention.entry
                break
        if re.search(r"bakgrunn\s+av|grunnlag\s+av|i\s+henhold\s+til", sentence):
            for mention, _name in find_citations(sentence, gazetteer):
                info.based_on.append(
                    Reference(
                        "innledning",
                        block.quotes(mention.start, mention.end),
                        entry=mention.entry,
                        basis=True,
                    )
                )
        if info.issuer is not None and sentence:
            info.quotes = block.quotes(0, len(sentence))
    if info.issuer is None:
        for line in lines[:60]:
            ministry = next(
                (
                    m
                    for m in gazetteer.find(line.text, [KIND_ACTOR])
                    if m.entry.iri in gazetteer.ministries and m.entry != info.recipient
                ),
                None,
            )
            if ministry is not None:
                info.issuer = ministry.entry
                break
        if info.issuer is None:
            problems.append(
                Problem(1, 1, "issuer", "no ministry named in the letter's opening; tb:issuedBy is left out")
            )

    # Signatories after "Med hilsen": a name line, then a title line in lower case.
    greeting = next(
        (
            k
            for k, ln in enumerate(lines)
            if re.match(r"^\s*Med\s+(?:vennlig\s+)?hilsen", ln.text, re.IGNORECASE)
        ),
        None,
    )
    if greeting is not None:
        k = greeting + 1
        while k < len(lines):
            text = lines[k].stripped
            if re.match(r"^(?:Dokumentet|Vedlegg|Kopi|Kopi til|Adresseliste)\b", text):
                break
            if k + 1 < len(lines) and lines[k + 1].stripped[:1].islower() and text[:1].isupper():
                info.signatories.append(f"{text}, {lines[k + 1].stripped}")
                k += 2
                continue
            info.signatories.append(text)
            k += 1
    copy = next((k for k, ln in enumerate(lines) if re.match(r"^\s*Kopi(?:\s+til)?\s*:?\s*$", ln.text)), None)
    if copy is not None:
        for line in lines[copy + 1 : copy + 12]:
            found = list(gazetteer.find(line.stripped, [KIND_ACTOR]))
            if not found:
                problems.append(
                    Problem(
                        line.number,
                        line.number,
                        "copy-to",
                        f"copy recipient not in the reference data: {line.stripped[:60]!r}",
                    )
                )
            info.copy_to.extend(m.entry for m in found)
    for line in lines:
        match = _MEETINGS.search(line.text)
        if match:
            word = match["n"].lower()
            info.meetings = int(word) if word.isdigit() else _NUMBER_WORDS[word]
            block = doc.block([line])
            section = section_at(sections, line.number)
            info.meetings_source = Sourced(
                section.number if section else "innledning", block.quotes(match.start(), match.end())
            )
            break
    return info
