"""The notebook API (tbgraph.notebook, re-exported as tbgraph.open and friends): its docstring
examples and the README's "From Python" block run as doctests, the answers are the command line's,
and every wrong input is refused naming the nearest match.

The letter is data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt; supplements
tests/fixtures/supplements (Tillegg nr. 3 withdraws TB2023-17 from 1 July, line 12 and on).
"""

from __future__ import annotations

import datetime as dt
import doctest
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import tbgraph
from project_paths import ROOT, amended_data_root
from tbgraph import notebook
from tbgraph.model.rdfio import RdfSyntaxError
from tbgraph.questions.named import QueryParameterError, named_queries, run_named
from tbgraph.questions.resolve import UnknownValueError
from tbgraph.questions.scope import UnknownScopeError
from tbgraph.sandbox.check import Refused
from tbgraph.sparql import UnknownQueryError

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


_SETTINGS = ("TBGRAPH_DATA_ROOT", "TBGRAPH_STORE", "TBGRAPH_STORE_URL")


@pytest.fixture(scope="module")
def letters() -> Iterator[tbgraph.Letters]:
    with pytest.MonkeyPatch.context() as patch:
        for name in _SETTINGS:
            patch.delenv(name, raising=False)
        yield tbgraph.open()


@pytest.fixture(autouse=True)
def _shipped_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped letter, whatever the developer's environment points tbgraph at."""
    for name in _SETTINGS:
        monkeypatch.delenv(name, raising=False)


# -- the examples ------------------------------------------------------------------------------


def test_the_docstring_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(notebook, optionflags=FLAGS, report=True)
    assert result.attempted >= 30 and result.failed == 0, f"{result.failed} doctest(s) of tbgraph.notebook failed"


def readme_python() -> str:
    """The README's "From Python" section's ``pycon`` blocks, as one doctest text."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```pycon\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    assert blocks, "README.md: the From Python section has no ```pycon block"
    return "\n".join(blocks)


def test_the_readme_python_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the README's paths are the checkout's
    text = readme_python()
    test = doctest.DocTestParser().get_doctest(text, {}, "README.md From Python", str(ROOT / "README.md"), 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    assert runner.failures == 0, "README.md's From Python examples print otherwise now (see the output above)"


# -- the answers are the command line's ---------------------------------------------------------


def _as_json(value: object) -> object:
    """An answer's value as tbgraph ask --format json writes it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@pytest.mark.parametrize("name", [n for n, q in named_queries().items() if not any(p.required for p in q.parameters)])
def test_every_question_answers_what_the_command_line_answers(letters: tbgraph.Letters, name: str) -> None:
    answer = letters.ask(name)
    table = run_named(letters.store, name)
    assert answer.columns == table.columns and len(answer) == len(table.rows) > 0
    for mine, theirs in zip(answer, table.records(), strict=True):
        for column, value in mine.items():
            expected = theirs[column]
            # A budget year (xsd:gYear) is an int in Python, its text in JSON.
            assert _as_json(value) == expected or (type(value) is int and str(value) == expected), (column, value)


def test_rows_hold_plain_python_values(letters: tbgraph.Letters) -> None:
    budget = letters.ask("budget")
    earmark = next(r for r in budget if r["level"] == "earmark" and r["stated"] == Decimal("15.1"))
    assert earmark["unit"] == "mill. NOK" and earmark["amount_nok"] == 15_100_000
    assert all(type(r["year"]) is int and r["year"] == 2023 for r in budget)
    assert all(r["agrees"] in (True, None) for r in budget)
    june = letters.ask("deadlines", from_=dt.date(2023, 6, 15), to="2023-06-15")
    # TB2023-05: "Frist: 15. juni", line 454 of the letter
    assert [(r["date"], r["id"]) for r in june] == [(dt.date(2023, 6, 15), "TB2023-05")]
    assert letters.ask("deadlines", **{"from": "2023-06-15", "to": "2023-06-15"}).rows == june.rows


def test_parameters_by_key_name_or_id(letters: tbgraph.Letters) -> None:
    by_key = letters.ask("assignments-involving", agency="nhn")
    assert by_key.rows == letters.ask("assignments-involving", agency="Norsk helsenett SF").rows
    assert len(by_key) == 4 and by_key.question == "assignments-involving"
    # TB2023-15 rests on the steering document and plan for step 1 (line 699) and four deliverables by others
    depends = letters.ask("dependencies", assignment="tb2023-15")
    assert {r["kind"] for r in depends} == {"document", "decision", "deliverable"}
    assert "Helse Vest RHF" in {r["by"] for r in depends}  # lines 706-707


def test_questions_list_every_named_question_with_python_keywords(letters: tbgraph.Letters) -> None:
    questions = {q.name: q for q in letters.questions()}
    assert list(questions) == list(named_queries())
    assert [p.name for p in questions["deadlines"].parameters] == ["from_", "to"]
    agency = questions["collaborators"].parameters[0]
    assert (agency.name, agency.kind, agency.required) == ("agency", "agency", True)
    assert questions["owners"].title_nb and questions["owners"].question


# -- wrong input: a clear error naming the nearest match ------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (
            lambda a: a.ask("assignment-involving", agency="nhn"),
            UnknownQueryError,
            "did you mean assignments-involving",
        ),
        (
            lambda a: a.ask("collaborators", agnecy="nhn"),
            QueryParameterError,
            "no parameter 'agnecy'; did you mean agency?",
        ),
        (lambda a: a.ask("deadlines", frm="2023-06-01"), QueryParameterError, "did you mean from_"),
        (lambda a: a.ask("collaborators"), QueryParameterError, "needs agency=…"),
        (
            lambda a: a.ask("deadlines", from_="2023-06-31"),
            QueryParameterError,
            "June 2023 has no day 31; it has 30 days",
        ),
        (lambda a: a.ask("deadlines", to="2023-13-01"), QueryParameterError, "there is no month 13"),
        (lambda a: a.ask("deadlines", to="1. juni"), QueryParameterError, "to must be a date"),
        (lambda a: a.ask("deadlines", from_="2023-07-01", to="2023-06-01"), QueryParameterError, "swap them"),
        (lambda a: a.ask("collaborators", agency=7), QueryParameterError, "agency must be text"),
        (lambda a: a.ask("collaborators", agency="helsenett"), UnknownValueError, "unknown agency 'helsenett'"),
        (lambda a: a.ask("dependencies", assignment="TB2023-99"), UnknownValueError, "did you mean TB2023-"),
        (
            lambda a: a.ask("owners", recipient="hdir"),
            UnknownScopeError,
            "no letter to hdir is loaded; loaded: ehelse/2023",
        ),
        (lambda a: a.ask("owners", year=2022), UnknownScopeError, "loaded: ehelse/2023"),
        (lambda a: a.ask("owners", year="23"), UnknownScopeError, "YYYY"),
        (lambda a: a.ask("owners", as_of="2023-02-30"), QueryParameterError, "as_of='2023-02-30': February 2023"),
        (
            lambda a: a.query("SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }"),
            Refused,
            "SERVICE is not allowed",
        ),
        (lambda a: a.query("ASK { ?s ?p ?o }"), Refused, "runs SELECT queries, and this is ASK"),
        (
            lambda a: a.query("SELECT * { ?a a tb:Assignment }"),
            Refused,
            "PREFIX tb: <https://w3id.org/tbgraph/ontology#>",
        ),
        (lambda a: a.query("SELECT * FROM <urn:elsewhere> { ?s ?p ?o }"), Refused, "FROM <urn:elsewhere>: no graph"),
        (lambda a: a.query("CLEAR ALL"), Refused, "read-only"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_wrong_input_is_refused_by_name(letters: tbgraph.Letters, call: Any, error: type, words: str) -> None:
    with pytest.raises(error) as raised:
        call(letters)
    assert words in str(raised.value)


def test_an_unknown_column_names_the_nearest(letters: tbgraph.Letters) -> None:
    with pytest.raises(KeyError, match="did you mean role"):
        letters.ask("assignments-involving", agency="nhn").column("rol")


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"engine": "oxigrph"}, "engine=oxigrph: no such engine; did you mean oxigraph?"),
        ({"engine": "remote"}, "engine=remote needs the server's address: store_url=URL or $TBGRAPH_STORE_URL"),
        ({"data_root": "/no/such/root"}, "data_root=/no/such/root: no such folder"),
        ({"data_root": str(ROOT / "src")}, "no ontology/ folder there; it must hold ontology/, shapes/ and data/"),
    ],
)
def test_open_refuses_options_that_name_no_data(options: dict[str, str], words: str) -> None:
    with pytest.raises(notebook.DataChoiceError) as raised:
        tbgraph.open(**options)
    assert words in str(raised.value)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--data-root", "/no/such/root"], "--data-root /no/such/root: no such folder"),
        (["--engine", "remote"], "--engine remote needs the server's address: --store-url URL"),
    ],
)
def test_the_command_line_names_the_same_problems_by_its_options(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tbgraph.cli.main import main

    with pytest.raises(SystemExit) as exit_:
        main(["ask", "owners", *argv])
    assert exit_.value.code == 2
    assert words in " ".join(capsys.readouterr().err.split())


# -- data roots, stores and scopes --------------------------------------------------------------


@pytest.fixture(scope="module")
def amended_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped letter and its two supplements as a data root (as tests/test_as_of.py builds it)."""
    root = tmp_path_factory.mktemp("amended")
    amended_data_root(root)
    return root


def test_a_data_root_asked_as_of_a_day(amended_root: Path) -> None:
    letters = tbgraph.open(amended_root)
    assert letters.data_root == amended_root
    ids = letters.ask("assignments").column("id")
    assert "TB2023-17" not in ids and "TB2023-27" in ids  # withdrawn, and added by Tillegg nr. 3
    assert "TB2023-17" in letters.ask("assignments", as_of=dt.date(2023, 6, 30)).column("id")
    assert "TB2023-17" not in letters.ask("assignments", as_of="2023-07-01").column("id")
    scoped = letters.ask("owners", recipient="Direktoratet for e-helse", year="2023")
    assert len(scoped) == len(letters.ask("owners")) == 26


def test_the_data_root_from_the_environment(amended_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBGRAPH_DATA_ROOT", str(amended_root))
    assert "TB2023-27" in tbgraph.open().ask("assignments").column("id")


def test_a_persistent_store_is_reused(tmp_path: Path) -> None:
    first = tbgraph.open(store=tmp_path / "store")
    assert not first.dataset.reused
    triples = first.triples
    del first
    import gc

    gc.collect()  # Oxigraph lets go of the folder's lock
    again = tbgraph.open(store=tmp_path / "store")
    assert again.dataset.reused and again.triples == triples
    assert again.ask("assignments-involving", agency="nhn").column("role") == [
        "providing-input",
        "lead",
        "lead",
        "collaborating",
    ]


def test_the_rdflib_engine_answers_the_same(letters: tbgraph.Letters) -> None:
    reference = tbgraph.open(engine="rdflib")
    assert (
        reference.ask("assignments-involving", agency="nhn").rows
        == letters.ask("assignments-involving", agency="nhn").rows
    )

    def shared(answer: notebook.Answer) -> list[tuple[Any, ...]]:  # GROUP_CONCAT's order is the engine's
        return [(r["collaborator_key"], r["shared"], sorted(str(r["assignments"]).split(", "))) for r in answer]

    hdir = shared(letters.ask("collaborators", agency="hdir"))
    assert shared(reference.ask("collaborators", agency="hdir")) == hdir
    # TB2023-10 "i samarbeid med … Norsk helsenett SF, Helsedirektoratet", lines 567-569
    assert ("nhn", 1, ["TB2023-10"]) in hdir


# -- pandas -----------------------------------------------------------------------------------


def test_to_pandas_keeps_the_columns_and_exact_values(letters: tbgraph.Letters) -> None:
    pd = pytest.importorskip("pandas")
    answer = letters.ask("deadlines", from_="2023-06-01", to="2023-06-30")
    frame = answer.to_pandas()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == answer.columns
    assert frame.id.tolist() == ["TB2023-04", "TB2023-09", "TB2023-23", "TB2023-05"]
    assert frame.date.tolist()[-1] == dt.date(2023, 6, 15)
    budget = letters.ask("budget").to_pandas()
    assert str(budget.amount_nok.dtype) == "Int64" and budget.lines_sum_nok.isna().any()
    assert Decimal("15.1") in budget.stated.tolist()  # the earmark "15,1 mill. kroner"
    empty = letters.ask("deadlines", from_="2023-01-01", to="2023-01-01").to_pandas()
    assert empty.empty and list(empty.columns) == answer.columns


def test_to_pandas_without_pandas_says_how_to_install_it(
    letters: tbgraph.Letters, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(ImportError, match=re.escape("pip install tbgraph[notebook]")):
        letters.ask("owners").to_pandas()


# -- graphs and validation --------------------------------------------------------------------


def test_the_graphs_are_the_command_lines(letters: tbgraph.Letters) -> None:
    from tbgraph.graphs.build import Filters, collaboration_graph, dependency_graph

    mine = letters.collaboration_graph(role="collaborating")
    theirs = collaboration_graph(letters.store, Filters(role="collaborating"))
    assert sorted(mine.edges(data=True)) == sorted(theirs.edges(data=True))
    # TB2023-10: "i samarbeid med Statens legemiddelverk, Norsk helsenett SF, Helsedirektoratet,
    # Folkehelseinstituttet", lines 567-569
    assert sorted(mine["org/nhn"]) == ["org/fhi", "org/hdir", "org/legemiddelverket"]
    assert sorted(letters.dependency_graph().edges) == sorted(dependency_graph(letters.store).edges)
    with pytest.raises(UnknownValueError, match="unknown solution 'kjernejurnal'; did you mean kjernejournal"):
        letters.dependency_graph(solution="kjernejurnal")


def test_validate_names_the_line_of_a_file_that_does_not_parse(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix tb: <https://w3id.org/tbgraph/ontology#> .\n\n<a> tb:x <b\n", encoding="utf-8")
    with pytest.raises(RdfSyntaxError, match=r"broken\.ttl.*line 3"):
        tbgraph.validate(broken)
    with pytest.raises(FileNotFoundError, match="no such file: "):
        tbgraph.validate(tmp_path / "missing.ttl")


# -- import tbgraph stays quick --------------------------------------------------------------------


def test_import_tbgraph_loads_the_notebook_api_only_when_asked() -> None:
    code = (
        "import sys, tbgraph; assert 'tbgraph.notebook' not in sys.modules, 'imported eagerly';"
        "assert tbgraph.open is sys.modules['tbgraph.notebook'].open; print(sorted(tbgraph.__all__))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TBGRAPH_")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(sorted(["__version__", "open", "validate", "Letters", "Answer", "Question"]))
    with pytest.raises(AttributeError, match="module 'tbgraph' has no attribute 'opne'"):
        tbgraph.opne  # noqa: B018


# -- the command line and the server check a question's parameters as Letters.ask does -------------


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("from=2023-06-31", "from", "from=2023-06-31: June 2023 has no day 31; it has 30 days"),
        ("from=2023-07-01&to=2023-06-01", "from", "from=2023-07-01 is after to=2023-06-01: no day is in that range"),
        ("to=1.juni", "to", "to must be a date as YYYY-MM-DD"),
    ],
)
def test_the_server_checks_the_parameters_as_letters_ask_does(
    server: Any, letters: tbgraph.Letters, query: str, field: str, words: str
) -> None:
    response = server.get(f"/api/ask/deadlines?{query}")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["query", field] and words in detail["msg"]
    with pytest.raises(QueryParameterError):  # and so does the notebook API, in its own words
        letters.ask("deadlines", **{key: value for key, value in (p.split("=") for p in query.split("&"))})


def test_the_server_answers_what_letters_ask_answers(server: Any, letters: tbgraph.Letters) -> None:
    response = server.get("/api/ask/deadlines?from=2023-06-15&to=2023-06-15")
    assert response.status_code == 200
    rows = letters.ask("deadlines", from_="2023-06-15", to="2023-06-15").rows
    assert response.json()["rows"] == [{c: _as_json(v) for c, v in row.items()} for row in rows]


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    """The HTTP application on the shipped data (without the start-up validation: not what is tested)."""
    from fastapi.testclient import TestClient

    from tbgraph.api import Settings, create_app

    with pytest.MonkeyPatch.context() as patch:
        for name in _SETTINGS:
            patch.delenv(name, raising=False)
        with TestClient(create_app(Settings(validate_on_start=False, query_workers=1))) as client:
            yield client
