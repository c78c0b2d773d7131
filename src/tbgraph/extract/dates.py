"""Norwegian dates and deadline phrases: "1. mai", "15.november", "innen 15. oktober", "Løpende".

``find_deadlines`` reads a stretch of clean text and returns every deadline it states, with its
kind (final, preliminary, continuous, to be agreed), the date where there is one, how sure the
rule is, and where in the text the phrase stands. Phrases that look like a deadline but cannot be
read ("Frist: snarest") come back as ``unparsed`` so that they are reported, not lost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["MONTHS", "DATE_RE", "parse_date", "DeadlineMatch", "find_deadlines"]

MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "desember": 12,
    "des": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
#: "1. mai", "15.november", "1. februar 2023", "13. jan.", and numeric "15.11.2023".
DATE_RE = re.compile(
    rf"(?P<day>\d{{1,2}})\.\s*(?:(?P<month>{_MONTH_ALT})\b\.?(?:\s+(?P<year>(?:19|20)\d\d)\b)?"
    rf"|(?P<mnum>\d{{1,2}})\.(?P<nyear>(?:19|20)\d\d)\b)",
    re.IGNORECASE,
)

KIND_FINAL = "final"
KIND_PRELIMINARY = "preliminary"
KIND_CONTINUOUS = "continuous"
KIND_TO_BE_AGREED = "to-be-agreed"


def parse_date(match: re.Match[str], default_year: int) -> dt.date | None:
    """The date a ``DATE_RE`` match names, in ``default_year`` when it gives none; None if invalid."""
    day = int(match["day"])
    if match["month"]:
        month = MONTHS[match["month"].lower()]
        year = int(match["year"]) if match["year"] else default_year
    else:
        month = int(match["mnum"])
        year = int(match["nyear"])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class DeadlineMatch:
    """One deadline phrase: ``text[start:end]`` of the searched text says it."""

    kind: str | None  # None when unparsed
    date: dt.date | None
    start: int
    end: int
    confidence: float
    rule: str

    @property
    def unparsed(self) -> bool:
        return self.kind is None


_D = DATE_RE.pattern
_FRIST = re.compile(r"\bFrist(?:en)?\b\s*:?\s*", re.IGNORECASE)
_AFTER_FRIST = [
    (re.compile(r"(?:er\s+)?løpende\b", re.IGNORECASE), KIND_CONTINUOUS),
    (
        re.compile(r"(?:avklares|fastsettes|avtales|blir\s+avklart|skal\s+avklares)\b", re.IGNORECASE),
        KIND_TO_BE_AGREED,
    ),
    (re.compile(rf"(?:(?:senest\s+|innen\s+)?(?:den\s+)?)({_D})", re.IGNORECASE), KIND_FINAL),
]
_PRELIMINARY = re.compile(
    rf"\bForeløpig(?:e)?\s+(?:leveranse|frist|rapport\w*|svar|versjon|innspill)\s+(?:innen\s+|senest\s+|den\s+)?({_D})",
    re.IGNORECASE,
)
_TO_BE_AGREED = re.compile(
    r"\b(?:Endelig\s+)?frist(?:en)?\s+(?:avklares|fastsettes|avtales|blir\s+avklart|skal\s+avklares)\b",
    re.IGNORECASE,
)
_FINAL_LABELLED = re.compile(
    rf"\bEndelig\s+(?:leveranse|frist)\s*:?\s*(?:innen\s+|senest\s+)?({_D})", re.IGNORECASE
)
_BY = re.compile(rf"\b(?:innen|senest)\s+(?:den\s+)?({_D})", re.IGNORECASE)
_CONTINUOUS = re.compile(r"\bLøpende\s*$", re.IGNORECASE)
#: Words before a date that make it a reference, not a deadline ("anbefalingen av 13. desember").
_NOT_A_DEADLINE_BEFORE = re.compile(
    r"(?:\bav|\bfra|\bper|\bpr\.|\bdatert|\bmottar|\bmottok|\bleveranse|\bleveransen|\bbrev|\bsiden|\better|\bfør)\s*$",
    re.IGNORECASE,
)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in taken)


def find_deadlines(text: str, year: int) -> list[DeadlineMatch]:
    """Every deadline ``text`` states, in text order; dates without a year fall in ``year``."""
    found: list[DeadlineMatch] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str | None, date: dt.date | None, start: int, end: int, conf: float, rule: str) -> None:
        if _overlaps(taken, start, end):
            return
        taken.append((start, end))
        found.append(DeadlineMatch(kind, date, start, end, conf, rule))

    def dated(match: re.Match[str], group: int, kind: str, conf: float, rule: str) -> None:
        date_match = DATE_RE.match(text, match.start(group))
        date = parse_date(date_match, year) if date_match else None
        if date is None:
            add(None, None, match.start(), match.end(), 0.0, f"{rule}: invalid date")
        else:
            add(kind, date, match.start(), match.end(), conf, rule)

    for match in _PRELIMINARY.finditer(text):
        dated(match, 1, KIND_PRELIMINARY, 0.95, "preliminary")
    for match in _TO_BE_AGREED.finditer(text):
        add(KIND_TO_BE_AGREED, None, match.start(), match.end(), 0.9, "to-be-agreed")
    for match in _FINAL_LABELLED.finditer(text):
        dated(match, 1, KIND_FINAL, 0.95, "final-labelled")
    for match in _FRIST.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        rest = match.end()
        for pattern, kind in _AFTER_FRIST:
            after = pattern.match(text, rest)
            if after is None:
                continue
            if kind == KIND_FINAL:
                date_match = DATE_RE.match(text, after.start(1))
                date = parse_date(date_match, year) if date_match else None
                if date is None:
                    add(None, None, match.start(), after.end(), 0.0, "frist: invalid date")
                else:
                    add(kind, date, match.start(), after.end(), 0.98, "frist")
            else:
                add(kind, None, match.start(), after.end(), 0.98, "frist")
            break
        else:
            # "Frist" followed by something that is no deadline we can read.
            tail = re.match(r"[^.;\n]{0,40}?(?=\s+(?:ID\b|[A-ZÆØÅ][a-zæøå]+\s+skal\b)|[.;\n]|$)", text[rest:])
            stop = rest + (tail.end() if tail else 0)
            if re.search(r"\d|løpende|avklar", text[rest:stop], re.IGNORECASE) or text[
                match.start() : rest
            ].rstrip().endswith(":"):
                add(None, None, match.start(), max(stop, match.end()), 0.0, "frist: unreadable")
    for match in _BY.finditer(text):
        dated(match, 1, KIND_FINAL, 0.85, "innen")
    for match in DATE_RE.finditer(text):
        # A date with the budget year written out, ending a clause, not introduced as a reference:
        # "tilgjengeliggjøre priser på helsedata.no 1. februar 2023".
        if not match["year"] or int(match["year"]) != year or _overlaps(taken, match.start(), match.end()):
            continue
        preceding = text[: match.start()]
        following = text[match.end() :]
        if _NOT_A_DEADLINE_BEFORE.search(preceding) or re.match(r"\s*[–-]\s*\d", following):
            continue
        if not re.match(r"\s*(?:$|[.;]|•|- |–)", following):
            continue
        date = parse_date(match, year)
        if date is not None:
            add(KIND_FINAL, date, match.start(), match.end(), 0.6, "dated-clause")
    for match in re.finditer(rf"\bi\s+løpet\s+av\s+{year}\b", text, re.IGNORECASE):
        # "Det skal i løpet av 2023 være etablert …": by the end of the budget year.
        add(KIND_FINAL, dt.date(year, 12, 31), match.start(), match.end(), 0.5, "i løpet av året")
    for match in _CONTINUOUS.finditer(text):
        add(KIND_CONTINUOUS, None, match.start(), match.end(), 0.7, "continuous")
    found.sort(key=lambda m: m.start)
    return found
