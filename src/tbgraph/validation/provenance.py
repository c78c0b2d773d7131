"""Check that every provenance pointer quotes its source text faithfully.

A quote is only worth something if a reader can find it: each ``tb:SourceLocation`` must name a
source text that exists under ``data/``, a line span inside it, and a quote that occurs in exactly
those lines once whitespace (line wraps, the PDF's blank lines) is collapsed to single spaces.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from tbgraph.model.namespaces import TB
from tbgraph.model.resources import resource_root

__all__ = ["ProvenanceProblem", "normalise", "check_provenance", "main"]


@dataclass(frozen=True)
class ProvenanceProblem:
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space, as quotes are stored."""
    return " ".join(text.split())


@cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def _describe(graph: Graph, location: Node) -> str:
    for subject in graph.subjects(TB.source, location):
        return str(subject)
    return str(location)


def _default_roots() -> list[Path]:
    """Shipped letters quote data/source; loaded ones quote the library's source folder."""
    from tbgraph.dataset.library import library_dir

    return [resource_root(), library_dir()]


def _locate(identifier: str, roots: list[Path]) -> Path | None:
    candidate = Path(identifier)
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    for root in roots:
        if (root / candidate).is_file():
            return root / candidate
    return None


def check_provenance(graph: Graph, root: Path | None = None) -> list[ProvenanceProblem]:
    """Every problem with the graph's source locations; an empty list means all quotes check out."""
    roots = [root] if root else _default_roots()
    problems: list[ProvenanceProblem] = []
    for location in set(graph.objects(None, TB.source)):
        where = _describe(graph, location)
        text_node = graph.value(location, TB.inSourceText)
        quote = graph.value(location, TB.quote)
        start = graph.value(location, TB.lineStart)
        end = graph.value(location, TB.lineEnd)
        if text_node is None:
            problems.append(ProvenanceProblem(where, "no tb:inSourceText"))
            continue
        if not isinstance(quote, Literal) or not str(quote).strip():
            problems.append(ProvenanceProblem(where, "empty or missing tb:quote"))
            continue
        path_literal = graph.value(text_node, DCTERMS.identifier)
        if path_literal is None:
            problems.append(ProvenanceProblem(where, f"source text {text_node} has no dcterms:identifier path"))
            continue
        path = _locate(str(path_literal), roots)
        if path is None:
            problems.append(ProvenanceProblem(where, f"source file {path_literal} does not exist"))
            continue
        if start is None or end is None:
            problems.append(ProvenanceProblem(where, "missing tb:lineStart or tb:lineEnd"))
            continue
        first, last = int(str(start)), int(str(end))
        lines = _lines(path)
        if not 1 <= first <= last <= len(lines):
            problems.append(ProvenanceProblem(where, f"line span {first}-{last} outside 1-{len(lines)}"))
            continue
        span = normalise(" ".join(lines[first - 1 : last]))
        if normalise(str(quote)) not in span:
            whole = normalise(" ".join(lines))
            hint = "it occurs elsewhere in the file" if normalise(str(quote)) in whole else "not found anywhere"
            problems.append(
                ProvenanceProblem(where, f"quote not in lines {first}-{last} ({hint}): {str(quote)[:80]!r}")
            )
    return sorted(problems, key=lambda p: (p.location, p.message))


def main(argv: list[str] | None = None) -> int:
    """``python -m tbgraph.validation.provenance FILE.ttl...``: print each bad pointer; exit 1 if any."""
    files = argv if argv is not None else sys.argv[1:]
    graph = Graph()
    for name in files:
        graph.parse(name)
    problems = check_provenance(graph)
    for problem in problems:
        print(problem)
    total = len(set(graph.objects(None, TB.source)))
    print(f"{total} source locations checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
