"""Validate with the shapes shared out over several processes, for a faster first server start.

pySHACL runs on one core, and validation is most of what a server's first start on a new data
version costs. The shapes are independent of each other at the top level (each finds its own focus
nodes through its targets), so they can be shared out: every process gets the whole shapes graph,
but the *targets* of the shapes given to other processes are taken out of its copy. A shape without
targets validates nothing by itself, while it still works when another shape reaches it through
``sh:node`` or ``sh:property``. The reports are then put back together into one.

The processes are forked first and each reads the data and the shapes itself (in parallel, and
nothing is pickled but the reports); the parent validates one share itself. Where ``fork`` does not exist, or a child
fails in any way, the parent validates that share itself: the result is the same, only slower.
Measured in ``benchmarks/validation_speed.py`` (figures in docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace
from rdflib.term import Node

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from tbgraph.validation.report import Finding, ValidationReport

__all__ = ["run_split", "shape_shares", "TARGETS"]

log = logging.getLogger("tbgraph.validation.shacl")

SH = Namespace("http://www.w3.org/ns/shacl#")

#: The predicates that give a shape focus nodes of its own (SHACL Core 2.1.3).
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

Run = Callable[[Graph, Graph], "ValidationReport"]
Prepare = Callable[[], "tuple[Graph, Graph]"]


def run_split(prepare: Prepare, processes: int, *, run: Run) -> ValidationReport:
    """``run`` once per share of the shapes, in parallel; one merged report.

    ``prepare`` builds (data graph, shapes graph) and is called in every process after the fork,
    so the reading is shared out too; the shares come out the same in every process because
    :func:`shape_shares` depends on nothing but the two graphs.
    """
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return run(*prepare())
    context = multiprocessing.get_context("fork")
    children = []
    for index in range(1, processes):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(sender, prepare, run, processes, index), daemon=True)
        child.start()
        sender.close()
        children.append((index, child, receiver))
    data_graph, shapes_graph = prepare()
    shares = shape_shares(shapes_graph, data_graph, processes)
    reports = [_run_share(run, data_graph, shapes_graph, shares, 0)]
    for index, child, receiver in children:
        reports.append(_collect(child, receiver) or _run_share(run, data_graph, shapes_graph, shares, index))
    return _merge(reports)


def _run_share(
    run: Run, data_graph: Graph, shapes_graph: Graph, shares: list[list[Node]], index: int
) -> ValidationReport:
    if not shares[index]:
        from tbgraph.validation.report import ValidationReport

        return ValidationReport(conforms=True, findings=[], results_graph=Graph())
    return run(data_graph, _only_targets_of(shapes_graph, shares[index], shares))


def shape_shares(shapes_graph: Graph, data_graph: Graph, count: int) -> list[list[Node]]:
    """The shapes with targets, shared into ``count`` lists of about equal estimated cost.

    The cost of a shape is estimated as its number of focus nodes. Timing every shape on the
    shipped letter, that estimate shared the 0.77 s into 0.42 + 0.35 s, where weighing in the number
    of constraints gave 0.31 + 0.46 s (and the times themselves, 0.38 + 0.38 s). Largest first,
    each into the cheapest share so far.
    """
    shapes = sorted({shape for target in TARGETS for shape in shapes_graph.subjects(target, None)}, key=str)
    estimated = sorted(((_cost(shapes_graph, data_graph, shape), str(shape), shape) for shape in shapes), reverse=True)
    shares: list[list[Node]] = [[] for _ in range(max(1, count))]
    totals = [0] * len(shares)
    for cost, _, shape in estimated:
        cheapest = totals.index(min(totals))
        shares[cheapest].append(shape)
        totals[cheapest] += cost
    return shares


def _cost(shapes_graph: Graph, data_graph: Graph, shape: Node) -> int:
    focus = 0
    for target_class in shapes_graph.objects(shape, SH.targetClass):
        classes = set(data_graph.transitive_subjects(RDFS.subClassOf, target_class))
        focus += sum(1 for cls in classes for _ in data_graph.subjects(RDF.type, cls))
    focus += sum(1 for _ in shapes_graph.objects(shape, SH.targetNode))
    for predicate in shapes_graph.objects(shape, SH.targetSubjectsOf):
        focus += len(set(data_graph.subjects(predicate, None)))
    for predicate in shapes_graph.objects(shape, SH.targetObjectsOf):
        focus += len(set(data_graph.objects(None, predicate)))
    return max(1, focus)


def _only_targets_of(shapes_graph: Graph, share: Sequence[Node], shares: Iterable[Sequence[Node]]) -> Graph:
    others = {shape for other in shares if other is not share for shape in other}
    copy = Graph()
    for triple in shapes_graph:
        if triple[0] in others and triple[1] in TARGETS:
            continue
        copy.add(triple)
    for prefix, namespace in shapes_graph.namespaces():
        copy.bind(prefix, namespace, override=False)
    return copy


def _child(sender: Connection, prepare: Prepare, run: Run, processes: int, index: int) -> None:
    try:
        data_graph, shapes_graph = prepare()
        shares = shape_shares(shapes_graph, data_graph, processes)
        report = _run_share(run, data_graph, shapes_graph, shares, index)
        sender.send((report.findings, report.results_graph.serialize(format="nt", encoding="utf-8")))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which validates instead
        with contextlib.suppress(OSError):  # the parent may be gone (a start that was refused)
            sender.send(repr(error))
    finally:
        sender.close()


def _collect(child: multiprocessing.process.BaseProcess, receiver: Connection) -> ValidationReport | None:
    from tbgraph.validation.report import ValidationReport

    try:
        message = receiver.recv()
    except (EOFError, OSError):
        message = "the process ended without a report"
    finally:
        receiver.close()
        child.join()
    if not isinstance(message, tuple):
        log.warning("a validation process failed (%s); validating its shapes here instead", message)
        return None
    findings, triples = message
    results = Graph()
    results.parse(data=triples, format="nt")
    return ValidationReport(conforms=True, findings=list(findings), results_graph=results)


def _merge(reports: Sequence[ValidationReport]) -> ValidationReport:
    """One report: every result under one sh:ValidationReport, conforming if no Violation."""
    from tbgraph.validation.report import SEVERITY_RANK as _SEVERITY_RANK
    from tbgraph.validation.report import ValidationReport

    findings: list[Finding] = sorted(
        (finding for report in reports for finding in report.findings),
        key=lambda f: (_SEVERITY_RANK.get(f.severity, 9), f.focus, f.path or "", f.message, f.shape),
    )
    conforms = not any(f.severity == "Violation" for f in findings)
    merged = Graph()
    report_node = BNode()
    merged.add((report_node, RDF.type, SH.ValidationReport))
    merged.add((report_node, SH.conforms, Literal(conforms)))
    for report in reports:
        graph = report.results_graph
        old_reports = set(graph.subjects(RDF.type, SH.ValidationReport))
        for s, p, o in graph:
            if s in old_reports:
                if p == SH.result:
                    merged.add((report_node, SH.result, o))
                continue
            merged.add((s, p, o))
        for prefix, namespace in graph.namespaces():
            merged.bind(prefix, namespace, override=False)
    return ValidationReport(conforms=conforms, findings=findings, results_graph=merged)


def default_processes() -> int:
    """Two where there are two cores (what this was measured on); one where there is one."""
    return max(1, min(2, os.cpu_count() or 1))
