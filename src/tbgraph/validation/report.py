"""What a SHACL validation found: each result as a :class:`Finding`, and the whole :class:`ValidationReport`.

Apart from :mod:`tbgraph.validation.shacl` (which runs pySHACL) so that the code that shares the shapes out
over processes (:mod:`tbgraph.validation.split`) can build and merge reports without importing it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import RDF, Graph
from rdflib.namespace import SH

__all__ = ["Finding", "ValidationReport", "SEVERITY_RANK"]

#: Findings sort by severity first.
SEVERITY_RANK = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus: str  # focus node IRI (or blank node label)
    path: str | None  # result path as IRI (or SPARQL-ish text for complex paths)
    value: str | None
    message: str  # the English message (the first sh:resultMessage in @en, else any)
    message_nb: str | None
    shape: str  # source shape IRI
    constraint: str  # sh:sourceConstraintComponent local name, e.g. "MinCountConstraintComponent"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = self.focus if self.path is None else f"{self.focus} {self.path}"
        return f"[{self.severity}] {where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`."""

    conforms: bool  # no Violation (Warnings do not break conformance)
    findings: list[Finding]
    results_graph: Graph  # the raw SHACL report graph
    left_out: int = field(default=0)  # warnings and infos about other data, left out by about()

    def about(self, subjects: Iterable[object]) -> ValidationReport:
        """The findings about ``subjects`` (the nodes of the files a user validates) and every
        violation: validated together with the shipped reference data, a user's letter would
        otherwise be answered with the reference data's own warnings (one per organisation without
        an organisation number). Conformance is the whole data's, as before."""
        wanted = {str(s) for s in subjects}
        kept = [f for f in self.findings if f.severity == "Violation" or f.focus in wanted]
        graph = Graph()
        for prefix, namespace in self.results_graph.namespaces():
            graph.bind(prefix, namespace)
        dropped = set()
        for result in self.results_graph.subjects(RDF.type, SH.ValidationResult):
            severity = self.results_graph.value(result, SH.resultSeverity)
            focus = self.results_graph.value(result, SH.focusNode)
            if severity != SH.Violation and str(focus) not in wanted:
                dropped.add(result)
        for triple in self.results_graph:
            if triple[0] not in dropped and triple[2] not in dropped:
                graph.add(triple)
        return ValidationReport(self.conforms, kept, graph, self.left_out + len(self.findings) - len(kept))

    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    def to_json(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "violations": len(self.violations()),
            "warnings": len(self.warnings()),
            "left_out": self.left_out,
            "results": [f.to_dict() for f in self.findings],
        }

    def to_turtle(self) -> str:
        return self.results_graph.serialize(format="turtle")
