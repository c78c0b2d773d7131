"""Turn what a person types (``nhn``, ``Norsk helsenett SF``, ``tb2023-15``) into the resource meant.

People name actors by key, official name, short name or an inflected form; assignments by ID with
a hyphen or an en dash. Resolution accepts all of these, and when nothing matches it fails with the
closest candidates instead of silently returning nothing — an unknown agency is a usage error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib.term import Literal, URIRef

from tbgraph.sparql import load_query
from tbgraph.store.base import SelectResult, Store

__all__ = ["Candidate", "UnknownValueError", "resolve", "candidates", "KINDS"]

#: Parameter kind → the internal lookup query listing its candidates.
KINDS = {
    "agency": "lookup-agencies",
    "solution": "lookup-solutions",
    "assignment": "lookup-assignments",
    "role": "lookup-roles",
}

#: Kinds with many candidates → a query for those whose key is ``?wanted`` as the letters write
#: keys (:func:`_as_written`), read first.
KEY_MATCHES = {"assignment": "match-assignments"}


@dataclass(frozen=True)
class Candidate:
    iri: URIRef
    key: str
    name: str
    names: frozenset[str]


class UnknownValueError(LookupError):
    """A parameter names nothing in the data; carries the closest candidates for the message."""

    def __init__(self, kind: str, value: str, near: list[Candidate]) -> None:
        self.kind = kind
        self.value = value
        self.near = near
        hint = (
            "; did you mean " + ", ".join(f"{c.key} ({c.name})" if c.name != c.key else c.key for c in near) + "?"
            if near
            else ""
        )
        super().__init__(f"unknown {kind} {value!r}{hint}")


def _fold(text: str) -> str:
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _as_written(text: str) -> str:
    """An ID as the letters write it: upper case, hyphens, single spaces (``tb2023–15`` → ``TB2023-15``)."""
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip().upper()


def candidates(store: Store, kind: str, graphs: Sequence[str] | None = None) -> list[Candidate]:
    """All resources of a kind with every name they go by (in ``graphs`` only, when given).

    Sorted by key, then IRI: an assignment ID names one assignment per letter, and without a scope
    the same one is picked every time (the one with the lowest IRI).
    """
    return _grouped(store.query(load_query(KINDS[kind]), default_graphs=graphs))


def _grouped(result: object) -> list[Candidate]:
    assert isinstance(result, SelectResult)
    grouped: dict[URIRef, tuple[str, set[str], str]] = {}
    for row in result.rows:
        iri = URIRef(str(row["iri"]))
        key, names, display = grouped.get(iri, (str(row["key"]), set(), ""))
        if row.get("name") is not None:
            names.add(str(row["name"]))
        if row.get("label") is not None:
            display = str(row["label"])
        grouped[iri] = (key, names, display)
    return sorted(
        (Candidate(iri, key, display or key, frozenset(names)) for iri, (key, names, display) in grouped.items()),
        key=lambda c: (c.key, str(c.iri)),
    )


def resolve(store: Store, kind: str, value: str, graphs: Sequence[str] | None = None) -> Candidate:
    """The one resource ``value`` names, by key or any of its names, case and dash insensitive.

    With ``graphs`` (a scope's) only resources described there count: an assignment ID names one
    assignment per recipient and year, and a scope says which one is meant.
    """
    wanted = _fold(value)
    if kind in KEY_MATCHES:
        # Most are asked for by key: read only those, and list every candidate (for a name or for
        # the suggestions of an error) only when none has it.
        exact = {"wanted": Literal(_as_written(value))}
        matches = _grouped(store.query(load_query(KEY_MATCHES[kind]), bindings=exact, default_graphs=graphs))
        for option in matches:
            if _fold(option.key) == wanted:
                return option
    options = candidates(store, kind, graphs)
    for option in options:
        if _fold(option.key) == wanted:
            return option
    by_name = [o for o in options if any(_fold(n) == wanted for n in o.names)]
    if len(by_name) == 1:
        return by_name[0]
    raise UnknownValueError(kind, value, by_name or near_matches(options, value))


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def near_matches(options: list[Candidate], value: str, limit: int = 5) -> list[Candidate]:
    """The closest candidates by key or name: first those containing the text, then fuzzy ones."""
    wanted = _fold(value)
    contains = [o for o in options if wanted and (wanted in _fold(o.key) or any(wanted in _fold(n) for n in o.names))]
    index: dict[str, Candidate] = {}
    for option in options:
        index.setdefault(_fold(option.key), option)
        for name in option.names:
            index.setdefault(_fold(name), option)
    close = difflib.get_close_matches(wanted, list(index), n=limit * 2, cutoff=0.5)
    # Equally close names (nhm: nhn and nsm) go by how much of the beginning they share: people
    # mistype the end of a short form more often than its start; then in alphabetical order (difflib
    # leaves ties in reverse order: nho before nhn).
    close.sort(
        key=lambda m: (-round(difflib.SequenceMatcher(None, wanted, m).ratio(), 6), -_shared_start(wanted, m), m)
    )
    fuzzy = [index[m] for m in close]
    seen: list[Candidate] = []
    for option in contains + fuzzy:
        if option not in seen:
            seen.append(option)
    return seen[:limit]
