"""Norwegian amounts: "259 036" (space as thousands separator), "73,9 mill. kroner", "12 mill. kroner".

Budget tables state whole thousands of kroner; prose states amounts with a unit. Both come back as
a :class:`decimal.Decimal` in the stated unit plus the unit's key, so nothing is lost to floats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["AMOUNT_RE", "parse_number", "Amount", "find_amounts", "UNIT_MULTIPLIER"]

#: A number with optional spaces (also non-breaking and thin) as thousands separators and a decimal comma.
NUMBER = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
AMOUNT_RE = re.compile(rf"(?<![\d,.])(?:{NUMBER})(?![\d])")

UNIT_MULTIPLIER = {
    "NOK": Decimal(1),
    "thousand-NOK": Decimal(1000),
    "million-NOK": Decimal(1000000),
    "billion-NOK": Decimal(1000000000),
}

_PROSE_AMOUNT = re.compile(
    rf"(?P<number>{NUMBER})\s*(?P<unit>mrd\.?|milliarder|mill\.?|millioner|mnok|tusen|kr\.?|kroner|NOK)"
    r"(?:\s*(?:kroner|kr\.?|NOK)\b)?",
    re.IGNORECASE,
)


def parse_number(text: str) -> Decimal | None:
    """``"259 036"`` → 259036, ``"73,9"`` → 73.9; None when ``text`` is not a number."""
    cleaned = re.sub(r"[ \u00a0\u202f\u2009]", "", text.strip()).replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern above rules this out
        return None


@dataclass(frozen=True)
class Amount:
    value: Decimal
    unit: str  # a key of UNIT_MULTIPLIER
    start: int
    end: int

    @property
    def nok(self) -> Decimal:
        return (self.value * UNIT_MULTIPLIER[self.unit]).normalize()


def _unit(word: str) -> str:
    word = word.lower().rstrip(".")
    if word in {"mrd", "milliarder"}:
        return "billion-NOK"
    if word in {"mill", "millioner", "mnok"}:
        return "million-NOK"
    if word == "tusen":
        return "thousand-NOK"
    return "NOK"


def find_amounts(text: str) -> list[Amount]:
    """Every amount with a unit in ``text``: "73,9 mill. kroner", "20 mill. kroner", "500 000 kroner"."""
    amounts = []
    for match in _PROSE_AMOUNT.finditer(text):
        if match.start() > 0 and (text[match.start() - 1].isdigit() or text[match.start() - 1] == ","):
            continue
        value = parse_number(match["number"])
        if value is None:
            continue
        amounts.append(Amount(value, _unit(match["unit"]), match.start(), match.end()))
    return amounts
