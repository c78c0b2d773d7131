"""What the parsers find, before it becomes RDF: plain dataclasses with their source quotes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tbgraph.extract.gazetteer import Entry
from tbgraph.extract.text import Quote

__all__ = [
    "Sourced",
    "BudgetPost",
    "BudgetChapter",
    "Earmark",
    "Authorisation",
    "MainGoal",
    "ListItem",
    "Deadline",
    "Involvement",
    "Reference",
    "Part",
    "Assignment",
    "CycleRow",
    "LetterInfo",
]


@dataclass
class Sourced:
    section: str
    quotes: list[Quote]

    @property
    def line_start(self) -> int:
        return min(q.line_start for q in self.quotes)

    @property
    def line_end(self) -> int:
        return max(q.line_end for q in self.quotes)


@dataclass
class BudgetPost(Sourced):
    chapter: str = ""
    post: str = ""
    name: str = ""
    amount: Decimal = Decimal(0)
    unit: str = "thousand-NOK"
    transferable: bool = False
    may_be_used_under: list[str] = field(default_factory=list)  # post numbers of the same chapter


@dataclass
class BudgetChapter(Sourced):
    chapter: str = ""
    label: str = ""
    total: Decimal | None = None
    unit: str = "thousand-NOK"
    posts: list[BudgetPost] = field(default_factory=list)


@dataclass
class Earmark(Sourced):
    chapter: str = ""
    post: str = ""
    label: str = ""
    amount: Decimal = Decimal(0)
    unit: str = "million-NOK"
    slug: str = ""
    concerns: list[Entry] = field(default_factory=list)


@dataclass
class Authorisation(Sourced):
    exceed: tuple[str, str] = ("", "")  # (chapter, post)
    revenue: tuple[str, str] = ("", "")


@dataclass
class MainGoal(Sourced):
    number: str = ""  # "2", or "1.2" for a sub-goal (delmål)
    label: str = ""
    term: str = "hovedmål"  # the letter's own word: hovedmål, hovudmål, virksomhetsmål, mål, delmål

    @property
    def parent(self) -> str | None:
        return self.number.rsplit(".", 1)[0] if "." in self.number else None


@dataclass
class ListItem(Sourced):
    """A government goal, priority area or steering parameter: a numbered or bulleted line."""

    sequence: int = 0
    label: str = ""
    goal: str | None = None  # main goal number, for steering parameters


@dataclass
class Deadline(Sourced):
    """A deadline as the letter states it; ``meaning`` is date, period, channel, continuous or to-be-agreed."""

    kind: str = "final"
    date: dt.date | None = None
    confidence: float = 1.0
    label: str = ""
    meaning: str = "date"
    period_start: dt.date | None = None  # for a period: its first day (``date`` is its last)
    channel: str | None = None  # for a reporting channel: "årsrapport"
    rule: str = ""


@dataclass
class Involvement(Sourced):
    entry: Entry | None = None
    role: str = "owner"
    confidence: float = 1.0
    rule: str = ""


@dataclass
class Reference(Sourced):
    """A solution, legal source or document the text names; ``basis`` when introduced by "jf."."""

    entry: Entry | None = None
    basis: bool = False


@dataclass
class Part(Sourced):
    number: int = 0
    label: str = ""
    text: str = ""
    deadlines: list[Deadline] = field(default_factory=list)


@dataclass
class Assignment(Sourced):
    """An assignment; ``identifier`` is the letter's own ID (TB2023-07) or, without one, the stable
    ``key`` that says where it stands ("oppdrag-3", "tabell-3-nr-2", "punkt-2.4-3"); ``marking`` is
    how the letter marks it ("Oppdrag 3", "Nr. 2", "2.4, kulepunkt 3")."""

    identifier: str = ""
    key: str = ""
    marking: str = ""
    scheme: str = "tb-id"  # tb-id, other-id, oppdrag-heading, table-row, section-heading, bullet
    title: str = ""
    text: str = ""
    goal: str | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    other_assignments: list[tuple[str, Quote]] = field(default_factory=list)  # IDs like TB2022-09
    title_quotes: list[Quote] = field(default_factory=list)


@dataclass
class CycleRow(Sourced):
    sequence: int = 0
    date: dt.date | None = None
    description: str = ""
    meeting: bool = False


@dataclass
class LetterInfo(Sourced):
    title: str = ""
    year: int = 0
    recipient: Entry | None = None
    recipient_name: str = ""
    issuer: Entry | None = None
    supplement: int | None = None
    based_on: list[Reference] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    copy_to: list[Entry] = field(default_factory=list)
    copy_quotes: list[list[Quote]] = field(default_factory=list)  # beside copy_to, one list each
    meetings: int | None = None
    meetings_source: Sourced | None = None
