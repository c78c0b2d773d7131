"""Kept answers (tbgraph.questions.kept): the whole answers of the named questions asked without
parameters, kept on disk by data version, give exactly what computing them gives, whole and by
page, and are never served for other data: a changed letter or a changed question computes anew.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tbgraph.api import Settings, create_app
from tbgraph.dataset.loader import data_version, default_sources
from tbgraph.dataset.opening import open_dataset
from tbgraph.growth.letters import write_dataset
from tbgraph.questions import kept as kept_module
from tbgraph.questions.kept import (
    AGGREGATES,
    CHUNK_ROWS,
    KeptAnswers,
    keepable_questions,
    read_answer,
    write_answer,
)
from tbgraph.questions.named import get_query, run_named

LETTERS = 20  # with a supplement each: over one chunk of rows for the long lists
ROOT_FILES = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kept") / "root"
    write_dataset(folder, LETTERS, supplements=True)
    return folder


@pytest.fixture(scope="module")
def opened(root: Path):  # type: ignore[no-untyped-def]
    return open_dataset(sources=default_sources(root=root))


def test_a_kept_answer_is_the_computed_answer_whole_and_by_page(opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    long_enough = False
    for name in keepable_questions():
        table = run_named(opened.store, name)
        path = tmp_path / f"{name}.answer"
        write_answer(path, table)
        found = read_answer(path)
        assert found is not None
        assert found.columns == table.columns and len(found) == len(table.rows)
        assert found.records() == table.records(), name
        # the same RDF terms, datatypes and languages included (what the CLI's table and the notebook read)
        assert [[(type(t), t, getattr(t, "datatype", None), getattr(t, "language", None)) for t in r.values()]
                for r in found.term_rows()] == [
            [(type(t), t, getattr(t, "datatype", None), getattr(t, "language", None)) for t in r.values()]
            for r in table.rows
        ], name
        whole = table.records()
        for start, stop in ((0, 100), (CHUNK_ROWS - 3, CHUNK_ROWS + 3), (len(whole) - 5, len(whole) + 100), (7, 7)):
            assert found.records(start, stop) == whole[max(0, start) : stop], (name, start, stop)
        long_enough |= len(whole) > 2 * CHUNK_ROWS
    assert long_enough, "some answer should run over several chunks"


def test_a_changed_letter_is_answered_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Through the command line, as a user asks: the first ask keeps the answer, the second reads it;
    # after a letter changes, the answer is the changed letter's.
    root = tmp_path / "root"
    write_dataset(root, 2, supplements=True)
    env = {**os.environ, "TBGRAPH_HOME": str(tmp_path / "home"), "TBGRAPH_KEEP_ANSWERS": "1"}

    def ask() -> list[dict[str, object]]:
        done = subprocess.run(
            [sys.executable, "-m", "tbgraph.cli", "ask", "goals", "--format", "json", "--data-root", str(root)],
            capture_output=True, text=True, env=env, check=True,
        )
        return json.loads(done.stdout)  # type: ignore[no-any-return]

    before = ask()
    version = data_version(default_sources(root=root))
    monkeypatch.setenv("TBGRAPH_HOME", str(tmp_path / "home"))
    assert KeptAnswers(version).get("goals") is not None, "the first ask keeps its answer"
    assert ask() == before
    # Retitle a main goal in one letter: the answer must carry the new title.
    title = before[0]["title"]
    assert isinstance(title, str)
    letter = next(p for p in sorted((root / "data" / "letters").glob("*.ttl")) if f'"{title}"' in p.read_text("utf-8"))
    letter.write_text(letter.read_text("utf-8").replace(f'"{title}"', '"A retitled goal"'), encoding="utf-8")
    assert data_version(default_sources(root=root)) != version
    after = ask()
    assert "A retitled goal" in {row["title"] for row in after}
    assert len(after) == len(before)


def test_a_changed_question_is_answered_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = KeptAnswers("some-version", tmp_path)
    path = kept.path("agencies")
    write_answer(path, run_named(open_dataset().store, "agencies"))
    assert kept.get("agencies") is not None
    changed = replace(get_query("agencies"), text=get_query("agencies").text + "\n# changed\n")
    monkeypatch.setattr(kept_module, "get_query", lambda name: changed)
    assert KeptAnswers("some-version", tmp_path).get("agencies") is None, "another .rq text, another file"


def test_an_unreadable_kept_answer_counts_as_absent(tmp_path: Path) -> None:
    kept = KeptAnswers("some-version", tmp_path)
    kept.path("owners").parent.mkdir(parents=True, exist_ok=True)
    kept.path("owners").write_bytes(b"not an answer\n")
    assert kept.get("owners") is None
    found = kept.get_or_compute(open_dataset().store, "owners")
    assert found is not None and found.records() == run_named(open_dataset().store, "owners").records()


@pytest.fixture(scope="module")
def served(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("home")
    previous = os.environ.get("TBGRAPH_HOME")
    os.environ["TBGRAPH_HOME"] = str(home)
    try:
        app = create_app(Settings(data_root=root, validate_on_start=False))
        with TestClient(app) as client:
            yield client
    finally:
        if previous is None:
            os.environ.pop("TBGRAPH_HOME", None)
        else:
            os.environ["TBGRAPH_HOME"] = previous


def test_the_server_keeps_every_answer_and_serves_pages_from_them(served: TestClient, opened) -> None:  # type: ignore[no-untyped-def]
    state = served.app.state.tbgraph  # type: ignore[attr-defined]
    kept = state.memo.kept
    assert kept is not None and kept.data_version == state.data_version
    assert not kept.missing(AGGREGATES), "a start keeps the aggregates' answers before it serves"
    if state.keeping is not None:
        state.keeping.join(60)
    assert not kept.missing(), "the background keeps the others"
    for name in keepable_questions():
        whole = served.get(f"/api/ask/{name}")
        assert whole.status_code == 200
        rows = whole.json()["rows"]
        assert int(whole.headers["X-Total-Count"]) == len(rows)
        computed = run_named(opened.store, name).records()
        assert sorted(map(repr, rows)) == sorted(map(repr, computed)), name  # (ties in ORDER BY may swap)
        page = served.get(f"/api/ask/{name}", params={"limit": 5, "offset": 3})
        assert page.status_code == 200 and page.json()["rows"] == rows[3:8], name
        assert page.headers["X-Total-Count"] == str(len(rows))
        assert ('rel="next"' in page.headers.get("Link", "")) == (len(rows) > 8)
    # anything with parameters or a day is computed as before
    day = served.get("/api/ask/deadlines", params={"as_of": "2023-06-01", "limit": 5})
    assert day.status_code == 200
    assert day.json()["rows"] == run_named(opened.store, "deadlines", as_of=__import__("datetime").date(2023, 6, 1)
                                           ).records()[:5]
