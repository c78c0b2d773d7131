"""Norwegian amounts: "259 036" (space as thousands separator), "73,9 mill. kroner", "12 mill. kroner".

Budget tables state whole thousands of kroner; prose states amounts with a unit. Both come back as
a :class:`decimal.Decimal` in the stated unit plus the unit's key, so nothing is lost to floats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "AMOUNT_RE",
    "NUMBER",
    "SIGNED",
    "parse_number",
    "parse_signed",
    "Amount",
    "find_amounts",
    "UNIT_MULTIPLIER",
    "AmountRun",
    "Reading",
    "amount_run",
    "readings",
    "consistent_readings",
    "comparable",
]

#: A number with optional spaces (also non-breaking and thin) as thousands separators and a decimal comma.
NUMBER = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
#: The same with a sign glued to it, as a net-budgeted post's result is written ("-602 000", "−5 812 400").
SIGNED = rf"[-−–]?(?:{NUMBER})"
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


def parse_signed(text: str) -> Decimal | None:
    """``"-602 000"`` → -602000 (a minus, an en dash or a minus sign glued to the digits); else as parse_number."""
    text = text.strip()
    if text[:1] in "-−–":
        value = parse_number(text[1:])
        return -value if value is not None else None
    return parse_number(text)


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


#: The last words of a table row before its amounts: digit groups, a dash for an empty cell, "kr" before an amount.
_GROUP = re.compile(r"[-−–]?\d+(?:,\d+)?")
_DASHES = {"-", "–", "—"}
_KRONER = {"kr", "kr.", "nok"}
#: Words after which a number is a post or chapter ("kan nyttes under post 30 312,6"), never an amount.
_REFERENCE_WORD = re.compile(r"(?:post|poster|postene|kap\.?|kapittel|kapitlene)", re.IGNORECASE)


@dataclass(frozen=True)
class AmountRun:
    """The amounts that end a table row, as digit groups not yet joined into numbers.

    ``name`` is the text before them; ``starts`` the groups where a number must begin (the first, one after
    "kr" or a dash, one after a run of spaces); ``kroner`` says that "kr" stood before an amount."""

    name: str
    groups: tuple[str, ...]
    starts: frozenset[int]
    kroner: bool


def amount_run(text: str) -> AmountRun | None:
    """The digit groups that end ``text`` ("Driftsutgifter 1 050 000 1 098 750", "… kr 214 736 000"), or None.

    A number right after "post" or "kap." ("kan nyttes under post 30 312,6") is a reference and stays in the
    name, as do the numbers joined to it by "og" or a comma ("postene 21 og 71")."""
    tokens = list(re.finditer(r"\S+", text))
    k = len(tokens)
    while k > 0 and (
        _GROUP.fullmatch(tokens[k - 1].group(0))
        or tokens[k - 1].group(0) in _DASHES
        or tokens[k - 1].group(0).lower() in _KRONER
    ):
        k -= 1
    run = tokens[k:]
    # Numbers that belong to a reference before the amounts: "under post 71", "postene 21 og 71".
    j = k - 1
    while j >= 0 and (tokens[j].group(0).lower() == "og" or re.fullmatch(r"\d{2,4},?", tokens[j].group(0))):
        j -= 1
    if j >= 0 and _REFERENCE_WORD.fullmatch(tokens[j].group(0)) and run and _GROUP.fullmatch(run[0].group(0)):
        run = run[1:]
    if not any(_GROUP.fullmatch(t.group(0)) for t in run):
        return None
    groups: list[str] = []
    starts: set[int] = set()
    kroner = False
    previous_end: int | None = None
    for token in run:
        word = token.group(0)
        gap = text[previous_end : token.start()] if previous_end is not None else ""
        wide = len(gap) >= 2 or "\t" in gap
        previous_end = token.end()
        if word.lower() in _KRONER:
            kroner = True
            starts.add(len(groups))
            continue
        if wide or word in _DASHES or (groups and groups[-1] in _DASHES):
            starts.add(len(groups))
        groups.append(word)
    starts.add(0)
    name_end = run[0].start() if run else len(text)
    return AmountRun(text[:name_end].rstrip(), tuple(groups), frozenset(s for s in starts if s < len(groups)), kroner)


def _number_of(groups: tuple[str, ...]) -> Decimal | None:
    """The number ``groups`` write, or None: a number's first group has one to three digits (no leading zero)
    and may carry a sign, every later group exactly three, and only the last may carry a decimal comma ("1 486,0")."""
    first, rest = groups[0], groups[1:]
    if first[:1] in "-−–":
        value = _number_of((first[1:], *rest))
        return -value if value is not None else None
    if not rest:
        return parse_number(first) if re.fullmatch(r"(?:0|[1-9]\d*)(?:,\d+)?", first) else None
    if not re.fullmatch(r"[1-9]\d{0,2}", first) or not re.fullmatch(r"\d{3}(?:,\d+)?", rest[-1]):
        return None
    if any(not re.fullmatch(r"\d{3}", g) for g in rest[:-1]):
        return None
    return parse_number(" ".join(groups))


def readings(run: AmountRun, columns: int, limit: int = 1000) -> list[tuple[Decimal | None, ...]]:
    """Every way to read ``run``'s groups as ``columns`` numbers (None for a dash), left to right.

    Columns written with one space between them ("1 050 000 1 098 750") are told apart by the rule that a
    number's later groups have exactly three digits; where that leaves several readings all are returned
    (the caller checks them against the sum line)."""
    groups = run.groups
    found: list[tuple[Decimal | None, ...]] = []

    def walk(i: int, acc: tuple[Decimal | None, ...]) -> None:
        if len(found) >= limit:
            return
        if i == len(groups):
            if len(acc) == columns:
                found.append(acc)
            return
        if len(acc) == columns:
            return
        if groups[i] in _DASHES:
            walk(i + 1, (*acc, None))
            return
        for j in range(i + 1, len(groups) + 1):
            if j < len(groups) and j not in run.starts and groups[j] not in _DASHES:
                value = _number_of(groups[i:j])
                if value is not None:
                    walk(j, (*acc, value))
                continue
            value = _number_of(groups[i:j])
            if value is not None:
                walk(j, (*acc, value))
            break  # a number never runs past a forced start

    walk(0, ())
    return found


Reading = tuple[Decimal | None, ...]

#: How far apart a row's amount columns may stand and still be one budget line in two years ("Saldert budsjett
#: 2024" beside "Tildeling 2025"): within a factor of ten. Readings of columns written one space apart that
#: differ only in where one number ends move a three-digit group across, a factor of a thousand.
COMPARABLE_FACTOR = Decimal(10)


def comparable(reading: Reading, factor: Decimal = COMPARABLE_FACTOR) -> bool:
    """Whether the amounts of one row's columns (empty cells and zeros left aside) lie within ``factor`` of
    each other, as one post's amounts in neighbouring budget years do."""
    values = [abs(v) for v in reading if v is not None and v != 0]
    return not values or max(values) <= min(values) * factor


def consistent_readings(
    rows: list[list[Reading]], totals: list[Reading], limit: int = 20000
) -> list[tuple[tuple[Reading, ...], Reading]] | None:
    """The choices of one reading per row and one of the total under which every column's rows add up to the
    total's (an empty cell counts as nothing), at most a few; None when there are too many to search."""
    solutions: list[tuple[tuple[Reading, ...], Reading]] = []
    for total in totals:
        width = len(total)
        target = tuple(v if v is not None else Decimal(0) for v in total)
        states: dict[tuple[Decimal, ...], list[tuple[Reading, ...]]] = {tuple(Decimal(0) for _ in total): [()]}
        for options in rows:
            following: dict[tuple[Decimal, ...], list[tuple[Reading, ...]]] = {}
            for state, paths in states.items():
                for option in options:
                    if len(option) != width:
                        continue
                    added = tuple(
                        s + (v if v is not None else Decimal(0)) if total[c] is not None else Decimal(0)
                        for c, (s, v) in enumerate(zip(state, option, strict=True))
                    )
                    if any(a > t for a, t in zip(added, target, strict=True)):
                        continue
                    kept = following.setdefault(added, [])
                    for path in paths:
                        if len(kept) < 3:
                            kept.append((*path, option))
            if len(following) > limit:
                return None
            states = following
        key = tuple(t if total[c] is not None else Decimal(0) for c, t in enumerate(target))
        for path in states.get(key, []):
            solutions.append((path, total))
    return solutions
