"""What the supplements changed, as the pages tell it: in the page's language, with the supplement and
its lines one click away.

The facts are the REST answer ``/api/amendments`` (:meth:`~tbgraph.api.services.Answers.amendments`,
every loaded change); this module only reads its fields (kind, day in effect, before, after, lines)
and writes a sentence: «flyttet fra 1. september til 1. november 2023 av Tillegg nr. 3, linje
61–63» / «moved from 1 September to 1 November 2023 by Tillegg nr. 3, lines 61–63».
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from tbgraph.api.services import Answers
from tbgraph.web.days import day_name
from tbgraph.web.i18n import translations

__all__ = ["Change", "changes", "sentence", "amount_text"]

CANONICAL = "https://w3id.org/tbgraph/"
_KINDS = {
    "assignment added": "added",
    "assignment withdrawn": "withdrawn",
    "deadline changed": "moved",
    "budget changed": "budget",
    "fact changed": "fact",
}
_AMOUNT = re.compile(r"^(-?\d+(?:\.\d+)?) (.+?)(?: \(([+-]?\d+(?:\.\d+)?)\))?$")


@dataclass(frozen=True)
class Change:
    """One change a supplement makes (a row of /api/amendments), typed for the pages."""

    kind: str  # added, withdrawn, moved, budget, fact
    supplement: str
    supplement_path: str | None
    change_path: str | None
    effective: dt.date
    first_line: int | None
    last_line: int | None
    id: str | None
    item: str
    before: str | None
    after: str | None
    what: str | None
    section: str | None
    before_amount: float | None = None
    change_amount: float | None = None
    after_amount: float | None = None
    unit: str | None = None

    def in_effect(self, day: dt.date | None) -> bool:
        """Whether the change counts on ``day`` (None: after every loaded change)."""
        return day is None or self.effective <= day

    def budget_item(self) -> tuple[str, str | None] | None:
        """(chapter, post) of a budget change ("kap. 701 post 21" → ("701", "21"))."""
        found = re.fullmatch(r"kap\. (\S+)(?: post (\S+))?", self.item)
        return (found.group(1), found.group(2)) if found and self.kind == "budget" else None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def _change(record: Any) -> Change:
    path = record.iri[len(CANONICAL) :] if record.iri.startswith(CANONICAL) else None
    numbers = [int(n) for n in re.findall(r"\d+", record.lines or "")]
    before_amount = change_amount = after_amount = None
    unit = None
    kind = _KINDS.get(record.kind, "fact")
    if kind == "budget":
        before = _AMOUNT.match(record.before or "")
        after = _AMOUNT.match(record.after or "")
        if before and after:
            before_amount, after_amount = _number(before.group(1)), _number(after.group(1))
            change_amount = _number(after.group(3))
            unit = after.group(2)
    return Change(
        kind=kind,
        supplement=record.supplement,
        supplement_path=path.rsplit("/change/", 1)[0] if path and "/change/" in path else None,
        change_path=path,
        effective=record.effective,
        first_line=numbers[0] if numbers else None,
        last_line=numbers[-1] if numbers else None,
        id=record.id,
        item=record.item,
        before=record.before,
        after=record.after,
        what=record.what,
        section=record.section,
        before_amount=before_amount,
        change_amount=change_amount,
        after_amount=after_amount,
        unit=unit,
    )


def changes(answers: Answers) -> list[Change]:
    """Every change the loaded supplements make, by the day it takes effect (also those after the day a
    page is about: a page tells which count on its day)."""
    return answers.memo.get(("tbgraph.web.history",), lambda: [_change(r) for r in answers.amendments()])


def amount_text(amount: float | None, lang: str, sign: bool = False) -> str:
    """An amount as the page's language groups digits (70 727), with its sign when asked (+5 000)."""
    from babel.numbers import format_decimal

    if amount is None:
        return ""
    text = format_decimal(abs(amount) if sign else amount, locale=lang)
    if sign:
        return ("+" if amount >= 0 else "−") + text
    return text


def _deadline(value: str | None, other: str | None, lang: str) -> str:
    """A moved deadline's day; without its year when the other day is in the same year."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return value or ""
    try:
        same_year = dt.date.fromisoformat(other or "").year == day.year
    except ValueError:
        same_year = False
    return day_name(day, lang, year=not same_year)


def sentence(change: Change, lang: str, base: str, with_id: bool = False) -> Markup:
    """The change in one sentence of ``lang``, the supplement linked to its page and the lines to the
    change's own page (which quotes the supplement at those lines)."""
    t = translations(lang).gettext
    by: Markup | str = escape(change.supplement)
    if change.supplement_path:
        by = Markup('<a href="{}{}">{}</a>').format(base, change.supplement_path, change.supplement)
    if change.first_line is None:
        lines: Markup | str = ""
    else:
        span = str(change.first_line)
        if change.last_line and change.last_line != change.first_line:
            span += f"–{change.last_line}"
        words = t("line %(lines)s") if change.last_line in (None, change.first_line) else t("lines %(lines)s")
        text = words % {"lines": span}
        lines = Markup('<a href="{}{}">{}</a>').format(base, change.change_path, text) if change.change_path else text
    values: dict[str, Any] = {"by": by, "lines": lines, "day": escape(day_name(change.effective, lang))}
    if change.kind == "moved":
        values["before"] = escape(_deadline(change.before, change.after, lang))
        values["after"] = escape(_deadline(change.after, None, lang))
        message = t("moved from %(before)s to %(after)s by %(by)s, %(lines)s")
    elif change.kind == "withdrawn":
        message = t("withdrawn from %(day)s by %(by)s, %(lines)s")
    elif change.kind == "added":
        message = t("added from %(day)s by %(by)s, %(lines)s")
    elif change.kind == "budget" and change.after_amount is not None:
        values["before"] = escape(amount_text(change.before_amount, lang))
        values["after"] = escape(amount_text(change.after_amount, lang))
        values["change"] = escape(amount_text(change.change_amount, lang, sign=True))
        values["unit"] = escape(change.unit or "")
        message = t("changed from %(before)s to %(after)s (%(change)s, %(unit)s) by %(by)s from %(day)s, %(lines)s")
    else:
        values["before"] = escape(change.before or "")
        values["after"] = escape(change.after or "")
        message = t("changed from %(before)s to %(after)s by %(by)s from %(day)s, %(lines)s")
    out = Markup(escape(message) % values)
    if with_id and change.id:
        out = Markup("{} ").format(change.id) + out
    return out
