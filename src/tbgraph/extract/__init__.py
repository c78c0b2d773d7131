"""Extraction: turn an allocation letter's text (or PDF) into RDF with provenance.

>>> from tbgraph.extract import extract_letter  # doctest: +SKIP
>>> letter = Path("data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt")  # doctest: +SKIP
>>> result = extract_letter(letter)  # doctest: +SKIP
>>> result.graph_iri  # doctest: +SKIP
'https://w3id.org/tbgraph/graph/letter/ehelse/2023'

Modules, one job each: ``text`` (lines, page markers, clean text with origins), ``pdf`` (PDF text
layer), ``sections``, ``dates``, ``amounts``, ``budget``, ``goals``, ``assignments`` (``markings``: where
they stand; ``tables``: tables of them, by their columns' names; ``requests``: requests of work in prose),
``annual_cycle``, ``letter`` (metadata), ``gazetteer``, ``legal`` (citations), ``roles``, ``rdf`` (emission),
``compare`` (against the curated graph) and ``core`` (the pipeline).
"""

from __future__ import annotations

from tbgraph.extract.compare import Comparison, KindScore, compare
from tbgraph.extract.core import Extraction, extract_letter, extract_source
from tbgraph.extract.problems import Problem, SourceError

__all__ = [
    "extract_letter",
    "extract_source",
    "Extraction",
    "Problem",
    "SourceError",
    "compare",
    "Comparison",
    "KindScore",
]
