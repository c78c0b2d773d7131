"""The command line, run as a user runs it: a subprocess, stdout for results, stderr for the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from project_paths import ROOT
from terminal import in_terminal


def tbgraph(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tbgraph.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )


def test_help_reads_like_a_manual() -> None:
    result = tbgraph("--help")
    assert result.returncode == 0
    for word in ("validate", "ask", "query", "exit status", "examples"):
        assert word in result.stdout


def test_version_is_the_installed_packages() -> None:
    """`tbgraph --version` reads the ontology's owl:versionInfo, as the build does for the
    package's version (pyproject.toml [tool.hatch.version]): both must say the same."""
    from importlib.metadata import version

    result = tbgraph("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tbgraph {version('tbgraph')}"


def test_ask_list_shows_every_question_with_parameters() -> None:
    result = tbgraph("ask", "--list")
    assert result.returncode == 0
    for name in (
        "assignments",
        "assignments-involving",
        "owners",
        "deadlines",
        "dependencies",
        "collaborators",
        "legal-basis",
        "solutions",
        "budget",
    ):
        assert name in result.stdout
    assert "--agency AGENCY" in result.stdout


def test_ask_json_identifies_assignments_and_agencies() -> None:
    result = tbgraph("ask", "assignments-involving", "--agency", "nhn", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    # TB2023-03: "Direktoratet skal bistå Norsk helsenett SF" (line 390)
    assert {
        "id": "TB2023-03",
        "role": "lead",
        "agency": "Norsk helsenett SF",
        "agency_key": "nhn",
    }.items() <= next(r for r in rows if r["id"] == "TB2023-03").items()


def test_ask_csv_has_a_header_row() -> None:
    result = tbgraph("ask", "owners", "--format", "csv")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id,title,owner,owner_key,owner_count")
    assert len(lines) == 27  # header + 26 assignments


def test_unknown_agency_exits_2_with_near_matches() -> None:
    result = tbgraph("ask", "assignments-involving", "--agency", "Norsk helsenet")
    assert result.returncode == 2
    assert "unknown agency" in result.stderr and "nhn (Norsk helsenett SF)" in result.stderr
    assert result.stdout == ""


def test_unknown_question_and_parameter_exit_2() -> None:
    assert tbgraph("ask", "assignment").returncode == 2
    result = tbgraph("ask", "deadlines", "--agency", "nhn")
    assert result.returncode == 2 and "--agency" in result.stderr


def test_question_help_lists_its_parameters() -> None:
    result = tbgraph("ask", "dependencies", "--help")
    assert result.returncode == 0 and "--assignment" in result.stdout and "TB2023-15" in result.stdout


def test_query_from_stdin_and_ask_exit_status() -> None:
    result = tbgraph(
        "query",
        "-",
        "--format",
        "json",
        stdin="SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/tbgraph/ontology#Assignment> ; "
        "<http://purl.org/dc/terms/isPartOf> ?letter }",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": 26}]
    no = tbgraph("query", "-", stdin="ASK { <https://example.org/nothing> ?p ?o }")
    assert (no.returncode, no.stdout.strip()) == (1, "false")


def test_malformed_query_exits_2_with_the_position() -> None:
    result = tbgraph("query", "-", stdin="SELECT ?s WHERE { ?s ?p }")
    assert result.returncode == 2
    assert "malformed query at line 1, column 19" in result.stderr  # the pattern missing its object
    assert "Traceback" not in result.stderr


def test_construct_prints_turtle(tmp_path: Path) -> None:
    query = tmp_path / "nhn.rq"
    query.write_text("CONSTRUCT WHERE { <https://w3id.org/tbgraph/id/org/nhn> ?p ?o }")
    result = tbgraph("query", str(query))
    assert result.returncode == 0 and "Norsk helsenett SF" in result.stdout
    assert "@prefix tb:" in result.stdout


def test_validate_shipped_data_conforms() -> None:
    result = tbgraph("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stderr


def test_validate_reports_a_broken_letter(tmp_path: Path) -> None:
    # TB2023-01 with its owner involvement removed: "every assignment has exactly one owner".
    letter = (ROOT / "data" / "letters" / "2023-hod-ehelse.ttl").read_text(encoding="utf-8")
    broken = letter.replace("<assignment/ehelse/TB2023-01/involvement/ehelse-owner>,", "", 1)
    assert broken != letter
    path = tmp_path / "2023-hod-ehelse.ttl"
    path.write_text(broken, encoding="utf-8")
    result = tbgraph("validate", str(path), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert any(r["focus"].endswith("TB2023-01") for r in report["results"] if r["severity"] == "Violation")


def test_validate_unparsable_file_exits_2_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text('<https://a> <https://b> "x .\n')
    result = tbgraph("validate", str(path))
    assert result.returncode == 2
    assert "bad.ttl" in result.stderr and "line" in result.stderr


@pytest.mark.parametrize("args", [("validate", "/no/such/file.ttl"), ("query", "/no/such/query.rq")])
def test_missing_files_exit_2(args: tuple[str, ...]) -> None:
    result = tbgraph(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_command_imports_only_its_own_module() -> None:
    """`tbgraph serve` must not pay for the other commands' imports (networkx alone is 0.09 s of a
    start); `tbgraph --help` still lists every command."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from tbgraph.cli import main as cli\n"
        "cli.build_parser('serve').parse_args(['serve', '--port', '0'])\n"
        "names = ('networkx', 'tbgraph.cli.commands.graph', 'tbgraph.cli.commands.extract')\n"
        "print(sorted(m for m in names if m in sys.modules))\n"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
    listing = subprocess.run([sys.executable, "-m", "tbgraph.cli", "--help"], capture_output=True, text=True).stdout
    for command in ("validate", "query", "ask", "serve", "graph", "extract", "load", "synthesize"):
        assert command in listing


# -- the first run's stumbles (issue 18) -------------------------------------------------------------


def test_a_day_that_does_not_exist_is_named_as_such() -> None:
    """2023-06-31 has the right format; the message says June 2023 has no such day, not "format"."""
    result = tbgraph("ask", "deadlines", "--from", "2023-06-31")
    assert result.returncode == 2 and result.stdout == ""
    assert "June 2023 has no day 31" in result.stderr and "30 days" in result.stderr
    leap = tbgraph("ask", "deadlines", "--to", "2023-02-29")
    assert leap.returncode == 2 and "February 2023 has no day 29" in leap.stderr
    month = tbgraph("ask", "deadlines", "--to", "2023-13-01")
    assert month.returncode == 2 and "no month 13" in month.stderr
    shape = tbgraph("ask", "deadlines", "--from", "1 June")
    assert shape.returncode == 2 and "YYYY-MM-DD" in shape.stderr


def test_from_after_to_is_an_error_not_an_empty_table() -> None:
    result = tbgraph("ask", "deadlines", "--from", "2023-07-01", "--to", "2023-06-01")
    assert result.returncode == 2 and result.stdout == ""
    assert "--from 2023-07-01 is after --to 2023-06-01" in result.stderr
    # The same range the right way round has June's four deadlines: TB2023-04 "Frist 1. juni" (letter
    # line 436), TB2023-05 "Frist: 15. juni" (454), TB2023-09 "Frist: Innen 1. juni" (557), TB2023-23
    # "innen 1. juni" (945-946).
    june = tbgraph("ask", "deadlines", "--from", "2023-06-01", "--to", "2023-06-30", "--format", "json")
    assert june.returncode == 0
    assert {r["id"] for r in json.loads(june.stdout)} == {"TB2023-04", "TB2023-05", "TB2023-09", "TB2023-23"}


@pytest.mark.parametrize(
    ("args", "option"),
    [(("ask", "owners", "--format", "xml"), "--format"), (("ask", "owners", "--engine", "sqlite"), "--engine")],
)
def test_a_bad_option_of_a_question_prints_that_questions_usage(args: tuple[str, ...], option: str) -> None:
    result = tbgraph(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: tbgraph ask owners")
    assert f"tbgraph ask owners: error: argument {option}: invalid choice" in result.stderr


def test_a_bad_format_without_a_question_is_named_too() -> None:
    result = tbgraph("ask", "--list", "--format", "xml")
    assert result.returncode == 2 and result.stdout == ""
    assert "--format xml: choose one of table, json, csv, tsv" in result.stderr


def test_graph_to_a_file_of_unknown_suffix_is_refused_listing_the_formats(tmp_path: Path) -> None:
    target = tmp_path / "x.svgz"
    result = tbgraph("graph", "collaboration", "-o", str(target))
    assert result.returncode == 2 and not target.exists()
    assert ".svgz names no format" in result.stderr
    for suffix in (".graphml", ".gexf", ".json", ".cyjs", ".dot", ".png", ".svg"):
        assert suffix in result.stderr
    bare = tbgraph("graph", "collaboration", "-o", str(tmp_path / "graph"))
    assert bare.returncode == 2 and "no suffix" in bare.stderr
    # --format says which when the suffix cannot
    named = tbgraph("graph", "collaboration", "--format", "graphml", "-o", str(target))
    assert named.returncode == 0 and target.read_bytes().startswith(b"<?xml")


def _table_words(output: str) -> list[str]:
    """The words in the cells of a rich table as printed (borders and the row count dropped)."""
    words = []
    for line in output.splitlines():
        if "│" in line or "┃" in line:
            for cell in line.replace("┃", "│").split("│"):
                words += cell.split()
    return words


@pytest.mark.parametrize(
    "question",
    [
        ("assignments-involving", "--agency", "nhn"),
        ("owners",),
        ("deadlines", "--from", "2023-06-01", "--to", "2023-06-30"),
        ("dependencies", "--assignment", "TB2023-15"),
        ("budget",),
    ],
)
def test_tables_at_80_columns_wrap_between_words(question: tuple[str, ...]) -> None:
    """At 80 columns no line is wider, and every word in a cell is a whole word of the answer or
    one shortened with an ellipsis: never a piece of a word broken across lines."""
    status, screen = in_terminal([sys.executable, "-m", "tbgraph.cli", "ask", *question], 80)
    assert status == 0, screen
    assert max(len(line) for line in screen.splitlines()) <= 80
    answer = json.loads(tbgraph("ask", *question, "--format", "json").stdout)
    whole = {word for row in answer for value in row.values() for word in str(value).split()}
    whole |= {word for column in answer[0] for word in column.split()}
    whole |= {f"{value:,}".replace(",", " ") for row in answer for value in row.values() if isinstance(value, int)}
    whole |= {part for number in list(whole) for part in number.split()}
    for word in _table_words(screen):
        if word.endswith("…"):
            assert any(w.startswith(word[:-1]) for w in whole), word
        else:
            assert word in whole or word in ("yes", "no"), word


def test_validate_a_file_shows_its_own_findings_not_the_reference_data(tmp_path: Path) -> None:
    """`tbgraph validate FILE` adds the reference data but reports the file's findings; the reference
    data's own warnings (organisations without a number) are counted as left out."""
    result = tbgraph("validate", str(ROOT / "data" / "letters" / "2023-hod-ehelse.ttl"), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["left_out"] > 0
    assert not any(r["shape"].endswith("OrganisationShape-orgNumber-recommended") for r in report["results"])
    assert "about the shipped reference data itself left out" in " ".join(result.stderr.split())
