"""``tbgraph extract`` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from tbgraph.cli.main import main
from tbgraph.model.namespaces import TB

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "extract" / "tildelingsbrev-2031-direktoratet-for-e-helse.txt"
SHIPPED = HERE.parent / "data" / "source" / "tildelingsbrev-2023-direktoratet-for-e-helse.txt"


def test_turtle_on_stdout_and_problems_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(FIXTURE)]) == 0
    captured = capsys.readouterr()
    graph = Graph().parse(data=captured.out, format="turtle")
    assert len(set(graph.subjects(RDF.type, TB.Assignment))) == 4
    assert "# named graph: <https://w3id.org/tbgraph/graph/letter/ehelse/2031>" in captured.out
    assert "line 87: [deadline]" in captured.err


def test_letter_iri_option(capsys: pytest.CaptureFixture[str]) -> None:
    iri = "https://example.org/letter/x"
    assert main(["extract", str(FIXTURE), "--letter-iri", iri, "-q"]) == 0
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert (URIRef(iri), RDF.type, TB.AllocationLetter) in graph


def test_many_letters_into_a_folder(tmp_path: Path) -> None:
    assert main(["extract", str(FIXTURE), str(SHIPPED), "--out-dir", str(tmp_path), "-q"]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.ttl")) == sorted([f"{FIXTURE.stem}.ttl", f"{SHIPPED.stem}.ttl"])


def test_one_output_file_for_several_letters_is_refused(tmp_path: Path) -> None:
    assert main(["extract", str(FIXTURE), str(SHIPPED), "-o", str(tmp_path / "x.ttl")]) == 2


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "no-such-letter.txt"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_compare_json_on_the_shipped_letter(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["extract", "--compare", "--format", "json", "-q"])
    report = json.loads(capsys.readouterr().out)
    kinds = {k["kind"]: k for k in report["kinds"]}
    assert {"assignments", "titles", "deadlines", "budget-lines", "goals", "actor-mentions", "roles"} <= set(kinds)
    assert kinds["budget-lines"]["extracted"] == 8
    assert status == (1 if any(k["missed"] for k in kinds.values()) else 0)


def test_compare_table_lists_misses(capsys: pytest.CaptureFixture[str]) -> None:
    main(["extract", "--compare"])
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out


def test_help_reads_like_a_manual() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tbgraph.cli", "extract", "--help"], capture_output=True, text=True, check=True
    )
    assert "examples:" in result.stdout and "exit status:" in result.stdout
