"""What the parsers find, before it becomes RDF: plain dataclasses with their source quotes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .gazetteer import Entry
from .text import Quote

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
    number: str = ""
    label: str = ""


@dataclass
class ListItem(Sourced):
    """A government goal, priority area or steering parameter: a numbered or bulleted line."""

    sequence: int = 0
    label: str = ""
    goal: str | None = None  # main goal number, for steering parameters


@dataclass
class Deadline(Sourced):
    kind: str = "final"
    date: dt.date | None = None
    confidence: float = 1.0
    label: str = ""


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
    identifier: str = ""
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
    meetings: int | None = None
    meetings_source: Sourced | None = None
