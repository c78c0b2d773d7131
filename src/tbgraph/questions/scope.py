"""Which letters a question is asked of: the named graphs a scoped query reads.

With one letter loaded every question is about that letter. With twenty years of letters for fifty
agencies, "which assignments involve NHN?" almost always means "in this year's letter to e-helse",
and asking the whole store answers a different question, and far more slowly (docs/decisions/0013).
A scope is a set of letter graphs plus the shared graphs every letter refers to (ontology and
reference data); queries then run with exactly those graphs as their default graph, so the
engine never looks at the other letters' quads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tbgraph.dataset.loader import LETTER_GRAPH_PREFIX, ONTOLOGY_GRAPH, REFERENCE_GRAPH
from tbgraph.store.base import Store

__all__ = ["Scope", "UnknownScopeError", "letter_scope", "letters_in"]

# A letter's graph, or the graph of a supplement to it (tbgraph.dataset.loader.supplement_graph): a question
# about a letter is asked of the letter and its supplements together.
_LETTER_GRAPH = re.compile(r"^(?P<recipient>[a-z0-9-]+)/(?P<year>\d{4})(?:/supplement/\d+)?$")
#: Graphs every letter's questions need besides the letter itself.
SHARED_GRAPHS = (ONTOLOGY_GRAPH, REFERENCE_GRAPH)


class UnknownScopeError(ValueError):
    """No loaded letter matches the recipient and year asked for; the message lists what is loaded."""


@dataclass(frozen=True)
class Scope:
    """The letters (named graph IRIs) a question is about."""

    letters: tuple[str, ...]

    def graphs(self) -> list[str]:
        """The default graph of a scoped query: the letters and the shared graphs."""
        return [*self.letters, *SHARED_GRAPHS]

    def key(self) -> tuple[str, ...]:
        """A hashable form for answer caches."""
        return self.letters


def letters_in(store: Store) -> list[tuple[str, str, str]]:
    """``(recipient, year, graph)`` of each letter graph in the store, sorted."""
    found = []
    for graph in store.graphs():
        if graph.startswith(LETTER_GRAPH_PREFIX):
            match = _LETTER_GRAPH.match(graph[len(LETTER_GRAPH_PREFIX) :])
            if match:
                found.append((match["recipient"], match["year"], graph))
    return sorted(found)


def letter_scope(store: Store, recipient: str | None = None, year: str | int | None = None) -> Scope | None:
    """The letters to ``recipient`` (an agency key or name) in ``year``; None when neither is given.

    Either may be left out: ``year`` alone scopes to every letter of that budget year, ``recipient``
    alone to every year's letter to that agency.
    """
    if not recipient and not year:
        return None
    year_text = str(year).strip() if year else None
    if year_text is not None and not re.fullmatch(r"\d{4}", year_text):
        raise UnknownScopeError(f"year must be a budget year as YYYY, got {year_text!r}")
    loaded = letters_in(store)
    recipient_key = _recipient_key(store, recipient, loaded) if recipient else None
    chosen = tuple(
        graph
        for key, letter_year, graph in loaded
        if (recipient_key is None or key == recipient_key) and (year_text is None or letter_year == year_text)
    )
    if not chosen:
        asked = " ".join(
            part
            for part in (f"to {recipient_key}" if recipient_key else "", f"for {year_text}" if year_text else "")
            if part
        )
        raise UnknownScopeError(f"no letter {asked} is loaded; loaded: {_listing(loaded, recipient_key)}")
    return Scope(chosen)


def _recipient_key(store: Store, recipient: str, loaded: Sequence[tuple[str, str, str]]) -> str:
    """The graph key of a recipient given by key or by any of its names (as ``--agency`` is)."""
    keys = {key for key, _year, _graph in loaded}
    wanted = recipient.strip().casefold()
    if wanted in keys:
        return wanted
    from tbgraph.questions.resolve import UnknownValueError, resolve

    try:
        return resolve(store, "agency", recipient).key
    except UnknownValueError:
        raise UnknownScopeError(
            f"no letter to {recipient!r} is loaded; recipients loaded: {', '.join(sorted(keys)) or 'none'}"
        ) from None


def _listing(loaded: Sequence[tuple[str, str, str]], recipient_key: str | None, limit: int = 12) -> str:
    """The loaded letters as recipient/year, those of the asked recipient first."""
    names = list(dict.fromkeys(f"{key}/{year}" for key, year, _graph in loaded if recipient_key in (None, key)))
    names = names or list(dict.fromkeys(f"{key}/{year}" for key, year, _graph in loaded))
    if not names:
        return "none"
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more
