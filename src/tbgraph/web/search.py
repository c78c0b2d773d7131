"""The site-wide search: assignments (ID, titles), actors (key, names, short forms), solutions, laws,
main goals; exact hits first, then names containing the words, then near spellings.

An ID as users type it (``tb2023-15``, ``TB2023–15``) finds the assignment; a result knows the page
it goes to.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from tbgraph.api.services import Answers
from tbgraph.questions.resolve import Candidate

__all__ = ["Hit", "SearchIndex", "build_index", "fold"]

CANONICAL = "https://w3id.org/tbgraph/"


def fold(text: str) -> str:
    """Case, dashes and spaces as a search compares them."""
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class Entry:
    kind: str  # assignment, actor, solution, law, goal
    key: str
    label: str
    label_en: str | None
    path: str  # under the site base, e.g. id/org/nhn
    names: frozenset[str]


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    matched: str


class SearchIndex:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._folded = [(entry, {fold(n) for n in entry.names | {entry.key, entry.label}}) for entry in entries]

    def search(self, query: str, limit: int = 30) -> list[Hit]:
        wanted = fold(query)
        if not wanted:
            return []
        words = wanted.split()
        hits: dict[Entry, Hit] = {}

        def add(entry: Entry, score: float, matched: str) -> None:
            if entry not in hits or hits[entry].score < score:
                hits[entry] = Hit(entry, score, matched)

        for entry, names in self._folded:
            for name in names:
                if name == wanted:
                    add(entry, 100, name)
                elif name.startswith(wanted):
                    add(entry, 80, name)
                elif all(word in name for word in words):
                    add(entry, 60 if re.search(r"\b" + re.escape(words[0]), name) else 50, name)
        if len(hits) < limit:
            vocabulary = {name: entry for entry, names in self._folded for name in names}
            for near in difflib.get_close_matches(wanted, list(vocabulary), n=limit, cutoff=0.72):
                score = 40 * difflib.SequenceMatcher(None, wanted, near).ratio()
                add(vocabulary[near], score, near)
            for entry, names in self._folded:  # a word of the query close to a word of a name
                for name in names:
                    for word in words:
                        if len(word) >= 5 and difflib.get_close_matches(word, name.split(), n=1, cutoff=0.8):
                            add(entry, 30, name)
        order = {"actor": 0, "assignment": 1, "solution": 2, "law": 3, "goal": 4}
        ranked = sorted(hits.values(), key=lambda h: (-h.score, order.get(h.entry.kind, 9), h.entry.label))
        return ranked[:limit]

    def only_match(self, query: str) -> Hit | None:
        """The one result a search clearly means: the only exact hit (an ID, a key, a full name), or the only
        name containing the words when all else is a near spelling."""
        hits = self.search(query)
        exact = [h for h in hits if h.score >= 100]
        if exact:
            return exact[0] if len(exact) == 1 else None
        # one clear winner: the only result naming every word, the rest only near spellings
        good = [h for h in hits if h.score >= 50]
        return good[0] if len(good) == 1 and all(h.score < 40 for h in hits[1:]) else None


def _path(iri: str) -> str:
    return iri[len(CANONICAL) :] if iri.startswith(CANONICAL) else iri


def _entries(kind: str, found: list[Candidate], english: dict[str, str]) -> list[Entry]:
    return [Entry(kind, c.key, c.name, english.get(c.key), _path(str(c.iri)), frozenset(c.names)) for c in found]


def build_index(answers: Answers) -> SearchIndex:
    entries: list[Entry] = []
    for a in answers.assignments():
        names = {a.id} | {t for t in (a.title.nb, a.title.en) if t}
        entries.append(Entry("assignment", a.id, a.title.nb or a.id, a.title.en, _path(a.iri), frozenset(names)))
    actors_en = {a.key: a.name_en for a in answers.agencies() if a.name_en}
    # Answers keeps the resolvers' candidates (every name each goes by); read them through it
    entries += _entries("actor", answers._candidates("agency"), actors_en)  # noqa: SLF001
    entries += _entries("solution", answers._candidates("solution"), {})  # noqa: SLF001
    entries += _entries("law", answers._candidates("law"), {})  # noqa: SLF001
    for g in answers.goals():
        names = {t for t in (g.title.nb, g.title.en) if t}
        entries.append(Entry("goal", g.notation, g.title.nb or g.notation, g.title.en, _path(g.iri), frozenset(names)))
    return SearchIndex(entries)
