"""A deadline that is a report the letter gives no date for ("Arbeidet rapporteres i årsrapporten"
in a letter that does not date the annual report) is a deadline of the kind reporting-channel, named
by its report, with no invented date; it conforms and the deadlines question lists it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import rdflib

from project_paths import ROOT
from tbgraph.extract.core import extract_letter
from tbgraph.model.namespaces import TB, TBDK

LETTER = ROOT / "tests" / "fixtures" / "letters" / "tildelingsbrev-2024-udir.txt"
TIME = rdflib.Namespace("http://www.w3.org/2006/time#")


def test_an_undated_report_is_a_reporting_channel_deadline() -> None:
    graph = extract_letter(LETTER).graph
    channels = [d for d in graph.subjects(TB.deadlineKind, TBDK["reporting-channel"])]
    assert len(channels) == 1  # Oppdrag 3 (line 33): "Arbeidet rapporteres i årsrapporten."
    deadline = channels[0]
    assert str(graph.value(deadline, TB.reportingChannel)) == "årsrapport"
    assert graph.value(deadline, TIME.inXSDDate) is None  # the letter dates no annual report
    source = graph.value(deadline, TB.source)
    assert int(graph.value(source, TB.lineStart)) <= 33 <= int(graph.value(source, TB.lineEnd))


def test_it_conforms_and_is_listed_among_the_undated_deadlines(tmp_path: Path) -> None:
    env = {**os.environ, "TBGRAPH_HOME": str(tmp_path / "home"), "COLUMNS": "200"}

    def tbgraph(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tbgraph.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )

    loaded = tbgraph("load", str(LETTER))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    answer = tbgraph("ask", "deadlines", "--recipient", "udir", "--year", "2024", "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    rows = [line for line in answer.stdout.splitlines() if "reporting-channel" in line]
    assert len(rows) == 1 and "rapporteres i årsrapporten" in rows[0]
