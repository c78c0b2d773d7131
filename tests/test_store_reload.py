"""A persistent store that holds another data version: loaded beside, swapped in whole, or left as it was."""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from as_nobody import AS_NOBODY, NOBODY, NOBODY_PYTHON
from tbgraph.dataset.loader import META_GRAPH, DataFileError, SourceFile, default_sources, letter_graph, load_dataset
from tbgraph.dataset.opening import open_dataset
from tbgraph.questions.named import run_named
from tbgraph.store.engines import open_store
from tbgraph.store.folders import guard

LETTER = letter_graph("ehelse", 2023)


def _names(folder: Path) -> list[str]:
    """The folders and files in ``folder``, but the swap's lock file (kept beside the store for good)."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".store.swap-lock")


def _old() -> list[SourceFile]:
    """The shipped files: ontology, shapes, reference data and the letter TB2023 to Direktoratet for e-helse."""
    return default_sources(include_loaded=False)


def _new(folder: Path) -> list[SourceFile]:
    """Another data version: the letter gone, one small file of another graph come."""
    extra = folder / "extra.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/p> 1, 2 .\n", encoding="utf-8")
    return [s for s in _old() if s.graph != LETTER] + [SourceFile(extra, "https://example.org/graph/extra")]


def _per_graph(store: object) -> collections.Counter[str]:
    """Triples per named graph, the meta graph left out (it holds the load's time)."""
    return collections.Counter(
        str(q.graph_name)
        for q in store.native  # type: ignore[attr-defined]
        if str(q.graph_name) != f"<{META_GRAPH}>"
    )


def _agencies(store: object) -> set[str]:
    return {str(row["agency"]) for row in run_named(store, "agencies").records()}  # type: ignore[arg-type]


def test_a_reload_with_other_files_holds_exactly_the_new_data(tmp_path: Path) -> None:
    """Nothing of the old data version stays: the graphs and their triple counts are those of the new
    files loaded into an empty store, and no folder is left beside the store."""
    stores = tmp_path / "stores"
    stores.mkdir()
    first = open_dataset(store_path=stores / "store", sources=_old())
    assert LETTER in first.store.graphs()
    del first
    new = _new(tmp_path)
    second = open_dataset(store_path=stores / "store", sources=new)
    assert not second.reused
    memory = open_store()
    expected = load_dataset(memory, new)
    assert second.store.graphs() == memory.graphs() and LETTER not in second.store.graphs()
    assert _per_graph(second.store) == _per_graph(memory)
    assert second.report.triples == len(second.store) == expected.triples
    assert _names(stores) == ["store"]
    del second
    third = open_dataset(store_path=stores / "store", sources=new)
    assert third.reused and third.report.triples == expected.triples


def test_a_reload_with_a_broken_file_leaves_the_old_store_answering(tmp_path: Path) -> None:
    """The broken file is named with its line, the error says the store was kept, the store answers
    as before and the folder the new data was loading into is gone."""
    stores = tmp_path / "stores"
    stores.mkdir()
    first = open_dataset(store_path=stores / "store", sources=_old())
    triples, graphs = first.report.triples, first.store.graphs()
    # TB2023 to Direktoratet for e-helse (data/source/2023-hod-ehelse.txt, line 8)
    assert "Direktoratet for e-helse" in _agencies(first.store)
    del first
    broken = tmp_path / "broken.ttl"
    broken.write_text('<https://a> <https://b> <https://c> .\n<https://a> <https://b> "unterminated .\n')
    with pytest.raises(DataFileError) as caught:
        open_dataset(store_path=stores / "store", sources=[*_new(tmp_path), SourceFile(broken, "https://g/broken")])
    message = str(caught.value)
    assert message.startswith(f"{broken}: ") and "line 2" in message
    assert f"the store {stores / 'store'} was left as it was" in message
    assert _names(stores) == ["store"]
    again = open_dataset(store_path=stores / "store", sources=_old())  # its lock was let go
    assert again.reused and again.report.triples == triples == len(again.store)
    assert again.store.graphs() == graphs
    assert "Direktoratet for e-helse" in _agencies(again.store)


def _gone_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def test_a_reload_stopped_between_its_renames_is_put_back(tmp_path: Path) -> None:
    """A process killed after renaming the store aside and before putting the new one in its place
    leaves the store missing: the next open puts the old one back, and removes the stopped loads."""
    stores = tmp_path / "stores"
    stores.mkdir()
    first = open_dataset(store_path=stores / "store", sources=_old())
    triples = first.report.triples
    del first
    pid = _gone_pid()
    os.rename(stores / "store", stores / f"store.old-{pid}")
    (stores / f"store.loading-{pid}").mkdir()
    again = open_dataset(store_path=stores / "store", sources=_old())
    assert again.reused and again.report.triples == triples
    assert _names(stores) == ["store"]


def test_the_new_folder_has_the_old_ones_mode(tmp_path: Path) -> None:
    """A store folder kept from other users (0750) is not opened to them by a reload."""
    (tmp_path / "store").mkdir()
    (tmp_path / "store").chmod(0o750)
    first = open_dataset(store_path=tmp_path / "store", sources=_old())
    del first
    open_dataset(store_path=tmp_path / "store", sources=_new(tmp_path))
    assert (tmp_path / "store").stat().st_mode & 0o7777 == 0o750


_OPEN_AS_NOBODY = """
import sys
from pathlib import Path
from tbgraph.dataset.loader import SourceFile, default_sources, letter_graph
from tbgraph.dataset.opening import StoreFolderError, open_dataset

store, which, extra = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
sources = default_sources(include_loaded=False)
if which == "new":
    sources = [s for s in sources if s.graph != letter_graph("ehelse", 2023)]
    sources.append(SourceFile(extra, "https://example.org/graph/extra"))
try:
    opened = open_dataset(store_path=store, sources=sources)
except StoreFolderError as error:
    print("refused", error)
else:
    print(opened.reused, opened.report.triples)
"""


def _open_as_nobody(home: Path, store: Path, which: str) -> str:
    """``_OPEN_AS_NOBODY`` run as ``nobody`` on ``store`` with the ``which`` files: its one line of output."""
    assert NOBODY_PYTHON is not None
    python, env = NOBODY_PYTHON
    done = subprocess.run(
        [*AS_NOBODY, python, "-c", _OPEN_AS_NOBODY, str(store), which, str(home / "extra.ttl")],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "HOME": str(home), "TBGRAPH_HOME": str(home / "tbgraph")},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(NOBODY_PYTHON is None, reason="needs root to switch to the user nobody")
def test_a_store_reloaded_by_root_still_opens_for_the_user_that_serves_it() -> None:
    """``nobody`` loaded the store (the server's account); root reloads it with other files; the new
    folder is ``nobody``'s as the old one was, so ``nobody`` opens it, and reloads it in turn. Where
    ``nobody`` may not write beside the store, its reload is refused saying why, the store kept."""
    home = Path(tempfile.mkdtemp(prefix="tbgraph-reload-"))  # pytest's tmp_path is root's alone (0700)
    try:
        home.chmod(0o755)
        stores = home / "stores"
        stores.mkdir()
        os.chown(stores, NOBODY, NOBODY)
        new = _new(home)

        def as_nobody(which: str) -> str:
            return _open_as_nobody(home, stores / "store", which)

        assert as_nobody("old").startswith("False ")
        reloaded = open_dataset(store_path=stores / "store", sources=new)  # as root
        triples = reloaded.report.triples
        del reloaded
        # The folder and the data it was loaded with are nobody's; root's reopen after the swap wrote a
        # log, a manifest and a write-ahead log of root's, as any open by root does.
        held = [stores / "store", *(stores / "store").glob("*.sst"), stores / "store" / "LOCK"]
        assert {(p.stat().st_uid, p.stat().st_gid) for p in held} == {(NOBODY, NOBODY)}
        assert as_nobody("new") == f"True {triples}"
        assert as_nobody("old").startswith("False ")  # nobody swaps in turn, in a folder it may write
        assert _names(stores) == ["store"]
        old_triples = int(as_nobody("old").split()[1])
        os.chown(stores, 0, 0)  # the store stays nobody's, the folder it is in no longer
        refused = as_nobody("new")
        assert refused.startswith(f"refused cannot make the folder {stores / 'store'}.loading-")
        assert refused.endswith(f"the store {stores / 'store'} was left as it was, with the data it held before")
        assert as_nobody("old") == f"True {old_triples}"
        assert _names(stores) == ["store"]
    finally:
        shutil.rmtree(home)


_OPEN_AND_SAY_WHEN = """
import sys, time
from pathlib import Path
from tbgraph.dataset.loader import default_sources
from tbgraph.dataset.opening import open_dataset

print("opening", time.time(), flush=True)
opened = open_dataset(store_path=Path(sys.argv[1]), sources=default_sources(include_loaded=False))
print("opened", time.time(), opened.reused, flush=True)
"""


def test_an_open_waits_for_a_swap_under_way(tmp_path: Path) -> None:
    """Between closing the old store and the renames RocksDB's lock is free; another process opening the
    store then waits for the swap's lock file instead of opening the folder about to be renamed away."""
    stores = tmp_path / "stores"
    stores.mkdir()
    del open_dataset(store_path=stores / "store", sources=_old()).store
    with guard(stores / "store", exclusive=True):  # as _load_beside holds it from the close to the renames
        opener = subprocess.Popen(
            [sys.executable, "-c", _OPEN_AND_SAY_WHEN, str(stores / "store")], stdout=subprocess.PIPE, text=True
        )
        assert opener.stdout is not None
        word, asked = opener.stdout.readline().split()
        assert word == "opening"
        time.sleep(1.0)
        released = time.time()
    out, _ = opener.communicate(timeout=120)
    word, opened, reused = out.split()
    assert opener.returncode == 0 and word == "opened" and reused == "True"
    assert float(asked) < released <= float(opened)
    assert (stores / ".store.swap-lock").is_file()


@pytest.mark.skipif(NOBODY_PYTHON is None, reason="needs root to switch to the user nobody")
def test_a_user_who_cannot_make_the_lock_file_still_opens_the_store() -> None:
    """``nobody`` serves a store in a folder it may not write (root's, 0755): it cannot make the swap's
    lock file, and opens the store without it (it could not reload the store either); once root has made
    the file, ``nobody`` takes it read-only."""
    home = Path(tempfile.mkdtemp(prefix="tbgraph-lock-"))
    try:
        home.chmod(0o755)
        stores = home / "stores"
        stores.mkdir()
        first = open_dataset(store_path=stores / "store", sources=_old())  # as root
        triples = first.report.triples
        del first
        lock = stores / ".store.swap-lock"
        lock.unlink()
        for entry in [stores / "store", *(stores / "store").iterdir()]:
            os.chown(entry, NOBODY, NOBODY)

        def as_nobody() -> str:
            return _open_as_nobody(home, stores / "store", "old")

        assert as_nobody() == f"True {triples}"
        assert not lock.exists()
        lock.touch(0o644)  # root's, as a reload by root leaves it
        assert as_nobody() == f"True {triples}"
        assert lock.stat().st_uid == 0
    finally:
        shutil.rmtree(home)
