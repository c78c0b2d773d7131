"""Hold an extraction against a truth written by hand: precision and recall per kind of fact.

A truth file (``LETTER.truth.yaml`` beside the letter) lists what a careful reader finds in the
letter: issuer, recipient, year, the assignments (by the letter's marking, or by title or first
words when there is none), each assignment's deadlines with their meaning (a date and its kind, a
period, a reporting channel, continuous), the budget figures, and the organisations named. It is
written from the letter, before the extractor is run on it, and never from the extractor's output.

Facts are compared in a normalised form:

* assignments: matched one to one, on the marking ("Oppdrag 3", table row "3", "TB2024-03") or on
  the title or the first words of the text;
* deadlines: (matched assignment, meaning, value): ``date`` with its kind and date, ``period`` with
  its first and last day, ``channel`` with the channel's name, ``continuous``, ``to-be-agreed``;
* budget figures: (chapter, post or "sum", amount in kroner);
* actors: one per organisation, matched when any of its names (label, aliases) is one of the
  truth's names or aliases, case- and dash-insensitively. The government ("Regjeringen") is not
  counted: it is named as the principal of policy, never as a party to the letter (docs/extraction.md,
  "Actors: the government"); it stays in the extraction's graph.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tbgraph.extract.amounts import UNIT_MULTIPLIER
from tbgraph.extract.compare import normalise_text
from tbgraph.extract.core import Extraction
from tbgraph.extract.gazetteer import Entry, Gazetteer
from tbgraph.model.namespaces import TB

__all__ = [
    "Truth",
    "TruthScore",
    "KindFigures",
    "load_truth",
    "score",
    "truth_path_for",
    "markdown_table",
    "marking_key",
    "KINDS",
    "GOAL_KINDS",
]

KINDS = ("assignments", "deadlines", "budget figures", "actors")
#: Kinds scored and shown beside them, outside the held-out aim and the exit status: the goals (matched one to one on
#: their labels) and the steering parameters (the truths count them, so only their number is compared).
GOAL_KINDS = ("goals", "steering parameters")
#: Actors the letters name that are not counted as the letter's actors: the government, named in every letter
#: only as the principal of policy ("Regjeringen har besluttet …", "regjeringens mål"), never as a party to it.
NOT_COUNTED_ACTORS = frozenset({"regjeringen"})


@dataclass
class KindFigures:
    kind: str
    truth: int
    extracted: int
    matched_truth: int
    matched_extracted: int
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.matched_extracted / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.matched_truth / self.truth if self.truth else None


@dataclass
class TruthScore:
    letter: str
    kinds: dict[str, KindFigures]
    letter_facts: dict[str, tuple[Any, Any]]  # name -> (truth, extracted)

    def __getitem__(self, kind: str) -> KindFigures:
        return self.kinds[kind]


@dataclass
class Truth:
    path: Path
    data: dict[str, Any]


def truth_path_for(letter: Path) -> Path:
    return letter.with_name(letter.stem + ".truth.yaml")


def load_truth(path: Path) -> Truth:
    """Read a truth file; ``ValueError`` names the file and what is wrong with it."""
    import yaml  # type: ignore[import-untyped]

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: not a readable truth file ({error})") from None
    if not isinstance(data, dict) or "assignments" not in data or "letter" not in data:
        raise ValueError(f"{path}: a truth file needs 'letter' and 'assignments'")
    return Truth(path, data)


def _norm(text: str) -> str:
    return normalise_text(re.sub(r"^\s*(?:[-–•▪●]\s*)", "", text))


def marking_key(text: str) -> str:
    """A marking as compared: "Oppdrag 2024-1", "Nr. 2024-1" and "2024-1" are one marking (a letter's
    "Oppdrag N:" heading keeps the word in its notation, an ID its code alone)."""
    text = normalise_text(str(text))
    text = re.sub(r"\bnr\.?\s*", "", text)
    text = re.sub(r"^(?:oppdrag|oppdraget)\s+(?=\S*\d)", "", text)
    return " ".join(re.findall(r"[\wæøå-]+", text))


def _title_matches(extracted: str, written: str) -> bool:
    """The extracted title begins with the truth's; or, shortened to its first words ("Bistå Kommunal- og
    distriktsdepartementet i evalueringen av tvisteløsningsordningen i …"), the truth's begins with those."""
    if _norm(extracted).startswith(_norm(written)):
        return True
    shortened = extracted.rstrip()
    if not shortened.endswith("…"):
        return False
    head = _norm(shortened[:-1])
    return len(head) >= 40 and _norm(written).startswith(head)


def _matches(item: dict[str, Any], assignment: Any) -> bool:
    ident = item.get("id")
    if ident:
        wanted = marking_key(str(ident))
        if wanted in {marking_key(assignment.marking), marking_key(assignment.identifier)}:
            return True
        if len(str(ident).split()) < 2 or (re.search(r"\d", str(ident)) and len(str(ident).split()) <= 3):
            return False  # a marking ("Oppdrag 3", "Nr. 2", "TB2024-01"), another assignment's
        # a letter that marks none: the truth names the assignment by its title ("Tomter til studentboliger")
        if _title_matches(assignment.title, str(ident)):
            return True
    title, starts = item.get("title"), item.get("text_starts")
    if title and _title_matches(assignment.title, str(title)):
        return True
    return bool(starts) and _norm(assignment.text).startswith(_norm(str(starts)))


def _truth_deadline(d: dict[str, Any]) -> tuple[str, ...]:
    meaning = d["meaning"]
    if meaning == "date":
        return ("date", d.get("kind", "final"), str(d["date"]))
    if meaning == "period":
        return ("period", str(d["start"]), str(d["end"]))
    if meaning == "channel":
        return ("channel", str(d["channel"]))
    return (meaning,)


def _extracted_deadline(d: Any) -> tuple[str, ...]:
    if d.meaning == "date":
        return ("date", d.kind, d.date.isoformat() if d.date else "")
    if d.meaning == "period":
        start = d.period_start.isoformat() if isinstance(d.period_start, dt.date) else ""
        return ("period", start, d.date.isoformat() if d.date else "")
    if d.meaning == "channel":
        return ("channel", d.channel or "")
    return (d.meaning,)


def _figures(kind: str, truth: list[Any], extracted: list[Any], matched_t: int, matched_e: int) -> KindFigures:
    return KindFigures(kind, len(truth), len(extracted), matched_t, matched_e)


def _names(entry: Entry, gazetteer: Gazetteer) -> set[str]:
    names = {_norm(entry.label)}
    if entry.known:
        names |= {_norm(form) for form, other in gazetteer.forms.items() if other.iri == entry.iri}
    return names


def score(extraction: Extraction, truth: Truth, gazetteer: Gazetteer) -> TruthScore:
    """Precision and recall of ``extraction`` against ``truth`` for each kind in :data:`KINDS`."""
    data = truth.data
    kinds: dict[str, KindFigures] = {}

    # Assignments, matched one to one.
    pairs: list[tuple[int, int]] = []
    taken: set[int] = set()
    for t_index, item in enumerate(data["assignments"]):
        for e_index, assignment in enumerate(extraction.assignments):
            if e_index not in taken and _matches(item, assignment):
                pairs.append((t_index, e_index))
                taken.add(e_index)
                break
    figures = _figures("assignments", data["assignments"], extraction.assignments, len(pairs), len(pairs))
    matched_t = {t for t, _ in pairs}
    figures.missed = [
        str(item.get("id") or item.get("title") or item.get("text_starts"))
        for k, item in enumerate(data["assignments"])
        if k not in matched_t
    ]
    figures.extra = [a.identifier for k, a in enumerate(extraction.assignments) if k not in taken]
    kinds["assignments"] = figures

    # Deadlines, per matched assignment; those of unmatched extracted assignments count as extra.
    truth_facts: set[tuple[Any, ...]] = set()
    for k, item in enumerate(data["assignments"]):
        for d in item.get("deadlines") or []:
            truth_facts.add((k, *_truth_deadline(d)))
    by_extracted = {e: t for t, e in pairs}
    extracted_facts: set[tuple[Any, ...]] = set()
    for e_index, assignment in enumerate(extraction.assignments):
        owner = by_extracted.get(e_index, f"x{e_index}")
        for d in assignment.deadlines + [d for part in assignment.parts for d in part.deadlines]:
            extracted_facts.add((owner, *_extracted_deadline(d)))
    both = truth_facts & extracted_facts
    figures = KindFigures("deadlines", len(truth_facts), len(extracted_facts), len(both), len(both))
    figures.missed = [_fact_text(f, data) for f in sorted(truth_facts - both, key=str)]
    figures.extra = [_fact_text(f, data) for f in sorted(extracted_facts - both, key=str)]
    kinds["deadlines"] = figures

    # Budget figures in kroner.
    unit = UNIT_MULTIPLIER[data.get("unit", "thousand-NOK")]
    truth_budget = {
        (str(b["chapter"]), str(b["post"]), (Decimal(str(b["amount"])) * unit).normalize())
        for b in data.get("budget") or []
    }
    extracted_budget: set[tuple[str, str, Decimal]] = set()
    for chapter in extraction.chapters:
        if chapter.total is not None:
            extracted_budget.add((chapter.chapter, "sum", (chapter.total * UNIT_MULTIPLIER[chapter.unit]).normalize()))
        for post in chapter.posts:
            extracted_budget.add((post.chapter, post.post, (post.amount * UNIT_MULTIPLIER[post.unit]).normalize()))
    both_budget = truth_budget & extracted_budget
    figures = KindFigures(
        "budget figures", len(truth_budget), len(extracted_budget), len(both_budget), len(both_budget)
    )
    figures.missed = [" ".join(map(str, f)) for f in sorted(truth_budget - both_budget)]
    figures.extra = [" ".join(map(str, f)) for f in sorted(extracted_budget - both_budget)]
    kinds["budget figures"] = figures

    # Actors: organisations, each once.
    truth_actors = [{_norm(a["name"]), *(_norm(x) for x in a.get("aliases") or [])} for a in data.get("actors") or []]
    entries: dict[str, Entry] = {}
    for entry in extraction_actors(extraction):
        if TB.SectorGroup in entry.types or entry.key in NOT_COUNTED_ACTORS:
            continue  # groups ("sektoren") are no organisation of their own; the government is no party
        entries.setdefault(str(entry.iri), entry)
    matched_truth: set[int] = set()
    matched_entries = 0
    extra: list[str] = []
    for entry in entries.values():
        names = _names(entry, gazetteer)
        hit = [k for k, wanted in enumerate(truth_actors) if names & wanted]
        if hit:
            matched_entries += 1
            matched_truth.update(hit)
        else:
            extra.append(entry.label)
    figures = KindFigures("actors", len(truth_actors), len(entries), len(matched_truth), matched_entries)
    figures.missed = [a["name"] for k, a in enumerate(data.get("actors") or []) if k not in matched_truth]
    figures.extra = sorted(extra)
    kinds["actors"] = figures

    kinds["goals"] = _goal_figures(data.get("goals") or [], extraction)
    counted = data.get("steering_parameters")
    if isinstance(counted, int):
        found = len(extraction.steering)
        shared = min(counted, found)
        kinds["steering parameters"] = KindFigures("steering parameters", counted, found, shared, shared)

    info = extraction.info
    letter = data["letter"]
    facts = {
        "issuer": (letter.get("issuer"), info.issuer.label if info and info.issuer else None),
        "recipient": (letter.get("recipient"), info.recipient.label if info and info.recipient else None),
        "year": (letter.get("year"), info.year if info else None),
        "supplement": (letter.get("supplement"), info.supplement if info else None),
    }
    return TruthScore(truth.path.name.replace(".truth.yaml", ""), kinds, facts)


def _goal_label(item: Any) -> str:
    if isinstance(item, dict):
        return _norm(str(item.get("label") or ""))
    return _norm(str(item))


def _goal_figures(truth_goals: list[Any], extraction: Extraction) -> KindFigures:
    """Goals matched one to one on their labels: one label starts with the other (a truth may shorten a long one)."""
    taken: set[int] = set()
    missed: list[str] = []
    for item in truth_goals:
        wanted = _goal_label(item)
        hit = next(
            (
                k
                for k, goal in enumerate(extraction.goals)
                if k not in taken
                and wanted
                and (_norm(goal.label).startswith(wanted[:40]) or wanted.startswith(_norm(goal.label)[:40]))
                and len(_norm(goal.label)) >= 3
            ),
            None,
        )
        if hit is None:
            missed.append(wanted)
        else:
            taken.add(hit)
    figures = KindFigures("goals", len(truth_goals), len(extraction.goals), len(taken), len(taken))
    figures.missed = missed
    figures.extra = [g.label for k, g in enumerate(extraction.goals) if k not in taken]
    return figures


def extraction_actors(extraction: Extraction) -> list[Entry]:
    """Every organisation the extraction names: issuer, recipient, copy list, assignments, the rest."""
    info = extraction.info
    found: list[Entry] = []
    if info is not None:
        found += [e for e in (info.issuer, info.recipient) if e is not None] + list(info.copy_to)
    for assignment in extraction.assignments:
        found += [inv.entry for inv in assignment.involvements if inv.entry is not None]
    found += [entry for entry, _quotes, _section in extraction.mentions]
    return found


def _fact_text(fact: tuple[Any, ...], data: dict[str, Any]) -> str:
    owner = fact[0]
    if isinstance(owner, int):
        item = data["assignments"][owner]
        owner = item.get("id") or (item.get("title") or item.get("text_starts") or "")[:30]
    return f"{owner}: {' '.join(map(str, fact[1:]))}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def markdown_table(scores: list[TruthScore]) -> str:
    """Precision and recall per letter and kind, as a Markdown table (docs/extraction.md)."""
    head = "| letter | kind | truth | extracted | matched | precision | recall |\n|---|---|---:|---:|---:|---:|---:|"
    rows = []
    for result in scores:
        for kind in KINDS + GOAL_KINDS:
            if kind not in result.kinds:
                continue
            f = result.kinds[kind]
            rows.append(
                f"| {result.letter} | {kind} | {f.truth} | {f.extracted} | {f.matched_truth} | "
                f"{_pct(f.precision)} | {_pct(f.recall)} |"
            )
    return head + "\n" + "\n".join(rows)
