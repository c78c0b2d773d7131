"""Kept answers (tbgraph.questions.kept): the whole answers of the named questions asked without
parameters, and those of the questions kept per actor (collaborators, assignments-involving), kept on
disk by data version, give exactly what computing them gives, whole and by page, and are never served
for other data: a changed letter or a changed question computes anew.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from as_nobody import AS_NOBODY, NOBODY_PYTHON
from tbgraph.api import Settings, create_app
from tbgraph.dataset.loader import data_version, default_sources
from tbgraph.dataset.opening import open_dataset
from tbgraph.growth.letters import write_dataset
from tbgraph.questions import kept as kept_module
from tbgraph.questions.kept import (
    CHUNK_ROWS,
    IN_USE,
    KEEP_VERSIONS,
    KeptAnswers,
    answer_file_name,
    keepable_questions,
    kept_per,
    kept_questions,
    read_answer,
    write_answer,
)
from tbgraph.questions.named import _parse, get_query, named_queries, run_named
from tbgraph.questions.resolve import candidates

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
        assert [
            [(type(t), t, getattr(t, "datatype", None), getattr(t, "language", None)) for t in r.values()]
            for r in found.term_rows()
        ] == [
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
            capture_output=True,
            text=True,
            env=env,
            check=True,
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
    # Every answer is kept before the server serves, the long lists too: a first ask reads its answer.
    assert not kept.missing(), "a start keeps every answer asked without parameters before it serves"
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
    assert (
        day.json()["rows"]
        == run_named(opened.store, "deadlines", as_of=__import__("datetime").date(2023, 6, 1)).records()[:5]
    )


# -- questions kept per actor -------------------------------------------------------------------


def _terms(rows):  # type: ignore[no-untyped-def]
    return [
        [(type(t), t, getattr(t, "datatype", None), getattr(t, "language", None)) for t in r.values()] for r in rows
    ]


@pytest.mark.parametrize("data", ["shipped", "synthetic"])
def test_answers_kept_per_actor_are_the_answers_asked_of_each_actor(data: str, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The shipped letters have groups (TB2023-07 goes to "De regionale helseforetakene", so each RHF
    # takes part "via" the group) and sub-deliverables; the synthetic ones repeat IDs across letters
    # (TB2021-15 in two letters), which the order must tell apart for the two ways to agree.
    store = open_dataset().store if data == "shipped" else opened.store
    per = [name for name in named_queries() if kept_per(name) is not None]
    assert set(per) >= {"collaborators", "assignments-involving"}
    kept = KeptAnswers("some-version", tmp_path)
    assert kept.compute(store, per) == per
    assert not kept.missing(kept_questions()[len(keepable_questions()) :])
    actors = candidates(store, "agency")
    answered = 0
    for name in per:
        parameter = kept_per(name)
        assert parameter is not None and parameter.kind == "agency"
        reader = KeptAnswers("some-version", tmp_path)  # read anew, as a restart does
        for actor in actors:
            table = run_named(store, name, {parameter.name: actor.key})
            found = reader.get_for(name, actor.iri)
            assert found is not None, (name, actor.key)
            assert found.columns == table.columns, (name, actor.key)
            assert found.records() == table.records(), (name, actor.key)
            assert _terms(found.term_rows()) == _terms(table.rows), (name, actor.key)
            assert found.records(1, 3) == table.records()[1:3]
            answered += bool(table.rows)
        reader.release()
    kept.release()
    assert answered > 40, "most actors of the letters take part somewhere"


def test_the_shipped_letter_kept_per_actor_answers_the_users_question(tmp_path: Path) -> None:
    # "Which assignments involve Norsk helsenett SF, and in what role?": TB2023-10 Legemiddelgrunndata with
    # NHN collaborating (data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt lines 561-569: "Dette
    # skal gjøres i samarbeid med Statens legemiddelverk, Norsk helsenett SF, …").
    store = open_dataset().store
    kept = KeptAnswers("some-version", tmp_path)
    kept.compute(store, ["assignments-involving"])
    nhn = next(c for c in candidates(store, "agency") if c.key == "nhn")
    found = kept.get_for("assignments-involving", nhn.iri)
    assert found is not None
    assert ("TB2023-10", "collaborating") in {(r["id"], r["role"]) for r in found.records()}
    nobody = next(
        c for c in candidates(store, "agency") if not run_named(store, "collaborators", {"agency": c.key}).rows
    )
    kept.compute(store, ["collaborators"])
    empty = kept.get_for("collaborators", nobody.iri)
    assert empty is not None and len(empty) == 0 and empty.records(0, 100) == []
    assert empty.columns == run_named(store, "collaborators", {"agency": nobody.key}).columns


def test_kept_per_must_name_a_required_parameter() -> None:
    text = "# kept: per solution\n# param: agency (agency, required) -> ?agency_iri : The actor.\nSELECT * {}"
    with pytest.raises(ValueError, match="names no required parameter"):
        _parse("broken", text)
    assert _parse("fine", text.replace("per solution", "per agency")).kept_per == "agency"


def test_the_server_answers_an_actor_from_its_kept_answers(served: TestClient, opened) -> None:  # type: ignore[no-untyped-def]
    state = served.app.state.tbgraph  # type: ignore[attr-defined]
    kept = state.memo.kept
    assert kept is not None and not kept.missing(), "the answers per actor are kept before serving too"
    busiest = max(
        candidates(opened.store, "agency"),
        key=lambda c: len(run_named(opened.store, "assignments-involving", {"agency": c.key}).rows),
    )
    for name in ("collaborators", "assignments-involving"):
        computed = run_named(opened.store, name, {"agency": busiest.key}).records()
        assert len(computed) > 8, name
        for spelled in (busiest.key, busiest.name):  # by key or by name: the same kept answer
            page = served.get(f"/api/ask/{name}", params={"agency": spelled, "limit": 5, "offset": 3})
            assert page.status_code == 200 and page.json()["rows"] == computed[3:8], (name, spelled)
            assert page.headers["X-Total-Count"] == str(len(computed))
    # with the role as well it is computed as before; a misspelt actor is refused by name
    lead = served.get("/api/ask/assignments-involving", params={"agency": busiest.key, "role": "collaborating"})
    assert (
        lead.json()["rows"]
        == run_named(opened.store, "assignments-involving", {"agency": busiest.key, "role": "collaborating"}).records()
    )
    wrong = served.get("/api/ask/collaborators", params={"agency": busiest.key + "x"})
    assert wrong.status_code == 422 and "agency" in wrong.text


# -- old data versions' folders ------------------------------------------------------------------

HOLD = """
import sys
from pathlib import Path
from tbgraph.questions.kept import KeptAnswers
kept = KeptAnswers(sys.argv[1], Path(sys.argv[2]))
assert kept.get("agencies") is not None
print("holding", flush=True)
sys.stdin.readline()  # until told
assert kept.get("agencies").records(0, 3), "its answer is still there to read"
print("read", flush=True)
"""


def _version_folders(base: Path) -> set[str]:
    return {p.name for p in base.iterdir()}


def _used(folder: Path, when: int) -> None:
    """Mark ``folder`` as last used at second ``when`` of 1970 (long ago, in the order given)."""
    (folder / IN_USE).touch()
    os.utime(folder / IN_USE, (when, when))


def test_old_versions_are_removed_but_never_one_another_process_uses(tmp_path: Path) -> None:
    store = open_dataset().store
    table = run_named(store, "agencies")
    base = tmp_path / "answers"
    # Five older data versions, used one after another (the in-use file's time says when).
    for version in ["v1", "v2", "v3", "v4", "v5"]:
        write_answer(base / version / answer_file_name("agencies"), table)
        _used(base / version, int(version[1:]))
    # Beside them, folders that are not kept answers (a folder given by hand may sit anywhere): never touched.
    (base / "letters").mkdir()
    (base / "letters" / "a.ttl").write_text("", encoding="utf-8")
    (base / "empty").mkdir()
    others = {"letters", "empty"}
    # Another process reads the oldest version's answer, and holds it.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, "v1", str(base / "v1")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "holding"
        _used(base / "v1", 1)  # its claim marked it used now: the oldest again, so only the lock keeps it
        current = KeptAnswers("v6", base / "v6")
        assert current.keep("agencies", table) is not None  # the first answer kept for v6 removes the old ones
        # v5 and v4 are the versions used last; v3 and v2 go; v1, the oldest, is in use by the other process
        assert _version_folders(base) == {"v6", "v5", "v4", "v1"} | others
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "read"
        assert holder.wait(30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    # Released now: the next version's first kept answer removes it (v6 is used now, so it stays).
    newer = KeptAnswers("v7", base / "v7")
    assert newer.keep("agencies", table) is not None
    assert _version_folders(base) == {"v7", "v6", "v5"} | others, "v6 (used now) and v5 are the versions used last"
    assert KEEP_VERSIONS == 3
    current.release()
    newer.release()


def test_a_claim_on_a_folder_removed_meanwhile_makes_it_anew(tmp_path: Path) -> None:
    # A process that opened the in-use file just before another process renamed the folder away must
    # not hold a lock on the removed folder: it finds the file gone from its place and claims anew.
    table = run_named(open_dataset().store, "agencies")
    base = tmp_path / "answers"
    first = KeptAnswers("old", base / "old")
    first.keep("agencies", table)
    first.release()
    late = KeptAnswers("old", base / "old")
    real_open = os.open
    renamed = []

    def open_then_lose_the_folder(path, flags, mode=0o777):  # type: ignore[no-untyped-def]
        handle = real_open(path, flags, mode)
        if str(path).endswith(IN_USE) and not renamed:
            renamed.append(True)
            os.rename(base / "old", base / "elsewhere")
        return handle

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kept_module.os, "open", open_then_lose_the_folder)
        assert late.claim()
    assert renamed and (base / "old" / IN_USE).is_file(), "claimed in the folder at its name"
    assert late.get("agencies") is None, "the renamed folder's answer is not read"
    # its lock is on the folder at its name: a removal now leaves it alone
    assert not kept_module._remove(base / "old")
    late.release()
    assert kept_module._remove(base / "old") and not (base / "old").exists()


def test_answers_in_a_home_this_process_may_only_read_are_read(tmp_path: Path) -> None:
    table = run_named(open_dataset().store, "agencies")
    writer = KeptAnswers("v", tmp_path / "v")
    writer.keep("agencies", table)
    writer.release()
    real_open = os.open

    def read_only(path, flags, mode=0o777):  # type: ignore[no-untyped-def]
        if flags & (os.O_CREAT | os.O_RDWR | os.O_WRONLY):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, mode)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kept_module.os, "open", read_only)
        reader = KeptAnswers("v", tmp_path / "v")
        found = reader.get("agencies")
        assert found is not None and found.records() == table.records()
    assert not kept_module._remove(tmp_path / "v"), "held by the reader's shared lock on a read-only file"
    reader.release()
    assert kept_module._remove(tmp_path / "v")


@pytest.mark.skipif(NOBODY_PYTHON is None, reason="needs root to switch to the user nobody")
def test_an_ordinary_user_reads_answers_kept_in_a_home_it_may_not_write() -> None:
    """Root kept the answers (a shared home, as a service account writes it); ``nobody`` may read
    but not write there, with real file modes (not a patched ``open``): it reads them, and leaves
    the folder as it was."""
    assert NOBODY_PYTHON is not None
    python, env = NOBODY_PYTHON
    table = run_named(open_dataset().store, "agencies")
    home = Path(tempfile.mkdtemp(prefix="tbgraph-kept-"))  # pytest's tmp_path is root's alone (0700)
    folder = home / "v"
    writer = KeptAnswers("v", folder)
    writer.keep("agencies", table)
    writer.release()
    home.chmod(0o755)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())
    script = (
        "import json, sys; from pathlib import Path; from tbgraph.questions.kept import KeptAnswers; "
        "found = KeptAnswers('v', Path(sys.argv[1])).get('agencies'); "
        "print(json.dumps(None if found is None else found.records(), default=str))"
    )
    done = subprocess.run(
        [*AS_NOBODY, python, "-c", script, str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "HOME": str(home)},
        timeout=120,
    )
    try:
        assert done.returncode == 0, done.stderr
        # what root kept: Direktoratet for e-helse, the shipped letter's recipient (data/source, line 8)
        assert json.loads(done.stdout) == json.loads(json.dumps(table.records(), default=str))
        assert any(row["agency"] == "Direktoratet for e-helse" for row in json.loads(done.stdout))
        assert sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) == before
    finally:
        shutil.rmtree(home)


@pytest.mark.skipif(NOBODY_PYTHON is None, reason="needs root to switch to the user nobody")
def test_an_ordinary_user_reads_answers_kept_per_actor_in_a_home_it_may_not_write() -> None:
    """The answers kept per actor (their files and their index) root wrote are read by ``nobody``, who may not write
    there: Norsk helsenett's assignments (TB2023-10 "collaborating", data/source lines 561-569) and an actor without
    rows answered empty, the folder left as it was."""
    assert NOBODY_PYTHON is not None
    python, env = NOBODY_PYTHON
    store = open_dataset().store
    home = Path(tempfile.mkdtemp(prefix="tbgraph-kept-"))
    folder = home / "v"
    writer = KeptAnswers("v", folder)
    assert writer.compute(store, ["assignments-involving"]) == ["assignments-involving"]
    writer.release()
    home.chmod(0o755)
    nhn = next(c for c in candidates(store, "agency") if c.key == "nhn")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())
    script = (
        "import json, sys; from pathlib import Path; from rdflib import URIRef; "
        "from tbgraph.questions.kept import KeptAnswers; kept = KeptAnswers('v', Path(sys.argv[1])); "
        "found = kept.get_for('assignments-involving', URIRef(sys.argv[2])); "
        "none = kept.get_for('assignments-involving', URIRef('https://w3id.org/tbgraph/id/org/no-such-actor')); "
        "print(json.dumps([found.records(), len(none)]))"
    )
    done = subprocess.run(
        [*AS_NOBODY, python, "-c", script, str(folder), str(nhn.iri)],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "HOME": str(home)},
        timeout=120,
    )
    try:
        assert done.returncode == 0, done.stderr
        rows, empty = json.loads(done.stdout)
        assert rows == run_named(store, "assignments-involving", {"agency": "nhn"}).records()
        assert ("TB2023-10", "collaborating") in {(r["id"], r["role"]) for r in rows} and empty == 0
        assert sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) == before
    finally:
        shutil.rmtree(home)
