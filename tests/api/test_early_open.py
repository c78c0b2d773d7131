"""`tbgraph serve --store` opens the store and launches the query workers before importing the web
stack (tbgraph.api.early_open); the lifespan takes what was opened only if it is what it would
have opened itself, and a file that does not load is refused the same way as without it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tbgraph.api import early_open
from tbgraph.api.settings import Settings
from tbgraph.api.state import StartupRefused, load_state
from tbgraph.api.worker import spec_for
from tbgraph.api.worker_start import WorkerStart
from tbgraph.loader import default_sources
from tbgraph.resources import resource_root

LETTER = Path("data") / "letters" / "2023-hod-ehelse.ttl"
# Section 2 of the letter gives 26 assignments, TB2023-01 … TB2023-26.
COUNT_ASSIGNMENTS = (
    "PREFIX tb: <https://w3id.org/tbgraph/ontology#> SELECT (COUNT(?a) AS ?n) WHERE { ?a a tb:Assignment }"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    root = tmp_path / "root"
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(resource_root() / name, root / name)
    return Settings(data_root=root, store=tmp_path / "store", query_workers=1, validate_on_start=False)


@pytest.fixture(autouse=True)
def nothing_pending() -> Iterator[None]:
    """Each test starts, and leaves, with nothing opened early."""
    early_open._pending = None
    early_open.take_workers(spec_for(Settings()))
    yield
    early_open._pending = None
    early_open.take_workers(spec_for(Settings()))


def test_the_store_opened_early_is_the_one_served(settings: Settings) -> None:
    assert early_open.start(settings)
    opening = early_open._pending
    state = load_state(settings)  # takes it
    assert opening is not None and opening.dataset is not None
    assert state.store is opening.dataset.store and early_open._pending is None
    rows = state.store.query(COUNT_ASSIGNMENTS).rows  # type: ignore[union-attr]
    assert str(rows[0]["n"]) == "26"


def test_a_store_opened_early_for_other_files_is_closed_and_opened_again(settings: Settings) -> None:
    assert early_open.start(settings)
    fewer = default_sources(root=settings.data_root)[:-1]
    assert early_open.take(settings.store, fewer) is None  # not what was asked for
    # Its lock is free again: the lifespan can open the same folder.
    state = load_state(settings)
    assert state.graphs


def test_a_file_that_does_not_load_is_refused_naming_file_and_line(settings: Settings) -> None:
    assert settings.data_root is not None
    path = settings.data_root / LETTER
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[399] += " <unterminated"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert early_open.start(settings)
    assert early_open._workers is not None
    launched = early_open._workers[1]
    with pytest.raises(StartupRefused) as refused:
        load_state(settings)
    assert "2023-hod-ehelse.ttl" in str(refused.value) and "400" in str(refused.value)
    # The workers launched for that store were never told to open it, and are gone.
    assert all(process.wait(timeout=10) is not None for process, _ in launched)


def test_workers_launched_early_are_taken_only_with_the_same_spec(settings: Settings) -> None:
    assert early_open.start(settings)
    other = spec_for(settings, store_path="/somewhere/else")
    launched = early_open._workers
    assert launched is not None and len(launched[1]) == 1
    assert early_open.take_workers(other) == []
    process = launched[1][0][0]
    assert process.poll() is not None  # killed, not left running
    early_open.take(settings.store, default_sources(root=settings.data_root))


def test_the_lifespan_serves_with_the_workers_launched_early(settings: Settings) -> None:
    load_state(settings)  # a first start loads the store; the one below reuses it
    assert early_open.start(settings)
    assert early_open._workers is not None
    pid = early_open._workers[1][0][0].pid

    async def scenario() -> tuple[list[int], str]:
        from tbgraph.api.worker import Job

        start = WorkerStart(settings, asyncio.get_running_loop())
        start.persistent()
        state = await asyncio.to_thread(load_state, settings, start.loaded)
        executor = await start.claim(state)
        try:
            reply = await executor.run(Job(COUNT_ASSIGNMENTS, "text/csv"))
            return [h.process.pid for h in executor._all], reply.body.decode().splitlines()[1]
        finally:
            await executor.close()

    pids, count = asyncio.run(scenario())
    assert pids == [pid] and count == "26"


def test_a_worker_names_a_store_it_cannot_open_instead_of_dying(tmp_path: Path) -> None:
    """A read-only open that meets a file the store lists but no longer has (what a read-write
    open compacting beside it can cause) is retried, then reported with the store's path."""
    import pyoxigraph as ox

    from tbgraph.api.executor import QueryExecutor

    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"), ox.NamedNode("urn:g")))
    store.flush()
    store.optimize()
    del store
    next(folder.glob("*.sst")).unlink()
    executor = QueryExecutor(spec_for(Settings(), store_path=str(folder)), size=1, timeout=5)

    async def scenario() -> str:
        try:
            await executor.start()
        except RuntimeError as error:
            return str(error)
        finally:
            await executor.close()
        return "started"

    message = asyncio.run(scenario())
    assert "could not open the dataset" in message and str(folder) in message and "No such file" in message
