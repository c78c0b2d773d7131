"""Legal sources and parliamentary documents recognised by their citation pattern.

"Prop. 1 S (2022-2023)", "Innst. 11 S (2022–2023)", "Meld. St. 7 (2019–2020)", "Dokument 3:14
(2020-2021)" get the same IRIs as the curated data (``legal/prop-1-s-2022-2023``), whether or not
the reference data has them yet; the gazetteer's entry is used when it has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import URIRef

from tbgraph.extract.gazetteer import KIND_LEGAL, Entry, Gazetteer, Mention
from tbgraph.model.namespaces import ID_BASE

__all__ = ["find_citations", "CITATION_CLASS"]

_SESSION = r"\((?P<y1>\d{4})\s*[-–—]\s*(?P<y2>\d{2,4})\)"
_CITATIONS = [
    ("prop", re.compile(rf"\bProp\.?\s+(?P<n>\d+)\s+(?P<t>LS|S|L)\s*{_SESSION}")),
    ("innst", re.compile(rf"\bInnst\.?\s+(?P<n>\d+)\s+(?P<t>S|L)\s*{_SESSION}")),
    ("meld-st", re.compile(rf"\bMeld\.?\s+St\.?\s+(?P<n>\d+)\s*(?P<t>){_SESSION}")),
    ("dokument", re.compile(rf"\bDokument\s+(?P<n>\d+:\d+)\s*(?P<t>){_SESSION}")),
]
#: The ontology class each pattern's documents belong to (by local name of tb:).
CITATION_CLASS = {
    "prop": "Proposition",
    "innst": "ParliamentaryRecommendation",
    "meld-st": "WhitePaper",
    "dokument": "AuditReport",
}


def find_citations(text: str, gazetteer: Gazetteer) -> Iterator[tuple[Mention, str]]:
    """Each citation in ``text`` as a mention (with the gazetteer's entry when it knows the IRI)
    and the citation's pattern name."""
    for name, pattern in _CITATIONS:
        for match in pattern.finditer(text):
            y1, y2 = match["y1"], match["y2"]
            if len(y2) == 2:
                y2 = y1[:2] + y2
            number = match["n"].replace(":", "-")
            parts = [name, number] + ([match["t"].lower()] if match["t"] else []) + [y1, y2]
            key = "-".join(parts)
            iri = URIRef(f"{ID_BASE}legal/{key}")
            entry = gazetteer.by_iri.get(iri) or Entry(iri, key, KIND_LEGAL, " ".join(match.group(0).split()))
            yield Mention(entry, match.start(), match.end(), match.group(0)), name
